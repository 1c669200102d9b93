"""Panels shared by the animations: each draws its static part and returns an update.

An update takes a frame number, sets the panel's moving artists to that frame
and returns them. Everything is read from the history; the only formulas used
are the package's own (:func:`gdexplain.cost`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from numpy.typing import NDArray

from gdexplain.animation import style
from gdexplain.animation._engine import Update
from gdexplain.animation._frames import Frames, padded
from gdexplain.animation._glyph_text import GlyphText
from gdexplain.regression import cost, predict

#: Points of a slice curve J(w, b) with one parameter held at the current value.
SLICE_POINTS = 200


def new_figure(height: float) -> Figure:
    """A pyplot-free figure :data:`style.WIDTH` wide with constrained layout.

    The layout is computed once, when the animation is made, and then frozen.
    """
    return Figure(figsize=(style.WIDTH, height), layout="constrained")


def combine(*updates: Update) -> Update:
    """One update running several, returning all their artists."""

    def update(frame: int) -> list[Artist]:
        return [artist for part in updates for artist in part(frame)]

    return update


def status_line(ax: Axes, frames: Frames) -> Update:
    """Epoch, cost, slope and intercept of the current frame, each in its colour.

    Drawn in an axes of its own above the plots, so the numbers never cover
    data. Each symbol is a static label; only the number after it moves, as
    plain text: formatting it as mathtext would parse a new formula every frame.
    The numbers are :class:`GlyphText`, pasted from glyphs rendered once: a
    plain ``Text`` is laid out and rasterised anew each frame, which took two
    thirds of a frame's drawing. They carry the quantity's name as their ``gid``.
    """
    ax.set_axis_off()
    entries = (
        ("epoch", "epoch", style.DATA, lambda s: f"{s.epoch:,}"),
        ("J", "$J$ =", style.J, lambda s: style.number(s.cost)),
        ("w", "$w$ =", style.W, lambda s: style.number(s.w)),
        ("b", "$b$ =", style.B, lambda s: style.number(s.b)),
    )
    numbers = []
    for position, (name, label, color, _) in zip(
        np.linspace(0.17, 0.80, len(entries)), entries, strict=True
    ):
        # Label and number meet at ``position``, on one baseline.
        common: dict[str, Any] = {
            "color": color,
            "fontsize": "large",
            "va": "baseline",
            "transform": ax.transAxes,
            "clip_on": False,  # as ax.text has it: never cut at the status axes edge
        }
        ax.text(position, 0.35, label, ha="right", **common)
        number = GlyphText(position, 0.35, "", ha="left", gid=name, **common)
        ax.add_artist(number)
        numbers.append(number)

    def update(frame: int) -> list[Artist]:
        state = frames.state(frame)
        for text, (*_, describe) in zip(numbers, entries, strict=True):
            text.set_text(f" {describe(state)}")
        return list(numbers)

    return update


def fit_panel(ax: Axes, frames: Frames, *, residuals: bool) -> Update:
    """The data and the current line ``w x + b``, with dashed residuals if asked.

    The line spans :func:`line_span`: the data, ``x = 0`` when it is near (where
    the line's height is the intercept), and half the data's range each side. The
    y-limits hold the data and, at every frame, the line over the data, so no
    point or residual is ever cut off.
    """
    history = frames.history
    x, y = history.x, history.y
    x_limits = line_span(x)
    ends = np.array([x.min(), x.max()])
    w, b = history.w[frames.index], history.b[frames.index]
    on_data = predict(ends[None, :], w[:, None], b[:, None])
    ax.set(
        xlim=x_limits,
        ylim=padded(min(y.min(), on_data.min()), max(y.max(), on_data.max())),
        xlabel=style.LABELS["x"],
        ylabel=style.LABELS["y"],
    )
    # Markers on a Line2D, not a scatter: the same dots, drawn several times faster,
    # which counts because they are drawn again every frame (see below).
    (points,) = ax.plot(
        x, y, "o", ls="none", ms=style.DATA_MARKER_SIZE, color=style.DATA, zorder=3, label="data"
    )
    span = np.array(x_limits)
    (line,) = ax.plot([], [], color=style.LINE, lw=2, zorder=2, label=r"$\hat y = w x + b$")
    # The points move with nothing, but blitting draws moving artists over the
    # background: redrawn with them (in zorder), they stay on top of line and residuals.
    moving: list[Artist] = [line, points]
    if residuals:
        (dashes,) = ax.plot(
            [], [], color=style.RESIDUAL, lw=1.2, ls="--", zorder=1, label=r"residual $y - \hat y$"
        )
        moving.append(dashes)
    legend_above(ax)

    def update(frame: int) -> list[Artist]:
        state = frames.state(frame)
        line.set_data(span, predict(span, state.w, state.b))
        if residuals:
            dashes.set_data(*_segments(x, y, predict(x, state.w, state.b)))
        return moving

    return update


def legend_above(ax: Axes) -> None:
    """The axes' legend in one row just above it, where it can never cover data.

    Lines move from frame to frame, so no spot inside the axes stays free;
    constrained layout makes room for the legend outside.
    """
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=len(ax.get_legend_handles_labels()[0]),
        fontsize="small",
        frameon=False,
        borderaxespad=0.2,
        handlelength=1.6,
        columnspacing=1.2,
    )


def line_span(x: NDArray[np.float64]) -> tuple[float, float]:
    """The x-range over which the line is drawn.

    The data's range, extended to include ``x = 0`` when zero lies within half
    that range of the data, then widened by half the data's range on each side.
    At ``x = 0`` the line's height is the intercept ``b``, the parameter being
    learned, so where zero is near the data the viewer can read ``b`` off the
    plot; data far from zero keep the plot on the data.

    Examples
    --------
    The article's data, ``x`` in 1..7: the line is drawn across -3..10, as there.

    >>> line_span(np.array([1.0, 2.0, 4.0, 5.0, 6.0, 7.0]))
    (-3.0, 10.0)

    Data far from zero: the data's range and half of it each side.

    >>> line_span(np.array([100.0, 150.0, 200.0]))
    (50.0, 250.0)
    """
    low, high = float(x.min()), float(x.max())
    spread = high - low
    if low <= 0 <= high or min(abs(low), abs(high)) <= spread / 2:
        low, high = min(low, 0.0), max(high, 0.0)
    if spread == 0:
        # All x equal: no range to widen by; padded() gives the axis one.
        return padded(low, high, fraction=0.5)
    return low - spread / 2, high + spread / 2


def _segments(
    x: NDArray[np.float64], y: NDArray[np.float64], fitted: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Vertical segments from each point to the line as one polyline broken by NaNs.

    One Line2D draws all residuals in one call, much faster than one artist each.
    """
    gaps = np.full_like(x, np.nan)
    return (
        np.column_stack([x, x, gaps]).ravel(),
        np.column_stack([y, fitted, gaps]).ravel(),
    )


def epoch_panel(
    ax: Axes, frames: Frames, values: NDArray[np.float64], color: str, label: str
) -> Update:
    """``values`` against epoch, the curve growing up to the current frame's epoch."""
    history = frames.history
    curve = frames.curve
    epochs, shown = history.epoch[curve], values[curve]
    ax.set(ylim=padded(float(shown.min()), float(shown.max())), ylabel=label)
    ax.yaxis.label.set_color(color)
    epoch_axis(ax, frames)
    (line,) = ax.plot([], [], color=color, lw=2)
    (point,) = ax.plot([], [], "o", color=color, ms=6, clip_on=False)

    def update(frame: int) -> list[Artist]:
        end = frames.curve_end(frame)
        line.set_data(epochs[:end], shown[:end])
        point.set_data(epochs[end - 1 : end], shown[end - 1 : end])
        return [line, point]

    return update


def epoch_axis(ax: Axes, frames: Frames) -> None:
    """Fix the x-axis to the epochs shown; logarithmic past 10 when frames crowd the start."""
    first = int(frames.history.epoch[0])
    last = int(frames.history.epoch[frames.shown.stop - 1])
    if frames.log_epochs:
        ax.set_xscale("symlog", linthresh=10, linscale=0.5)
        # Plain numbers (10, 100, 1000) read more easily than powers of ten.
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(first, max(last, first + 1))


def parameter_slice(ax: Axes, frames: Frames, parameter: str, color: str) -> Update:
    """The cost against one parameter: the whole path faint, the current point and its slice.

    The slice is :math:`J` along ``parameter`` with the other parameter held
    at its current value: the curve whose slope at the current point is the
    partial derivative gradient descent follows in that direction.
    """
    history = frames.history
    visible = frames.shown
    values = getattr(history, parameter)
    costs = history.cost[visible]
    limits = padded(float(values[visible].min()), float(values[visible].max()))
    grid = np.linspace(*limits, SLICE_POINTS)
    ax.set(
        xlim=limits,
        ylim=padded(float(costs.min()), float(costs.max())),
        xlabel=style.LABELS[parameter],
        ylabel=style.LABELS["J"],
    )
    ax.xaxis.label.set_color(color)
    ax.plot(values[visible], costs, color=style.PATH, alpha=style.FAINT, lw=2, label="path")
    (curve,) = ax.plot(
        [], [], color=color, lw=1.2, label=f"$J$ at the current {_OTHER[parameter]}"
    )
    (point,) = ax.plot([], [], "o", color=style.CURRENT, ms=8, zorder=3, label="current")
    legend_above(ax)

    def update(frame: int) -> list[Artist]:
        state = frames.state(frame)
        w, b = (grid, state.b) if parameter == "w" else (state.w, grid)
        curve.set_data(grid, cost(history.x, history.y, w, b))
        point.set_data([getattr(state, parameter)], [state.cost])
        return [curve, point]

    return update


_OTHER = {"w": "$b$", "b": "$w$"}
