r"""
Momentum: the heavy ball and Nesterov
=====================================

Gradient descent forgets every step as soon as it has taken it. Momentum
keeps a fraction :math:`\beta` of the last step and adds the new one. Along
the valley floor, where one step after another points the same way, the
steps add up and the run speeds up. Across the valley the kept step carries
the run over the floor and up the far wall: at first it swings *wider* than
it started, and only then do the swings die down. This page writes both
methods out, races them against plain gradient descent at each one's best
settings, and measures every rate the theory predicts.
"""

# %%
# The two updates, written out
# ----------------------------
# The **heavy ball** (Polyak, 1964) keeps a velocity :math:`v`, the last
# step, starting at :math:`v_0 = 0`. Each epoch it keeps :math:`\beta` of it
# and adds the gradient step of plain descent:
#
# .. math::
#
#    v_{k+1} = \beta\, v_k - \alpha \nabla J(\theta_k), \qquad
#    \theta_{k+1} = \theta_k + v_{k+1},
#
# with :math:`\theta = (w, b)`. With :math:`\beta = 0` it is gradient
# descent. **Nesterov's** method changes one thing: it takes the gradient
# where the velocity is about to carry the point, the *look-ahead point*
# :math:`\theta_k + \beta v_k`:
#
# .. math::
#
#    v_{k+1} = \beta\, v_k - \alpha \nabla J(\theta_k + \beta v_k), \qquad
#    \theta_{k+1} = \theta_k + v_{k+1}.
#
# Both in plain NumPy, with the gradient of the foundations,
# :math:`\partial J/\partial w = \tfrac{2}{n}\sum r_i x_i` and
# :math:`\partial J/\partial b = \tfrac{2}{n}\sum r_i`,
# :math:`r_i = \hat y_i - y_i`:

import numpy as np

from gdexplain import article_data

x, y = article_data()


def momentum_by_hand(alpha, beta, nesterov=False, n_epochs=200):
    """Heavy ball (or Nesterov) from (w, b) = (3, -1): every w and b."""
    w, b = 3.0, -1.0
    v_w = v_b = 0.0
    ws, bs = [w], [b]
    for _ in range(n_epochs):
        at_w, at_b = (w + beta * v_w, b + beta * v_b) if nesterov else (w, b)
        r = at_w * x + at_b - y  # residuals where the gradient is taken
        v_w = beta * v_w - alpha * 2 * np.mean(r * x)
        v_b = beta * v_b - alpha * 2 * np.mean(r)
        w, b = w + v_w, b + v_b
        ws.append(w)
        bs.append(b)
    return np.array(ws), np.array(bs)


# %%
# The library's ``momentum_descent`` is this loop, recorded in a
# ``History``. Here, at :math:`\alpha = 0.02` and :math:`\beta = 0.5`, the
# two agree to the last bit: the same arithmetic in the same order.

from gdexplain import momentum_descent

for look_ahead in (False, True):
    hand_w, hand_b = momentum_by_hand(0.02, 0.5, look_ahead)
    run = momentum_descent(
        x,
        y,
        learning_rate=0.02,
        momentum=0.5,
        nesterov=look_ahead,
        n_epochs=200,
    )
    gap = max(np.abs(hand_w - run.w).max(), np.abs(hand_b - run.b).max())
    name = "Nesterov" if look_ahead else "heavy ball"
    print(f"{name:10}: largest difference from momentum_descent {gap:.1e}")

# %%
# The best settings
# -----------------
# Plain gradient descent multiplies the error along each axis of the valley
# by :math:`1 - \alpha\lambda` per epoch, where :math:`\lambda` is that
# axis's curvature (the argument is made in full on the
# :ref:`step-size page <step-factor>`). With
# momentum the error along an axis depends on the last *two* epochs,
# :math:`e_{k+1} = (1 + \beta - \alpha\lambda)\, e_k - \beta\, e_{k-1}` for
# the heavy ball. (Along the axis the gradient is :math:`\lambda e_k`, and
# the velocity is the last step, :math:`v_k = e_k - e_{k-1}`; put both into
# :math:`e_{k+1} = e_k + \beta v_k - \alpha\lambda e_k`.) So each axis has
# two factors: the numbers :math:`\rho`
# for which :math:`e_k = \rho^k` solves it, the roots of
# :math:`\rho^2 - (1 + \beta - \alpha\lambda)\rho + \beta = 0`. The best
# :math:`(\alpha, \beta)` makes the largest root, on either axis, as small as
# possible: for the heavy ball :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`
# instead of gradient descent's :math:`(\kappa - 1)/(\kappa + 1)`, with
# :math:`\kappa` the condition number. ``optimal_momentum`` computes it;
# with ``nesterov=True`` it gives Nesterov's best settings, which differ.

