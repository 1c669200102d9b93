r"""The parameters :math:`\theta = (w_1, \dots, w_p, b)` of a run, by name, for the pictures.

One feature names them ``w`` and ``b``, as the part-1 lessons do; ``p`` features
``w1`` ... ``wp`` and ``b``, the intercept last as in :func:`gdexplain.hessian`.
A map of the cost shows two of them, a *pair*, chosen by these names.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from gdexplain.animation import style
from gdexplain.animation.kinds import KINDS
from gdexplain.history import History

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def names(n_features: int) -> list[str]:
    """The parameters' names in the Hessian's order: ``["w", "b"]`` or ``["w1", ..., "b"]``.

    Examples
    --------
    >>> names(1), names(2)
    (['w', 'b'], ['w1', 'w2', 'b'])
    """
    weights = ["w"] if n_features == 1 else [f"w{k}" for k in range(1, n_features + 1)]
    return [*weights, "b"]


def symbol(name: str) -> str:
    """The mathtext symbol of a parameter: ``$w$``, ``$w_2$``, ``$b$``."""
    return f"${name[0]}_{{{name[1:]}}}$" if len(name) > 1 else f"${name}$"


def plain(name: str) -> str:
    """The parameter's name in plain text with a subscript (``w₂``): cheap to redraw."""
    return name[0] + name[1:].translate(_SUBSCRIPTS)


def label(name: str) -> str:
    """An axis label: ``slope $w$``, ``weight $w_2$``, ``intercept $b$``."""
    if name == "b":
        return style.LABELS["b"]
    return style.LABELS["w"] if name == "w" else f"weight {symbol(name)}"


def colour(name: str) -> str:
    """The weights' colour or the intercept's."""
    return style.B if name == "b" else style.W


def values(history: History) -> NDArray[np.float64]:
    """Every recorded :math:`\\theta`, one row each: shape ``(m, p + 1)``."""
    return np.column_stack([history.w, history.b])


def slopes(history: History) -> NDArray[np.float64]:
    """Every recorded gradient :math:`\\nabla J`, one row each: shape ``(m, p + 1)``."""
    return np.column_stack([history.dJ_dw, history.dJ_db])


def default_pair(n_features: int) -> tuple[str, str]:
    """The pair a map shows unless asked: ``(w, b)`` for one feature, else the first two weights."""
    first, second, *_ = names(n_features)
    return first, second


def resolve_pair(pair: Sequence[str] | None, n_features: int) -> tuple[int, int]:
    """The positions in :math:`\\theta` of the pair of parameters named, or a one-line ValueError.

    Examples
    --------
    >>> resolve_pair(None, 2), resolve_pair(("w2", "b"), 2)
    ((0, 1), (1, 2))
    """
    every = names(n_features)
    chosen = default_pair(n_features) if pair is None else tuple(pair)
    if len(chosen) != 2 or any(not isinstance(name, str) for name in chosen):
        raise ValueError(f"pair must be two parameter names from {every}, got {pair!r}")
    unknown = [name for name in chosen if name not in every]
    if unknown:
        raise ValueError(
            f"pair names {unknown[0]!r}, not a parameter of this run: choose two of {every}"
        )
    if chosen[0] == chosen[1]:
        raise ValueError(f"pair must name two different parameters, got {chosen[0]!r} twice")
    return every.index(chosen[0]), every.index(chosen[1])


def needs_features(history: History, kind: str, count: int) -> None:
    """Refuse in one line a run without exactly ``count`` features, for a kind drawn for them."""
    if history.n_features != count:
        wanted = "one feature" if count == 1 else f"exactly {count} features"
        raise ValueError(
            f"the {kind} animation draws runs with {wanted}; this run has {history.n_features}"
        )


def needs_model(history: History, kind: str) -> None:
    """Refuse in one line a run of a model the kind does not draw, naming the model."""
    models = next(k.models for k in KINDS if k.name == kind)
    if history.model not in models:
        raise ValueError(
            f"the {kind} animation draws runs of the {' or '.join(models)} model; "
            f"this run is of the {history.model} model"
        )
