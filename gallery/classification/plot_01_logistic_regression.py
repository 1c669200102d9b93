r"""
Logistic regression, derived
============================

A line predicts a number; a classifier answers yes or no. Logistic regression
keeps the line's score, :math:`z = w x + b`, and squashes it into a
probability with the sigmoid. This lesson writes down that model and its cost,
the cross-entropy, differentiates the cost by the chain rule through the
sigmoid, checks the result numerically, and runs gradient descent by hand
beside the library, Newton's method and scikit-learn.

It follows the idea of part 3 of Tobias Roeschl's series, "Animations of
Logistic Regression with Python"; its data were not published, so the
points here are our own (``gdexplain.classification_data``).
"""

# %%
# The data: hours studied, passed or not
# --------------------------------------
# Eighteen made-up students: :math:`x` is the hours each studied, :math:`y`
# is 1 if they passed and 0 if not. The two classes overlap: someone passed
# after 1.75 hours, someone failed after 4.5.

from gdexplain import classification_data

x, y = classification_data()
print("hours  =", x)
print("passed =", y.astype(int))
print(f"pass rate: {y.mean():.4f}")

# %%
# The sigmoid
# -----------
# The *sigmoid* (or logistic function) maps any number to one between 0 and 1:
#
# .. math::
#
#    \sigma(z) = \frac{1}{1 + e^{-z}} .
#
# It is 1/2 at :math:`z = 0`, near 1 for large :math:`z` and near 0 for very
# negative :math:`z`. The model reads :math:`p = \sigma(w x + b)` as the
# probability that the label is 1: the line's score, squashed. Where the score
# crosses 0, at :math:`x = -b/w`, the probability crosses 1/2: that is the
# model's boundary between "fail" and "pass".

import numpy as np

from gdexplain import predict


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


for z in (-4.0, 0.0, 4.0):
    print(f"sigma({z:+.0f}) = {sigmoid(z):.6f}")
print(
    "p at w = 1, b = -3:",
    predict(x[:3], w=1.0, b=-3.0, model="logistic").round(4),
)

# %%
# The cost: the cross-entropy
# ---------------------------
# How wrong is a probability? A point labelled 1 should get a high :math:`p`,
# one labelled 0 a low :math:`p`. Take the probability the model gave to what
# actually happened, :math:`p_i` for a 1 and :math:`1 - p_i` for a 0, and
# score it by its negative logarithm: 0 for a sure and right answer, growing
# without bound for a sure and wrong one. Averaged over the points, this is
# the *cross-entropy*:
#
# .. math::
#
#    \begin{aligned}
#    J(w, b) = -\frac{1}{n} \sum_{i=1}^{n} \bigl[&y_i \log p_i \\
#    &+ (1 - y_i) \log(1 - p_i)\bigr] .
#    \end{aligned}
#
# Each point uses one of the two terms, since :math:`y_i` is 0 or 1. At
# :math:`w = b = 0` every :math:`p_i = 1/2`, so :math:`J = \log 2` whatever
# the data. ``cost(..., model="logistic")`` computes it without overflow for
# any score; scikit-learn calls it ``log_loss``.

from sklearn.metrics import log_loss

from gdexplain import cost

for w, b in ((0.0, 0.0), (1.0, -3.0)):
    p = sigmoid(w * x + b)
    by_hand = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    print(f"J({w:g}, {b:g}): by hand {by_hand:.6f}, ", end="")
    print(f"gdexplain {cost(x, y, w, b, model='logistic'):.6f}, ", end="")
    print(f"scikit-learn {log_loss(y, p):.6f}")

