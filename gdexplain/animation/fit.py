"""The article's first animation: the line fitting the data, and w, b, J against epoch."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from gdexplain.animation import style
from gdexplain.animation._engine import DescentAnimation
from gdexplain.animation._frames import Frames
from gdexplain.animation._panels import combine, epoch_panel, fit_panel, new_figure, status_line
from gdexplain.history import History


def animate_fit(
    history: History,
    *,
    epochs: ArrayLike | None = None,
    fps: float | None = None,
    dpi: float = 100,
) -> DescentAnimation:
    """Animate the regression line over the data, beside w, b and J against epoch.

    Left, the data points and the current line :math:`\\hat y = w x + b`;
    right, three stacked panels of the slope, the intercept and the cost, each
    growing up to the current epoch.

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
    >>> history = gradient_descent(*article_data(), n_epochs=12_000)
    >>> animation = animate_fit(history)
    >>> len(animation), animation.fps
    (120, 15.0)
    >>> animation.final_state.epoch
    11900
    """
    frames = Frames.choose(history, epochs)
    figure, status_ax, fit_ax, w_ax, b_ax, J_ax = fit_layout()
    update = combine(
        status_line(status_ax, frames),
        fit_panel(fit_ax, frames, residuals=False),
        epoch_panel(w_ax, frames, history.w, style.W, "$w$"),
        epoch_panel(b_ax, frames, history.b, style.B, "$b$"),
        epoch_panel(J_ax, frames, history.cost, style.J, "$J(w, b)$"),
    )
    return DescentAnimation(figure, frames, update, fps=fps, dpi=dpi, name="fit")


def fit_layout() -> tuple[Figure, Axes, Axes, Axes, Axes, Axes]:
    """The fit animation's figure and axes: status, fit, then w, b, J stacked.

    Shared with the article's celluloid version, so both draw the same picture.
    """
    figure = new_figure(height=5.0)
    grid = figure.add_gridspec(4, 2, height_ratios=[0.35, 1, 1, 1], width_ratios=[1.25, 1])
    fit_ax = figure.add_subplot(grid[1:, 0])
    w_ax = figure.add_subplot(grid[1, 1])
    b_ax = figure.add_subplot(grid[2, 1], sharex=w_ax)
    J_ax = figure.add_subplot(grid[3, 1], sharex=w_ax)
    for ax in (w_ax, b_ax):
        ax.tick_params(labelbottom=False)
    J_ax.set_xlabel(style.LABELS["epoch"])
    return figure, figure.add_subplot(grid[0, :]), fit_ax, w_ax, b_ax, J_ax
