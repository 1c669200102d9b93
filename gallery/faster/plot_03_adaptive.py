r"""
Adaptive steps: AdaGrad, RMSProp and Adam
=========================================

Gradient descent gives both parameters the same step size :math:`\alpha`.
The *adaptive* methods give each parameter its own: they divide its step by
the root of the squares of its past gradients, so a parameter whose
gradient has been large takes smaller steps, and one whose gradient has
been small takes larger ones. This page writes the three best-known out,
shows what a per-parameter step can and cannot fix in the article's valley,
measures Adam's steps, and races all six methods of this course, each at a
learning rate tuned by the same search.
"""

# %%
# The three updates, written out
# ------------------------------
# Write :math:`\theta = (w, b)` and :math:`g_k = \nabla J(\theta_k)`, the
# gradient at epoch :math:`k`. Squares, roots and divisions below are taken
# *per parameter* (elementwise): each of :math:`w` and :math:`b` has its own
# running sum or mean. :math:`\varepsilon` (here :math:`10^{-8}`) only keeps
# a zero gradient from dividing by zero.
#
# **AdaGrad** (Duchi, Hazan and Singer, 2011) sums every squared gradient
# since the start, so its steps only ever shrink:
#
# .. math::
#
#    G_k = G_{k-1} + g_k^2, \qquad
#    \theta_{k+1} = \theta_k - \alpha \frac{g_k}{\sqrt{G_k} + \varepsilon}.
#
# **RMSProp** (Tieleman and Hinton, 2012) keeps a running mean instead,
# forgetting the past at the rate :math:`1 - \rho` (its *decay*
# :math:`\rho`, default 0.9):
#
# .. math::
#
#    s_k = \rho\, s_{k-1} + (1 - \rho)\, g_k^2, \qquad
#    \theta_{k+1} = \theta_k - \alpha \frac{g_k}{\sqrt{s_k} + \varepsilon}.
#
# **Adam** (Kingma and Ba, 2015) adds momentum: a running mean :math:`m`
# of the gradient itself over a running mean :math:`v` of its square. Both
# start at zero, so early on they are too small; dividing by
# :math:`1 - \beta^k` (the *bias correction*) undoes that exactly for a
# constant gradient. Counting updates from :math:`k = 1`:
#
# .. math::
#
#    m_k = \beta_1 m_{k-1} + (1 - \beta_1)\, g_k, \qquad
#    v_k = \beta_2 v_{k-1} + (1 - \beta_2)\, g_k^2,
#
#    \theta_k = \theta_{k-1} - \alpha\,
#    \frac{m_k / (1 - \beta_1^k)}{\sqrt{v_k / (1 - \beta_2^k)} + \varepsilon},
#
# with :math:`g_k` the gradient at :math:`\theta_{k-1}` and defaults
# :math:`\beta_1 = 0.9`, :math:`\beta_2 = 0.999`.
# (:math:`\varepsilon` is added outside the root here, as in the papers and
# PyTorch; Keras adds it inside for AdaGrad and RMSProp, which changes the
# runs slightly.) The three in plain NumPy:

import numpy as np

from gdexplain import article_data

x, y = article_data()
EPS = 1e-8


def grad(theta):
    """∇J at θ = (w, b): (2/n)Σ r_i (x_i, 1), r_i = ŷ_i − y_i."""
    r = theta[0] * x + theta[1] - y
    return np.array([2 * np.mean(r * x), 2 * np.mean(r)])