from gdexplain import (
    condition_number,
    convergence_rate,
    optimal_learning_rate,
    optimal_momentum,
)

alpha_gd = optimal_learning_rate(x)
heavy = optimal_momentum(x)
nesterov = optimal_momentum(x, nesterov=True)
kappa = condition_number(x)
predicted_rate = {
    "gradient descent": convergence_rate(x, alpha_gd),
    "heavy ball": heavy.rate,
    "Nesterov": nesterov.rate,
}
print(f"gradient descent  alpha = {alpha_gd:.6f}")
print(f"heavy ball        alpha = {heavy.learning_rate:.6f}, ", end="")
print(f"beta = {heavy.momentum:.6f}")
print(f"Nesterov          alpha = {nesterov.learning_rate:.6f}, ", end="")
print(f"beta = {nesterov.momentum:.6f}")
for method, rate in predicted_rate.items():
    print(f"predicted rate, {method:17} {rate:.5f} per epoch")
print(f"(kappa - 1)/(kappa + 1) = {(kappa - 1) / (kappa + 1):.5f}, ", end="")
print(
    f"(sqrt kappa - 1)/(sqrt kappa + 1) = {(kappa**0.5 - 1) / (kappa**0.5 + 1):.5f}"
)

# %%
# The race
# --------
# The three runs on one contour map, from the article's start
# :math:`(w, b) = (3, -1)`, for 200 epochs. Gradient descent at its best step
# zig-zags down the wall, then crawls along the floor. The heavy ball
# overshoots far up the opposite wall, swings back and forth across the
# floor while rolling along it, and arrives first. Nesterov's look-ahead
# brakes before the far wall, so it never climbs as high, but it still
# crosses the floor every epoch (measured below).

from gdexplain import animate_contour, frame_schedule, gradient_descent, show

N_EPOCHS = 1_000  # to measure below how long each takes; the race shows 200
runs = {
    "gradient descent": gradient_descent(
        x, y, learning_rate=alpha_gd, n_epochs=N_EPOCHS
    )
}
for name, best in {"heavy ball": heavy, "Nesterov": nesterov}.items():
    runs[name] = momentum_descent(
        x,
        y,
        learning_rate=best.learning_rate,
        momentum=best.momentum,
        nesterov=name == "Nesterov",
        n_epochs=N_EPOCHS,
    )
# Every epoch while the paths move fast, then every 10th: 48 frames.
epochs_shown = frame_schedule(
    200, breakpoints=(30,), steps=(1, 10), endpoint=True
)
race = animate_contour(*runs.values(), epochs=epochs_shown, fps=10)
show(race, "momentum.mp4")

# %%
# Across the valley
# -----------------
# Split each run's error :math:`\theta_k - \theta^*` along the valley's two
# axes, as on the `exact-path page <../why_slow/plot_03_exact_path.html>`__,
# and look at the part *across* the valley, along the steep axis. Both
# change sign every epoch: each step carries the path over the floor. The
# heavy ball's grows for five epochs, from 4.3 to 17, before it shrinks:
# that is the overshoot. Nesterov's shrinks from the start: its
# factor across the valley is the root, larger in size, of
# :math:`\rho^2 - (1 + \beta)(1 - \alpha\lambda_{\max})\rho
# + \beta(1 - \alpha\lambda_{\max}) = 0`, a negative number.

from gdexplain import hessian, least_squares

