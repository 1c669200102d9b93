r"""
The slices: the cost against each parameter
===========================================

The article's second animation. At the top, the fit with a dashed line from
each point to the line: these residuals are what the cost squares and
averages. Below, the cost against :math:`w` and against :math:`b`: the solid
curve is a slice through the current point (the other parameter held fixed),
the faint one the path so far.
"""

# %%
# Train, then animate
# -------------------

from gdexplain import animate_slices, article_data, gradient_descent

x, y = article_data()
history = gradient_descent(
    x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000
)
slices = animate_slices(history)
print(slices)
slices

# %%
# The residuals make the cost
# ---------------------------
# Watch the dashed lines: at the start they are long, and :math:`J` is the
# mean of their squared lengths. Gradient descent shortens the long ones
# first, since a residual's pull on the gradient grows with its length.

import numpy as np

for epoch in (0, 50, 11_900):
    r = history.residuals(epoch)
    print(f"epoch {epoch:6,}: residuals {np.round(r, 2)}")
    J = history.at(epoch).cost
    print(f"{'':15}mean square {np.mean(r**2):.3f}, J = {J:.3f}")

# %%
# Steep in :math:`w`, shallow in :math:`b`
# ----------------------------------------
# In the :math:`J`-against-:math:`w` panel the path drops steeply, then runs
# almost flat: the last stretch of :math:`w` changes the cost very little.
# In the :math:`J`-against-:math:`b` panel the path first moves left
# (:math:`b` falls), then turns and crawls right as :math:`b` climbs, with
# :math:`J` hardly changing. The cost curves far more sharply in
# :math:`w` than in :math:`b`, because every :math:`x_i` multiplies a change
# of :math:`w`; the diagonal of the Hessian says by how much:

from gdexplain import hessian

H = hessian(x)
print(f"d2J/dw2 = 2 mean(x^2) = {H[0, 0]:.3f}")
print(f"d2J/db2 = 2           = {H[1, 1]:.3f}")
print(f"ratio: {H[0, 0] / H[1, 1]:.1f}")

# %%
# The last frame
# --------------

final = slices.final_state
print(f"epoch {final.epoch}: w = {final.w:.6f}, b = {final.b:.6f}")
print(f"J = {final.cost:.6f}")
