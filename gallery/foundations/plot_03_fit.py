r"""
The fit: the line, its parameters and the cost
==============================================

The first animation of Tobias Roeschl's article `Gradient Descent Animation:
1. Simple linear regression
<https://towardsdatascience.com/gradient-descent-animation-1-simple-linear-regression-e49315b24672>`_
(Towards Data Science). On the left, the six points and the current line
:math:`\hat y = w x + b`; on the right, :math:`w`, :math:`b` and the cost
:math:`J` against epoch, growing as the run goes. It shows *when* things
happen: almost everything in the first hundred epochs, then a long finish.
"""

# %%
# Train, then animate
# -------------------
# The article's run: 12,000 epochs at :math:`\alpha = 0.001` from
# :math:`w = 3, b = -1`. The animation draws the article's 120 frames (every
# epoch up to 50, every fifth up to 100, then every 200th up to 11,900) and
# one more, the last epoch, so that the video ends where the run does.
#
# Two axes are logarithmic, and say so. The epoch axis: each tick is ten
# times the last, so the first hundred epochs, where most frames are, get as
# much room as the last ten thousand. The cost axis shows :math:`J - J^*`, how
# far the cost still is above its lowest value :math:`J^*`: on a linear axis
# the slow phase would be a flat line, on a logarithmic one it is a steady
# decline.

from gdexplain import animate_fit, article_data, gradient_descent, show

x, y = article_data()
history = gradient_descent(
    x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000
)
fit = animate_fit(history)
show(fit, "fit.mp4")

# %%
# The fast first epochs
# ---------------------
# The cost starts at almost half a thousand and has lost about nine tenths of
# it by epoch 50: the first steps run straight down the steep side of the
# valley, where the gradient is large, and each step is :math:`\alpha` times
# that gradient. After that the gradient is small and so are the steps.

for epoch in (0, 10, 50, 100, 1_000, 12_000):
    state = history.at(epoch)
    print(
        f"epoch {epoch:6,}: J = {state.cost:8.3f}, "
        f"w = {state.w:+.3f}, b = {state.b:+.3f}"
    )

# %%
# Why :math:`b` falls first, then climbs
# --------------------------------------
# The starting line is far too steep and sits above most points, so the
# residuals are mostly negative and :math:`\partial J/\partial b = -\tfrac2n
# \sum r_i` is positive: :math:`b` goes down while :math:`w` drops fast. Once
# the residuals average zero, :math:`\partial J/\partial b` vanishes and
# :math:`b` turns. The line now passes through the centre of the data,
# :math:`(\bar x, \bar y)`, and what is left is to rotate it about that point
# towards the slope of the best line. Every point lies right of
# :math:`x = 0`, so turning the line down about :math:`(\bar x, \bar y)` lifts
# where it crosses :math:`x = 0`: :math:`b` climbs, slowly, for the rest of
# the run.

import numpy as np

lowest = int(np.argmin(history.b))
turn = history.at(lowest)
print(f"b is lowest at epoch {turn.epoch}: b = {turn.b:.4f}")
print(f"there, dJ/db = {history.dJ_db[lowest]:+.5f}")
print(f"centre of the data: ({x.mean():.3f}, {y.mean():.3f})")
print(f"line at x = {x.mean():.3f}: {turn.w * x.mean() + turn.b:.3f}")

# %%
# The last frame
# --------------
# The animation's last frame is at the last epoch of its schedule; the values
# it shows are available to the caller, so they can be printed (or tested):

final = fit.final_state
print(f"epoch {final.epoch}: w = {final.w:.6f}, b = {final.b:.6f}")
print(f"J = {final.cost:.6f}")

# %%
# Explore it yourself
# -------------------
# The `explorer <../explore/plot_01_explore.html#learning_rate=0.001&w=3&b=-1&n_epochs=12000>`_ opens with the article's run: change the
# learning rate, the start (click the map), the momentum or the number of epochs
# and watch the path change at once.
