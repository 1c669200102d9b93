r"""
The exact path
==============

Gradient descent on this cost needs no stepping at all: its whole path has a
closed form. Split the error along the two axes of the valley and each part
shrinks by its own fixed factor every epoch, a straight line on a log scale.
That explains the article's run, down to why the intercept first falls and
then climbs.
"""

# %%
# The path in closed form
# -----------------------
# The Hessian :math:`H` of the cost is constant, so one step multiplies the
# error :math:`e = \theta - \theta^*` by the same matrix every epoch:
#
# .. math::
#
#    e_k = (I - \alpha H)^k e_0, \qquad
#    \theta_k = \theta^* + Q (I - \alpha\Lambda)^k Q^\top e_0,
#
# where :math:`H = Q\Lambda Q^\top`: the columns of :math:`Q` are the
# valley's axes and :math:`\Lambda` holds their curvatures.
# ``exact_path`` computes every epoch from this formula;
# ``gradient_descent`` steps. They agree to rounding:

import numpy as np

from gdexplain import article_data, exact_path, gradient_descent

x, y = article_data()
exact = exact_path(x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000)
run = gradient_descent(
    x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000
)
gap = np.hypot(exact.w - run.w, exact.b - run.b).max()
start = run.distance_to_minimum()[0]
print(
    f"largest gap between the two paths: {gap:.1e} ({gap / start:.0e} of the start's)"
)
print(
    f"epoch 12,000 (exact): w = {exact.final.w:.6f}, b = {exact.final.b:.6f}"
)
print(f"epoch 12,000 (run):   w = {run.final.w:.6f}, b = {run.final.b:.6f}")

# %%
# The valley's axes on the map
# ----------------------------
# The run grows over its closed-form path, drawn wide and faint beneath it,
# and the eigenvectors of :math:`H` cross at the minimum: the steep axis
# (curvature :math:`\lambda_{\max}`) across the valley, the shallow one
# (:math:`\lambda_{\min}`) along its floor.

from gdexplain import (
    animate_contour,
    frame_schedule,
    hessian,
    least_squares,
    show,
)

curvatures, axes = np.linalg.eigh(hessian(x))  # smallest curvature first
w_star, b_star = least_squares(x, y)

epochs_shown = frame_schedule(12_000, breakpoints=(100,), steps=(5, 200))
ghost = animate_contour(run, epochs=epochs_shown)


def exact_path_and_axes(figure):  # drawn on the wide video and on the phone's
    (ax,) = [ax for ax in figure.axes if "slope" in ax.get_xlabel()]
    ax.plot(exact.w, exact.b, color="white", lw=7, alpha=0.45, zorder=1.5)
    # Past the map's edges: the limits stay put.
    reach = np.array([-20.0, 20.0])
    # Where along each axis its label sits: inside the map, clear of the path.
    for (d_w, d_b), curvature, name, where in zip(
        axes.T, curvatures, ["shallow", "steep"], [2.2, -1.8], strict=True
    ):
        ax.plot(w_star + reach * d_w, b_star + reach * d_b, "k--", lw=1.2)
        ax.annotate(
            f"{name} axis, λ = {curvature:.3g}",
            (w_star + where * d_w, b_star + where * d_b),
            va="top",
            fontsize="medium",
            bbox={"boxstyle": "round", "fc": "white", "alpha": 0.8},
        )


ghost.decorate(exact_path_and_axes)
show(ghost, "exact_path.mp4")

# %%
# The error along each axis
# -------------------------
# Measured along the two axes, the run's error is two independent
# sequences: the part along axis :math:`i` is multiplied by
# :math:`1 - \alpha\lambda_i` every epoch. On a log scale each is a straight
# line with slope :math:`\log|1 - \alpha\lambda_i|` per epoch. The fast part
# drops out of the plot into rounding noise within a thousand epochs; only
# the slow part is left, and it sets the pace of the whole run. The slopes
# are measured where each part is above :math:`10^{-9}`.

import matplotlib.pyplot as plt

