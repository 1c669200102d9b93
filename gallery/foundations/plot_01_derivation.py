r"""
The derivation: from the cost to the update rule
================================================

Gradient descent fits a line by walking downhill on its cost. This lesson
writes the cost down, differentiates it by hand with the chain rule, checks the
result numerically, trains on six points and compares the answer with the
exact one. Every number on this page is printed by the code that computes it.

To run this page yourself: ``pip install "gdexplain[examples]"`` (the extra
installs scikit-learn, used below for one cross-check).

The article and this site
-------------------------
The lesson follows Tobias Roeschl's article
`Gradient Descent Animation: 1. Simple linear regression
<https://towardsdatascience.com/gradient-descent-animation-1-simple-linear-regression-e49315b24672>`_
(Towards Data Science), and its notebook,
`BundleOfKent/Animation_SimpleLinReg
<https://github.com/BundleOfKent/Animation_SimpleLinReg>`_: the same six
points, the same start, learning rate and number of epochs, and the same
three animations. What this site adds:

* the numbers are exact and checked: the package's tests compare every formula
  with finite differences, the closed-form answer and scikit-learn, and every
  number a page quotes is printed by the code beside it;
* the reason the run slows down: the Hessian of the cost, whose two
  curvatures differ by a factor of more than a hundred, predicts how fast each
  part of the error shrinks;
* the animations draw the unchanging parts of a figure once and only the
  moving parts per frame, instead of redrawing every frame;
* the pages, videos and formulas work offline, and each page can be
  downloaded as a script or a notebook that makes the same animations;
* pages beyond the article: a step size near the stability limit, and how
  the article itself made its animations.
"""

# %%
# The model and the data
# ----------------------
# A straight line predicts :math:`\hat y = w x + b` from an input :math:`x`:
# :math:`w` is the slope (the *weight*) and :math:`b` the intercept (the
# *bias*). We fit it to the article's six points.

from gdexplain import article_data

x, y = article_data()
print("x =", x)
print("y =", y)

# %%
# The cost
# --------
# How wrong is a line? Take each point's *residual*, the vertical gap
# :math:`r_i = y_i - (w x_i + b)`, square it so that misses above and below
# both count, and average over the :math:`n` points. This is the mean squared
# error, the cost :math:`J`:
#
# .. math::
#
#    J(w, b) = \frac{1}{n} \sum_{i=1}^{n} \bigl(y_i - (w x_i + b)\bigr)^2 .
#
# The data are fixed, so :math:`J` depends only on :math:`w` and :math:`b`.
# Gradient descent starts from the article's line, :math:`w = 3, b = -1`:

from gdexplain import cost

print(f"J(3, -1) = {cost(x, y, w=3.0, b=-1.0):.4f}")

# %%
# The cost is known everywhere, not only where the run goes: ``cost``
# accepts whole arrays of :math:`w` and :math:`b`, so one call evaluates it
# on a grid of lines that gradient descent never tries. That is how the
# contour maps and surfaces of the next pages are drawn: from the data alone,
# before and independently of any training.

import numpy as np

w_grid, b_grid = np.meshgrid(np.linspace(-4, 4, 81), np.linspace(-4, 6, 101))
J_grid = cost(x, y, w_grid, b_grid)
lowest = np.unravel_index(np.argmin(J_grid), J_grid.shape)
print(f"{J_grid.size:,} lines evaluated, grid shape {J_grid.shape}")
print(
    f"lowest on the grid: J = {J_grid[lowest]:.4f}"
    f" at w = {w_grid[lowest]:+.1f}, b = {b_grid[lowest]:+.1f}"
)

