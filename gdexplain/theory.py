r"""Why gradient descent moves as it does: step sizes, rates and the exact path.

The cost :math:`J(w, b)` of simple linear regression is exactly quadratic, so
its Hessian :math:`H` is constant and gradient descent is a linear map of the
error :math:`e = \theta - \theta^*`, with :math:`\theta = (w, b)`:

.. math::

   e_{k+1} = (I - \alpha H)\, e_k, \qquad e_k = (I - \alpha H)^k e_0 .

Everything here follows from the eigenvalues of :math:`H`, the curvatures of
the valley along its axes: two for one feature, :math:`p + 1` for ``p``
features, where :math:`\theta = (w_1, \dots, w_p, b)`. Nothing here steps an
optimiser: the tests check each prediction against a run.

All of it is for the linear model. Each function takes ``model=`` only to
refuse ``"logistic"`` by name: the cross-entropy is not quadratic, its Hessian
(:func:`gdexplain.hessian` with ``model="logistic"``) changes from point to
point, and no closed form gives its path, its limits or its rates.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from gdexplain._validation import (
    as_data,
    as_features,
    count,
    finite_float,
    flag,
    momentum_value,
    positive_float,
    start_weights,
)
from gdexplain.divergence import DIVERGENCE_FACTOR, DivergenceError
from gdexplain.history import History
from gdexplain.regression import _variance, cost, hessian, least_squares, model_name


def _linear_only(model: str, function: str) -> None:
    """Raise, in one line, unless ``model`` is the linear model (an unknown name lists them)."""
    if model_name(model) != "linear":
        raise ValueError(
            f"{function} is for the linear model only: the {model} cost is not quadratic, "
            "its Hessian changes from point to point (see hessian(x, w, b, "
            f"model={model!r}) for the curvature at a point)"
        )


class MomentumSettings(NamedTuple):
    r"""The best fixed settings of a momentum method on a quadratic, and the rate they give.

    Parameters
    ----------
    learning_rate : float
        The step size :math:`\alpha`.
    momentum : float
        The momentum :math:`\beta`.
    rate : float
        The factor by which the distance to the minimum shrinks per epoch.
    """

    learning_rate: float
    momentum: float
    rate: float


def curvatures(x: ArrayLike, *, model: str = "linear") -> tuple[float, ...]:
    r"""The eigenvalues of the cost's Hessian, smallest first.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs; the curvature does not depend on ``y``.
    model : {"linear"}, default "linear"
        Only the linear model: any other is refused by name (see the module's note).

    Returns
    -------
    tuple of float
        Two for one feature, :math:`p + 1` for ``p``, increasing: the first is
        :math:`\lambda_{\min}`, the curvature along the valley's long axis
        (0 when every ``x`` is equal, or columns are collinear); the last is
        :math:`\lambda_{\max}`, the curvature across the valley.

    Raises
    ------
    ValueError
        If ``x`` is bad data, or ``x**2`` overflows (see :func:`hessian`).

    Notes
    -----
    The larger root of the characteristic polynomial has no cancellation;
    the smaller follows from :math:`\lambda_{\min} \lambda_{\max} = \det H =
    4 \operatorname{var}(x)`, computed from centred ``x``, so it stays
    accurate however narrow the valley is. With ``p`` features they are the
    eigenvalues of the symmetric matrix :math:`H`, accurate to about
    :math:`10^{-16} \lambda_{\max}` each.

    Examples
    --------
    >>> from gdexplain import article_data
    >>> x, _ = article_data()
    >>> [round(value, 4) for value in curvatures(x)]
    [0.3951, 45.2715]
    >>> X, _ = article_data(part=2)
    >>> [round(value, 4) for value in curvatures(X)]
    [0.3057, 11.1782, 52.8495]
    """
    _linear_only(model, "curvatures")
    x = as_features(x)
    if x.ndim == 2:
        # Rounding can make a flat direction's eigenvalue a tiny negative number.
        return tuple(float(max(value, 0.0)) for value in np.linalg.eigvalsh(hessian(x)))
    H = hessian(x)
    half_gap = float(np.hypot((H[0, 0] - H[1, 1]) / 2, H[0, 1]))
    largest = float((H[0, 0] + H[1, 1]) / 2 + half_gap)
    return 4.0 * _variance(x) / largest, largest


def condition_number(x: ArrayLike, *, model: str = "linear") -> float:
    r"""How long and narrow the cost's valley is: :math:`\kappa = \lambda_{\max} / \lambda_{\min}`.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs.
    model : {"linear"}, default "linear"
        Only the linear model: any other is refused by name (see the module's note).

    Returns
    -------
    float
        :math:`\kappa \ge 1`; infinite when every ``x`` is equal (or columns are
        collinear).

    Examples
    --------
    >>> from gdexplain import article_data
    >>> x, _ = article_data()
    >>> round(condition_number(x), 2), round(condition_number(x - x.mean()), 2)
    (114.57, 4.47)
    >>> X, _ = article_data(part=2)
    >>> round(condition_number(X), 2)
    172.88
    """
    _linear_only(model, "condition_number")
    values = curvatures(x)
    smallest, largest = values[0], values[-1]
    return largest / smallest if smallest > 0 else float("inf")


def stability_limit(
    x: ArrayLike, momentum: float = 0.0, *, nesterov: bool = False, model: str = "linear"
) -> float:
    r"""The largest learning rate for which gradient descent (with momentum) converges.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs.
    momentum : float, default 0.0
        The momentum :math:`\beta`, in :math:`[0, 1)`; 0 for plain gradient descent.
    nesterov : bool, default False
        The limit of Nesterov's method instead of the heavy ball's.
    model : {"linear"}, default "linear"
        Only the linear model: any other is refused by name (see the module's note).

    Returns
    -------
    float
        :math:`2/\lambda_{\max}` for plain gradient descent,
        :math:`2(1+\beta)/\lambda_{\max}` for the heavy ball and
        :math:`2(1+\beta)/((1+2\beta)\lambda_{\max})` for Nesterov. Above it
        the steepest direction overshoots more each epoch and the run diverges.

    Raises
    ------
    ValueError, TypeError
        For bad ``x`` (see :func:`curvatures`) or a momentum outside ``[0, 1)``.

    Notes
    -----
    Along an eigenvector with curvature :math:`\lambda`, write
    :math:`h = \alpha\lambda`. The heavy ball's error and velocity evolve
    with the characteristic polynomial :math:`z^2 - (1 + \beta - h) z + \beta`,
    Nesterov's with :math:`z^2 - (1+\beta)(1-h) z + \beta(1-h)`. Both roots
    lie inside the unit circle (the Jury conditions) exactly when
    :math:`0 < h < 2 + 2\beta` for the heavy ball and
    :math:`0 < h < (2 + 2\beta)/(1 + 2\beta)` for Nesterov.

    Examples
    --------
    >>> from gdexplain import article_data
    >>> x, _ = article_data()
    >>> round(stability_limit(x), 4)
    0.0442
    >>> round(stability_limit(x, momentum=0.5), 4), round(stability_limit(x, 0.5, nesterov=True), 4)
    (0.0663, 0.0331)
    """
    _linear_only(model, "stability_limit")
    momentum = momentum_value(momentum)
    largest = curvatures(x)[-1]
    damping = 1.0 + 2.0 * momentum if flag(nesterov, "nesterov") else 1.0
    return 2.0 * (1.0 + momentum) / (damping * largest)


def optimal_learning_rate(x: ArrayLike, *, model: str = "linear") -> float:
    r"""The fixed learning rate with which gradient descent converges fastest.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs.
    model : {"linear"}, default "linear"
        Only the linear model: any other is refused by name (see the module's note).

    Returns
    -------
    float
        :math:`\alpha^* = 2/(\lambda_{\min} + \lambda_{\max})`, where the slow
        and fast directions shrink by the same factor
        :math:`(\kappa - 1)/(\kappa + 1)` per epoch, one of them flipping sign.

    Raises
    ------
    ValueError
        For bad ``x`` (see :func:`curvatures`).

    Notes
    -----
    For one feature :math:`\lambda_{\min} + \lambda_{\max} = \operatorname{tr} H =
    2(\overline{x^2} + 1)`, so :math:`\alpha^* = 1/(\overline{x^2} + 1)`. With
    ``p`` features the middle curvatures shrink by less than the extreme two.

    Examples
    --------
    >>> from gdexplain import article_data
    >>> x, _ = article_data()
    >>> round(optimal_learning_rate(x), 7)
    0.0437956
    """
    _linear_only(model, "optimal_learning_rate")
    values = curvatures(x)
    return 2.0 / (values[0] + values[-1])


def convergence_rate(
    x: ArrayLike,
    learning_rate: float,
    momentum: float = 0.0,
    *,
    nesterov: bool = False,
    model: str = "linear",
) -> float:
    r"""The factor by which the distance to the minimum shrinks per epoch, in the long run.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs.
    learning_rate : float
        The step size :math:`\alpha`, positive.
    momentum : float, default 0.0
        The momentum :math:`\beta`, in :math:`[0, 1)`.
    nesterov : bool, default False
        The rate of Nesterov's method instead of the heavy ball's.
    model : {"linear"}, default "linear"
        Only the linear model: any other is refused by name (see the module's note).

    Returns
    -------
    float
        The spectral radius of one epoch's linear map: below 1 the run
        converges, above 1 it diverges. For plain gradient descent it is
        :math:`\max_i |1 - \alpha \lambda_i|`.

    Raises
    ------
    ValueError, TypeError
        For bad ``x``, a non-positive learning rate or a momentum outside ``[0, 1)``.

    Notes
    -----
    With momentum, each eigen-direction contributes the larger modulus of the
    two roots of its characteristic polynomial (see :func:`stability_limit`).

    Examples
    --------
    >>> from gdexplain import article_data
    >>> x, _ = article_data()
    >>> round(convergence_rate(x, 0.001), 7)
    0.9996049
    >>> round(convergence_rate(x, optimal_learning_rate(x)), 5)
    0.98269
    """
    _linear_only(model, "convergence_rate")
    learning_rate = positive_float(learning_rate, "learning_rate")
    momentum = momentum_value(momentum)
    with np.errstate(over="ignore"):  # a step so large that alpha * lambda overflows: rate inf
        h = learning_rate * np.array(curvatures(x))
        if not np.isfinite(h).all():
            return float("inf")
        if flag(nesterov, "nesterov"):
            linear, constant = (1.0 + momentum) * (1.0 - h), momentum * (1.0 - h)
        else:
            linear, constant = 1.0 + momentum - h, np.full_like(h, momentum)
        # The roots of z**2 - linear z + constant, found for the polynomial scaled to
        # coefficients at most 1, so that squaring a huge h cannot overflow into NaN.
        scale = np.maximum(1.0, np.maximum(np.abs(linear), np.sqrt(np.abs(constant))))
        p, q = linear / scale, constant / scale**2
        root = np.sqrt((p**2 - 4.0 * q).astype(complex))
        return float(np.max(scale * np.abs([(p + root) / 2, (p - root) / 2])))


def optimal_momentum(
    x: ArrayLike, *, nesterov: bool = False, model: str = "linear"
) -> MomentumSettings:
    r"""The fixed learning rate and momentum that converge fastest on these data.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs.
    nesterov : bool, default False
        The settings for Nesterov's method instead of the heavy ball's.
    model : {"linear"}, default "linear"
        Only the linear model: any other is refused by name (see the module's note).

    Returns
    -------
    MomentumSettings
        ``(learning_rate, momentum, rate)``.

    Raises
    ------
    ValueError
        For bad ``x``; every ``x`` equal (no valley to tune for); or a valley so
        narrow that the best settings round to ones :func:`gdexplain.momentum_descent`
        refuses (a momentum of 1, a step at the stability limit).

    Notes
    -----
    With :math:`\kappa = \lambda_{\max}/\lambda_{\min}`, Polyak's heavy ball is
    fastest at

    .. math::

       \alpha = \Bigl(\frac{2}{\sqrt{\lambda_{\min}} + \sqrt{\lambda_{\max}}}\Bigr)^2,
       \quad \beta = \Bigl(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\Bigr)^2,
       \quad \text{rate } \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1},

    and Nesterov's method (Lessard, Recht and Packard, 2016) at

    .. math::

       \alpha = \frac{4}{3\lambda_{\max} + \lambda_{\min}},
       \quad \beta = \frac{\sqrt{3\kappa + 1} - 2}{\sqrt{3\kappa + 1} + 2},
       \quad \text{rate } 1 - \frac{2}{\sqrt{3\kappa + 1}} .

    The heavy ball's settings make Nesterov's method diverge on most data:
    its stability limit is lower (see :func:`stability_limit`).

    Examples
    --------
    >>> from gdexplain import article_data
    >>> x, _ = article_data()
    >>> [round(value, 4) for value in optimal_momentum(x)]
    [0.0739, 0.6874, 0.8291]
    >>> [round(value, 4) for value in optimal_momentum(x, nesterov=True)]
    [0.0294, 0.8055, 0.8923]
    """
    _linear_only(model, "optimal_momentum")
    values = curvatures(x)
    smallest, largest = values[0], values[-1]
    if smallest <= 0:
        raise ValueError("every x is equal: the cost has no valley to tune momentum for")
    nesterov = flag(nesterov, "nesterov")
    kappa = largest / smallest
    if nesterov:
        root = np.sqrt(3.0 * kappa + 1.0)
        settings = MomentumSettings(
            4.0 / (3.0 * largest + smallest),
            float((root - 2.0) / (root + 2.0)),
            float(1.0 - 2.0 / root),
        )
    else:
        rate = (np.sqrt(kappa) - 1.0) / (np.sqrt(kappa) + 1.0)
        learning_rate = (2.0 / (np.sqrt(smallest) + np.sqrt(largest))) ** 2
        settings = MomentumSettings(float(learning_rate), float(rate**2), float(rate))
    # The best step lies below the stability limit by a margin of about 1/kappa, and the
    # best momentum below 1 by about 1/sqrt(kappa): lost to rounding in a narrow valley.
    if settings.momentum >= 1.0 or settings.learning_rate >= stability_limit(
        x, settings.momentum, nesterov=nesterov
    ):
        raise ValueError(
            f"the valley of these x is too narrow (condition number {kappa:.3g}) for the best "
            "momentum settings to exist in double precision: the best momentum rounds to 1 "
            "or the best step to the stability limit, which momentum_descent refuses; "
            "centre x (subtract its mean) first"
        )
    return settings


def exact_path(
    x: ArrayLike,
    y: ArrayLike,
    *,
    learning_rate: float = 0.001,
    w: float | ArrayLike = 3.0,
    b: float = -1.0,
    n_epochs: int = 12_000,
    allow_divergence: bool = False,
    model: str = "linear",
) -> History:
    r"""Gradient descent's whole path from the closed form, without stepping.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs; ``x`` not all equal, no column collinear with others.
    y : (n,) array_like
        The targets; at least two points, all finite.
    learning_rate : float, default 0.001
        The step size :math:`\alpha`, positive.
    w : float or (p,) array_like, default 3.0
        The starting slope; with ``p`` features ``p`` weights, or one number
        for them all.
    b : float, default -1.0
        The starting intercept.
    n_epochs : int, default 12_000
        How many epochs to compute after the start.
    allow_divergence : bool, default False
        Above the stability limit, return the path up to the epoch where the
        cost passes ``DIVERGENCE_FACTOR`` (:math:`10^6`) times its start, as
        :func:`gdexplain.gradient_descent` does, instead of refusing.
    model : {"linear"}, default "linear"
        Only the linear model: any other is refused by name (see the module's note).

    Returns
    -------
    History
        The same record as :func:`gdexplain.gradient_descent`, equal to it up
        to rounding, labelled ``"exact path, α = ..."``.

    Raises
    ------
    ValueError, TypeError
        For the bad inputs of :func:`gdexplain.gradient_descent`, or every
        ``x`` equal or collinear columns (no unique minimum).
    gdexplain.DivergenceError
        Above the stability limit, unless ``allow_divergence``.

    Notes
    -----
    With :math:`H = Q \Lambda Q^\top` and :math:`e_0 = \theta_0 - \theta^*`,

    .. math::

       \theta_k = \theta^* + Q (I - \alpha\Lambda)^k Q^\top e_0,
       \qquad J_k = J^* + \tfrac12 e_k^\top H e_k,
       \qquad \nabla J_k = H e_k .

    Each eigen-direction shrinks (or flips and shrinks) by its own factor
    :math:`1 - \alpha\lambda_i`: a straight line on a log scale.

    Examples
    --------
    >>> from gdexplain import article_data, gradient_descent
    >>> x, y = article_data()
    >>> path = exact_path(x, y, n_epochs=12_000)
    >>> print(f"w = {path.final.w:.6f}, b = {path.final.b:.6f}, J = {path.final.cost:.6f}")
    w = -1.993587, b = 1.966698, J = 42.666894
    >>> run = gradient_descent(x, y, n_epochs=12_000)
    >>> bool(np.allclose(path.w, run.w, rtol=1e-9) and np.allclose(path.b, run.b, rtol=1e-9))
    True
    """
    _linear_only(model, "exact_path")
    x, y = as_data(x, y)
    learning_rate = positive_float(learning_rate, "learning_rate")
    start = np.append(start_weights(w, x), finite_float(b, "b"))
    n_epochs = count(n_epochs, "n_epochs", minimum=0)
    allow_divergence = flag(allow_divergence, "allow_divergence")
    limit = stability_limit(x)
    if learning_rate > limit and not allow_divergence:
        raise DivergenceError(learning_rate, limit)

    w_star, b_star = least_squares(x, y)
    minimum = np.append(w_star, b_star)
    lowest_cost = float(cost(x, y, w_star, b_star))
    H = hessian(x)
    eigenvalues, Q = np.linalg.eigh(H)
    start_error = Q.T @ (start - minimum)  # the start's error along each eigenvector
    epochs = np.arange(n_epochs + 1)
    with np.errstate(over="ignore", invalid="ignore"):
        factors = (1.0 - learning_rate * eigenvalues)[:, None] ** epochs  # (p + 1, n_epochs + 1)
        modes = start_error[:, None] * factors
        errors = Q @ modes
        costs = lowest_cost + 0.5 * np.sum(eigenvalues[:, None] * modes**2, axis=0)
        gradients = H @ errors
    values = np.vstack((minimum[:, None] + errors, costs, gradients))
    diverged = None
    if allow_divergence:
        finite = np.isfinite(values).all(axis=0)
        too_high = ~finite | (costs > DIVERGENCE_FACTOR * costs[0])
        if too_high.any():
            diverged = int(np.argmax(too_high))
            last = diverged + 1 if finite[diverged] else diverged
            values, epochs = values[:, :last], epochs[:last]
    # Rows: the weights, b, J, the weights' partial derivatives, dJ/db.
    k = minimum.size - 1
    w_path, dJ_dw = values[:k], values[k + 2 : 2 * k + 2]
    b_path, costs, dJ_db = values[k], values[k + 1], values[-1]
    if x.ndim == 1:
        w_path, dJ_dw = w_path[0], dJ_dw[0]
    return History(
        x=x,
        y=y,
        epoch=epochs,
        w=w_path.T,
        b=b_path,
        cost=costs,
        dJ_dw=dJ_dw.T,
        dJ_db=dJ_db,
        label=f"exact path, α = {learning_rate:g}",
        diverged=diverged,
    )


def epochs_to_tolerance(
    x: ArrayLike,
    y: ArrayLike,
    *,
    learning_rate: float,
    w: float | ArrayLike = 3.0,
    b: float = -1.0,
    tolerance: float = 1e-6,
    model: str = "linear",
) -> int:
    r"""The first epoch at which gradient descent is within ``tolerance`` of the minimum.

    Predicted from the closed form (see :func:`exact_path`), without running.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs; ``x`` not all equal, no column collinear with others.
    y : (n,) array_like
        The targets.
    learning_rate : float
        The step size, below the stability limit.
    w : float or (p,) array_like, default 3.0
        The starting slope (weights), as in :func:`exact_path`.
    b : float, default -1.0
        The starting intercept.
    tolerance : float, default 1e-6
        The distance :math:`\lVert \theta_k - \theta^* \rVert` to reach.
    model : {"linear"}, default "linear"
        Only the linear model: any other is refused by name (see the module's note).

    Returns
    -------
    int
        The smallest :math:`k` with :math:`\lVert e_k \rVert < \text{tolerance}`.

    Raises
    ------
    ValueError, TypeError
        For bad inputs, or a learning rate at which the run never gets there
        (at or above the stability limit).

    Notes
    -----
    :math:`\lVert e_k \rVert^2 = \sum_i c_i^2 (1 - \alpha\lambda_i)^{2k}`
    decreases with :math:`k` when every :math:`|1 - \alpha\lambda_i| < 1`, so
    a bisection between 0 and the bound
    :math:`\log(\text{tolerance}/\lVert e_0 \rVert) / \log \rho` finds it.
    The rate alone gives only that bound: the slow direction usually starts
    with less than the whole error.

    Examples
    --------
    >>> from gdexplain import article_data, optimal_learning_rate
    >>> x, y = article_data()
    >>> epochs_to_tolerance(x, y, learning_rate=0.001)
    38395
    >>> epochs_to_tolerance(x, y, learning_rate=optimal_learning_rate(x))
    893
    >>> X, y = article_data(part=2)
    >>> epochs_to_tolerance(X, y, learning_rate=0.001), epochs_to_tolerance(
    ...     X, y, learning_rate=optimal_learning_rate(X)
    ... )
    (52621, 1420)
    """
    _linear_only(model, "epochs_to_tolerance")
    x, y = as_data(x, y)
    learning_rate = positive_float(learning_rate, "learning_rate")
    start = np.append(start_weights(w, x), finite_float(b, "b"))
    tolerance = positive_float(tolerance, "tolerance")
    rate = convergence_rate(x, learning_rate)
    if rate >= 1.0:
        raise ValueError(
            f"learning_rate={learning_rate:g} never gets within {tolerance:g}: the "
            f"distance shrinks by a factor {rate:.6g} per epoch (the stability limit is "
            f"{stability_limit(x):.4g})"
        )
    eigenvalues, Q = np.linalg.eigh(hessian(x))
    start_error = Q.T @ (start - np.append(*least_squares(x, y)))
    factors = np.abs(1.0 - learning_rate * eigenvalues)

    def within(k: int) -> bool:
        return bool(np.hypot.reduce(start_error * factors**k) < tolerance)

    low, high = 0, 1
    while not within(high):  # doubling, then bisection: O(log k) evaluations
        low, high = high, 2 * high
    if within(low):
        return low
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if within(middle) else (middle, high)
    return high


__all__ = [
    "MomentumSettings",
    "condition_number",
    "convergence_rate",
    "curvatures",
    "epochs_to_tolerance",
    "exact_path",
    "optimal_learning_rate",
    "optimal_momentum",
    "stability_limit",
]