learning_rate = 0.001
error = axes.T @ np.vstack((run.w - w_star, run.b - b_star))  # (2, epochs)
predicted_slopes = np.log(np.abs(1 - learning_rate * curvatures))

fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
for part, slope, name, color in zip(
    np.abs(error),
    predicted_slopes,
    ["slow (shallow axis)", "fast (steep axis)"],
    ["tab:blue", "tab:red"],
    strict=True,
):
    meaningful = part > 1e-9  # above rounding noise
    measured_slope = np.polyfit(
        run.epoch[meaningful], np.log(part[meaningful]), 1
    )[0]
    print(
        f"{name}, slope per epoch:\n"
        f"    predicted {slope:.8f}, measured {measured_slope:.8f}"
    )
    ax.plot(run.epoch, part, color=color, lw=2.5, label=f"{name}, run")
    ax.plot(
        run.epoch,
        part[0] * np.exp(slope * run.epoch),
        "k:",
        lw=1.2,
    )
ax.plot([], [], "k:", label="predicted line")
ax.set(
    yscale="log",
    ylim=(1e-14, 30),  # rounding noise, near 1e-16, stays below
    xlabel="epoch",
    ylabel="|error| along the axis",
)
ax.legend(loc="center right")
plt.show()

# %%
# Why :math:`b` first falls, then climbs
# --------------------------------------
# The article's intercept starts at :math:`-1`, falls to its lowest at epoch
# 70 and only then climbs towards 2. Neither axis lies along :math:`b`, so
# each part of the error moves :math:`b`: :math:`b - b^*` is the sum of the
# two parts' :math:`b` components. At the start the fast part holds
# :math:`b` 0.82 above where the slow part alone would put it. The fast part
# shrinks by 4.5% an epoch and is gone within about a hundred epochs, so
# :math:`b` falls; meanwhile the slow part gives back only 0.04% of its
# :math:`-3.82` an epoch. :math:`b` is lowest where the fast part's fall no
# longer outpaces the slow part's climb, at epoch 70; from there it follows
# the slow part up.

slow_b, fast_b = axes[1, :, None] * error  # each part's share of b - b*
lowest = int(np.argmin(run.b))
print(f"start: b - b* = {run.b[0] - b_star:.4f}")
print(f"  slow part {slow_b[0]:+.4f}, fast part {fast_b[0]:+.4f}")
print(f"lowest b, run:        {run.b[lowest]:.4f} at epoch {lowest}")
print(
    f"lowest b, exact path: {exact.b.min():.4f} at epoch {np.argmin(exact.b)}"
)

fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
shown = slice(0, 401)
ax.plot(run.epoch[shown], run.b[shown], color="black", lw=2.5, label="b, run")
ax.plot(
    run.epoch[shown],
    b_star + slow_b[shown],
    color="tab:blue",
    label="b* + slow part",
)
ax.plot(run.epoch[shown], fast_b[shown], color="tab:red", label="fast part")
ax.plot(lowest, run.b[lowest], "o", color="black", ms=8)
ax.annotate(
    f"lowest: {run.b[lowest]:.4f} at epoch {lowest}",
    (lowest, run.b[lowest]),
    xytext=(12, -18),
    textcoords="offset points",
)
ax.axhline(0, color="gray", lw=0.8)
ax.set(xlabel="epoch", ylabel="intercept b and its parts", ylim=(-2.0, 1.0))
ax.legend(loc="center right")
plt.show()

# %%
# Try it yourself
# ---------------
# - Change the learning rate: above :math:`1/\lambda_{\max} \approx 0.0221`
#   the fast factor :math:`1 - \alpha\lambda_{\max}` is negative, and the
#   fast part flips sign every epoch: the zigzag across the valley.
# - Change the start: a start on the shallow axis has no fast part, and its
#   path runs straight along the floor.
# - Use your own data with ``exact_path(my_x, my_y, ...)``.
# - Watch the dip in the
#   `explorer <../explore/plot_01_explore.html#learning_rate=0.001&w=3&b=-1&n_epochs=400>`__,
#   then raise the learning rate.
