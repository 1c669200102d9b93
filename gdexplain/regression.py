r"""The mathematics of simple linear regression: model, cost, gradient, closed form.

Everything the tutorial derives lives here, once; the training loop and the
animations call these functions and never repeat a formula.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gdexplain._validation import (
    as_finite_array,
    as_finite_parameters,
    as_inputs,
    as_points,
    finite_float,
)

# How many residuals one vectorised evaluation may hold at once. Filling a
# 200 x 200 grid over 100,000 points at once would need 32 GB; in chunks of this
# many residuals (8 MB) the memory stays flat whatever the grid and data size.
_MAX_RESIDUALS_AT_ONCE = 1 << 20


def predict(x: ArrayLike, w: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    r"""Evaluate the model :math:`\hat y = w x + b`.

    Parameters
    ----------
    x : array_like
        Inputs, finite.
    w, b : array_like
        Slope (weight) and intercept (bias), finite and broadcastable against ``x``.

    Returns
    -------
    ndarray
        The predictions :math:`\hat y`.

    Raises
    ------
    ValueError
        If an input is not finite or the shapes do not broadcast.

    Examples
    --------
    >>> predict([0.0, 1.0, 2.0], w=3.0, b=-1.0)
    array([-1.,  2.,  5.])
    """
    x_arr = as_finite_array(x, "x")
    w_arr, b_arr = as_finite_parameters(w, b)
    try:
        return _predict(x_arr, w_arr, b_arr)
    except ValueError:
        raise ValueError(
            f"x, w and b must have broadcastable shapes, got {x_arr.shape}, "
            f"{w_arr.shape} and {b_arr.shape}"
        ) from None


def _predict(x: ArrayLike, w: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """The model's formula itself, ``w * x + b``, without input checks (see :func:`predict`).

    The training loop and the cost use this directly: inside a diverging run
    ``w`` may be infinite, which the loop reports itself.
    """
    as_float = np.asarray
    return as_float(w, dtype=np.float64) * as_float(x, dtype=np.float64) + as_float(
        b, dtype=np.float64
    )


def cost(x: ArrayLike, y: ArrayLike, w: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    r"""Mean squared error of the line ``w * x + b`` on the points ``(x, y)``.

    Parameters
    ----------
    x, y : (n,) array_like
        The data points; at least two, all finite.
    w, b : float or array_like
        Slope and intercept. Arrays are broadcast against each other, so a
        meshgrid of ``w`` and ``b`` gives the cost over the whole grid.

    Returns
    -------
    float or ndarray
        :math:`J(w, b)`, with the broadcast shape of ``w`` and ``b``.

    Raises
    ------
    ValueError
        If the points are mismatched, fewer than two or not finite, or if
        ``w`` or ``b`` is not finite or their shapes do not broadcast.

    See Also
    --------
    gradient : The partial derivatives of this cost.

    Notes
    -----
    .. math::

       J(w, b) = \frac{1}{n} \sum_{i=1}^{n} \bigl(y_i - (w x_i + b)\bigr)^2

    There is no factor :math:`\tfrac12`. Grids are evaluated in chunks, so the
    memory used stays bounded however many points and grid nodes there are.

    Examples
    --------
    >>> from gdexplain import article_data
    >>> x, y = article_data()
    >>> float(cost(x, y, w=3.0, b=-1.0))
    472.5
    >>> cost(x, y, w=[3.0, -2.0], b=[-1.0, 2.0]).round(4)
    array([472.5   ,  42.6667])
    """
    x, y = as_points(x, y)

    def cost_rows(w_rows: NDArray, b_rows: NDArray) -> NDArray:
        return _cost(x, y, w_rows[:, None], b_rows[:, None])[None]

    return _evaluate_in_chunks(w, b, x.size, cost_rows)[0]


def _cost(x: NDArray, y: NDArray, w: ArrayLike, b: ArrayLike) -> NDArray:
    """The cost formula itself, without input checks (see :func:`cost`).

    Reduces over the last axis, so ``w`` and ``b`` of shape ``(m, 1)`` give
    ``m`` costs. The training loop calls this directly: it checks its own
    values for divergence instead of raising on the first infinity.
    """
    residuals = y - _predict(x, w, b)
    # The sum divided by n is what np.mean computes, without its overhead per call.
    return np.add.reduce(residuals**2, axis=-1) / residuals.shape[-1]


def _gradient(x: NDArray, y: NDArray, w: ArrayLike, b: ArrayLike) -> tuple[NDArray, NDArray]:
    """The gradient formula itself, without input checks (see :func:`gradient`)."""
    residuals = y - _predict(x, w, b)
    n = residuals.shape[-1]
    return (
        -2.0 * (np.add.reduce(x * residuals, axis=-1) / n),
        -2.0 * (np.add.reduce(residuals, axis=-1) / n),
    )


def gradient(
    x: ArrayLike, y: ArrayLike, w: ArrayLike, b: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""Partial derivatives of the mean squared error with respect to ``w`` and ``b``.

    Parameters
    ----------
    x, y : (n,) array_like
        The data points; at least two, all finite.
    w, b : float or array_like
        Slope and intercept, broadcast against each other as in :func:`cost`.

    Returns
    -------
    dJ_dw : float or ndarray
        :math:`\partial J / \partial w`, with the broadcast shape of ``w`` and ``b``.
    dJ_db : float or ndarray
        :math:`\partial J / \partial b`, with the same shape.

    Raises
    ------
    ValueError
        For the same bad inputs as :func:`cost`.

    See Also
    --------
    cost : The function being differentiated.

    Notes
    -----
    With the residuals :math:`r_i = y_i - (w x_i + b)`, the chain rule gives

    .. math::

       \frac{\partial J}{\partial w} = -\frac{2}{n} \sum_{i=1}^{n} x_i r_i,
       \qquad
       \frac{\partial J}{\partial b} = -\frac{2}{n} \sum_{i=1}^{n} r_i .

    Examples
    --------
    >>> from gdexplain import article_data
    >>> x, y = article_data()
    >>> dJ_dw, dJ_db = gradient(x, y, w=3.0, b=-1.0)
    >>> float(dJ_dw), float(dJ_db)
    (193.33333333333334, 35.666666666666664)
    >>> np.allclose(gradient(x, y, w=-2.0, b=2.0), 0.0)  # the least-squares line
    True
    """
    x, y = as_points(x, y)

    def gradient_rows(w_rows: NDArray, b_rows: NDArray) -> NDArray:
        return np.stack(_gradient(x, y, w_rows[:, None], b_rows[:, None]))

    dJ_dw, dJ_db = _evaluate_in_chunks(w, b, x.size, gradient_rows)
    return dJ_dw, dJ_db


