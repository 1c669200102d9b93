r"""
Choosing the learning rate
==========================

Which step sizes work, and how fast each one converges, can be computed from
the data before a single step is taken: the cost is an exact quadratic, so
two numbers, the curvatures of its valley, decide everything. This page
makes that argument once, in full (the other pages link here), then
predicts, runs and measures: four runs race on one map, and a stability map
compares the predicted time to converge with measured runs.
"""

# %%
# .. _step-factor:
#
# Why every step multiplies the error by :math:`1 - \alpha\lambda`
# -----------------------------------------------------------------
# The argument has four steps.
#
# 1. **The gradient points away from the minimum, in proportion.** The
#    cost is a quadratic in :math:`\theta = (w, b)`, so it equals its own
#    second-order Taylor expansion around the minimum :math:`\theta^*`,
#    where the gradient is zero:
#    :math:`J(\theta) = J^* + \tfrac12 (\theta - \theta^*)^\top H
#    (\theta - \theta^*)`, with :math:`H` the constant matrix of second
#    derivatives, :math:`H = \tfrac{2}{n}\begin{bmatrix}\sum x_i^2 &
#    \sum x_i\\ \sum x_i & n\end{bmatrix}`. Its gradient is therefore
#    :math:`\nabla J(\theta) = H(\theta - \theta^*)`.
# 2. **One step is a matrix times the error.** With the error
#    :math:`e_k = \theta_k - \theta^*`, the update
#    :math:`\theta_{k+1} = \theta_k - \alpha\nabla J(\theta_k)` becomes
#    :math:`e_{k+1} = e_k - \alpha H e_k = (I - \alpha H)\, e_k`, where
#    :math:`I` is the identity matrix (ones on the diagonal, zeros
#    elsewhere: :math:`I e = e`).
# 3. **Along the valley's two axes the matrix is just a number.** The
#    `curvature page <plot_01_curvature.html>`__ draws the two axes
#    :math:`q_1, q_2` of the valley: the directions in which :math:`H`
#    only stretches, :math:`H q_i = \lambda_i q_i`. The stretch
#    :math:`\lambda_i` (an eigenvalue of :math:`H`) is the curvature along
#    that axis. Write the error as a part along each axis,
#    :math:`e_k = c_1 q_1 + c_2 q_2`; then
#    :math:`(I - \alpha H) e_k = (1 - \alpha\lambda_1) c_1 q_1
#    + (1 - \alpha\lambda_2) c_2 q_2`.
# 4. **So each part shrinks by its own factor, every epoch:**
#    :math:`c_i(k) = (1 - \alpha\lambda_i)^k\, c_i(0)`.
#
# The code checks steps 1 and 4 on the article's data: the gradient at the
# start is :math:`H(\theta_0 - \theta^*)`, and one step of gradient descent
# multiplies each part by its factor.

import numpy as np

from gdexplain import article_data, gradient, hessian, least_squares

x, y = article_data()
H = hessian(x)
theta_star = np.array(least_squares(x, y))
theta_0 = np.array([3.0, -1.0])
print("gradient at the start:", np.round(gradient(x, y, *theta_0), 6))
print("H (theta_0 - theta*): ", np.round(H @ (theta_0 - theta_star), 6))

alpha = 0.001
theta_1 = theta_0 - alpha * np.array(gradient(x, y, *theta_0))
curvatures, axes = np.linalg.eigh(H)  # smallest first, axes in columns
parts_0 = axes.T @ (theta_0 - theta_star)
parts_1 = axes.T @ (theta_1 - theta_star)
for i in range(2):
    print(f"lambda = {curvatures[i]:8.4f}: predicted factor ", end="")
    print(
        f"{1 - alpha * curvatures[i]:.6f}, measured {parts_1[i] / parts_0[i]:.6f}"
    )

