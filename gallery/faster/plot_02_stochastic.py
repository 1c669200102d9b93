r"""
Stochastic and mini-batch descent
=================================

The article names three kinds of gradient descent by how many points each
step looks at: all of them (batch), one (stochastic), or a few (mini-batch),
and then shows only the first. Here are all three on the same six points:
the update written out and run by hand, each step's direction built from
the points' own gradients, the runs side by side on the contour map, and
the price of looking at fewer points: a cloud of final answers that shrinks
as the batch grows.
"""

# %%
# The vocabulary, made concrete
# -----------------------------
# One *epoch* is one pass over all the data. *Batch* descent makes one
# update per epoch from all six points; *stochastic* descent makes six, from
# one point each; *mini-batch* descent makes one per group of a few points.
# Each epoch visits the points in a fresh random order (seeded, so a run
# repeats). ``minibatch_indices`` says which points each update of one epoch
# uses:

from gdexplain import article_data, minibatch_indices

x, y = article_data()
BATCH_SIZES = (1, 2, 3, 6)
for size in BATCH_SIZES:
    batches = minibatch_indices(x.size, batch_size=size, n_epochs=1, seed=0)
    groups = "  ".join(str(batch.tolist()) for batch in batches)
    print(f"batch size {size}, updates per epoch {len(batches)}: {groups}")

# %%
# The update, written out
# -----------------------
# Point :math:`i`'s own squared error :math:`r_i^2`, with
# :math:`r_i = \hat y_i - y_i`, has the gradient
# :math:`g_i = 2 r_i\,(x_i, 1)`, its *per-sample gradient*. The cost is the
# mean of the six squared errors, so :math:`\nabla J` is the mean of the six
# :math:`g_i`. (A point's *pull* on the
# `derivation page <../foundations/plot_01_derivation.html>`__ is
# :math:`g_i / n`: the pulls *add up* to :math:`\nabla J`, the per-sample
# gradients *average* to it.) Update :math:`k` uses only the points of its
# batch :math:`B_k` and steps against the mean of their :math:`g_i`:
#
# .. math::
#
#    \theta_{k+1} = \theta_k - \alpha_k\, \frac{1}{|B_k|}
#    \sum_{i \in B_k} g_i(\theta_k), \qquad
#    \alpha_k = \frac{\alpha_0}{1 + \text{decay}\cdot t_k},
#
# where :math:`t_k` is the number of epochs elapsed before update :math:`k`
# (a fraction between the ends of epochs). Without ``decay`` the step is
# constant, :math:`\alpha_k = \alpha_0`. In plain NumPy:

import numpy as np


def minibatch_by_hand(alpha, batches, updates_per_epoch, decay=0.0):
    """Mini-batch descent from (w, b) = (3, -1), one update per batch."""
    w, b = 3.0, -1.0
    ws, bs = [w], [b]
    for k, batch in enumerate(batches):
        r = w * x[batch] + b - y[batch]  # the batch's residuals
        step = alpha / (1 + decay * k / updates_per_epoch)
        w = w - step * 2 * np.mean(r * x[batch])
        b = b - step * 2 * np.mean(r)
        ws.append(w)
        bs.append(b)
    return np.array(ws), np.array(bs)


# %%
# ``stochastic_descent`` is this loop, recorded, with the batches of
# ``minibatch_indices``. For batch size 2 (3 updates an epoch), seed 0 and a
# decaying step, 300 epochs:

from gdexplain import stochastic_descent

batches = minibatch_indices(x.size, batch_size=2, n_epochs=300, seed=0)
hand_w, hand_b = minibatch_by_hand(0.01, batches, 3, decay=0.02)
run = stochastic_descent(
    x, y, learning_rate=0.01, batch_size=2, n_epochs=300, seed=0, decay=0.02
)
gap = max(np.abs(hand_w - run.w).max(), np.abs(hand_b - run.b).max())
print(f"{len(batches)} updates; largest difference from the library {gap:.1e}")

# %%
# Each point's own step
# ---------------------
# Below, the step each would take with :math:`\alpha = 0.01`: thin arrows for
# each point alone (:math:`-\alpha g_i`), a thick one for the mean of all six
# (the batch step), a dashed one for the mean of a pair (one mini-batch
# step, of the points x = 4 and 5). Top, at the article's start
# :math:`(3, -1)`, far up the wall, where most points agree on the way down. Bottom, at the least-squares minimum
# itself, where the batch step is zero but every point's own step is not: a
# stochastic step there moves *away* from the minimum, and that is why
# stochastic descent with a constant step never settles.

