r"""
The cost and its gradient
=========================

Gradient descent fits a line by walking downhill on its cost. This lesson
writes the cost down, differentiates it by hand with the chain rule, checks the
result numerically, and turns it into the update rule that gradient descent
repeats. It needs only first-year calculus; every number on the page is
printed by the code that computes it.

The lesson follows Tobias Roeschl's article `Gradient Descent Animation:
1. Simple linear regression
<https://towardsdatascience.com/gradient-descent-animation-1-simple-linear-regression-e49315b24672>`_
(Towards Data Science): the same six points, start and learning rate. To run
this page yourself: ``pip install "gdexplain[examples]"`` (the extra installs
scikit-learn, used below for one cross-check).
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
# How wrong is a line? At each point :math:`i` take the *residual*
# :math:`r_i = \hat y_i - y_i = w x_i + b - y_i`, how far the line passes
# above the point (negative when it passes below). Square it, so that misses
# above and below both count, and average over the :math:`n` points. This is
# the mean squared error, the *cost* :math:`J`:
#
# .. math::
#
#    J(w, b) &= \frac{1}{n} \sum_{i=1}^{n} r_i^2 \\
#            &= \frac{1}{n} \sum_{i=1}^{n} (w x_i + b - y_i)^2 .
#
# The data are fixed, so :math:`J` depends only on :math:`w` and :math:`b`.
# Gradient descent starts from the article's line, :math:`w = 3, b = -1`:

from gdexplain import cost

print(f"J(3, -1) = {cost(x, y, w=3.0, b=-1.0):.4f}")

# %%
# The cost is known everywhere, not only where a run goes: ``cost`` accepts
# whole arrays of :math:`w` and :math:`b`, so one call evaluates it on a grid
# of lines. That is how the maps and surfaces of the next pages are drawn:
# from the data alone, before any training.

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
# A *partial derivative* is an ordinary derivative taken with the other
# variable held fixed: :math:`\partial J/\partial w` is the slope of
# :math:`J` when only :math:`w` changes. Each residual depends on :math:`w`
# with slope :math:`\partial r_i/\partial w = x_i`, and on :math:`b` with
# slope :math:`\partial r_i/\partial b = 1`. The chain rule differentiates
# the outer square, :math:`d(r^2)/dr = 2r`, then the residual inside it:
#
# .. math::
#
#    \frac{\partial J}{\partial w}
#      = \frac{1}{n} \sum_{i=1}^{n} 2 r_i \, \frac{\partial r_i}{\partial w}
#      = \frac{2}{n} \sum_{i=1}^{n} r_i \, x_i ,
#
#    \frac{\partial J}{\partial b}
#      = \frac{1}{n} \sum_{i=1}^{n} 2 r_i \, \frac{\partial r_i}{\partial b}
#      = \frac{2}{n} \sum_{i=1}^{n} r_i .
#
# Together they form the *gradient* :math:`\nabla J = (\partial J/\partial w,\;
# \partial J/\partial b)`, the direction in which the cost rises fastest. A
# derivation is easy to get wrong by a sign or a factor of two, so check it:
# a central finite difference :math:`(J(w + h) - J(w - h)) / 2h` approximates
# each partial derivative, here at a few random lines.

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
# The gradient points uphill, so to go downhill step against it. With a step
# size :math:`\alpha`, the *learning rate*, each update makes
#
# .. math::
#
#    w \leftarrow w - \alpha \frac{\partial J}{\partial w}, \qquad
#    b \leftarrow b - \alpha \frac{\partial J}{\partial b}.
#
# Gradient descent repeats this, from the start :math:`(3, -1)`, until the
# gradient is (nearly) zero. Each update here uses all :math:`n` points, one
# pass over the data, called an *epoch*; the later page on `stochastic
# descent <../faster/plot_02_stochastic.html>`_ updates after a few points
# instead.
#
# The learning rate matters. Too small, and the run crawls; too large, and each
# step overshoots the bottom by more than it started from, so the cost
# explodes. ``gdexplain.gradient_descent`` repeats the update for a given
# number of epochs and returns the whole run, epoch by epoch (`the next page
# <plot_02_loop.html>`_ writes that loop out by hand); ``run.final`` is its
# last state. The cost after ten epochs from the article's start (the
# default) for four learning rates (the last run is allowed to blow up, and
# stopped when it does):

from gdexplain import gradient_descent

for alpha in (0.0001, 0.001, 0.01, 0.05):
    run = gradient_descent(
        x, y, learning_rate=alpha, n_epochs=10, allow_divergence=True
    )
    print(f"alpha = {alpha:<6}: J after 10 epochs = {run.final.cost:10.3f}")

# %%
# Where exactly the line between "slow" and "explodes" lies, and which
# learning rate is fastest, is the subject of `the step size
# <../why_slow/plot_02_learning_rate.html>`_; the article's
# :math:`\alpha = 0.001` is safe.
#
# The gradient, pictured
# ----------------------
# Each partial derivative is a slope. Hold :math:`b` fixed and :math:`J` is a
# parabola in :math:`w`, the *slice* through the current line; the slope of
# its tangent there is :math:`\partial J/\partial w`. The same for :math:`b`.
#
# The formulas also say where the gradient comes from: it is a sum with one
# term per data point. Point :math:`i`'s term,
# :math:`\tfrac{2}{n} r_i (x_i, 1)`, is its *pull*; the pulls add up to
# :math:`\nabla J`, and the step goes against their sum. On the contour map
# of :math:`(w, b)` each point's arrow, in that point's colour, is its pull
# reversed:
# the way that point alone would move :math:`(w, b)`. Their sum, the black
# arrow, is :math:`-\nabla J`, the direction of the next step. Below, the
# article's run of 12,000 epochs at :math:`\alpha = 0.001`:

from gdexplain import animate_gradient, show

history = gradient_descent(
    x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000
)
pulls_video = animate_gradient(history)
show(pulls_video, "gradient.mp4")

# %%
# At the start the line lies above almost every point, so the pulls agree and
# their sum is large; at the end they nearly cancel. The pulls, and their sum,
# at the first and the last epoch (``history.at(epoch)`` is the run's state
# at that epoch):

from gdexplain import per_sample_gradients

for epoch in (0, 12_000):
    state = history.at(epoch)
    pulls = per_sample_gradients(x, y, state.w, state.b) / x.size
    total = pulls.sum(axis=0)
    dJ_dw, dJ_db = gradient(x, y, state.w, state.b)
    print(f"epoch {epoch:,}: residuals {(state.w * x + state.b - y).round(2)}")
    print(f"  pulls on w: {pulls[:, 0].round(3)}")
    print(f"  pulls on b: {pulls[:, 1].round(3)}")
    print(f"  their sum ({total[0]:+.4f}, {total[1]:+.4f})", end=" ")
    print(f"= grad J ({dJ_dw:+.4f}, {dJ_db:+.4f})")

# %%
# The exact answer
# ----------------
# At the lowest point both partial derivatives are zero. Setting them to zero
# gives two linear equations in :math:`w` and :math:`b`, the *normal
# equations*, whose solution is the least-squares line:
#
# .. math::
#
#    w^* = \frac{\sum_i (x_i - \bar x)(y_i - \bar y)}{\sum_i (x_i - \bar x)^2},
#
#    b^* = \bar y - w^* \bar x ,
#
# where :math:`\bar x` and :math:`\bar y` are the means of the
# :math:`x_i` and of the :math:`y_i`.
# ``gdexplain.least_squares`` computes it; so, its own way, does
# scikit-learn's ``LinearRegression``. The run pictured above, compared with
# both:

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
# Close, not exact: after 12,000 epochs the run is still a little short of
# the minimum. Most of the cost's drop came in the first hundred epochs, the
# rest is a slow crawl. Why is the subject of `curvature in pictures
# <../why_slow/plot_01_curvature.html>`_. First, `the loop by hand
# <plot_02_loop.html>`_ writes gradient descent out in a dozen lines, and
# the next pages show the run from every side: `the fit
# <plot_03_fit.html>`_, `the slices <plot_04_slices.html>`_, `the contour map
# <plot_05_contour.html>`_ and `the surface <plot_06_surface.html>`_.
#
# Exercises
# ---------
# Predict first, then change the code above and run it.
#
# **1. One step by hand.** At the start, :math:`(w, b) = (3, -1)`, the
# gradient is about :math:`(193.33, 35.67)`. Predict :math:`w` and :math:`b`
# after one update at :math:`\alpha = 0.001`, then check with
# ``gradient_descent(x, y, n_epochs=1).final``.
#
# .. dropdown:: Answer
#
#    w = 3 − 0.001 × 193.333 = 2.806667 and b = −1 − 0.001 × 35.667 =
#    −1.035667. The cost falls from 472.5 to 434.724928.
#
# **2. The bottom.** What is the gradient at the least-squares line? Predict,
# then print ``gradient(x, y, w_exact, b_exact)``.
#
# .. dropdown:: Answer
#
#    Zero in both parts, up to rounding: each part is smaller than 1e-12 in
#    size. The lowest point of a smooth cost is where its slope is zero in
#    every direction; that is how the normal equations were found.
#
# **3. Bigger steps, fewer epochs.** Run ten times the learning rate,
# :math:`\alpha = 0.01`, for a tenth of the epochs, 1,200. Will it end closer
# to the minimum than the article's run, farther, or about as close?
#
# .. dropdown:: Answer
#
#    About as close: w = −1.993641 against −1.993587. Each step moves about
#    α times the gradient, so both runs travel roughly the same way, one in
#    big steps and one in small ones. Steps too big for this rule of thumb
#    are the subject of the step-size page.
#
# Explore it yourself
# -------------------
# The `explorer <../explore/plot_01_explore.html#learning_rate=0.001&w=3&b=-1&n_epochs=12000>`_
# opens with the article's run: change the learning rate or the start (click
# the map) and watch the path change at once.