def adaptive_by_hand(method, alpha, n_epochs, rho=0.9, beta1=0.9, beta2=0.999):
    """Every θ of AdaGrad, RMSProp or Adam from (w, b) = (3, −1)."""
    theta, s, m = np.array([3.0, -1.0]), np.zeros(2), np.zeros(2)
    path = [theta]
    for k in range(1, n_epochs + 1):
        g = grad(theta)
        if method == "AdaGrad":
            s = s + g**2
            step = g / (np.sqrt(s) + EPS)
        elif method == "RMSProp":
            s = rho * s + (1 - rho) * g**2
            step = g / (np.sqrt(s) + EPS)
        else:  # Adam
            m = beta1 * m + (1 - beta1) * g
            s = beta2 * s + (1 - beta2) * g**2
            step = (m / (1 - beta1**k)) / (np.sqrt(s / (1 - beta2**k)) + EPS)
        theta = theta - alpha * step
        path.append(theta)
    return np.array(path)


# %%
# The library's ``adagrad_descent``, ``rmsprop_descent`` and
# ``adam_descent`` are these loops, recorded in a ``History``. Over 2,000
# epochs each agrees with its hand loop to rounding:

from gdexplain import adagrad_descent, adam_descent, rmsprop_descent

library = {
    "AdaGrad": adagrad_descent,
    "RMSProp": rmsprop_descent,
    "Adam": adam_descent,
}
hand_alpha = {"AdaGrad": 1.0, "RMSProp": 0.001, "Adam": 0.1}
for name, optimiser in library.items():
    alpha = hand_alpha[name]
    hand = adaptive_by_hand(name, alpha, 2_000)
    run = optimiser(x, y, learning_rate=alpha, n_epochs=2_000)
    gap = np.abs(hand - np.column_stack([run.w, run.b])).max()
    print(
        f"{name:8} α = {alpha:<6g} largest difference from the library {gap:.1e}"
    )

# %%
# A step per parameter is a diagonal rescaling
# --------------------------------------------
# Each update multiplies the gradient by a different number per
# parameter: :math:`\theta_{k+1} = \theta_k - P_k g_k` with :math:`P_k`
# *diagonal*, :math:`P_k = \operatorname{diag}(\alpha/(\sqrt{s_{k,j}} +
# \varepsilon))` (for Adam, :math:`g_k` is its running mean :math:`\hat m_k`).
# Such a :math:`P` is called a *preconditioner*. A constant
# diagonal :math:`P` is exactly gradient descent in rescaled coordinates
# :math:`u = P^{-1/2}\theta` (each parameter stretched by its own factor,
# as on the :ref:`feature-scaling page <sphx_glr_auto_examples_why_slow_plot_04_feature_scaling.py>`
# each *input* was), where the valley's Hessian becomes
# :math:`P^{1/2} H P^{1/2}`. So the best any per-parameter step can do is
# the best diagonal rescaling. For a 2 × 2 Hessian that is the one that
# makes its diagonal ones (van der Sluis, 1969), leaving
# :math:`\begin{bmatrix}1 & c\\ c & 1\end{bmatrix}`, with
# :math:`c = H_{wb}/\sqrt{H_{ww}H_{bb}}`, and condition number
# :math:`\kappa = (1 + |c|)/(1 - |c|)`.
#
# The article's valley runs *diagonally* (:math:`|c| = 0.89`, near 1:
# :math:`w` and :math:`b` are tangled), so stretching the axes cannot make it round. On
# data whose valley lies along the axes (here :math:`x` centred and
# multiplied by 10: :math:`c = 0`) it can. The formula beside a search over
# 2,001 stretch ratios, and the rescaling AdaGrad itself has reached after
# 3,000 epochs at :math:`\alpha = 1`:

from gdexplain import condition_number, hessian

valleys = {"article (tilted)": x, "axis-aligned": 10 * (x - x.mean())}
ratios = np.logspace(-4, 4, 2_001)


def kappa_of(H):
    low, high = np.linalg.eigvalsh(H)
    return high / low