# %%
# What the factors mean for the step size
# ---------------------------------------
# Call the two curvatures :math:`\lambda_{\min}` (along the floor of the
# valley) and :math:`\lambda_{\max}` (across it). Then
#
# - for :math:`\alpha < 1/\lambda_{\max}` both factors are between 0 and 1:
#   the run slides down each axis without overshooting;
# - for :math:`1/\lambda_{\max} < \alpha < 2/\lambda_{\max}` the steep
#   axis's factor is negative: that part changes sign every epoch, and the
#   run zigzags across the valley, but the zigzag shrinks;
# - above :math:`\alpha_{\max} = 2/\lambda_{\max}` the steep factor is below
#   :math:`-1`: the zigzag grows and the run diverges.
#
# In the long run the slower part sets the pace: the distance to the minimum
# shrinks by the *rate* :math:`\max_i |1 - \alpha\lambda_i|` per epoch. A
# larger step speeds up the slow axis but, past :math:`1/\lambda_{\max}`,
# slows the steep one's zigzag. The fastest fixed step balances the two,
# :math:`1 - \alpha\lambda_{\min} = -(1 - \alpha\lambda_{\max})`:
#
# .. math::
#
#    \alpha^* = \frac{2}{\lambda_{\min} + \lambda_{\max}}, \qquad
#    \text{rate} = \frac{\kappa - 1}{\kappa + 1}, \quad
#    \kappa = \frac{\lambda_{\max}}{\lambda_{\min}},
#
# where :math:`\kappa`, the *condition number*, says how stretched the
# valley is. The package computes each of these:

from gdexplain import (
    condition_number,
    convergence_rate,
    optimal_learning_rate,
    stability_limit,
)

smallest, largest = curvatures
best = optimal_learning_rate(x)
limit = stability_limit(x)
kappa = condition_number(x)
print(f"curvatures: {smallest:.5f} and {largest:.4f}")
print(f"condition number κ = {kappa:.2f}")
print(f"zigzag from α = 1/λmax = {1 / largest:.6f}")
print(f"fastest α* = {best:.7f}, rate {convergence_rate(x, best):.6f}")
print(f"(κ - 1)/(κ + 1) = {(kappa - 1) / (kappa + 1):.6f}")
print(f"stability limit α_max = {limit:.6f}")

# %%
# Four runs race
# --------------
# A step 2% above the limit, :math:`\alpha^*`, half of :math:`\alpha^*` and
# the article's :math:`\alpha = 0.001`, all from the article's start
# :math:`(w, b) = (3, -1)`. The first run is allowed to diverge: it is
# recorded until its cost passes a million times its start, and its history
# says at which epoch that happened.

from gdexplain import animate_contour, frame_schedule, gradient_descent, show

rates = {
    f"1.02 αₘₐₓ = {1.02 * limit:.4f}": 1.02 * limit,
    f"α* = {best:.4f}": best,
    f"½α* = {best / 2:.4f}": best / 2,
    "article, α = 0.001": 0.001,
}
runs = [
    gradient_descent(
        x, y, learning_rate=rate, n_epochs=600, allow_divergence=True
    )
    for rate in rates.values()
]
print(f"the first run diverged at epoch {runs[0].diverged}")
epochs_shown = frame_schedule(
    600, breakpoints=(40,), steps=(1, 20), endpoint=True
)
race = animate_contour(*runs, epochs=epochs_shown)
show(race, "learning_rates.mp4")

# %%
# The run above the limit bounces from wall to wall, further each time, and
# leaves the map. At :math:`\alpha^*` the run zigzags too, but each bounce is
# a little shorter, and it reaches the minimum first: its zigzag across the
# valley and its slide along it shrink at the same rate. Half of
# :math:`\alpha^*` is just below :math:`1/\lambda_{\max}`: it drops to the
# floor without zigzagging, then slides half as fast. The article's run has
# only just reached the floor.
#
# Predicted and measured rates
# ----------------------------
# ``convergence_rate`` predicts the factor by which the
# distance to the minimum shrinks (or grows) per epoch, in the long run:
# :math:`\max_i |1 - \alpha\lambda_i|`. Each run measures it over its last
# 100 recorded epochs.

for (name, rate), run in zip(rates.items(), runs, strict=True):
    distance = run.distance_to_minimum()
    measured = (distance[-1] / distance[-101]) ** (1 / 100)
    predicted = convergence_rate(x, rate)
    print(f"{name}:\n    predicted {predicted:.7f}, measured {measured:.7f}")

