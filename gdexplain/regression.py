r"""The models' mathematics: prediction, cost, gradient, Hessian, optimum.

Everything the tutorial derives lives here, once; the training loop and the
animations call these functions and never repeat a formula. One feature is a
one-dimensional ``x`` and a number ``w`` (part 1 of the course); ``p`` features
are a matrix ``x`` of shape ``(n, p)`` and a weight vector ``w`` of length ``p``,
with the same formulas written for the matrix :math:`\tilde X = (X, 1)`.

Two models share the linear score :math:`z = w \cdot x + b`, chosen by name with
``model=`` (see :data:`MODELS`): ``"linear"`` (the default) predicts :math:`z`
itself and costs the mean squared error, its formulas written here;
``"logistic"`` predicts :math:`\sigma(z)` and costs the cross-entropy, its
formulas in :mod:`gdexplain.logistic`. The public functions below check their
inputs and dispatch on the name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gdexplain import logistic
from gdexplain._validation import (
    as_data,
    as_features,
    as_finite_array,
    as_finite_parameters,
    finite_float,
    start_weights,
)

#: The models, by name: ``"linear"`` (a line or plane, the mean squared error) and
#: ``"logistic"`` (a sigmoid of the same score, the cross-entropy; 0/1 labels).
MODELS = ("linear", "logistic")

# How many residuals one vectorised evaluation may hold at once. Filling a
# 200 x 200 grid over 100,000 points at once would need 32 GB; in chunks of this
# many residuals (8 MB) the memory stays flat whatever the grid and data size.
_MAX_RESIDUALS_AT_ONCE = 1 << 20


def model_name(model: object) -> str:
    """Return ``model`` if it names one of :data:`MODELS`, or raise listing them.

    Examples
    --------
    >>> model_name("logistic")
    'logistic'
    """
    if not isinstance(model, str) or model not in MODELS:
        raise ValueError(f"unknown model {model!r}: choose one of {', '.join(map(repr, MODELS))}")
    return model


def model_data(
    x: ArrayLike, y: ArrayLike, model: str = "linear"
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The checked data for ``model``: :func:`~gdexplain._validation.as_data`, and 0/1 labels.

    Raises
    ------
    ValueError
        For an unknown model, bad data, or (logistic) labels other than 0 and 1
        or of a single class.
    """
    model = model_name(model)
    x_arr, y_arr = as_data(x, y)
    if model == "logistic":
        y_arr = logistic.as_labels(y_arr)
    return x_arr, y_arr


def predict(
    x: ArrayLike, w: ArrayLike, b: ArrayLike, *, model: str = "linear"
) -> NDArray[np.float64]:
    r"""Evaluate the model :math:`\hat y = w x + b` (with several features, :math:`X w + b`).

    Parameters
    ----------
    x : array_like
        Inputs, finite: any shape for one feature; ``(n, p)`` for ``p >= 2`` features.
    w, b : array_like
        Slope (weight) and intercept (bias), finite and broadcastable against ``x``.
        When ``x`` is ``(n, p)`` with ``p >= 2`` and ``w`` holds ``p`` weights in its
        last axis, the rows of ``x`` are points and ``b`` broadcasts against the
        other axes of ``w``; otherwise every array broadcasts as for one feature.
    model : {"linear", "logistic"}, default "linear"
        ``"logistic"`` predicts the probability :math:`p = \sigma(w x + b)` of
        the class 1 instead.

    Returns
    -------
    ndarray
        The predictions :math:`\hat y` (probabilities for the logistic model).

    Raises
    ------
    ValueError
        If an input is not finite, the shapes do not broadcast or the model
        is unknown.

    Examples
    --------
    >>> predict([0.0, 1.0, 2.0], w=3.0, b=-1.0)
    array([-1.,  2.,  5.])
    >>> predict([[1.0, -2.0], [2.0, 1.0]], w=[3.0, 3.0], b=-1.0)
    array([-4.,  8.])
    >>> predict([-1.0, 0.0, 1.0], w=2.0, b=0.0, model="logistic").round(4)
    array([0.1192, 0.5   , 0.8808])
    """
    link = logistic.sigmoid if model_name(model) == "logistic" else np.asarray
    x_arr = as_finite_array(x, "x")
    if x_arr.ndim == 2 and x_arr.shape[1] >= 2 and np.shape(w)[-1:] == x_arr.shape[1:]:
        rows, intercepts = _weight_rows(w, b, x_arr.shape[1])
        return link(_predict_rows(x_arr, rows, intercepts))
    w_arr, b_arr = as_finite_parameters(w, b)
    try:
        return link(_predict(x_arr, w_arr, b_arr))
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