for name, u in valleys.items():
    H = hessian(u)
    c = H[0, 1] / np.sqrt(H[0, 0] * H[1, 1])
    searched = min(
        kappa_of(np.diag([1, r]) @ H @ np.diag([1, r])) for r in ratios
    )
    run = adagrad_descent(u, y, learning_rate=1.0, n_epochs=3_000)
    G = np.array([np.sum(run.dJ_dw[:-1] ** 2), np.sum(run.dJ_db[:-1] ** 2)])
    # P^(1/2) of AdaGrad's last step, without α (a common factor leaves κ)
    root_P = np.diag((np.sqrt(G) + EPS) ** -0.5)
    print(
        f"{name:17} |c| = {abs(c):4.2f}, κ = {condition_number(u):7.2f}, best diagonal "
        f"{(1 + abs(c)) / (1 - abs(c)):6.3f} (search {searched:6.3f}), "
        f"AdaGrad's {kappa_of(root_P @ H @ root_P):6.2f}"
    )

# %%
# On the tilted valley the best diagonal rescaling still leaves
# :math:`\kappa = 17.47`, down from 114.57 but far from 1; AdaGrad's own
# rescaling, set by the gradients it happened to meet, is worse still. On
# the axis-aligned valley the best rescaling reaches 1, a round bowl, and
# AdaGrad gets close. Only a change of *inputs* (centring, on the
# feature-scaling page) untangles a tilted valley; a per-parameter step
# cannot.
#
# Adam's steps, early and late
# ----------------------------
# While the gradient keeps its sign, :math:`m_k/(1 - \beta_1^k)` and
# :math:`\sqrt{v_k/(1 - \beta_2^k)}` both track its size, so their ratio is
# near :math:`\pm 1`: each parameter moves by about :math:`\alpha`,
# whatever the size of its gradient, like ``sign(g)``. Near the minimum the
# gradient shrinks. :math:`m` follows it within some
# :math:`1/(1 - \beta_1) = 10` epochs, but :math:`v` remembers the larger
# gradients of some :math:`1/(1 - \beta_2) = 1000` epochs, so the ratio, and
# with it the step, can fall far below :math:`\alpha` although
# :math:`\alpha` stays constant. Whether it does is measured here: the step
# of each parameter, in units of :math:`\alpha = 0.1`:

ADAM_ALPHA = 0.1
adam = adam_descent(x, y, learning_rate=ADAM_ALPHA, n_epochs=3_000)
steps = np.abs(np.diff(np.column_stack([adam.w, adam.b]), axis=0)) / ADAM_ALPHA
distance = adam.distance_to_minimum()
for k in (1, 2, 5, 100, 1_000, 2_999):
    print(
        f"epoch {k:5}: |Δw|/α = {steps[k - 1, 0]:.2e}, |Δb|/α = {steps[k - 1, 1]:.2e}, "
        f"distance to the minimum {distance[k]:.1e}"
    )

# %%
# The first steps are :math:`\alpha` per parameter; after 1,000 epochs
# they are below a thousandth of it, and the run reaches the minimum to
# rounding: on this valley Adam settles at a constant :math:`\alpha`.
# RMSProp, whose :math:`s` remembers only some :math:`1/(1 - \rho) = 10`
# epochs, does not: its steps stay about :math:`\alpha` in size
# (exercise 1).
#
# Top, Adam's step per parameter; bottom, its distance to the minimum.

import matplotlib.pyplot as plt

from gdexplain.animation import style

fig, (step_ax, gap_ax) = plt.subplots(
    2, 1, figsize=(5.9, 7), layout="constrained"
)
epochs = adam.epoch[1:]
step_ax.loglog(epochs, steps[:, 0], color=style.W, label="|Δw| / α")
step_ax.loglog(epochs, steps[:, 1], color=style.B, label="|Δb| / α")
step_ax.set(xlabel="epoch", ylabel="step / α", title="Adam, α = 0.1")
step_ax.legend()
gap_ax.semilogy(adam.epoch, distance, color=style.CURRENT)
gap_ax.set(xlabel="epoch", ylabel="distance to the minimum")
plt.show()