w_star, b_star = least_squares(x, y)
curvatures, valley_axes = np.linalg.eigh(hessian(x))  # smallest first
lambda_max, steep_axis = curvatures[1], valley_axes[:, 1]


def across_valley(history):
    """The error's part along the steep axis, at each epoch."""
    return steep_axis @ np.vstack((history.w - w_star, history.b - b_star))


across = {method: across_valley(run) for method, run in runs.items()}
print("across the valley, epochs 0 to 6:")
for method in ("heavy ball", "Nesterov"):
    print(f"  {method:10}", np.round(across[method][:7], 2))
fall = 1 - nesterov.learning_rate * lambda_max
roots = np.roots(
    [1, -(1 + nesterov.momentum) * fall, nesterov.momentum * fall]
)
print(
    f"Nesterov across the valley: predicted factor {roots.min():.4f}, ", end=""
)
print(f"measured {across['Nesterov'][31] / across['Nesterov'][30]:.4f}")

# %%
# Epochs to a millionth
# ---------------------
# How many epochs each method needs to come within :math:`10^{-6}` of the
# minimum :math:`\theta^*`, measured on the runs above, beside the rate:
# predicted, and measured over the last 50 epochs before the run got there.
# For gradient descent the closed form (``epochs_to_tolerance``) also
# predicts the epoch itself.

from gdexplain import epochs_to_tolerance

TOLERANCE = 1e-6


def epochs_to_reach(history):
    """The first epoch at which the run is within TOLERANCE of the minimum."""
    close = history.distance_to_minimum() < TOLERANCE
    if not close.any():
        raise ValueError("the run never got there: give it more epochs")
    return int(np.argmax(close))


def measured_rate(history, span=50):
    """The distance's shrink factor per epoch over the last span epochs."""
    end = epochs_to_reach(history)
    gaps = history.distance_to_minimum()
    return float((gaps[end] / gaps[end - span]) ** (1 / span))


print(f"{'':17} {'epochs':>7} {'predicted rate':>15} {'measured rate':>14}")
for method, run in runs.items():
    print(
        f"{method:17} {epochs_to_reach(run):7d} "
        f"{predicted_rate[method]:15.5f} {measured_rate(run):14.5f}"
    )
gd_epochs = epochs_to_tolerance(x, y, learning_rate=alpha_gd)
print(f"closed form, gradient descent: {gd_epochs} epochs")

# %%
# The heavy ball needs eight times fewer epochs than gradient descent: its
# rate depends on :math:`\sqrt{\kappa}` instead of :math:`\kappa`. Its
# measured rate is a little slower than predicted: at its best settings the
# slow axis is *critically damped*, its two roots coincide, and its error
# shrinks like :math:`k \rho^k` rather than :math:`\rho^k`; the extra factor
# :math:`k` fades only slowly.
#
# Nesterov is slower here, and *less* forgiving of a large step, not more:
# at the same :math:`\beta` its stability limit,
# :math:`\alpha\lambda_{\max} < (2 + 2\beta)/(1 + 2\beta)`, is well below
# the heavy ball's :math:`2 + 2\beta`. With the heavy ball's settings it
# diverges. What its look-ahead buys on this valley is a smaller overshoot
# (next section); its real strength, guarantees on costs that are not
# quadratic, is beyond this page.

import textwrap

from gdexplain import DivergenceError, stability_limit

print(f"Nesterov's limit at beta = {heavy.momentum:.4f}: ", end="")
print(f"alpha < {stability_limit(x, heavy.momentum, nesterov=True):.4f}")
try:
    momentum_descent(
        x,
        y,
        learning_rate=heavy.learning_rate,
        momentum=heavy.momentum,
        nesterov=True,
        n_epochs=10,
    )
except DivergenceError as error:
    print(textwrap.fill(str(error), width=72))

# %%
# The peak effect
# ---------------
# Speed has a cost. In its first epochs the heavy ball gathers speed down the
# steep wall and carries it far up the opposite one: the distance to the
# minimum *grows* before it falls. Gradient descent and Nesterov are never
# farther than where they started:

