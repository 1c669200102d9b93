"""The article's first animation: the line fitting the data, and w, b, J against epoch."""

from __future__ import annotations

from numpy.typing import ArrayLike

from gdexplain.animation import _parameters as parameters
from gdexplain.animation import style
from gdexplain.animation._engine import DescentAnimation, animation_function
from gdexplain.animation._panels import (
    Grid,
    combine,
    cost_panel,
    epoch_panel,
    fit_panel,
    new_figure,
    stacked,
    status_line,
)
from gdexplain.animation._timeline import Timeline
from gdexplain.history import History

#: Weights named in a legend at most; more are drawn unnamed.
MAX_NAMED_WEIGHTS = 4


@animation_function
def animate_fit(
    history: History,
    *,
    epochs: ArrayLike | None = None,
    fps: float | None = None,
    dpi: float = 100,
    layout: str = "wide",
) -> DescentAnimation:
    """Animate the regression line over the data, beside w, b and J against epoch.

    Left, the data points and the current line :math:`\\hat y = w x + b`;
    right, three stacked panels of the slope, the intercept and the cost, each
    growing up to the current epoch. With several features no line can be
    drawn: the left panel shows each point's prediction against its target
    (on the diagonal :math:`\\hat y = y` when the fit is perfect), and the top
    right panel every weight. The cost is drawn as its height above the
    minimum, :math:`J - J^*`, on a logarithmic axis, where the slow phase is a
    steady decline rather than a flat line. When frames crowd the first epochs
    (as the article's do), the epoch axis is logarithmic too.

    A logistic run (``history.model == "logistic"``) with one feature shows
    the sigmoid :math:`p = \\sigma(w x + b)` over the 0/1 labels instead of
    the line, each point's predicted probability :math:`p_i` marked on it and
    joined to its label; with several, each point's probability against its
    label. Its :math:`J^*` is :func:`gdexplain.optimum`'s.

    {shared}

    Examples
    --------
    >>> from gdexplain import article_data, gradient_descent
    >>> history = gradient_descent(*article_data(), n_epochs=12_000)
    >>> animation = animate_fit(history)
    >>> len(animation), animation.fps
    (121, 15.0)
    >>> animation.final_state.epoch
    12000
    """
    (timeline,) = Timeline.shared((history,), epochs)
    wide = Grid(5.0, [0.35, 1, 1, 1], [1.25, 1], {"status": (0, slice(None))})
    wide.places.update({"fit": (slice(1, None), 0), "w": (1, 1), "b": (2, 1), "J": (3, 1)})
    tall = stacked(8.6, status=0.3, fit=2.2, w=1, b=1, J=1)
    figure, place = new_figure(layout, wide, tall)
    w_ax = figure.add_subplot(place["w"])
    b_ax = figure.add_subplot(place["b"], sharex=w_ax)
    J_ax = figure.add_subplot(place["J"], sharex=w_ax)
    weights = [parameters.symbol(name) for name in parameters.names(history.n_features)[:-1]]
    if len(weights) > MAX_NAMED_WEIGHTS:  # their legend would be wider than the panel
        weights = []
    update = combine(
        status_line(
            figure.add_subplot(place["status"]), [timeline], 2 if layout == "tall" else None
        ),
        fit_panel(figure.add_subplot(place["fit"]), [timeline], residuals=False),
        epoch_panel(w_ax, timeline, history.w, style.W, "$w$")
        if history.n_features == 1
        else epoch_panel(
            w_ax, timeline, history.w, style.W, f"{history.n_features} weights", names=weights
        ),
        epoch_panel(b_ax, timeline, history.b, style.B, "$b$"),
        cost_panel(J_ax, timeline),
    )
    for ax in (w_ax, b_ax):
        ax.tick_params(labelbottom=False)
        ax.xaxis.label.set_visible(False)
    return DescentAnimation(figure, timeline, update, fps=fps, dpi=dpi, name="fit")
