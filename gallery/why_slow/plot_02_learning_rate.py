r"""
Choosing the learning rate
==========================

Which step sizes work, and how fast each one converges, can be computed from
the data before a single step is taken: the cost is an exact quadratic, so
two numbers, the curvatures of its valley, decide everything. This page
predicts, then runs and measures: four runs race on one map, and a
stability map compares the predicted time to converge with measured runs.
"""

# %%
# Two curvatures decide everything
# --------------------------------
# The Hessian :math:`H` of the cost is constant; its eigenvalues
# :math:`\lambda_{\min}` and :math:`\lambda_{\max}` are the curvatures along
# the valley and across it. Each step multiplies the error along each of
# these two directions by :math:`1 - \alpha\lambda_i`, so
#
# - for :math:`\alpha < 1/\lambda_{\max}` both factors are positive: the run
#   slides down each direction without overshooting;
# - for :math:`1/\lambda_{\max} < \alpha < 2/\lambda_{\max}` the steep
#   direction's factor is negative: the run zigzags across the valley, but
#   the zigzag shrinks;
# - above :math:`\alpha_{\max} = 2/\lambda_{\max}` the zigzag grows: the run
#   diverges.
#
# The fastest fixed step, :math:`\alpha^* = 2/(\lambda_{\min} +
# \lambda_{\max})`, balances the two directions.

from gdexplain import (
    article_data,
    condition_number,
    convergence_rate,
    curvatures,
    optimal_learning_rate,
    stability_limit,
)

x, y = article_data()
smallest, largest = curvatures(x)
best = optimal_learning_rate(x)
limit = stability_limit(x)
print(f"curvatures: {smallest:.5f} and {largest:.4f}")
print(f"condition number κ = {condition_number(x):.2f}")
print(f"zigzag from α = 1/λmax = {1 / largest:.6f}")
print(f"fastest α* = {best:.7f}, rate {convergence_rate(x, best):.6f}")
print(f"stability limit α_max = {limit:.6f}")

# %%
# Four runs race
# --------------
# A step 2% above the limit, :math:`\alpha^*`, half of :math:`\alpha^*` and
# the article's :math:`\alpha = 0.001`, all from the article's start
# :math:`(w, b) = (3, -1)`. The first run is allowed to diverge: it is
# recorded until its cost passes a million times its start, and its history
# says at which epoch that happened.

from dataclasses import replace

from gdexplain import animate_contour, frame_schedule, gradient_descent, show

rates = {
    f"1.02 αₘₐₓ = {1.02 * limit:.4f}": 1.02 * limit,
    f"α* = {best:.4f}": best,
    f"½α* = {best / 2:.4f}": best / 2,
    "article, α = 0.001": 0.001,
}
runs = [
    replace(  # a shorter label for the legend
        gradient_descent(
            x, y, learning_rate=rate, n_epochs=600, allow_divergence=True
        ),
        label=name,
    )
    for name, rate in rates.items()
]
print(f"the first run diverged at epoch {runs[0].diverged}")
epochs_shown = frame_schedule(
    600, breakpoints=(40,), steps=(1, 20), endpoint=True
)
race = animate_contour(*runs, epochs=epochs_shown)
show(race, "learning_rates.mp4")

# %%
# The run above the limit bounces from wall to wall, further each time, and
# leaves the map. At :math:`\alpha^*` the run zigzags too, but each bounce is
# a little shorter, and it reaches the minimum first: its zigzag across the
# valley and its slide along it shrink at the same rate. Half of
# :math:`\alpha^*` is just below :math:`1/\lambda_{\max}`: it drops to the
# floor without zigzagging, then slides half as fast. The article's run has
# only just reached the floor.
#
# Predicted and measured rates
# ----------------------------
# ``convergence_rate`` predicts the factor by which the
# distance to the minimum shrinks (or grows) per epoch, in the long run:
# :math:`\max_i |1 - \alpha\lambda_i|`. Each run measures it over its last
# 100 recorded epochs.