# %%
# A fair race
# -----------
# Each method's best learning rate differs, so each gets its own, found
# by one search: 40 values of :math:`\alpha` on a log grid from
# :math:`10^{-4}` to 10, each run from (3, −1) for up to 3,000 epochs; a
# run's score is the epoch from which :math:`J - J^*` stays below
# :math:`10^{-6}` to the end, and each method keeps its fastest
# :math:`\alpha`. The heavy ball and Nesterov keep :math:`\beta = 0.9`,
# the adaptive methods their defaults: only :math:`\alpha` is tuned. The
# 40 runs of a method go side by side, one row of ``theta`` each, so the
# whole search of 240 runs costs a few seconds (printed below).

from gdexplain import cost, least_squares

ALPHAS = np.logspace(-4, 1, 40)
BUDGET, TOLERANCE, BETA = 3_000, 1e-6, 0.9


def grads(theta, X1, y):
    """∇J = (2/n) X̃ᵀ(X̃θ − y) for every row θ of theta at once."""
    return 2 * (theta @ X1.T - y) @ X1 / len(y)


# %%
# One update of each method, on all 40 rows; ``a`` is the column of
# learning rates, ``state`` what the method carries from epoch to epoch,
# ``g_at`` the gradient as a function of the rows.


def update(method, theta, a, state, k, g_at):
    if method in ("heavy ball", "Nesterov"):
        v = state.get("v", 0.0)
        g = g_at(theta + BETA * v) if method == "Nesterov" else g_at(theta)
        state["v"] = BETA * v - a * g
        return theta + state["v"]
    g = g_at(theta)
    if method == "gradient descent":
        return theta - a * g
    if method == "AdaGrad":
        state["s"] = state.get("s", 0.0) + g**2
        return theta - a * g / (np.sqrt(state["s"]) + EPS)
    if method == "RMSProp":
        state["s"] = 0.9 * state.get("s", 0.0) + 0.1 * g**2
        return theta - a * g / (np.sqrt(state["s"]) + EPS)
    state["m"] = 0.9 * state.get("m", 0.0) + 0.1 * g  # Adam
    state["s"] = 0.999 * state.get("s", 0.0) + 0.001 * g**2
    m_hat, v_hat = state["m"] / (1 - 0.9**k), state["s"] / (1 - 0.999**k)
    return theta - a * m_hat / (np.sqrt(v_hat) + EPS)


# %%
# The search: every :math:`\alpha` at once, each row's last epoch above
# the tolerance remembered. ``X1`` is :math:`\tilde X`, the features with
# a column of ones (the `vector form <../several_features/plot_01_vector_form.html>`__),
# so the same search runs on data with any number of features. A row that
# diverges turns to ``nan`` and is never below the tolerance. Where no
# :math:`\alpha` stays below, the method keeps the one that ends lowest.


def search(method, x, y, start):
    X1 = np.column_stack([x, np.ones(len(y))])
    J_star = float(cost(x, y, *least_squares(x, y)))
    theta, a, state = np.tile(start, (ALPHAS.size, 1)), ALPHAS[:, None], {}
    last_above = np.zeros(ALPHAS.size, dtype=int)
    with np.errstate(all="ignore"):  # diverging rows overflow, on purpose
        for k in range(1, BUDGET + 1):
            theta = update(
                method, theta, a, state, k, lambda t: grads(t, X1, y)
            )
            gap = np.mean((theta @ X1.T - y) ** 2, axis=1) - J_star
            last_above[~(gap < TOLERANCE)] = k
    reached = last_above < BUDGET
    if not reached.any():
        return float(ALPHAS[np.nanargmin(gap)]), None
    best = np.flatnonzero(reached)[np.argmin(last_above[reached])]
    return float(ALPHAS[best]), int(last_above[best]) + 1


# %%
# The table of tuned settings, and what the search cost on the machine
# that built this page:

import time

