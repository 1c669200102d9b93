r"""
Why not the squared error?
==========================

The foundations fitted a line by the mean squared error. Why does logistic
regression switch to the cross-entropy, instead of keeping the squared error
with the sigmoid's probability in place of the line? This lesson differentiates
the squared error of a sigmoid twice, finds where it bends the wrong way (not
convex), watches a run stall on its plateau where the cross-entropy's run does
not, and shows that the cross-entropy's curvature is never negative.
"""

# %%
# The squared error of a sigmoid
# ------------------------------
# Keep the model, :math:`p_i = \sigma(w x_i + b)`, and score it as the
# foundations scored a line:
#
# .. math::
#
#    J_{\text{sq}}(w, b) = \frac{1}{n} \sum_{i=1}^{n} (p_i - y_i)^2 .
#
# The chain rule goes through the sigmoid as in the `derivation
# <plot_01_logistic_regression.html>`__, with
# :math:`\sigma' = \sigma(1 - \sigma)`, but now nothing cancels it:
#
# .. math::
#
#    \nabla J_{\text{sq}} = \frac{2}{n} \sum_{i=1}^{n}
#    (p_i - y_i)\, p_i (1 - p_i)\, \tilde x_i,
#    \qquad \tilde x_i = (x_i, 1) .
#
# A point the model is sure about, :math:`p_i` near 0 or 1, pulls with the
# factor :math:`p_i(1 - p_i)`, near 0, even when it is sure and *wrong*.
# The cross-entropy's gradient is :math:`\tfrac1n \sum_i (p_i - y_i)\,\tilde x_i`:
# a wrong point pulls with all of its error. Start from a model that is
# confidently wrong, :math:`w = -3, b = 6` (it predicts that studying makes
# students fail):

import numpy as np

from gdexplain import classification_data, gradient

x, y = classification_data()
X_tilde = np.column_stack((x, np.ones(len(x))))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def squared_error_gradient(w, b):
    p = sigmoid(w * x + b)
    return 2 * X_tilde.T @ ((p - y) * p * (1 - p)) / len(x)


start = (-3.0, 6.0)
g_sq = squared_error_gradient(*start)
g_ce = np.array(gradient(x, y, *start, model="logistic"))
print(f"squared error: gradient {g_sq.round(5)}, length {np.hypot(*g_sq):.4f}")
print(f"cross-entropy: gradient {g_ce.round(5)}, length {np.hypot(*g_ce):.4f}")

# %%
# Where it bends the wrong way
# ----------------------------
# Differentiate once more. Each point adds :math:`c_i\, \tilde x_i \tilde x_i^\top`
# to the Hessian, with
#
# .. math::
#
#    H_{\text{sq}} = \frac{2}{n} \sum_{i=1}^{n} c_i\, \tilde x_i \tilde x_i^\top,
#    \qquad c_i = p_i(1 - p_i)\bigl[p_i(1 - p_i) + (p_i - y_i)(1 - 2p_i)\bigr] .
#
# Take a point on the wrong side, say a 1 with :math:`p_i < 1/2`: then
# :math:`p_i - y_i` is negative and :math:`1 - 2p_i` positive, their product
# is negative, and for a sure enough mistake it outweighs
# :math:`p_i(1 - p_i)`: :math:`c_i < 0`. Enough such points and the Hessian
# has a negative eigenvalue: along that direction the cost curves down, like
# the top of a hill, not a valley. The cross-entropy's Hessian,
# ``hessian(x, w, b, model="logistic")``, has weights :math:`p_i(1 - p_i)`
# instead, never negative. The eigenvalues of both Hessians at
# :math:`(0, 0)` and at :math:`(-1, 3)`; first, the squared error's formula
# checked against finite differences of its gradient:

from gdexplain import hessian


def squared_error_hessian(w, b):
    p = sigmoid(w * x + b)
    c = p * (1 - p) * (p * (1 - p) + (p - y) * (1 - 2 * p))
    return 2 * (X_tilde.T * c) @ X_tilde / len(x)


step = 1e-6
numeric = np.column_stack(
    [
        squared_error_gradient(-1.0 + step, 3.0)
        - squared_error_gradient(-1.0 - step, 3.0),
        squared_error_gradient(-1.0, 3.0 + step)
        - squared_error_gradient(-1.0, 3.0 - step),
    ]
) / (2 * step)
difference = np.max(np.abs(numeric - squared_error_hessian(-1.0, 3.0)))
print(f"formula against finite differences: {difference:.1e}")
for w, b in ((0.0, 0.0), (-1.0, 3.0)):
    sq = np.linalg.eigvalsh(squared_error_hessian(w, b))
    ce = np.linalg.eigvalsh(hessian(x, w, b, model="logistic"))
    print(f"at w = {w:g}, b = {b:g}: eigenvalues", end=" ")
    print(f"squared error {sq.round(4)}, cross-entropy {ce.round(4)}")

# %%
# At :math:`w = -1, b = 3` both of the squared error's eigenvalues are
# negative: there it is a hilltop, curving down in every direction, while
# the cross-entropy still curves up.

# %%
# A run that stalls on a plateau
# ------------------------------
# From the confidently wrong start, gradient descent on each cost, the same
# step :math:`\alpha = 0.5` for 5,000 epochs. The squared error's run is a
# loop of three lines; the cross-entropy's is the library's:

from gdexplain import gradient_descent

