"""What every lesson page promises, read from its source: short cells, the palette, answers.

Shared by the page tests of the "why it is slow" and "faster methods" sections.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

GALLERY = Path(__file__).resolve().parents[1] / "gallery"

#: The longest code cell a lesson may have, in lines of code (comments and blank lines aside).
LONGEST_CELL = 30
#: The widest static figure a phone shows at its own size: 590 px at 100 dpi.
WIDEST_FIGURE = 5.9


def source(page: str) -> str:
    """The page's source, ``page`` relative to gallery/."""
    return (GALLERY / page).read_text(encoding="utf-8")


def code_cell_lengths(page: str) -> list[int]:
    """How many lines of code each ``# %%`` cell of the page holds."""
    cells = re.split(r"^# %%.*$", source(page), flags=re.MULTILINE)
    return [
        sum(1 for line in cell.splitlines() if line.strip() and not line.lstrip().startswith("#"))
        for cell in cells
    ]


def answers(page: str) -> list[str]:
    """The text of each exercise answer (a ``.. dropdown:: Answer`` block) of the page."""
    blocks: list[str] = []
    lines = source(page).splitlines()
    for number, line in enumerate(lines):
        if line.strip() == "#    .. dropdown:: Answer":
            body = []
            for following in lines[number + 1 :]:
                # The block ends at the first comment line less indented than its body.
                if following.strip() != "#" and not following.startswith("#       "):
                    break
                body.append(following.lstrip("# "))
            blocks.append(" ".join(" ".join(body).split()))
    return blocks


def check_lesson_form(page: str, figure_widths: list[float]) -> None:
    """Assert the page's form: short cells, no hex colours, no History built by hand, phones."""
    text = source(page)
    assert max(code_cell_lengths(page)) <= LONGEST_CELL, code_cell_lengths(page)
    assert not re.search(r"#[0-9A-Fa-f]{6}\b", text), "a hex colour: use the palette by name"
    assert "History(" not in text, "a History rebuilt by hand"
    assert re.search(r"^# Exercises$", text, flags=re.MULTILINE)
    assert 2 <= len(answers(page)) <= 4
    assert figure_widths, "the page shows no figure"
    assert max(figure_widths) <= WIDEST_FIGURE


PageRun = tuple[dict[str, object], str, list[float]]


def page_runner(page: str) -> Callable[..., PageRun]:
    """A fixture body running ``page`` once per test session: its names, output, figure widths.

    The figure widths are those of the figures the page shows with ``plt.show()``.
    """
    cache: list[PageRun] = []

    def run(run_page: Callable[[str], tuple[dict[str, object], str]], monkeypatch) -> PageRun:
        if not cache:
            widths: list[float] = []
            monkeypatch.setattr(
                plt, "show", lambda *args, **kwargs: widths.append(plt.gcf().get_figwidth())
            )
            names, printed = run_page(page)
            cache.append((names, printed, widths))
        return cache[0]

    return run


def printed_value(printed: str, pattern: str) -> float:
    """The number the page printed where ``pattern`` (a regex with one group) matches."""
    found = re.search(pattern, printed)
    if found is None:
        pytest.fail(f"the page does not print {pattern!r}")
    return float(found.group(1).replace(",", ""))
