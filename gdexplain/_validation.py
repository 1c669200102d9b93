"""Input checks shared by the public functions: each error names the problem."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray


def as_points(x: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return ``x`` and ``y`` as new 1-D float arrays, or raise naming what is wrong."""
    x_arr = as_inputs(x)
    y_arr = as_finite_array(y, "y", vector=True)
    if x_arr.size != y_arr.size:
        raise ValueError(
            f"x and y must have the same length, got {x_arr.size} x values "
            f"and {y_arr.size} y values"
        )
    return x_arr, y_arr


def as_data(x: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return ``x`` as a new ``(n,)`` or ``(n, p)`` float array and ``y`` as ``(n,)``, or raise.

    One feature keeps the one-dimensional ``x`` (and every message) of :func:`as_points`;
    several are a matrix with one row per point.
    """
    if np.ndim(x) < 2:
        return as_points(x, y)
    y_arr = as_finite_array(y, "y", vector=True)
    return as_features(x, n_points=y_arr.size), y_arr


def as_features(x: ArrayLike, *, n_points: int | None = None) -> NDArray[np.float64]:
    """Return ``x`` as a new ``(n,)`` or ``(n, p)`` float array of at least two points, or raise.

    With ``n_points`` (the length of ``y``), a matrix with one column per point
    instead of one row (a transposed ``X``) is named as such.
    """
    if np.ndim(x) < 2:
        return as_inputs(x)
    array = as_finite_array(x, "x")
    if array.ndim != 2:
        raise ValueError(
            "x must be one-dimensional (one feature) or two-dimensional (one row per point, "
            f"one column per feature), got shape {array.shape}"
        )
    n, p = array.shape
    if n_points is not None and n != n_points:
        hint = "; it looks transposed: pass x.T" if p == n_points else ""
        raise ValueError(
            f"x has {n} rows but y has {n_points} values: x must be one-dimensional, or "
            f"two-dimensional with one row per point (shape ({n_points}, p)){hint}"
        )
    if p == 0:
        raise ValueError(f"x has no feature columns, got shape {array.shape}")
    if n < 2:
        raise ValueError(
            f"need at least two data points, one row of x each, got {n} (x has shape "
            f"{array.shape}; one feature may be passed as a one-dimensional x)"
        )
    return array


def start_weights(w: ArrayLike, x: NDArray[np.float64]) -> Any:
    """The starting weight(s) for inputs ``x``: a float for one feature, ``(p,)`` for ``p``.

    For several features a single number starts every weight at that value.
    (Typed ``Any``: the optimisers' loops read the same for a float and an array.)
    """
    if x.ndim == 1:
        return finite_float(w, "w")  # type: ignore[arg-type]
    p = x.shape[1]
    weights = as_finite_array(w, "w")
    if weights.ndim == 0:
        return np.full(p, float(weights))
    if weights.shape != (p,):
        raise ValueError(
            f"w must be a number or {p} weights, one per column of x, got shape {weights.shape}"
        )
    return weights


def as_inputs(x: ArrayLike) -> NDArray[np.float64]:
    """Return the inputs ``x`` as a new 1-D float array of at least two, or raise."""
    array = as_finite_array(x, "x", vector=True)
    if array.size < 2:
        raise ValueError(f"need at least two data points to fit a line, got {array.size}")
    return array


def as_finite_array(
    values: ArrayLike, name: str, *, vector: bool = False, copy: bool = True
) -> NDArray[np.float64]:
    """Return ``values`` as a float array (1-D if ``vector``), or raise naming the problem.

    A copy by default, so a caller never sees its input modified; ``copy=False``
    only where the caller copies the result at once itself (a History freezes
    its arrays), to spare a second copy of a long run. Complex numbers are
    refused: casting them to float would silently drop their imaginary part.
    """
    try:
        given = np.asarray(values)
        array = (
            np.array(given, dtype=np.float64, copy=copy or None)
            if given.dtype.kind != "c"
            else None
        )
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of numbers: {error}") from None
    if array is None:
        raise TypeError(
            f"{name} must hold real numbers, got complex values such as {given.flat[0]}"
        )
    if vector and array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    bad = ~np.isfinite(array)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        where = f" at index {first[0] if len(first) == 1 else first}" if first else ""
        raise ValueError(f"{name} must be finite, found {array[bad].flat[0]}{where}")
    return array


def as_finite_parameters(
    w: ArrayLike, b: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return ``w`` and ``b`` as float arrays broadcast to a common shape."""
    w_arr = as_finite_array(w, "w")
    b_arr = as_finite_array(b, "b")
    try:
        return tuple(np.broadcast_arrays(w_arr, b_arr))  # type: ignore[return-value]
    except ValueError:
        raise ValueError(
            f"w and b must have broadcastable shapes, got {w_arr.shape} and {b_arr.shape}"
        ) from None


def _scalar(value: object) -> object:
    """A 0-d NumPy array as the number it holds; anything else unchanged."""
    return value.item() if isinstance(value, np.ndarray) and value.ndim == 0 else value


def positive_float(value: float, name: str) -> float:
    """Return ``value`` as a float, or raise if it is not a finite positive number."""
    value = _scalar(value)  # type: ignore[assignment]
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def finite_float(value: float, name: str) -> float:
    """Return ``value`` as a float, or raise if it is not a finite number."""
    value = _scalar(value)  # type: ignore[assignment]
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(value)


def count(value: int, name: str, *, minimum: int) -> int:
    """Return ``value`` as an int, or raise if it is not an integer ``>= minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value!r}")
    return int(value)


def flag(value: object, name: str) -> bool:
    """Return ``value`` as a bool, or raise if it is not ``True`` or ``False``."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def momentum_value(value: float, name: str = "momentum") -> float:
    """Return a momentum as a float, or raise if it is not in ``[0, 1)``."""
    momentum = finite_float(value, name)
    if not 0.0 <= momentum < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return momentum


#: The frame rates a saved animation may have. GIF stores each frame's delay in
#: whole hundredths of a second, so 100 fps is its fastest (and faster than a
#: screen refreshes); below one frame per 100 s a "video" is a slide show that
#: ffmpeg stops encoding correctly (at 1e-5 fps it writes a broken file).
MIN_FPS, MAX_FPS = 0.01, 100.0


def frame_rate(value: float, name: str = "fps") -> float:
    """Return a frame rate as a float, or raise if it is outside ``[MIN_FPS, MAX_FPS]``."""
    fps = finite_float(value, name)
    if not MIN_FPS <= fps <= MAX_FPS:
        raise ValueError(
            f"{name} must be between {MIN_FPS:g} and {MAX_FPS:g} frames per second "
            f"(GIF's shortest frame is 1/100 s), got {value!r}"
        )
    return fps