alpha, n_epochs = 0.5, 5_000
theta = np.array(start)
for _ in range(n_epochs):
    theta = theta - alpha * squared_error_gradient(*theta)
w_sq, b_sq = theta
J_sq = np.mean((sigmoid(w_sq * x + b_sq) - y) ** 2)
g_end = np.hypot(*squared_error_gradient(w_sq, b_sq))

w0, b0 = start
run = gradient_descent(
    x, y, learning_rate=alpha, w=w0, b=b0, n_epochs=n_epochs, model="logistic"
)
final = run.final
print(f"squared error: w = {w_sq:.4f}, b = {b_sq:.4f},", end=" ")
print(f"J_sq = {J_sq:.4f}, gradient length {g_end:.1e}")
print(f"cross-entropy: w = {final.w:.4f}, b = {final.b:.4f},", end=" ")
print(f"{run.distance_to_minimum()[-1]:.1e} from the optimum")

# %%
# The squared error's run went further the wrong way (:math:`w` from
# :math:`-3` to the value above), to a model that says "fail"
# to everyone: every :math:`p_i` is near 0, so the failed students are
# right, the passed ones sure and wrong, and every point's pull is nearly
# zero. The cost there is flat at about 0.5, the pass rate: a plateau, not a
# minimum, and gradient descent cannot tell the difference. The
# cross-entropy's run reached the optimum.

import matplotlib.pyplot as plt

from gdexplain.plots import sigmoid_fit

fig, ax = plt.subplots(figsize=(5.9, 3.4), layout="constrained")
sigmoid_fit(x, y, w_sq, b_sq, ax=ax, label="squared error, epoch 5,000")
sigmoid_fit(x, y, final.w, final.b, ax=ax, label="cross-entropy, epoch 5,000")
ax.legend(loc="upper left", fontsize="small")  # clear of both curves
ax.set_xlabel("hours studied")
ax.set_title(r"from $w = -3$, $b = 6$: the two runs' last curves")
plt.show()

# %%
# The cross-entropy never bends the wrong way
# -------------------------------------------
# For any direction :math:`v`, the cross-entropy's Hessian gives
#
# .. math::
#
#    v^\top H v = \frac{1}{n} \sum_{i=1}^{n} p_i (1 - p_i)\,(\tilde x_i \cdot v)^2
#    \;\ge\; 0,
#
# a sum of terms none of which is negative: the Hessian is positive
# semi-definite at every :math:`(w, b)`, so the cost is *convex*: it never
# curves down, so it has no hilltop and no false minimum to be caught in,
# and wherever it has a lowest point, gradient descent with a small enough
# step finds it. (Convexity does not promise that a lowest point exists:
# the `next page <plot_03_separable.html>`__ shows data where it does not.)
# On a grid of :math:`(w, b)` around the data, the smallest eigenvalue of
# each Hessian:

ws, bs = np.linspace(-4, 4, 41), np.linspace(-12, 12, 61)
smallest_sq, smallest_ce = [], []
for w in ws:
    for b in bs:
        smallest_sq.append(np.linalg.eigvalsh(squared_error_hessian(w, b))[0])
        smallest_ce.append(
            np.linalg.eigvalsh(hessian(x, w, b, model="logistic"))[0]
        )
share = np.mean(np.array(smallest_sq) < 0)
print(f"{len(smallest_sq):,} grid points")
print(f"squared error: a negative eigenvalue at {share:.1%} of them")
print(f"cross-entropy: smallest eigenvalue {min(smallest_ce):.2e}")

# %%
# The cross-entropy's smallest eigenvalue is tiny but never negative: where
# every :math:`p_i` is near 0 or 1, every weight :math:`p_i(1 - p_i)` is
# near 0, so the cost is nearly flat there, in every direction. That is no
# plateau to stall on: there its gradient :math:`\tfrac1n \tilde X^\top (p - y)`
# is small only if the points are classified right, and large where they
# are sure and wrong, unlike the squared error's above.

# %%
# Exercises
# ---------
# Predict first, then change one line and run.
#
# 1. At :math:`w = b = 0` every :math:`p_i = 1/2`. The printed eigenvalues
#    there of the squared error's Hessian are exactly half the
#    cross-entropy's. Why?
#
#    .. dropdown:: Answer
#
#       With :math:`p_i = 1/2`, :math:`1 - 2p_i = 0`, so
#       :math:`c_i = \tfrac14 \cdot \tfrac14 = \tfrac1{16}` and
#       :math:`H_{\text{sq}} = \tfrac{2}{16n} \tilde X^\top \tilde X`, while
#       the cross-entropy's weights are :math:`\tfrac14`:
#       :math:`H = \tfrac{1}{4n} \tilde X^\top \tilde X`. The ratio is 1/2.
#
# 2. At the start, how many times longer is the cross-entropy's gradient
#    than the squared error's?
#
#    .. dropdown:: Answer
#
#       1.5775 / 0.0186, about 85 times: the squared error's pulls are
#       damped by :math:`p_i(1 - p_i)`, small where the model is sure.
#
# 3. The squared error's run ends with :math:`J_{\text{sq}}` near 0.5.
#    Where does that number come from?
#
#    .. dropdown:: Answer
#
#       Its model says :math:`p_i \approx 0` to everyone, so each point
#       costs :math:`y_i^2`: 1 for the 9 who passed, 0 for the others, a mean
#       of 9/18 = 0.5 (0.5001, since no :math:`p_i` is exactly 0).
