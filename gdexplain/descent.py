"""The optimisers, each written to be read as the lesson it is.

Batch gradient descent, momentum (heavy ball and Nesterov) and stochastic or
mini-batch descent. Each loop records the state before every update in a
:class:`~gdexplain.History`; their theory (limits, rates, best settings)
lives in :mod:`gdexplain.theory`. Each takes one feature (a number ``w``) or
``p`` features (an ``(n, p)`` ``x`` and a vector ``w``): the same lines of
update, on a float or on an array. Each takes ``model="linear"`` (the default)
or ``"logistic"``: the loop is the same, only the cost and its gradient change
(see :mod:`gdexplain.regression`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gdexplain._validation import (
    count,
    finite_float,
    flag,
    momentum_value,
    positive_float,
    start_weights,
)

#: A start's slope: a number for one feature, ``p`` numbers (array_like) for ``p``. Typed
#: ``Any`` because the loops below read the same whether it becomes a float or an array.
Weights = Any
from gdexplain.divergence import DIVERGENCE_FACTOR, DivergenceError
from gdexplain.history import History
from gdexplain.regression import _cost_and_gradient_at, _gradient_at, model_data
from gdexplain.theory import stability_limit


class _Recorder:
    """Records the state before each update and watches it for divergence.

    The optimisers' loops read ``for _ in run.updates(): ... run.record(w, b)``:
    the loop ends after ``n_updates`` updates, or at divergence.
    """

    def __init__(
        self,
        x: NDArray[np.float64],
        y: NDArray[np.float64],
        n_updates: int,
        *,
        learning_rate: float,
        limit: float | None,
        method: str,
        allow_divergence: bool,
        unit: str = "epoch",
        model: str = "linear",
    ) -> None:
        self.x, self.y, self.model = x, y, model
        self.unit = unit  # what one update is called in messages: an epoch, or an update
        weights = x.shape[1:]  # () for one feature, (p,) for p
        self.w = np.empty((n_updates + 1, *weights))
        self.dJ_dw = np.empty((n_updates + 1, *weights))
        self.values = np.empty((3, n_updates + 1))  # b, cost, dJ_db
        self.n_recorded = 0
        self.diverged: int | None = None
        self.learning_rate, self.limit, self.method = learning_rate, limit, method
        self.allow_divergence = allow_divergence

    def updates(self) -> Iterator[int]:
        """Count the states to record, stopping early if the run diverged."""
        for index in range(len(self.w)):
            if self.diverged is not None:
                return
            yield index

    def record(self, w: Any, b: float) -> tuple[Any, float]:
        """Record the state at ``(w, b)``; return the gradient of the cost on all the data.

        ``w`` and the gradient's first part are floats for one feature, ``(p,)``
        arrays for ``p``.
        """
        index = self.n_recorded
        J, dJ_dw, dJ_db = _cost_and_gradient_at(self.x, self.y, w, b, self.model)
        finite = all(map(math.isfinite, (b, J, dJ_db))) and all(
            map(math.isfinite, (w, dJ_dw)) if self.x.ndim == 1 else map(_all_finite, (w, dJ_dw))
        )
        if index == 0 and not finite:
            overflowing = "squared residuals" if self.model == "linear" else "scores w·x + b"
            raise ValueError(
                f"the cost at the start (w={_numbers(w)}, b={b:g}) is not a finite number: the "
                f"{overflowing} overflow float64; rescale the data or start nearer them"
            )
        if finite:
            self.w[index], self.dJ_dw[index] = w, dJ_dw
            self.values[:, index] = (b, J, dJ_db)
            self.n_recorded += 1
        # The rule every optimiser shares: a run has diverged once its cost passes
        # DIVERGENCE_FACTOR times the start, or stops being a finite number.
        if not finite or J > DIVERGENCE_FACTOR * self.values[1, 0] > 0:
            if not self.allow_divergence:
                raise DivergenceError(
                    self.learning_rate,
                    self.limit,
                    index,
                    method=self.method,
                    unit=self.unit,
                    finite=finite,
                )
            self.diverged = index
        return dJ_dw, dJ_db

    def record_vector(self, theta: NDArray[np.float64]) -> NDArray[np.float64]:
        """Record the state at ``θ = (w..., b)``; return the gradient as one vector, like θ."""
        w = theta[:-1] if self.x.ndim == 2 else theta[0]
        return np.append(*self.record(w, theta[-1]))

    def history(self, label: str, updates_per_epoch: int = 1) -> History:
        b, J, dJ_db = self.values[:, : self.n_recorded]
        return History(
            x=self.x,
            y=self.y,
            epoch=np.arange(self.n_recorded),
            w=self.w[: self.n_recorded],
            b=b,
            cost=J,
            dJ_dw=self.dJ_dw[: self.n_recorded],
            dJ_db=dJ_db,
            label=label,
            diverged=self.diverged,
            updates_per_epoch=updates_per_epoch,
            model=self.model,
        )


def _stability_limit(
    x: NDArray[np.float64], model: str, momentum: float = 0.0, *, nesterov: bool = False
) -> float | None:
    """The linear model's stability limit; ``None`` for the logistic model.

    The logistic cost is not quadratic: its curvature changes from point to
    point, so no learning rate is refused up front; the recorder still stops
    (or refuses) a run whose cost explodes.
    """
    if model == "logistic":
        return None
    return stability_limit(x, momentum, nesterov=nesterov)


def _all_finite(values: NDArray[np.float64]) -> bool:
    return bool(np.isfinite(values).all())


def _numbers(w: Any) -> str:
    """A weight, or the weights of several features, for a message: ``3`` or ``(3, 3)``."""
    if np.ndim(w) == 0:
        return f"{w:g}"
    return "(" + ", ".join(f"{value:g}" for value in w) + ")"


def gradient_descent(
    x: ArrayLike,
    y: ArrayLike,
    *,
    learning_rate: float = 0.001,
    w: Weights = 3.0,
    b: float = -1.0,
    n_epochs: int = 12_000,
    allow_divergence: bool = False,
    model: str = "linear",
) -> History:
    r"""Fit ``y ≈ w * x + b`` by batch gradient descent on the mean squared error.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs: one feature, or one row per point and one column per
        feature. Copied, never modified.
    y : (n,) array_like
        The targets; at least two points, all finite.
    learning_rate : float, default 0.001
        The step size :math:`\alpha`, positive.
    w : float or (p,) array_like, default 3.0
        The starting slope (the article's); with ``p`` features ``p`` weights,
        or one number for them all.
    b : float, default -1.0
        The starting intercept (the article's).
    n_epochs : int, default 12_000
        How many updates to make; zero records only the start.
    allow_divergence : bool, default False
        Run even above the stability limit, to show the divergence: the run
        stops at the first epoch whose cost passes
        ``gdexplain.divergence.DIVERGENCE_FACTOR`` (:math:`10^6`) times the
        starting cost, or is no longer finite, and ``history.diverged`` says
        which epoch that was. Every recorded value is finite.
    model : {"linear", "logistic"}, default "linear"
        The line (plane) and the mean squared error, or the logistic model
        and the cross-entropy, whose labels ``y`` are 0 or 1 (see
        :func:`gdexplain.cost`).

    Returns
    -------
    History
        ``n_epochs + 1`` entries (fewer if the run diverged): entry ``k`` is
        the state after ``k`` updates, recorded before the next one. With
        ``p`` features ``history.w`` has one column per weight.

    Raises
    ------
    ValueError, TypeError
        For bad data (see :func:`gdexplain.cost`), a non-positive learning
        rate, a non-finite start, a negative or non-integer epoch count, a
        start whose cost overflows, or ``x`` so large that ``x**2``
        overflows (where no learning rate can work: rescale ``x``).
    DivergenceError
        Unless ``allow_divergence``: if the learning rate is above
        :func:`gdexplain.stability_limit` of the data, where every step
        overshoots further, or if the run diverges anyway (its cost passes
        ``DIVERGENCE_FACTOR`` times the start, or stops being finite). The
        message names the limit. The logistic model has no single limit (its
        curvature changes from point to point): its runs are only watched.

    Notes
    -----
    Each epoch uses every point ("batch") to compute the gradient, then moves
    against it:

    .. math::

       w \leftarrow w - \alpha \frac{\partial J}{\partial w}, \qquad
       b \leftarrow b - \alpha \frac{\partial J}{\partial b}.

    With ``p`` features the first line updates every weight at once.

    Examples
    --------
    >>> from gdexplain import article_data
    >>> history = gradient_descent(*article_data(), n_epochs=12_000)
    >>> final = history.final
    >>> print(f"w = {final.w:.6f}, b = {final.b:.6f}, J = {final.cost:.6f}")
    w = -1.993587, b = 1.966698, J = 42.666894

    Above the stability limit (about 0.0442 here) a run can be recorded
    until it blows up:

    >>> diverging = gradient_descent(
    ...     *article_data(), learning_rate=0.05, n_epochs=1000, allow_divergence=True
    ... )
    >>> diverging.diverged, len(diverging)
    (30, 31)

    The article's part 2, two features:

    >>> X, y = article_data(part=2)
    >>> plane = gradient_descent(X, y, w=[3.0, 3.0], n_epochs=100_000).final
    >>> print(f"w = {plane.w.round(8)}, b = {plane.b:.8f}, J = {plane.cost:.8f}")
    w = [-6.75922888 -2.07075472], b = 7.23420837, J = 75.63518594

    The logistic model, on our hours-studied data:

    >>> from gdexplain import classification_data
    >>> fit = gradient_descent(*classification_data(), learning_rate=0.5, w=0.0, b=0.0,
    ...                        n_epochs=5_000, model="logistic").final
    >>> print(f"w = {fit.w:.6f}, b = {fit.b:.6f}, J = {fit.cost:.6f}")
    w = 1.047755, b = -3.093864, J = 0.486998
    """
    x, y = model_data(x, y, model)
    learning_rate = positive_float(learning_rate, "learning_rate")
    w = start_weights(w, x)
    b = finite_float(b, "b")
    n_epochs = count(n_epochs, "n_epochs", minimum=0)
    allow_divergence = flag(allow_divergence, "allow_divergence")
    limit = _stability_limit(x, model)
    if limit is not None and learning_rate > limit and not allow_divergence:
        raise DivergenceError(learning_rate, limit)

    run = _Recorder(
        x,
        y,
        n_epochs,
        learning_rate=learning_rate,
        limit=limit,
        method="gradient descent",
        allow_divergence=allow_divergence,
        model=model,
    )
    # Overflow is detected by the recorder, with a message better than NumPy's warning.
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in run.updates():
            dJ_dw, dJ_db = run.record(w, b)
            # The update rule: a step against the gradient.
            w = w - learning_rate * dJ_dw
            b = b - learning_rate * dJ_db
    return run.history(label=f"batch gradient descent, α = {learning_rate:.3g}")


def momentum_descent(
    x: ArrayLike,
    y: ArrayLike,
    *,
    learning_rate: float,
    momentum: float,
    nesterov: bool = False,
    w: Weights = 3.0,
    b: float = -1.0,
    n_epochs: int = 12_000,
    allow_divergence: bool = False,
    model: str = "linear",
) -> History:
    r"""Gradient descent with momentum: the heavy ball, or Nesterov's look-ahead.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs, as in :func:`gradient_descent`.
    y : (n,) array_like
        The targets; at least two points, all finite.
    learning_rate : float
        The step size :math:`\alpha`, positive.
    momentum : float
        The fraction :math:`\beta` of the last step kept, in ``[0, 1)``.
        With 0 the method is exactly :func:`gradient_descent`.
    nesterov : bool, default False
        Take the gradient where the velocity is about to carry the point
        (Nesterov, in the form of Sutskever et al., 2013), not where it is.
    w : float or (p,) array_like, default 3.0
        The starting slope (weights), as in :func:`gradient_descent`.
    b : float, default -1.0
        The starting intercept; the velocity starts at zero.
    n_epochs : int, default 12_000
        How many updates to make.
    allow_divergence : bool, default False
        Record a diverging run instead of refusing it, as in
        :func:`gradient_descent`.
    model : {"linear", "logistic"}, default "linear"
        The line (plane) and the mean squared error, or the logistic model
        and the cross-entropy, whose labels ``y`` are 0 or 1 (see
        :func:`gdexplain.cost`).

    Returns
    -------
    History
        The state before each update, labelled with the method and settings.

    Raises
    ------
    ValueError, TypeError
        For the bad inputs of :func:`gradient_descent`, a momentum outside
        ``[0, 1)`` or a ``nesterov`` that is not a bool.
    DivergenceError
        Unless ``allow_divergence``: if the learning rate is above the
        method's own stability limit (see
        :func:`gdexplain.stability_limit`), which the message names.

    Notes
    -----
    The heavy ball (Polyak, 1964) keeps a velocity :math:`v`, starting at 0:

    .. math::

       v_{k+1} = \beta v_k - \alpha \nabla J(\theta_k), \qquad
       \theta_{k+1} = \theta_k + v_{k+1} .

    Nesterov's method takes the gradient at :math:`\theta_k + \beta v_k`
    instead. On a quadratic the heavy ball is stable for
    :math:`0 < \alpha\lambda < 2 + 2\beta` and Nesterov for
    :math:`0 < \alpha\lambda < (2 + 2\beta)/(1 + 2\beta)`, for every
    eigenvalue :math:`\lambda` of the Hessian.

    Examples
    --------
    >>> from gdexplain import article_data, optimal_momentum
    >>> x, y = article_data()
    >>> best = optimal_momentum(x)
    >>> history = momentum_descent(
    ...     x, y, learning_rate=best.learning_rate, momentum=best.momentum, n_epochs=200
    ... )
    >>> print(f"w = {history.final.w:.6f}, b = {history.final.b:.6f}")
    w = -2.000000, b = 2.000000
    """
    x, y = model_data(x, y, model)
    learning_rate = positive_float(learning_rate, "learning_rate")
    momentum = momentum_value(momentum)
    nesterov = flag(nesterov, "nesterov")
    w = start_weights(w, x)
    b = finite_float(b, "b")
    n_epochs = count(n_epochs, "n_epochs", minimum=0)
    allow_divergence = flag(allow_divergence, "allow_divergence")
    method = (
        f"Nesterov momentum with momentum={momentum:g} (limit 2(1 + β)/((1 + 2β)λmax))"
        if nesterov
        else f"heavy-ball momentum with momentum={momentum:g} (limit 2(1 + β)/λmax)"
    )
    limit = _stability_limit(x, model, momentum, nesterov=nesterov)
    if limit is not None and learning_rate > limit and not allow_divergence:
        raise DivergenceError(learning_rate, limit, method=method)

    run = _Recorder(
        x,
        y,
        n_epochs,
        learning_rate=learning_rate,
        limit=limit,
        method=method,
        allow_divergence=allow_divergence,
        model=model,
    )
    velocity_w = velocity_b = 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in run.updates():
            dJ_dw, dJ_db = run.record(w, b)
            if nesterov:  # look ahead: the gradient where the velocity is carrying us
                look_w, look_b = w + momentum * velocity_w, b + momentum * velocity_b
                dJ_dw, dJ_db = _gradient_at(x, y, look_w, look_b, model)
            velocity_w = momentum * velocity_w - learning_rate * dJ_dw
            velocity_b = momentum * velocity_b - learning_rate * dJ_db
            w = w + velocity_w
            b = b + velocity_b
    name = "Nesterov" if nesterov else "heavy ball"
    return run.history(label=f"{name}, α = {learning_rate:.3g}, β = {momentum:.3g}")


def minibatch_indices(
    n_points: int,
    *,
    batch_size: int = 1,
    n_epochs: int = 1,
    seed: int | None = None,
    shuffle: bool = True,
) -> list[NDArray[np.intp]]:
    """The points each update of stochastic or mini-batch descent uses, in order.

    Parameters
    ----------
    n_points : int
        How many data points there are.
    batch_size : int, default 1
        Points per update, from 1 to ``n_points``. Each epoch is split into
        ``ceil(n_points / batch_size)`` batches; the last one is smaller when
        ``batch_size`` does not divide ``n_points``.
    n_epochs : int, default 1
        How many passes over the data.
    seed : int or None, default None
        Seeds the shuffling, so that a run can be repeated; ``None`` draws
        fresh randomness.
    shuffle : bool, default True
        Visit the points in a new random order each epoch; otherwise in
        their order, every epoch.

    Returns
    -------
    list of ndarray of int
        One sorted array of point indices per update, ``n_epochs`` epochs in a row.

    Raises
    ------
    ValueError, TypeError
        If a count is not a positive integer, the batch is larger than the
        data, or the seed is not a non-negative integer or None.

    Examples
    --------
    >>> [batch.tolist() for batch in minibatch_indices(5, batch_size=2, shuffle=False)]
    [[0, 1], [2, 3], [4]]
    >>> [batch.tolist() for batch in minibatch_indices(4, batch_size=2, seed=0)]
    [[0, 2], [1, 3]]
    """
    n_points = count(n_points, "n_points", minimum=1)
    batch_size = count(batch_size, "batch_size", minimum=1)
    if batch_size > n_points:
        raise ValueError(
            f"batch_size must be at most the number of points {n_points}, got {batch_size}"
        )
    n_epochs = count(n_epochs, "n_epochs", minimum=0)
    if seed is not None:
        seed = count(seed, "seed", minimum=0)
    shuffle = flag(shuffle, "shuffle")
    rng = np.random.default_rng(seed)
    batches: list[NDArray[np.intp]] = []
    for _ in range(n_epochs):
        order = rng.permutation(n_points) if shuffle else np.arange(n_points)
        # Sorted within a batch: the same sum in the same order as batch descent.
        batches.extend(
            np.sort(order[start : start + batch_size]) for start in range(0, n_points, batch_size)
        )
    return batches


def stochastic_descent(
    x: ArrayLike,
    y: ArrayLike,
    *,
    learning_rate: float = 0.001,
    batch_size: int = 1,
    n_epochs: int = 12_000,
    seed: int | None = None,
    shuffle: bool = True,
    decay: float | None = None,
    w: Weights = 3.0,
    b: float = -1.0,
    allow_divergence: bool = False,
    model: str = "linear",
) -> History:
    r"""Stochastic (one point) or mini-batch descent: each update sees only a few points.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs, as in :func:`gradient_descent`.
    y : (n,) array_like
        The targets; at least two points, all finite.
    learning_rate : float, default 0.001
        The step size :math:`\alpha_0`, positive.
    batch_size : int, default 1
        Points per update: 1 is stochastic descent, ``n`` is batch descent
        (equal to :func:`gradient_descent`), anything between is mini-batch.
    n_epochs : int, default 12_000
        Passes over the data; each makes ``ceil(n / batch_size)`` updates.
    seed : int or None, default None
        Seeds the shuffling: the same seed gives the same run.
    shuffle : bool, default True
        Visit the points in a new random order each epoch (see
        :func:`minibatch_indices`).
    decay : float or None, default None
        If given, the step shrinks as :math:`\alpha_k = \alpha_0 / (1 +
        \text{decay} \cdot t_k)`, with :math:`t_k` the epochs elapsed (a
        fraction between updates). A constant step leaves the run hovering
        around the minimum in a cloud whose size grows with :math:`\alpha`; a
        decaying one lets it settle.
    w : float or (p,) array_like, default 3.0
        The starting slope (weights), as in :func:`gradient_descent`.
    b : float, default -1.0
        The starting intercept.
    allow_divergence : bool, default False
        Record a diverging run instead of raising, as in :func:`gradient_descent`.
    model : {"linear", "logistic"}, default "linear"
        The line (plane) and the mean squared error, or the logistic model
        and the cross-entropy, whose labels ``y`` are 0 or 1 (see
        :func:`gdexplain.cost`).

    Returns
    -------
    History
        Every update: ``history.epoch`` counts updates and
        ``history.updates_per_epoch`` says how many make an epoch
        (``history.epochs_elapsed`` gives each entry's epoch as a float).
        The cost and gradient recorded are those on all the data, as for the
        other optimisers; the step itself used only the batch.

    Raises
    ------
    ValueError, TypeError
        For the bad inputs of :func:`gradient_descent` and
        :func:`minibatch_indices`, or a negative ``decay``.
    DivergenceError
        Unless ``allow_divergence``, at the first update whose cost passes
        ``gdexplain.divergence.DIVERGENCE_FACTOR`` times the starting cost or
        stops being finite: the rule of :func:`gradient_descent`. There is no
        refusal up front: the stability of stochastic descent depends on which
        points come in which order.

    Notes
    -----
    Each update steps against the mean gradient of the points :math:`B_k`
    in its batch, the real gradient of their squared errors:

    .. math::

       \theta_{k+1} = \theta_k - \alpha_k \frac{1}{|B_k|} \sum_{i \in B_k} \nabla J_i(\theta_k) .

    Examples
    --------
    >>> from gdexplain import article_data
    >>> history = stochastic_descent(
    ...     *article_data(), learning_rate=0.01, batch_size=2, n_epochs=300, seed=0
    ... )
    >>> len(history), history.updates_per_epoch, float(history.epochs_elapsed[-1])
    (901, 3, 300.0)
    """
    x, y = model_data(x, y, model)
    learning_rate = positive_float(learning_rate, "learning_rate")
    batches = minibatch_indices(
        len(x), batch_size=batch_size, n_epochs=n_epochs, seed=seed, shuffle=shuffle
    )
    if decay is not None and finite_float(decay, "decay") < 0:
        raise ValueError(f"decay must be at least 0, got {decay!r}")
    decay = 0.0 if decay is None else float(decay)
    w = start_weights(w, x)
    b = finite_float(b, "b")
    allow_divergence = flag(allow_divergence, "allow_divergence")
    updates_per_epoch = -(-len(x) // batch_size)
    kind = "stochastic" if batch_size == 1 else "mini-batch"

    run = _Recorder(
        x,
        y,
        len(batches),
        learning_rate=learning_rate,
        limit=None,
        method=f"{kind} descent",
        allow_divergence=allow_divergence,
        unit="update",
        model=model,
    )
    with np.errstate(over="ignore", invalid="ignore"):
        for update in run.updates():
            run.record(w, b)
            if update == len(batches):
                break  # the final state is recorded; there is no batch after it
            batch = batches[update]
            dJ_dw, dJ_db = _gradient_at(x[batch], y[batch], w, b, model)
            step = learning_rate / (1.0 + decay * update / updates_per_epoch)
            w = w - step * dJ_dw
            b = b - step * dJ_db
    settings = f"α = {learning_rate:.3g}" + (f", decay {decay:g}" if decay else "")
    return run.history(
        label=f"{kind} descent, batch size {batch_size}, {settings}",
        updates_per_epoch=updates_per_epoch,
    )


# --- adaptive steps: AdaGrad, RMSProp, Adam ----------------------------------------
#
# The three loops work on the parameter vector θ = (w, b) with NumPy, so that
# every operation reads as the formula (squares and roots elementwise). They
# share the checks and the recorder below; each loop is its own lesson.


def _adaptive_run(
    x: ArrayLike,
    y: ArrayLike,
    *,
    learning_rate: float,
    epsilon: float,
    w: float,
    b: float,
    n_epochs: int,
    allow_divergence: bool,
    method: str,
    model: str,
) -> tuple[_Recorder, NDArray[np.float64], float, float]:
    """Check the settings every adaptive method shares; return its recorder, θ₀, α and ε."""
    x, y = model_data(x, y, model)
    learning_rate = positive_float(learning_rate, "learning_rate")
    epsilon = positive_float(epsilon, "epsilon")
    theta = np.append(start_weights(w, x), finite_float(b, "b"))  # the weights, then b
    n_epochs = count(n_epochs, "n_epochs", minimum=0)
    allow_divergence = flag(allow_divergence, "allow_divergence")
    # No stability limit up front: an adaptive step is at most about α per
    # coordinate, so too large a rate bounces rather than blows up; the
    # recorder still stops (or refuses) a run whose cost explodes.
    run = _Recorder(
        x,
        y,
        n_epochs,
        learning_rate=learning_rate,
        limit=None,
        method=method,
        allow_divergence=allow_divergence,
        model=model,
    )
    return run, theta, learning_rate, epsilon


def adagrad_descent(
    x: ArrayLike,
    y: ArrayLike,
    *,
    learning_rate: float,
    epsilon: float = 1e-8,
    w: Weights = 3.0,
    b: float = -1.0,
    n_epochs: int = 12_000,
    allow_divergence: bool = False,
    model: str = "linear",
) -> History:
    r"""AdaGrad: each parameter's step divided by the root of its summed squared gradients.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs: one feature, or one row per point and one column per
        feature, as in :func:`gradient_descent`.
    y : (n,) array_like
        The targets; at least two points, all finite.
    learning_rate : float
        The step size :math:`\alpha`, positive and finite.
    epsilon : float, default 1e-8
        :math:`\varepsilon > 0`, added to the square root so that a zero
        gradient never divides by zero.
    w : float or (p,) array_like, default 3.0
        The starting slope, or ``p`` weights (one number starts them all).
    b : float, default -1.0
        The starting intercept; the sum :math:`G` starts at zero.
    n_epochs : int, default 12_000
        How many updates to make.
    allow_divergence : bool, default False
        Record a run whose cost explodes instead of raising, as in
        :func:`gradient_descent`.
    model : {"linear", "logistic"}, default "linear"
        The line (plane) and the mean squared error, or the logistic model
        and the cross-entropy, whose labels ``y`` are 0 or 1 (see
        :func:`gdexplain.cost`).

    Returns
    -------
    History
        The state before each update, labelled with the method and settings.

    Raises
    ------
    ValueError, TypeError
        For the bad inputs of :func:`gradient_descent`, or an epsilon that
        is not positive and finite.
    DivergenceError
        Unless ``allow_divergence``, when the cost stops being finite. There
        is no refusal up front: no single stability limit applies.

    Notes
    -----
    With :math:`g_k = \nabla J(\theta_k)` and squares and roots taken per
    parameter (Duchi, Hazan and Singer, 2011):

    .. math::

       G_k = G_{k-1} + g_k^2, \qquad
       \theta_{k+1} = \theta_k - \alpha \frac{g_k}{\sqrt{G_k} + \varepsilon} .

    :math:`\varepsilon` is added outside the square root, as in PyTorch's
    ``Adagrad``; Keras adds it inside, :math:`\sqrt{G_k + \varepsilon}`, and
    starts :math:`G` at 0.1, so its runs differ slightly from these.

    Examples
    --------
    >>> from gdexplain import article_data
    >>> history = adagrad_descent(*article_data(), learning_rate=1.0, n_epochs=2_000)
    >>> print(f"w = {history.final.w:.4f}, b = {history.final.b:.4f}")
    w = -2.0000, b = 2.0000
    """
    run, theta, alpha, epsilon = _adaptive_run(
        x,
        y,
        learning_rate=learning_rate,
        epsilon=epsilon,
        w=w,
        b=b,
        n_epochs=n_epochs,
        allow_divergence=allow_divergence,
        model=model,
        method=f"AdaGrad with epsilon={epsilon:g}",
    )
    G = np.zeros_like(theta)  # the running sum of squared gradients, one per parameter
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in run.updates():
            g = run.record_vector(theta)
            G = G + g**2
            theta = theta - alpha * g / (np.sqrt(G) + epsilon)
    return run.history(label=f"AdaGrad, α = {alpha:.3g}")


def rmsprop_descent(
    x: ArrayLike,
    y: ArrayLike,
    *,
    learning_rate: float,
    decay: float = 0.9,
    epsilon: float = 1e-8,
    w: Weights = 3.0,
    b: float = -1.0,
    n_epochs: int = 12_000,
    allow_divergence: bool = False,
    model: str = "linear",
) -> History:
    r"""RMSProp: each parameter's step divided by the root of a running mean of squared gradients.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs: one feature, or one row per point and one column per
        feature, as in :func:`gradient_descent`.
    y : (n,) array_like
        The targets; at least two points, all finite.
    learning_rate : float
        The step size :math:`\alpha`, positive and finite.
    decay : float, default 0.9
        :math:`\rho`, in ``[0, 1)``: the weight the running mean keeps on
        its past (0 keeps none: each step is then about :math:`\alpha` times
        the sign of the gradient).
    epsilon : float, default 1e-8
        :math:`\varepsilon > 0`, added to the square root.
    w : float or (p,) array_like, default 3.0
        The starting slope, or ``p`` weights (one number starts them all).
    b : float, default -1.0
        The starting intercept; the mean :math:`s` starts at zero.
    n_epochs : int, default 12_000
        How many updates to make.
    allow_divergence : bool, default False
        Record a run whose cost explodes instead of raising.
    model : {"linear", "logistic"}, default "linear"
        The line (plane) and the mean squared error, or the logistic model
        and the cross-entropy, whose labels ``y`` are 0 or 1 (see
        :func:`gdexplain.cost`).

    Returns
    -------
    History
        The state before each update, labelled with the method and settings.

    Raises
    ------
    ValueError, TypeError
        For the bad inputs of :func:`adagrad_descent`, or a decay outside
        ``[0, 1)``.
    DivergenceError
        Unless ``allow_divergence``, when the cost stops being finite.

    Notes
    -----
    Tieleman and Hinton's (2012) update, per parameter:

    .. math::

       s_k = \rho s_{k-1} + (1 - \rho) g_k^2, \qquad
       \theta_{k+1} = \theta_k - \alpha \frac{g_k}{\sqrt{s_k} + \varepsilon} .

    :math:`\varepsilon` is added outside the square root, as in PyTorch's
    ``RMSprop`` (whose default :math:`\rho` is 0.99); Keras adds it inside,
    :math:`\sqrt{s_k + \varepsilon}`. There is no bias correction: the
    first steps, while :math:`s` is still near zero, are larger than
    :math:`\alpha` (the first is :math:`\alpha/\sqrt{1 - \rho}`).

    Examples
    --------
    >>> from gdexplain import article_data
    >>> history = rmsprop_descent(*article_data(), learning_rate=0.001, n_epochs=10_000)
    >>> print(f"w = {history.final.w:.2f}, b = {history.final.b:.2f}")
    w = -2.00, b = 2.00
    """
    decay = momentum_value(decay, "decay")
    run, theta, alpha, epsilon = _adaptive_run(
        x,
        y,
        learning_rate=learning_rate,
        epsilon=epsilon,
        w=w,
        b=b,
        n_epochs=n_epochs,
        allow_divergence=allow_divergence,
        model=model,
        method=f"RMSProp with decay={decay:g}, epsilon={epsilon:g}",
    )
    s = np.zeros_like(theta)  # the running mean of squared gradients, one per parameter
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in run.updates():
            g = run.record_vector(theta)
            s = decay * s + (1 - decay) * g**2
            theta = theta - alpha * g / (np.sqrt(s) + epsilon)
    return run.history(label=f"RMSProp, α = {alpha:.3g}, ρ = {decay:.3g}")


def adam_descent(
    x: ArrayLike,
    y: ArrayLike,
    *,
    learning_rate: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    epsilon: float = 1e-8,
    w: Weights = 3.0,
    b: float = -1.0,
    n_epochs: int = 12_000,
    allow_divergence: bool = False,
    model: str = "linear",
) -> History:
    r"""Adam: a running mean of the gradient divided by the root of a running mean of its square.

    Parameters
    ----------
    x : (n,) or (n, p) array_like
        The inputs: one feature, or one row per point and one column per
        feature, as in :func:`gradient_descent`.
    y : (n,) array_like
        The targets; at least two points, all finite.
    learning_rate : float
        The step size :math:`\alpha`, positive and finite.
    beta1 : float, default 0.9
        :math:`\beta_1`, in ``[0, 1)``: the weight the mean of the gradient
        keeps on its past (its momentum).
    beta2 : float, default 0.999
        :math:`\beta_2`, in ``[0, 1)``: the same for the mean of its square.
    epsilon : float, default 1e-8
        :math:`\varepsilon > 0`, added to the square root.
    w : float or (p,) array_like, default 3.0
        The starting slope, or ``p`` weights (one number starts them all).
    b : float, default -1.0
        The starting intercept; both means start at zero.
    n_epochs : int, default 12_000
        How many updates to make.
    allow_divergence : bool, default False
        Record a run whose cost explodes instead of raising.
    model : {"linear", "logistic"}, default "linear"
        The line (plane) and the mean squared error, or the logistic model
        and the cross-entropy, whose labels ``y`` are 0 or 1 (see
        :func:`gdexplain.cost`).

    Returns
    -------
    History
        The state before each update, labelled with the method and settings.

    Raises
    ------
    ValueError, TypeError
        For the bad inputs of :func:`adagrad_descent`, or a beta outside
        ``[0, 1)``.
    DivergenceError
        Unless ``allow_divergence``, when the cost stops being finite.

    Notes
    -----
    Kingma and Ba's (2015) Algorithm 1, with its bias correction, for
    :math:`k = 1, 2, \dots` and :math:`g_k` the gradient at
    :math:`\theta_{k-1}`:

    .. math::

       m_k = \beta_1 m_{k-1} + (1 - \beta_1) g_k, \qquad
       v_k = \beta_2 v_{k-1} + (1 - \beta_2) g_k^2,

       \hat m_k = \frac{m_k}{1 - \beta_1^k}, \qquad
       \hat v_k = \frac{v_k}{1 - \beta_2^k}, \qquad
       \theta_k = \theta_{k-1} - \alpha \frac{\hat m_k}{\sqrt{\hat v_k} + \varepsilon} .

    :math:`\varepsilon` is added outside the square root of the corrected
    :math:`\hat v_k`, as in the paper and PyTorch's ``Adam``; TensorFlow's
    and Keras's Adam use the paper's faster form, which adds it to
    :math:`\sqrt{v_k}` before the correction (and default to
    :math:`\varepsilon = 10^{-7}`), so their runs differ while
    :math:`\sqrt{v_k}` is small.

    Examples
    --------
    >>> from gdexplain import article_data
    >>> history = adam_descent(*article_data(), learning_rate=0.1, n_epochs=3_000)
    >>> print(f"w = {history.final.w:.4f}, b = {history.final.b:.4f}")
    w = -2.0000, b = 2.0000
    """
    beta1 = momentum_value(beta1, "beta1")
    beta2 = momentum_value(beta2, "beta2")
    run, theta, alpha, epsilon = _adaptive_run(
        x,
        y,
        learning_rate=learning_rate,
        epsilon=epsilon,
        w=w,
        b=b,
        n_epochs=n_epochs,
        allow_divergence=allow_divergence,
        model=model,
        method=f"Adam with beta1={beta1:g}, beta2={beta2:g}, epsilon={epsilon:g}",
    )
    m = np.zeros_like(theta)  # the running mean of the gradient
    v = np.zeros_like(theta)  # the running mean of its square, per parameter
    with np.errstate(over="ignore", invalid="ignore"):
        for index in run.updates():
            g = run.record_vector(theta)
            k = index + 1  # the update about to be made, counted from 1 as in the paper
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g**2
            m_hat = m / (1 - beta1**k)
            v_hat = v / (1 - beta2**k)
            theta = theta - alpha * m_hat / (np.sqrt(v_hat) + epsilon)
    return run.history(label=f"Adam, α = {alpha:.3g}, β₁ = {beta1:.3g}, β₂ = {beta2:.3g}")
