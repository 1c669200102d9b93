r"""
Feature scaling
===============

The article's valley is long and narrow because its :math:`x` are far from
zero: a change of slope then also shifts the line up or down, so :math:`w`
and :math:`b` are tangled. Centring :math:`x` untangles them, standardising
makes the valley a round bowl, and gradient descent that crawled for tens of
thousands of epochs arrives in a few dozen, or in one.
"""

# %%
# Three versions of the same data
# -------------------------------
# Fit :math:`\hat y = w\,u + b` with :math:`u` one of
#
# - the raw inputs :math:`x`,
# - centred inputs :math:`u = x - \bar x`,
# - standardised inputs :math:`u = (x - \bar x)/\sigma_x`.
#
# The Hessian :math:`H = \tfrac{2}{n}\begin{bmatrix}\sum u^2 & \sum u\\ \sum u
# & n\end{bmatrix}` is diagonal once :math:`\sum u = 0`, and a multiple of
# the identity once also :math:`\sum u^2 = n`. Its condition number
# :math:`\kappa = \lambda_{\max}/\lambda_{\min}` says how stretched the
# valley is.

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
# The valleys side by side
# ------------------------
# Each map shows the cost over its own :math:`(w, b)`, on equal axes, with
# the path of gradient descent at that version's best fixed step
# :math:`\alpha^*` from :math:`(w, b) = (3, -1)`, until it is within
# :math:`10^{-6}` of the minimum. Raw, the valley is a thin diagonal slit
# and the path zigzags across it for hundreds of epochs. Centred, it is an
# ellipse with its axes along :math:`w` and :math:`b`. Standardised, it is a
# circle: the gradient points straight at the minimum.

import matplotlib.pyplot as plt
import numpy as np

from gdexplain import (
    cost,
    epochs_to_tolerance,
    gradient_descent,
    least_squares,
    optimal_learning_rate,
)

fig, axs = plt.subplots(1, 3, figsize=(7.5, 3.0), layout="constrained")
for ax, (name, u) in zip(axs, inputs.items(), strict=True):
    best = optimal_learning_rate(u)
    n_epochs = epochs_to_tolerance(u, y, learning_rate=best)
    run = gradient_descent(u, y, learning_rate=best, n_epochs=n_epochs)
    w_star, b_star = least_squares(u, y)
    half = 1.25 * max(abs(3 - w_star), abs(-1 - b_star))  # holds the start
    w_grid, b_grid = np.meshgrid(
        np.linspace(w_star - half, w_star + half, 150),
        np.linspace(b_star - half, b_star + half, 150),
    )
    above = cost(u, y, w_grid, b_grid) - cost(u, y, w_star, b_star)
    levels = np.geomspace(above.max() / 3e3, above.max(), 15)  # even in log J
    ax.contourf(w_grid, b_grid, above, levels=levels, extend="min")
    ax.contour(
        w_grid, b_grid, above, levels=levels, colors="white", linewidths=0.4
    )
    ax.plot(run.w, run.b, color="tab:orange", lw=0.8, alpha=0.8)
    ax.plot(run.w[:40], run.b[:40], "o", color="tab:orange", ms=3)
    ax.plot(w_star, b_star, "*", color="white", mec="black", ms=14)
    ax.set(
        title=f"{name}, κ = {condition_number(u):.4g}\n"
        f"α* = {best:.3g}, epochs: {n_epochs}",
        xlabel="w",
        ylabel="b",
        aspect="equal",
    )
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
print(f"cost there {cost(x, y, w_1, b_1):.6f}; least squares {128 / 3:.6f}")

# %%
# Try it yourself
# ---------------
# - Change the start: the centred run's epoch count hardly moves, and the
#   standardised run and Newton's step still need one.
# - Use your own data, with ``x, y = my_x, my_y``: the further your
#   :math:`x` sit from zero compared with their spread, the larger the raw
#   :math:`\kappa` and the more centring gains.
# - Tick "centre x" in the
#   `explorer at the centred α* <../explore/plot_01_explore.html#learning_rate=0.18&w=3&b=-1&n_epochs=60&centre=1>`__,
#   then drag the learning rate.
