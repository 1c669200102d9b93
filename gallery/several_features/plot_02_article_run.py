r"""
The article's part 2, reproduced
================================

The article's second part trains the plane on its six points from
:math:`w = (3, 3)`, :math:`b = -1`, at :math:`\alpha = 0.001`, for 100,000
epochs, and ends on the least-squares answer. Here is that run, every number
the article and its Hessian give printed beside the one computed here.
"""

# %%
# The run and its answer
# ----------------------
# The article's figures are typed in below as published; everything else is
# computed. ``least_squares()`` solves for the minimum directly.

import numpy as np

from gdexplain import article_data, cost, gradient_descent, least_squares

ARTICLE = {
    "w1": -6.75922888,
    "w2": -2.07075472,
    "b": 7.23420837,
    "J": 75.63518594,
}

X, y = article_data(part=2)
run = gradient_descent(
    X, y, learning_rate=0.001, w=[3.0, 3.0], b=-1.0, n_epochs=100_000
)
final = run.final
w_star, b_star = least_squares(X, y)
computed = {"w1": final.w[0], "w2": final.w[1], "b": final.b, "J": final.cost}
exact = {
    "w1": w_star[0],
    "w2": w_star[1],
    "b": b_star,
    "J": cost(X, y, w_star, b_star),
}
print(f"{'':>4} {'article':>13} {'this run':>13} {'least squares':>14}")
for name, published in ARTICLE.items():
    print(
        f"{name:>4} {published:13.8f} {computed[name]:13.8f} {exact[name]:14.8f}"
    )

# %%
# What the Hessian predicts
# -------------------------
# The cost is exactly quadratic, so its Hessian
# :math:`H = \tfrac{2}{n}\tilde X^\top \tilde X` (the derivative of the
# `vector gradient <plot_01_vector_form.html>`__) is a constant
# :math:`3 \times 3` matrix. Its three eigenvalues are the valley's
# curvatures; as in the `step-size lesson <../why_slow/plot_02_learning_rate.html>`__,
# the largest sets the stability limit :math:`2/\lambda_{\max}` and the
# smallest the crawl. The numbers, checked independently, are typed
# in on the left.

from gdexplain import (
    condition_number,
    curvatures,
    epochs_to_tolerance,
    optimal_learning_rate,
    stability_limit,
)

best = optimal_learning_rate(X)
checks = [
    ("smallest curvature", 0.30569516, curvatures(X)[0]),
    ("middle curvature", 11.17817131, curvatures(X)[1]),
    ("largest curvature", 52.84946686, curvatures(X)[2]),
    ("condition number", 172.88, condition_number(X)),
    ("stability limit", 0.0378433, stability_limit(X)),
    (
        "epochs to 1e-6, α = 0.001",
        52_621,
        epochs_to_tolerance(X, y, learning_rate=0.001),
    ),
    (
        f"epochs to 1e-6, α* = {best:.7f}",
        1_420,
        epochs_to_tolerance(X, y, learning_rate=best),
    ),
]
for name, stated, value in checks:
    print(f"{name:>34}: stated {stated!s:<11} computed {value:.10g}")

measured = int(np.argmax(run.distance_to_minimum() < 1e-6))
print(f"this run first gets within 1e-6 at epoch {measured:,}")

# %%
# The article's first picture
# ---------------------------
# The article animates the plane over the points beside :math:`w_1`,
# :math:`w_2`, :math:`b` and :math:`J` against epoch. Here is that
# animation of the run above: left, the six points
# :math:`(x_1, x_2, y)`, the current plane
# :math:`\hat y = w_1 x_1 + w_2 x_2 + b` and each point's residual,
# dashed; right, the two weights, the intercept and :math:`J - J^*` (on a
# phone, below). Its few frames are spaced evenly on a log scale of epochs,
# so both the first fast epochs and the long crawl show. :math:`J - J^*` falls in
# two stages: the fast directions within a hundred epochs, then the slowest
# one, which takes the rest, until the cost's own rounding is all that is
# left (drawn flat there).

from gdexplain import animate_plane, show

shown = np.concatenate(
    [[0], np.unique(np.geomspace(1, 100_000, 18).astype(int))]
)
# Each epoch held for three frames (five a second): slow to watch, light to load.
plane = animate_plane(run, epochs=np.repeat(shown, 3), dpi=80)
print(f"{len(shown)} epochs shown, {shown[1]} to {shown[-1]:,}")
show(plane, "plane.mp4")

# %%
# Exercises
# ---------
# Predict first, then change one line and run.
#
# 1. Rerun at :math:`\alpha = 0.03`, below the stability limit. Predict the
#    epochs to :math:`10^{-6}`: more or fewer than at :math:`\alpha^*`?
#
#    .. dropdown:: Answer
#
#       More: 1,747 epochs (``epochs_to_tolerance(X, y, learning_rate=0.03)``).
#       The slowest direction shrinks by :math:`1 - 0.03 \times 0.3057` per
#       epoch, slower than at :math:`\alpha^*`, where the fastest and slowest
#       directions shrink equally fast.
#
# 2. Rerun at :math:`\alpha = 0.04`. Predict what happens.
#
#    .. dropdown:: Answer
#
#       ``DivergenceError`` before the first step: 0.04 is above the
#       stability limit 0.03784, so the steepest direction would overshoot
#       by more each epoch.
#
# 3. The minimum cost is 75.64, not 0. Predict why, from the number of
#    points and of parameters.
#
#    .. dropdown:: Answer
#
#       Six points and three parameters: a plane can pass through any 3
#       points, not through all 6. The residuals left at the minimum are
#       as small as a plane can make them, and their mean square is 75.64.
