r"""
The contour map: a long, narrow valley
======================================

The cost :math:`J(w, b)` seen from above, with the path of gradient descent
growing across it, beside the fit and its residuals. The colours step by
powers of ten of :math:`J - J^*`, the height above the lowest cost, as the
bar beside the map says: evenly spaced levels would leave the whole valley
floor one colour. A dot marks each step long enough to be seen. The map explains the
whole run: a steep drop to the floor of a narrow valley, then a long crawl
along it to the marked minimum.
"""

# %%
# Train, then animate
# -------------------

from gdexplain import animate_contour, article_data, gradient_descent, show

x, y = article_data()
history = gradient_descent(
    x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000
)
contour = animate_contour(history)
show(contour, "contour.mp4")

# %%
# What to look for
# ----------------
# The first steps run straight down the steep wall, across the contour
# lines. The gradient points where the cost *rises* fastest, at right angles
# to the contour line through the current point, and each step goes the
# opposite way: straight down the wall, which leads to the valley floor, not
# towards the minimum. Within about a hundred epochs the path reaches the
# floor and turns sharply; from there it follows the floor. The valley's
# shape comes from the Hessian (see the derivation): its axes are the
# eigenvectors, and the curvature across it is over a hundred times the
# curvature along it. The direction of the floor, and the direction the path
# took after its turn:

import numpy as np

from gdexplain import hessian, least_squares

curvatures, axes = np.linalg.eigh(hessian(x))
along = axes[:, 0]  # the eigenvector of the smaller curvature
print(f"curvatures {curvatures.round(3)}")
print(f"ratio {curvatures[1] / curvatures[0]:.1f}")
print(f"valley floor: b changes by {along[1] / along[0]:.2f} per unit of w")


def chord_slope(first: int, last: int) -> float:
    """How much b changed per unit of w between two epochs of the run."""
    start, end = history.at(first), history.at(last)
    return (end.b - start.b) / (end.w - start.w)


print(f"path from epoch 100 to 12,000: {chord_slope(100, 12_000):.2f}")

# %%
# The two slopes differ because at epoch 100 the path has not quite reached
# the floor. Split its error (its distance from the minimum) along the
# valley's two axes, as on the derivation page: the part across the valley
# shrinks by a few percent per epoch and is small by epoch 100, but not
# zero. From there the path closes that last gap while it crawls along the floor, and
# its chord is turned away from the floor by the gap it closes:

print(f"across: factor {1 - 0.001 * curvatures[1]:.5f} per epoch")
theta_exact = np.array(least_squares(x, y))
parts = {}
for epoch in (100, 12_000):
    state = history.at(epoch)
    parts[epoch] = axes.T @ (np.array([state.w, state.b]) - theta_exact)
    along_floor, across = parts[epoch]
    print(
        f"epoch {epoch:6,}: along the floor {along_floor:+.4f},"
        f" across {across:+.1e}"
    )
travel, closed_gap = parts[100] - parts[12_000]
turn = np.degrees(np.arctan2(closed_gap, travel))
print(f"the chord is turned from the floor by {turn:.2f} degrees")

# %%
# Less than a degree. But the floor runs steeply across this map (:math:`b`
# changes five times faster than :math:`w`), and near the vertical a slope
# is sensitive: a small turn changes it a lot. Measured from later epochs,
# when the part across the valley has died out, the chord and the floor
# agree:

for first in (100, 200, 300):
    slope = chord_slope(first, 12_000)
    print(f"path from epoch {first} to 12,000: {slope:.3f}")
print(f"valley floor:                   {along[1] / along[0]:.3f}")

# %%
# A bigger step
# -------------
# The crawl is slow because :math:`\alpha = 0.001` is more than forty times
# below the stability limit :math:`2/\lambda_{\max}`. Just under the limit,
# at :math:`\alpha = 0.04`, each step overshoots the valley floor and lands on
# the far wall; the overshoot shrinks every epoch, while the steps along the
# floor are forty times longer than before. The same valley, crossed in 300
# epochs:

# sphinx_gallery_thumbnail_number = 2
from gdexplain import frame_schedule, stability_limit

print(f"stability limit: {stability_limit(x):.4f}")
fast = gradient_descent(x, y, learning_rate=0.04, w=3.0, b=-1.0, n_epochs=300)
epochs_shown = frame_schedule(
    300, breakpoints=(30,), steps=(1, 10), endpoint=True
)
zigzag = animate_contour(fast, epochs=epochs_shown, fps=8)
print(f"after 300 epochs: w = {fast.final.w:.6f}, b = {fast.final.b:.6f}")
show(zigzag, "zigzag.mp4")

# %%
# Above the limit the overshoot grows instead of shrinking, every epoch. So
# ``gradient_descent`` refuses such a learning rate before the
# first step, with an error that names the limit:

import textwrap

from gdexplain import DivergenceError

try:
    gradient_descent(x, y, learning_rate=0.1, w=3.0, b=-1.0)
except DivergenceError as error:
    print(textwrap.fill(str(error), width=72))

# %%
# Explore it yourself
# -------------------
# The `explorer <../explore/plot_01_explore.html#learning_rate=0.04&w=3&b=-1&n_epochs=300>`_
# opens with this page's bigger step, α = 0.04 for 300 epochs: change the
# learning rate, the start (click the map), the momentum or the number of epochs
# and watch the path change at once.
