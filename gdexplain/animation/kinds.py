"""The registry of animation kinds: one line per kind, importable without matplotlib.

Everything that lists the kinds derives from :data:`KINDS`: the command line's
choices and help, the lazy top-level names (``gdexplain.animate_fit``), the API
page and the benchmark. Adding a kind means its module
(``gdexplain/animation/NAME.py`` defining ``animate_NAME``), one line here and
its gallery page.
"""

from __future__ import annotations

from typing import NamedTuple


class Kind(NamedTuple):
    """An animation kind: its name (as the command line spells it) and what it shows."""

    name: str
    summary: str
    #: How many features a run it draws may have: at least, and at most (None: any).
    min_features: int = 1
    max_features: int | None = None
    #: The models whose runs it draws (see :data:`gdexplain.regression.MODELS`).
    models: tuple[str, ...] = ("linear", "logistic")

    def takes(self, n_features: int) -> bool:
        """Whether it draws a run with ``n_features`` features."""
        top = n_features if self.max_features is None else self.max_features
        return self.min_features <= n_features <= top

    @property
    def features(self) -> str:
        """The runs it draws, in words: ``"any number of features"``, ``"one feature"``..."""
        if self.max_features is None:
            return "any number of features"
        if self.min_features == self.max_features:
            count = self.min_features
            return "one feature" if count == 1 else f"exactly {count} features"
        return f"{self.min_features} to {self.max_features} features"

    @property
    def function_name(self) -> str:
        """The name of the function that draws it, ``animate_NAME``."""
        return f"animate_{self.name}"


#: Every animation kind, in the order the lesson shows them.
KINDS: tuple[Kind, ...] = (
    Kind("fit", "the data and the current line, beside w, b and J against epoch"),
    Kind(
        "slices",
        "the fit with its residuals, above J against w and J against b",
        models=("linear",),
    ),
    Kind("contour", "the path across the contour map of J(w, b), beside the fit"),
    Kind("surface", "the path on the 3D cost surface, beside the fit"),
    Kind(
        "gradient",
        "the slices' tangents and each point's pull, adding up to -grad J",
        max_features=1,
        models=("linear",),
    ),
    Kind(
        "plane",
        "the points in 3D and the fitted plane, beside w1, w2, b and J - J*",
        min_features=2,
        max_features=2,
        models=("linear",),
    ),
    Kind(
        "boundary",
        "the two classes and the moving boundary p = 1/2, beside w1, w2, b and J",
        min_features=2,
        max_features=2,
        models=("logistic",),
    ),
)

#: The kinds' names, in order.
NAMES: tuple[str, ...] = tuple(kind.name for kind in KINDS)
