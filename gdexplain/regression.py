r"""The mathematics of simple linear regression: model, cost, gradient, closed form.

Everything the tutorial derives lives here, once; the training loop and the
animations call these functions and never repeat a formula.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gdexplain._validation import as_finite_array, as_finite_parameters, as_points

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
    return np.mean(residuals**2, axis=-1)


def _gradient(x: NDArray, y: NDArray, w: ArrayLike, b: ArrayLike) -> tuple[NDArray, NDArray]:
    """The gradient formula itself, without input checks (see :func:`gradient`)."""
    residuals = y - _predict(x, w, b)
    return -2.0 * np.mean(x * residuals, axis=-1), -2.0 * np.mean(residuals, axis=-1)


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
    dJ_dw, dJ_db : float or ndarray
        The two components of :math:`\nabla J`, each with the broadcast shape
        of ``w`` and ``b``.

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
    w, b : float
        Slope and intercept minimising :func:`cost`.

    Raises
    ------
    ValueError
        If ``x`` has zero variance (every ``x`` equal), where no unique line
        exists, or for the bad inputs of :func:`cost`.

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
    x_centred = x - x.mean()
    if x.max() == x.min():  # exact test: x - x.mean() may round to tiny non-zeros
        raise ValueError(
            f"x has zero variance (every x equals {x[0]!r}): the least-squares slope is undefined"
        )
    w = float(np.sum(x_centred * (y - y.mean())) / np.sum(x_centred**2))
    return w, float(np.mean(y - w * x))


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
    x, _ = as_points(x, np.zeros_like(np.asarray(x, dtype=np.float64)))
    with np.errstate(over="ignore"):  # huge x: infinite curvature, see stability_limit
        return 2.0 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1.0]])


def stability_limit(x: ArrayLike) -> float:
    r"""The largest learning rate for which batch gradient descent converges.

    Parameters
    ----------
    x : (n,) array_like
        The inputs.

    Returns
    -------
    float
        :math:`2 / \lambda_{\max}(H)`: with a learning rate above this the
        steepest direction overshoots more each epoch and the run diverges.

    Examples
    --------
    >>> from gdexplain import article_data
    >>> x, _ = article_data()
    >>> round(stability_limit(x), 4)
    0.0442
    """
    curvature = hessian(x)
    if not np.isfinite(curvature).all():
        return 0.0  # x so large that x**2 overflows: no step size is safe
    return float(2.0 / np.linalg.eigvalsh(curvature)[-1])
