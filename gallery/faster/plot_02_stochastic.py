r"""
Stochastic and mini-batch descent
=================================

The article names three kinds of gradient descent by how many points each
step looks at: all of them (batch), one (stochastic), or a few (mini-batch),
and then shows only the first. Here are all three on the same six points:
each step's direction built from the points' own gradients, the runs side
by side on the contour map, and the price of looking at fewer points, a
cloud of final answers that shrinks as the batch grows.
"""

# %%
# The vocabulary, made concrete
# -----------------------------
# One *epoch* is one pass over all the data. *Batch* descent makes one
# update per epoch from all six points; *stochastic* descent makes six, from
# one point each; *mini-batch* descent makes one per group of a few points.
# Each epoch visits the points in a fresh random order (seeded, so a run
# repeats). ``minibatch_indices`` says which points each
# update of one epoch uses:

from gdexplain import article_data, minibatch_indices

x, y = article_data()
BATCH_SIZES = (1, 2, 3, 6)
NAMES = {1: "stochastic", 2: "mini-batch", 3: "mini-batch", 6: "batch"}
for size in BATCH_SIZES:
    batches = minibatch_indices(x.size, batch_size=size, n_epochs=1, seed=0)
    groups = "  ".join(str(batch.tolist()) for batch in batches)
    print(
        f"batch size {size} ({NAMES[size]:10}): {len(batches)} updates  {groups}"
    )

# %%
# Each point's own pull
# ---------------------
# The cost is the mean of the six points' squared errors, so its gradient is
# the mean of their six gradients, ``per_sample_gradients``.
# Batch descent steps along that mean; stochastic descent along one of the
# six, chosen by the shuffle; mini-batch descent along the mean of a few.
# Below, the step each would take with :math:`\alpha = 0.01`: thin arrows
# for each point alone, a thick one for the mean of all six (the batch
# step), a dashed one for the mean of a pair (one mini-batch step). Left,
# at the article's start :math:`(3, -1)`, far up the wall, where most points
# agree on the way down. Right, at the least-squares minimum itself, where
# the batch step is zero but every point still pulls: a stochastic step
# there moves away from the minimum, and that is why stochastic descent
# with a constant step never settles.

import matplotlib.pyplot as plt
import numpy as np

from gdexplain import cost, gradient, least_squares, per_sample_gradients

ALPHA = 0.01
w_star, b_star = least_squares(x, y)
pair = minibatch_indices(x.size, batch_size=2, n_epochs=1, seed=0)[0]

figure, axes = plt.subplots(1, 2, figsize=(10, 4.6), layout="constrained")
for ax, (where, (w, b)) in zip(
    axes,
    {"at the start": (3.0, -1.0), "at the minimum": (w_star, b_star)}.items(),
    strict=True,
):
    steps = -ALPHA * per_sample_gradients(x, y, w, b)
    batch_step = -ALPHA * np.array(gradient(x, y, w, b), dtype=float)
    pair_step = steps[pair].mean(axis=0)
    reach = np.abs(steps).max(axis=0) * 1.5
    w_grid, b_grid = np.meshgrid(
        np.linspace(w - reach[0], w + reach[0], 200),
        np.linspace(b - reach[1], b + reach[1], 200),
    )
    ax.contour(
        w_grid,
        b_grid,
        cost(x, y, w_grid, b_grid),
        levels=12,
        cmap="viridis",
        linewidths=0.7,
    )
    for i, (dw, db) in enumerate(steps):
        ax.annotate(
            "",
            (w + dw, b + db),
            (w, b),
            arrowprops={"arrowstyle": "->", "color": "0.35"},
        )
        ax.annotate(
            f"x = {x[i]:g}",
            (w + dw, b + db),
            xytext=(3, 3),
            textcoords="offset points",
            fontsize="small",
        )
    ax.annotate(
        "",
        (w + batch_step[0], b + batch_step[1]),
        (w, b),
        arrowprops={"arrowstyle": "-|>", "color": "#D55E00", "linewidth": 3},
    )
    ax.annotate(
        "",
        (w + pair_step[0], b + pair_step[1]),
        (w, b),
        arrowprops={
            "arrowstyle": "-|>",
            "color": "#0072B2",
            "linewidth": 2,
            "linestyle": "--",
        },
    )
    ax.plot([], [], color="0.35", label="one point's step")
    ax.plot(
        [], [], color="#D55E00", linewidth=3, label="batch step (mean of 6)"
    )
    ax.plot(
        [],
        [],
        color="#0072B2",
        linewidth=2,
        linestyle="--",
        label=f"mini-batch step (x = {x[pair[0]]:g}, {x[pair[1]]:g})",
    )
    ax.plot(w, b, "ko", markersize=5)
    ax.set(
        xlabel="slope $w$",
        ylabel="intercept $b$",
        title=f"{where}, ({w:g}, {b:g})",
    )
    ax.legend(loc="lower left", fontsize="small")
