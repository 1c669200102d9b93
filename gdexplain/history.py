"""The record of a training run: parameters, cost and gradient at every update."""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gdexplain import logistic
from gdexplain._validation import as_finite_array
from gdexplain.regression import _predict_rows, model_data, optimum, predict

_RECORDED = ("epoch", "w", "b", "cost", "dJ_dw", "dJ_db")


class State(NamedTuple):
    """The model at one recorded epoch.

    Parameters
    ----------
    epoch : int
        The number of updates made.
    w : float or (p,) ndarray
        The slope: a number for one feature, a read-only array of ``p``
        weights for ``p`` features.
    b : float
        The intercept.
    cost : float
        The cost on all the data.
    """

    epoch: int
    w: Any
    b: float
    cost: float


def _frozen(array: NDArray[Any]) -> NDArray[Any]:
    """A read-only copy that cannot be made writable again.

    NumPy lets ``setflags(write=True)`` succeed on an array that owns its
    memory; an array viewing an immutable ``bytes`` object can never be
    written, whatever its flags are asked to be.
    """
    contiguous = np.ascontiguousarray(array)
    return np.frombuffer(contiguous.tobytes(), dtype=contiguous.dtype).reshape(contiguous.shape)


@dataclass(frozen=True, eq=False)
class History:
    """What an optimiser recorded: the state *before* each update.

    Entry 0 is the starting point and entry ``k`` the state after ``k``
    updates. The record does not depend on the optimiser that wrote it, so
    any optimiser can fill one. It is checked when it is made, its arrays are
    read-only for good (also after a pickle round trip), and two histories
    are equal when every array and setting is.

    Parameters
    ----------
    x : (n,) or (n, p) ndarray
        The inputs the model was trained on: one feature, or ``p``.
    y : (n,) ndarray
        The targets.
    epoch : (m,) ndarray of int
        The number of updates made before each entry, strictly increasing
        from zero or more. For batch optimisers one update is one epoch (a
        pass over all the data); see ``updates_per_epoch``.
    w, b, cost, dJ_dw, dJ_db : (m,) ndarray
        Slope, intercept, cost and the two parts of the gradient of the cost
        on all the data, at each entry; all finite. With ``p`` features ``w``
        and ``dJ_dw`` have shape ``(m, p)``: one column per weight.
    label : str, optional
        A short description of the optimiser and its settings, for titles
        and legends.
    diverged : int or None, optional
        ``None`` for a run that did not diverge. Otherwise the epoch (update)
        at which a run allowed to diverge was stopped, because its cost
        passed its bound or stopped being finite: the last recorded epoch,
        or the one after it when that one's values were not finite.
    updates_per_epoch : int, default 1
        How many updates make one pass over the data: 1 for batch methods,
        ``ceil(n / batch_size)`` for stochastic and mini-batch descent, whose
        ``epoch`` array then counts updates (see :attr:`epochs_elapsed`).
    model : {"linear", "logistic"}, default "linear"
        The model trained (see :data:`gdexplain.regression.MODELS`): what
        :meth:`predict`, :meth:`residuals` and :meth:`distance_to_minimum`
        compute with.

    Raises
    ------
    ValueError, TypeError
        If an array does not have its shape (one-dimensional, or ``(m, p)``
        for the weights of ``p`` features), the arrays differ in length, the
        epochs are not increasing non-negative integers, a value is not
        finite, a setting has the wrong type, the model is unknown, or (for
        the logistic model) ``y`` is not 0/1 labels of both classes.

    Examples
    --------
    >>> from gdexplain import article_data, gradient_descent
    >>> history = gradient_descent(*article_data(), n_epochs=1)
    >>> len(history)
    2
    >>> history.at(0)
    State(epoch=0, w=3.0, b=-1.0, cost=472.5)
    >>> history.final.epoch
    1
    >>> history == gradient_descent(*article_data(), n_epochs=1)
    True
    """

    x: NDArray[np.float64]
    y: NDArray[np.float64]
    epoch: NDArray[np.int64]
    w: NDArray[np.float64]
    b: NDArray[np.float64]
    cost: NDArray[np.float64]
    dJ_dw: NDArray[np.float64]
    dJ_db: NDArray[np.float64]
    label: str = field(default="")
    diverged: int | None = field(default=None)
    updates_per_epoch: int = field(default=1)
    model: str = field(default="linear")

    def __post_init__(self) -> None:
        """Check the record is consistent and finite, then freeze its arrays."""
        x, y = model_data(self.x, self.y, self.model)
        epoch = _as_epochs(self.epoch)
        values = {
            name: _as_weights(getattr(self, name), name, x)
            if name in ("w", "dJ_dw")
            else as_finite_array(getattr(self, name), name, vector=True, copy=False)
            for name in _RECORDED[1:]
        }
        lengths = {"epoch": epoch.size} | {name: len(array) for name, array in values.items()}
        if len(set(lengths.values())) != 1 or epoch.size == 0:
            raise ValueError(f"history arrays must share one non-zero length, got {lengths}")
        if not isinstance(self.label, str):
            raise TypeError(f"label must be a string, got {self.label!r}")
        if self.diverged is not None:
            if isinstance(self.diverged, bool) or not isinstance(self.diverged, numbers.Integral):
                raise TypeError(
                    f"diverged must be an integer epoch or None, got {self.diverged!r}"
                )
            if self.diverged < epoch[-1]:
                raise ValueError(
                    f"diverged must be at or after the last recorded epoch {epoch[-1]}, "
                    f"got {self.diverged}"
                )
            object.__setattr__(self, "diverged", int(self.diverged))
        if (
            isinstance(self.updates_per_epoch, bool)
            or not isinstance(self.updates_per_epoch, numbers.Integral)
            or self.updates_per_epoch < 1
        ):
            raise ValueError(
                f"updates_per_epoch must be a positive integer, got {self.updates_per_epoch!r}"
            )
        object.__setattr__(self, "updates_per_epoch", int(self.updates_per_epoch))
        for name, array in {"x": x, "y": y, "epoch": epoch, **values}.items():
            object.__setattr__(self, name, _frozen(array))

    def __reduce__(self) -> tuple[type[History], tuple[Any, ...]]:
        # Unpickling (and copying) goes through the constructor: checked and frozen again.
        return type(self), tuple(getattr(self, f.name) for f in fields(self))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History):
            return NotImplemented
        return all(
            np.array_equal(getattr(self, f.name), getattr(other, f.name))
            if isinstance(getattr(self, f.name), np.ndarray)
            else getattr(self, f.name) == getattr(other, f.name)
            for f in fields(self)
        )

    def __hash__(self) -> int:
        # Adding 0.0 turns -0.0 into 0.0, which == treats as equal.
        return hash(
            tuple(
                (getattr(self, f.name) + 0).tobytes()
                if isinstance(getattr(self, f.name), np.ndarray)
                else getattr(self, f.name)
                for f in fields(self)
            )
        )

    def __len__(self) -> int:
        return len(self.epoch)

    @property
    def n_features(self) -> int:
        """How many features (weights) the model has: 1 for a one-dimensional ``x``."""
        return 1 if self.x.ndim == 1 else int(self.x.shape[1])

    @property
    def final(self) -> State:
        """The state at the last recorded epoch."""
        return self._state(len(self) - 1)

    @property
    def counted(self) -> str:
        """What ``epoch`` counts: ``"epoch"``, or ``"update"`` when an epoch takes several."""
        return "epoch" if self.updates_per_epoch == 1 else "update"

    @property
    def epochs_elapsed(self) -> NDArray[np.float64]:
        """How many passes over the data each entry comes after: ``epoch / updates_per_epoch``.

        Equal to ``epoch`` for batch methods; fractional between the updates
        of stochastic and mini-batch descent.
        """
        return self.epoch / self.updates_per_epoch

    def at(self, epoch: int) -> State:
        """Look up the state at a recorded epoch.

        Parameters
        ----------
        epoch : int
            A recorded epoch.

        Returns
        -------
        State
            The epoch, slope, intercept and cost.

        Raises
        ------
        ValueError
            If ``epoch`` was not recorded.
        """
        return self._state(int(self.indices_of([epoch])[0]))

    def indices_of(self, epochs: ArrayLike) -> NDArray[np.intp]:
        """Find the positions in the arrays of the given recorded epochs.

        Parameters
        ----------
        epochs : array_like of int
            Recorded epochs.

        Returns
        -------
        ndarray of int
            Their indices into ``epoch``, ``w``, ``b`` and the other arrays.

        Raises
        ------
        ValueError
            If any epoch was not recorded, naming the first one and the
            recorded range.
        """
        wanted = np.asarray(epochs)
        if wanted.size and not np.issubdtype(wanted.dtype, np.integer):
            raise TypeError(f"epochs must be integers, got dtype {wanted.dtype}")
        positions = np.searchsorted(self.epoch, wanted)
        found = (positions < len(self)) & (
            self.epoch[np.minimum(positions, len(self) - 1)] == wanted
        )
        if not np.all(found):
            missing = wanted[~found].flat[0]
            raise ValueError(
                f"epoch {missing} was not recorded: this history holds epochs "
                f"{self.epoch[0]} to {self.epoch[-1]}"
            )
        return positions

    def distance_to_minimum(self) -> NDArray[np.float64]:
        r"""Measure each entry's distance :math:`\lVert \theta_k - \theta^* \rVert` to the minimum.

        Returns
        -------
        ndarray
            The Euclidean distance of each recorded ``(w, b)`` (all the
            weights and ``b``) to the least-squares line's (plane's); for the
            logistic model, to :func:`gdexplain.optimum`'s.

        Raises
        ------
        ValueError
            If the data's ``x`` are all equal (or their columns collinear),
            where no unique minimum exists; for the logistic model, also if
            the classes are separable (no finite minimum).

        Examples
        --------
        >>> from gdexplain import article_data, gradient_descent
        >>> history = gradient_descent(*article_data(), n_epochs=2)
        >>> history.distance_to_minimum().round(4)
        array([5.831 , 5.685 , 5.5485])
        """
        w_star, b_star = optimum(self.x, self.y, model=self.model)
        if self.x.ndim == 1:
            return np.hypot(self.w - w_star, self.b - b_star)
        errors = np.column_stack((self.w - w_star, self.b - b_star))
        return np.hypot.reduce(errors, axis=1)

    def predict(self, x: ArrayLike, epoch: int | None = None) -> NDArray[np.float64]:
        r"""Predict with the line (or the logistic model) of a recorded epoch.

        Parameters
        ----------
        x : array_like
            The inputs.
        epoch : int, optional
            A recorded epoch; by default the last.

        Returns
        -------
        ndarray
            ``w * x + b`` (``x @ w + b`` for several features) with that
            epoch's ``w`` and ``b``; for the logistic model the probability
            :math:`\sigma` of that.
        """
        state = self.final if epoch is None else self.at(epoch)
        if self.x.ndim == 1:
            return predict(x, state.w, state.b, model=self.model)
        inputs = as_finite_array(x, "x")
        if inputs.shape[1:] != self.x.shape[1:] or inputs.ndim != 2:
            raise ValueError(
                f"x must have shape (n, {self.n_features}), one column per feature, "
                f"got shape {inputs.shape}"
            )
        scores = _predict_rows(inputs, state.w, state.b)
        return logistic.sigmoid(scores) if self.model == "logistic" else scores

    def residuals(self, epoch: int | None = None) -> NDArray[np.float64]:
        r"""Compute the residuals on the training data at a recorded epoch.

        Parameters
        ----------
        epoch : int, optional
            A recorded epoch; by default the last.

        Returns
        -------
        ndarray
            :math:`r_i = \hat y_i - y_i` for every training point: prediction minus data,
            the sign the lessons use, so that a point's term of the gradient is
            :math:`\tfrac{2}{n} r_i (x_i, 1)`. For the logistic model
            :math:`p_i - y_i`, whose term of the gradient is :math:`\tfrac{1}{n} r_i (x_i, 1)`.
        """
        return self.predict(self.x, epoch) - self.y

    def _state(self, index: int) -> State:
        return State(
            int(self.epoch[index]),
            float(self.w[index]) if self.x.ndim == 1 else self.w[index],
            float(self.b[index]),
            float(self.cost[index]),
        )


