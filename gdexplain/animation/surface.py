"""The path of gradient descent on the 3D cost surface, beside the fit."""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.artist import Artist
from matplotlib.colors import LogNorm
from mpl_toolkits.mplot3d.axes3d import Axes3D
from numpy.typing import ArrayLike, NDArray

from gdexplain.animation import style
from gdexplain.animation._engine import DescentAnimation, Update
from gdexplain.animation._frames import Frames
from gdexplain.animation._panels import (
    combine,
    fit_panel,
    legend_above,
    new_figure,
    status_line,
)
from gdexplain.animation.contour import log_levels
from gdexplain.history import History
from gdexplain.regression import cost, least_squares

#: Grid nodes per side: a smooth surface (the article drew 10 x 10) that still
#: draws once in well under a second.
GRID = 80
#: Viewing angles in degrees. The valley of a badly conditioned cost runs
#: mostly along b; looking along it from low b (and a little from low w) shows
#: its floor between the two walls, the far wall's face where the path starts,
#: and the minimum in the middle.
ELEVATION, AZIMUTH = 35.0, -115.0
#: How far the surface reaches beyond the path, as a fraction of the path's reach.
MARGIN = 0.15


def animate_surface(
    history: History,
    *,
    epochs: ArrayLike | None = None,
    fps: float | None = None,
    dpi: float = 100,
) -> DescentAnimation:
    """Animate the descent's path on the cost surface :math:`J(w, b)`, beside the fit.

    Left, the surface over the :math:`(w, b)` plane, coloured like the contour
    map (by :math:`\\log (J - J^*)`) so the valley floor stands out, with the
    path and the current point on it. Right, the data, the current line and
    its residuals.

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
        ``fps`` is not positive or ``dpi`` below 20, or if all ``x`` are equal.

    Examples
    --------
    >>> from gdexplain import article_data, gradient_descent
    >>> history = gradient_descent(*article_data(), n_epochs=30)
    >>> animate_surface(history, epochs=range(0, 31, 10)).epochs.tolist()
    [0, 10, 20, 30]
    """
    frames = Frames.choose(history, epochs)
    figure = new_figure(height=5.0)
    grid = figure.add_gridspec(2, 2, height_ratios=[0.1, 1], width_ratios=[1.3, 1])
    update = combine(
        status_line(figure.add_subplot(grid[0, :]), frames),
        surface_panel(figure.add_subplot(grid[1, 0], projection="3d"), frames),
        fit_panel(figure.add_subplot(grid[1, 1]), frames, residuals=True),
    )
    return DescentAnimation(figure, frames, update, fps=fps, dpi=dpi, name="surface")


def surface_panel(ax: Axes3D, frames: Frames) -> Update:
    """The cost surface, and the path on it growing up to the current frame."""
    history = frames.history
    w_star, b_star = least_squares(history.x, history.y)
    w_limits, b_limits = centred_limits(frames, w_star, b_star)
    w_grid, b_grid = np.meshgrid(np.linspace(*w_limits, GRID), np.linspace(*b_limits, GRID))
    J_grid = cost(history.x, history.y, w_grid, b_grid)
    minimum = float(cost(history.x, history.y, w_star, b_star))
    levels = log_levels(float(J_grid.max()) - minimum)
    colours = colormaps[style.COST_MAP](
        LogNorm(levels[0], levels[-1], clip=True)(J_grid - minimum)
    )
    draw_cost_surface(ax, w_grid, b_grid, J_grid, colours)
    # Drawn in the order of their zorder, not sorted by depth: the path stays
    # on top of the surface in a full redraw exactly as when it is blitted.
    ax.computed_zorder = False
    ax.set(xlim=w_limits, ylim=b_limits, zlim=(minimum, float(J_grid.max())))
    ax.set_xlabel(style.LABELS["w"], color=style.W)
    ax.set_ylabel(style.LABELS["b"], color=style.B)
    ax.set_zlabel(style.LABELS["J"], color=style.J, labelpad=8)
    ax.view_init(elev=ELEVATION, azim=AZIMUTH)
    # The default box leaves a wide empty margin around the 3D axes.
    ax.set_box_aspect(None, zoom=1.15)

    curve = frames.curve
    w_path, b_path, J_path = history.w[curve], history.b[curve], history.cost[curve]
    (path,) = ax.plot([], [], [], color=style.PATH, lw=2, zorder=5, label="path")
    (point,) = ax.plot(
        [], [], [], "o", color=style.CURRENT, mec="white", ms=8, zorder=6, label="current $(w, b)$"
    )
    ax.plot(
        [w_star],
        [b_star],
        [minimum],
        "*",
        color=style.MINIMUM,
        mec="black",
        ms=14,
        zorder=4,
        label="least squares",
    )
    legend_above(ax)

    def update(frame: int) -> list[Artist]:
        end = frames.curve_end(frame)
        path.set_data_3d(w_path[:end], b_path[:end], J_path[:end])
        point.set_data_3d(w_path[end - 1 : end], b_path[end - 1 : end], J_path[end - 1 : end])
        return [path, point]

    return update


def centred_limits(
    frames: Frames, w_star: float, b_star: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Limits of ``w`` and ``b`` centred on the minimum, reaching past the whole path shown.

    With the minimum in the middle the surface is a whole bowl: its lowest
    region is surrounded by walls on every side, not cut off at an edge.
    """
    visible = frames.shown
    reach_w = _reach(frames.history.w[visible], w_star)
    reach_b = _reach(frames.history.b[visible], b_star)
    return (w_star - reach_w, w_star + reach_w), (b_star - reach_b, b_star + reach_b)


def _reach(values: NDArray[np.float64], centre: float) -> float:
    """How far the surface reaches either side of ``centre`` to hold ``values``, with a margin.

    A run that never leaves the minimum still gets a bowl around it, as
    ``padded`` widens an empty range.
    """
    reach = (1 + MARGIN) * float(np.abs(values - centre).max())
    return reach if reach > 1e-9 * (1 + abs(centre)) else 0.5 * max(1.0, abs(centre))


def draw_cost_surface(
    ax: Axes3D, w_grid: NDArray, b_grid: NDArray, J_grid: NDArray, colours: NDArray
) -> None:
    """Draw J over the (w, b) grid, one flat colour per cell (no shading, no edges)."""
    ax.plot_surface(
        w_grid,
        b_grid,
        J_grid,
        facecolors=colours,
        rstride=1,
        cstride=1,
        linewidth=0,
        antialiased=False,
        shade=False,
        zorder=1,
    )
