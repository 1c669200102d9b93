"""Panels shared by the animations: each draws its static part and returns an update.

An update takes a frame number, sets the panel's moving artists to that frame
and returns them. Everything is read from the histories; the only formulas
used are the package's own (:func:`gdexplain.predict`, :func:`gdexplain.hessian`,
:func:`gdexplain.logistic.sigmoid`), chosen by the run's ``model``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple, cast

import matplotlib.pyplot as plt
import numpy as np
from contourpy import LineType, contour_generator
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.gridspec import SubplotSpec
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.legend import Legend
from matplotlib.ticker import FixedLocator, LogLocator, MaxNLocator, NullLocator
from mpl_toolkits.mplot3d.art3d import Poly3DCollection
from mpl_toolkits.mplot3d.axes3d import Axes3D
from numpy.typing import NDArray

from gdexplain.animation import _parameters as parameters
from gdexplain.animation import style
from gdexplain.animation._frame_text import FrameText
from gdexplain.animation._landscape import DECADES, Landscape
from gdexplain.animation._timeline import Timeline, padded
from gdexplain.history import History
from gdexplain.logistic import sigmoid
from gdexplain.regression import _predict, _predict_rows, hessian, predict

#: What an animation's frames are drawn by: ``update(frame)`` sets every moving
#: artist to ``frame`` and returns them. The panels build these, the engine calls them.
Update = Callable[[int], list[Artist]]

#: Points of a slice curve J(w, b) with one parameter held at the current value.
SLICE_POINTS = 200

#: Data points (and residuals) drawn at most. A million residuals would exceed
#: what Agg can fill in one path and take seconds a frame; a seeded random
#: sample of this many shows the same cloud.
MAX_POINTS_SHOWN = 2_000

#: The layouts every animation is drawn in: panels side by side, or stacked for a phone.
LAYOUTS = ("wide", "tall")

#: Width of the tall layout, in inches: 450 pixels at 100 dpi. A 390-px phone shows it
#: about 358 px wide, where its smallest text (11 pt, 15 px) is 12 px tall.
TALL_WIDTH = 4.5

#: A space as wide as a digit (U+2007), to pad numbers to a steady width.
FIGURE_SPACE = "\u2007"


class Grid(NamedTuple):
    """Where an animation's panels go in one layout: a figure height and a grid of panels."""

    #: The figure's height in inches.
    height: float
    #: The rows' and columns' relative sizes.
    heights: Sequence[float]
    widths: Sequence[float]
    #: Each panel's (rows, columns) in the grid, by name.
    places: dict[str, tuple[int | slice, int | slice]]


def stacked(height: float, **rows: float) -> Grid:
    """A one-column grid: each panel a row, in order, of the given relative height."""
    places: dict[str, tuple[int | slice, int | slice]] = {
        name: (k, 0) for k, name in enumerate(rows)
    }
    return Grid(height, list(rows.values()), [1], places)


def new_figure(layout: str, wide: Grid, tall: Grid) -> tuple[Figure, dict[str, SubplotSpec]]:
    """A pyplot figure in ``layout`` (its grid, laid out above room for player controls).

    Returns the figure and each panel's place in it, by name.
    """
    width, grid = (style.WIDTH, wide) if layout == "wide" else (TALL_WIDTH, tall)
    bottom = style.CONTROLS_ROOM / grid.height
    # wspace: room between a colour bar's label and the next panel's axis label.
    engine = ConstrainedLayoutEngine(rect=(0.0, bottom, 1.0, 1.0 - bottom), wspace=0.04)
    figure = plt.figure(figsize=(width, grid.height), layout=engine)
    spec = figure.add_gridspec(
        len(grid.heights), len(grid.widths), height_ratios=grid.heights, width_ratios=grid.widths
    )
    return figure, {name: spec[rows, columns] for name, (rows, columns) in grid.places.items()}


def beside_the_parameters(
    layout: str, timeline: Timeline, main: str
) -> tuple[Figure, SubplotSpec, Update]:
    """A two-feature kind's figure: the status line, a main panel, and w₁, w₂, b and J by epoch.

    Wide, the main panel (named ``main``) is on the left, the four epoch panels stacked on
    the right; tall, all in one column. Returns the figure, the main panel's place (the
    kind draws its own panel there) and the update of the status line and epoch panels.
    """
    history = timeline.history
    wide = Grid(5.6, [0.3, 1, 1, 1, 1], [1.25, 1], {"status": (0, slice(None))})
    wide.places.update({main: (slice(1, None), 0), "w1": (1, 1), "w2": (2, 1)})
    wide.places.update({"b": (3, 1), "J": (4, 1)})
    tall = stacked(9.6, status=0.62, **{main: 2.6}, w1=0.8, w2=0.8, b=0.8, J=0.9)
    figure, place = new_figure(layout, wide, tall)
    w1_ax = figure.add_subplot(place["w1"])
    w2_ax, b_ax, J_ax = (
        figure.add_subplot(place[name], sharex=w1_ax) for name in ["w2", "b", "J"]
    )
    update = combine(
        status_line(
            figure.add_subplot(place["status"]), [timeline], 2 if layout == "tall" else None
        ),
        epoch_panel(w1_ax, timeline, history.w[:, 0], style.W, "$w_1$"),
        epoch_panel(w2_ax, timeline, history.w[:, 1], style.W, "$w_2$"),
        epoch_panel(b_ax, timeline, history.b, style.B, "$b$"),
        cost_panel(J_ax, timeline),
    )
    for ax in (w1_ax, w2_ax, b_ax):  # one epoch axis, under the cost's panel
        ax.tick_params(labelbottom=False)
        ax.xaxis.label.set_visible(False)
    return figure, place[main], update


