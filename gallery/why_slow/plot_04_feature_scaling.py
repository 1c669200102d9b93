r"""
Feature scaling
===============

The article's valley is long and narrow because its :math:`x` are far from
zero: a change of slope then also shifts the line up or down, so :math:`w`
and :math:`b` are tangled. Centring :math:`x` untangles them: the valley's
axes turn to lie along :math:`w` and :math:`b`, though it is still an
ellipse. Standardising also evens out the two curvatures and makes it a
round bowl. Gradient descent that crawled for tens of thousands of epochs
then arrives in a few dozen, or in one.
"""

# %%
# Three versions of the same data
# -------------------------------
# Fit :math:`\hat y = w\,u + b` with :math:`u` one of
#
# - the raw inputs :math:`x`,
# - centred inputs :math:`u = x - \bar x`,
# - standardised inputs :math:`u = (x - \bar x)/\sigma_x`,
#
# where :math:`\bar x` is the mean of the :math:`x_i` and :math:`\sigma_x`
# their standard deviation, the root of the mean of :math:`(x_i - \bar x)^2`
# (NumPy's ``x.std()``).
#
# The Hessian :math:`H = \tfrac{2}{n}\begin{bmatrix}\sum u^2 & \sum u\\ \sum u
# & n\end{bmatrix}` is diagonal (zero off the diagonal) once
# :math:`\sum u = 0`, and a multiple of the identity, equal curvature in
# every direction, once also :math:`\sum u^2 = n`. Its condition number
# :math:`\kappa = \lambda_{\max}/\lambda_{\min}` (the ratio of the two
# curvatures, see the :ref:`step-size page <step-factor>`) says how
# stretched the valley is: its contour ellipses are :math:`\sqrt{\kappa}`
# times longer than wide.

from gdexplain import article_data, condition_number, hessian

x, y = article_data()
inputs = {
    "raw": x,
    "centred": x - x.mean(),
    "standardised": (x - x.mean()) / x.std(),
}
for name, u in inputs.items():
    H = hessian(u)
    kappa = condition_number(u)
    H = H.round(3) + 0.0  # + 0.0 prints -0.0 as 0.0
    print(f"{name:>12}: κ = {kappa:8.4f}, H = {H.tolist()}")

# %%
# One start, three lines
# ----------------------
# Each version starts gradient descent from the same numbers,
# :math:`(w, b) = (3, -1)`, but they are not the same line: in the
# centred coordinates :math:`\hat y = 3(x - \bar x) - 1`, which is
# :math:`3x - 13.5` in the original units. (The map from one to the other
# is at the end of the page.) So the runs below compare the valleys'
# shapes, from starts about as far from each minimum, not one start line.

x_bar, sigma = x.mean(), x.std()
for name, scale in [("raw", None), ("centred", 1.0), ("standardised", sigma)]:
    if scale is None:
        print(f"{name:>12}: y = 3x - 1")
        continue
    print(f"{name:>12}: y = {3 / scale:.4f}x - {1 + 3 * x_bar / scale:.4f}")

# %%
# The valleys one above the other
# -------------------------------
# Each map shows the cost over its own :math:`(w, b)`, on equal axes, with
# the path of gradient descent at that version's best fixed step
# :math:`\alpha^*` from :math:`(3, -1)`, until it is within
# :math:`10^{-6}` of the minimum. Raw, the valley is a thin diagonal slit
# and the path zigzags across it for hundreds of epochs. Centred, it is an
# ellipse with its axes along :math:`w` and :math:`b`, :math:`\sqrt{4.47}
# \approx 2.1` times longer than wide. Standardised, it is a circle: the
# gradient points straight at the minimum.

import matplotlib.pyplot as plt
import numpy as np

from gdexplain import (
    epochs_to_tolerance,
    gradient_descent,
    least_squares,
    optimal_learning_rate,
)
from gdexplain.animation import style
from gdexplain.plots import cost_contours

