"""gdexplain: batch gradient descent on simple linear regression, shown step by step."""

from typing import TYPE_CHECKING, Any

from gdexplain.animation.kinds import KINDS
from gdexplain.data import article_data
from gdexplain.descent import DivergenceError, gradient_descent
from gdexplain.history import History, State
from gdexplain.regression import (
    cost,
    gradient,
    hessian,
    least_squares,
    predict,
    stability_limit,
)
from gdexplain.schedule import frame_schedule

if TYPE_CHECKING:
    from gdexplain.animation import (
        ANIMATIONS,
        DescentAnimation,
        animate_contour,
        animate_fit,
        animate_slices,
        animate_surface,
        show,
    )

__all__ = [
    "ANIMATIONS",
    "DescentAnimation",
    "DivergenceError",
    "History",
    "State",
    "animate_contour",
    "animate_fit",
    "animate_slices",
    "animate_surface",
    "article_data",
    "cost",
    "frame_schedule",
    "gradient",
    "gradient_descent",
    "hessian",
    "least_squares",
    "predict",
    "show",
    "stability_limit",
]
__version__ = "0.1.0"

_ANIMATION_NAMES = {"ANIMATIONS", "DescentAnimation", "show"}
_ANIMATION_NAMES |= {kind.function_name for kind in KINDS}


def __getattr__(name: str) -> Any:
    # The animations need matplotlib: imported on first use, so `import gdexplain`
    # (and the command line's `train`) stays fast.
    if name in _ANIMATION_NAMES:
        from gdexplain import animation

        return getattr(animation, name)
    raise AttributeError(f"module 'gdexplain' has no attribute {name!r}")