def combine(*updates: Update) -> Update:
    """One update running several, returning all their artists."""
    return lambda frame: [artist for part in updates for artist in part(frame)]


def status_line(ax: Axes, timelines: Sequence[Timeline], per_line: int | None = None) -> Update:
    """The current epoch (or update) and each run's numbers, in a line of text above the plots.

    ``per_line`` fields a line (default all in one): a narrow figure wraps them.

    One run: cost, slope, intercept, and once it diverged, when. Several (``J₁``,
    ``J₂``, ... as in the map's legend): each cost, in one format except a diverging
    run's, then "diverged", so the line fits the frame. Fields are padded with figure
    spaces: nothing shifts. One ``Text`` (gid ``"status"``): text is costly to draw.
    """
    ax.set_axis_off()
    first = timelines[0]
    fields = {first.unit: [f"{epoch:,}" for epoch in first.epochs.tolist()]}

    def numbers(values: NDArray[np.float64], timeline: Timeline, spec: str = "") -> list[str]:
        shown = values[timeline.index]
        spec = spec or style.number_format(shown)
        return [f"{value:{spec}}" for value in shown.tolist()]

    if len(timelines) == 1:
        history = first.history
        for name, values in _status_quantities(history):
            fields[f"{name} ="] = numbers(values, first)
        if history.diverged is not None:
            note = f"diverged at {history.counted} {history.diverged:,}"
            fields[""] = np.where(first.epochs >= history.diverged, note, "").tolist()
    else:
        # One format for the costs of the runs that did not diverge, comparable at a glance;
        # a diverging run's grow by orders of magnitude, in a format of their own.
        shown = [t.history.cost[t.index] for t in timelines if t.history.diverged is None]
        spec = style.number_format(np.concatenate(shown)) if shown else ""
        for k, timeline in enumerate(timelines, start=1):
            stopped = timeline.history.diverged
            costs = numbers(timeline.history.cost, timeline, "" if stopped is not None else spec)
            if stopped is not None:  # in the run's own count, a frame's in per_unit of them
                diverged = timeline.epochs * timeline.per_unit >= stopped
                costs = np.where(diverged, "diverged", costs).tolist()
            fields[f"J{str(k).translate(_SUBSCRIPTS)} ="] = costs
    widths = {label: max(map(len, texts)) for label, texts in fields.items()}  # once a field
    columns = [
        [f"{label} {text.rjust(widths[label], FIGURE_SPACE)}" for text in texts]
        for label, texts in fields.items()
    ]
    if per_line is None and len(timelines) == 1 and first.history.n_features > 1:
        per_line = 3  # a run's weights make the line too long for one
    per = per_line or len(columns)
    lines = [
        "\n".join("    ".join(row[k : k + per]) for k in range(0, len(row), per))
        for row in zip(*columns, strict=True)
    ]
    text = FrameText(
        0.5,
        1.0,
        "",
        ha="center",
        va="top",
        fontsize="large",
        color=style.DATA,
        transform=ax.transAxes,
        clip_on=False,
        gid="status",
    )
    ax.add_artist(text)

    def update(frame: int) -> list[Artist]:
        text.set_text(lines[frame])
        return [text]

    return update


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

#: Weights the status line lists one by one at most; beyond, it shows the cost and ``b``.
STATUS_WEIGHTS = 3


def _status_quantities(history: History) -> list[tuple[str, NDArray[np.float64]]]:
    """What one run's status line shows: the cost, each weight (up to a few), the intercept."""
    if history.n_features == 1:
        return [("J", history.cost), ("w", history.w), ("b", history.b)]
    weights = [
        (parameters.plain(name), history.w[:, k])
        for k, name in enumerate(parameters.names(history.n_features)[:-1])
    ]
    shown = weights if len(weights) <= STATUS_WEIGHTS else []
    return [("J", history.cost), *shown, ("b", history.b)]


def shown_points(
    x: NDArray[np.float64], y: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], str]:
    """The points to draw (a seeded sample of at most :data:`MAX_POINTS_SHOWN`) and their label."""
    if len(x) <= MAX_POINTS_SHOWN:
        return x, y, "data"
    chosen = np.sort(np.random.default_rng(0).choice(len(x), MAX_POINTS_SHOWN, replace=False))
    return x[chosen], y[chosen], f"data ({MAX_POINTS_SHOWN:,} of {len(x):,} shown)"


