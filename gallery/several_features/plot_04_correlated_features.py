r"""
Scaling correlated features
===========================

With one feature, standardising made the valley a round bowl
(`feature scaling <../why_slow/plot_04_feature_scaling.html>`__). With two
features that are correlated it does not: the valley stays an ellipse,
tilted between the two weights. What removes the correlation is a change of
features that mixes them (whitening), or a step that uses the whole Hessian
(Newton's).
"""

# %%
# Standardising leaves a tilted valley
# ------------------------------------
# Centring each column takes :math:`b` out of the tangle (its row and column
# of the Hessian become :math:`(0, 0, 2)`); scaling each to unit variance
# makes the weights' block :math:`2\begin{bmatrix}1 & \rho\\ \rho &
# 1\end{bmatrix}`, with :math:`\rho` the features' correlation. Its
# eigenvalues are :math:`2(1 - \rho)` and :math:`2(1 + \rho)`, so
# :math:`\kappa = (1 + \rho)/(1 - \rho)`, not 1.

import numpy as np

from gdexplain import article_data, condition_number

X, y = article_data(part=2)
centred = X - X.mean(axis=0)
standardised = centred / X.std(axis=0)
rho = np.corrcoef(X, rowvar=False)[0, 1]
print(f"correlation of x1 and x2: ρ = {rho:.4f}")
for name, features in [
    ("raw", X),
    ("centred", centred),
    ("standardised", standardised),
]:
    print(f"{name:>12}: κ = {condition_number(features):.2f}")
print(f"(1 + ρ)/(1 - ρ) = {(1 + rho) / (1 - rho):.2f}")

# %%
# Whitening: new features that are not correlated
# ------------------------------------------------
# Multiply the centred features by :math:`C^{-1/2}`, the inverse square
# root of their covariance matrix :math:`C`. The new columns have variance 1
# and correlation 0, so the Hessian is :math:`2I`: a round bowl,
# :math:`\kappa = 1`, where the best step, :math:`\alpha = 1/2`, reaches the
# minimum in one epoch. The weights in the original units come back through
# the same matrix.

from gdexplain import gradient_descent, least_squares, optimal_learning_rate

covariance = np.cov(X, rowvar=False, bias=True)
values, vectors = np.linalg.eigh(covariance)
inverse_root = vectors @ np.diag(values**-0.5) @ vectors.T
white = centred @ inverse_root
best = optimal_learning_rate(white)
run = gradient_descent(white, y, learning_rate=best, w=0.0, b=0.0, n_epochs=1)
w_original = inverse_root @ run.final.w
b_original = run.final.b - X.mean(axis=0) @ w_original
w_star, b_star = least_squares(X, y)
print(f"whitened: κ = {condition_number(white):.6f}, α* = {best:.6f}")
print(
    f"after one epoch, in the original units: w = {w_original.round(8)}, b = {b_original:.8f}"
)
print(
    f"least squares:                           w = {w_star.round(8)}, b = {b_star:.8f}"
)

# %%
# Newton's step: the whole Hessian in one move
# --------------------------------------------
# Whitening changes the features so that a plain step works. Newton's
# method keeps the features and changes the step instead: it solves
# :math:`H\,\Delta = \nabla J` and moves by :math:`-\Delta`. On an exactly
# quadratic cost that lands on the minimum from anywhere, whatever
# :math:`\kappa`: here, from the article's start on the raw features.

from gdexplain import gradient, hessian

theta = np.array([3.0, 3.0, -1.0])
dJ_dw, dJ_db = gradient(X, y, w=theta[:2], b=theta[2])
theta = theta - np.linalg.solve(hessian(X), np.append(dJ_dw, dJ_db))
distance = np.linalg.norm(theta - np.append(w_star, b_star))
print(f"Newton, one step from (3, 3, -1): {theta.round(8)}")
print(f"distance to the minimum: {distance:.1e}")

# %%
# Four valleys, each from its own origin
# --------------------------------------
# Gradient descent at each version's own best step, from the origin of its
# own coordinates, until it is within :math:`10^{-6}` of its minimum: the
# epochs fall with :math:`\kappa`, from raw to centred to standardised, and
# whitening needs one.

import matplotlib.pyplot as plt

from gdexplain import epochs_to_tolerance
from gdexplain.animation import style

versions = {"raw": X, "centred": centred}
versions |= {"standardised": standardised, "whitened": white}
fig, ax = plt.subplots(figsize=(5.9, 3.8), layout="constrained")
colours = [style.RUNS[i] for i in (0, 1, 2, 4)]  # no yellow line on white
for colour, (name, u) in zip(colours, versions.items(), strict=True):
    step = optimal_learning_rate(u)
    needed = epochs_to_tolerance(u, y, learning_rate=step, w=0.0, b=0.0)
    path = gradient_descent(
        u, y, learning_rate=step, w=0.0, b=0.0, n_epochs=needed
    )
    distance = np.maximum(path.distance_to_minimum(), 1e-16)
    label = f"{name}: {needed:,}"
    ax.semilogy(path.epoch, distance, ".-", ms=3, color=colour, label=label)
    kappa = condition_number(u)
    print(f"{name:>12}: κ = {kappa:8.2f}, epochs to 1e-6: {needed:,}")
ax.set(xlabel="epoch", ylabel="distance to the minimum", xscale="symlog")
ax.legend(title="epochs to 1e-6")
plt.show()

# %%
# Exercises
# ---------
# Predict first, then change one line and run.
#
# 1. Suppose the two features had correlation :math:`\rho = 0.9` instead.
#    Predict :math:`\kappa` after standardising.
#
#    .. dropdown:: Answer
#
#       :math:`(1 + 0.9)/(1 - 0.9) = 19`: the more correlated the
#       features, the narrower the standardised valley.
#
# 2. Take Newton's step from another start, :math:`(0, 0, 0)`. Predict
#    where it lands.
#
#    .. dropdown:: Answer
#
#       On the same minimum, :math:`w = (-6.75922888, -2.07075472)`,
#       :math:`b = 7.23420837`: the cost is exactly quadratic, so one
#       Newton step is exact from any start.
#
# 3. Predict the Hessian of the whitened features, entry by entry; then
#    print ``hessian(white)``.
#
#    .. dropdown:: Answer
#
#       :math:`2I`: 2 on the diagonal, 0 elsewhere. The whitened columns
#       have mean 0 (no tie to :math:`b`), variance 1 and correlation 0, and
#       the column of ones gives the last 2.