# %%
# The gradient, with the chain rule
# ---------------------------------
# :math:`J` is an average of squares of residuals, and each residual depends on
# :math:`w` and :math:`b`. The chain rule differentiates the outer square, then
# the residual inside it:
#
# .. math::
#
#    \frac{\partial J}{\partial w}
#      &= \frac{1}{n} \sum_{i=1}^{n} 2 r_i \, \frac{\partial r_i}{\partial w}
#       = \frac{1}{n} \sum_{i=1}^{n} 2 r_i \, (-x_i) \\
#      &= -\frac{2}{n} \sum_{i=1}^{n} x_i \bigl(y_i - (w x_i + b)\bigr),
#      \\[2ex]
#    \frac{\partial J}{\partial b}
#      &= \frac{1}{n} \sum_{i=1}^{n} 2 r_i \, \frac{\partial r_i}{\partial b}
#       = \frac{1}{n} \sum_{i=1}^{n} 2 r_i \, (-1) \\
#      &= -\frac{2}{n} \sum_{i=1}^{n} \bigl(y_i - (w x_i + b)\bigr).
#
# Together they form the gradient :math:`\nabla J = (\partial J/\partial w,\;
# \partial J/\partial b)`, the direction in which the cost rises fastest. A
# derivation is easy to get wrong by a sign or a factor of two, so check it:
# a central finite difference :math:`(J(w + h) - J(w - h)) / 2h` approximates
# each partial derivative, here at a few random points.

from gdexplain import gradient

rng = np.random.default_rng(seed=0)
h = 1e-6
print("      w       b |      dJ/dw  finite diff. |      dJ/db  finite diff.")
for w0, b0 in rng.uniform(-5, 5, size=(3, 2)):
    dJ_dw, dJ_db = gradient(x, y, w0, b0)
    fd_w = (cost(x, y, w0 + h, b0) - cost(x, y, w0 - h, b0)) / (2 * h)
    fd_b = (cost(x, y, w0, b0 + h) - cost(x, y, w0, b0 - h)) / (2 * h)
    print(
        f"{w0:+7.3f} {b0:+7.3f} | {dJ_dw:+10.5f} {fd_w:+13.5f} |"
        f" {dJ_db:+10.5f} {fd_b:+13.5f}"
    )

# %%
# The gradient, pictured
# ----------------------
# Each partial derivative is a slope. Hold :math:`b` fixed and :math:`J` is a
# parabola in :math:`w`, the *slice* through the current point; the slope of
# its tangent there is :math:`\partial J/\partial w`. The same for :math:`b`.
# Below, both slices and their tangents follow the article's run (trained
# here, and examined in the rest of this page).
#
# The formulas also say where the gradient comes from: it is a sum with one
# term per data point. Point :math:`i` contributes
# :math:`\tfrac{2}{n} r_i (x_i, 1)` to :math:`-\nabla J`: a *pull* on
# :math:`(w, b)` along :math:`(x_i, 1)`, as strong as its residual
# :math:`r_i` is long, towards the line that would pass closer to it. On the
# map (top right) each point's pull is an arrow in that point's colour, and
# their sum, the black arrow, is :math:`-\nabla J`: the direction of the next
# step. At the start the line lies above almost every point, so the pulls
# agree and the sum is large; near the end they nearly cancel. The arrows are
# rescaled in each frame so that the longest keeps its length.

from gdexplain import animate_gradient, gradient_descent, show

history = gradient_descent(
    x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000
)
gradient_animation = animate_gradient(history)
show(gradient_animation, "gradient.mp4")

# %%
# The pulls, and their sum, at the start and at the end of the run:

from gdexplain import per_sample_gradients

for epoch in (0, 12_000):
    state = history.at(epoch)
    pulls = -per_sample_gradients(x, y, state.w, state.b) / x.size
    total = pulls.sum(axis=0)
    dJ_dw, dJ_db = gradient(x, y, state.w, state.b)
    print(f"epoch {epoch:,}: residuals {history.residuals(epoch).round(2)}")
    print(f"  pulls on w: {pulls[:, 0].round(3)}")
    print(f"  pulls on b: {pulls[:, 1].round(3)}")
    print(f"  their sum ({total[0]:+.4f}, {total[1]:+.4f})", end=" ")
    print(f"= -grad J ({-dJ_dw:+.4f}, {-dJ_db:+.4f})")

