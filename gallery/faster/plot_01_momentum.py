r"""
Momentum: the heavy ball and Nesterov
=====================================

Gradient descent forgets every step as soon as it has taken it. Momentum
keeps a fraction :math:`\beta` of the last step and adds the new one, so
steps that agree build up speed along the valley floor while steps that
disagree, across it, cancel. Here the heavy ball and Nesterov's method, each
at its best settings, race plain gradient descent at its best step, on the
article's six points, and every rate the theory predicts is measured.
"""

# %%
# The three settings
# ------------------
# Each method's best settings come from the two curvatures of the cost, the
# eigenvalues of its Hessian. ``optimal_learning_rate`` is the
# step that makes gradient descent shrink both directions equally fast;
# ``optimal_momentum`` gives the heavy ball's best
# :math:`(\alpha, \beta)` and, with ``nesterov=True``, Nesterov's (which
# differ). Each comes with the rate it promises: the factor by which the
# distance to the minimum shrinks every epoch, in the long run.

from gdexplain import (
    article_data,
    convergence_rate,
    optimal_learning_rate,
    optimal_momentum,
)

x, y = article_data()
alpha_gd = optimal_learning_rate(x)
heavy = optimal_momentum(x)
nesterov = optimal_momentum(x, nesterov=True)
predicted_rate = {
    "gradient descent": convergence_rate(x, alpha_gd),
    "heavy ball": heavy.rate,
    "Nesterov": nesterov.rate,
}
print(f"gradient descent  alpha = {alpha_gd:.6f}")
print(
    f"heavy ball        alpha = {heavy.learning_rate:.6f}, beta = {heavy.momentum:.6f}"
)
print(
    f"Nesterov          alpha = {nesterov.learning_rate:.6f}, beta = {nesterov.momentum:.6f}"
)
for method, rate in predicted_rate.items():
    print(f"predicted rate, {method:17} {rate:.5f} per epoch")

# %%
# The race
# --------
# The three runs on one contour map, from the article's start
# :math:`(w, b) = (3, -1)`, for 200 epochs. Gradient descent at its best step
# still zig-zags down the wall and then crawls along the floor; the heavy
# ball overshoots far up the opposite wall first, then rolls along the floor
# and arrives; Nesterov's look-ahead takes a rounder path with no overshoot.

from gdexplain import (
    animate_contour,
    frame_schedule,
    gradient_descent,
    momentum_descent,
    show,
)

# 1,000 epochs, to measure below how long each takes; the race shows 200.
N_EPOCHS = 1_000
runs = {
    "gradient descent": gradient_descent(
        x, y, learning_rate=alpha_gd, w=3.0, b=-1.0, n_epochs=N_EPOCHS
    ),
    "heavy ball": momentum_descent(
        x,
        y,
        learning_rate=heavy.learning_rate,
        momentum=heavy.momentum,
        w=3.0,
        b=-1.0,
        n_epochs=N_EPOCHS,
    ),
    "Nesterov": momentum_descent(
        x,
        y,
        learning_rate=nesterov.learning_rate,
        momentum=nesterov.momentum,
        nesterov=True,
        w=3.0,
        b=-1.0,
        n_epochs=N_EPOCHS,
    ),
}
# Every epoch while the paths move fast, then every 10th: 48 frames.
epochs_shown = frame_schedule(
    200, breakpoints=(30,), steps=(1, 10), endpoint=True
)
race = animate_contour(*runs.values(), epochs=epochs_shown, fps=10)
show(race, "momentum.mp4")

# %%
# Epochs to a millionth
# ---------------------
# How many epochs each method needs to come within :math:`10^{-6}` of the
# least-squares minimum :math:`\theta^*`, measured on the runs above, beside
# the rate: predicted, and measured over the last 50 epochs
# before the run got there. For gradient descent the closed form
# (``epochs_to_tolerance``) also predicts the epoch itself.

import numpy as np

from gdexplain import History, epochs_to_tolerance, least_squares

w_star, b_star = least_squares(x, y)
TOLERANCE = 1e-6


def distance(history: History) -> np.ndarray:
    """The distance from each recorded (w, b) to the minimum."""
    return np.hypot(history.w - w_star, history.b - b_star)


def epochs_to_reach(history: History) -> int:
    """The first epoch at which the run is within TOLERANCE of the minimum."""
    return int(history.epoch[np.argmax(distance(history) < TOLERANCE)])


