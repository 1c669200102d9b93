r"""
The surface: the path on the cost in 3D
=======================================

The third animation of Tobias Roeschl's article `Gradient Descent Animation:
1. Simple linear regression
<https://towardsdatascience.com/gradient-descent-animation-1-simple-linear-regression-e49315b24672>`_
(Towards Data Science): the cost :math:`J(w, b)` as a surface over the
:math:`(w, b)` plane, with the path of gradient descent on it and the current
point marked, beside the fit. The valley of the contour map becomes a trough.
"""

# %%
# Train, then animate
# -------------------

from gdexplain import animate_surface, article_data, gradient_descent, show

x, y = article_data()
history = gradient_descent(
    x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000
)
surface = animate_surface(history)
show(surface, "surface.mp4")

# %%
# What to look for
# ----------------
# The path starts high on the steep side of the trough and slides down it in
# the first few dozen epochs: the fast part of the run, where the cost falls
# by nearly all it ever will. The rest of the run follows the bottom of the
# trough, which is almost level, so the point moves across the picture while
# hardly going down. How much of the way down the cost still has to go, as
# the gap :math:`J - J^*` above the lowest cost :math:`J^*` and as a share of
# the whole drop from the start:

from gdexplain import cost, least_squares

lowest = cost(x, y, *least_squares(x, y))
drop = history.at(0).cost - lowest
print(f"J at the start {history.at(0).cost:.1f}, J* = {lowest:.4f}")
for epoch in (10, 50, 100, 1_000, 12_000):
    gap = history.at(epoch).cost - lowest
    print(
        f"epoch {epoch:6,}: J - J* = {gap:9.2e},"
        f" {gap / drop:9.2e} of the drop still to go"
    )

# %%
# The trough's bottom is not flat in :math:`w` and :math:`b`, only in
# :math:`J`: along the last stretch :math:`J` barely moves, yet :math:`w` and
# :math:`b` still travel a long way, as the printout shows. A model judged by
# its cost alone can look finished long before its parameters are.

final = surface.final_state
state = history.at(100)
print(f"epoch    100: w = {state.w:+.4f}, b = {state.b:+.4f}")
print(f"epoch {final.epoch:,}: w = {final.w:+.4f}, b = {final.b:+.4f}")
print(f"J = {final.cost:.6f}")

# %%
# Exercises
# ---------
# Predict first, then change the code above and run it.
#
# **1. Level in J, not in w and b.** Between epochs 1,000 and 12,000, how
# much does :math:`J` fall, and how far do :math:`w` and :math:`b` move?
#
# .. dropdown:: Answer
#
#    J falls by only 1.357, while w moves by −0.489 and b by 2.540: most of
#    the change in b happens on the trough's nearly level bottom.
#
# **2. Finished by the cost?** At which epoch does :math:`J` first come
# within 0.1% of its lowest value :math:`J^*`? How far is :math:`b` from its
# best value 2 then?
#
# .. dropdown:: Answer
#
#    At epoch 5,377, where b = 1.544 is still 0.456 short of 2. Judged by
#    its cost the model looks finished; its intercept is not.
#
# %%
# Explore it yourself
# -------------------
# The `explorer <../explore/plot_01_explore.html#learning_rate=0.001&w=3&b=-1&n_epochs=12000>`_ opens with the article's run: change the
# learning rate, the start (click the map) or the number of epochs and watch
# the path change at once.