def per_sample_gradients(x: ArrayLike, y: ArrayLike, w: float, b: float) -> NDArray[np.float64]:
    r"""The gradient of each point's own squared error at one line ``(w, b)``.

    Stochastic and mini-batch descent step along the mean of a few of these;
    batch gradient descent along the mean of all of them.

    Parameters
    ----------
    x, y : (n,) array_like
        The data points; at least two, all finite.
    w, b : float
        Slope and intercept, finite.

    Returns
    -------
    (n, 2) ndarray
        Row ``i`` is :math:`\nabla (y_i - w x_i - b)^2`, that is
        ``(dJ_i/dw, dJ_i/db)``. Their mean is :func:`gradient`.

    Raises
    ------
    ValueError, TypeError
        For the bad data of :func:`cost`, or a ``w`` or ``b`` that is not a
        finite number.

    Notes
    -----
    With the residual :math:`r_i = y_i - (w x_i + b)`,

    .. math::

       \nabla J_i = \bigl(-2 x_i r_i,\; -2 r_i\bigr),
       \qquad \nabla J = \frac{1}{n} \sum_{i=1}^{n} \nabla J_i .

    Examples
    --------
    >>> from gdexplain import article_data
    >>> x, y = article_data()
    >>> per_sample_gradients(x, y, w=3.0, b=-1.0)[:2]
    array([[-4., -4.],
           [68., 34.]])
    >>> per_sample_gradients(x, y, w=3.0, b=-1.0).mean(axis=0).round(4)
    array([193.3333,  35.6667])
    """
    x, y = as_points(x, y)
    w = finite_float(w, "w")
    b = finite_float(b, "b")
    residuals = y - _predict(x, w, b)
    return np.column_stack((-2.0 * x * residuals, -2.0 * residuals))


