"""Animations of gradient descent, drawn from :class:`~gdexplain.History` records.

One function per kind in :data:`~gdexplain.animation.kinds.KINDS`, each taking
a history and returning a :class:`DescentAnimation`; :data:`ANIMATIONS` maps
the kinds' names to them, for command lines and loops. Everything here is
imported on first use, so ``import gdexplain.animation.kinds`` needs no
matplotlib.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gdexplain.animation.kinds import KINDS

if TYPE_CHECKING:
    # For type checkers only (the names are re-exported, hence the aliases).
    from gdexplain.animation._engine import DEFAULT_FPS as DEFAULT_FPS
    from gdexplain.animation._engine import DescentAnimation as DescentAnimation
    from gdexplain.animation._show import show as show
    from gdexplain.animation.boundary import animate_boundary as animate_boundary
    from gdexplain.animation.contour import animate_contour as animate_contour
    from gdexplain.animation.fit import animate_fit as animate_fit
    from gdexplain.animation.gradient import animate_gradient as animate_gradient
    from gdexplain.animation.plane import animate_plane as animate_plane
    from gdexplain.animation.slices import animate_slices as animate_slices
    from gdexplain.animation.surface import animate_surface as animate_surface

    ANIMATIONS: dict[str, Callable[..., DescentAnimation]]

_MODULES = {kind.function_name: f"gdexplain.animation.{kind.name}" for kind in KINDS} | {
    "DescentAnimation": "gdexplain.animation._engine",
    "DEFAULT_FPS": "gdexplain.animation._engine",
    "show": "gdexplain.animation._show",
}
__all__ = ["ANIMATIONS", "DEFAULT_FPS", "DescentAnimation", "show"]
__all__ += [kind.function_name for kind in KINDS]


def __getattr__(name: str) -> Any:
    # Imported on first use: matplotlib loads only when an animation is asked for.
    if name == "ANIMATIONS":
        value: Any = {kind.name: __getattr__(kind.function_name) for kind in KINDS}
    elif name in _MODULES:
        value = getattr(importlib.import_module(_MODULES[name]), name)
    else:
        raise AttributeError(f"module 'gdexplain.animation' has no attribute {name!r}")
    globals()[name] = value
    return value
