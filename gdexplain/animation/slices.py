"""The article's second animation: the fit with its residuals, above J against w and against b."""

from __future__ import annotations

from collections.abc import Sequence

from numpy.typing import ArrayLike

from gdexplain.animation import _parameters as parameters
from gdexplain.animation._engine import DescentAnimation, animation_function
from gdexplain.animation._panels import (
    Grid,
    combine,
    fit_panel,
    new_figure,
    parameter_slice,
    stacked,
    status_line,
)
from gdexplain.animation._parameters import needs_model
from gdexplain.animation._timeline import Timeline
from gdexplain.history import History


@animation_function
def animate_slices(
    history: History,
    *,
    pair: Sequence[str] | None = None,
    epochs: ArrayLike | None = None,
    fps: float | None = None,
    dpi: float = 100,
    layout: str = "wide",
) -> DescentAnimation:
    """Animate the fit with its residuals, above the cost against each parameter.

    Top, the data, the current line and a dashed residual from each point to
    it. Below, :math:`J` against :math:`w` and against :math:`b`: the whole
    path faint, the current point, and the slice of :math:`J` through it
    along that parameter (the other held at its current value). The slope of
    the slice at the point is the partial derivative the next step follows.

    With several features the top panel shows each point's prediction against
    its target (no line can be drawn), and the slices are along the two
    parameters of ``pair``, every other parameter held at its current value.

    Parameters
    ----------
    history : History
        The run to show, e.g. from :func:`gdexplain.gradient_descent`.
    pair : (str, str), optional
        With several features, the two parameters to slice along, named
        ``"w1"``, ``"w2"``, ... and ``"b"``; by default the first two weights.
        One feature has only ``("w", "b")``.
    {shared}

    Examples
    --------
    >>> from gdexplain import article_data, gradient_descent
    >>> history = gradient_descent(*article_data(), n_epochs=100)
    >>> animation = animate_slices(history, epochs=[0, 10, 100])
    >>> animation.final_state.epoch, round(animation.final_state.cost, 3)
    (100, 45.472)
    """
    (timeline,) = Timeline.shared((history,), epochs)
    needs_model(history, "slices")
    every = parameters.names(history.n_features)
    chosen = [every[k] for k in parameters.resolve_pair(pair, history.n_features)]
    if history.n_features == 1 and chosen != ["w", "b"]:
        raise ValueError("a run with one feature has two slices, along w and b: leave pair out")
    wide = Grid(7.0, [0.12, 1, 1], [1, 1], {"status": (0, slice(None)), "fit": (1, slice(None))})
    wide.places.update({"w": (2, 0), "b": (2, 1)})
    tall = stacked(8.8, status=0.2, fit=1.2, w=1, b=1)
    figure, place = new_figure(layout, wide, tall)
    update = combine(
        status_line(
            figure.add_subplot(place["status"]), [timeline], 2 if layout == "tall" else None
        ),
        fit_panel(figure.add_subplot(place["fit"]), [timeline], residuals=True),
        *(
            parameter_slice(figure.add_subplot(place[at]), timeline, name, parameters.colour(name))
            for at, name in zip(("w", "b"), chosen, strict=True)
        ),
    )
    return DescentAnimation(figure, timeline, update, fps=fps, dpi=dpi, name="slices")
