"""Animations of gradient descent, drawn from a :class:`~gdexplain.History`.

Four kinds, each a function taking a history and returning a
:class:`DescentAnimation`:

* :func:`animate_fit` -- the line fitting the data, beside w, b and J against epoch;
* :func:`animate_slices` -- the fit with its residuals, above J against w and against b;
* :func:`animate_contour` -- the path across the contour map of J(w, b), beside the fit;
* :func:`animate_surface` -- the path on the 3D cost surface, beside the fit.

:data:`ANIMATIONS` maps their names to them, for command lines and loops.
"""

from __future__ import annotations

from collections.abc import Callable

from gdexplain.animation._engine import DEFAULT_FPS, DescentAnimation
from gdexplain.animation._show import show
from gdexplain.animation.contour import animate_contour
from gdexplain.animation.fit import animate_fit
from gdexplain.animation.slices import animate_slices
from gdexplain.animation.surface import animate_surface

#: The animations by name: ``ANIMATIONS["fit"](history)`` is ``animate_fit(history)``.
ANIMATIONS: dict[str, Callable[..., DescentAnimation]] = {
    "fit": animate_fit,
    "slices": animate_slices,
    "contour": animate_contour,
    "surface": animate_surface,
}

__all__ = [
    "ANIMATIONS",
    "DEFAULT_FPS",
    "DescentAnimation",
    "animate_contour",
    "animate_fit",
    "animate_slices",
    "animate_surface",
    "show",
]
