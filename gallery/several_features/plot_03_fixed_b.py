r"""
The fixed-intercept view, and the full run
==========================================

The article's contour map and surface for part 2 hold :math:`b` at its
optimum and train only :math:`w_1, w_2`: a few hundred epochs show the whole
descent. The full run needs tens of thousands. They are different runs on
different valleys, and the Hessian says exactly how different.
"""

# %%
# Two valleys from one Hessian
# ----------------------------
# With :math:`b` held fixed, the cost is a function of :math:`w` alone; its
# Hessian is the top-left :math:`2 \times 2` block of the full
# :math:`3 \times 3` one, :math:`\tfrac{2}{n}X^\top X`, without the
# intercept's row and column. Its condition number is the ratio of its
# largest to smallest eigenvalue, as for the full matrix.

import numpy as np

from gdexplain import article_data, condition_number, hessian

X, y = article_data(part=2)
H = hessian(X)
block = np.linalg.eigvalsh(H[:2, :2])
print(f"full run (w1, w2, b): curvatures {np.linalg.eigvalsh(H).round(4)}")
print(f"    κ = {condition_number(X):.2f}")
print(f"b held fixed (w1, w2): curvatures {block.round(2)}")
print(f"    κ = {block[-1] / block[0]:.2f}")

# %%
# The fixed-intercept run, by hand
# --------------------------------
# :math:`b` stays at the minimum's :math:`b^*`; each epoch steps the two
# weights against their part of the gradient,
# :math:`\tfrac{2}{n}X^\top(Xw + b^* - y)`, at the article's
# :math:`\alpha = 0.001`. The full run is ``gradient_descent()``
# from the same start.

from gdexplain import gradient_descent, least_squares

w_star, b_star = least_squares(X, y)
alpha, n_epochs = 0.001, 2_000
w, weights = np.array([3.0, 3.0]), []
for _ in range(n_epochs + 1):
    weights.append(w)
    w = w - alpha * 2 / len(y) * X.T @ (X @ w + b_star - y)
weights = np.array(weights)
fixed_b = np.linalg.norm(weights - w_star, axis=1)
full = gradient_descent(
    X, y, learning_rate=alpha, w=[3.0, 3.0], b=-1.0, n_epochs=60_000
)
full_distance = full.distance_to_minimum()
for name, distance in [("b held fixed", fixed_b), ("full run", full_distance)]:
    reached = int(np.argmax(distance < 1e-6))
    print(
        f"{name:>12}: distance {distance[300]:.3g} at epoch 300, within 1e-6 at {reached:,}"
    )

# %%
# The article's view, animated
# ----------------------------
# A ``History`` records any run, whoever trained it: here the hand loop's
# weights, with :math:`b = b^*` throughout and the cost and gradient at each
# state, so the contour animation can draw it. The map is the cost over
# :math:`(w_1, w_2)` at the current :math:`b`, which this run never changes:
# the article's map, still, with its two short axes (:math:`\kappa = 4.74`).
# The path goes straight down it in a few hundred epochs.

from gdexplain import History, animate_contour, cost, gradient, show

fixed_run = History(
    X,
    y,
    epoch=np.arange(n_epochs + 1),
    w=weights,
    b=np.full(n_epochs + 1, b_star),
    cost=cost(X, y, weights, b_star),
    dJ_dw=np.array([gradient(X, y, w, b_star)[0] for w in weights]),
    dJ_db=np.array([gradient(X, y, w, b_star)[1] for w in weights]),
)
early = np.concatenate([[0], np.unique(np.geomspace(1, 400, 12).astype(int))])
# Each epoch held for three frames (five a second): slow to watch, light to load.
fixed_view = animate_contour(fixed_run, epochs=np.repeat(early, 3), dpi=80)
show(fixed_view, "fixed_b_contour.mp4")

# %%
# The full run, honestly
# ----------------------
# The same map for the full run: the cost over :math:`(w_1, w_2)` through
# the run's current point, at its current :math:`b` (the line on the map
# says which). Now the map moves. At the start :math:`b = -1`, far from
# :math:`b^*`, and the lowest point of that map is far from the
# least-squares weights; the weights reach it within a few hundred epochs,
# as fast as in the article's view. Then the valley floor itself drifts
# towards the star while :math:`b` creeps up, and the weights follow it:
# the slow direction that the article's view never has to take.

