"""Which epochs an animation draws: dense where the action is, sparse after."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from gdexplain._validation import count


def frame_schedule(
    n_epochs: int = 12_000,
    *,
    breakpoints: Sequence[int] = (50, 100),
    steps: Sequence[int] = (1, 5, 200),
    endpoint: bool = False,
) -> NDArray[np.int64]:
    """The epochs to draw, with a step that grows after each breakpoint.

    Parameters
    ----------
    n_epochs : int, default 12_000
        The number of trained epochs; frames are drawn below it.
    breakpoints : sequence of int, default (50, 100)
        Increasing epochs where the step changes.
    steps : sequence of int, default (1, 5, 200)
        The step before the first breakpoint, between each pair and after the
        last: one more step than breakpoints. Breakpoints past ``n_epochs`` are
        simply not reached.
    endpoint : bool, default False
        Also draw the last trained epoch, ``n_epochs`` itself.

    Returns
    -------
    ndarray of int
        Increasing epochs, starting at 0.

    Raises
    ------
    ValueError, TypeError
        If a count is not a positive integer, the breakpoints do not increase
        or there is not exactly one more step than breakpoints.

    Examples
    --------
    The article's schedule: every epoch to 49, every 5th to 95, every 200th to
    11,900.

    >>> frames = frame_schedule()
    >>> len(frames), frames[48:52].tolist(), frames[-1]
    (120, [48, 49, 50, 55], np.int64(11900))
    >>> frame_schedule(30, breakpoints=[10], steps=[2, 10], endpoint=True).tolist()
    [0, 2, 4, 6, 8, 10, 20, 30]
    """
    n_epochs = count(n_epochs, "n_epochs", minimum=1)
    breakpoints = [count(value, "each breakpoint", minimum=1) for value in breakpoints]
    steps = [count(value, "each step", minimum=1) for value in steps]
    if len(steps) != len(breakpoints) + 1:
        raise ValueError(
            f"need one more step than breakpoints, got {len(steps)} steps "
            f"for {len(breakpoints)} breakpoints"
        )
    if any(later <= earlier for earlier, later in pairwise(breakpoints)):
        raise ValueError(f"breakpoints must increase, got {breakpoints}")

    edges = [0, *(min(point, n_epochs) for point in breakpoints), n_epochs]
    segments = [
        np.arange(start, stop, step)
        for (start, stop), step in zip(pairwise(edges), steps, strict=True)
    ]
    if endpoint:
        segments.append(np.array([n_epochs]))
    return np.concatenate(segments).astype(np.int64)