def fit_panel(ax: Axes, timelines: Sequence[Timeline], *, residuals: bool) -> Update:
    """The data and each run's current line ``w x + b``; dashed residuals of one run if asked.

    The y-limits hold the data and every frame's line over the data: nothing is ever cut off.
    With several features there is no line to draw: :func:`prediction_panel` instead.
    """
    history = timelines[0].history
    if history.n_features > 1:
        return prediction_panel(ax, timelines, residuals=residuals)
    if history.model == "logistic":
        return sigmoid_panel(ax, timelines)
    x, y, data_label = shown_points(history.x, history.y)
    span = np.array(line_span(history.x))
    # Every frame's line of every run, checked once: (runs, frames, 2) heights at the span's ends.
    drawn = [
        predict(span, t.history.w[t.index, None], t.history.b[t.index, None]) for t in timelines
    ]
    ends = np.array([history.x.min(), history.x.max()])
    reached = [
        predict(ends, t.history.w[t.index, None], t.history.b[t.index, None])
        for t in timelines
        if t.history.diverged is None
    ]
    heights = np.concatenate([history.y, *reached], axis=None)
    ax.set(
        xlim=span,
        ylim=padded(float(heights.min()), float(heights.max())),
        xlabel=style.LABELS["x"],
        ylabel=style.LABELS["y"],
    )
    # Markers on a Line2D, not a scatter: drawn several times faster, and they are redrawn
    # every frame with the moving artists (in zorder), so they stay on top of the lines.
    (points,) = ax.plot(
        x, y, "o", ms=style.DATA_MARKER_SIZE, color=style.DATA, zorder=3, label=data_label
    )
    # Several runs are named by the map's legend beside, in the same colours ("_": unlisted).
    labels = [r"$\hat y = w x + b$"] if len(timelines) == 1 else ["_run"] * len(timelines)
    lines = [
        ax.plot([], [], color=style.RUNS[k % len(style.RUNS)], lw=2, zorder=2, label=label)[0]
        for k, label in enumerate(labels)
    ]
    moving: list[Artist] = [*lines, points]
    show_residuals = residuals and len(timelines) == 1
    if show_residuals:
        label = r"residual $\hat y - y$"
        (dashes,) = ax.plot([], [], color=style.RESIDUAL, lw=1.2, ls="--", zorder=1, label=label)
        moving.append(dashes)
        # All residuals as one polyline broken by NaNs: one draw call, not one artist each.
        gaps = np.full_like(x, np.nan)
        residual_xs = np.column_stack([x, x, gaps]).ravel()
    legend_above(ax)

    def update(frame: int) -> list[Artist]:
        for line, heights in zip(lines, drawn, strict=True):
            line.set_data(span, heights[frame])
        if show_residuals:
            # The states were checked with the lines above: the formula alone, each frame.
            state = timelines[0].state(frame)
            residual_ys = np.column_stack([y, _predict(x, state.w, state.b), gaps]).ravel()
            dashes.set_data(residual_xs, residual_ys)
        return moving

    return update


#: Points of the sigmoid curve drawn over the data's span.
CURVE_POINTS = 200
#: Points whose probability is joined to their label at most: more lines fill the panel.
MAX_GAPS = 200


def sigmoid_panel(ax: Axes, timelines: Sequence[Timeline]) -> Update:
    r"""The 0/1 points and each run's current curve :math:`p = \sigma(w x + b)`.

    For one run, each point's predicted probability :math:`p_i` is marked on the
    curve and joined to its point by a thin line: how far the model is from the
    label, as the residuals show it for a line (up to :data:`MAX_GAPS` points; more
    would fill the panel). The y-axis is the probability, 0 to 1.
    """
    history = timelines[0].history
    x, y, data_label = shown_points(history.x, history.y)
    span = line_span(history.x)
    grid = np.linspace(*span, CURVE_POINTS)
    ax.set(xlim=span, ylim=(-0.06, 1.06), xlabel=style.LABELS["x"], ylabel="label $y$, $p$")
    ax.axhline(0.5, color=style.DATA, lw=0.6, ls=":", zorder=0)
    (points,) = ax.plot(
        x, y, "o", ms=style.DATA_MARKER_SIZE, color=style.DATA, zorder=3, label=data_label
    )
    labels = [r"$p = \sigma(w x + b)$"] if len(timelines) == 1 else ["_run"] * len(timelines)
    curves = [
        ax.plot([], [], color=style.RUNS[k % len(style.RUNS)], lw=2, zorder=2, label=label)[0]
        for k, label in enumerate(labels)
    ]
    moving: list[Artist] = [*curves, points]
    one = len(timelines) == 1
    joined = one and len(x) <= MAX_GAPS
    if joined:
        (gaps,) = ax.plot([], [], color=style.RESIDUAL, lw=1, zorder=1)
        moving.append(gaps)
        nans = np.full_like(x, np.nan)
        gap_xs = np.column_stack([x, x, nans]).ravel()
    if one:
        (marks,) = ax.plot(
            [],
            [],
            "o",
            ms=4,
            color=style.RUNS[0],
            mec="white",
            mew=0.5,
            zorder=4,
            label="$p_i$",
        )
        moving.append(marks)
    legend_above(ax, ncols=2 if len(x) == len(history.x) else 1)  # a sample's label is long

    def update(frame: int) -> list[Artist]:
        for curve, timeline in zip(curves, timelines, strict=True):
            state = timeline.state(frame)
            curve.set_data(grid, predict(grid, state.w, state.b, model="logistic"))
        if one:
            state = timelines[0].state(frame)
            p = predict(x, state.w, state.b, model="logistic")
            if joined:
                gaps.set_data(gap_xs, np.column_stack([y, p, nans]).ravel())
            marks.set_data(x, p)
        return moving

    return update