# %%
# The update rule, epochs and batches
# -----------------------------------
# To go downhill, step against the gradient. With a step size
# :math:`\alpha`, the *learning rate*, each update makes
#
# .. math::
#
#    w \leftarrow w - \alpha \frac{\partial J}{\partial w}, \qquad
#    b \leftarrow b - \alpha \frac{\partial J}{\partial b}.
#
# An *epoch* is one pass over all the training data. The variants of
# gradient descent differ in how much of the data each update looks at:
#
# * *batch* gradient descent, the article's and this lesson's, computes the
#   gradient from all :math:`n` points, so it makes one update per epoch;
# * *stochastic* gradient descent updates after every single point, using
#   that point's residual alone: :math:`n` noisy updates per epoch;
# * *mini-batch* gradient descent updates after every few points, a
#   compromise between the two.
#
# On six points batch descent is cheap, and its path is deterministic: the
# same start always gives the same run. Later pages build the other two.

# %%
# The Hessian: why the run is fast, then slow
# -------------------------------------------
# Differentiate the gradient once more and the data's sums appear as the
# matrix of second derivatives, the *Hessian*:
#
# .. math::
#
#    H &= \begin{pmatrix}
#          \partial^2 J/\partial w^2 & \partial^2 J/\partial w\,\partial b \\
#          \partial^2 J/\partial b\,\partial w & \partial^2 J/\partial b^2
#        \end{pmatrix} \\
#      &= \frac{2}{n} \begin{pmatrix}
#          \sum x_i^2 & \sum x_i \\
#          \sum x_i & n
#        \end{pmatrix}.
#
# It does not depend on :math:`w` or :math:`b`: :math:`J` is exactly
# quadratic. Its determinant is :math:`\tfrac{4}{n} \sum (x_i - \bar x)^2`,
# positive unless every :math:`x_i` is equal, and so is its trace; both
# eigenvalues are then positive, :math:`H` is *positive definite* and
# :math:`J` is *convex*: a bowl with a single lowest point, where gradient
# descent cannot get stuck anywhere else.

from gdexplain import hessian

H = hessian(x)
curvatures, axes = np.linalg.eigh(H)
print(f"H =\n{H.round(4)}")
spread = np.sum((x - x.mean()) ** 2)
print(f"determinant {np.linalg.det(H):.4f}", end=" = ")
print(f"4/n sum (x - mean x)^2 = {4 / x.size * spread:.4f}")
print(f"eigenvalues (curvatures): {curvatures.round(4)}")
kappa = curvatures[1] / curvatures[0]
print(f"condition number lambda_max / lambda_min: {kappa:.1f}")

# %%
# Because :math:`J` is quadratic, its gradient is exactly
# :math:`\nabla J(\theta) = H(\theta - \theta^*)`, with
# :math:`\theta = (w, b)` and :math:`\theta^*` the minimum. Write
# :math:`e_k = \theta_k - \theta^*` for the error after :math:`k` epochs; one
# update turns it into
#
# .. math::
#
#    e_{k+1} = e_k - \alpha H e_k = (I - \alpha H)\, e_k .
#
# Split the error along the two eigenvectors of :math:`H`. Along an
# eigenvector with eigenvalue :math:`\lambda`, :math:`(I - \alpha H)` only
# multiplies, so that component of the error is multiplied by
# :math:`1 - \alpha\lambda` every epoch: it shrinks by the factor
# :math:`|1 - \alpha\lambda|`, and flips sign too if
# :math:`1 - \alpha\lambda < 0`. It shrinks only if
# :math:`|1 - \alpha\lambda| < 1` for both eigenvalues, that is if
# :math:`\alpha < 2/\lambda_{\max}`. Beyond that limit the steepest direction
# overshoots further every epoch and the run diverges.

