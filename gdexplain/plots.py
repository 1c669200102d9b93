r"""Small static figures the lessons draw, so that a lesson's cell shows the idea, not the set-up.

Each function draws on matplotlib axes and returns what it drew, so a page keeps control of its
layout and titles. Colours come from :mod:`gdexplain.animation.style`, the palette of the
animations. Figures are sized for the lesson column and for phones: at most 5.9 in wide at
100 dpi.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
from numpy.typing import ArrayLike, NDArray

from gdexplain._validation import as_points
from gdexplain.animation import style
from gdexplain.animation._landscape import Landscape
from gdexplain.history import History
from gdexplain.regression import cost, hessian, least_squares, per_sample_gradients, predict
from gdexplain.theory import curvatures, epochs_to_tolerance, stability_limit

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.contour import QuadContourSet
    from matplotlib.lines import Line2D

__all__ = [
    "at_epoch_ends",
    "cost_contours",
    "curvature_by_direction",
    "directional_curvature",
    "distance_curves",
    "per_sample_steps",
    "sigmoid_fit",
    "stability_map",
    "valley_axes",
]

#: Width of a lesson's static figure in inches: 590 px at 100 dpi, for phones too.
WIDTH = 5.9

#: The horizontal axis' label for one feature.
LABELS_X = style.LABELS["x"]

# -- Curvature: the valley's two axes (why_slow/plot_01_curvature) ---------------------------

#: The valley's steep axis (across it) and its shallow axis (along its floor).
STEEP, SHALLOW = style.RUNS[2], style.RUNS[1]


def valley_axes(history: History, *, ax: Axes | None = None) -> Axes:
    r"""Draw the contour map of the cost with the valley's two axes through its minimum.

    The axes are the eigenvectors of the Hessian :math:`H`: the steep one,
    across the valley, and the shallow one, along its floor; the legend gives
    the cost's curvature along each (the eigenvalues). The run's path and the
    minimum are drawn on top. Both axes of the map have the same scale, so the
    valley's axes are drawn at right angles, as they are.

    Parameters
    ----------
    history : History
        A run on the data; its path is drawn, and the map spans it.
    ax : Axes, optional
        Where to draw; by default new axes, 5.9 in wide.

    Returns
    -------
    Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If every ``x`` of the history is equal: the cost then has no single
        minimum, and no valley to draw.
    """
    landscape = Landscape.of(history.x, history.y)
    if ax is None:
        _, ax = plt.subplots(figsize=(WIDTH, 5.6), layout="constrained")
    centre = np.array([landscape.w_star, landscape.b_star])
    path = np.column_stack([history.w, history.b])
    low, high = np.min([*path, centre], axis=0), np.max([*path, centre], axis=0)
    pad = 0.15 * np.max(high - low)
    (w0, b0), (w1, b1) = low - pad, high + pad
    w, b, above = landscape.grid((w0, w1), (b0, b1), 200)
    levels = Landscape.levels(float(above.max()))
    ax.contourf(w, b, above, levels=levels, norm=Landscape.norm(levels), cmap=style.COST_MAP)
    curvature, directions = np.linalg.eigh(landscape.curvature)
    reach = np.hypot(w1 - w0, b1 - b0)  # long enough to cross the whole map
    for value, direction, color, name in zip(
        curvature, directions.T, (SHALLOW, STEEP), ("shallow", "steep"), strict=True
    ):
        ends = centre + np.outer([-reach, reach], direction)
        ax.plot(*ends.T, color=color, lw=2.5, label=f"{name} axis: curvature {value:.4g}")
    ax.plot(history.w, history.b, color=style.PATH, lw=1.5, label="the run's path")
    ax.plot(*centre, "*", color=style.MINIMUM, mec="black", ms=14, label="minimum")
    ax.set(xlim=(w0, w1), ylim=(b0, b1), xlabel=style.LABELS["w"], ylabel=style.LABELS["b"])
    ax.set_aspect("equal")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
    return ax


def curvature_by_direction(x: ArrayLike, *, ax: Axes | None = None) -> Axes:
    r"""Plot the cost's curvature in every direction of the :math:`(w, b)` plane.

    Walk from any point in the direction :math:`u = (\cos\varphi, \sin\varphi)`
    and the cost is a parabola whose second derivative is
    :math:`u^\top H u`. This draws it against the angle :math:`\varphi`, on a
    log axis, and marks the directions of the :math:`w` and :math:`b` axes
    and of the largest and smallest curvature (the eigenvalues of :math:`H`).

    Parameters
    ----------
    x : (n,) array_like
        The inputs; the curvature does not depend on ``y``.
    ax : Axes, optional
        Where to draw; by default new axes, 5.9 in wide.

    Returns
    -------
    Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If ``x`` is bad data (see :func:`gdexplain.hessian`) or all its values
        are equal (a curvature of zero has no place on a log axis).
    """
    x, _ = as_points(x, np.zeros(np.size(x)))
    H = hessian(x)
    curvature, directions = np.linalg.eigh(H)
    if curvature[0] <= 0:
        raise ValueError("every x is equal: the cost is flat along one direction")
    if ax is None:
        _, ax = plt.subplots(figsize=(WIDTH, 3.8), layout="constrained")
    degrees = np.linspace(0.0, 180.0, 721)
    ax.plot(degrees, directional_curvature(H, degrees), color=style.J, lw=2)
    marks = {"w axis": 0.0, "b axis": 90.0}
    for value, direction, color, name in zip(
        curvature, directions.T, (SHALLOW, STEEP), ("shallow", "steep"), strict=True
    ):
        angle = float(np.degrees(np.arctan2(direction[1], direction[0])) % 180.0)
        ax.axhline(value, color=color, lw=1, ls=":")
        ax.plot(angle, value, "o", color=color, ms=9, label=f"{name} axis: {value:.4g}")
    for name, angle in marks.items():
        value = float(directional_curvature(H, np.array([angle]))[0])
        ax.plot(angle, value, "s", color=style.DATA, ms=6)
        ax.annotate(f"{name}: {value:.3g}", (angle, value), (8, -16), textcoords="offset points")
    ax.set(
        yscale="log",
        xlim=(0, 180),
        ylim=(curvature[0] / 2, curvature[1] * 2),
        xticks=np.arange(0, 181, 45),
        xlabel="direction φ in the (w, b) plane (degrees)",
        ylabel="curvature $u^\\top H u$",
    )
    ax.legend(loc="lower right")
    return ax


def directional_curvature(H: ArrayLike, degrees: ArrayLike) -> NDArray[np.float64]:
    r"""Compute the curvature :math:`u^\top H u` along the unit directions at ``degrees``.

    Parameters
    ----------
    H : (2, 2) array_like
        A symmetric matrix: the Hessian of the cost.
    degrees : array_like
        Angles of the directions :math:`u = (\cos\varphi, \sin\varphi)`, in degrees.

    Returns
    -------
    ndarray
        One curvature per angle, of the shape of ``degrees``.

    Examples
    --------
    >>> directional_curvature([[4.0, 0.0], [0.0, 1.0]], [0.0, 90.0, 45.0]).round(6)
    array([4. , 1. , 2.5])
    """
    H = np.asarray(H, dtype=np.float64)
    phi = np.radians(np.asarray(degrees, dtype=np.float64))
    c, s = np.cos(phi), np.sin(phi)
    return H[0, 0] * c**2 + 2 * H[0, 1] * c * s + H[1, 1] * s**2


# -- The step size, the exact path, feature scaling, momentum, stochastic descent ------------------------------


def cost_contours(
    ax: Axes,
    x: ArrayLike,
    y: ArrayLike,
    *,
    w_limits: tuple[float, float],
    b_limits: tuple[float, float],
    n_levels: int = 14,
    depth: float = 3e3,
) -> QuadContourSet:
    r"""Draw the cost's contour lines over a window of the :math:`(w, b)` plane.

    The levels are spaced evenly in :math:`\log(J - J^*)`, from the window's
    highest value down to ``depth`` times lower, so that the floor of a
    narrow valley and its steep walls both get lines. The minimum is marked
    with a star when it lies in the window.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    x, y : (n,) array_like
        The data, which define the cost.
    w_limits, b_limits : tuple of float
        The window: the lowest and highest slope, the lowest and highest intercept.
    n_levels : int, default 14
        How many contour lines.
    depth : float, default 3e3
        The ratio of the highest level to the lowest, above :math:`J^*`.

    Returns
    -------
    matplotlib.contour.QuadContourSet
        The contour lines.

    Raises
    ------
    ValueError
        If a window's limits are not increasing, or ``n_levels`` is below 2.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from gdexplain import article_data
    >>> fig, ax = plt.subplots()
    >>> lines = cost_contours(ax, *article_data(), w_limits=(-5, 5), b_limits=(-10, 10))
    >>> len(lines.levels)
    14
    >>> plt.close(fig)
    """
    for name, (low, high) in (("w_limits", w_limits), ("b_limits", b_limits)):
        if not low < high:
            raise ValueError(f"{name} must be (low, high) with low < high, got {(low, high)}")
    if n_levels < 2:
        raise ValueError(f"n_levels must be at least 2, got {n_levels}")
    w_grid, b_grid = np.meshgrid(np.linspace(*w_limits, 200), np.linspace(*b_limits, 200))
    w_star, b_star = least_squares(x, y)
    above = cost(x, y, w_grid, b_grid) - cost(x, y, w_star, b_star)
    top = float(above.max())
    lines = ax.contour(
        w_grid,
        b_grid,
        above,
        levels=np.geomspace(top / depth, top, n_levels),
        cmap=style.COST_MAP,
        linewidths=0.8,
    )
    if w_limits[0] <= w_star <= w_limits[1] and b_limits[0] <= b_star <= b_limits[1]:
        ax.plot(w_star, b_star, "*", color=style.MINIMUM, mec="black", ms=14, label="minimum")
    ax.set(xlabel=style.LABELS["w"], ylabel=style.LABELS["b"])
    return lines


def distance_curves(
    ax: Axes, runs: Sequence[History], *, colours: Sequence[str] = style.RUNS
) -> list[Line2D]:
    r"""Plot each run's distance :math:`\lVert\theta - \theta^*\rVert` to the minimum, log scale.

    The horizontal axis is in epochs (passes over the data), whatever the
    run counts, so that stochastic and batch runs line up.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    runs : sequence of History
        The runs, each labelled with its ``label`` in the legend.
    colours : sequence of str, default the palette's ``RUNS``
        One colour per run, in order.

    Returns
    -------
    list of matplotlib.lines.Line2D
        One curve per run.

    Raises
    ------
    ValueError
        If there are more runs than colours.
    """
    if len(runs) > len(colours):
        raise ValueError(f"{len(runs)} runs but only {len(colours)} colours")
    curves = [
        ax.semilogy(run.epochs_elapsed, run.distance_to_minimum(), color=colour, label=run.label)[
            0
        ]
        for run, colour in zip(runs, colours, strict=False)
    ]
    ax.set(xlabel="epoch", ylabel=r"distance to the minimum $\|\theta - \theta^*\|$")
    return curves


def per_sample_steps(
    ax: Axes,
    x: ArrayLike,
    y: ArrayLike,
    w: float,
    b: float,
    *,
    learning_rate: float,
    batch: ArrayLike,
) -> NDArray[np.float64]:
    r"""Draw the step each point alone would take from ``(w, b)``, and two of their means.

    Thin arrows: each point's own step :math:`-\alpha g_i`, labelled with its
    :math:`x`; thick: their mean over all the points (the batch step);
    dashed: their mean over ``batch`` (one mini-batch step). Over the cost's
    contour lines (:func:`cost_contours`), in a window that holds every arrow.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    x, y : (n,) array_like
        The data.
    w, b : float
        Where the steps leave from.
    learning_rate : float
        The step size :math:`\alpha`.
    batch : array_like of int
        The indices of the points of the mini-batch drawn.

    Returns
    -------
    (n, 2) ndarray
        Each point's own step :math:`(\Delta w, \Delta b)`.
    """
    steps = -learning_rate * per_sample_gradients(x, y, w, b)
    reach = 1.3 * np.abs(steps).max(axis=0)
    cost_contours(
        ax, x, y, w_limits=(w - reach[0], w + reach[0]), b_limits=(b - reach[1], b + reach[1])
    )
    for i, (d_w, d_b) in enumerate(steps):
        _arrow(ax, (w, b), (d_w, d_b), colour=style.DATA)
        ax.annotate(f"x = {np.asarray(x)[i]:g}", (w + d_w, b + d_b))
    _arrow(ax, (w, b), steps.mean(axis=0), colour=style.CURRENT, width=3)
    _arrow(ax, (w, b), steps[np.asarray(batch)].mean(axis=0), colour=style.W, width=2, dashed=True)
    ax.plot([], [], color=style.DATA, label="one point's step")
    ax.plot([], [], color=style.CURRENT, linewidth=3, label="batch step (mean of all)")
    ax.plot([], [], color=style.W, linewidth=2, linestyle="--", label="mini-batch step")
    return steps


def _arrow(
    ax: Axes,
    start: tuple[float, float],
    step: ArrayLike,
    *,
    colour: str,
    width: float = 1.0,
    dashed: bool = False,
) -> None:
    """Draw one step in the (w, b) plane as an arrow from ``start``."""
    w, b = start
    d_w, d_b = np.asarray(step, dtype=float)
    ax.annotate(
        "",
        (w + d_w, b + d_b),
        (w, b),
        arrowprops={
            "arrowstyle": "-|>",
            "color": colour,
            "linewidth": width,
            "linestyle": "--" if dashed else "-",
            "shrinkA": 0,
            "shrinkB": 0,
        },
    )


def stability_map(
    ax: Axes,
    x: ArrayLike,
    y: ArrayLike,
    tried: ArrayLike,
    measured: ArrayLike,
    *,
    tolerance: float = 1e-6,
) -> NDArray[np.float64]:
    r"""Draw the epochs gradient descent needs against the learning rate: predicted and measured.

    The curve is :func:`gdexplain.epochs_to_tolerance` for 300 steps from
    :math:`10^{-4}` to just below the stability limit; the dots are the
    measured runs. Shaded: the steps that slide down both directions
    (:math:`\alpha < 1/\lambda_{\max}`), those that zigzag across the valley
    and those that diverge (above :math:`2/\lambda_{\max}`).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    x, y : (n,) array_like
        The data; the start is the article's, :math:`(3, -1)`.
    tried : (m,) array_like
        The learning rates of the measured runs.
    measured : (m,) array_like
        Each run's first epoch within ``tolerance`` of the minimum.
    tolerance : float, default 1e-6
        The distance to the minimum counted as arrived, a power of ten.

    Returns
    -------
    (300,) ndarray
        The learning rates of the predicted curve.
    """
    limit = stability_limit(x)
    _, largest = curvatures(x)
    steps = np.geomspace(1e-4, limit * (1 - 1e-6), 300)
    predicted = [epochs_to_tolerance(x, y, learning_rate=a, tolerance=tolerance) for a in steps]
    for low, high, name, colour in (
        (1e-4, 1 / largest, "slides", style.J),
        (1 / largest, limit, "zigzags", style.B),
        (limit, 2 * limit, "diverges", style.CURRENT),
    ):
        ax.axvspan(low, high, color=colour, alpha=0.15)
        ax.text(np.sqrt(low * high), 2e5, name, ha="center", rotation=90 if low > 1e-4 else 0)
    ax.plot(steps, predicted, color="black", label="predicted")
    ax.plot(tried, measured, "o", color=style.W, label="measured run")
    ax.set(
        xscale="log",
        yscale="log",
        xlim=(1e-4, 2 * limit),
        ylim=(10, 1e6),
        xlabel=r"learning rate $\alpha$",
        ylabel=rf"epochs to $\|\theta - \theta^*\| < 10^{{{np.log10(tolerance):.0f}}}$",
    )
    return steps


def at_epoch_ends(history: History) -> History:
    """The states of a stochastic or mini-batch run at the end of each epoch, counted in epochs.

    Runs with different batch sizes make different numbers of updates per
    epoch; taken at the ends of epochs they can share one animation, epoch
    for epoch (the same work: every point's gradient once per epoch).

    Parameters
    ----------
    history : History
        A run recorded update by update, with ``updates_per_epoch`` set.

    Returns
    -------
    History
        Every ``updates_per_epoch``-th state, with ``epoch`` counting epochs
        and ``updates_per_epoch`` 1; the same label.

    Examples
    --------
    >>> from gdexplain import article_data, stochastic_descent
    >>> run = stochastic_descent(*article_data(), learning_rate=0.01, n_epochs=3, seed=0)
    >>> len(run), len(at_epoch_ends(run)), at_epoch_ends(run).epoch.tolist()
    (19, 4, [0, 1, 2, 3])
    """
    ends = slice(None, None, history.updates_per_epoch)
    return replace(
        history,
        epoch=history.epoch[ends] // history.updates_per_epoch,
        w=history.w[ends],
        b=history.b[ends],
        cost=history.cost[ends],
        dJ_dw=history.dJ_dw[ends],
        dJ_db=history.dJ_db[ends],
        diverged=None
        if history.diverged is None
        else history.diverged // history.updates_per_epoch,
        updates_per_epoch=1,
    )


# -- Classification: the sigmoid over 0/1 labels (classification/plot_01_logistic_regression) --


def sigmoid_fit(
    x: ArrayLike,
    y: ArrayLike,
    w: float,
    b: float,
    *,
    ax: Axes | None = None,
    label: str | None = None,
    xlabel: str = LABELS_X,
) -> Line2D:
    r"""Draw the 0/1 points and the logistic model's probability curve :math:`\sigma(w x + b)`.

    The points sit at heights 0 and 1, the curve between them; a dotted line
    marks where the curve crosses 1/2, at :math:`x = -b/w`, the model's boundary
    between its two answers.

    Parameters
    ----------
    x : (n,) array_like
        One feature.
    y : (n,) array_like
        The labels, 0 or 1.
    w, b : float
        The model's weight and intercept.
    ax : Axes, optional
        Where to draw; by default new axes, 5.9 in wide. Call again on the same
        axes to add another curve.
    label : str, optional
        The curve's legend entry; by default its ``w`` and ``b``.
    xlabel : str, default "$x$"
        The horizontal axis' label.

    Returns
    -------
    Line2D
        The curve.
    """
    x, y = as_points(x, y)
    if ax is None:
        _, ax = plt.subplots(figsize=(WIDTH, 3.4), layout="constrained")
    ax.scatter(x, y, s=style.DATA_MARKER_SIZE**2, color=style.DATA, zorder=3)
    grid = np.linspace(x.min() - 0.1 * np.ptp(x), x.max() + 0.1 * np.ptp(x), 400)
    text = label if label is not None else f"$w = {w:.3g}$, $b = {b:.3g}$"
    (curve,) = ax.plot(grid, predict(grid, w, b, model="logistic"), label=text)
    if w != 0 and grid[0] < -b / w < grid[-1]:
        ax.axvline(-b / w, color=curve.get_color(), ls=":", lw=1)
    ax.axhline(0.5, color=style.DATA, lw=0.5, alpha=0.4)
    ax.set(xlabel=xlabel, ylabel="$p$ (probability of 1)", ylim=(-0.08, 1.08))
    ax.legend(loc="best")
    return curve
