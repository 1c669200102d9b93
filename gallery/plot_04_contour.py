r"""
The contour map: a long, narrow valley
======================================

The cost :math:`J(w, b)` seen from above, with the path of gradient descent
growing across it, beside the fit and its residuals. The map explains the
whole run: a steep drop to the floor of a narrow valley, then a long crawl
along it to the marked minimum.
"""

# %%
# Train, then animate
# -------------------

from gdexplain import animate_contour, article_data, gradient_descent

x, y = article_data()
history = gradient_descent(
    x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000
)
contour = animate_contour(history)
print(contour)
contour

# %%
# What to look for
# ----------------
# The first steps run straight down the steep wall, across the contour
# lines: the gradient points where the cost falls fastest, which is towards
# the valley floor, not towards the minimum. Within about a hundred epochs
# the path reaches the floor and turns sharply; from there it follows the
# floor. The valley's shape comes from the Hessian: its axes are the
# eigenvectors, and the curvature across it is over a hundred times the
# curvature along it. The direction of the floor and the direction the path
# took after its turn:

import numpy as np

from gdexplain import hessian

curvatures, axes = np.linalg.eigh(hessian(x))
along = axes[:, 0]  # the eigenvector of the smaller curvature
print(f"curvatures {curvatures.round(3)}")
print(f"ratio {curvatures[1] / curvatures[0]:.1f}")
print(f"valley floor: b changes by {along[1] / along[0]:.2f} per unit of w")
start, end = history.at(100), history.at(11_900)
slope = (end.b - start.b) / (end.w - start.w)
print(f"path from epoch 100 to 11,900: {slope:.2f} per unit of w")

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
frames = frame_schedule(300, breakpoints=(30,), steps=(1, 10), endpoint=True)
zigzag = animate_contour(fast, epochs=frames, fps=8)
print(f"after 300 epochs: w = {fast.final.w:.6f}, b = {fast.final.b:.6f}")
zigzag

# %%
# Above the limit the overshoot grows instead of shrinking, every epoch. So
# :func:`~gdexplain.gradient_descent` refuses such a learning rate before the
# first step, with an error that names the limit:

import textwrap

from gdexplain import DivergenceError

try:
    gradient_descent(x, y, learning_rate=0.1, w=3.0, b=-1.0)
except DivergenceError as error:
    print(textwrap.fill(str(error), width=72))
