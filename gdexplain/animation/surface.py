"""The path of gradient descent on the 3D cost surface, beside the fit."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib import colormaps
from matplotlib.artist import Artist
from matplotlib.colors import LightSource
from mpl_toolkits.mplot3d.axes3d import Axes3D
from numpy.typing import ArrayLike, NDArray

from gdexplain.animation import _parameters as parameters
from gdexplain.animation import style
from gdexplain.animation._engine import DescentAnimation, animation_function
from gdexplain.animation._landscape import Landscape
from gdexplain.animation._panels import (
    Grid,
    Update,
    combine,
    fit_panel,
    held_statement,
    legend_above,
    new_figure,
    stacked,
    status_line,
)
from gdexplain.animation._timeline import Timeline
from gdexplain.history import History

#: Grid nodes per side: a smooth surface (the article drew 10 x 10) that still
#: draws once in well under a second.
GRID = 80
#: Viewing angles in degrees: looking along the valley (mostly along b) from low b
#: shows its floor between the walls, where the path starts and the minimum.
ELEVATION, AZIMUTH = 35.0, -115.0
#: How far the surface reaches beyond the path, as a fraction of the path's reach.
MARGIN = 0.15


@animation_function
def animate_surface(
    history: History,
    *,
    pair: Sequence[str] | None = None,
    epochs: ArrayLike | None = None,
    fps: float | None = None,
    dpi: float = 100,
    layout: str = "wide",
) -> DescentAnimation:
    """Animate the descent's path on the cost surface :math:`J(w, b)`, beside the fit.

    Left, the surface over the :math:`(w, b)` plane, coloured like the contour
    map (by :math:`\\log (J - J^*)`) so the valley floor stands out, with the
    path and the current point on it. Right, the data, the current line and
    its residuals.

    With several features, the surface over ``pair``, the other parameters held
    at their least-squares values (its legend says so): it stays still, and
    the path is the run's values of the pair drawn on it, not its own cost (which
    lies on the surface only for a run that holds the others there, as the
    article's fixed-intercept run does). The fit panel shows each point's
    prediction against its target.

    A logistic run's surface is the cross-entropy evaluated at each node,
    held at the optimum's values (:func:`gdexplain.optimum`) with several
    features; its fit panel the sigmoid over the labels.

    Parameters
    ----------
    history : History
        The run to show, e.g. from :func:`gdexplain.gradient_descent`.
    pair : (str, str), optional
        With several features, the two parameters the surface is drawn over,
        named ``"w1"``, ``"w2"``, ... and ``"b"``; by default the first two
        weights. One feature has one surface, over ``("w", "b")``.
    {shared}

    Examples
    --------
    >>> from gdexplain import article_data, gradient_descent
    >>> history = gradient_descent(*article_data(), n_epochs=30)
    >>> animate_surface(history, epochs=range(0, 31, 10)).epochs.tolist()
    [0, 10, 20, 30]
    """
    (timeline,) = Timeline.shared((history,), epochs)
    wide = Grid(5.0, [0.1, 1], [1.5, 1], {"status": (0, slice(None)), "surface": (1, 0)})
    wide.places["fit"] = (1, 1)
    tall = stacked(8.6, status=0.24, surface=1.5, fit=1)
    figure, place = new_figure(layout, wide, tall)
    update = combine(
        status_line(
            figure.add_subplot(place["status"]), [timeline], 2 if layout == "tall" else None
        ),
        surface_panel(figure.add_subplot(place["surface"], projection="3d"), timeline, pair),
        fit_panel(figure.add_subplot(place["fit"]), [timeline], residuals=True),
    )
    return DescentAnimation(figure, timeline, update, fps=fps, dpi=dpi, name="surface")


def surface_panel(
    ax: Axes3D, timeline: Timeline, pair_names: Sequence[str] | None = None
) -> Update:
    """The cost surface, and the path on it growing up to the current frame.

    With several features, the surface over the pair named, the other parameters
    held at their least-squares values (said in the legend), and the run's values of the
    pair drawn on it.
    """
    history = timeline.history
    landscape = Landscape.of(history.x, history.y, history.model)
    pair = parameters.resolve_pair(pair_names, history.n_features)
    if history.n_features == 1 and pair != (0, 1):
        raise ValueError("a run with one feature has one surface, over ('w', 'b'): leave pair out")
    theta, theta_star = parameters.values(history), landscape.theta_star
    # Centred on the minimum, the surface is a whole bowl: its lowest region is
    # surrounded by walls on every side, not cut off at an edge.
    w_limits = _around(theta[timeline.shown, pair[0]], float(theta_star[pair[0]]))
    b_limits = _around(theta[timeline.shown, pair[1]], float(theta_star[pair[1]]))
    if history.n_features == 1:
        w_grid, b_grid, above = landscape.grid(w_limits, b_limits, GRID)
    else:
        nodes = landscape.nodes(GRID)
        w_grid, b_grid = np.meshgrid(np.linspace(*w_limits, nodes), np.linspace(*b_limits, nodes))
        above = landscape.on_plane(pair, theta_star, w_grid, b_grid)
    # Coloured like the contour map and lit from one side, else the walls are one colour;
    # the heights are exaggerated to the grid's size, so the slopes light up for any data.
    top = float(above.max())
    light = LightSource(azdeg=AZIMUTH + 180.0, altdeg=40.0)
    cmap, norm = colormaps[style.COST_MAP], Landscape.norm(Landscape.levels(top))
    relief = light.shade(
        above, cmap, norm, blend_mode="soft", vert_exag=len(above) / top, fraction=0.6
    )
    surface = ax.plot_surface(
        w_grid,
        b_grid,
        landscape.minimum + above,
        facecolors=relief,
        rstride=1,
        cstride=1,
        linewidth=0,
        antialiased=False,
        shade=False,
        zorder=1,
    )
    # Drawn in the order of their zorder, not sorted by depth: the path stays
    # on top of the surface in a full redraw exactly as when it is blitted.
    ax.computed_zorder = False
    ax.set(xlim=w_limits, ylim=b_limits, zlim=(landscape.minimum, landscape.minimum + top))
    names = [parameters.names(history.n_features)[k] for k in pair]
    ax.set_xlabel(parameters.label(names[0]), color=parameters.colour(names[0]))
    ax.set_ylabel(parameters.label(names[1]), color=parameters.colour(names[1]))
    ax.set_zlabel(style.LABELS["J"], color=style.J, labelpad=8)
    ax.view_init(elev=ELEVATION, azim=AZIMUTH)
    ax.set_box_aspect(None, zoom=0.95)  # the default box leaves a wide empty margin
    curve = timeline.curve
    path_uv = theta[curve][:, pair].T
    if history.n_features == 1:
        heights = history.cost[curve]
        current = "current $(w, b)$"
    else:  # the run's pair, drawn on this surface: its own cost is on another
        heights = landscape.minimum + landscape.on_plane(pair, theta_star, *path_uv)
        current = "current point"
        best = "least-squares" if history.model == "linear" else "optimal"
        surface.set_label(held_statement(history.n_features, pair, best))
    path_3d = np.vstack([path_uv, heights])
    (path,) = ax.plot([], [], [], color=style.PATH, lw=2, zorder=5, label="path")
    (point,) = ax.plot(
        [], [], [], "o", color=style.CURRENT, mec="white", ms=8, zorder=6, label=current
    )
    minimum = ([theta_star[pair[0]]], [theta_star[pair[1]]], [landscape.minimum], "*")
    ax.plot(
        *minimum, color=style.MINIMUM, mec="black", ms=14, zorder=4, label=landscape.minimum_label
    )
    legend_above(ax, ncols=1 if history.n_features > 3 else None)  # a long label: one a row

    def update(frame: int) -> list[Artist]:
        end = timeline.curve_end(frame)
        path.set_data_3d(*path_3d[:, :end])
        point.set_data_3d(*path_3d[:, end - 1 : end])
        return [path, point]

    return update


def _around(values: NDArray[np.float64], centre: float) -> tuple[float, float]:
    """Limits centred on ``centre`` holding ``values`` with a margin; a bowl if they stay there."""
    reach = (1 + MARGIN) * float(np.abs(values - centre).max())
    if reach <= 1e-9 * (1 + abs(centre)):
        reach = 0.5 * max(1.0, abs(centre))
    return centre - reach, centre + reach
