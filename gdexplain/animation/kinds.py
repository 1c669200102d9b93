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

    @property
    def function_name(self) -> str:
        """The name of the function that draws it, ``animate_NAME``."""
        return f"animate_{self.name}"


#: Every animation kind, in the order the lesson shows them.
KINDS: tuple[Kind, ...] = (
    Kind("fit", "the data and the current line, beside w, b and J against epoch"),
    Kind("slices", "the fit with its residuals, above J against w and J against b"),
    Kind("contour", "the path across the contour map of J(w, b), beside the fit"),
    Kind("surface", "the path on the 3D cost surface, beside the fit"),
    Kind("gradient", "the slices' tangents and each point's pull, adding up to -grad J"),
)

#: The kinds' names, in order.
NAMES: tuple[str, ...] = tuple(kind.name for kind in KINDS)
