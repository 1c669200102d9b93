"""The paths of gradient descent across the contour map of the cost, beside the fit."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.ticker import LogLocator
from numpy.typing import ArrayLike

from gdexplain.animation import style
from gdexplain.animation._engine import DescentAnimation, animation_function
from gdexplain.animation._landscape import DECADES, Landscape
from gdexplain.animation._panels import (
    Update,
    combine,
    fit_panel,
    legend_above,
    new_figure,
    status_line,
)
from gdexplain.animation._timeline import Timeline, padded
from gdexplain.history import History

#: Grid nodes per side of the cost map: smooth contours, filled in milliseconds.
GRID = 200
#: Steps of the path at least this long, as a fraction of the map, get a dot.
STEP_MARKED = 0.01


@animation_function
def animate_contour(
    *histories: History,
    epochs: ArrayLike | None = None,
    fps: float | None = None,
    dpi: float = 100,
) -> DescentAnimation:
    """Animate the descent's path across the contour map of :math:`J(w, b)`, beside the fit.

    Left, the cost over the :math:`(w, b)` plane with the least-squares
    minimum marked and the path growing across it; the levels are spaced
    evenly in :math:`\\log (J - J^*)`. Right, the data, the current line and
    its residuals.

    Several runs on the same data share one map: each path is labelled with
    its history's ``label``, the frames follow the longest run (a shorter one
    holds its last state), and the status line shows each run's cost. A run
    that diverged is drawn until it leaves the map.

    Parameters
    ----------
    *histories : History
        The run or runs to show, e.g. from :func:`gdexplain.gradient_descent`,
        all on the same data.
    {shared}

    Examples
    --------
    >>> from gdexplain import article_data, gradient_descent
    >>> history = gradient_descent(*article_data(), n_epochs=1_000)
    >>> animation = animate_contour(history)
    >>> len(animation), int(animation.epochs[-1])
    (66, 1000)

    Two learning rates on one map:

    >>> faster = gradient_descent(*article_data(), learning_rate=0.01, n_epochs=300)
    >>> len(animate_contour(history, faster, dpi=20))
    66
    """
    timelines = Timeline.shared(histories, epochs)
    # Room above the map for the legend of several runs: a row each, with the minimum's.
    top_row = 0.1 if len(timelines) == 1 else 0.1 + 0.06 * (len(timelines) + 1)
    figure, grid = new_figure(5.0, heights=[top_row, 1], widths=[1.6, 1])
    update = combine(
        status_line(figure.add_subplot(grid[0, :]), timelines),
        contour_panel(figure.add_subplot(grid[1, 0]), timelines),
        fit_panel(figure.add_subplot(grid[1, 1]), timelines, residuals=True),
    )
    return DescentAnimation(figure, timelines[0], update, fps=fps, dpi=dpi, name="contour")


def contour_panel(ax: Axes, timelines: Sequence[Timeline], *, colorbar: bool = True) -> Update:
    """The cost map with the minimum marked, each path growing, and a ``colorbar`` if asked."""
    history = timelines[0].history
    landscape = Landscape.of(history.x, history.y)
    w_limits, b_limits = map_limits(timelines, landscape)
    w_grid, b_grid, above = landscape.grid(w_limits, b_limits, GRID)
    levels = Landscape.levels(float(above.max()))
    norm = Landscape.norm(levels)
    filled = ax.contourf(
        w_grid, b_grid, above, levels=levels, cmap=style.COST_MAP, norm=norm, extend="both"
    )
    ax.contour(w_grid, b_grid, above, levels=levels, colors="white", linewidths=0.4, alpha=0.5)
    if colorbar:
        # The colours are spaced evenly in log(J - J*): a tick per power of ten.
        ticks = LogLocator(numticks=DECADES + 2)
        label = style.LABELS["gap"]
        ax.figure.colorbar(
            filled, ax=ax, pad=0.02, aspect=30, label=label, ticks=ticks, format="{x:g}"
        )
    ax.set(xlim=w_limits, ylim=b_limits, xlabel=style.LABELS["w"], ylabel=style.LABELS["b"])
    ax.xaxis.label.set_color(style.W)
    ax.yaxis.label.set_color(style.B)
    several = len(timelines) > 1
    updates = [_path(ax, timeline, k, several) for k, timeline in enumerate(timelines)]
    minimum = ([landscape.w_star], [landscape.b_star], "*")
    ax.plot(*minimum, color=style.MINIMUM, mec="black", ms=14, label="least squares")
    # Several runs' long labels, one a row, are kept out of the layout, which would
    # otherwise widen the map's column to the legend's width. Their room is made above.
    legend_above(ax, ncols=1 if several else None).set_in_layout(not several)
    return combine(*updates)


def _path(ax: Axes, timeline: Timeline, k: int, several: bool) -> Update:
    """Run ``k``'s growing path (a diverged one's until it leaves the map), labelled if several.

    Dots mark the steps long enough to be seen as one: the first, a zigzag's, not the crawl.
    """
    history, color = timeline.history, style.RUNS[k % len(style.RUNS)]
    wb = np.column_stack([history.w[timeline.curve], history.b[timeline.curve]])
    low, high = np.array([ax.get_xlim(), ax.get_ylim()]).T
    outside = ~((low <= wb) & (wb <= high)).all(axis=1)
    if history.diverged is not None and outside.any():
        wb = wb[: int(np.argmax(outside)) + 1]  # the first point outside: it visibly leaves
    long = np.hypot(*(np.diff(wb, axis=0) / (high - low)).T) >= STEP_MARKED
    marked = np.concatenate([[0], np.flatnonzero(long) + 1])
    label = f"{k + 1}: {history.label or 'run'}" if several else "path"
    (path,) = ax.plot([], [], color=color, lw=2, label=label)
    (steps,) = ax.plot([], [], "o", color=color, mec="white", mew=0.5, ms=4.5)
    current = None if several else "current $(w, b)$"
    (point,) = ax.plot([], [], "o", color=color, mec="white", ms=8, label=current)

    def update(frame: int) -> list[Artist]:
        end = min(timeline.curve_end(frame), len(wb))
        path.set_data(*wb[:end].T)
        steps.set_data(*wb[marked[marked < end]].T)
        point.set_data(*wb[end - 1 : end].T)
        return [path, steps, point]

    return update


def map_limits(timelines: Sequence[Timeline], landscape: Landscape) -> list[tuple[float, float]]:
    """Limits of ``w`` and ``b`` holding the minimum and each path (a diverged run's start)."""
    wb = [np.array([[landscape.w_star], [landscape.b_star]])]
    for t in timelines:
        end = t.shown.stop if t.history.diverged is None else 1
        wb.append(np.stack([t.history.w[:end], t.history.b[:end]]))
    every = np.hstack(wb)
    return [padded(low, high, 0.12) for low, high in zip(every.min(1), every.max(1), strict=True)]