# %%
# The chain rule through the sigmoid
# ----------------------------------
# The sigmoid's derivative is itself times its complement:
#
# .. math::
#
#    \sigma'(z) = \frac{e^{-z}}{(1 + e^{-z})^2} = \sigma(z)\bigl(1 - \sigma(z)\bigr) .
#
# One point's cost is :math:`\ell_i = -[y_i \log p_i + (1 - y_i)\log(1 - p_i)]`
# with :math:`p_i = \sigma(z_i)` and :math:`z_i = w x_i + b`. Take the chain a
# link at a time:
#
# .. math::
#
#    \frac{\partial \ell_i}{\partial p_i} = -\frac{y_i}{p_i} + \frac{1 - y_i}{1 - p_i}
#    = \frac{p_i - y_i}{p_i (1 - p_i)},
#
#    \frac{\partial p_i}{\partial z_i} = p_i (1 - p_i), \qquad
#    \frac{\partial z_i}{\partial w} = x_i, \qquad \frac{\partial z_i}{\partial b} = 1 .
#
# The :math:`p_i(1 - p_i)` cancels, and averaging over the points leaves
#
# .. math::
#
#    \frac{\partial J}{\partial w} = \frac{1}{n} \sum_{i=1}^{n} (p_i - y_i)\, x_i,
#
#    \frac{\partial J}{\partial b} = \frac{1}{n} \sum_{i=1}^{n} (p_i - y_i),
#
# or, with :math:`\tilde X` the matrix whose rows are :math:`(x_i, 1)`:
# :math:`\nabla J = \tfrac{1}{n} \tilde X^\top (p - y)`.
# It has the form of linear regression's gradient,
# :math:`\tfrac{2}{n} \tilde X^\top (\hat y - y)`: the errors :math:`p - y`
# in place of the residuals, and no factor 2. Checked by finite differences:

from gdexplain import gradient

step = 1e-6
derivative = sigmoid(0.8) * (1 - sigmoid(0.8))
slope = (sigmoid(0.8 + step) - sigmoid(0.8 - step)) / (2 * step)
print(
    f"sigma'(0.8): formula {derivative:.10f}, difference quotient {slope:.10f}"
)


def cross_entropy(w, b):
    return cost(x, y, w, b, model="logistic")


w, b = 1.0, -3.0
p = sigmoid(w * x + b)
formula = np.array([np.mean((p - y) * x), np.mean(p - y)])
numeric = np.array(
    [
        cross_entropy(w + step, b) - cross_entropy(w - step, b),
        cross_entropy(w, b + step) - cross_entropy(w, b - step),
    ]
) / (2 * step)
library = np.array(gradient(x, y, w, b, model="logistic"))
print("gradient, formula:   ", formula.round(8))
print("gradient, numerical: ", numeric.round(8))
print("gradient, gdexplain: ", library.round(8))
print(f"largest difference: {np.max(np.abs(formula - numeric)):.1e}")

# %%
# The loop by hand
# ----------------
# Gradient descent is the foundations' loop with the new gradient:
# :math:`w \leftarrow w - \alpha\, \partial J/\partial w` and
# :math:`b \leftarrow b - \alpha\, \partial J/\partial b`. From
# :math:`w = b = 0`, with :math:`\alpha = 0.5`, for 5,000 epochs, beside
# ``gradient_descent(..., model="logistic")``:

from gdexplain import gradient_descent

alpha, n_epochs = 0.5, 5_000
w, b = 0.0, 0.0
for _ in range(n_epochs):
    p = sigmoid(w * x + b)
    w, b = w - alpha * np.mean((p - y) * x), b - alpha * np.mean(p - y)

run = gradient_descent(
    x,
    y,
    learning_rate=alpha,
    w=0.0,
    b=0.0,
    n_epochs=n_epochs,
    model="logistic",
)
final = run.final
print(f"by hand:   w = {w:.8f}, b = {b:.8f}")
print(f"gdexplain: w = {final.w:.8f}, b = {final.b:.8f}")
print(f"largest difference: {max(abs(w - final.w), abs(b - final.b)):.1e}")

# %%
# The run, Newton's method and scikit-learn
# -----------------------------------------
# Unlike least squares, setting the gradient to zero has no closed-form
# solution here. ``optimum(..., model="logistic")`` finds it by Newton's
# method, to machine precision; scikit-learn's ``LogisticRegression`` without
# regularisation (``C=np.inf``) finds it its own way. The run agrees with both:

from sklearn.linear_model import LogisticRegression

from gdexplain import optimum

w_star, b_star = optimum(x, y, model="logistic")
sk = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000)
sk.fit(x.reshape(-1, 1), y)
J_star = cost(x, y, w_star, b_star, model="logistic")
print(f"gradient descent, epoch {final.epoch:,}:", end=" ")
print(f"w = {final.w:.6f}, b = {final.b:.6f}")
print(f"Newton's method (optimum): w = {w_star:.6f}, b = {b_star:.6f}")
print(f"scikit-learn: w = {sk.coef_[0, 0]:.6f}, b = {sk.intercept_[0]:.6f}")
print(f"cost at the optimum: {J_star:.6f}")
print(f"boundary: p = 1/2 at {-b_star / w_star:.4f} hours")

