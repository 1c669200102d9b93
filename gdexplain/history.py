"""The record of a training run: parameters, cost and gradient at every epoch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gdexplain._validation import as_finite_array, as_points
from gdexplain.regression import predict


class State(NamedTuple):
    """The model at one recorded epoch."""

    epoch: int
    w: float
    b: float
    cost: float


@dataclass(frozen=True)
class History:
    """What an optimiser recorded: the state *before* each update.

    Entry 0 is the starting point and entry ``k`` the state after ``k``
    updates. The record does not depend on the optimiser that wrote it, so
    any optimiser can fill one. Its arrays are read-only.

    Parameters
    ----------
    x, y : (n,) ndarray
        The data the model was trained on.
    epoch : (m,) ndarray of int
        The recorded epochs, increasing.
    w, b, cost, dJ_dw, dJ_db : (m,) ndarray
        Slope, intercept, cost and the two gradient components at each
        recorded epoch.
    label : str, optional
        A short description of the optimiser and its settings, for titles.

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

    def __post_init__(self) -> None:
        """Check the record is consistent and finite, then make its arrays read-only."""
        arrays = ("epoch", "w", "b", "cost", "dJ_dw", "dJ_db")
        lengths = {name: len(getattr(self, name)) for name in arrays}
        if len(set(lengths.values())) != 1 or lengths["epoch"] == 0:
            raise ValueError(f"history arrays must share one non-zero length, got {lengths}")
        if np.any(np.diff(self.epoch) <= 0):
            raise ValueError("history epochs must be strictly increasing")
        as_points(self.x, self.y)
        for name in arrays:
            as_finite_array(getattr(self, name), name)
        for name in ("x", "y", *arrays):
            array = np.array(getattr(self, name))
            array.setflags(write=False)
            object.__setattr__(self, name, array)

    def __len__(self) -> int:
        return len(self.epoch)

    @property
    def final(self) -> State:
        """The state at the last recorded epoch."""
        return self._state(len(self) - 1)

    def at(self, epoch: int) -> State:
        """The state at a recorded ``epoch``.

        Raises
        ------
        ValueError
            If ``epoch`` was not recorded.
        """
        return self._state(int(self.indices_of([epoch])[0]))

    def indices_of(self, epochs: ArrayLike) -> NDArray[np.intp]:
        """Positions in the arrays of the given recorded epochs.

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

    def predict(self, x: ArrayLike, epoch: int | None = None) -> NDArray[np.float64]:
        """Predictions of the line at ``epoch`` (default: the last) for inputs ``x``."""
        state = self.final if epoch is None else self.at(epoch)
        return predict(x, state.w, state.b)

    def residuals(self, epoch: int | None = None) -> NDArray[np.float64]:
        """Residuals ``y - ŷ`` on the training data at ``epoch`` (default: the last)."""
        return self.y - self.predict(self.x, epoch)

    def _state(self, index: int) -> State:
        return State(
            int(self.epoch[index]),
            float(self.w[index]),
            float(self.b[index]),
            float(self.cost[index]),
        )
