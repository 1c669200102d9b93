"""gdexplain: batch gradient descent on simple linear regression, shown step by step."""

from typing import TYPE_CHECKING, Any

from gdexplain.animation.kinds import KINDS
from gdexplain.data import article_data, classification_data
from gdexplain.descent import (
    adagrad_descent,
    adam_descent,
    gradient_descent,
    minibatch_indices,
    momentum_descent,
    rmsprop_descent,
    stochastic_descent,
)
from gdexplain.divergence import DivergenceError
from gdexplain.explore import explore
from gdexplain.history import History, State
from gdexplain.regression import (
    MODELS,
    cost,
    gradient,
    hessian,
    least_squares,
    optimum,
    per_sample_gradients,
    predict,
)
from gdexplain.schedule import frame_schedule
from gdexplain.theory import (
    MomentumSettings,
    condition_number,
    convergence_rate,
    curvatures,
    epochs_to_tolerance,
    exact_path,
    optimal_learning_rate,
    optimal_momentum,
    stability_limit,
)

if TYPE_CHECKING:
    # For type checkers only (imported on first use below, hence the aliases).
    from gdexplain.animation import ANIMATIONS as ANIMATIONS
    from gdexplain.animation import DescentAnimation as DescentAnimation
    from gdexplain.animation import animate_boundary as animate_boundary
    from gdexplain.animation import animate_contour as animate_contour
    from gdexplain.animation import animate_fit as animate_fit
    from gdexplain.animation import animate_gradient as animate_gradient
    from gdexplain.animation import animate_plane as animate_plane
    from gdexplain.animation import animate_slices as animate_slices
    from gdexplain.animation import animate_surface as animate_surface
    from gdexplain.animation import show as show

__all__ = [
    "ANIMATIONS",
    "MODELS",
    "DescentAnimation",
    "DivergenceError",
    "History",
    "MomentumSettings",
    "State",
    "adagrad_descent",
    "adam_descent",
    "article_data",
    "classification_data",
    "condition_number",
    "convergence_rate",
    "cost",
    "curvatures",
    "epochs_to_tolerance",
    "exact_path",
    "explore",
    "frame_schedule",
    "gradient",
    "gradient_descent",
    "hessian",
    "least_squares",
    "minibatch_indices",
    "momentum_descent",
    "optimal_learning_rate",
    "optimal_momentum",
    "optimum",
    "per_sample_gradients",
    "predict",
    "rmsprop_descent",
    "show",
    "stability_limit",
    "stochastic_descent",
]
# One function per kind of the registry: a new kind is exported without an edit here.
__all__ += [kind.function_name for kind in KINDS]

#: The names that need matplotlib, imported on first use.
_ANIMATION_NAMES = {"ANIMATIONS", "DescentAnimation", "show"}
_ANIMATION_NAMES |= {kind.function_name for kind in KINDS}
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The animations need matplotlib: imported on first use, so `import gdexplain`
    # (and the command line's `train`) stays fast.
    if name in _ANIMATION_NAMES:
        from gdexplain import animation

        return getattr(animation, name)
    raise AttributeError(f"module 'gdexplain' has no attribute {name!r}")
