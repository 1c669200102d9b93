r"""
The gradient in vector form
===========================

Part 2 of the article series fits a plane,
:math:`\hat y = w_1 x_1 + w_2 x_2 + b`, to six points with two features. Its
gradient is the foundations' partial derivatives, one per parameter, stacked
into one vector: a single product of a matrix with the residuals. Written as a
loop of three lines, it gives the library's run.
"""

# %%
# From partial derivatives to one product
# ---------------------------------------
# With the residuals :math:`r_i = \hat y_i - y_i`, the
# `derivation <../foundations/plot_01_derivation.html>`__ gave
# :math:`\partial J/\partial w = \tfrac{2}{n}\sum_i x_i r_i` and
# :math:`\partial J/\partial b = \tfrac{2}{n}\sum_i r_i`. With :math:`p`
# features each weight has its own sum, with its own column:
#
# .. math::
#
#    \frac{\partial J}{\partial w_j} = \frac{2}{n} \sum_{i=1}^{n} x_{ij}\, r_i .
#
# Put the features in a matrix :math:`X` (one row per point) and add a column
# of ones for :math:`b`: :math:`\tilde X = (X, 1)` and
# :math:`\theta = (w_1, \dots, w_p, b)`. Then the residuals are
# :math:`r = \tilde X\theta - y`, and row :math:`j` of :math:`\tilde X^\top r`
# is the sum for column :math:`j`; the column of ones gives :math:`b`'s:
#
# .. math::
#
#    \nabla J = \frac{2}{n}\, \tilde X^\top (\tilde X \theta - y) .

import numpy as np

from gdexplain import article_data, gradient

X, y = article_data(part=2)
X_tilde = np.column_stack((X, np.ones(len(y))))
theta = np.array([3.0, 3.0, -1.0])  # the article's start: w = (3, 3), b = -1
by_hand = 2 / len(y) * X_tilde.T @ (X_tilde @ theta - y)
dJ_dw, dJ_db = gradient(X, y, w=theta[:2], b=theta[2])
print(f"by hand:   {by_hand.round(4)}")
print(f"gdexplain: {np.append(dJ_dw, dJ_db).round(4)}")

# %%
# The loop by hand
# ----------------
# Each epoch steps against that vector, all three parameters at once:
# :math:`\theta \leftarrow \theta - \alpha \nabla J(\theta)`. Here is the
# article's step, :math:`\alpha = 0.001`, for 1,000 epochs, beside
# ``gradient_descent()`` given the same ``X`` (and ``w`` as a
# vector of two weights).

from gdexplain import gradient_descent

alpha, n_epochs = 0.001, 1_000
theta = np.array([3.0, 3.0, -1.0])
for _ in range(n_epochs):
    theta = theta - alpha * 2 / len(y) * X_tilde.T @ (X_tilde @ theta - y)

run = gradient_descent(
    X, y, learning_rate=alpha, w=[3.0, 3.0], b=-1.0, n_epochs=n_epochs
)
library = np.append(run.final.w, run.final.b)
print(f"by hand, epoch {n_epochs:,}:   {theta.round(6)}")
print(f"gdexplain, epoch {n_epochs:,}: {library.round(6)}")
print(f"largest difference: {np.max(np.abs(theta - library)):.1e}")

# %%
# Three parameters, one step each epoch
# -------------------------------------
# The run records every epoch: ``run.w`` now has one column per weight.
# After 1,000 epochs :math:`w_1` is at :math:`-5.20` and :math:`b` at 0.28,
# far from the minimum's :math:`-6.76` and 7.23 (the
# `next page <plot_02_article_run.html>`__ reaches them): the three move
# together, slowly. Why is the subject of the
# `fixed-intercept page <plot_03_fixed_b.html>`__.

import matplotlib.pyplot as plt

from gdexplain.animation import style

fig, ax = plt.subplots(figsize=(5.9, 3.6), layout="constrained")
ax.plot(run.epoch, run.w[:, 0], color=style.W, label="$w_1$")
ax.plot(run.epoch, run.w[:, 1], color=style.W, ls="--", label="$w_2$")
ax.plot(run.epoch, run.b, color=style.B, label="$b$")
ax.set(
    xlabel="epoch",
    ylabel="value",
    title="the article's part 2, first 1,000 epochs",
)
ax.legend(ncols=3)
plt.show()

# %%
# Exercises
# ---------
# Predict first, then change one line and run.
#
# 1. At the start, :math:`\theta = (3, 3, -1)`, the last entry of the
#    gradient is :math:`b`'s. Predict it from the foundations' formula,
#    :math:`\tfrac{2}{n}\sum_i r_i`, with the mean residual.
#
#    .. dropdown:: Answer
#
#       The residuals average 37.5, so :math:`\partial J/\partial b = 2
#       \times 37.5 = 75.0`, the last entry printed above.
#
# 2. Add a third column equal to :math:`x_1 + x_2` and ask
#    ``least_squares`` for the minimum. Predict what happens.
#
#    .. dropdown:: Answer
#
#       It refuses: "columns 0, 1, 2 of x are collinear". Any amount added
#       to :math:`w_3` can be taken off :math:`w_1` and :math:`w_2`, so the
#       valley has a flat floor and no single lowest point.
#
# 3. Differentiate :math:`\nabla J` once more: predict the Hessian's first
#    and last diagonal entries, then print ``hessian(X)``.
#
#    .. dropdown:: Answer
#
#       :math:`H = \tfrac{2}{n}\tilde X^\top \tilde X`, the same everywhere.
#       Its first entry is :math:`\tfrac{2}{6}\sum_i x_{i1}^2 = 43.67`; its
#       last is :math:`\tfrac{2}{6} \times 6 = 2`, from the column of ones.