late = np.concatenate(
    [[0], np.unique(np.geomspace(1, 60_000, 18).astype(int))]
)
full_view = animate_contour(full, epochs=np.repeat(late, 3), dpi=80)
show(full_view, "full_run_contour.mp4")

state = full.at(300)
lowest = np.linalg.lstsq(X, y - state.b, rcond=None)[0]  # best w at this b
print(f"full run, epoch 300: b = {state.b:.3f}")
print(
    f"    distance from w to the lowest point of its map: {np.linalg.norm(state.w - lowest):.3g}"
)
print(
    f"    distance from w to the least-squares weights: {np.linalg.norm(state.w - w_star):.3g}"
)

# %%
# Why the intercept is slow
# -------------------------
# The full valley's slowest direction is the eigenvector of the smallest
# curvature. It is mostly :math:`b`, with a little of :math:`w_1` against
# it: raise :math:`b` and tilt the plane down along :math:`x_1`, and the
# plane pivots about the points' centre (:math:`\bar x_1 = 4.17`) while the
# cost hardly changes. That is the foundations' tangle of :math:`w` and
# :math:`b` again. Holding :math:`b` fixed removes the direction altogether:
# the fixed-intercept view is fast because it never has to make that move.

curvature, directions = np.linalg.eigh(H)
slowest = directions[:, 0] * np.sign(
    directions[-1, 0]
)  # b's component positive
print(
    f"slowest direction (w1, w2, b): {slowest.round(3)}, curvature {curvature[0]:.4f}"
)
print(f"mean of each feature: {X.mean(axis=0).round(2)}")

# %%
# The distance to the minimum, both runs
# --------------------------------------
# On a log scale each run falls along a straight line once its fast
# directions are gone; the slopes are the logarithms of the slowest factors,
# :math:`1 - \alpha\lambda_{\min}` of each valley.

import matplotlib.pyplot as plt

from gdexplain.animation import style

fig, ax = plt.subplots(figsize=(5.9, 3.8), layout="constrained")
ax.semilogy(
    fixed_b,
    color=style.RUNS[1],
    label=f"b held fixed, κ = {block[-1] / block[0]:.2f}",
)
ax.semilogy(
    full_distance,
    color=style.RUNS[0],
    label=f"full run, κ = {condition_number(X):.2f}",
)
ax.axhline(1e-6, color=style.DATA, lw=0.8, ls=":")
ax.set(xlabel="epoch", ylabel="distance to the minimum", xscale="symlog")
ax.set_xlim(0, len(full_distance))
ax.legend()
plt.show()

# %%
# Exercises
# ---------
# Predict first, then change one line and run.
#
# 1. The fixed-intercept run at its own best step,
#    :math:`2/(\lambda_{\min} + \lambda_{\max})` of the block: predict that
#    step and how many epochs it needs to :math:`10^{-6}`.
#
#    .. dropdown:: Answer
#
#       :math:`2/(10.86 + 51.47) = 0.0321`, and 38 epochs: the rate
#       :math:`(\kappa - 1)/(\kappa + 1) = 0.65` per epoch.
#
# 2. Hold :math:`w` at :math:`w^*` instead and train :math:`b` alone.
#    Predict its curvature and its best step.
#
#    .. dropdown:: Answer
#
#       The curvature is the Hessian's last entry, 2 (from the column of
#       ones): a valley with a single direction, :math:`\kappa = 1`. Its best
#       step is :math:`2/(2 + 2) = 0.5`, which lands on :math:`b^*` in one
#       step: :math:`b - 0.5 \times 2(b - b^*) = b^*`.
#
# 3. Which feature's mean ties :math:`b` to the weights most? Predict from
#    the slowest direction printed above.
#
#    .. dropdown:: Answer
#
#       :math:`x_1`'s, 4.17: the slowest direction moves :math:`w_1` by
#       :math:`-0.218` for each 0.972 of :math:`b`, and :math:`w_2` (mean 1.0)
#       by only 0.084.
