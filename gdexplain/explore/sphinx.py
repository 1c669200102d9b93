"""A Sphinx directive that puts an explorer of the article's data into a page.

Add ``"gdexplain.explore.sphinx"`` to ``extensions`` in ``conf.py``, then write::

    .. gdexplain-explore::
       :compact:
       :learning_rate: 0.001

The options are the settings of :func:`gdexplain.explore` (``learning_rate``, ``momentum``,
``nesterov``, ``centre``, ``w``, ``b``, ``n_epochs``, ``title``) and the flag ``compact``.
The widget is built when the page is read, so it always matches the installed package.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive, directives

from gdexplain.data import article_data
from gdexplain.explore import explore


def _flag(argument: str | None) -> bool:
    """``:nesterov:`` alone, or ``:nesterov: true``/``false``."""
    if argument is None or argument.strip().lower() in {"", "true", "yes", "1"}:
        return True
    if argument.strip().lower() in {"false", "no", "0"}:
        return False
    raise ValueError(f"expected true or false, got {argument!r}")


class ExploreDirective(Directive):
    """The ``gdexplain-explore`` directive: an explorer of the article's six points."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "learning_rate": float,
        "momentum": float,
        "nesterov": _flag,
        "centre": _flag,
        "w": float,
        "b": float,
        "n_epochs": int,
        "title": directives.unchanged,
        "compact": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        """Build the widget from the directive's options.

        Returns
        -------
        list of docutils.nodes.Node
            One raw HTML node holding the widget.
        """
        settings = dict(self.options)
        compact = settings.pop("compact", False) is None  # a present flag's value is None
        try:
            widget = explore(*article_data(), compact=compact, **settings)
        except (TypeError, ValueError) as error:
            raise self.error(f"gdexplain-explore: {error}") from None
        return [nodes.raw("", widget._repr_html_(), format="html")]


def setup(app: Any) -> dict[str, Any]:
    """Register the directive (Sphinx calls this for ``extensions``)."""
    app.add_directive("gdexplain-explore", ExploreDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
