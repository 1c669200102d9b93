r"""A logistic run's decision boundary moving over the two classes, and w1, w2, b, J.

The logistic model :math:`p = \sigma(w_1 x_1 + w_2 x_2 + b)` says "1" where
:math:`p > 1/2`, that is where the score :math:`w \cdot x + b` is positive: its
boundary is the line :math:`w \cdot x + b = 0`. The lines :math:`p = 1/4` and
:math:`p = 3/4` are where the score is :math:`\mp \log 3`: how sharp the model is.
"""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from numpy.typing import ArrayLike, NDArray

from gdexplain.animation import style
from gdexplain.animation._engine import DescentAnimation, animation_function
from gdexplain.animation._panels import (
    Update,
    beside_the_parameters,
    combine,
    legend_above,
    shown_points,
)
from gdexplain.animation._parameters import needs_features, needs_model
from gdexplain.animation._timeline import Timeline, padded
from gdexplain.history import History

#: The probabilities whose lines are drawn, the boundary (1/2) first, and their scores
#: :math:`\log(p / (1 - p))`: where :math:`w \cdot x + b` takes that value.
PROBABILITIES = (0.5, 0.25, 0.75)
SCORES = tuple(float(np.log(p / (1 - p))) for p in PROBABILITIES)


@animation_function
def animate_boundary(
    history: History,
    *,
    epochs: ArrayLike | None = None,
    fps: float | None = None,
    dpi: float = 100,
    layout: str = "wide",
) -> DescentAnimation:
    """Animate a logistic run's decision boundary over its two classes, beside w1, w2, b and J.

    Left, the points :math:`(x_1, x_2)` coloured by their label and the current
    boundary :math:`w_1 x_1 + w_2 x_2 + b = 0`, where the predicted probability is
    1/2, with the lines of :math:`p = 1/4` and :math:`p = 3/4` faint on either
    side (close together when the model is confident). Right, four stacked panels
    of the two weights, the intercept and the cost, each growing up to the
    current epoch; the cost as its height above the optimum, :math:`J - J^*`,
    on a logarithmic axis.

    {shared}

    Notes
    -----
    Only a logistic run with exactly two features has such a boundary: a linear
    run, or any other number of features, is refused with a ValueError.

    Examples
    --------
    >>> from gdexplain import classification_data, gradient_descent
    >>> x, y = classification_data(features=2)
    >>> history = gradient_descent(x, y, model="logistic", learning_rate=0.5, n_epochs=300)
    >>> animation = animate_boundary(history, epochs=[0, 10, 100, 300], dpi=20)
    >>> len(animation), animation.final_state.epoch
    (4, 300)
    """
    (timeline,) = Timeline.shared((history,), epochs)
    needs_model(history, "boundary")
    needs_features(history, "boundary", 2)
    figure, place, parameters = beside_the_parameters(layout, timeline, "classes")
    update = combine(parameters, boundary_panel(figure.add_subplot(place), timeline))
    return DescentAnimation(figure, timeline, update, fps=fps, dpi=dpi, name="boundary")


def boundary_panel(ax: Axes, timeline: Timeline) -> Update:
    """The points coloured by class and the current lines :data:`PROBABILITIES`, over the data."""
    history = timeline.history
    x, y, _ = shown_points(history.x, history.y)
    spans = [padded(float(column.min()), float(column.max()), 0.1) for column in history.x.T]
    ax.set(xlim=spans[0], ylim=spans[1], xlabel="$x_1$", ylabel="$x_2$")
    for label, colour in zip((0, 1), style.POINTS[:2], strict=True):
        chosen = x[y == label]
        ax.plot(
            *chosen.T,
            "o",
            ms=style.DATA_MARKER_SIZE,
            color=colour,
            mec="white",
            mew=0.5,
            zorder=3,
            label=f"$y = {label}$",
        )
    (boundary,) = ax.plot([], [], color=style.CURRENT, lw=2.5, zorder=2, label="$p = 1/2$")
    (sides,) = ax.plot(
        [], [], color=style.CURRENT, lw=1, ls="--", alpha=0.5, zorder=1, label="$p = 1/4, 3/4$"
    )
    legend_above(ax, ncols=2)
    w, b = history.w[timeline.index], history.b[timeline.index]

    def update(frame: int) -> list[Artist]:
        boundary.set_data(*score_line(w[frame], float(b[frame]), SCORES[0], spans))
        faint = [score_line(w[frame], float(b[frame]), score, spans) for score in SCORES[1:]]
        gap = np.array([np.nan])
        sides.set_data(
            np.concatenate([faint[0][0], gap, faint[1][0]]),
            np.concatenate([faint[0][1], gap, faint[1][1]]),
        )
        return [boundary, sides]

    return update


def score_line(
    w: NDArray[np.float64], b: float, score: float, spans: list[tuple[float, float]]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The line :math:`w_1 x_1 + w_2 x_2 + b = \\text{score}` across the box ``spans``.

    Solved for the coordinate with the larger weight, over the other's span (the axes
    clip what lies outside); no line (empty arrays) when both weights are 0.

    Examples
    --------
    >>> [a.tolist() for a in score_line(np.array([1.0, 1.0]), -1.0, 0.0, [(0, 1), (0, 1)])]
    [[0.0, 1.0], [1.0, 0.0]]
    """
    w1, w2 = float(w[0]), float(w[1])
    if w1 == 0 and w2 == 0:
        return np.array([]), np.array([])
    if abs(w2) >= abs(w1):
        x1 = np.array(spans[0], dtype=np.float64)
        return x1, (score - b - w1 * x1) / w2
    x2 = np.array(spans[1], dtype=np.float64)
    return (score - b - w2 * x2) / w1, x2