def _evaluate_in_chunks(
    w: ArrayLike,
    b: ArrayLike,
    n_points: int,
    evaluate: Callable[[NDArray, NDArray], NDArray],
) -> NDArray[np.float64]:
    """Apply ``evaluate`` to flat chunks of the (w, b) pairs and restore their shape.

    ``evaluate(w_rows, b_rows)`` returns an array of shape ``(k, len(w_rows))``;
    the result has shape ``(k, *broadcast_shape)``, so indexing it with ``[0]``
    gives a NumPy scalar when ``w`` and ``b`` are scalars.
    """
    w_arr, b_arr = as_finite_parameters(w, b)
    flat_w, flat_b = w_arr.ravel(), b_arr.ravel()
    rows_per_chunk = max(1, _MAX_RESIDUALS_AT_ONCE // n_points)
    chunks = [
        evaluate(flat_w[start : start + rows_per_chunk], flat_b[start : start + rows_per_chunk])
        for start in range(0, max(flat_w.size, 1), rows_per_chunk)
    ]
    values = np.concatenate(chunks, axis=1)
    return values.reshape(values.shape[:1] + w_arr.shape)


def least_squares(x: ArrayLike, y: ArrayLike) -> tuple[float, float]:
    r"""The closed-form least-squares line, where the gradient is zero.

    Parameters
    ----------
    x, y : (n,) array_like
        The data points; at least two, all finite, ``x`` not all equal.

    Returns
    -------
    w : float
        The slope minimising :func:`cost`.
    b : float
        The intercept minimising :func:`cost`.

    Raises
    ------
    ValueError
        If ``x`` has zero variance (every ``x`` equal), where no unique line
        exists; if the slope or intercept is too large for a float; or for
        the bad inputs of :func:`cost`.

    Notes
    -----
    Setting both partial derivatives to zero and solving gives

    .. math::

       w^* = \frac{\sum_i (x_i - \bar x)(y_i - \bar y)}{\sum_i (x_i - \bar x)^2},
       \qquad b^* = \bar y - w^* \bar x .

    Examples
    --------
    >>> from gdexplain import article_data
    >>> least_squares(*article_data())
    (-2.0, 2.0)
    """
    x, y = as_points(x, y)
    if x.max() == x.min():  # exact test: x - x.mean() may round to tiny non-zeros
        raise ValueError(
            f"x has zero variance (every x equals {x[0]!r}): the least-squares slope is undefined"
        )
    # Centre and scale both variables before solving: the squares of x = 1e200
    # overflow and those of x = 1e-200 underflow, but the scaled problem is an
    # ordinary one. Scaling by powers of two is exact, so on ordinary data the
    # answer is bit for bit that of the textbook formula.
    x_exponent, x_spread, x_unit, x_scaled = _centred_and_scaled(x)
    y_exponent, y_spread, y_unit, y_scaled = _centred_and_scaled(y)
    unit_slope = float(np.sum(x_unit * y_unit) / np.sum(x_unit**2))
    scaled_slope = np.ldexp(unit_slope, y_spread - x_spread)  # slope of y_scaled on x_scaled
    with np.errstate(over="ignore", under="ignore"):
        w = float(np.ldexp(scaled_slope, y_exponent - x_exponent))
        b = float(np.ldexp(np.mean(y_scaled - scaled_slope * x_scaled), y_exponent))
    if not (np.isfinite(w) and np.isfinite(b)):
        raise ValueError(
            f"the least-squares line does not fit in float64 (slope {unit_slope:g} * "
            f"2**{int(y_spread - x_spread + y_exponent - x_exponent)}): rescale x or y"
        )
    return w, b


def _centred_and_scaled(values: NDArray) -> tuple[int, int, NDArray, NDArray]:
    """Scale ``values`` exactly by powers of two, into ``scaled`` and its centred ``unit``.

    Returns ``(exponent, spread, unit, scaled)`` with ``scaled = values * 2**-exponent``
    (all below 1 in size) and ``unit = (scaled - mean(scaled)) * 2**-spread``
    (the largest about 1), so nothing overflows or underflows on the way.
    """
    exponent = int(np.frexp(np.max(np.abs(values)))[1])
    scaled = np.ldexp(values, -exponent)
    centred = scaled - np.mean(scaled)
    spread = int(np.frexp(np.max(np.abs(centred)))[1])
    return exponent, spread, np.ldexp(centred, -spread), scaled


def hessian(x: ArrayLike) -> NDArray[np.float64]:
    r"""The (constant) Hessian of the cost with respect to ``(w, b)``.

    Parameters
    ----------
    x : (n,) array_like
        The inputs; the Hessian does not depend on ``y``.

    Returns
    -------
    (2, 2) ndarray
        :math:`H = \frac{2}{n} \begin{pmatrix} \sum x_i^2 & \sum x_i \\
        \sum x_i & n \end{pmatrix}`.

    Raises
    ------
    ValueError
        If ``x**2`` overflows: then the curvature is infinite, and no
        learning rate can work on the data until ``x`` is rescaled.

    Notes
    -----
    The cost is exactly quadratic in ``(w, b)``, so its curvature is the same
    everywhere. The eigenvalues of ``H`` are the curvatures along the valley's
    axes; their ratio, the condition number, says how long and narrow the
    valley is.

    Examples
    --------
    >>> from gdexplain import article_data
    >>> x, _ = article_data()
    >>> np.linalg.eigvalsh(hessian(x)).round(3)
    array([ 0.395, 45.272])
    """
    x = as_inputs(x)
    return 2.0 * np.array([[_mean_square(x), np.mean(x)], [np.mean(x), 1.0]])


def _mean_square(x: NDArray) -> float:
    """``mean(x**2)`` without spurious overflow; refused when the value itself overflows."""
    exponent = int(np.frexp(np.max(np.abs(x)))[1])  # exact scaling by a power of two
    with np.errstate(over="ignore", under="ignore"):
        value = float(np.ldexp(np.mean(np.ldexp(x, -exponent) ** 2), 2 * exponent))
    if not np.isfinite(value):
        raise ValueError(
            f"x**2 overflows float64 (the largest |x| is {np.max(np.abs(x)):.3g}): the cost's "
            "curvature is infinite and no learning rate can work; rescale x, for example "
            "divide it by its standard deviation"
        )
    return value


def _variance(x: NDArray) -> float:
    """The population variance of ``x``, without spurious overflow or underflow."""
    exponent = int(np.frexp(np.max(np.abs(x)))[1])
    with np.errstate(under="ignore"):
        return float(np.ldexp(np.var(np.ldexp(x, -exponent)), 2 * exponent))