import matplotlib.pyplot as plt

from gdexplain import least_squares, per_sample_gradients
from gdexplain.plots import per_sample_steps

ALPHA = 0.01
w_star, b_star = least_squares(x, y)
pair = minibatch_indices(x.size, batch_size=2, n_epochs=1, seed=0)[0]
places = {"at the start": (3.0, -1.0), "at the minimum": (w_star, b_star)}

fig, axes = plt.subplots(2, 1, figsize=(5.9, 9), layout="constrained")
for ax, (where, (w, b)) in zip(axes, places.items(), strict=True):
    per_sample_steps(ax, x, y, w, b, learning_rate=ALPHA, batch=pair)
    ax.set(title=f"{where}, ({w:g}, {b:g})")
axes[1].legend(loc="upper left")
plt.show()

largest = np.hypot(*(ALPHA * per_sample_gradients(x, y, w_star, b_star)).T)
print(f"largest single-point step at the minimum: {largest.max():.3f}")

# %%
# Four batch sizes on one map
# ---------------------------
# The same step :math:`\alpha = 0.01`, the same start and the same seed, 300
# epochs each: ``stochastic_descent`` with batch sizes 1, 2, 3 and 6 (6 is
# exactly batch gradient descent). Every update is recorded;
# ``history.updates_per_epoch`` says how many make an epoch (6, 3, 2 and 1
# here). To compare the runs epoch for epoch (the same work: every point's
# gradient once per epoch), ``at_epoch_ends`` keeps each run's state at the
# end of each epoch; the video shows every 2nd epoch up to 30, then every
# 10th.

from gdexplain import animate_contour, frame_schedule, show
from gdexplain.animation import style
from gdexplain.plots import at_epoch_ends

N_EPOCHS = 300
SEEDS = range(10)
runs = {
    size: [
        stochastic_descent(
            x,
            y,
            learning_rate=ALPHA,
            batch_size=size,
            n_epochs=N_EPOCHS,
            seed=seed,
        )
        for seed in SEEDS
    ]
    for size in BATCH_SIZES
}
epochs_shown = frame_schedule(
    N_EPOCHS, breakpoints=(30,), steps=(2, 10), endpoint=True
)
race = animate_contour(
    *(at_epoch_ends(runs[size][0]) for size in BATCH_SIZES),
    epochs=epochs_shown,
    fps=8,
)
show(race, "batch_sizes.mp4")

# %%
# Per epoch, the smaller the batch the more steps it takes, so the farther it
# gets: batch descent (6) is still on its way along the valley floor after
# 300 epochs, while stochastic descent (1) got there long before and is
# wandering around it. Within an epoch the small batches zig-zag, each step
# pulled by its own points; every update of the first three epochs:

fig, ax = plt.subplots(figsize=(5.9, 4.5), layout="constrained")
for size, colour in zip(BATCH_SIZES, style.RUNS, strict=False):
    run = runs[size][0]
    shown = run.epochs_elapsed <= 3
    label = f"batch size {size}: {shown.sum() - 1} updates"
    ax.plot(run.w[shown], run.b[shown], ".-", color=colour, label=label)
ax.plot(3.0, -1.0, "ko", label="start")
ax.set(xlabel="slope $w$", ylabel="intercept $b$", title="epochs 0 to 3")
ax.legend()
plt.show()

# %%
# The spread across seeds
# -----------------------
# Ten seeds, ten shuffles, ten different runs: where they end spreads out.
# The spread is the price of looking at fewer points per step, and it falls
# as the batch grows, to exactly zero for the full batch, which does not
# depend on the order of the points at all.

# sphinx_gallery_thumbnail_number = 4
finals = {
    size: np.array([[run.final.w, run.final.b] for run in runs[size]])
    for size in BATCH_SIZES
}
spread = {size: finals[size].std(axis=0) for size in BATCH_SIZES}
print(f"after {N_EPOCHS} epochs at alpha = {ALPHA}, over {len(SEEDS)} seeds:")
print(f"{'batch size':>10} {'std of w':>9} {'std of b':>9}")
for size in BATCH_SIZES:
    print(f"{size:10d} {spread[size][0]:9.3f} {spread[size][1]:9.3f}")

fig, (cloud_ax, spread_ax) = plt.subplots(
    2, 1, figsize=(5.9, 8), layout="constrained"
)
for size, colour in zip(BATCH_SIZES, style.RUNS, strict=False):
    w_end, b_end = finals[size].T
    cloud_ax.plot(w_end, b_end, "o", color=colour, label=f"batch size {size}")
