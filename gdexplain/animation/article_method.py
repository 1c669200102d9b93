"""The article's method: draw every frame from scratch and snapshot it with celluloid.

The article animated gradient descent with `celluloid <https://github.com/jwkvam/celluloid>`_:
inside a loop over the epochs it drew the whole figure -- data, line, curves,
text -- and called ``camera.snap()``; ``camera.animate()`` then replayed the
snapshots as a matplotlib :class:`~matplotlib.animation.ArtistAnimation`.
:func:`snapshot_animation` does the same, made to work on current matplotlib,
so a reader can see how it was done and what it costs. It draws the same
pictures as gdexplain's own animations, with the same palette and limits.

Two changes were needed. The article called ``fig.add_subplot`` inside the
loop; matplotlib 3.11 adds a new axes on every call, so they pile up (and the
render crawls). Here the axes are made once, before the loop. And a title set
with ``set_title`` is not an artist celluloid can snapshot, so every frame
would show the last one; the frame's numbers are ``ax.text`` artists instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from celluloid import Camera
from matplotlib import colormaps
from matplotlib.animation import ArtistAnimation
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from mpl_toolkits.mplot3d.axes3d import Axes3D
from numpy.typing import ArrayLike

from gdexplain._validation import positive_float
from gdexplain.animation import contour, fit, style, surface
from gdexplain.animation._engine import DEFAULT_FPS, _freeze_layout, _set_resolution
from gdexplain.animation._frames import Frames, padded
from gdexplain.animation._panels import SLICE_POINTS, epoch_axis, line_span, new_figure
from gdexplain.history import History
from gdexplain.regression import cost, least_squares, predict

#: Draws everything frame ``i`` shows, anew, on axes made beforehand.
Draw = Callable[[int], None]

KINDS = ("fit", "slices", "contour", "surface")


def snapshot_animation(
    history: History,
    kind: str = "fit",
    *,
    epochs: ArrayLike | None = None,
    fps: float | None = None,
    dpi: float = 100,
) -> ArtistAnimation:
    """Animate a run the article's way: every frame drawn from scratch, snapshotted by celluloid.

    Parameters
    ----------
    history : History
        The run to show, e.g. from :func:`gdexplain.gradient_descent`.
    kind : {"fit", "slices", "contour", "surface"}, default "fit"
        Which of gdexplain's animations to draw; the article had the first two.
    epochs : array_like of int, optional
        The epoch of each frame, all recorded in ``history``; by default the
        article's schedule (:func:`gdexplain.frame_schedule`).
    fps : float, optional
        Frames per second; the default is gdexplain's (15). The article's
        ``interval=5`` asked for 200, more than a browser or an eye follows.
    dpi : float, default 100
        Resolution of the figure: 100 gives a video 1,000 pixels wide.

    Returns
    -------
    matplotlib.animation.ArtistAnimation
        One snapshot per frame. Save it with ``anim.save(path, writer=...)``;
        the figure is built without pyplot, so it is never shown on its own.

    Raises
    ------
    ValueError
        For an unknown ``kind``, an epoch not in ``history``, or a
        non-positive ``fps`` or ``dpi``.

    See Also
    --------
    gdexplain.animate_fit : the same picture, drawn the fast way.

    Notes
    -----
    What this costs, and why gdexplain renders differently:

    * **Memory grows with the frames.** Every artist of every frame -- lines,
      texts, legends, and for the contour and surface kinds a whole contour
      set or a surface of 80 x 80 polygons -- is created up front and kept
      until the animation is gone. Memory grows linearly with the frame count.
    * **The whole figure is redrawn for every frame.** When saving, matplotlib
      hides the previous snapshot, shows the next and redraws everything:
      axes, ticks, labels, and all of the frame's artists, static ones
      included.

    gdexplain instead draws the static scene once and, per frame, only the
    artists that move, piping each frame to ffmpeg as soon as it is drawn;
    ``benchmarks/render_speed.py`` measures the difference.

    Static decorations (the contour map's colour bar) are added after the
    last snapshot: celluloid assigns every artist present at a snapshot to
    that frame, and such an artist would be hidden in all the others.

    Examples
    --------
    >>> import tempfile
    >>> from matplotlib.animation import PillowWriter
    >>> from gdexplain import article_data, gradient_descent
    >>> history = gradient_descent(*article_data(), n_epochs=20)
    >>> anim = snapshot_animation(history, "fit", epochs=[0, 10, 20], dpi=20)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     anim.save(f"{folder}/fit.gif", writer=PillowWriter(fps=15))
    """
    if kind not in SCENES:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    fps = DEFAULT_FPS if fps is None else positive_float(fps, "fps")
    frames = Frames.choose(history, epochs)
    figure, draw, decorate = SCENES[kind](frames)
    FigureCanvasAgg(figure)
    _set_resolution(figure, positive_float(dpi, "dpi"))  # even pixels, as H.264 needs

    camera = Camera(figure)
    for frame in range(len(frames)):
        draw(frame)
        camera.snap()
    decorate()
    _freeze_layout(figure)
    return camera.animate(interval=1000 / fps, blit=False)


# --- the four scenes: make the axes once, return what draws one frame ---------------------

Scene = tuple[Figure, Draw, Callable[[], None]]


def _fit_scene(frames: Frames) -> Scene:
    """Data and line on the left; w, b and J against epoch stacked on the right."""
    history = frames.history
    figure, status_ax, fit_ax, w_ax, b_ax, J_ax = fit.fit_layout()
    parts = [
        _status(status_ax, frames),
        _fit(fit_ax, frames, residuals=False),
        _against_epoch(w_ax, frames, history.w, style.W, "$w$"),
        _against_epoch(b_ax, frames, history.b, style.B, "$b$"),
        _against_epoch(J_ax, frames, history.cost, style.J, "$J(w, b)$"),
    ]
    return figure, _all(parts), _nothing


def _slices_scene(frames: Frames) -> Scene:
    """The fit with residuals above J against w and J against b."""
    figure = new_figure(height=7.0)
    grid = figure.add_gridspec(3, 2, height_ratios=[0.12, 1, 1])
    parts = [
        _status(figure.add_subplot(grid[0, :]), frames),
        _fit(figure.add_subplot(grid[1, :]), frames, residuals=True),
        _slice(figure.add_subplot(grid[2, 0]), frames, "w", style.W),
        _slice(figure.add_subplot(grid[2, 1]), frames, "b", style.B),
    ]
    return figure, _all(parts), _nothing


def _contour_scene(frames: Frames) -> Scene:
    """The path across the contour map of J, beside the fit with residuals."""
    figure = new_figure(height=5.0)
    grid = figure.add_gridspec(2, 2, height_ratios=[0.1, 1], width_ratios=[1.1, 1])
    map_ax = figure.add_subplot(grid[1, 0])
    draw_map, colour_bar = _contour(map_ax, frames)
    parts = [
        _status(figure.add_subplot(grid[0, :]), frames),
        draw_map,
        _fit(figure.add_subplot(grid[1, 1]), frames, residuals=True),
    ]
    return figure, _all(parts), colour_bar


def _surface_scene(frames: Frames) -> Scene:
    """The path on the 3D cost surface, beside the fit with residuals."""
    figure = new_figure(height=5.0)
    grid = figure.add_gridspec(2, 2, height_ratios=[0.1, 1], width_ratios=[1.3, 1])
    parts = [
        _status(figure.add_subplot(grid[0, :]), frames),
        _surface(figure.add_subplot(grid[1, 0], projection="3d"), frames),
        _fit(figure.add_subplot(grid[1, 1]), frames, residuals=True),
    ]
    return figure, _all(parts), _nothing


SCENES: dict[str, Callable[[Frames], Scene]] = {
    "fit": _fit_scene,
    "slices": _slices_scene,
    "contour": _contour_scene,
    "surface": _surface_scene,
}


# --- panels: fixed axes set up once; ``draw(frame)`` adds that frame's artists ------------


def _status(ax: Axes, frames: Frames) -> Draw:
    """Epoch, J, w and b as text: celluloid cannot animate a title."""
    ax.set_axis_off()
    positions = np.linspace(0.17, 0.80, 4)

    def draw(frame: int) -> None:
        state = frames.state(frame)
        entries = (
            ("epoch", style.DATA, f"{state.epoch:,}"),
            ("$J$ =", style.J, style.number(state.cost)),
            ("$w$ =", style.W, style.number(state.w)),
            ("$b$ =", style.B, style.number(state.b)),
        )
        for position, (label, color, number) in zip(positions, entries, strict=True):
            # As gdexplain's: symbol and number meet at ``position``, on one baseline.
            common: dict[str, Any] = {"color": color, "fontsize": "large", "va": "baseline"}
            ax.text(position, 0.35, label, ha="right", transform=ax.transAxes, **common)
            ax.text(position, 0.35, f" {number}", ha="left", transform=ax.transAxes, **common)

    return draw


def _fit(ax: Axes, frames: Frames, *, residuals: bool) -> Draw:
    """The data and the current line, with dashed residuals if asked."""
    history = frames.history
    x, y = history.x, history.y
    span = np.array(line_span(x))
    ends = np.array([x.min(), x.max()])
    on_data = predict(ends[None, :], history.w[frames.index, None], history.b[frames.index, None])
    ax.set(
        xlim=span,
        ylim=padded(min(y.min(), on_data.min()), max(y.max(), on_data.max())),
        xlabel=style.LABELS["x"],
        ylabel=style.LABELS["y"],
    )

    def draw(frame: int) -> None:
        state = frames.state(frame)
        handles: list[Artist] = [ax.scatter(x, y, s=30, color=style.DATA, zorder=3, label="data")]
        handles += ax.plot(
            span,
            predict(span, state.w, state.b),
            color=style.LINE,
            lw=2,
            zorder=2,
            label=r"$\hat y = w x + b$",
        )
        if residuals:
            fitted = predict(x, state.w, state.b)
            gaps = np.full_like(x, np.nan)
            handles += ax.plot(
                np.column_stack([x, x, gaps]).ravel(),
                np.column_stack([y, fitted, gaps]).ravel(),
                color=style.RESIDUAL,
                lw=1.2,
                ls="--",
                zorder=1,
                label=r"residual $y - \hat y$",
            )
        _legend_above(ax, handles)

    return draw


def _against_epoch(ax: Axes, frames: Frames, values: np.ndarray, color: str, label: str) -> Draw:
    """``values`` against epoch, up to the current frame's epoch."""
    epochs, shown = frames.history.epoch[frames.curve], values[frames.curve]
    ax.set(ylim=padded(float(shown.min()), float(shown.max())), ylabel=label)
    ax.yaxis.label.set_color(color)
    epoch_axis(ax, frames)

    def draw(frame: int) -> None:
        end = frames.curve_end(frame)
        ax.plot(epochs[:end], shown[:end], color=color, lw=2)
        ax.plot(epochs[end - 1 : end], shown[end - 1 : end], "o", color=color, ms=6, clip_on=False)

    return draw


def _slice(ax: Axes, frames: Frames, parameter: str, color: str) -> Draw:
    """J against one parameter: the whole path faint, the slice through the current point."""
    history = frames.history
    visible = frames.shown
    values, costs = getattr(history, parameter)[visible], history.cost[visible]
    limits = padded(float(values.min()), float(values.max()))
    grid = np.linspace(*limits, SLICE_POINTS)
    ax.set(
        xlim=limits,
        ylim=padded(float(costs.min()), float(costs.max())),
        xlabel=style.LABELS[parameter],
        ylabel=style.LABELS["J"],
    )
    ax.xaxis.label.set_color(color)
    other = {"w": "$b$", "b": "$w$"}[parameter]

    def draw(frame: int) -> None:
        state = frames.state(frame)
        w, b = (grid, state.b) if parameter == "w" else (state.w, grid)
        handles = ax.plot(values, costs, color=style.PATH, alpha=style.FAINT, lw=2, label="path")
        handles += ax.plot(
            grid,
            cost(history.x, history.y, w, b),
            color=color,
            lw=1.2,
            label=f"$J$ at the current {other}",
        )
        handles += ax.plot(
            [getattr(state, parameter)],
            [state.cost],
            "o",
            color=style.CURRENT,
            ms=8,
            zorder=3,
            label="current",
        )
        _legend_above(ax, handles)

    return draw


def _contour(ax: Axes, frames: Frames) -> tuple[Draw, Callable[[], None]]:
    """The cost map, redrawn with the path in every frame; and its colour bar, added once."""
    history = frames.history
    w_star, b_star = least_squares(history.x, history.y)
    w_limits, b_limits = contour.parameter_limits(frames, w_star, b_star)
    w_grid, b_grid = np.meshgrid(
        np.linspace(*w_limits, contour.GRID), np.linspace(*b_limits, contour.GRID)
    )
    minimum = float(cost(history.x, history.y, w_star, b_star))
    above_minimum = cost(history.x, history.y, w_grid, b_grid) - minimum
    levels = contour.log_levels(float(above_minimum.max()))
    norm = LogNorm(levels[0], levels[-1])
    ax.set(xlim=w_limits, ylim=b_limits, xlabel=style.LABELS["w"], ylabel=style.LABELS["b"])
    ax.xaxis.label.set_color(style.W)
    ax.yaxis.label.set_color(style.B)
    w_path, b_path = history.w[frames.curve], history.b[frames.curve]
    maps = []

    def draw(frame: int) -> None:
        maps.append(
            ax.contourf(
                w_grid,
                b_grid,
                above_minimum,
                levels=levels,
                cmap=style.COST_MAP,
                norm=norm,
                extend="both",
            )
        )
        ax.contour(
            w_grid,
            b_grid,
            above_minimum,
            levels=levels,
            colors="white",
            linewidths=0.4,
            alpha=0.5,
        )
        end = frames.curve_end(frame)
        handles = ax.plot(w_path[:end], b_path[:end], color=style.PATH, lw=2, label="path")
        handles += ax.plot(
            w_path[end - 1 : end],
            b_path[end - 1 : end],
            "o",
            color=style.CURRENT,
            mec="white",
            ms=8,
            label="current $(w, b)$",
        )
        handles += ax.plot(
            [w_star],
            [b_star],
            "*",
            color=style.MINIMUM,
            mec="black",
            ms=14,
            label="least squares",
        )
        _legend_above(ax, handles)

    def colour_bar() -> None:
        contour.cost_colorbar(ax, maps[-1], minimum)

    return draw, colour_bar


def _surface(ax: Axes3D, frames: Frames) -> Draw:
    """The cost surface and the path on it, the surface redrawn in every frame as the article did."""
    history = frames.history
    w_star, b_star = least_squares(history.x, history.y)
    w_limits, b_limits = surface.centred_limits(frames, w_star, b_star)
    w_grid, b_grid = np.meshgrid(
        np.linspace(*w_limits, surface.GRID), np.linspace(*b_limits, surface.GRID)
    )
    J_grid = cost(history.x, history.y, w_grid, b_grid)
    minimum = float(cost(history.x, history.y, w_star, b_star))
    levels = contour.log_levels(float(J_grid.max()) - minimum)
    colours = colormaps[style.COST_MAP](
        LogNorm(levels[0], levels[-1], clip=True)(J_grid - minimum)
    )
    ax.computed_zorder = False  # as gdexplain's: the path stays on top of the surface
    ax.set(xlim=w_limits, ylim=b_limits, zlim=(minimum, float(J_grid.max())))
    ax.set_xlabel(style.LABELS["w"], color=style.W)
    ax.set_ylabel(style.LABELS["b"], color=style.B)
    ax.set_zlabel(style.LABELS["J"], color=style.J, labelpad=8)
    ax.view_init(elev=surface.ELEVATION, azim=surface.AZIMUTH)
    ax.set_box_aspect(None, zoom=1.15)
    curve = frames.curve
    w_path, b_path, J_path = history.w[curve], history.b[curve], history.cost[curve]

    def draw(frame: int) -> None:
        surface.draw_cost_surface(ax, w_grid, b_grid, J_grid, colours)
        end = frames.curve_end(frame)
        handles = ax.plot(
            w_path[:end],
            b_path[:end],
            J_path[:end],
            color=style.PATH,
            lw=2,
            zorder=5,
            label="path",
        )
        handles += ax.plot(
            w_path[end - 1 : end],
            b_path[end - 1 : end],
            J_path[end - 1 : end],
            "o",
            color=style.CURRENT,
            mec="white",
            ms=8,
            zorder=6,
            label="current $(w, b)$",
        )
        handles += ax.plot(
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
        _legend_above(ax, handles)

    return draw


# --- helpers ------------------------------------------------------------------------------


def _all(parts: list[Draw]) -> Draw:
    def draw(frame: int) -> None:
        for part in parts:
            part(frame)

    return draw


def _nothing() -> None:
    """No static decoration to add."""


def _legend_above(ax: Axes, handles: Sequence[Artist]) -> None:
    """A legend of this frame's artists, in one row above the axes (as gdexplain's).

    Made anew each frame from that frame's artists, as celluloid requires:
    ``ax.legend()`` alone would list the labelled artists of every earlier frame.
    Unclipped, because ``camera.snap()`` adds the legend with ``ax.add_artist``,
    which clips it to the axes, and the layout would then leave it no room.
    """
    legend = ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=len(handles),
        fontsize="small",
        frameon=False,
        borderaxespad=0.2,
        handlelength=1.6,
        columnspacing=1.2,
    )
    legend.set_clip_on(False)
