"""The path of gradient descent across the contour map of the cost, beside the fit."""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from matplotlib.contour import ContourSet
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator
from numpy.typing import ArrayLike, NDArray

from gdexplain.animation import style
from gdexplain.animation._engine import DescentAnimation, Update
from gdexplain.animation._frames import Frames, padded
from gdexplain.animation._panels import (
    combine,
    fit_panel,
    legend_above,
    new_figure,
    status_line,
)
from gdexplain.history import History
from gdexplain.regression import cost, least_squares

#: Grid nodes per side of the cost map: smooth contours, filled in milliseconds.
GRID = 200
#: Orders of magnitude of J - J* the contour levels span, down from the highest.
DECADES = 5
#: Levels per order of magnitude.
LEVELS_PER_DECADE = 4


def animate_contour(
    history: History,
    *,
    epochs: ArrayLike | None = None,
    fps: float | None = None,
    dpi: float = 100,
) -> DescentAnimation:
    """Animate the descent's path across the contour map of :math:`J(w, b)`, beside the fit.

    Left, the cost over the :math:`(w, b)` plane with the least-squares
    minimum marked and the path growing across it. The levels are spaced
    evenly in :math:`\\log (J - J^*)`, so the long, narrow valley near the
    minimum shows as clearly as the steep walls. Right, the data, the current
    line and its residuals.

    Parameters
    ----------
    history : History
        The run to show, e.g. from :func:`gdexplain.gradient_descent`.
    epochs : array_like of int, optional
        The epoch of each frame, all recorded in ``history``. By default
        :func:`gdexplain.frame_schedule` over the whole run: the article's 120
        frames for 12,000 epochs. Of a history not recorded at every epoch, the
        scheduled epochs it holds (all it holds if fewer than two).
    fps : float, optional
        Frames per second (default 15: the article's run lasts 8 s).
    dpi : float, default 100
        Resolution, at least 20: 100 gives a video 1,000 pixels wide.

    Returns
    -------
    DescentAnimation
        Save it with :meth:`~DescentAnimation.save`; in a notebook it plays inline.

    Raises
    ------
    ValueError
        If ``epochs`` is empty or holds an epoch not in ``history``, if
        ``fps`` is not positive or ``dpi`` below 20, or if all ``x`` are equal (the
        cost then has no single minimum to draw).

    Examples
    --------
    >>> from gdexplain import article_data, gradient_descent
    >>> history = gradient_descent(*article_data(), n_epochs=1_000)
    >>> animation = animate_contour(history)
    >>> len(animation), int(animation.epochs[-1])
    (65, 900)
    """
    frames = Frames.choose(history, epochs)
    figure = new_figure(height=5.0)
    grid = figure.add_gridspec(2, 2, height_ratios=[0.1, 1], width_ratios=[1.1, 1])
    update = combine(
        status_line(figure.add_subplot(grid[0, :]), frames),
        contour_panel(figure.add_subplot(grid[1, 0]), frames),
        fit_panel(figure.add_subplot(grid[1, 1]), frames, residuals=True),
    )
    return DescentAnimation(figure, frames, update, fps=fps, dpi=dpi, name="contour")


def contour_panel(ax: Axes, frames: Frames) -> Update:
    """The cost map with the minimum marked and the path growing up to the current frame."""
    history = frames.history
    w_star, b_star = least_squares(history.x, history.y)
    w_limits, b_limits = parameter_limits(frames, w_star, b_star)
    w_grid, b_grid = np.meshgrid(np.linspace(*w_limits, GRID), np.linspace(*b_limits, GRID))
    minimum = float(cost(history.x, history.y, w_star, b_star))
    above_minimum = cost(history.x, history.y, w_grid, b_grid) - minimum
    levels = log_levels(float(above_minimum.max()))
    norm = LogNorm(levels[0], levels[-1])
    filled = ax.contourf(
        w_grid, b_grid, above_minimum, levels=levels, cmap=style.COST_MAP, norm=norm, extend="both"
    )
    ax.contour(
        w_grid, b_grid, above_minimum, levels=levels, colors="white", linewidths=0.4, alpha=0.5
    )
    cost_colorbar(ax, filled, minimum)
    ax.set(xlim=w_limits, ylim=b_limits, xlabel=style.LABELS["w"], ylabel=style.LABELS["b"])
    ax.xaxis.label.set_color(style.W)
    ax.yaxis.label.set_color(style.B)

    curve = frames.curve
    w_path, b_path = history.w[curve], history.b[curve]
    (path,) = ax.plot([], [], color=style.PATH, lw=2, label="path")
    (point,) = ax.plot(
        [], [], "o", color=style.CURRENT, mec="white", ms=8, label="current $(w, b)$"
    )
    ax.plot(
        [w_star], [b_star], "*", color=style.MINIMUM, mec="black", ms=14, label="least squares"
    )
    legend_above(ax)

    def update(frame: int) -> list[Artist]:
        end = frames.curve_end(frame)
        path.set_data(w_path[:end], b_path[:end])
        point.set_data(w_path[end - 1 : end], b_path[end - 1 : end])
        return [path, point]

    return update


def cost_colorbar(ax: Axes, filled: ContourSet, minimum: float) -> None:
    """A colour bar of the map, spaced by ``J - J*`` but labelled with ``J`` itself.

    Ticks sit at whole powers of ten above the minimum, where the log scale
    puts them evenly; their labels add the minimum back, so a reader reads
    the cost, not a distance to it.
    """
    bar = ax.figure.colorbar(filled, ax=ax, pad=0.02, aspect=30)
    bar.set_label(style.LABELS["J"])
    bar.ax.yaxis.set_major_locator(LogLocator(numticks=DECADES + 2))
    bar.ax.yaxis.set_minor_locator(NullLocator())
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{minimum + value:.4g}"))


def parameter_limits(
    frames: Frames, w_star: float, b_star: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Limits of ``w`` and ``b`` that hold the whole path shown and the minimum, with a margin."""
    visible = frames.shown
    w = np.append(frames.history.w[visible], w_star)
    b = np.append(frames.history.b[visible], b_star)
    return padded(float(w.min()), float(w.max()), 0.12), padded(
        float(b.min()), float(b.max()), 0.12
    )


def log_levels(highest: float) -> NDArray[np.float64]:
    """Contour levels of ``J - J*``, evenly spaced in log over :data:`DECADES` below ``highest``.

    Examples
    --------
    >>> log_levels(1000.0)[[0, 1, -1]].round(4).tolist()
    [0.01, 0.0178, 1000.0]
    """
    return highest * np.logspace(-DECADES, 0, DECADES * LEVELS_PER_DECADE + 1)
