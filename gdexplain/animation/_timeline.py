"""Which recorded state of a history each frame shows, and the axis limits that follow."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gdexplain.history import History, State
from gdexplain.schedule import frame_schedule

#: Points a growing curve or path holds at most, besides one per frame, so a
#: frame costs the same at 10**6 epochs (see :attr:`Timeline.curve`).
CURVE_POINTS = 4_000


@dataclass(frozen=True)
class Timeline:
    """A history and, for each frame, its time and the position (``index``) of the state shown.

    A frame's time counts the history's own unit (``counted``: epochs, or a stochastic
    run's updates), or epochs when runs that count differently share the frames
    (``per_unit`` of the history's entries make one). A run that stopped before a
    frame's time shows its last state there.
    """

    history: History
    epochs: NDArray[np.int64]
    index: NDArray[np.intp]
    unit: str
    per_unit: int = 1

    @classmethod
    def shared(cls, histories: tuple[History, ...], epochs: ArrayLike | None) -> list[Timeline]:
        """One timeline per history, all on the same frames: by default the longest run's.

        Runs that count time differently (a batch run's epochs, a stochastic run's
        updates) share one axis in epochs: each shows its state at the end of each epoch.
        """
        if not histories:
            raise ValueError("give at least one history to animate")
        first = histories[0]
        for history in histories:
            if not isinstance(history, History):
                raise TypeError(
                    f"history must be a gdexplain.History, got {type(history).__name__}"
                )
            if not (np.array_equal(history.x, first.x) and np.array_equal(history.y, first.y)):
                raise ValueError(
                    "the histories were trained on different data: one picture shows "
                    "runs on the same data only"
                )
        in_epochs = len({history.updates_per_epoch for history in histories}) > 1
        per_unit = {id(h): h.updates_per_epoch if in_epochs else 1 for h in histories}

        def times(history: History) -> NDArray[np.int64]:
            """The recorded times of ``history`` on the shared axis."""
            k = per_unit[id(history)]
            return history.epoch[history.epoch % k == 0] // k

        longest = max(histories, key=lambda history: times(history)[-1])
        default = default_epochs(longest) if not in_epochs else _scheduled(times(longest))
        wanted = np.asarray(default if epochs is None else epochs)
        if wanted.ndim != 1:
            raise ValueError(f"epochs must be one-dimensional, got shape {wanted.shape}")
        if wanted.size == 0:
            raise ValueError("epochs is empty: an animation needs at least one frame")
        if wanted.max() > times(longest)[-1]:
            unit = "epochs" if in_epochs else f"{longest.counted}s"
            raise ValueError(
                f"epoch {wanted.max()} was not recorded: the longest run holds {unit} "
                f"{times(longest)[0]} to {times(longest)[-1]}"
            )
        return [
            cls(
                h,
                wanted.astype(np.int64),
                h.indices_of(np.minimum(wanted, times(h)[-1]) * per_unit[id(h)]),
                "epoch" if in_epochs else h.counted,
                per_unit[id(h)],
            )
            for h in histories
        ]

    def state(self, frame: int) -> State:
        """The model shown in ``frame``, read at its position in the history."""
        return self.states[frame]

    @cached_property
    def states(self) -> list[State]:
        """The model shown in each frame, read by position in one pass."""
        h, i = self.history, self.index
        columns = [a[i].tolist() for a in (h.epoch, h.w, h.b, h.cost)]
        if h.w.ndim == 2:  # several weights: each state's a read-only row, as History's
            columns[1] = [h.w[k] for k in i.tolist()]
        return [State(*row) for row in zip(*columns, strict=True)]

    @cached_property
    def shown(self) -> slice:
        """The part of the history that any frame shows: up to the latest frame's state."""
        return slice(0, int(self.index.max()) + 1)

    @cached_property
    def curve(self) -> NDArray[np.intp]:
        """History positions drawn by growing curves and paths, in order.

        Every one if there are at most :data:`CURVE_POINTS`; else about that many, spaced
        geometrically and uniformly (the descent moves fast early and slowly later), plus
        each frame's own, so each frame's curve ends at its state.
        """
        end = self.shown.stop
        if end <= CURVE_POINTS:
            return np.arange(end)
        half = CURVE_POINTS // 2
        spaced = [np.geomspace(1, end, half) - 1, np.linspace(0, end - 1, half), self.index]
        return np.unique(np.concatenate(spaced).astype(np.intp))

    def curve_end(self, frame: int) -> int:
        """How many of :attr:`curve`'s points ``frame`` shows: those up to its state."""
        return int(np.searchsorted(self.curve, self.index[frame], side="right"))

    @cached_property
    def log_epochs(self) -> bool:
        """Whether epoch axes are log: half the frames in the first tenth crowd a linear one."""
        last = int(self.epochs.max())
        return last >= 20 and float(np.median(self.epochs)) < 0.1 * last


def default_epochs(history: History) -> NDArray[np.int64]:
    """The frames shown when none are asked for: the schedule's epochs the history holds.

    :func:`gdexplain.frame_schedule` with the last epoch, so the video ends where the
    run does; every recorded epoch if fewer than two are left.
    """
    return _scheduled(history.epoch)


def _scheduled(recorded: NDArray[np.int64]) -> NDArray[np.int64]:
    """The schedule's times among ``recorded`` (ascending), or all of them if fewer than two."""
    last = int(recorded[-1])
    if last < 1:
        return recorded
    scheduled = np.intersect1d(frame_schedule(last, endpoint=True), recorded)
    return scheduled if len(scheduled) >= 2 else recorded


def padded(low: float, high: float, fraction: float = 0.06) -> tuple[float, float]:
    """``(low, high)`` widened by ``fraction`` of the span each side.

    A zero span (a run that never moved) is widened by half the value, at least 0.5.

    Examples
    --------
    >>> padded(0.0, 10.0), padded(2.0, 2.0)
    ((-0.6, 10.6), (1.0, 3.0))
    """
    span = high - low
    margin = fraction * span if span > 0 else max(1.0, abs(low)) * 0.5
    return low - margin, high + margin
