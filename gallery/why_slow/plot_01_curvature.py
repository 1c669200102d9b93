r"""
Curvature in pictures
=====================

The foundations' run covers most of the way in a hundred epochs and then
crawls for thousands. The reason is the shape of the cost: a valley that
curves sharply one way and hardly at all the other. This lesson measures that
shape, draws the valley's two axes on the contour map, and says what they mean
for each step. It is the linear algebra of the course, met here for the first
time and taught with pictures.
"""

# %%
# Curvature along a direction
# ---------------------------
# The *curvature* of a parabola :math:`f(t) = \tfrac12 c\, t^2` is its second
# derivative :math:`c`: a large :math:`c` is a steep, narrow parabola, a small
# one a wide, flat one. `The slices <../foundations/plot_04_slices.html>`_
# cut the cost along the :math:`w` axis and along the :math:`b` axis, and
# each cut is a parabola. Their curvatures are the second derivatives
#
# .. math::
#
#    \frac{\partial^2 J}{\partial w^2} = \frac{2}{n}\sum x_i^2,
#
#    \frac{\partial^2 J}{\partial b^2} = 2,
#
#    \frac{\partial^2 J}{\partial w\, \partial b} = \frac{2}{n}\sum x_i .
#
# These three numbers, in a 2 × 2 table, are the *Hessian* :math:`H`, the
# matrix of second derivatives. They do not depend on :math:`w` or
# :math:`b`: the cost is exactly quadratic, the same shape everywhere. Cut the
# cost along any other direction, a unit vector
# :math:`u = (\cos\varphi, \sin\varphi)` in the :math:`(w, b)` plane, and the
# cut is again a parabola, of curvature :math:`u^\top H u` (the row
# :math:`u^\top`, the matrix, then the column :math:`u`, multiplied out:
# :math:`H_{ww}\cos^2\varphi + 2H_{wb}\cos\varphi\sin\varphi +
# H_{bb}\sin^2\varphi`). The picture below shows that curvature for every
# direction.

import matplotlib.pyplot as plt
import numpy as np

from gdexplain import article_data, hessian
from gdexplain.plots import curvature_by_direction

x, y = article_data()
H = hessian(x)
print(f"H =\n{H.round(4)}")
curvature_by_direction(x)
plt.show()

# %%
# Two directions stand out: the sharpest and the flattest. They are the
# valley's two axes. The sharpest curves more than the :math:`w` axis does,
# and the flattest is flatter than the :math:`b` axis: the off-diagonal
# entry :math:`\tfrac2n \sum x_i` tilts the valley away from both. Each is
# found by NumPy's ``np.linalg.eigh``, which returns them as *eigenvalues*
# (the curvatures) and *eigenvectors* (the directions):

curvatures, axes = np.linalg.eigh(H)  # smallest first
shallow, steep = axes[:, 0], axes[:, 1]
print(f"curvatures along the axes: {curvatures.round(4)}")
print(f"shallow axis: direction {shallow.round(4)}")
print(f"steep axis:   direction {steep.round(4)}")
angle = np.degrees(np.arccos(shallow @ steep))
print(f"angle between them: {angle:.1f} degrees")

# %%
# What makes these two directions special is one equation: :math:`H` maps
# each onto itself, only stretched by its curvature,
# :math:`H u = \lambda u`. That is the definition of an eigenvector
# :math:`u` with eigenvalue :math:`\lambda`. Checked for both:

for u, value in zip(axes.T, curvatures, strict=True):
    print(f"H u = {(H @ u).round(4)},  lambda u = {(value * u).round(4)}")

# %%
# The valley on the map
# ---------------------
# Drawn on the contour map of the cost, the two axes cross at right angles at
# the minimum. The steep axis runs across the valley, the shallow one along its
# floor. The article's run (12,000 epochs at :math:`\alpha = 0.001` from
# :math:`(3, -1)`) drops across the valley first and then follows the floor:

from gdexplain import gradient_descent
from gdexplain.plots import valley_axes

history = gradient_descent(
    x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000
)
valley_axes(history)
plt.show()

# %%
# The ratio of the two curvatures, the *condition number*
# :math:`\kappa = \lambda_{\max}/\lambda_{\min}`, says how narrow the valley
# is. A contour line is an ellipse whose half-widths along the axes go as
# :math:`1/\sqrt{\lambda}`, so it is :math:`\sqrt\kappa` times longer than
# wide. After epoch 300 the path runs along the shallow axis, as the map shows:

kappa = curvatures[1] / curvatures[0]
print(f"condition number kappa = {kappa:.2f}")
print(f"each contour ellipse is {np.sqrt(kappa):.1f} times longer than wide")
start, end = history.at(300), history.final
moved = np.array([end.w - start.w, end.b - start.b])
turn = np.degrees(np.arccos(abs(moved @ shallow) / np.linalg.norm(moved)))
print(f"path from epoch 300 on: {turn:.3f} degrees off the shallow axis")

# %%
# Both eigenvalues are positive: the cost curves upward in every direction.
# Such a matrix is called *positive definite*, and a cost shaped like this is
# *convex*: a bowl with a single lowest point, where gradient descent cannot
# get stuck anywhere else.
#
# What the curvatures mean for a step
# -----------------------------------
# On an axis, the gradient points straight back along it: at distance
# :math:`t` from the minimum along an eigenvector :math:`u`, the gradient is
# :math:`H (t u) = \lambda t u`. So one step of gradient descent keeps the
# point on that axis and multiplies its distance by :math:`1 - \alpha\lambda`.
# Any error is a sum of a part along each axis, and each part shrinks by its
# own factor. At the article's :math:`\alpha = 0.001`:

alpha = 0.001
for name, value in zip(("steep", "shallow"), curvatures[::-1], strict=True):
    factor = 1 - alpha * value
    halve = np.log(2) / -np.log(factor)
    print(f"{name:7} axis: factor {factor:.6f}, halves in {halve:,.0f} epochs")

# %%
# The part across the valley is halved every 15 epochs and is gone in about a
# hundred; the part along the floor takes 1,754 epochs to halve. That is the
# fast start and the slow finish. Why a larger step cannot simply fix it
# (the steep axis sets how large a step can be, the shallow one how slow the
# crawl is) is the argument of `the step size
# <plot_02_learning_rate.html>`_, made there in full.
#
# Exercises
# ---------
# Predict first, then change the code above and run it.
#
# **1. Other data, same valley?** Multiply every :math:`y` by ten
# (``y = 10 * y``). Do the curvatures change?
#
# .. dropdown:: Answer
#
#    No: they stay 0.3951 and 45.27. The Hessian holds only sums of x, so
#    the valley's shape does not depend on y; only where its minimum lies
#    does.
#
# **2. A round valley.** Centre the inputs first, ``x = x - x.mean()``.
# Which directions are the axes now, and what is the condition number?
#
# .. dropdown:: Answer
#
#    The off-diagonal entry becomes 0, so the axes are the w and b axes
#    themselves, with curvatures 8.944 and 2: the condition number falls from
#    114.57 to 4.47. The valley is not round yet (that needs scaling too, on
#    the feature-scaling page), but it is far less narrow.
#
# **3. Halving times.** At α = 0.01, ten times the article's step, how many
# epochs does each part of the error take to halve?
#
# .. dropdown:: Answer
#
#    Across the valley 1 epoch (the factor is 0.547), along the floor 175
#    epochs (the factor is 0.996). Ten times the step is about ten times
#    faster along the floor; the step-size page shows how far this goes.