def measured_rate(history: History, span: int = 50) -> float:
    """The distance's shrink factor per epoch over the last ``span`` epochs."""
    end = epochs_to_reach(history)
    gaps = distance(history)
    return float((gaps[end] / gaps[end - span]) ** (1 / span))


predicted_epochs = epochs_to_tolerance(
    x, y, learning_rate=alpha_gd, w=3.0, b=-1.0, tolerance=TOLERANCE
)
print(f"{'':17} {'epochs':>7} {'predicted rate':>15} {'measured rate':>14}")
for method, history in runs.items():
    print(
        f"{method:17} {epochs_to_reach(history):7d} "
        f"{predicted_rate[method]:15.5f} {measured_rate(history):14.5f}"
    )
print(f"closed form, gradient descent: {predicted_epochs} epochs")

# %%
# The heavy ball needs eight times fewer epochs than gradient descent, because
# its rate depends on :math:`\sqrt{\kappa}` instead of on the condition
# number :math:`\kappa` itself. Its measured rate is a little slower than
# predicted: at its best settings the slowest direction is *critically
# damped*, its two roots coincide, and the distance shrinks like
# :math:`k \rho^k` rather than :math:`\rho^k`; the extra factor :math:`k`
# fades only slowly. Nesterov's best rate on a quadratic is slower than the
# heavy ball's, but it is far more forgiving: with the heavy ball's settings
# it diverges on these data.

import textwrap

from gdexplain import DivergenceError

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
# minimum *grows* before it falls. Left, its first 20 epochs over the cost's
# contour lines, with the farthest point marked; right, the distance to the
# minimum against epoch on a logarithmic axis, for all three runs.

# sphinx_gallery_thumbnail_number = 2
import matplotlib.pyplot as plt

from gdexplain import cost
from gdexplain.animation.style import RUNS

colour = dict(zip(runs, RUNS, strict=False))
gaps = {method: distance(history) for method, history in runs.items()}
ball = runs["heavy ball"]
peak = int(np.argmax(gaps["heavy ball"]))
print(
    f"heavy ball: distance {gaps['heavy ball'][0]:.2f} at the start, "
    f"{gaps['heavy ball'][peak]:.2f} at epoch {peak} "
    f"(cost {ball.cost[0]:,.1f}, then {ball.cost[peak]:,.1f})"
)
for method in ("gradient descent", "Nesterov"):
    print(f"{method}: farthest at epoch {int(np.argmax(gaps[method]))}")

figure, (path_ax, gap_ax) = plt.subplots(
    1, 2, figsize=(10, 4.2), layout="constrained"
)
start = slice(0, 21)
w_grid, b_grid = np.meshgrid(
    np.linspace(ball.w[start].min() - 1, ball.w[start].max() + 1, 200),
    np.linspace(ball.b[start].min() - 3, ball.b[start].max() + 3, 200),
)
path_ax.contour(
    w_grid,
    b_grid,
    cost(x, y, w_grid, b_grid),
    levels=np.geomspace(45, 3e4, 14),
    cmap="viridis",
    linewidths=0.8,
)
path_ax.plot(ball.w[start], ball.b[start], ".-", color=colour["heavy ball"])
for epoch in range(1, peak + 2):  # number the first steps, in order
    path_ax.annotate(
        str(epoch),
        (ball.w[epoch], ball.b[epoch]),
        xytext=(0, 6),
        textcoords="offset points",
        horizontalalignment="center",
        fontsize="small",
    )
path_ax.plot(w_star, b_star, "k*", markersize=12, label="minimum")
path_ax.plot(3.0, -1.0, "ko", markersize=5, label="start")
path_ax.plot(
    ball.w[peak],
    ball.b[peak],
    "o",
    markersize=14,
    markerfacecolor="none",
    markeredgecolor="black",
    label=f"epoch {peak}: farthest",
)
path_ax.set(
    xlabel="slope $w$",
    ylabel="intercept $b$",
    title="heavy ball, epochs 0 to 20",
)
path_ax.legend(loc="upper right", fontsize="small")

shown = slice(0, 200)
for method, gap in gaps.items():
    gap_ax.semilogy(
        ball.epoch[shown], gap[shown], color=colour[method], label=method
    )