ball = runs["heavy ball"]
gaps = ball.distance_to_minimum()
peak = int(np.argmax(gaps))
print(f"heavy ball: distance {gaps[0]:.2f} at the start, ", end="")
print(f"{gaps[peak]:.2f} at epoch {peak}")
for method in ("gradient descent", "Nesterov"):
    farthest = int(np.argmax(runs[method].distance_to_minimum()))
    print(f"{method}: farthest at epoch {farthest}")

# %%
# Top, the heavy ball's first 20 epochs over the cost's contour lines,
# numbered up to the farthest point; bottom, the distance to the minimum of
# all three runs, on a logarithmic axis.

# sphinx_gallery_thumbnail_number = 2
import matplotlib.pyplot as plt

from gdexplain.animation import style
from gdexplain.plots import cost_contours, distance_curves

fig, (path_ax, gap_ax) = plt.subplots(
    2, 1, figsize=(5.9, 8), layout="constrained"
)
first = slice(0, 21)
w_limits = (ball.w[first].min() - 1, ball.w[first].max() + 1)
b_limits = (ball.b[first].min() - 3, ball.b[first].max() + 3)
cost_contours(path_ax, x, y, w_limits=w_limits, b_limits=b_limits)
path_ax.plot(ball.w[first], ball.b[first], ".-", color=style.RUNS[1])
for epoch in range(1, peak + 1):  # number the steps up to the peak
    point = (ball.w[epoch], ball.b[epoch])
    path_ax.annotate(
        str(epoch), point, xytext=(5, 5), textcoords="offset points"
    )
path_ax.plot(3.0, -1.0, "ko")  # the start
path_ax.set(title="heavy ball, epochs 0 to 20, from the black dot")
distance_curves(gap_ax, list(runs.values()))
gap_ax.axhline(TOLERANCE, color="grey", linestyle=":")
gap_ax.set(xlim=(0, 200), ylim=(1e-7, 100), title="the first 200 epochs")
gap_ax.legend(loc="lower left")
plt.show()

# %%
# A sweep of :math:`\beta`
# ------------------------
# At the heavy ball's best step :math:`\alpha = 0.0739`, four values of
# :math:`\beta`. Below about 0.67 the ball is unstable at this step (its limit
# is :math:`\alpha\lambda_{\max} < 2 + 2\beta`), so the sweep starts just
# above. There the slow axis is *over-damped*: its two roots are real, and
# it creeps to the minimum without overshooting. The steep axis's roots are
# real too, but negative, the larger in size close to :math:`-1`: the swing
# across the valley (the table's peak) dies slowly, and it, not the slow
# axis, sets this run's rate. At the best :math:`\beta` both axes are
# *critically damped*: each axis's two roots coincide. Above, every axis is
# *under-damped*: the roots are complex, a pair whose product is
# :math:`\beta` (the polynomial's last coefficient), so each has size
# :math:`\sqrt{\beta}`, and the run rings around the minimum inside an
# envelope that shrinks by :math:`\sqrt{\beta}` per epoch: the larger
# :math:`\beta`, the slower, while the first overshoot (the peak) shrinks.
# Note :math:`\beta = 0.75`: it arrives one epoch *sooner* than the best
# :math:`\beta`, though its rate is worse. The best :math:`\beta` is best in
# the long run; early on, the critically damped run pays for its factor
# :math:`k` (above).

betas = {
    "over-damped": 0.68,
    "critically damped": heavy.momentum,
    "under-damped": 0.75,
    "more under-damped": 0.9,
}
sweep = {
    beta: momentum_descent(
        x, y, learning_rate=heavy.learning_rate, momentum=beta, n_epochs=400
    )
    for beta in betas.values()
}
print(
    f"{'beta':>7} {'':18} {'epochs':>6} {'rate':>7} {'sqrt(beta)':>10} "
    f"{'peak':>6} {'at':>3}"
)
for (name, beta), run in zip(betas.items(), sweep.values(), strict=True):
    gap = run.distance_to_minimum()
    top = int(np.argmax(gap))
    rate = convergence_rate(x, heavy.learning_rate, beta)
    print(
        f"{beta:7.4f} {name:18} {epochs_to_reach(run):6d} {rate:7.4f} "
        f"{beta**0.5:10.4f} {gap[top] / gap[0]:5.2f}x {top:3d}"
    )

