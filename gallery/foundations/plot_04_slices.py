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
# Watch the dashed lines: at the start they are long, and :math:`J` is the
# mean of their squared lengths. Gradient descent shortens the long ones
# first, since a residual's pull on the gradient grows with its length.

import numpy as np

for epoch in (0, 50, 12_000):
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
# :math:`J` hardly changing. Each slice is a parabola, and its curvature is a
# diagonal entry of the Hessian :math:`H` (see the derivation): the cost
# curves far more sharply in :math:`w` than in :math:`b`, because every
# :math:`x_i` multiplies a change of :math:`w`.

import numpy as np

from gdexplain import hessian

H = hessian(x)
print(f"d2J/dw2 = 2 mean(x^2) = {H[0, 0]:.3f}")
print(f"d2J/db2 = 2           = {H[1, 1]:.3f}")
print(f"ratio of the slices' curvatures: {H[0, 0] / H[1, 1]:.1f}")

# %%
# Why this ratio is not the condition number
# ------------------------------------------
# The derivation page reports a much larger ratio, the condition number
# :math:`\lambda_{\max}/\lambda_{\min}` of :math:`H`. The two measure
# different things. A slice holds one parameter fixed, so it cuts the cost
# along an axis of the :math:`(w, b)` plane. But :math:`H` has an
# off-diagonal entry, :math:`\tfrac{2}{n}\sum x_i`, which couples
# :math:`w` and :math:`b`: the valley does not run along either axis, it is
# tilted. The eigenvectors of :math:`H` are the valley's own axes, and along
# them the curvature is at its largest and its smallest. The curvature along
# any unit direction :math:`u` is :math:`u^\top H u`:

curvatures, axes = np.linalg.eigh(H)
directions = {
    "along the w axis (w-slice)": np.array([1.0, 0.0]),
    "along the b axis (b-slice)": np.array([0.0, 1.0]),
    "across the valley": axes[:, 1],
    "along the valley": axes[:, 0],
}
print(f"off-diagonal 2 mean(x) = {H[0, 1]:.3f}")
for name, u in directions.items():
    print(f"curvature {name:26}: {u @ H @ u:7.3f}")
print(f"condition number: {curvatures[1] / curvatures[0]:.1f}")
flatter = H[1, 1] / curvatures[0]
print(f"the floor is {flatter:.1f} times flatter than the b-slice")

# %%
# The largest eigenvalue is always at least the largest diagonal entry, and
# the smallest at most the smallest one, so the condition number is never
# below the slices' ratio. Here the tilt makes the gap large: the valley's
# floor is several times flatter than the :math:`b`-slice suggests.
# Centring the data (:math:`\bar x = 0`) would remove the off-diagonal entry,
# and then the two ratios would agree:

H_centred = hessian(x - x.mean())
ratio_centred = H_centred[0, 0] / H_centred[1, 1]
kappa_centred = np.divide(*np.linalg.eigvalsh(H_centred)[::-1])
print(f"centred x: ratio of the slices {ratio_centred:.2f}, ", end="")
print(f"condition number {kappa_centred:.2f}")

# %%
# The last frame
# --------------

final = slices.final_state
print(f"epoch {final.epoch}: w = {final.w:.6f}, b = {final.b:.6f}")
print(f"J = {final.cost:.6f}")

# %%
# Explore it yourself
# -------------------
# The `explorer <../explore/plot_01_explore.html#learning_rate=0.001&w=3&b=-1&n_epochs=12000>`_ opens with the article's run: change the
# learning rate, the start (click the map), the momentum or the number of epochs
# and watch the path change at once.
