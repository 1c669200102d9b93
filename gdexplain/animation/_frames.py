"""Which part of a history each frame shows, and the fixed axis limits that follow."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gdexplain.history import History, State
from gdexplain.schedule import frame_schedule

#: Points a growing curve or path holds at most, besides one per frame. Past
#: this, long histories are thinned (see :meth:`Frames.curve`), so a frame costs
#: the same at 10**6 epochs.
CURVE_POINTS = 4_000


@dataclass(frozen=True)
class Frames:
    """A history and the epochs an animation draws from it, one per frame.

    Parameters
    ----------
    history : History
        The recorded run.
    epochs : (f,) ndarray of int
        The epoch of each frame, all recorded in ``history``.
    index : (f,) ndarray of int
        The position of each frame's epoch in the history's arrays.
    """

    history: History
    epochs: NDArray[np.int64]
    index: NDArray[np.intp]

    @classmethod
    def choose(cls, history: History, epochs: ArrayLike | None) -> Frames:
        """The frames for ``epochs``, by default the article's schedule over the whole run.

        The default keeps only the scheduled epochs the history recorded, so a
        history recorded every tenth epoch animates too; see :func:`default_epochs`.

        Raises
        ------
        ValueError
            If ``epochs`` is empty, not one-dimensional, or holds an epoch the
            history did not record.
        """
        if not isinstance(history, History):
            raise TypeError(f"history must be a gdexplain.History, got {type(history).__name__}")
        if epochs is None:
            epochs = default_epochs(history)
        wanted = np.asarray(epochs)
        if wanted.ndim != 1:
            raise ValueError(f"epochs must be one-dimensional, got shape {wanted.shape}")
        if wanted.size == 0:
            raise ValueError("epochs is empty: an animation needs at least one frame")
        index = history.indices_of(wanted)
        return cls(history, wanted.astype(np.int64), index)

    def __len__(self) -> int:
        return len(self.epochs)

    def state(self, frame: int) -> State:
        """The model shown in ``frame``."""
        return self.history.at(int(self.epochs[frame]))

    @cached_property
    def shown(self) -> slice:
        """The part of the history that any frame shows: up to the latest frame's epoch."""
        return slice(0, int(self.index.max()) + 1)

    @cached_property
    def curve(self) -> NDArray[np.intp]:
        """History positions drawn by growing curves and paths, in order.

        Every recorded epoch when there are at most :data:`CURVE_POINTS`;
        otherwise a geometric and a uniform spacing together (gradient descent
        moves fast early and slowly later, so geometric spacing follows the
        motion), plus every frame's own epoch so each frame's curve ends
        exactly at its state.
        """
        end = self.shown.stop
        if end <= CURVE_POINTS:
            return np.arange(end)
        half = CURVE_POINTS // 2
        geometric = np.geomspace(1, end, half) - 1
        uniform = np.linspace(0, end - 1, half)
        return np.unique(np.concatenate([geometric, uniform, self.index]).astype(np.intp))

    def curve_end(self, frame: int) -> int:
        """How many of :attr:`curve`'s points ``frame`` shows: those up to its epoch."""
        return int(np.searchsorted(self.curve, self.index[frame], side="right"))

    @cached_property
    def log_epochs(self) -> bool:
        """Whether epoch axes should be logarithmic.

        True when half the frames fall in the first tenth of the epochs, as with
        the article's schedule: on a linear axis those frames would all crowd
        into its left edge.
        """
        last = int(self.epochs.max())
        return last >= 20 and float(np.median(self.epochs)) < 0.1 * last


def default_epochs(history: History) -> NDArray[np.int64]:
    """The frames shown when none are asked for.

    :func:`gdexplain.frame_schedule` over the whole run, keeping the epochs the
    history recorded. If fewer than two are left (a run too short for the
    schedule, or one recorded too sparsely), every recorded epoch.

    Examples
    --------
    >>> from gdexplain import article_data, gradient_descent
    >>> history = gradient_descent(*article_data(), n_epochs=12_000)
    >>> len(default_epochs(history))
    120
    """
    last = history.final.epoch
    if last < 1:
        return history.epoch
    scheduled = np.intersect1d(frame_schedule(last), history.epoch)
    return scheduled if len(scheduled) >= 2 else history.epoch


def padded(low: float, high: float, fraction: float = 0.06) -> tuple[float, float]:
    """``(low, high)`` widened by ``fraction`` of the span on each side.

    A zero span (a run that never moved) is widened by half the value, at least
    0.5, so the axis still has a range.

    Examples
    --------
    >>> padded(0.0, 10.0)
    (-0.6, 10.6)
    >>> padded(2.0, 2.0)
    (1.0, 3.0)
    """
    span = high - low
    margin = fraction * span if span > 0 else max(1.0, abs(low)) * 0.5
    return low - margin, high + margin