# %%
# The stability map
# -----------------
# How many epochs does a run need to come within :math:`10^{-6}` of the
# minimum? ``epochs_to_tolerance`` predicts it from the
# closed form, for every step size below the limit (the curve). The dots
# are runs, each stopped a few epochs after the prediction and measured: the
# first epoch where :math:`\lVert\theta - \theta^*\rVert < 10^{-6}`.
# Two dots sit just below the limit. (Below :math:`\alpha = 0.003` a run
# needs more than ten thousand epochs, so the dots start there.)

import matplotlib.pyplot as plt

from gdexplain import epochs_to_tolerance
from gdexplain.plots import stability_map

tried = np.append(
    np.geomspace(0.003, 0.97 * limit, 10), [0.995 * limit, 0.998 * limit]
)
measured = []
for rate in tried:
    expected = epochs_to_tolerance(x, y, learning_rate=rate)
    run = gradient_descent(x, y, learning_rate=rate, n_epochs=expected + 10)
    measured.append(int(np.argmax(run.distance_to_minimum() < 1e-6)))
    print(
        f"α = {rate:.5f}: predicted {expected:6,} epochs, measured {measured[-1]:6,}"
    )

fig, ax = plt.subplots(figsize=(5.9, 4.5), layout="constrained")
stability_map(ax, x, y, tried, measured)
ax.axvline(best, color="black", ls=":", label=f"α* = {best:.4f}")
ax.legend(loc="lower left")
plt.show()

# %%
# The curve falls as :math:`1/\alpha` while the slow axis sets the pace,
# reaches its lowest near :math:`\alpha^*`, where the zigzag across the
# valley starts to take longer than the crawl along it, and climbs steeply
# at the limit, where the zigzag no longer shrinks.
#
# Exercises
# ---------
# Predict first, then change one line and run. The start :math:`(3, -1)` is
# :math:`\sqrt{5^2 + 3^2} = 5.83` from the minimum :math:`(-2, 2)`; a run
# whose distance shrinks by the rate :math:`\rho` every epoch
# needs about :math:`\ln(10^{-6}/5.83)/\ln\rho` epochs to come within
# :math:`10^{-6}`.
#
# 1. At :math:`\alpha = 0.04`, how many epochs until
#    :math:`\lVert\theta - \theta^*\rVert < 10^{-6}`? Predict the rate
#    :math:`\max_i|1 - \alpha\lambda_i|` from the two curvatures, then the
#    epochs; then add the entry ``"α = 0.04": 0.04`` to the ``rates``
#    dictionary of the race and run it (or call ``epochs_to_tolerance``).
#
#    .. dropdown:: Answer
#
#       The rate is :math:`1 - 0.04 \times 0.39515 = 0.98419` (the steep
#       axis's factor, :math:`1 - 0.04 \times 45.27 = -0.811`, is smaller
#       in size), so about 978 epochs. The run takes 953: the slow part of
#       the error starts a little smaller than the whole distance.
#
# 2. Which reaches :math:`10^{-6}` sooner, :math:`\alpha = 0.03` or the
#    larger :math:`\alpha = 0.044` (still below the limit)?
#
#    .. dropdown:: Answer
#
#       The smaller step. At 0.03 the rate is 0.98815, set by the slow axis;
#       at 0.044 it is 0.99195, set by the steep axis's zigzag,
#       :math:`|1 - 0.044 \times 45.27|`. They take 1,273 and 1,891 epochs.
#       A bigger step is not always faster.
#
# 3. The article's :math:`\alpha = 0.001`: predict its epochs to
#    :math:`10^{-6}` from its rate 0.9996049.
#
#    .. dropdown:: Answer
#
#       :math:`\ln(10^{-6}/5.83)/\ln 0.9996049 \approx 39{,}417` epochs; the
#       run takes 38,395, more than three times the article's 12,000.
#
# Also try it live: drag the learning rate across the limit in the
# `explorer at α* <../explore/plot_01_explore.html#learning_rate=0.0438&w=3&b=-1&n_epochs=600>`__,
# or `just above the limit
# <../explore/plot_01_explore.html#learning_rate=0.0451&w=3&b=-1&n_epochs=300>`__.
