"""What every lesson page promises, read from its source, and the theory to check it against.

Shared by the page tests of the "why it is slow" and "faster methods" sections: the form of a
lesson (short cells, the palette, phone-sized figures, hidden answers), and the article's
valley computed here without gdexplain (its Hessian from the sums, the minimum from
``numpy.polyfit``, the descent iterated on the error in matrix form).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

GALLERY = Path(__file__).resolve().parents[1] / "gallery"

# The article's data and start, and its valley, computed independently of gdexplain.
X = np.array([1.0, 2.0, 4.0, 5.0, 6.0, 7.0])
Y = np.array([4.0, -12.0, 3.0, -11.0, -5.0, -17.0])
START = np.array([3.0, -1.0])
# Our hours-studied data (gdexplain.classification_data()), typed in for the classification pages.
HOURS = np.array(
    [
        0.5,
        0.75,
        1.0,
        1.5,
        1.75,
        2.0,
        2.25,
        2.5,
        2.75,
        3.0,
        3.25,
        3.5,
        4.0,
        4.25,
        4.5,
        5.0,
        5.5,
        6.0,
    ]
)
PASSED = np.array([0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1], dtype=float)


def hessian_of(x: np.ndarray) -> np.ndarray:
    """The cost's Hessian, (2/n)[[Σx², Σx], [Σx, n]]."""
    return 2 / x.size * np.array([[np.sum(x**2), np.sum(x)], [np.sum(x), x.size]])


HESSIAN = hessian_of(X)
LAMBDAS, AXES = np.linalg.eigh(HESSIAN)  # smallest curvature first, the axes in columns
THETA_STAR = np.array(np.polyfit(X, Y, 1))


def errors(
    alpha: float,
    n_epochs: int,
    beta: float = 0.0,
    *,
    nesterov: bool = False,
    hessian: np.ndarray = HESSIAN,
    start_error: np.ndarray = START - THETA_STAR,
) -> np.ndarray:
    """θ_k − θ* for k = 0..n_epochs: e' = y − αHy with y = e + β(e − e₋) (Nesterov), or
    e' = y − αHe (the heavy ball; gradient descent when β = 0)."""
    previous = current = start_error
    path = [current]
    for _ in range(n_epochs):
        ahead = current + beta * (current - previous)
        pulled_at = ahead if nesterov else current
        previous, current = current, ahead - alpha * hessian @ pulled_at
        path.append(current)
    return np.array(path)


def first_within(path: np.ndarray, tolerance: float = 1e-6) -> int:
    """The first epoch whose error is shorter than ``tolerance``."""
    return int(np.flatnonzero(np.hypot(*path.T) < tolerance)[0])


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


#: Pages that record a run of their own hand loop in a ``History``, and why no optimiser
#: of the library makes that run.
HAND_RECORDED = {
    "several_features/plot_03_fixed_b.py": "the article's run with b held at its optimum",
}


def check_lesson_form(page: str, figure_widths: list[float], *, animations: int = 0) -> None:
    """Assert the page's form: short cells, no hex colours, no History built by hand, phones.

    A page shows at least one figure or animation (``animations``: how many it binds).
    """
    text = source(page)
    assert max(code_cell_lengths(page)) <= LONGEST_CELL, code_cell_lengths(page)
    assert not re.search(r"#[0-9A-Fa-f]{6}\b", text), "a hex colour: use the palette by name"
    assert "History(" not in text or page in HAND_RECORDED, "a History rebuilt by hand"
    assert re.search(r"^# Exercises$", text, flags=re.MULTILINE)
    assert 2 <= len(answers(page)) <= 4
    assert figure_widths or animations, "the page shows no figure"
    assert max(figure_widths, default=0.0) <= WIDEST_FIGURE


def check_built_lesson(built_site: Path, lesson: str, videos: int, figures: int) -> None:
    """Assert the built page of ``lesson`` has its videos, its figures and its hidden answers."""
    from bs4 import BeautifulSoup

    html = built_site / "auto_examples" / Path(lesson).with_suffix(".html")
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    assert len(soup.find_all("video")) == videos
    pictures = [
        img["src"]
        for img in soup.find_all("img", src=True)
        if f"sphx_glr_{Path(lesson).stem}_0" in img["src"]
    ]
    assert len(pictures) == figures, pictures
    assert all((html.parent / src).is_file() for src in pictures)
    dropdowns = soup.select("details.sd-dropdown")
    assert len(dropdowns) == len(answers(lesson))
    assert all(not dropdown.has_attr("open") for dropdown in dropdowns)


PageRun = tuple[dict[str, object], str, list[float]]


def lesson_fixture(page: str, name: str) -> Callable[..., PageRun]:
    """A fixture, called ``name``, that runs ``page`` once per session through ``run_page``.

    It gives the page's names, its output and the widths of the figures it shows with
    ``plt.show()``; the first test that asks for it runs the page, the others reuse the run.
    """
    cache: list[PageRun] = []

    @pytest.fixture(name=name)
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