def _predict_rows(x: NDArray, w: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """The model with ``p`` features, ``x @ w + b``, without input checks.

    ``x`` is ``(n, p)``; ``w`` of shape ``(..., p)`` and ``b`` of shape ``(...)``
    give predictions of shape ``(..., n)``.
    """
    as_float = np.asarray
    return as_float(w, dtype=np.float64) @ x.T + as_float(b, dtype=np.float64)[..., None]


def _model(x: NDArray, w: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """The predictions of either model: one feature (``x`` one-dimensional) or ``p``."""
    return _predict_rows(x, w, b) if x.ndim == 2 else _predict(x, w, b)


def cost(
    x: ArrayLike, y: ArrayLike, w: ArrayLike, b: ArrayLike, *, model: str = "linear"
) -> NDArray[np.float64]:
    r"""Mean squared error of the line ``w * x + b`` on the points ``(x, y)`` (or cross-entropy).

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs: one feature, or one row per point and one column per feature.
    y : (n,) array_like
        The targets. At least two points, all finite; for the logistic model
        labels 0 and 1 (or booleans), both present.
    w, b : float or array_like
        Slope and intercept. Arrays are broadcast against each other, so a
        meshgrid of ``w`` and ``b`` gives the cost over the whole grid. With
        ``p`` features, ``w`` holds the ``p`` weights in its last axis.
    model : {"linear", "logistic"}, default "linear"
        The mean squared error of the line, or the cross-entropy of the
        logistic model :math:`p = \sigma(w x + b)`.

    Returns
    -------
    float or ndarray
        :math:`J(w, b)`, with the broadcast shape of ``w`` and ``b`` (with ``p``
        features, of ``w.shape[:-1]`` and ``b``).

    Raises
    ------
    ValueError
        If the points are mismatched, fewer than two or not finite, or if
        ``w`` or ``b`` is not finite or their shapes do not broadcast; for the
        logistic model, if a label is not 0 or 1 or there is only one class.

    See Also
    --------
    gradient : The partial derivatives of this cost.

    Notes
    -----
    .. math::

       J(w, b) = \frac{1}{n} \sum_{i=1}^{n} \bigl(y_i - (w x_i + b)\bigr)^2

    With ``p`` features :math:`w x_i` is the dot product :math:`w \cdot x_i`.
    There is no factor :math:`\tfrac12`. Grids are evaluated in chunks, so the
    memory used stays bounded however many points and grid nodes there are.

    The logistic model's cost, with :math:`p_i = \sigma(w x_i + b)`, is

    .. math::

       J(w, b) = -\frac{1}{n} \sum_{i=1}^{n}
       \bigl[y_i \log p_i + (1 - y_i) \log(1 - p_i)\bigr],

    computed without overflow for any score (see :mod:`gdexplain.logistic`).

    Examples
    --------
    >>> from gdexplain import article_data
    >>> x, y = article_data()
    >>> float(cost(x, y, w=3.0, b=-1.0))
    472.5
    >>> cost(x, y, w=[3.0, -2.0], b=[-1.0, 2.0]).round(4)
    array([472.5   ,  42.6667])
    >>> X, y = article_data(part=2)
    >>> float(cost(X, y, w=[3.0, 3.0], b=-1.0))
    2501.5
    >>> round(float(cost([1.0, 2.0, 3.0], [0, 1, 0], w=0.0, b=0.0, model="logistic")), 6)
    0.693147
    """
    x, y = model_data(x, y, model)
    if x.ndim == 2:
        return _evaluate_rows(
            w, b, x, lambda w_rows, b_rows: _cost(x, y, w_rows, b_rows, model)[None]
        )[0]

    def cost_rows(w_rows: NDArray, b_rows: NDArray) -> NDArray:
        return _cost(x, y, w_rows[:, None], b_rows[:, None], model)[None]

    return _evaluate_in_chunks(w, b, x.size, cost_rows)[0]


def _cost(x: NDArray, y: NDArray, w: ArrayLike, b: ArrayLike, model: str = "linear") -> NDArray:
    """The cost formula itself, without input checks (see :func:`cost`).

    Reduces over the last axis, so ``w`` and ``b`` of shape ``(m, 1)`` give
    ``m`` costs. The training loop calls this directly: it checks its own
    values for divergence instead of raising on the first infinity.
    """
    if model == "logistic":
        return logistic.cross_entropy(_model(x, w, b), y)
    residuals = y - _model(x, w, b)
    # The sum divided by n is what np.mean computes, without its overhead per call.
    return np.add.reduce(residuals**2, axis=-1) / residuals.shape[-1]


def _gradient(
    x: NDArray, y: NDArray, w: ArrayLike, b: ArrayLike, model: str = "linear"
) -> tuple[NDArray, NDArray]:
    """The gradient formula itself, without input checks (see :func:`gradient`).

    With ``(n, p)`` inputs the weights' part is ``-2/n X^T r`` (logistic:
    ``1/n X^T (p - y)``), of shape ``(..., p)``.
    """
    if model == "logistic":
        return _mean_over_points(x, logistic.errors(_model(x, w, b), y))
    return _gradient_of_residuals(x, y - _model(x, w, b))


def _mean_over_points(x: NDArray, values: NDArray) -> tuple[NDArray, NDArray]:
    r""":math:`\tfrac1n \tilde X^\top v`: the weights' part and the intercept's, over the last axis.

    Both models' gradients have this form: :math:`v = -2 r` for the linear
    model, :math:`v = p - y` for the logistic one.
    """
    n = values.shape[-1]
    if x.ndim == 2:
        return values @ x / n, np.add.reduce(values, axis=-1) / n
    return np.add.reduce(x * values, axis=-1) / n, np.add.reduce(values, axis=-1) / n


def _gradient_of_residuals(x: NDArray, residuals: NDArray) -> tuple[NDArray, NDArray]:
    """The linear model's gradient from the residuals ``y - ŷ`` (see :func:`_gradient`)."""
    mean_w, mean_b = _mean_over_points(x, residuals)
    return -2.0 * mean_w, -2.0 * mean_b


def _cost_and_gradient_at(
    x: NDArray, y: NDArray, w: float | NDArray, b: float, model: str = "linear"
) -> tuple[float, float | NDArray[np.float64], float]:
    """:func:`_cost` and :func:`_gradient_at` from one set of scores: the loops' hot path.

    The same operations on the same residuals, so the same numbers, computed once.
    """
    if model == "logistic":
        scores = _model(x, w, b)
        J = logistic.cross_entropy(scores, y)
        dJ_dw, dJ_db = _mean_over_points(x, logistic.errors(scores, y))
    else:
        residuals = y - _model(x, w, b)
        J = np.add.reduce(residuals**2, axis=-1) / residuals.shape[-1]
        dJ_dw, dJ_db = _gradient_of_residuals(x, residuals)
    if x.ndim == 2:
        return float(J), dJ_dw, float(dJ_db)
    return float(J), float(dJ_dw), float(dJ_db)


def _gradient_at(
    x: NDArray, y: NDArray, w: float | NDArray, b: float, model: str = "linear"
) -> tuple[float | NDArray[np.float64], float]:
    """The gradient at one point: two floats for one feature; ``(p,)`` weights' part for ``p``."""
    dJ_dw, dJ_db = _gradient(x, y, w, b, model)
    if x.ndim == 2:
        return dJ_dw, float(dJ_db)
    return float(dJ_dw), float(dJ_db)


def gradient(
    x: ArrayLike, y: ArrayLike, w: ArrayLike, b: ArrayLike, *, model: str = "linear"
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""Partial derivatives of the cost (the mean squared error) with respect to ``w`` and ``b``.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs, as in :func:`cost`.
    y : (n,) array_like
        The targets.
    w, b : float or array_like
        Slope and intercept, broadcast against each other as in :func:`cost`.
    model : {"linear", "logistic"}, default "linear"
        The model whose cost is differentiated, as in :func:`cost`.

    Returns
    -------
    dJ_dw : float or ndarray
        :math:`\partial J / \partial w`, with the broadcast shape of ``w`` and ``b``;
        with ``p`` features, one partial derivative per weight in the last axis.
    dJ_db : float or ndarray
        :math:`\partial J / \partial b`, with the broadcast shape.

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

    With ``p`` features each weight's derivative is the same sum with its own
    column; with :math:`\tilde X = (X, 1)` and :math:`\theta = (w, b)` the whole
    gradient is :math:`\nabla J = \tfrac{2}{n} \tilde X^\top (\tilde X \theta - y)`.

    For the logistic model the chain rule through the sigmoid,
    :math:`\sigma' = \sigma (1 - \sigma)`, cancels against the derivative of
    the logarithms and leaves the same form with the errors :math:`p - y`:
    :math:`\nabla J = \tfrac{1}{n} \tilde X^\top (p - y)`.

    Examples
    --------
    >>> from gdexplain import article_data
    >>> x, y = article_data()
    >>> dJ_dw, dJ_db = gradient(x, y, w=3.0, b=-1.0)
    >>> float(dJ_dw), float(dJ_db)
    (193.33333333333334, 35.666666666666664)
    >>> np.allclose(gradient(x, y, w=-2.0, b=2.0), 0.0)  # the least-squares line
    True
    >>> X, y = article_data(part=2)
    >>> dJ_dw, dJ_db = gradient(X, y, w=[3.0, 3.0], b=-1.0)
    >>> dJ_dw.round(4), round(float(dJ_db), 4)
    (array([438.6667, 234.3333]), 75.0)
    >>> [round(float(part), 6) for part in gradient([1.0, 2.0, 3.0], [0, 1, 0], 0.0, 0.0,
    ...                                              model="logistic")]
    [0.333333, 0.166667]
    """
    x, y = model_data(x, y, model)
    if x.ndim == 2:

        def both_parts(w_rows: NDArray, b_rows: NDArray) -> NDArray:
            dJ_dw, dJ_db = _gradient(x, y, w_rows, b_rows, model)
            return np.vstack((dJ_dw.T, dJ_db))

        parts = _evaluate_rows(w, b, x, both_parts)
        return np.moveaxis(parts[:-1], 0, -1), parts[-1]

    def gradient_rows(w_rows: NDArray, b_rows: NDArray) -> NDArray:
        return np.stack(_gradient(x, y, w_rows[:, None], b_rows[:, None], model))

    dJ_dw, dJ_db = _evaluate_in_chunks(w, b, x.size, gradient_rows)
    return dJ_dw, dJ_db


def per_sample_gradients(
    x: ArrayLike, y: ArrayLike, w: float, b: float, *, model: str = "linear"
) -> NDArray[np.float64]:
    r"""The gradient of each point's own squared error (or cross-entropy) at one ``(w, b)``.

    Stochastic and mini-batch descent step along the mean of a few of these;
    batch gradient descent along the mean of all of them.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs, as in :func:`cost`.
    y : (n,) array_like
        The targets.
    w : float or (p,) array_like
        Slope, finite: a number for one feature, ``p`` weights for ``p``.
    b : float
        Intercept, finite.
    model : {"linear", "logistic"}, default "linear"
        The model whose per-point cost is differentiated, as in :func:`cost`.

    Returns
    -------
    (n, 2) or (n, p + 1) ndarray
        Row ``i`` is :math:`\nabla (y_i - w x_i - b)^2`, that is
        ``(dJ_i/dw, dJ_i/db)`` (each weight's part first, the intercept's last).
        Their mean is :func:`gradient`.

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

    For the logistic model :math:`\nabla J_i = \bigl((p_i - y_i) x_i,\; p_i - y_i\bigr)`.

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
    x, y = model_data(x, y, model)
    weights = start_weights(w, x)
    b = finite_float(b, "b")
    if model == "logistic":
        errors = logistic.errors(_model(x, weights, b), y)
        if x.ndim == 2:
            return np.column_stack((x * errors[:, None], errors))
        return np.column_stack((x * errors, errors))
    residuals = y - _model(x, weights, b)
    if x.ndim == 2:
        residuals = residuals[:, None]
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


def _weight_rows(w: ArrayLike, b: ArrayLike, p: int) -> tuple[NDArray, NDArray]:
    """``w`` (``p`` weights in the last axis) and ``b`` broadcast to ``(..., p)`` and ``(...)``."""
    w_arr = as_finite_array(w, "w")
    b_arr = as_finite_array(b, "b")
    if w_arr.ndim == 0 or w_arr.shape[-1] != p:
        raise ValueError(
            f"w must hold {p} weights (one per column of x) in its last axis, "
            f"got shape {w_arr.shape}"
        )
    try:
        shape = np.broadcast_shapes(w_arr.shape[:-1], b_arr.shape)
    except ValueError:
        raise ValueError(
            f"w and b must have broadcastable shapes (w's last axis holds the {p} weights), "
            f"got {w_arr.shape} and {b_arr.shape}"
        ) from None
    return np.broadcast_to(w_arr, (*shape, p)), np.broadcast_to(b_arr, shape)


def _evaluate_rows(
    w: ArrayLike,
    b: ArrayLike,
    x: NDArray[np.float64],
    evaluate: Callable[[NDArray, NDArray], NDArray],
) -> NDArray[np.float64]:
    """:func:`_evaluate_in_chunks` for ``(n, p)`` inputs: ``w`` of shape ``(..., p)``."""
    n, p = x.shape
    w_arr, b_arr = _weight_rows(w, b, p)
    flat_w, flat_b = w_arr.reshape(-1, p), b_arr.ravel()
    rows_per_chunk = max(1, _MAX_RESIDUALS_AT_ONCE // n)
    chunks = [
        evaluate(flat_w[start : start + rows_per_chunk], flat_b[start : start + rows_per_chunk])
        for start in range(0, max(flat_b.size, 1), rows_per_chunk)
    ]
    values = np.concatenate(chunks, axis=1)
    return values.reshape(values.shape[:1] + b_arr.shape)


def least_squares(x: ArrayLike, y: ArrayLike) -> tuple[Any, float]:
    r"""The closed-form least-squares line, where the gradient is zero.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs, ``x`` not all equal; with ``p`` features, no column a
        combination of the others and a constant.
    y : (n,) array_like
        The targets. At least two points, all finite.

    Returns
    -------
    w : float or (p,) ndarray
        The slope (the ``p`` weights) minimising :func:`cost`.
    b : float
        The intercept minimising :func:`cost`.

    Raises
    ------
    ValueError
        If ``x`` has zero variance (every ``x`` equal), or with ``p`` features
        its columns are collinear (constant, or a combination of others), where
        no unique minimum exists; if the slope or intercept is too large for a
        float; or for the bad inputs of :func:`cost`.

    Notes
    -----
    Setting both partial derivatives to zero and solving gives

    .. math::

       w^* = \frac{\sum_i (x_i - \bar x)(y_i - \bar y)}{\sum_i (x_i - \bar x)^2},
       \qquad b^* = \bar y - w^* \bar x .

    With ``p`` features, :math:`w^*` solves the least-squares problem of the
    centred columns on the centred ``y`` (by an orthogonal factorisation, not
    the normal equations, whose matrix squares the condition number), and
    :math:`b^* = \bar y - w^* \cdot \bar x`.

    Examples
    --------
    >>> from gdexplain import article_data
    >>> least_squares(*article_data())
    (-2.0, 2.0)
    >>> w, b = least_squares(*article_data(part=2))
    >>> w.round(8), round(b, 8)
    (array([-6.75922888, -2.07075472]), 7.23420837)
    """
    x, y = as_data(x, y)
    if x.ndim == 2:
        return _least_squares_of_features(x, y)
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


def _least_squares_of_features(
    x: NDArray[np.float64], y: NDArray[np.float64]
) -> tuple[NDArray[np.float64], float]:
    """:func:`least_squares` for ``(n, p)`` inputs, scaled exactly as the one-feature case.

    Each column is scaled by its own power of two and centred, then scaled
    again to a largest value about 1: the solve sees an ordinary problem
    whatever the columns' units, and undoing powers of two is exact.
    """
    exponents = _column_exponents(x)
    scaled = np.ldexp(x, -exponents)
    centred = scaled - np.mean(scaled, axis=0)
    spreads = _column_exponents(centred)
    units = np.ldexp(centred, -spreads)
    y_exponent, y_spread, y_unit, y_scaled = _centred_and_scaled(y)
    unit_slopes, _, _, singular_values = np.linalg.lstsq(units, y_unit, rcond=None)
    _refuse_collinear(units, singular_values)
    scaled_slopes = np.ldexp(unit_slopes, y_spread - spreads)  # of y_scaled on each scaled column
    with np.errstate(over="ignore", under="ignore"):
        w = np.ldexp(scaled_slopes, y_exponent - exponents)
        b = float(np.ldexp(np.mean(y_scaled - scaled @ scaled_slopes), y_exponent))
    if not (np.isfinite(w).all() and np.isfinite(b)):
        raise ValueError(
            f"the least-squares weights do not fit in float64 (w = {w}, b = {b:g}): rescale x or y"
        )
    return w, b


#: Centred unit columns whose smallest singular value is below this fraction of the
#: largest are collinear for float64: the minimum is not unique (or not meaningful).
_COLLINEAR = 1e-12


def _refuse_collinear(units: NDArray[np.float64], singular_values: NDArray[np.float64]) -> None:
    """Raise naming the columns involved if the centred columns are (nearly) collinear."""
    n, p = units.shape
    if singular_values.size == p and singular_values[-1] > _COLLINEAR * singular_values[0]:
        return
    constant = [j for j in range(p) if not np.any(units[:, j])]
    if constant:
        what = f"column {constant[0]} of x is constant (it duplicates the intercept b)"
    else:
        # The combination of columns that is (nearly) zero: the last right singular vector.
        null = np.linalg.svd(units)[2][-1] if n > p else np.ones(p)
        involved = np.flatnonzero(np.abs(null) > 1e-6 * np.max(np.abs(null)))
        what = (
            f"columns {', '.join(map(str, involved))} of x are collinear (one is a "
            "combination of the others and a constant)"
        )
    too_few = f"; {n} points cannot fix {p + 1} parameters" if n <= p else ""
    raise ValueError(f"{what}: the cost has no unique minimum{too_few}; drop or combine columns")


def _column_exponents(values: NDArray[np.float64]) -> NDArray[np.int64]:
    """The binary exponent of each column's largest magnitude (0 for a column of zeros)."""
    return np.frexp(np.max(np.abs(values), axis=0))[1].astype(np.int64)


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


def hessian(
    x: ArrayLike,
    w: ArrayLike | None = None,
    b: float | None = None,
    *,
    model: str = "linear",
) -> NDArray[np.float64]:
    r"""The Hessian of the cost with respect to ``(w, b)``: constant for the linear model.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs; the Hessian does not depend on ``y``.
    w : float or (p,) array_like, optional
        The point, for the logistic model (whose curvature changes from point
        to point); the linear model's is the same everywhere, so it is not needed.
    b : float, optional
        The intercept of the point, likewise.
    model : {"linear", "logistic"}, default "linear"
        The model whose cost is differentiated twice.

    Returns
    -------
    (2, 2) or (p + 1, p + 1) ndarray
        :math:`H = \frac{2}{n} \begin{pmatrix} \sum x_i^2 & \sum x_i \\
        \sum x_i & n \end{pmatrix}`; with ``p`` features
        :math:`H = \frac{2}{n} \tilde X^\top \tilde X` with
        :math:`\tilde X = (X, 1)`: the weights first, the intercept last.
        For the logistic model
        :math:`H = \frac{1}{n} \tilde X^\top \operatorname{diag}(p (1 - p)) \tilde X`
        at the point ``(w, b)``.

    Raises
    ------
    ValueError
        If ``x**2`` overflows: then the curvature is infinite, and no
        learning rate can work on the data until ``x`` is rescaled; or for
        the logistic model without a point ``(w, b)``, or an unknown model.

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
    >>> X, _ = article_data(part=2)
    >>> np.linalg.eigvalsh(hessian(X)).round(4)
    array([ 0.3057, 11.1782, 52.8495])
    >>> hessian([-1.0, 1.0], w=0.0, b=0.0, model="logistic")
    array([[0.25, 0.  ],
           [0.  , 0.25]])
    """
    x = as_features(x)
    if model_name(model) == "logistic":
        if w is None or b is None:
            raise ValueError(
                "the logistic model's Hessian depends on the point: pass w and b, "
                "for example hessian(x, w, b, model='logistic')"
            )
        return _logistic_hessian(x, start_weights(w, x), finite_float(b, "b"))
    if x.ndim == 2:
        return _hessian_of_features(x)
    return 2.0 * np.array([[_mean_square(x), np.mean(x)], [np.mean(x), 1.0]])


def _hessian_of_features(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """:func:`hessian` for ``(n, p)`` inputs, each column scaled exactly so no product overflows."""
    exponents = np.append(_column_exponents(x), 0)
    design = np.column_stack((np.ldexp(x, -exponents[:-1]), np.ones(len(x))))
    with np.errstate(over="ignore", under="ignore"):
        H = 2.0 * np.ldexp(design.T @ design / len(x), exponents[:, None] + exponents[None, :])
    if not np.isfinite(H).all():
        raise ValueError(
            f"x**2 overflows float64 (the largest |x| is {np.max(np.abs(x)):.3g}): the cost's "
            "curvature is infinite and no learning rate can work; rescale x, for example "
            "divide each column by its standard deviation"
        )
    return H


def _logistic_hessian(x: NDArray[np.float64], w: Any, b: float) -> NDArray[np.float64]:
    """:func:`hessian` of the cross-entropy at ``(w, b)``, columns scaled exactly as the linear's."""
    columns = x if x.ndim == 2 else x[:, None]
    exponents = np.append(_column_exponents(columns), 0)
    design = np.column_stack((np.ldexp(columns, -exponents[:-1]), np.ones(len(x))))
    # Each row weighted by the root of p(1 - p): the product of a matrix with its own
    # transpose, which NumPy computes exactly symmetric.
    rooted = design * np.sqrt(logistic.curvature_weights(_model(x, w, b)))[:, None]
    with np.errstate(over="ignore", under="ignore"):
        H = np.ldexp(rooted.T @ rooted / len(x), exponents[:, None] + exponents[None, :])
    if not np.isfinite(H).all():
        raise ValueError(
            f"x**2 overflows float64 (the largest |x| is {np.max(np.abs(x)):.3g}): the cost's "
            "curvature is infinite; rescale x, for example divide each column by its "
            "standard deviation"
        )
    return H


def optimum(x: ArrayLike, y: ArrayLike, *, model: str = "linear") -> tuple[Any, float]:
    r"""The exact minimiser of the cost: least squares, or Newton's method for the logistic model.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs.
    y : (n,) array_like
        The targets; for the logistic model labels 0 and 1 (or booleans),
        both present.
    model : {"linear", "logistic"}, default "linear"
        The model whose cost is minimised.

    Returns
    -------
    w : float or (p,) ndarray
        The slope (the ``p`` weights) minimising :func:`cost`.
    b : float
        The intercept minimising :func:`cost`.

    Raises
    ------
    ValueError
        For the linear model, as :func:`least_squares`. For the logistic model:
        bad labels or a single class; linearly separable classes (the message
        says "separable"), where the cost falls towards 0 as the weights grow
        and has no finite minimum; or collinear columns.

    Notes
    -----
    The linear model's minimum is :func:`least_squares`. The logistic model's
    has no closed form: Newton's method (iteratively reweighted least squares)
    solves :math:`H \Delta = -\nabla J` at each step and converges
    quadratically, to machine precision in a few dozen steps (see
    :func:`gdexplain.logistic.newton_optimum`). Each column of ``x`` is first
    scaled by a power of two, exactly, so the steps see numbers about 1.

    Examples
    --------
    >>> from gdexplain import article_data, classification_data
    >>> optimum(*article_data())
    (-2.0, 2.0)
    >>> w, b = optimum(*classification_data(), model="logistic")
    >>> round(w, 6), round(b, 6)
    (1.047755, -3.093864)
    """
    if model_name(model) == "linear":
        return least_squares(x, y)
    x, y = model_data(x, y, model)
    columns = x if x.ndim == 2 else x[:, None]
    exponents = _column_exponents(columns)
    design = np.column_stack((np.ldexp(columns, -exponents), np.ones(len(x))))
    theta = logistic.newton_optimum(design, y)
    with np.errstate(over="ignore", under="ignore"):
        w = np.ldexp(theta[:-1], -exponents)
    if not np.isfinite(w).all():
        raise ValueError("the logistic optimum's weights do not fit in float64: rescale x")
    if x.ndim == 1:
        return float(w[0]), float(theta[-1])
    return w, float(theta[-1])


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