def _as_weights(values: ArrayLike, name: str, x: NDArray[np.float64]) -> NDArray[np.float64]:
    """``w`` or ``dJ_dw``: one-dimensional for one feature, ``(m, p)`` for ``p``, or raise."""
    # No copy here: History copies every array into frozen memory itself (a copy here
    # would add one more to the peak that the command line's memory estimate covers).
    if x.ndim == 1:
        return as_finite_array(values, name, vector=True, copy=False)
    array = as_finite_array(values, name, copy=False)
    p = x.shape[1]
    if array.ndim != 2 or array.shape[1] != p:
        raise ValueError(
            f"{name} must have shape (m, {p}), one column per feature of x, got shape "
            f"{array.shape}"
        )
    return array


def _as_epochs(values: ArrayLike) -> NDArray[np.int64]:
    epoch = np.asarray(values)
    if epoch.ndim != 1:
        raise ValueError(f"epoch must be one-dimensional, got shape {epoch.shape}")
    if epoch.size and not np.issubdtype(epoch.dtype, np.integer):
        raise TypeError(f"epoch must hold integers, got dtype {epoch.dtype}")
    epoch = epoch.astype(np.int64)
    if epoch.size and epoch[0] < 0:
        raise ValueError(f"epochs must not be negative, got {epoch[0]}")
    if np.any(np.diff(epoch) <= 0):
        raise ValueError("history epochs must be strictly increasing")
    return epoch
