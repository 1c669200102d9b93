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
# One step of gradient descent multiplies the error
# :math:`e = \theta - \theta^*` by the same matrix, :math:`I - \alpha H`,
# every epoch (the argument is made in full on the
# :ref:`step-size page <step-factor>`), so after :math:`k` epochs
#
# .. math::
#
#    e_k = (I - \alpha H)^k e_0, \qquad
#    \theta_k = \theta^* + Q (I - \alpha\Lambda)^k Q^\top e_0,
#
# where :math:`H = Q\Lambda Q^\top`: the columns of :math:`Q` are the
# valley's two axes (drawn on the `curvature page <plot_01_curvature.html>`__),
# :math:`\Lambda` holds their curvatures on its diagonal, and
# :math:`Q^\top e_0` (:math:`Q` with rows and columns swapped, times
# :math:`e_0`) lists the start's error as its parts along the two axes. In
# words: split the start's error along the two axes, shrink each part by its
# own factor :math:`1 - \alpha\lambda_i` per epoch, and add the parts back
# up.
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
# drops into rounding noise within a thousand epochs; only the slow part is
# left, and it sets the pace of the whole run. The slopes are measured where
# each part is above :math:`10^{-9}`, above the noise.

import matplotlib.pyplot as plt

from gdexplain.animation import style

learning_rate = 0.001
error = axes.T @ np.vstack((run.w - w_star, run.b - b_star))  # (2, epochs)
factors = 1 - learning_rate * curvatures
names = ["slow (shallow axis)", "fast (steep axis)"]
for part, factor, name in zip(np.abs(error), factors, names, strict=True):
    meaningful = part > 1e-9
    fitted = np.polyfit(run.epoch[meaningful], np.log(part[meaningful]), 1)
    print(f"{name}, slope per epoch:")
    print(f"    predicted {np.log(abs(factor)):.8f}, measured {fitted[0]:.8f}")

fig, ax = plt.subplots(figsize=(5.9, 4), layout="constrained")
for part, factor, name, colour in zip(
    np.abs(error), factors, names, [style.W, style.CURRENT], strict=True
):
    ax.plot(run.epoch, part, color=colour, lw=2.5, label=name)
    ax.plot(run.epoch, part[0] * np.abs(factor) ** run.epoch, "k:", lw=1.2)
ax.plot([], [], "k:", label="predicted")
ax.set(
    yscale="log",
    ylim=(1e-14, 30),
    xlabel="epoch",
    ylabel="|error| along the axis",
)
ax.legend(loc="center right")
plt.show()

# %%
# Why :math:`b` first falls, then climbs
# --------------------------------------
# The `fit page <../foundations/plot_03_fit.html>`__ shows the article's
# intercept start at :math:`-1`, fall to its lowest at epoch 70, and only
# then climb towards 2. The split explains why. Neither axis lies along
# :math:`b`, so each part of the error moves :math:`b`:
#
# .. math::
#
#    b_k - b^* = S\, s^k + F\, f^k, \qquad
#    s = 1 - \alpha\lambda_{\min}, \quad f = 1 - \alpha\lambda_{\max},
#
# where :math:`S` and :math:`F` are the slow and the fast part's shares of
# :math:`b_0 - b^*`. The slow part holds :math:`b` far below :math:`b^*`
# (:math:`S < 0`) and gives it back slowly; the fast part holds it a little
# *above* where the slow part alone would put it (:math:`F > 0`) and gives
# that back fast. From one epoch to the next,
#
# .. math::
#
#    b_{k+1} - b_k = \underbrace{|S|\,(1 - s)\, s^k}_{\text{slow part: climb}}
#    \;-\; \underbrace{F\,(1 - f)\, f^k}_{\text{fast part: fall}} .
#
# At first the fall is many times the climb, so :math:`b` falls; but the
# fall shrinks by :math:`f` every epoch and the climb only by :math:`s`.
# :math:`b` falls while the fall is the larger, that is while :math:`k`
# is below
# :math:`k_d = \ln\bigl(F(1 - f) / (|S|(1 - s))\bigr) / \ln(s/f)`, so its
# lowest point is the first epoch after :math:`k_d`; from there it follows
# the slow part up.

slow_b, fast_b = axes[1, :, None] * error  # each part's share of b - b*
S, F = slow_b[0], fast_b[0]
s, f = factors
k_d = np.log(F * (1 - f) / (abs(S) * (1 - s))) / np.log(s / f)
lowest = int(np.argmin(run.b))
print(f"S = {S:+.4f}, F = {F:+.4f}; s = {s:.6f}, f = {f:.6f}")
print(f"epoch 0: fall {F * (1 - f):.5f}, climb {abs(S) * (1 - s):.5f}")
print(
    f"predicted: b falls until k_d = {k_d:.2f}, lowest at epoch {np.ceil(k_d):.0f}"
)
print(f"measured:  lowest b = {run.b[lowest]:.4f} at epoch {lowest}")

fig, ax = plt.subplots(figsize=(5.9, 4), layout="constrained")
shown = slice(0, 401)
ax.plot(run.epoch[shown], run.b[shown], color=style.B, lw=2.5, label="b, run")
ax.plot(
    run.epoch[shown],
    b_star + slow_b[shown],
    color=style.W,
    label="b* + slow part",
)
ax.plot(
    run.epoch[shown], fast_b[shown], color=style.CURRENT, label="fast part"
)
ax.plot(lowest, run.b[lowest], "ko", ms=8, label=f"lowest, epoch {lowest}")
ax.axhline(0, color="grey", lw=0.8)
ax.set(xlabel="epoch", ylabel="intercept b and its parts", ylim=(-2.0, 1.0))
ax.legend(loc="center right")
plt.show()

# %%
# Exercises
# ---------
# Predict first, then change one line and run.
#
# 1. Which start on the line :math:`b = -1` makes :math:`b` climb straight
#    to 2, with no dip? Hint: what must :math:`F` be?
#
#    .. dropdown:: Answer
#
#       :math:`F = 0`: a start with no fast part, on the shallow axis through
#       the minimum. On :math:`b = -1` that is :math:`w = -1.4223`. From
#       there :math:`b` rises every epoch, and the path runs straight along
#       the floor of the valley.
#
# 2. At :math:`\alpha = 0.01`, at which epoch is :math:`b` lowest? Predict
#    it with :math:`k_d`, then run ``gradient_descent`` at that step.
#
#    .. dropdown:: Answer
#
#       :math:`k_d = 5.35`, so at epoch 6, where :math:`b = -1.7094`: the fast
#       part is gone ten times sooner than at :math:`\alpha = 0.001`.
#
# 3. Above :math:`1/\lambda_{\max} \approx 0.0221` the fast factor
#    :math:`f` is negative. What does the fast part do then, and what does
#    :math:`b` do at :math:`\alpha = 0.03`?
#
#    .. dropdown:: Answer
#
#       At 0.03, :math:`f = -0.358`: the fast part changes sign every epoch,
#       the zigzag across the valley, so :math:`b` jumps up and down around
#       the slow part's curve for its first few epochs (:math:`|f|^k` falls
#       below 1% after 5 epochs).
#
# Also watch the dip in the
# `explorer <../explore/plot_01_explore.html#learning_rate=0.001&w=3&b=-1&n_epochs=400>`__,
# then raise the learning rate.