# %%
# The fitted curve
# ----------------
# The start, :math:`w = b = 0`, says 1/2 to everyone. The fitted sigmoid
# rises through the overlap of the two classes and crosses 1/2 at the
# dotted vertical line, near 2.95 hours: below it the model's better guess
# is "fail", above it "pass".

import matplotlib.pyplot as plt

from gdexplain.plots import sigmoid_fit

fig, ax = plt.subplots(figsize=(5.9, 3.4), layout="constrained")
sigmoid_fit(x, y, 0.0, 0.0, ax=ax, label="start, $w = b = 0$")
sigmoid_fit(
    x, y, w_star, b_star, ax=ax, label="fitted", xlabel="hours studied"
)
ax.set_title("the logistic model over the 0/1 labels")
plt.show()

# %%
# Watching it learn
# -----------------
# The run of 5,000 epochs above, drawn as it goes: left, the sigmoid
# :math:`p = \sigma(w x + b)` over the labels, each point's predicted
# probability :math:`p_i` marked on the curve and joined to its label (the
# classifier's version of a residual); right, :math:`w`, :math:`b` and the
# cost's height above the optimum, :math:`J - J^*`, against epoch.

from gdexplain import animate_fit, frame_schedule, show

shown = frame_schedule(
    5_000,
    breakpoints=[10, 100, 1_000],
    steps=[2, 20, 200, 1_000],
    endpoint=True,
)
# Each epoch held for two frames: slow enough to follow, light to load.
learning = animate_fit(run, epochs=np.repeat(shown, 2), dpi=80)
print(f"{len(shown)} epochs shown, 0 to {shown[-1]:,}")
show(learning, "sigmoid_fit.mp4")

# %%
# Two features: a boundary
# ------------------------
# With two features, :math:`p = \sigma(w_1 x_1 + w_2 x_2 + b)`, and the
# model says "1" where the score :math:`w_1 x_1 + w_2 x_2 + b` is positive:
# its *decision boundary* :math:`p = 1/2` is the line where the score is 0.
# The faint lines are :math:`p = 1/4` and :math:`p = 3/4`, where the score is
# :math:`\mp \log 3`: they close in as the model grows confident. Our
# two-feature set (``classification_data(features=2)``), 40 points, trained
# from :math:`w = 0, b = 0` at :math:`\alpha = 0.05`:

from gdexplain import animate_boundary

x2, y2 = classification_data(features=2)
run2 = gradient_descent(
    x2, y2, model="logistic", learning_rate=0.05, n_epochs=20_000
)
shown2 = frame_schedule(
    20_000,
    breakpoints=[10, 100, 1_000],
    steps=[2, 20, 200, 2_000],
    endpoint=True,
)
boundary = animate_boundary(run2, epochs=np.repeat(shown2, 2), dpi=80)
w2_star, b2_star = optimum(x2, y2, model="logistic")
print(f"epoch 20,000: w = {run2.final.w.round(4)}, b = {run2.final.b:.4f}")
print(f"optimum:      w = {w2_star.round(4)}, b = {b2_star:.4f}")
show(boundary, "boundary.mp4")

# %%
# Exercises
# ---------
# Predict first, then change one line and run.
#
# 1. At the optimum, :math:`\partial J/\partial b = \tfrac1n \sum_i (p_i - y_i) = 0`.
#    What does that say about the mean of the fitted probabilities? Check it
#    with ``predict(x, w_star, b_star, model="logistic").mean()``.
#
#    .. dropdown:: Answer
#
#       The probabilities average the labels: the mean of :math:`p_i` is
#       the pass rate, 9/18 = 0.5, however the points lie.
#
# 2. Predict the probability of passing after 3 hours of study, from
#    :math:`w^*` and :math:`b^*` printed above.
#
#    .. dropdown:: Answer
#
#       The score is :math:`1.047755 \times 3 - 3.093864 = 0.0494`, just
#       above 0, so :math:`p = \sigma(0.0494) = 0.5123`: a little better than
#       even, since 3 hours is just past the boundary at 2.9528 hours.
#
# 3. Run the loop with :math:`\alpha = 0.05` instead of 0.5, still for 5,000
#    epochs. Predict whether it gets as close to the optimum.
#
#    .. dropdown:: Answer
#
#       No: with steps ten times smaller it is still 0.0089 away from
#       :math:`(w^*, b^*)` after 5,000 epochs (``run.distance_to_minimum()``
#       tells), where the run with 0.5 is within 1e-13.