gap_ax.plot(peak, gaps["heavy ball"][peak], "ko", markerfacecolor="none")
gap_ax.annotate(
    f"peak: {gaps['heavy ball'][peak] / gaps['heavy ball'][0]:.1f}x "
    f"the start, epoch {peak}",
    (peak, gaps["heavy ball"][peak]),
    xytext=(15, 0),
    textcoords="offset points",
    verticalalignment="center",
)
gap_ax.axhline(TOLERANCE, color="grey", linestyle=":", linewidth=1)
gap_ax.set(
    xlabel="epoch",
    ylabel=r"distance to the minimum $\|\theta - \theta^*\|$",
    ylim=(1e-7, 100),
)
gap_ax.legend(loc="lower left", fontsize="small")
plt.show()

# %%
# A sweep of :math:`\beta`
# ------------------------
# At the heavy ball's step :math:`\alpha = 0.0739`, five values of
# :math:`\beta`. Below about 0.67 the ball is unstable at this step (its limit
# is :math:`\alpha\lambda_{\max} < 2 + 2\beta`), so the sweep starts just
# above. Just below the best :math:`\beta` the slow direction is
# *over-damped*: it creeps to the minimum without overshooting, at a rate
# set by the larger of two real roots. At the best :math:`\beta` it is
# *critically damped*. Above, every direction is *under-damped*: it rings
# around the minimum, each swing shrinking by :math:`\sqrt{\beta}`, so the
# rate worsens as :math:`\beta` grows, while the first overshoot (the peak)
# shrinks.

betas = {
    "over-damped": 0.68,
    "critically damped": heavy.momentum,
    "under-damped": 0.75,
    "more under-damped": 0.9,
}
sweep = {
    name: momentum_descent(
        x,
        y,
        learning_rate=heavy.learning_rate,
        momentum=beta,
        w=3.0,
        b=-1.0,
        n_epochs=400,
    )
    for name, beta in betas.items()
}
print(f"{'beta':>7} {'':18} {'epochs':>7} {'rate':>7} {'peak':>6} {'at':>4}")
for (name, history), beta in zip(sweep.items(), betas.values(), strict=True):
    gap = distance(history)
    top = int(np.argmax(gap))
    rate = convergence_rate(x, heavy.learning_rate, beta)
    print(
        f"{beta:7.4f} {name:18} {epochs_to_reach(history):7d} {rate:7.4f} "
        f"{gap[top] / gap[0]:5.2f}x {top:4d}"
    )

figure, (early_ax, late_ax) = plt.subplots(
    1, 2, figsize=(10, 4.2), layout="constrained", width_ratios=(1, 2)
)
shades = plt.cm.plasma(np.linspace(0.0, 0.75, len(betas)))
for (name, history), beta, shade in zip(
    sweep.items(), betas.values(), shades, strict=True
):
    gap = distance(history) / distance(history)[0]
    top = int(np.argmax(gap))
    label = rf"$\beta$ = {beta:.3f}, {name}"
    early_ax.plot(history.epoch[:16], gap[:16], ".-", color=shade, label=label)
    early_ax.plot(top, gap[top], "o", markersize=11, color=shade, alpha=0.5)
    late_ax.semilogy(history.epoch, gap, color=shade, label=label)
early_ax.set(
    xlabel="epoch",
    ylabel="distance / starting distance",
    title="the first 15 epochs: peaks circled",
)
late_ax.set(
    xlabel="epoch",
    ylim=(1e-8, 10),
    title=rf"400 epochs at $\alpha$ = {heavy.learning_rate:.4f}, log scale",
)
late_ax.legend(loc="upper right", fontsize="small")
plt.show()

# %%
# Try it yourself
# ---------------
# Copy the cells into a notebook and change a setting: a :math:`\beta` of
# 0.95, a start far from the valley, or the heavy ball's settings with
# ``nesterov=True`` and ``allow_divergence=True`` to watch it blow up. The
# command line runs the same optimisers::
#
#     gdexplain train --learning-rate 0.0739 --momentum 0.687 --epochs 200
#     gdexplain animate contour --output ball.mp4 --learning-rate 0.0294 \
#         --momentum 0.806 --nesterov --epochs 200 --endpoint
#
# Or open the explorer with the
# `heavy ball at its best <../explore/plot_01_explore.html#learning_rate=0.073902&momentum=0.68743&w=3&b=-1&n_epochs=200>`__
# or `Nesterov at its best <../explore/plot_01_explore.html#learning_rate=0.029366&momentum=0.80551&nesterov=1&w=3&b=-1&n_epochs=200>`__,
# and move the sliders: tick *Nesterov* at the heavy ball's settings to
# see it diverge.