METHODS = [
    "gradient descent",
    "heavy ball",
    "Nesterov",
    "AdaGrad",
    "RMSProp",
    "Adam",
]
started = time.perf_counter()
tuned = {method: search(method, x, y, [3.0, -1.0]) for method in METHODS}
print(
    f"searched {len(METHODS) * ALPHAS.size} runs in {time.perf_counter() - started:.1f} s"
)
print(f"{'method':17} {'tuned α':>9} {'epochs to J - J* < 1e-6':>24}")
for method, (alpha, epochs_needed) in tuned.items():
    shown = "never" if epochs_needed is None else f"{epochs_needed:,}"
    print(f"{method:17} {alpha:9.4g} {shown:>24}")

# %%
# Nesterov wins, in 122 epochs; AdaGrad (176), the heavy ball (187) and
# Adam (187) come next, all well ahead of plain descent (512). RMSProp at
# a constant :math:`\alpha` never stays within :math:`10^{-6}`: it ends
# bouncing around the minimum (exercise 1), so the table keeps the
# :math:`\alpha` that ends lowest. Tuned by the same search, Adam is no
# faster than a well-set heavy ball on this valley.
#
# This does not contradict `the momentum page <plot_01_momentum.html>`__,
# where Nesterov was slower than the heavy ball and plain descent took 893
# epochs: there each method had its own best :math:`\beta` and ran until it
# was within :math:`10^{-6}` of the minimum. Here both keep
# :math:`\beta = 0.9`, and the target is on the cost. Along the valley
# floor :math:`J - J^* = \tfrac12 \lambda_{\min} d^2` at a distance
# :math:`d`, so a run meets :math:`J - J^* < 10^{-6}` while still about
# 0.002 from the minimum. The tuned runs from the library:

from gdexplain import gradient_descent, momentum_descent
from gdexplain.plots import distance_curves

best_alpha = {method: setting for method, (setting, _) in tuned.items()}
common = {"n_epochs": 600}
races = {
    "gradient descent": gradient_descent(
        x, y, learning_rate=best_alpha["gradient descent"], **common
    ),
    "heavy ball": momentum_descent(
        x, y, learning_rate=best_alpha["heavy ball"], momentum=BETA, **common
    ),
    "Nesterov": momentum_descent(
        x,
        y,
        learning_rate=best_alpha["Nesterov"],
        momentum=BETA,
        nesterov=True,
        **common,
    ),
    "AdaGrad": adagrad_descent(
        x, y, learning_rate=best_alpha["AdaGrad"], **common
    ),
    "RMSProp": rmsprop_descent(
        x, y, learning_rate=best_alpha["RMSProp"], **common
    ),
    "Adam": adam_descent(x, y, learning_rate=best_alpha["Adam"], **common),
}
# %%
# Each run's distance to the minimum, on a log scale:

fig, ax = plt.subplots(figsize=(5.9, 5.2), layout="constrained")
distance_curves(ax, list(races.values()))  # each method in the video's colour
ax.set(xlim=(0, 600), ylim=(1e-8, 30))
ax.legend(
    loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize="small"
)
plt.show()

# %%
# RMSProp's tuned :math:`\alpha` is the one that *ends* lowest after 3,000
# epochs, not a fast one: each epoch it moves each parameter by about
# :math:`\alpha`, so in these 600 it gets down the valley's wall (its cost
# falls) but no nearer the minimum along the floor:

rms = races["RMSProp"]
print(
    f"RMSProp at α = {best_alpha['RMSProp']:.4f}: J {rms.cost[0]:.2f} → {rms.cost[-1]:.2f}, "
    f"distance to the minimum {rms.distance_to_minimum()[0]:.2f} → "
    f"{rms.distance_to_minimum()[-1]:.2f} at epoch {rms.epoch[-1]}"
)

# %%
# The race on one map: all six methods, each at its tuned :math:`\alpha`,
# in the colours of the curves above.

from gdexplain import animate_contour, show

