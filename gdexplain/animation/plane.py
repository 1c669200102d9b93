"""The article's first part-2 animation: the plane fitting the points in 3D, and w1, w2, b, J."""

from __future__ import annotations

from numpy.typing import ArrayLike

from gdexplain.animation import style
from gdexplain.animation._engine import DescentAnimation, animation_function
from gdexplain.animation._panels import (
    Grid,
    combine,
    cost_panel,
    epoch_panel,
    new_figure,
    plane_panel,
    stacked,
    status_line,
)
from gdexplain.animation._parameters import needs_features, needs_model
from gdexplain.animation._timeline import Timeline
from gdexplain.history import History

#: Viewing angles in degrees: from low x1 and x2, a little above the points, the
#: plane's two slopes and the residuals under and over it all show.
ELEVATION, AZIMUTH = 18.0, -55.0


@animation_function
def animate_plane(
    history: History,
    *,
    epochs: ArrayLike | None = None,
    fps: float | None = None,
    dpi: float = 100,
    layout: str = "wide",
) -> DescentAnimation:
    """Animate the regression plane over points with two features, beside w1, w2, b and J.

    Left, the points :math:`(x_1, x_2, y)` in 3D, the current plane
    :math:`\\hat y = w_1 x_1 + w_2 x_2 + b` over them and each point's residual,
    dashed. Right, four stacked panels of the two weights, the intercept and the
    cost, each growing up to the current epoch; the cost as its height above the
    minimum, :math:`J - J^*`, on a logarithmic axis.

    {shared}

    Notes
    -----
    Only a run with exactly two features has a plane to draw: any other is refused
    with a ValueError.

    Examples
    --------
    >>> from gdexplain import article_data, gradient_descent
    >>> history = gradient_descent(*article_data(part=2), w=[3.0, 3.0], n_epochs=300)
    >>> animation = animate_plane(history, epochs=[0, 10, 100, 300], dpi=20)
    >>> animation.final_state.w.round(3).tolist(), round(animation.final_state.b, 3)
    ([-4.858, -2.751], -1.389)
    """
    (timeline,) = Timeline.shared((history,), epochs)
    needs_model(history, "plane")
    needs_features(history, "plane", 2)
    wide = Grid(5.6, [0.3, 1, 1, 1, 1], [1.25, 1], {"status": (0, slice(None))})
    wide.places.update({"plane": (slice(1, None), 0), "w1": (1, 1), "w2": (2, 1)})
    wide.places.update({"b": (3, 1), "J": (4, 1)})
    tall = stacked(9.6, status=0.62, plane=2.6, w1=0.8, w2=0.8, b=0.8, J=0.9)
    figure, place = new_figure(layout, wide, tall)
    w1_ax = figure.add_subplot(place["w1"])
    w2_ax, b_ax, J_ax = (
        figure.add_subplot(place[name], sharex=w1_ax) for name in ["w2", "b", "J"]
    )
    update = combine(
        status_line(
            figure.add_subplot(place["status"]), [timeline], 2 if layout == "tall" else None
        ),
        plane_panel(
            figure.add_subplot(place["plane"], projection="3d"),
            timeline,
            elevation=ELEVATION,
            azimuth=AZIMUTH,
        ),
        epoch_panel(w1_ax, timeline, history.w[:, 0], style.W, "$w_1$"),
        epoch_panel(w2_ax, timeline, history.w[:, 1], style.W, "$w_2$"),
        epoch_panel(b_ax, timeline, history.b, style.B, "$b$"),
        cost_panel(J_ax, timeline),
    )
    for ax in (w1_ax, w2_ax, b_ax):
        ax.tick_params(labelbottom=False)
        ax.xaxis.label.set_visible(False)
    return DescentAnimation(figure, timeline, update, fps=fps, dpi=dpi, name="plane")