from gdexplain import stability_limit

alpha = 0.001
factors = 1 - alpha * curvatures
print(f"stability limit 2/lambda_max: {stability_limit(x):.4f}")
print(f"factors 1 - alpha*lambda at alpha = {alpha}: {factors.round(5)}")
tenfold = np.log(10) / -np.log(factors)
print(f"epochs to cut each component tenfold: {tenfold.round(0)}")

# %%
# The article's :math:`\alpha = 0.001` is safe, far below the limit, but the
# two curvatures differ by a factor of more than a hundred: the cost is a long,
# narrow valley. Across the valley (the steep direction) the error shrinks by a
# few percent per epoch and is gone within about a hundred epochs; along it
# (the shallow direction) the factor is barely below one, so the rest of the
# journey is a slow crawl along the valley floor that takes thousands.
#
# The exact answer
# ----------------
# Setting both partial derivatives to zero gives two linear equations in
# :math:`w` and :math:`b`, the *normal equations*. Their solution is the
# least-squares line:
#
# .. math::
#
#    w^* = \frac{\sum_i (x_i - \bar x)(y_i - \bar y)}{\sum_i (x_i - \bar x)^2},
#    \qquad
#    b^* = \bar y - w^* \bar x .
#
# ``gdexplain.least_squares`` computes it; so, its own way, does
# scikit-learn's ``LinearRegression``.
#
# Training on the article's data
# ------------------------------
# The run pictured above, 12,000 epochs at :math:`\alpha = 0.001` from
# :math:`w = 3, b = -1`, compared with both:

from sklearn.linear_model import LinearRegression

from gdexplain import least_squares

w_exact, b_exact = least_squares(x, y)
sk = LinearRegression().fit(x.reshape(-1, 1), y)
final = history.final
print(f"gradient descent, epoch {final.epoch}:", end=" ")
print(f"w = {final.w:.6f}, b = {final.b:.6f}")
print(f"least squares:  w = {w_exact:.6f}, b = {b_exact:.6f}")
print(f"scikit-learn:   w = {sk.coef_[0]:.6f}, b = {sk.intercept_:.6f}")
print(f"cost after descent: {final.cost:.6f}")
print(f"cost at the minimum: {cost(x, y, w_exact, b_exact):.6f}")

# %%
# The recursion predicts the run without running it: the error starts with
# some amount along each eigenvector, and after :math:`k` epochs each amount
# has been multiplied by its factor :math:`k` times. Measured from the run
# and predicted from the two factors alone:

theta_exact = np.array([w_exact, b_exact])
start = axes.T @ (np.array([3.0, -1.0]) - theta_exact)  # (slow, fast)
print("epoch |     slow part: run  predicted |    fast part: run  predicted")
for k in (0, 50, 100, 200, 12_000):
    state = history.at(k)
    measured = axes.T @ (np.array([state.w, state.b]) - theta_exact)
    predicted = start * factors**k
    print(
        f"{k:5} | {measured[0]:+14.5f} {predicted[0]:+10.5f} |"
        f" {measured[1]:+14.1e} {predicted[1]:+10.1e}"
    )

# %%
# The fast part is gone to rounding error long before epoch 12,000; what is
# left of the error then lies along the valley floor.

# %%
# The next pages show the same run from every side:
# `the fit <plot_03_fit.html>`_, `the slices <plot_04_slices.html>`_,
# `the contour map <plot_05_contour.html>`_ and
# `the surface <plot_06_surface.html>`_.

# %%
# Explore it yourself
# -------------------
# The `explorer <../explore/plot_01_explore.html#learning_rate=0.001&w=3&b=-1&n_epochs=12000>`_ opens with the article's run: change the
# learning rate, the start (click the map), the momentum or the number of epochs
# and watch the path change at once.
