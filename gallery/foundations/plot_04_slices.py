r"""
The slices: the cost against each parameter
===========================================

The second animation of Tobias Roeschl's article `Gradient Descent Animation:
1. Simple linear regression
<https://towardsdatascience.com/gradient-descent-animation-1-simple-linear-regression-e49315b24672>`_
(Towards Data Science). At the top, the fit with a dashed line from
each point to the line: these residuals are what the cost squares and
averages. Below, the cost against :math:`w` and against :math:`b`: the blue
or orange curve is a slice through the current point (the other parameter
held fixed), the pale one the path so far, drawn as it grows.
"""

# %%
# Train, then animate
# -------------------

from gdexplain import animate_slices, article_data, gradient_descent, show

x, y = article_data()
history = gradient_descent(
    x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000
)
slices = animate_slices(history)
show(slices, "slices.mp4")

# %%
# The residuals make the cost
# ---------------------------
# Watch the dashed lines: they are the residuals
# :math:`r_i = \hat y_i - y_i`, and :math:`J` is the mean of their squares.
# At the start they are long; gradient descent shortens the long ones first,
# since a point's pull on the gradient grows with its residual.

import numpy as np

for epoch in (0, 50, 12_000):
    state = history.at(epoch)
    r = state.w * x + state.b - y
    print(f"epoch {epoch:6,}: residuals {np.round(r, 2)}")
    print(f"{'':15}mean square {np.mean(r**2):.3f}, J = {state.cost:.3f}")

# %%
# Steep in :math:`w`, shallow in :math:`b`
# ----------------------------------------
# In the :math:`J`-against-:math:`w` panel the path drops steeply, then runs
# almost flat: the last stretch of :math:`w` changes the cost very little.
# In the :math:`J`-against-:math:`b` panel the path first moves left
# (:math:`b` falls), then turns and crawls right as :math:`b` climbs, with
# :math:`J` hardly changing. Each slice is a parabola, and how sharply it
# curves is its second derivative. Differentiate the gradient of `the
# derivation <plot_01_derivation.html>`_ once more:
#
# .. math::
#
#    \frac{\partial^2 J}{\partial w^2} = \frac{2}{n} \sum_{i=1}^{n} x_i^2,
#
#    \frac{\partial^2 J}{\partial b^2} = 2 .
#
# Neither depends on :math:`w` or :math:`b`: every slice in :math:`w` has
# the same shape, and so has every slice in :math:`b`. The cost curves far
# more sharply in :math:`w`, because every :math:`x_i` multiplies a change of
# :math:`w`:

d2J_dw2 = 2 * np.mean(x**2)
d2J_db2 = 2.0
print(f"d2J/dw2 = 2 mean(x^2) = {d2J_dw2:.3f}")
print(f"d2J/db2 = 2           = {d2J_db2:.3f}")
print(f"ratio of the slices' curvatures: {d2J_dw2 / d2J_db2:.1f}")

# %%
# The valley is tilted: it runs along neither the :math:`w` axis nor the
# :math:`b` axis, so neither slice cuts along it. `Curvature in pictures
# <../why_slow/plot_01_curvature.html>`_ finds the valley's own axes and shows
# that its floor is flatter still than the :math:`b`-slice.

# %%
# The last frame
# --------------

final = slices.final_state
print(f"epoch {final.epoch}: w = {final.w:.6f}, b = {final.b:.6f}")
print(f"J = {final.cost:.6f}")

# %%
# Exercises
# ---------
# Predict first, then change the code above and run it.
#
# **1. Longest residual.** Which point has the longest residual at the start,
# on the line :math:`3x - 1`, and is it still the longest at the end?
#
# .. dropdown:: Answer
#
#    At the start the point at x = 7: the line passes 37 above it. At the
#    end the point at x = 2 has the longest, 9.98 under the line; the point
#    at x = 7 is down to 5.01. The run shortened the long residuals first,
#    and the least-squares line cannot make them all small.
#
# **2. Wider data.** Double every :math:`x` (``x = 2 * x``). Predict both
# slices' curvatures.
#
# .. dropdown:: Answer
#
#    The w-slice curves four times as sharply, 174.667 instead of 43.667,
#    since each x is squared. The b-slice keeps its curvature 2: it does
#    not depend on the data at all.
#
# %%
# Explore it yourself
# -------------------
# The `explorer <../explore/plot_01_explore.html#learning_rate=0.001&w=3&b=-1&n_epochs=12000>`_ opens with the article's run: change the
# learning rate, the start (click the map) or the number of epochs and watch
# the path change at once.
