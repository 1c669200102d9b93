r"""
The derivation: from the cost to the update rule
================================================

Gradient descent fits a line by walking downhill on its cost. This lesson
writes the cost down, differentiates it by hand with the chain rule, checks the
result numerically, trains on six points and compares the answer with the
exact one. Every number on this page is printed by the code that computes it.
"""

# %%
# The model and the data
# ----------------------
# A straight line predicts :math:`\hat y = w x + b` from an input :math:`x`:
# :math:`w` is the slope (the *weight*) and :math:`b` the intercept (the
# *bias*). We fit it to the six points of the article this tutorial follows.

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
# The gradient, with the chain rule
# ---------------------------------
# :math:`J` is an average of squares of residuals, and each residual depends on
# :math:`w` and :math:`b`. The chain rule differentiates the outer square, then
# the residual inside it:
#
# .. math::
#
#    \frac{\partial J}{\partial w}
#      = \frac{1}{n} \sum_{i=1}^{n} 2 r_i \, \frac{\partial r_i}{\partial w}
#      = \frac{1}{n} \sum_{i=1}^{n} 2 r_i \, (-x_i)
#      = -\frac{2}{n} \sum_{i=1}^{n} x_i \bigl(y_i - (w x_i + b)\bigr),
#
#    \frac{\partial J}{\partial b}
#      = \frac{1}{n} \sum_{i=1}^{n} 2 r_i \, \frac{\partial r_i}{\partial b}
#      = \frac{1}{n} \sum_{i=1}^{n} 2 r_i \, (-1)
#      = -\frac{2}{n} \sum_{i=1}^{n} \bigl(y_i - (w x_i + b)\bigr).
#
# Together they form the gradient :math:`\nabla J = (\partial J/\partial w,\;
# \partial J/\partial b)`, the direction in which the cost rises fastest. A
# derivation is easy to get wrong by a sign or a factor of two, so check it:
# a central finite difference :math:`(J(w + h) - J(w - h)) / 2h` approximates
# each partial derivative, here at a few random points.

import numpy as np

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
# The update rule and the learning rate
# -------------------------------------
# To go downhill, step against the gradient. With a step size
# :math:`\alpha`, the *learning rate*, each epoch makes
#
# .. math::
#
#    w \leftarrow w - \alpha \frac{\partial J}{\partial w}, \qquad
#    b \leftarrow b - \alpha \frac{\partial J}{\partial b}.
#
# *Batch* gradient descent uses all :math:`n` points for every step. How big
# may :math:`\alpha` be? :math:`J` is exactly quadratic, with a constant matrix
# of second derivatives, the Hessian :math:`H`. Along each eigenvector of
# :math:`H` one step multiplies the distance to the minimum by
# :math:`1 - \alpha\lambda`, where :math:`\lambda` is that eigenvalue (the
# curvature in that direction). The distance shrinks only if
# :math:`|1 - \alpha\lambda| < 1` for both, that is if
# :math:`\alpha < 2/\lambda_{\max}`. Beyond that limit the steepest direction
# overshoots further every epoch and the run diverges.

from gdexplain import hessian, stability_limit

curvatures = np.linalg.eigvalsh(hessian(x))
alpha = 0.001
print(f"curvatures (eigenvalues of H): {curvatures.round(3)}")
print(f"condition number: {curvatures[1] / curvatures[0]:.1f}")
print(f"stability limit 2/lambda_max: {stability_limit(x):.4f}")
factors = 1 - alpha * curvatures
print(f"factors 1 - alpha*lambda at alpha = {alpha}: {factors.round(5)}")
tenfold = np.log(10) / -np.log(factors)
print(f"epochs to cut the error tenfold: {tenfold.round(0)}")

# %%
# The article's :math:`\alpha = 0.001` is safe, far below the limit, but the
# two curvatures differ by a factor of more than a hundred: the cost is a long,
# narrow valley. Across the valley (the steep direction) the error shrinks by a
# few percent per epoch and is gone within about a hundred epochs; along it
# (the shallow direction) the factor is barely below one, so the rest of the
# journey is a slow crawl along the valley floor that takes thousands.
#
# Training on the article's data
# ------------------------------
# 12,000 epochs from :math:`w = 3, b = -1`. Setting both partial derivatives to
# zero gives the exact answer directly (:func:`gdexplain.least_squares`), and
# scikit-learn solves the same problem its own way.

from sklearn.linear_model import LinearRegression

from gdexplain import gradient_descent, least_squares

history = gradient_descent(
    x, y, learning_rate=alpha, w=3.0, b=-1.0, n_epochs=12_000
)
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
# Watching it happen
# ------------------
# The contour map shows :math:`J(w, b)` from above; the path is the sequence of
# :math:`(w, b)` the updates visited, drawn at the article's 120 frames (every
# epoch to 50, every fifth to 100, then every 200th). Look for the big first
# steps straight down the steep wall, then the turn and the long crawl along
# the valley floor towards the marked minimum.

from gdexplain import animate_contour

contour = animate_contour(history)
contour

# %%
# The next pages show the same run from every side: :ref:`the fit
# <sphx_glr_auto_examples_plot_02_fit.py>`, :ref:`the slices
# <sphx_glr_auto_examples_plot_03_slices.py>`, :ref:`the contour map
# <sphx_glr_auto_examples_plot_04_contour.py>` and :ref:`the surface
# <sphx_glr_auto_examples_plot_05_surface.py>`.