fig, axs = plt.subplots(3, 1, figsize=(5.9, 11), layout="constrained")
for ax, (name, u) in zip(axs, inputs.items(), strict=True):
    best = optimal_learning_rate(u)
    n_epochs = epochs_to_tolerance(u, y, learning_rate=best)
    run = gradient_descent(u, y, learning_rate=best, n_epochs=n_epochs)
    w_star, b_star = least_squares(u, y)
    half = 1.25 * max(abs(3 - w_star), abs(-1 - b_star))  # holds the start
    cost_contours(
        ax,
        u,
        y,
        w_limits=(w_star - half, w_star + half),
        b_limits=(b_star - half, b_star + half),
    )
    ax.plot(run.w, run.b, ".-", color=style.PATH, lw=0.8, ms=3)
    title = (
        f"{name}: κ = {condition_number(u):.4g}, epochs to 1e-6: {n_epochs}"
    )
    ax.set(title=title, aspect="equal")
plt.show()

# %%
# Epochs to the minimum, predicted and measured
# ---------------------------------------------
# Each run below is measured: the first epoch at which
# :math:`\lVert\theta - \theta^*\rVert < 10^{-6}`, beside the prediction of
# ``epochs_to_tolerance``. The article's step,
# :math:`\alpha = 0.001`, is forty times below the raw data's best one.
# Centring cuts the rate, the factor by which the distance shrinks per
# epoch, from 0.983 to 0.635 (printed with each run).

settings = [
    ("raw, the article's step", x, 0.001),
    ("raw, its own α*", x, optimal_learning_rate(x)),
    (
        "centred, its own α*",
        inputs["centred"],
        optimal_learning_rate(inputs["centred"]),
    ),
    (
        "standardised, its own α*",
        inputs["standardised"],
        optimal_learning_rate(inputs["standardised"]),
    ),
]
from gdexplain import convergence_rate

for name, u, rate in settings:
    predicted = epochs_to_tolerance(u, y, learning_rate=rate)
    run = gradient_descent(u, y, learning_rate=rate, n_epochs=predicted + 20)
    measured = int(np.argmax(run.distance_to_minimum() < 1e-6))
    print(
        f"{name} (α = {rate:.5g}, rate {convergence_rate(u, rate):.4f}):\n"
        f"    epochs predicted {predicted:,}, measured {measured:,}"
    )

# %%
# The cost falls twice as fast as the distance
# --------------------------------------------
# The rate is the factor by which the *distance* to the minimum shrinks.
# The cost above its minimum is a square of that distance,
# :math:`J - J^* = \tfrac12 e^\top H e`, so it shrinks by
# :math:`\text{rate}^2` per epoch, and on a log axis (as in the explorer)
# its slope is twice the distance's: :math:`2\ln(\text{rate})`. At the raw
# data's :math:`\alpha^*`:

from gdexplain import cost

rate = convergence_rate(x, optimal_learning_rate(x))
run = gradient_descent(
    x, y, learning_rate=optimal_learning_rate(x), n_epochs=700
)
above = run.cost - cost(x, y, *least_squares(x, y))
print(f"distance per epoch: rate   = {rate:.5f}")
print(f"J - J* per epoch:   rate^2 = {rate**2:.5f}, ", end="")
print(f"measured {(above[700] / above[600]) ** (1 / 100):.5f}")

# %%
# Back to the original units
# --------------------------
# A model fitted on scaled inputs predicts for new :math:`x` once its
# parameters are mapped back. With :math:`u = (x - \bar x)/s`,
#
# .. math::
#
#    \hat y = w_u \frac{x - \bar x}{s} + b_u
#    = \underbrace{\frac{w_u}{s}}_{w}\, x
#    + \underbrace{b_u - \frac{w_u \bar x}{s}}_{b},
#
# where :math:`s = 1` for centring and :math:`s = \sigma_x` for
# standardising. Both give back the least-squares line of the raw data.

