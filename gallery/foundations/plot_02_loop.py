r"""
The loop by hand
================

Gradient descent is a dozen lines of NumPy. This lesson writes the article's
training loop out: predict, measure the cost, take the two partial
derivatives, update, record. It runs the article's 12,000 epochs, and checks
that ``gdexplain.gradient_descent`` gives the same numbers to the last bit:
the library is this loop, recorded.
"""

# %%
# The loop
# --------
# Each line is one step of `the derivation <plot_01_derivation.html>`_:
# the residuals :math:`r_i = w x_i + b - y_i`, the cost
# :math:`J = \frac1n \sum r_i^2`, its partial derivatives
# :math:`\frac2n \sum r_i x_i` and :math:`\frac2n \sum r_i`, and the update
# :math:`w \leftarrow w - \alpha\, \partial J/\partial w` (the same for
# :math:`b`). The lists record the line and its cost *before* each update,
# as the article does.

import numpy as np

from gdexplain import article_data

x, y = article_data()
w, b, alpha = 3.0, -1.0, 0.001
w_list, b_list, J_list = [], [], []
for _ in range(12_000):
    residuals = w * x + b - y  # prediction minus data
    J = np.mean(residuals**2)  # the cost
    dJ_dw = 2 * np.mean(residuals * x)  # ∂J/∂w
    dJ_db = 2 * np.mean(residuals)  # ∂J/∂b
    w_list.append(w)  # record the line before it moves
    b_list.append(b)
    J_list.append(J)
    w = w - alpha * dJ_dw  # the update
    b = b - alpha * dJ_db

print(f"after {len(J_list):,} epochs: w = {w:.6f}, b = {b:.6f}")
print(f"first cost {J_list[0]:.4f}, last recorded cost {J_list[-1]:.6f}")

# %%
# The library: this loop, recorded
# --------------------------------
# ``gradient_descent`` runs the same loop and returns a ``History``: the
# recorded :math:`w`, :math:`b`, :math:`J` and the gradient at every epoch,
# plus the state after the last update (entry 12,000), which the hand loop
# holds in ``w`` and ``b``. It computes the same sums in the same order, so
# the numbers agree exactly, not just closely:

from gdexplain import gradient_descent

history = gradient_descent(
    x, y, learning_rate=alpha, w=3.0, b=-1.0, n_epochs=12_000
)
same = {
    "w": np.array_equal(history.w, [*w_list, w]),
    "b": np.array_equal(history.b, [*b_list, b]),
    "J": np.array_equal(history.cost[:-1], J_list),
}
print(
    f"history: {len(history):,} entries, epochs 0 to {history.final.epoch:,}"
)
for name, equal in same.items():
    print(f"{name}: hand loop and gradient_descent equal bit for bit: {equal}")
largest = np.max(np.abs(history.w - [*w_list, w]))
print(f"largest difference in w: {largest}")

# %%
# From here on the lessons call ``gradient_descent`` and read its
# ``History``: ``history.at(epoch)`` gives one recorded state, ``history.final``
# the last, and ``history.w``, ``history.b``, ``history.cost`` whole arrays.

state = history.at(100)
print(
    f"epoch {state.epoch}: w = {state.w:.4f}, b = {state.b:.4f}, J = {state.cost:.4f}"
)
print(f"final: {history.final}")

# %%
# Exercises
# ---------
# Predict first, then change the loop above and run it.
#
# **1. The forgotten 2.** A common slip is to drop the 2 from both partial
# derivatives. The loop still runs and the cost still falls. What does the
# slip really do, and where does :math:`w` end after 12,000 epochs?
#
# .. dropdown:: Answer
#
#    It halves every step: the loop is then gradient descent with α = 0.0005.
#    After 12,000 epochs w = −1.931285 instead of −1.993587, farther from
#    the best slope −2. The finite-difference check of the derivation would
#    have caught the slip.
#
# **2. Record after the update.** Move the three ``append`` lines below the
# update. What is in the three lists then, and what do their first entries
# describe?
#
# .. dropdown:: Answer
#
#    The costs do not change: J is computed before the update, so the first
#    cost is still 472.5, the cost of the starting line. But w_list and
#    b_list now hold the line after each update: their first entries are
#    2.806667 and −1.035667. Entry k of the lists no longer describes one and
#    the same line, which is why the loop records before it updates.
#
# **3. Stop when flat.** Replace ``for _ in range(12_000)`` by a loop
# that stops once both partial derivatives are smaller than 0.001 in size.
# Will it need more or fewer than 12,000 epochs?
#
# .. dropdown:: Answer
#
#    More: 18,521 epochs. After 12,000 epochs ∂J/∂b is still −0.013: the
#    run crawls along a nearly flat valley, where the slope is small but not
#    yet small enough. The page on curvature explains why.