# %%
# Top, the first 15 epochs, each run's distance divided by its start, the
# peaks circled; bottom, all 400 epochs on a log scale.

fig, (early_ax, late_ax) = plt.subplots(
    2, 1, figsize=(5.9, 7.5), layout="constrained"
)
for (name, beta), run, colour in zip(
    betas.items(), sweep.values(), style.RUNS, strict=False
):
    gap = run.distance_to_minimum() / run.distance_to_minimum()[0]
    top = int(np.argmax(gap))
    label = rf"$\beta$ = {beta:.3f}, {name}"
    early_ax.plot(run.epoch[:16], gap[:16], ".-", color=colour, label=label)
    early_ax.plot(top, gap[top], "o", ms=12, mfc="none", color=colour)
    late_ax.semilogy(run.epoch, gap, color=colour, label=label)
early_ax.set(xlabel="epoch", ylabel="distance / start", title="15 epochs")
late_ax.set(xlabel="epoch", ylabel="distance / start", ylim=(1e-8, 10))
late_ax.legend(loc="upper right")
plt.show()

# %%
# Exercises
# ---------
# Predict first, then change one line and run.
#
# 1. Take :math:`\beta = 0.95` at the heavy ball's :math:`\alpha = 0.0739`.
#    Predict its rate per epoch, and from it roughly how many epochs it
#    needs to shrink the starting distance, 5.83, below :math:`10^{-6}`.
#    Then add it to ``betas`` and run the sweep with ``n_epochs=1_000``.
#
#    .. dropdown:: Answer
#
#       Under-damped, so the rate is :math:`\sqrt{0.95} = 0.9747`, and
#       :math:`\ln(10^{-6}/5.83)/\ln 0.9747 \approx 607` epochs. The run
#       takes 577: the estimate, which ignores the first few epochs' swing,
#       is within 6%.
#
# 2. Nesterov at its own :math:`\beta = 0.806`: what is the largest stable
#    :math:`\alpha`? Predict it from
#    :math:`\alpha\lambda_{\max} < (2 + 2\beta)/(1 + 2\beta)`
#    (:math:`\lambda_{\max}` = 45.27), then run ``momentum_descent`` with
#    ``nesterov=True``, 1% above it and 1% below it.
#
#    .. dropdown:: Answer
#
#       :math:`\alpha < 0.0305`, only 1.04 times its best step 0.0294. At
#       1% above it ``momentum_descent`` refuses with a ``DivergenceError``;
#       with ``allow_divergence=True`` the run is stopped as diverged at
#       epoch 280. At 1% below it converges, slowly: its factor across the
#       valley is then :math:`-0.972`, and it needs 523 epochs to reach
#       :math:`10^{-6}`.
#
# 3. Set ``beta=0`` in ``momentum_by_hand``. Which method is left? Check it
#    against that method's library function at :math:`\alpha = 0.02`.
#
#    .. dropdown:: Answer
#
#       With :math:`\beta = 0` the velocity is just the last gradient step,
#       :math:`v_{k+1} = -\alpha\nabla J(\theta_k)`: plain gradient descent.
#       ``momentum_by_hand(0.02, 0)`` and
#       ``gradient_descent(x, y, learning_rate=0.02, n_epochs=200)`` agree to
#       rounding (a largest difference below :math:`10^{-12}`).
#
# Also try the heavy ball's settings with ``nesterov=True`` and
# ``allow_divergence=True`` to watch it blow up, or the
# `heavy ball at its best in the explorer <../explore/plot_01_explore.html#learning_rate=0.073902&momentum=0.68743&w=3&b=-1&n_epochs=200>`__
# and `Nesterov at its best <../explore/plot_01_explore.html#learning_rate=0.029366&momentum=0.80551&nesterov=1&w=3&b=-1&n_epochs=200>`__.
# The command line runs the same optimisers::
#
#     gdexplain train --learning-rate 0.0739 --momentum 0.687 --epochs 200