w_star, b_star = least_squares(x, y)
print(f"least squares on raw x: (w, b) = ({w_star:.6f}, {b_star:.6f})")
for name, scale in [("centred", 1.0), ("standardised", x.std())]:
    u = inputs[name]
    rate = optimal_learning_rate(u)
    n_epochs = epochs_to_tolerance(u, y, learning_rate=rate)
    fit = gradient_descent(u, y, learning_rate=rate, n_epochs=n_epochs).final
    w_back = fit.w / scale
    b_back = fit.b - fit.w * x.mean() / scale
    print(
        f"{name}: fitted (w, b) = ({fit.w:.6f}, {fit.b:.6f})\n"
        f"    in the original units ({w_back:.6f}, {b_back:.6f})"
    )

# %%
# Newton's step: the perfect rescaling
# ------------------------------------
# Scaling :math:`x` stretches the map so that the valley's axes get equal
# curvature. Newton's method does the same in the step itself: it divides
# the gradient by the curvature, :math:`\theta_1 = \theta_0 - H^{-1}\nabla
# J(\theta_0)`. On an exact quadratic that is one step, from anywhere, to
# the minimum, whatever :math:`\kappa` is. (Gradient descent on the
# standardised data, with :math:`\alpha^* = 1/\lambda = 0.5`, is that step.)

from gdexplain import gradient

start = np.array([3.0, -1.0])
step = np.linalg.solve(hessian(x), gradient(x, y, *start))
w_1, b_1 = start - step
print(f"Newton's step from (3, -1) lands on ({w_1:.6f}, {b_1:.6f})")
lowest_cost = cost(x, y, *least_squares(x, y))
print(
    f"cost there {cost(x, y, w_1, b_1):.6f}; least squares {lowest_cost:.6f}"
)

# %%
# Far from zero
# -------------
# The further the :math:`x` sit from zero compared with their spread, the
# worse it gets. The `explorer <../explore/plot_01_explore.html>`__'s second
# data set has thirty points with :math:`x` between 20 and 40. Raw, its two
# curvatures differ about 22,000 times, and its valley is
# :math:`\sqrt{\kappa} \approx 148` times longer than wide:

rng = np.random.default_rng(2024)  # the explorer's seed
x_far = rng.uniform(20.0, 40.0, size=30)
kappa_far = condition_number(x_far)
print(f"raw: κ = {kappa_far:,.0f}, sqrt(κ) = {kappa_far**0.5:.0f}")

# %%
# Exercises
# ---------
# Predict first, then change one line and run.
#
# 1. Centre ``x_far`` (subtract its mean): predict whether :math:`\kappa`
#    falls to 1, and why; then compute it with ``condition_number``. Then
#    standardise it.
#
#    .. dropdown:: Answer
#
#       Centred, :math:`\kappa = 32.30`, not 1: the Hessian is diagonal,
#       :math:`\operatorname{diag}(2\sigma_x^2, 2)`, but its curvatures are
#       :math:`2\sigma_x^2 = 64.60` and 2. Standardised,
#       :math:`\kappa = 1`: both are 2.
#
# 2. On the centred article data, at its :math:`\alpha^*`, predict the
#    epochs to :math:`10^{-6}` from the rate :math:`(\kappa - 1)/(\kappa + 1)`
#    and the starting distance, 7.31 in the centred coordinates.
#
#    .. dropdown:: Answer
#
#       The rate is :math:`3.472/5.472 = 0.6345`, so
#       :math:`\ln(10^{-6}/7.31)/\ln 0.6345 \approx 34.7`: 35 epochs, as
#       the table above measures.
#
# 3. Which line in the original units is the standardised start
#    :math:`(3, -1)`? Predict it with the formula of "Back to the original
#    units", then check the printed table of "One start, three lines".
#
#    .. dropdown:: Answer
#
#       :math:`\hat y = (3/\sigma_x)\,x - (1 + 3\bar x/\sigma_x)`, with
#       :math:`\bar x = 4.1667` and :math:`\sigma_x = 2.1148`:
#       :math:`\hat y = 1.4186\,x - 6.9108`.
#
# Also tick "centre x" in the
# `explorer at the centred α* <../explore/plot_01_explore.html#learning_rate=0.18&w=3&b=-1&n_epochs=60&centre=1>`__,
# then drag the learning rate.
