"""The article's second animation: the fit with its residuals, above J against w and against b."""

from __future__ import annotations

from numpy.typing import ArrayLike

from gdexplain.animation import style
from gdexplain.animation._engine import DescentAnimation
from gdexplain.animation._frames import Frames
from gdexplain.animation._panels import (
    combine,
    fit_panel,
    new_figure,
    parameter_slice,
    status_line,
)
from gdexplain.history import History


def animate_slices(
    history: History,
    *,
    epochs: ArrayLike | None = None,
    fps: float | None = None,
    dpi: float = 100,
) -> DescentAnimation:
    """Animate the fit with its residuals, above the cost against each parameter.

    Top, the data, the current line and a dashed residual from each point to
    it. Below, :math:`J` against :math:`w` and against :math:`b`: the whole
    path faint, the current point, and the slice of :math:`J` through it
    along that parameter (the other held at its current value). The slope of
    the slice at the point is the partial derivative the next step follows.

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
        If ``epochs`` is empty or holds an epoch not in ``history``, or if
        ``fps`` is not positive or ``dpi`` below 20.

    Examples
    --------
    >>> from gdexplain import article_data, gradient_descent
    >>> history = gradient_descent(*article_data(), n_epochs=100)
    >>> animation = animate_slices(history, epochs=[0, 10, 100])
    >>> animation.final_state.epoch, round(animation.final_state.cost, 3)
    (100, 45.472)
    """
    frames = Frames.choose(history, epochs)
    figure = new_figure(height=7.0)
    grid = figure.add_gridspec(3, 2, height_ratios=[0.12, 1, 1])
    update = combine(
        status_line(figure.add_subplot(grid[0, :]), frames),
        fit_panel(figure.add_subplot(grid[1, :]), frames, residuals=True),
        parameter_slice(figure.add_subplot(grid[2, 0]), frames, "w", style.W),
        parameter_slice(figure.add_subplot(grid[2, 1]), frames, "b", style.B),
    )
    return DescentAnimation(figure, frames, update, fps=fps, dpi=dpi, name="slices")