for (name, rate), run in zip(rates.items(), runs, strict=True):
    distance = run.distance_to_minimum()
    measured = (distance[-1] / distance[-101]) ** (1 / 100)
    predicted = convergence_rate(x, rate)
    print(f"{name}:\n    predicted {predicted:.7f}, measured {measured:.7f}")

# %%
# The stability map
# -----------------
# How many epochs does a run need to come within :math:`10^{-6}` of the
# minimum? ``epochs_to_tolerance`` predicts it from the
# closed form, for every step size below the limit (the curve). The dots
# are runs, each stopped a few epochs after the prediction and measured: the
# first epoch where :math:`\lVert\theta - \theta^*\rVert < 10^{-6}`.
# Two dots sit just below the limit. (Below :math:`\alpha = 0.003` a run
# needs tens of thousands of epochs, so the dots start there.)

import matplotlib.pyplot as plt
import numpy as np

from gdexplain import epochs_to_tolerance

steps = np.geomspace(1e-4, limit * (1 - 1e-6), 300)
predicted = [epochs_to_tolerance(x, y, learning_rate=a) for a in steps]
near_limit = [0.995 * limit, 0.998 * limit]
tried = np.append(np.geomspace(0.003, 0.97 * limit, 10), near_limit)
measured = []
for rate in tried:
    expected = epochs_to_tolerance(x, y, learning_rate=rate)
    run = gradient_descent(x, y, learning_rate=rate, n_epochs=expected + 10)
    measured.append(int(np.argmax(run.distance_to_minimum() < 1e-6)))

fig, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
ax.axvspan(1e-4, 1 / largest, color="tab:green", alpha=0.12)
ax.axvspan(1 / largest, limit, color="tab:orange", alpha=0.15)
ax.axvspan(limit, 2 * limit, color="tab:red", alpha=0.15)
ax.text(1.3e-4, 1.5e5, "monotone", fontsize="large")
for where, text in [
    (np.sqrt(limit / largest), "zigzag"),
    (1.4 * limit, "diverges"),
]:
    ax.text(
        where,
        1e2,
        text,
        ha="center",
        va="center",
        rotation=90,
        fontsize="large",
    )
ax.plot(steps, predicted, color="black", label="predicted")
ax.plot(tried, measured, "o", color="tab:blue", ms=7, label="measured run")
ax.axvline(best, color="black", ls=":", lw=1, label=f"α* = {best:.4f}")
ax.set(
    xscale="log",
    yscale="log",
    xlim=(1e-4, 2 * limit),
    ylim=(10, 1e6),
    xlabel="learning rate α",
    ylabel="epochs to ‖θ − θ*‖ < 1e-6",
)
ax.legend(loc="lower left")
plt.show()

for rate, count in zip(tried, measured, strict=True):
    expected = epochs_to_tolerance(x, y, learning_rate=rate)
    print(
        f"α = {rate:.5f}: predicted {expected:6,} epochs, measured {count:6,}"
    )

# %%
# The curve falls as :math:`1/\alpha` while the slow direction sets the
# pace, reaches its lowest near :math:`\alpha^*`, where the zigzag across
# the valley starts to take longer than the crawl along it, and climbs
# steeply at the limit, where the zigzag no longer shrinks.
#
# Try it yourself
# ---------------
# - Change ``rates`` above, or the start (``w=``, ``b=``), and run the page
#   again: the predictions follow, whatever the start, and the runs agree.
# - Use your own data: ``x, y = my_x, my_y``. The curvatures, and so every
#   number above, depend on ``x`` only.
# - Drag the learning rate across the limit in the
#   `explorer at α* <../explore/plot_01_explore.html#learning_rate=0.0438&w=3&b=-1&n_epochs=600>`__,
#   or `just above the limit
#   <../explore/plot_01_explore.html#learning_rate=0.0451&w=3&b=-1&n_epochs=300>`__.