def _scores_to_predictions(history: History, scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """The model's predictions from its linear scores: themselves, or their sigmoid."""
    return sigmoid(scores) if history.model == "logistic" else scores


def prediction_panel(ax: Axes, timelines: Sequence[Timeline], *, residuals: bool) -> Update:
    """Each run's predictions against the targets, :math:`\\hat y_i` over :math:`y_i`.

    The fit of a model with several features, which no line can show: a perfect fit
    puts every point on the diagonal :math:`\\hat y = y`, and a point's height above
    or below it is its residual (dashed, for one run, if asked). The limits hold the
    data and every frame's predictions.
    """
    history = timelines[0].history
    x, y, _ = shown_points(history.x, history.y)
    # Every frame's predictions of every run, once: (frames, points) each.
    drawn = [
        _scores_to_predictions(
            t.history, _predict_rows(x, t.history.w[t.index], t.history.b[t.index])
        )
        for t in timelines
    ]
    reached = [d for d, t in zip(drawn, timelines, strict=True) if t.history.diverged is None]
    heights = np.concatenate([y, *reached], axis=None)
    low, high = padded(float(heights.min()), float(heights.max()))
    ax.set(
        xlim=padded(float(y.min()), float(y.max())),
        ylim=(low, high),
        xlabel=r"target $y$",
        ylabel=r"prediction $\hat y$",
    )
    ax.plot([low, high], [low, high], color=style.DATA, lw=1, zorder=1, label=r"$\hat y = y$")
    labels = [f"run {k + 1}" for k in range(len(timelines))]
    if len(timelines) == 1:
        shown = f"{len(y):,} of {len(history.y):,} points"
        labels = ["points" if len(y) == len(history.y) else shown]
    dots = [
        ax.plot(
            [],
            [],
            "o",
            ms=style.DATA_MARKER_SIZE,
            color=style.RUNS[k % len(style.RUNS)],
            zorder=3,
            label=text,
        )[0]
        for k, text in enumerate(labels)
    ]
    moving: list[Artist] = list(dots)
    show_residuals = residuals and len(timelines) == 1
    if show_residuals:
        label = r"residual $\hat y - y$"
        (dashes,) = ax.plot([], [], color=style.RESIDUAL, lw=1.2, ls="--", zorder=2, label=label)
        moving.append(dashes)
        gaps = np.full_like(y, np.nan)
        residual_xs = np.column_stack([y, y, gaps]).ravel()
    legend_above(ax, ncols=2 if len(y) == len(history.y) else 1)  # a sample's label is long

    def update(frame: int) -> list[Artist]:
        for dot, predictions in zip(dots, drawn, strict=True):
            dot.set_data(y, predictions[frame])
        if show_residuals:
            residual_ys = np.column_stack([y, drawn[0][frame], gaps]).ravel()
            dashes.set_data(residual_xs, residual_ys)
        return moving

    return update


def legend_above(ax: Axes, ncols: int | None = None, title: str | None = None) -> Legend:
    """The legend just above the axes (lines move: no spot inside stays free), two a row.

    A ``title`` goes over the entries, at their left.
    """
    return ax.legend(
        title=title,
        title_fontsize=11,
        alignment="left" if title else "center",
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=ncols or min(2, len(ax.get_legend_handles_labels()[0])),
        frameon=False,
        borderaxespad=0.2,
        handlelength=1.6,
        columnspacing=1.2,
    )


def line_span(x: NDArray[np.float64]) -> tuple[float, float]:
    """The x-range of the line: the data's, widened by half of it each side (1..7 gives -3..10).

    It includes ``x = 0`` (where the line's height is ``b``, so ``b`` can be read
    off the plot) when zero lies within half the data's range of the data.
    """
    low, high = float(x.min()), float(x.max())
    spread = high - low
    if low <= 0 <= high or min(abs(low), abs(high)) <= spread / 2:
        low, high = min(low, 0.0), max(high, 0.0)
    if spread == 0:  # all x equal: no range to widen by
        return padded(low, high, fraction=0.5)
    return low - spread / 2, high + spread / 2


def epoch_panel(
    ax: Axes,
    timeline: Timeline,
    values: NDArray[np.float64],
    color: str,
    label: str,
    *,
    log: bool = False,
    names: Sequence[str] = (),
) -> Update:
    """``values`` against epoch, growing up to the current frame; ``log`` for a log axis.

    ``values`` of shape ``(m, k)`` draw ``k`` curves (several weights), told apart by
    their dashes and named in a legend from ``names``.
    """
    curve = timeline.curve
    epochs, shown = timeline.history.epoch[curve], values[curve]
    if log:
        ax.set_yscale("log")
        ax.set_ylim(float(shown.min()) / 2, float(shown.max()) * 2)
    else:
        ax.set_ylim(padded(float(shown.min()), float(shown.max())))
    ax.set_ylabel(label, color=color)
    epoch_axis(ax, timeline)
    columns = shown.reshape(len(shown), -1).T
    lines, points = [], []
    for k in range(len(columns)):
        name = names[k] if names else None
        dashes = _DASHES[k % len(_DASHES)]
        lines.append(ax.plot([], [], color=color, lw=2, ls=dashes, label=name)[0])
        points.append(ax.plot([], [], "o", color=color, ms=6, clip_on=False)[0])
    if names:
        legend_above(ax, ncols=len(names))

    def update(frame: int) -> list[Artist]:
        end = timeline.curve_end(frame)
        for line, point, column in zip(lines, points, columns, strict=True):
            line.set_data(epochs[:end], column[:end])
            point.set_data(epochs[end - 1 : end], column[end - 1 : end])
        return [*lines, *points]

    return update


#: Line styles telling apart the curves of several weights drawn in one panel.
_DASHES = ("-", "--", ":", "-.")


def epoch_axis(ax: Axes, timeline: Timeline) -> None:
    """Fix the x-axis to the epochs shown, logarithmic when frames crowd the start; label it.

    The log axis is linear between epochs 0 and 1 only (log has no place for 0).
    """
    first = int(timeline.history.epoch[0])
    last = int(timeline.history.epoch[timeline.shown.stop - 1])
    ax.set_xlim(first, max(last, first + 1))
    unit = timeline.unit  # a stochastic run's epochs count updates
    if timeline.log_epochs:
        ax.set_xscale("symlog", linthresh=1, linscale=0.2)
        # 0, then powers of ten, as plain numbers (10, 100, 1,000).
        powers = 10.0 ** np.arange(1, int(np.log10(max(last, 10))) + 1)
        ax.xaxis.set_major_locator(FixedLocator([0.0, *powers]))
        if len(powers) <= 4:
            ax.xaxis.set_major_formatter("{x:,.0f}")
        else:  # 10,000 and 100,000 side by side would run into each other
            ax.xaxis.set_major_formatter(_power_of_ten)
        ax.xaxis.set_minor_locator(NullLocator())
        unit += " (log scale)"
    elif last >= 10_000:  # long numbers: fewer ticks, with thousands separators
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        ax.xaxis.set_major_formatter("{x:,.0f}")
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(unit)


def _power_of_ten(value: float, _position: float) -> str:
    """An epoch tick as a power of ten (``$10^{5}$``), or 0."""
    return "0" if value == 0 else f"$10^{{{round(np.log10(value))}}}$"


def parameter_slice(
    ax: Axes, timeline: Timeline, parameter: str, color: str, *, tangent: bool = False
) -> Update:
    """The cost against one parameter: the path so far, the current point, its slice (and tangent).

    The slice, J with the other parameters held, has the slope the descent follows. J is
    quadratic: the slice is the recorded cost and slope plus the Hessian's curvature, O(1)
    a point. ``parameter`` is a name of :func:`~gdexplain.animation._parameters.names`.
    """
    history = timeline.history
    every = parameters.names(history.n_features)
    along = every.index(parameter)
    curvature = float(hessian(history.x)[along, along])
    slopes = parameters.slopes(history)[:, along]
    values = parameters.values(history)[:, along]
    limits = padded(float(values[timeline.shown].min()), float(values[timeline.shown].max()))
    costs = history.cost[timeline.shown]
    grid = np.linspace(*limits, SLICE_POINTS)
    ax.set(
        xlim=limits,
        ylim=padded(float(costs.min()), float(costs.max())),
        xlabel=parameters.label(parameter),
        ylabel=style.LABELS["J"],
    )
    ax.xaxis.label.set_color(color)
    path_values, path_costs = values[timeline.curve], history.cost[timeline.curve]
    (path,) = ax.plot([], [], color=style.PATH, alpha=0.6, lw=2, label="path")
    other = {"w": "$b$", "b": "$w$"}.get(parameter, "point") if len(every) == 2 else "point"
    (curve,) = ax.plot([], [], color=color, lw=1.5, label=f"$J$ at the current {other}")
    (point,) = ax.plot([], [], "o", color=style.CURRENT, ms=8, zorder=3, label="current")
    moving: list[Artist] = [path, curve, point]
    if tangent:
        (touching,) = ax.plot([], [], color="black", lw=1.5, zorder=4, label="tangent")
        # Plain text, not mathtext: a new string each frame would be parsed again,
        # which took a third of the gradient animation's time per frame.
        symbol = f"∂J/∂{parameters.plain(parameter)}"
        spec = style.number_format(slopes[timeline.index])
        box = {"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 2}
        # In a top corner, on the side away from the path's start (its highest cost):
        # the path then descends to the bottom, where the slices' minima are.
        x, ha = (0.03, "left") if values[0] > sum(limits) / 2 else (0.97, "right")
        slope_text = FrameText(x, 0.95, "", transform=ax.transAxes, ha=ha, va="top", bbox=box)
        ax.add_artist(slope_text)
        moving += [touching, slope_text]
        reach = np.array([-0.12, 0.12]) * (limits[1] - limits[0])
    legend_above(ax)

    def update(frame: int) -> list[Artist]:
        state = timeline.state(frame)
        here = float(values[timeline.index[frame]])
        step = grid - here
        slope = slopes[timeline.index[frame]]
        end = timeline.curve_end(frame)
        path.set_data(path_values[:end], path_costs[:end])
        curve.set_data(grid, state.cost + slope * step + 0.5 * curvature * step**2)
        point.set_data([here], [state.cost])
        if tangent:
            touching.set_data(here + reach, state.cost + slope * reach)
            slope_text.set_text(f"slope {symbol} = {slope:{spec}}")
        return moving

    return update


#: Grid nodes per side of the cost map: smooth contours, filled in milliseconds.
MAP_GRID = 200
#: Steps of the path at least this long, as a fraction of the map, get a dot.
STEP_MARKED = 0.01


def contour_panel(
    ax: Axes,
    timelines: Sequence[Timeline],
    *,
    colorbar: bool = True,
    pair: Sequence[str] | None = None,
) -> Update:
    """The cost map with the minimum marked, each path growing, and a ``colorbar`` if asked.

    One feature: the map of :math:`J(w, b)`, drawn once. Several: the map over
    ``pair`` (by default the first two weights) through the first run's current
    point, the other parameters held at their values there and said so on the map,
    redrawn each frame (the plane through the point moves with it) and said in the
    legend's title; the paths are the runs' values of the pair.
    """
    history = timelines[0].history
    landscape = Landscape.of(history.x, history.y, history.model)
    chosen = parameters.resolve_pair(pair, history.n_features)
    if history.n_features == 1 and chosen != (0, 1):
        raise ValueError("a run with one feature has one map, over ('w', 'b'): leave pair out")
    u_limits, v_limits = map_limits(timelines, landscape, chosen)
    ax.set(xlim=u_limits, ylim=v_limits)
    moving: list[Update] = []
    if history.n_features == 1:
        w_grid, b_grid, above = landscape.grid(u_limits, v_limits, MAP_GRID)
        levels = Landscape.levels(float(above.max()))
        norm = Landscape.norm(levels)
        shading: ScalarMappable = ax.contourf(
            w_grid, b_grid, above, levels=levels, cmap=style.COST_MAP, norm=norm, extend="both"
        )
        ax.contour(w_grid, b_grid, above, levels=levels, colors="white", linewidths=0.4, alpha=0.5)
    else:
        shading, map_update = _map_through_point(ax, timelines[0], landscape, chosen)
        moving.append(map_update)
    if colorbar:
        # The colours are spaced evenly in log(J - J*): a tick per power of ten.
        ticks = LogLocator(numticks=DECADES + 2)
        label = style.LABELS["gap"]
        ax.figure.colorbar(
            shading, ax=ax, pad=0.02, aspect=30, label=label, ticks=ticks, format="{x:g}"
        )
    names = [parameters.names(history.n_features)[k] for k in chosen]
    ax.set_xlabel(parameters.label(names[0]), color=parameters.colour(names[0]))
    ax.set_ylabel(parameters.label(names[1]), color=parameters.colour(names[1]))
    several = len(timelines) > 1
    moving += [_path(ax, timeline, k, several, chosen) for k, timeline in enumerate(timelines)]
    minimum = ([landscape.theta_star[chosen[0]]], [landscape.theta_star[chosen[1]]], "*")
    (star,) = ax.plot(
        *minimum, color=style.MINIMUM, mec="black", ms=14, label=landscape.minimum_label
    )
    moving_map = history.n_features > 1
    if moving_map:  # over the moving map, so redrawn with it
        moving.append(lambda frame: [star])
    # Several runs' long labels, one a row, are kept out of the layout, which would
    # otherwise widen the map's column to the legend's width. Their room is made above.
    title = held_statement(history.n_features, chosen, "current") if moving_map else None
    legend_above(ax, ncols=1 if several else None, title=title).set_in_layout(not several)
    return combine(*moving)


def held_statement(n_features: int, pair: tuple[int, int], values: str) -> str:
    """What a map over ``pair`` holds the other parameters at, e.g. ``"J at the current b"``.

    ``values`` says which: ``"current"``, ``"least-squares"`` or ``"optimal"``.
    """
    every = parameters.names(n_features)
    others = [every[k] for k in range(len(every)) if k not in pair]
    if len(others) <= 2:
        return f"$J$ at the {values} {', '.join(map(parameters.symbol, others))}"
    return f"$J$ at the others' {values} values"


#: What a contour generator of :attr:`LineType.Separate` returns for one level.
_Lines = list[NDArray[np.float64]]

#: Grid nodes per side of a map redrawn every frame: smooth, and its levels traced in ms.
MOVING_GRID = 120


def _map_through_point(
    ax: Axes, timeline: Timeline, landscape: Landscape, pair: tuple[int, int]
) -> tuple[ScalarMappable, Update]:
    """The cost over ``pair`` through each frame's point, the other parameters held there.

    An image of :math:`J - J^*` with its levels traced over it, both redrawn each frame.
    """
    history = timeline.history
    u_limits, v_limits = ax.get_xlim(), ax.get_ylim()
    nodes = landscape.nodes(MOVING_GRID)
    u, v = np.linspace(*u_limits, nodes), np.linspace(*v_limits, nodes)
    u_grid, v_grid = np.meshgrid(u, v)
    held = parameters.values(history)[timeline.index]
    # A convex quadratic's largest value on a rectangle is at a corner: every frame's, at once.
    corners = np.array([[a, c] for a in u_limits for c in v_limits])
    highest = max(
        float(landscape.on_plane(pair, point, corners[:, 0], corners[:, 1]).max())
        for point in held
    )
    levels = Landscape.levels(highest)
    # Coloured here, once a frame, and drawn pixel for pixel: matplotlib's own colour
    # mapping and smoothing of a float image took most of a frame's time.
    shading = ScalarMappable(Landscape.norm(levels), style.COST_MAP)
    image = ax.imshow(
        np.zeros((*u_grid.shape, 4), dtype=np.uint8),
        extent=(*u_limits, *v_limits),
        origin="lower",
        aspect="auto",
        interpolation="nearest",
        zorder=0,
    )
    traced = LineCollection([], colors="white", linewidths=0.4, alpha=0.5, zorder=1)
    ax.add_collection(traced, autolim=False)

    def update(frame: int) -> list[Artist]:
        above = landscape.on_plane(pair, held[frame], u_grid, v_grid)
        image.set_data(shading.to_rgba(above, bytes=True))
        generator = contour_generator(u, v, above, line_type=LineType.Separate)
        traced.set_segments(
            [line for level in levels for line in cast(_Lines, generator.lines(level))]
        )
        return [image, traced]

    return shading, update


def _path(
    ax: Axes, timeline: Timeline, k: int, several: bool, pair: tuple[int, int] = (0, 1)
) -> Update:
    """Run ``k``'s growing path (a diverged one's until it leaves the map), labelled if several.

    Dots mark the steps long enough to be seen as one: the first, a zigzag's, not the crawl.
    """
    history, color = timeline.history, style.RUNS[k % len(style.RUNS)]
    wb = parameters.values(history)[timeline.curve][:, pair]
    low, high = np.array([ax.get_xlim(), ax.get_ylim()]).T
    outside = ~((low <= wb) & (wb <= high)).all(axis=1)
    if history.diverged is not None and outside.any():
        wb = wb[: int(np.argmax(outside)) + 1]  # the first point outside: it visibly leaves
    long = np.hypot(*(np.diff(wb, axis=0) / (high - low)).T) >= STEP_MARKED
    marked = np.concatenate([[0], np.flatnonzero(long) + 1])
    label = f"{k + 1}: {history.label or 'run'}" if several else "path"
    (path,) = ax.plot([], [], color=color, lw=2, label=label)
    (steps,) = ax.plot([], [], "o", color=color, mec="white", mew=0.5, ms=4.5)
    # The pair's names would make the label wider than a phone's map: "point" says it.
    current: str | None = "current $(w, b)$" if history.n_features == 1 else "current point"
    if several:
        current = None
    (point,) = ax.plot([], [], "o", color=color, mec="white", ms=8, label=current)

    def update(frame: int) -> list[Artist]:
        end = min(timeline.curve_end(frame), len(wb))
        path.set_data(*wb[:end].T)
        steps.set_data(*wb[marked[marked < end]].T)
        point.set_data(*wb[end - 1 : end].T)
        return [path, steps, point]

    return update


def map_limits(
    timelines: Sequence[Timeline], landscape: Landscape, pair: tuple[int, int] = (0, 1)
) -> list[tuple[float, float]]:
    """Limits of the ``pair`` of parameters (``w``, ``b``) holding the minimum and each path.

    A diverged run's path: its start only.
    """
    points = [landscape.theta_star[list(pair)][:, None]]
    for t in timelines:
        end = t.shown.stop if t.history.diverged is None else 1
        points.append(parameters.values(t.history)[:end][:, pair].T)
    every = np.hstack(points)
    return [padded(low, high, 0.12) for low, high in zip(every.min(1), every.max(1), strict=True)]


def cost_panel(ax: Axes, timeline: Timeline) -> Update:
    """The cost against epoch: its height above the minimum on a log axis, where it can be.

    :math:`J` itself when :math:`J - J^*` cannot go on a log axis: all ``x`` equal (no
    single minimum), or some value is 0 (the minimum reached) or overflowed.
    """
    history = timeline.history
    try:
        landscape = Landscape.of(history.x, history.y, history.model)
    except ValueError:
        gap = None
    else:
        if history.model == "logistic":
            # No quadratic form: the recorded costs less the minimum, whose difference
            # near the end is rounding (about 1e-16 J), drawn at the floor below.
            gap = history.cost - landscape.minimum
            gap = np.maximum(gap, COST_FLOOR * float(gap[0])) if gap[0] > 0 else gap
        else:
            gap = landscape.above_minimum(history.w, history.b)
    if gap is None or not (np.all(np.isfinite(gap)) and np.all(gap > 0)):
        return epoch_panel(ax, timeline, history.cost, style.J, "$J(w, b)$")
    # Below a millionth of a millionth of the start the cost's own rounding (about
    # 1e-16 J) is all that is left of the descent: drawn flat there, not to 1e-24.
    floor = COST_FLOOR * float(gap[0])
    return epoch_panel(ax, timeline, np.maximum(gap, floor), style.J, "$J - J^*$", log=True)


#: The lowest :math:`J - J^*` the cost panel draws, as a fraction of the first.
COST_FLOOR = 1e-12


class _Plane(Poly3DCollection):
    """A polygon in 3D that projects itself when drawn alone, as a blitted moving artist is."""

    def draw(self, renderer: RendererBase) -> None:
        self.do_3d_projection()
        super().draw(renderer)


#: Lines of the fitted plane's mesh each way, over the data's range.
PLANE_MESH = 7


def plane_panel(ax: Axes3D, timeline: Timeline, *, elevation: float, azimuth: float) -> Update:
    """The points over the plane of two features, the current plane, each point's residual.

    The plane :math:`\\hat y = w_1 x_1 + w_2 x_2 + b` is drawn translucent with a mesh, over
    the data's range; the limits hold the data and every frame's plane there.
    """
    history = timeline.history
    x, y, data_label = shown_points(history.x, history.y)
    spans = [padded(float(column.min()), float(column.max()), 0.1) for column in history.x.T]
    corners = np.array([[a, c] for a in spans[0] for c in spans[1]])[[0, 1, 3, 2]]
    heights = _predict_rows(corners, history.w[timeline.index], history.b[timeline.index])
    reached = heights if history.diverged is None else heights[:1]
    z = np.concatenate([history.y, reached], axis=None)
    ax.set(xlim=spans[0], ylim=spans[1], zlim=padded(float(z.min()), float(z.max())))
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_zlabel("$y$", color=style.DATA)
    ax.view_init(elev=elevation, azim=azimuth)
    ax.set_box_aspect(None, zoom=0.9)
    # Drawn in the order of their zorder, not sorted by depth: the same in a full redraw
    # as when blitted. The points last: over the translucent plane, as in the article.
    ax.computed_zorder = False
    plane = _Plane([np.column_stack([corners, heights[-1]])], zorder=1)
    plane.set(facecolor=style.CURRENT, alpha=0.25, edgecolor="none")
    ax.add_collection3d(plane)
    # The mesh, one polyline broken by NaNs: lines of constant x1, then of constant x2.
    ticks = [np.linspace(*span, PLANE_MESH) for span in spans]
    gap = np.array([[np.nan, np.nan]])
    mesh_xy = np.concatenate(
        [np.vstack([[[a, spans[1][0]], [a, spans[1][1]]], gap]) for a in ticks[0]]
        + [np.vstack([[[spans[0][0], c], [spans[0][1], c]], gap]) for c in ticks[1]]
    )
    label = r"$\hat y = w_1 x_1 + w_2 x_2 + b$"
    (mesh,) = ax.plot([], [], [], color=style.CURRENT, lw=1, zorder=2, label=label)
    label = r"residual $\hat y - y$"
    (dashes,) = ax.plot([], [], [], color=style.RESIDUAL, lw=1.2, ls="--", zorder=3, label=label)
    (points,) = ax.plot(
        *x.T, y, "o", ms=style.DATA_MARKER_SIZE, color=style.DATA, zorder=4, label=data_label
    )
    legend_above(ax)
    nans = np.full(len(y), np.nan)
    residual_x1, residual_x2 = (np.column_stack([c, c, nans]).ravel() for c in x.T)

    def update(frame: int) -> list[Artist]:
        state = timeline.state(frame)
        plane.set_verts([np.column_stack([corners, heights[frame]])])
        mesh_z = _predict_rows(mesh_xy, state.w, state.b)
        mesh.set_data_3d(mesh_xy[:, 0], mesh_xy[:, 1], mesh_z)
        predictions = _predict_rows(x, state.w, state.b)
        dashes.set_data_3d(
            residual_x1, residual_x2, np.column_stack([y, predictions, nans]).ravel()
        )
        return [plane, mesh, dashes, points]

    return update
