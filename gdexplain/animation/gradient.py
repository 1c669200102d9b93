"""The gradient itself: the slopes of the two slices, and each point's pull that adds up to it."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.quiver import Quiver
from numpy.typing import ArrayLike

from gdexplain.animation import style
from gdexplain.animation._engine import DescentAnimation, animation_function
from gdexplain.animation._panels import (
    Grid,
    Update,
    combine,
    contour_panel,
    fit_panel,
    legend_above,
    new_figure,
    parameter_slice,
    stacked,
    status_line,
)
from gdexplain.animation._parameters import needs_features, needs_model
from gdexplain.animation._timeline import Timeline
from gdexplain.history import History
from gdexplain.regression import _predict, per_sample_gradients

#: Points whose pulls are drawn one by one, each in its own colour; more data
#: would make a tangle of arrows, so larger data sets show the total alone.
MAX_PULLS = 12

#: Length of the longest arrow on the map (a pull or their sum), as a fraction of the map.
REACH = 0.4


@animation_function
def animate_gradient(
    history: History,
    *,
    epochs: ArrayLike | None = None,
    fps: float | None = None,
    dpi: float = 100,
    layout: str = "wide",
) -> DescentAnimation:
    r"""Animate the gradient: the slices' slopes, and each point's pull on the map.

    Top left, the data and the current line, each point's residual in its own
    colour. Top right, the contour map of :math:`J` with the path, and at the
    current point each data point's *pull* :math:`\tfrac{2}{n} r_i (x_i, 1)`
    (its term of :math:`\nabla J`, with :math:`r_i = \hat y_i - y_i`) reversed,
    an arrow in the point's colour: they add up to :math:`-\nabla J`, the black arrow, the
    direction of the next step (with more than 12 points, the black arrow
    alone). The arrows are rescaled every frame so the longest keeps its
    length on the map; the slopes below give the sizes.
    Below, :math:`J` against :math:`w` and against :math:`b` through the current
    point, with the tangent there: its slope is :math:`\partial J/\partial w`
    (left) and :math:`\partial J/\partial b` (right).

    {shared}

    Examples
    --------
    >>> from gdexplain import article_data, gradient_descent
    >>> history = gradient_descent(*article_data(), n_epochs=100)
    >>> animation = animate_gradient(history, epochs=[0, 10, 100], dpi=20)
    >>> animation.final_state.epoch
    100
    """
    (timeline,) = Timeline.shared((history,), epochs)
    # Each point's pull is an arrow on the (w, b) map: a picture of one feature's gradient.
    needs_model(history, "gradient")
    needs_features(history, "gradient", 1)
    wide = Grid(7.0, [0.12, 1, 1], [1, 1], {"status": (0, slice(None)), "fit": (1, 0)})
    wide.places.update({"map": (1, 1), "w": (2, 0), "b": (2, 1)})
    tall = stacked(9.0, status=0.2, fit=1, map=1.1, w=0.8, b=0.8)
    figure, place = new_figure(layout, wide, tall)
    map_ax = figure.add_subplot(place["map"])
    update = combine(
        status_line(
            figure.add_subplot(place["status"]), [timeline], 2 if layout == "tall" else None
        ),
        _coloured_residuals(figure.add_subplot(place["fit"]), timeline),
        contour_panel(map_ax, [timeline], colorbar=False),
        # Beside the fit, a legend of two columns would run off the figure's right edge.
        pulls_panel(map_ax, timeline, legend_columns=1 if layout == "wide" else 2),
        parameter_slice(figure.add_subplot(place["w"]), timeline, "w", style.W, tangent=True),
        parameter_slice(figure.add_subplot(place["b"]), timeline, "b", style.B, tangent=True),
    )
    return DescentAnimation(figure, timeline, update, fps=fps, dpi=dpi, name="gradient")


def point_colours(n: int) -> list[str]:
    """One colour per data point (the same in the fit and on the map), or none if too many."""
    return [style.POINTS[i % len(style.POINTS)] for i in range(n)] if n <= MAX_PULLS else []


def _coloured_residuals(ax: Axes, timeline: Timeline) -> Update:
    """The fit, with each point and its residual in that point's colour."""
    update_fit = fit_panel(ax, [timeline], residuals=False)
    x, y = timeline.history.x, timeline.history.y
    colours = point_colours(len(x))
    residuals = [ax.plot([], [], color=colour, lw=2.2, zorder=1)[0] for colour in colours]
    # Drawn again each frame, after fit_panel's black points, which would cover them.
    dots = [
        ax.plot([xi], [yi], "o", color=colour, mec="black", ms=8, zorder=4)[0]
        for xi, yi, colour in zip(x, y, colours, strict=False)
    ]

    def update(frame: int) -> list[Artist]:
        state = timeline.state(frame)
        fitted = _predict(x, state.w, state.b)  # a checked state (see fit_panel)
        for line, xi, yi, yhat in zip(residuals, x, y, fitted, strict=False):
            line.set_data([xi, xi], [yi, yhat])
        return [*update_fit(frame), *residuals, *dots]

    return update


def pulls_panel(ax: Axes, timeline: Timeline, legend_columns: int = 2) -> Update:
    r"""At the current point of the map: each point's pull reversed, and their sum, -grad J.

    The pulls start there, as forces do: chained tip to tail, those of points with
    similar :math:`x` (along :math:`\pm(x_i, 1)`) would lie on top of each other.
    """
    history = timeline.history
    colours = point_colours(len(history.x))
    span = np.ptp([ax.get_xlim(), ax.get_ylim()], axis=1)

    def arrows(n: int, **looks: Any) -> Quiver:  # placed and sized by each frame
        return ax.quiver(*np.zeros((4, n)), angles="xy", scale_units="xy", scale=1, **looks)

    # The sum underneath, wide and dark; the pulls on top of it, thinner.
    total = arrows(1, color="black", alpha=0.8, width=0.018, zorder=5)
    pulls = arrows(len(colours), color=colours or "none", width=0.008, zorder=6)
    # Legend entries for the arrows (quivers make poor legend handles).
    ax.plot([], [], color="black", lw=3, label=r"$-\nabla J$")
    if colours:
        ax.plot([], [], color=colours[0], lw=2, label="each point's −pull")
    legend_above(ax, ncols=legend_columns)

    def update(frame: int) -> list[Artist]:
        state = timeline.state(frame)
        # Each point's term of -grad J, summing to it.
        terms = -per_sample_gradients(history.x, history.y, state.w, state.b) / len(history.x)
        summed = terms.sum(axis=0)
        # Rescaled each frame: the longest arrow drawn, a pull or their sum, is REACH of the map.
        drawn = np.vstack([summed, terms]) if colours else summed[None]
        longest = np.hypot(*(drawn / span).T).max()
        scale = REACH / longest if longest > 0 else 0.0
        here = np.array([[state.w, state.b]])
        if colours:
            pulls.set_offsets(np.repeat(here, len(terms), axis=0))
            pulls.set_UVC(*(terms * scale).T)
        total.set_offsets(here)
        total.set_UVC(*(summed[:, None] * scale))
        return [pulls, total]

    return update
