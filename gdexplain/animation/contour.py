"""The paths of gradient descent across the contour map of the cost, beside the fit."""

from __future__ import annotations

from collections.abc import Sequence

from numpy.typing import ArrayLike

from gdexplain.animation._engine import DescentAnimation, animation_function
from gdexplain.animation._panels import (
    Grid,
    combine,
    contour_panel,
    fit_panel,
    new_figure,
    stacked,
    status_line,
)
from gdexplain.animation._timeline import Timeline
from gdexplain.history import History


@animation_function
def animate_contour(
    *histories: History,
    pair: Sequence[str] | None = None,
    epochs: ArrayLike | None = None,
    fps: float | None = None,
    dpi: float = 100,
    layout: str = "wide",
) -> DescentAnimation:
    """Animate the descent's path across the contour map of :math:`J(w, b)`, beside the fit.

    Left, the cost over the :math:`(w, b)` plane with the least-squares
    minimum marked and the path growing across it; the levels are spaced
    evenly in :math:`\\log (J - J^*)`. Right, the data, the current line and
    its residuals.

    With several features the map is the cost over ``pair`` through the first
    run's current point: the other parameters are held at their values there
    (the legend says so, the status line gives them), so the map moves as they do; the fit panel
    shows each point's prediction against its target. A run that changes only the
    pair (the article's, with :math:`b` held at its optimum) has a still map.

    A logistic run's map is the cross-entropy evaluated at the map's nodes
    (no quadratic form), its minimum :func:`gdexplain.optimum`'s, and the fit
    panel shows the sigmoid over the labels; a map over many points has fewer
    nodes, chosen from a budget of evaluations (see
    :mod:`gdexplain.animation._landscape`).

    Several runs on the same data share one map: each path is labelled with
    its history's ``label``, the frames follow the longest run (a shorter one
    holds its last state), and the status line shows each run's cost. A run
    that diverged is drawn until it leaves the map.

    Parameters
    ----------
    *histories : History
        The run or runs to show, e.g. from :func:`gdexplain.gradient_descent`,
        all on the same data.
    pair : (str, str), optional
        With several features, the two parameters the map is drawn over, named
        ``"w1"``, ``"w2"``, ... and ``"b"``; by default the first two weights.
        One feature has one map, over ``("w", "b")``.
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
    legend = 0.0 if len(timelines) == 1 else 0.06 * (len(timelines) + 1)
    # The status line: the epoch and each run's J, wrapped so that a line fits the frame,
    # four fields a line when wide, two when tall (one run's J, w and b fit in the room
    # of one line).
    per_line = 2 if layout == "tall" else 4
    lines = 1 if len(timelines) == 1 else -(-(len(timelines) + 1) // per_line)
    wide = Grid(
        5.0 + 0.3 * (lines - 1),
        [0.1 + 0.25 * (lines - 1) + legend, 1],
        [1.6, 1],
        {"status": (0, slice(None)), "map": (1, 0)},
    )
    wide.places["fit"] = (1, 1)
    tall = stacked(8.6 + 0.3 * (lines - 1), status=0.16 * lines + 2.5 * legend, map=1.4, fit=1)
    figure, place = new_figure(layout, wide, tall)
    update = combine(
        status_line(figure.add_subplot(place["status"]), timelines, per_line),
        contour_panel(figure.add_subplot(place["map"]), timelines, pair=pair),
        fit_panel(figure.add_subplot(place["fit"]), timelines, residuals=True),
    )
    return DescentAnimation(figure, timelines[0], update, fps=fps, dpi=dpi, name="contour")