plt.show()

mean_error = np.abs(
    per_sample_gradients(x, y, 3.0, -1.0).mean(axis=0)
    - np.array(gradient(x, y, 3.0, -1.0), dtype=float)
).max()
print(f"mean of the six gradients minus the batch gradient: {mean_error:.1e}")
print(
    "largest single-point step at the minimum: "
    f"{np.hypot(*(ALPHA * per_sample_gradients(x, y, w_star, b_star)).T).max():.3f}"
)

# %%
# Four batch sizes on one map
# ---------------------------
# The same step :math:`\alpha = 0.01`, the same start and the same seed, 300
# epochs each: ``stochastic_descent`` with batch sizes 1, 2,
# 3 and 6 (6 is exactly batch gradient descent). Every update is recorded;
# ``history.updates_per_epoch`` says how many make an epoch (6, 3, 2 and 1
# here). The animation counts frames in updates, so, to compare the runs
# epoch for epoch (the same work: every point's gradient once per epoch),
# each is shown at the ends of epochs: every 2nd up to 30, then every 10th.

from gdexplain import (
    History,
    animate_contour,
    frame_schedule,
    show,
    stochastic_descent,
)

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
            w=3.0,
            b=-1.0,
        )
        for seed in SEEDS
    ]
    for size in BATCH_SIZES
}


def at_epoch_ends(history: History, size: int) -> History:
    """The history's states at the end of each epoch, counted in epochs."""
    ends = slice(None, None, history.updates_per_epoch)
    return History(
        x=history.x,
        y=history.y,
        epoch=history.epoch[ends] // history.updates_per_epoch,
        w=history.w[ends],
        b=history.b[ends],
        cost=history.cost[ends],
        dJ_dw=history.dJ_dw[ends],
        dJ_db=history.dJ_db[ends],
        label=f"batch size {size} ({NAMES[size]}), α = {ALPHA:g}",
    )