animation = animate_contour(*races.values())
show(animation, "adaptive_race.mp4")

# %%
# The same race with two features
# -------------------------------
# The `article's part-2 data <../several_features/plot_02_article_run.html>`__
# has two features and a narrower valley. The same search, from
# :math:`w = (3, 3)`, :math:`b = -1`, and each count beside part 1's:

X2, y2 = article_data(part=2)
tuned_2 = {
    method: search(method, X2, y2, [3.0, 3.0, -1.0]) for method in METHODS
}
kappa_1, kappa_2 = condition_number(x), condition_number(X2)
print(
    f"κ {kappa_1:.2f} → {kappa_2:.2f} (× {kappa_2 / kappa_1:.2f}, √ × {np.sqrt(kappa_2 / kappa_1):.2f})"
)
print(f"{'part 2':17} {'tuned α':>9} {'epochs':>7} {'part 1 × ':>10}")
for method, (alpha, epochs_needed) in tuned_2.items():
    if epochs_needed is None:
        print(f"{method:17} {alpha:9.4g} {'never':>7}")
    else:
        growth = epochs_needed / tuned[method][1]
        print(f"{method:17} {alpha:9.4g} {epochs_needed:7,} {growth:10.2f}")

# %%
# The order barely changes: Nesterov first (139 epochs), Adam (203) and
# the heavy ball (205) close behind, AdaGrad (320) and plain descent (732)
# last, RMSProp never. Plain descent's count grows almost as much as
# :math:`\kappa` (× 1.43 for × 1.51); the momentum methods' grow less
# (× 1.10 and × 1.14), as their rate depends on :math:`\sqrt\kappa`
# (× 1.23). AdaGrad's best :math:`\alpha` is the grid's largest, 10: its
# steps only shrink, so it wants the largest start the search allows.

# %%
# Exercises
# ---------
# Predict first, then change one line and run.
#
# 1. Run ``rmsprop_descent(x, y, learning_rate=0.01, n_epochs=3_000)``.
#    Its steps stay about :math:`\alpha` in size and flip sign each epoch
#    near the minimum. Predict how far from the minimum, in :math:`w` and
#    in :math:`b`, it ends, then look at the last two epochs.
#
#    .. dropdown:: Answer
#
#       It ends in a two-epoch cycle, each parameter :math:`\alpha/2 =
#       0.005` from its least-squares value, on one side then the other:
#       at each of the last epochs :math:`|w - w^*|` and :math:`|b - b^*|`
#       are both 0.005 to six decimals, and :math:`J - J^*` stays at
#       7.8e-04.
#
# 2. Centre :math:`x` without stretching it, ``x - x.mean()``. Its
#    condition number is 4.47 (the feature-scaling page). Predict the
#    condition number after the best diagonal rescaling.
#
#    .. dropdown:: Answer
#
#       1.00: centring makes :math:`\sum u = 0`, so the Hessian is
#       diagonal (:math:`c = 0`) and rescaling each axis makes it round.
#
# 3. Give Adam :math:`\beta_1 = 0` (no momentum) and :math:`\alpha = 0.5`.
#    Predict the size of the first step in :math:`w` and in :math:`b`.
#
#    .. dropdown:: Answer
#
#       0.5 each, whatever the gradient: with :math:`k = 1` the corrected
#       means are :math:`g_1` and :math:`g_1^2`, so the step is
#       :math:`\alpha\, g_1/(|g_1| + \varepsilon)`, :math:`\alpha` times
#       the gradient's sign.
#
# Also try `Adam in the explorer <../explore/plot_01_explore.html#method=adam&learning_rate=0.1&w=3&b=-1&n_epochs=3000>`__,
# and switch its ``method`` to RMSProp at the same :math:`\alpha` to see
# the bounce. The command line runs the same optimisers::
#
#     gdexplain train --method adam --learning-rate 0.1 --epochs 3000
