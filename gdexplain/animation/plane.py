"""The article's first part-2 animation: the plane fitting the points in 3D, and w1, w2, b, J."""

from __future__ import annotations

from numpy.typing import ArrayLike

from gdexplain.animation._engine import DescentAnimation, animation_function
from gdexplain.animation._panels import (
    beside_the_parameters,
    combine,
    plane_panel,
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
    figure, place, parameters = beside_the_parameters(layout, timeline, "plane")
    drawn = figure.add_subplot(place, projection="3d")
    update = combine(
        parameters, plane_panel(drawn, timeline, elevation=ELEVATION, azimuth=AZIMUTH)
    )
    return DescentAnimation(figure, timeline, update, fps=fps, dpi=dpi, name="plane")
