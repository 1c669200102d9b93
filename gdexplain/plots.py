r"""Small static figures the lessons use, so that no lesson cell is mostly plotting.

Each function draws one figure from the data (and a recorded run) with the
animations' palette, on new axes or on the axes given, and returns the axes.
The figures are sized for the lesson column and for phones: at most 5.9 in
wide at 100 dpi.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike, NDArray

from gdexplain._validation import as_points
from gdexplain.animation import style
from gdexplain.animation._landscape import Landscape
from gdexplain.history import History
from gdexplain.regression import hessian

#: Width of a lesson's static figure in inches: 590 px at 100 dpi, for phones too.
WIDTH = 5.9

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
