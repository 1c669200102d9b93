r"""
The fit: the line, its parameters and the cost
==============================================

The first animation of Tobias Roeschl's article `Gradient Descent Animation:
1. Simple linear regression
<https://towardsdatascience.com/gradient-descent-animation-1-simple-linear-regression-e49315b24672>`_
(Towards Data Science). One panel shows the six points and the current line
:math:`\hat y = w x + b`; the others (beside it, or below it on a phone)
:math:`w`, :math:`b` and the cost :math:`J` against epoch, growing as the
run goes. It shows *when* things
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
# Two axes are logarithmic, and say so. The epoch axis is marked 0, 10, 100,
# 1,000 and 10,000: after the 0, each tick is ten times the last (between 0 and
# 1 the axis is linear, since a logarithm has no place for 0). So the first
# hundred epochs, where most frames are, get as much room as the last ten
# thousand. The cost axis shows :math:`J - J^*`, how far the cost still is
# above its lowest value :math:`J^*`, so that the end of the run, where
# :math:`J` itself hardly moves, stays visible.

from gdexplain import animate_fit, article_data, gradient_descent, show

x, y = article_data()
history = gradient_descent(
    x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000
)
fit = animate_fit(history)
show(fit, "fit.mp4")

# %%
# The fast first epochs, a plateau, a cliff
# ------------------------------------------
# The cost starts at almost half a thousand and has lost about nine tenths of
# it by epoch 50: the first steps run straight down the steep side of the
# valley the cost forms over :math:`(w, b)` (`the contour map
# <plot_05_contour.html>`_ draws it), where the gradient is large, and each step is :math:`\alpha` times
# that gradient. After that the gradient is small and so are the steps. On the
# two log axes, :math:`J - J^*` first drops, then lies on a plateau from
# about epoch 100 to 1,000 (it only halves over that decade of the axis), then
# falls off a cliff: late in the run it shrinks by about the same factor every
# epoch, and all the epochs from 1,000 to 12,000 fit in the last decade of the
# axis and a little more.

from gdexplain import cost, least_squares

lowest_cost = cost(x, y, *least_squares(x, y))
print("epoch  |        J    J - J* |      w       b")
for epoch in (0, 10, 50, 100, 1_000, 11_000, 12_000):
    state = history.at(epoch)
    gap = state.cost - lowest_cost
    print(
        f"{epoch:6,} | {state.cost:8.3f} {gap:9.2e} |"
        f" {state.w:+.3f}  {state.b:+.3f}"
    )

# %%
# Why :math:`b` falls first, then climbs
# --------------------------------------
# The starting line is far too steep and sits above most points, so most
# residuals :math:`r_i = \hat y_i - y_i` are positive and
# :math:`\partial J/\partial b = \tfrac2n \sum r_i` is positive: :math:`b`
# goes down while :math:`w` drops fast. This is the quick slide down the
# valley's steep wall. It ends on the valley floor, where the residuals
# average zero: the line passes through the centre of the data,
# :math:`(\bar x, \bar y)`. There :math:`\partial J/\partial b` changes
# sign, and :math:`b` is at its lowest. What is left is the slow crawl along
# the floor: the line rotates about that centre towards the slope of the best
# line. Every point lies right of :math:`x = 0`, so turning the line up
# about :math:`(\bar x, \bar y)` lowers where it crosses :math:`x = 0`, and
# turning it down, as here, lifts it: :math:`b` climbs, slowly, for the rest
# of the run. `The exact path <../why_slow/plot_03_exact_path.html>`_
# computes both motions, the fast and the slow, in closed form.

import numpy as np

lowest = int(np.argmin(history.b))
turn = history.at(lowest)
print(f"b is lowest at epoch {turn.epoch}: b = {turn.b:.4f}")
print(f"dJ/db at epochs {lowest - 1}, {lowest}: ", end="")
print(f"{history.dJ_db[lowest - 1]:+.5f}, {history.dJ_db[lowest]:+.5f}")
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
# Exercises
# ---------
# Predict first, then change the code above and run it.
#
# **1. Twice as long.** Late in the run :math:`J - J^*` shrinks by about the
# same factor every epoch. Read the factor over the last 1,000 epochs from the
# table, and predict :math:`J - J^*` after 24,000 epochs. Then run them.
#
# .. dropdown:: Answer
#
#    From epoch 11,000 to 12,000 it fell from 5.01e-04 to 2.27e-04, a factor
#    0.454 per 1,000 epochs. Twelve more thousands multiply it by that factor
#    twelve times: 2.27e-04 times 7.6e-05 is 1.73e-08, and the run gives
#    1.73e-08.
#
# **2. A fall all the way.** Start from the flat line :math:`w = 0, b = 8`,
# which lies above every point. Will :math:`b` fall then climb, as in the
# article's run, or do something else?
#
# .. dropdown:: Answer
#
#    It falls all the way, from 8 to 2.047 after 12,000 epochs, never
#    climbing. The slide down the wall ends on the floor with the line too
#    steep, w = −2.97 at epoch 100 against the best −2; turning the line up
#    about the centre of the data lowers where it crosses x = 0.
#
# %%
# Explore it yourself
# -------------------
# The `explorer <../explore/plot_01_explore.html#learning_rate=0.001&w=3&b=-1&n_epochs=12000>`_ opens with the article's run: change the
# learning rate, the start (click the map) or the number of epochs and watch
# the path change at once.