epochs_shown = frame_schedule(
    N_EPOCHS, breakpoints=(30,), steps=(2, 10), endpoint=True
)
race = animate_contour(
    *(at_epoch_ends(runs[size][0], size) for size in BATCH_SIZES),
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

figure, ax = plt.subplots(figsize=(10, 4.2), layout="constrained")
for size, colour in zip(
    BATCH_SIZES, plt.cm.plasma(np.linspace(0, 0.8, 4)), strict=True
):
    run = runs[size][0]
    shown = run.epochs_elapsed <= 3
    ax.plot(
        run.w[shown],
        run.b[shown],
        ".-",
        color=colour,
        label=f"batch size {size}: {shown.sum() - 1} updates",
    )
ax.plot(3.0, -1.0, "ko", label="start")
ax.set(xlabel="slope $w$", ylabel="intercept $b$", title="epochs 0 to 3")
ax.legend(fontsize="small")
plt.show()

# %%
# The spread across seeds
# -----------------------
# Ten seeds, ten shuffles, ten different runs: their final slopes spread
# out. The spread is the price of looking at fewer points per step, and it
# falls as the batch grows, to exactly zero for the full batch, which does
# not depend on the order of the points at all.

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

figure, (cloud_ax, spread_ax) = plt.subplots(
    1, 2, figsize=(10, 4.2), layout="constrained"
)
for size, colour in zip(
    BATCH_SIZES, plt.cm.plasma(np.linspace(0, 0.8, 4)), strict=True
):
    cloud_ax.plot(
        finals[size][:, 0],
        finals[size][:, 1],
        "o",
        color=colour,
        alpha=0.7,
        label=f"batch size {size}",
    )
cloud_ax.plot(w_star, b_star, "k*", markersize=12, label="minimum")
cloud_ax.set(
    xlabel="slope $w$",
    ylabel="intercept $b$",
    title=f"where {len(SEEDS)} seeds end, epoch {N_EPOCHS}",
)
cloud_ax.legend(fontsize="small")
spread_ax.bar(
    [str(size) for size in BATCH_SIZES],
    [spread[size][0] for size in BATCH_SIZES],
    color="#0072B2",
)
spread_ax.set(
    xlabel="batch size",
    ylabel="standard deviation of the final $w$",
    title="the spread falls as the batch grows",
)
plt.show()

# %%
# A smaller step, a smaller cloud; a shrinking step, no cloud
# -----------------------------------------------------------
# At a constant step the run never settles: near the minimum each step is
# one point's pull (previous figure) times :math:`\alpha`, so the cloud
# shrinks with :math:`\alpha`. The spread of the final slope over the same
# ten seeds, stochastic descent (batch size 1) at half the step:

half_step = np.array(
    [
        stochastic_descent(
            x, y, learning_rate=ALPHA / 2, n_epochs=N_EPOCHS, seed=seed
        ).final.w
        for seed in SEEDS
    ]
)
print(f"alpha = {ALPHA / 2:<6g} std of the final w: {half_step.std():.3f}")
print(f"alpha = {ALPHA:<6g} std of the final w: {spread[1][0]:.3f}")

# %%
# A step that shrinks over time, :math:`\alpha_k = \alpha_0 / (1 +
# \text{decay} \cdot k)` with :math:`k` in epochs, takes big steps while far
# away and ever smaller ones near the minimum, so the cloud closes in. One
# seed, 1,000 epochs, constant against decaying:

LONG = 1_000
constant = stochastic_descent(
    x, y, learning_rate=ALPHA, n_epochs=LONG, seed=0, w=3.0, b=-1.0
)
decaying = stochastic_descent(
    x, y, learning_rate=ALPHA, n_epochs=LONG, seed=0, decay=0.02, w=3.0, b=-1.0
)
figure, ax = plt.subplots(figsize=(10, 3.8), layout="constrained")
for run, name, colour in (
    (constant, "constant step", "#D55E00"),
    (decaying, "decaying step", "#0072B2"),
):
    gap = np.hypot(run.w - w_star, run.b - b_star)
    ax.semilogy(
        run.epochs_elapsed, gap, color=colour, linewidth=0.8, label=name
    )
    print(f"{name}: final distance {gap[-1]:.4f}")
ax.set(
    xlabel="epoch $k$",
    ylabel=r"distance to the minimum $\|\theta - \theta^*\|$",
    title=rf"batch size 1, seed 0: $\alpha$ = {ALPHA} constant, "
    rf"or {ALPHA} / (1 + 0.02 $k$)",
)
ax.legend(fontsize="small")
plt.show()

# %%
# Try it yourself
# ---------------
# Copy the cells into a notebook and change a setting: a batch size of 4
# (whose last batch each epoch holds only 2 points), ``shuffle=False``, or a
# stronger decay. The command line runs the same optimisers::
#
#     gdexplain train --learning-rate 0.01 --batch-size 1 --seed 0 --epochs 300
#     gdexplain animate contour --output sgd.mp4 --learning-rate 0.01 \
#         --batch-size 2 --seed 0 --epochs 300 --breakpoints 30 --steps 1 10 \
#         --endpoint
#
# The `explorer <../explore/plot_01_explore.html#learning_rate=0.01&momentum=0&w=3&b=-1&n_epochs=300>`__
# runs batch descent live in the page, at any step and start (its steps use
# all six points).