cloud_ax.plot(w_star, b_star, "k*", markersize=12, label="minimum")
cloud_ax.set(
    xlabel="slope $w$",
    ylabel="intercept $b$",
    title=f"where {len(SEEDS)} seeds end, epoch {N_EPOCHS}",
)
cloud_ax.legend()
sizes = [str(size) for size in BATCH_SIZES]
spread_ax.bar(sizes, [spread[size][0] for size in BATCH_SIZES], color=style.W)
spread_ax.set(xlabel="batch size", ylabel="std of the final $w$")
plt.show()

# %%
# A smaller step, a smaller cloud; a shrinking step, a shrinking cloud
# --------------------------------------------------------------------
# At a constant step the run never settles: near the minimum each step is
# one point's own step (first figure), proportional to :math:`\alpha`, so
# the cloud shrinks with :math:`\alpha`. The spread of the final slope over
# the same ten seeds, stochastic descent (batch size 1) at half the step:

half_step = [
    stochastic_descent(
        x, y, learning_rate=ALPHA / 2, n_epochs=N_EPOCHS, seed=seed
    ).final.w
    for seed in SEEDS
]
print(f"alpha = {ALPHA / 2:<6g} std of the final w: {np.std(half_step):.3f}")
print(f"alpha = {ALPHA:<6g} std of the final w: {spread[1][0]:.3f}")

# %%
# A decaying step, :math:`\alpha_k = \alpha_0 / (1 + 0.02\, t_k)`, takes big
# steps while far away and ever smaller ones near the minimum, so the cloud
# keeps shrinking, but slowly: after 1,000 epochs the step is still
# :math:`\alpha_0/21`, and the run, ten times closer than at the constant
# step, is not yet at the minimum. One seed, 1,000 epochs:

from gdexplain.plots import distance_curves

LONG = 1_000
constant = stochastic_descent(x, y, learning_rate=ALPHA, n_epochs=LONG, seed=0)
decaying = stochastic_descent(
    x, y, learning_rate=ALPHA, n_epochs=LONG, seed=0, decay=0.02
)
print(f"step after {LONG} epochs: alpha_0 / {1 + 0.02 * LONG:g}")
for name, run in (("constant", constant), ("decaying", decaying)):
    print(f"{name} step: final distance {run.distance_to_minimum()[-1]:.4f}")

fig, ax = plt.subplots(figsize=(5.9, 4), layout="constrained")
for line in distance_curves(ax, [constant, decaying]):
    line.set_linewidth(0.8)
ax.set(title="batch size 1, seed 0")
ax.legend()
plt.show()

# %%
# Exercises
# ---------
# Predict first, then change one line and run.
#
# 1. A batch size of 4 on six points: how many updates make an epoch, and
#    how many points does each use? Check with ``minibatch_indices``.
#
#    .. dropdown:: Answer
#
#       2 updates: one of 4 points, then one of the 2 left over. Each
#       epoch still uses every point exactly once.
#
# 2. With ``decay=0.1`` instead of 0.02, will the decaying run end closer
#    to the minimum after 1,000 epochs, or farther?
#
#    .. dropdown:: Answer
#
#       Farther: 1.2435 from the minimum, against 0.0349. The step shrinks
#       so fast that the run stalls on its way along the valley floor,
#       before it gets near the minimum. A decay must be slow enough to
#       let the run arrive.
#
# 3. Batch descent is stable below :math:`\alpha = 0.0442` (the
#    `step-size page <../why_slow/plot_02_learning_rate.html#step-factor>`__). Is
#    stochastic descent (batch size 1, seed 0) stable at
#    :math:`\alpha = 0.04`? Hint: the point at :math:`x = 7` alone has a
#    cost :math:`(w x + b - y)^2` whose largest curvature is
#    :math:`2(x^2 + 1) = 100`.
#
#    .. dropdown:: Answer
#
#       No. On its own the point :math:`x = 7` allows steps below
#       :math:`2/100 = 0.02`; the other points' steps in between calm it a
#       little, but at 0.04 its cost grows without bound:
#       ``stochastic_descent`` stops with a ``DivergenceError`` at update 92,
#       when its cost passes a million times its start
#       (``allow_divergence=True`` returns the run up to there).
#
# The command line runs the same optimisers::
#
#     gdexplain train --learning-rate 0.01 --batch-size 1 --seed 0 --epochs 300
#
# The `explorer <../explore/plot_01_explore.html#learning_rate=0.01&momentum=0&w=3&b=-1&n_epochs=300>`__
# runs batch descent live in the page, at any step and start.
