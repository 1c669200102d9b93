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
# floor and turns sharply; from there it follows the floor, in steps about a
# hundred times shorter. The length of each step, :math:`\alpha` times the
# length of the gradient:

import numpy as np

step = 0.001 * np.hypot(history.dJ_dw, history.dJ_db)
for epoch in (0, 10, 50, 100, 1_000, 11_999):
    print(f"epoch {epoch:6,}: step length {step[epoch]:.2e}")

# %%
# Why the valley is so narrow, and which way its floor runs, is the subject
# of `curvature in pictures <../why_slow/plot_01_curvature.html>`_, which
# draws the valley's two axes on this map.
#
# A bigger step
# -------------
# The crawl is slow because :math:`\alpha = 0.001` is a small step: more than
# forty times below the largest that works, the *stability limit* (derived on
# `the step-size page <../why_slow/plot_02_learning_rate.html>`_). Just under the limit,
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
# Exercises
# ---------
# Predict first, then change the code above and run it.
#
# **1. The first step.** At the start, :math:`(3, -1)`, which way does the
# first step go: more in :math:`w` or more in :math:`b`, and by how much?
#
# .. dropdown:: Answer
#
#    Against the gradient (193.33, 35.67): w falls 5.42 times as much as b,
#    so the step runs nearly along the w axis, straight down the wall, not
#    towards the minimum at (−2, 2).
#
# **2. Zigzag against crawl.** After its 300 epochs, is the zigzag run at
# α = 0.04 closer to the minimum than the article's run after 12,000 epochs?
#
# .. dropdown:: Answer
#
#    Slightly closer: 0.0327 from the minimum against 0.0339, in 40 times
#    fewer epochs.
#
# **3. Just past the limit.** Set the bigger step to α = 0.045. Predict what
# happens.
#
# .. dropdown:: Answer
#
#    gradient_descent refuses it with a DivergenceError: 0.045 is above the
#    stability limit 0.0442, where every zigzag overshoots further than the
#    last.
#
# %%
# Explore it yourself
# -------------------
# The `explorer <../explore/plot_01_explore.html#learning_rate=0.04&w=3&b=-1&n_epochs=300>`_
# opens with this page's bigger step, α = 0.04 for 300 epochs: change the
# learning rate, the start (click the map) or the number of epochs and watch
# the path change at once.
