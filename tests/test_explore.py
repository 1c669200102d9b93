"""The explorer widget's Python side: what it embeds, its size, and its refusals.

What the widget computes is tested in a real browser, against the Python runs, in
tests/test_explore_browser.py.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

import gdexplain
from gdexplain import article_data, cost, curvatures, explore, hessian, least_squares
from gdexplain.divergence import DIVERGENCE_FACTOR
from gdexplain.explore import MAX_EPOCHS, Explorer

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
MAX_WIDGET_BYTES = 150_000


class _Scripts(HTMLParser):
    """The contents of each <script> element, keyed by its type ("" for JavaScript)."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[str, str]] = []
        self._type: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._type = dict(attrs).get("type") or ""
            self.scripts.append((self._type, ""))

    def handle_data(self, data: str) -> None:
        if self._type is not None:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._type = None


def scripts_of(html: str) -> list[tuple[str, str]]:
    parser = _Scripts()
    parser.feed(html)
    return parser.scripts


def embedded_data(html: str) -> dict:
    (data,) = [text for kind, text in scripts_of(html) if kind == "application/json"]
    return json.loads(data)


def test_explore_is_a_top_level_name() -> None:
    assert gdexplain.explore is explore
    assert "explore" in gdexplain.__all__


def test_widget_embeds_the_data_exactly_and_the_settings() -> None:
    rng = np.random.default_rng(7)
    x, y = rng.normal(size=40), rng.normal(size=40)
    widget = explore(x, y, learning_rate=0.02, momentum=0.5, nesterov=True, w=1.5, b=-2.0)
    data = embedded_data(widget._repr_html_())
    assert data["x"] == x.tolist()  # JSON keeps every bit of a float64
    assert data["y"] == y.tolist()
    assert data["settings"] == {
        "method": "momentum",  # chosen by the momentum given
        "learning_rate": 0.02,
        "momentum": 0.5,
        "nesterov": True,
        "epsilon": 1e-8,
        "decay": 0.9,
        "beta1": 0.9,
        "beta2": 0.999,
        "centre": False,
        "w": 1.5,
        "b": -2.0,
        "n_epochs": 12_000,
    }


def test_widget_is_one_root_with_its_style_script_and_hooks() -> None:
    html = explore(*article_data())._repr_html_()
    assert html.startswith('<div class="gdexplain-explorer">')
    assert html.endswith("</div>")
    kinds = [kind for kind, _ in scripts_of(html)]
    assert kinds == ["application/json", ""]
    assert "<style>" in html
    javascript = scripts_of(html)[1][1]
    for name in ("learning_rate", "momentum", "w", "b", "n_epochs", "nesterov", "centre"):
        assert f'name="{name}"' in javascript
    assert "data-path" in javascript


def test_widget_fetches_nothing() -> None:
    html = explore(*article_data())._repr_html_()
    urls = set(re.findall(r"""(?:https?:)?//[\w.-]+\.\w+[^\s"'<>)]*""", html))
    assert urls == {SVG_NAMESPACE}, "the only URL may be the SVG namespace, never fetched"
    assert not re.search(r"\b(src|href)\s*=\s*[\"']?(https?:)?//", html)
    assert "@import" not in html


@pytest.mark.parametrize("n_points", [6, 200])
def test_widget_stays_under_150_kb(n_points: int) -> None:
    rng = np.random.default_rng(0)
    x, y = rng.uniform(0, 10, n_points), rng.normal(size=n_points)
    size = len(explore(x, y)._repr_html_().encode("utf-8"))
    assert size < MAX_WIDGET_BYTES, f"{size} bytes"


def test_title_cannot_break_out_of_the_widget() -> None:
    html = explore(*article_data(), title="</script><script>alert(1)</script>")._repr_html_()
    assert html.count("<script") == 2
    assert embedded_data(html)["title"] == "</script><script>alert(1)</script>"


def test_save_writes_a_page_that_holds_the_widget(tmp_path: Path) -> None:
    widget = explore(*article_data(), title="Article data")
    path = widget.save(tmp_path / "explorer.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert widget._repr_html_() in page
    assert "<title>Article data</title>" in page


def test_a_failed_save_keeps_the_old_page_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "explorer.html"
    page.write_text("the old page", encoding="utf-8")
    widget = explore(*article_data())

    def fail(self: Explorer) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Explorer, "to_html", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        widget.save(page)
    assert [p.name for p in tmp_path.iterdir()] == ["explorer.html"]
    assert page.read_text(encoding="utf-8") == "the old page"
    with pytest.raises(FileNotFoundError, match="does not exist"):
        widget.save(tmp_path / "missing" / "explorer.html")


def test_explorer_copies_are_independent_of_later_changes_to_the_input() -> None:
    x, y = article_data()
    widget = explore(x, y)
    x[0] = 100.0
    assert embedded_data(widget._repr_html_())["x"][0] == 1.0


@pytest.mark.parametrize(
    ("settings", "error", "message"),
    [
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"learning_rate": float("nan")}, ValueError, "learning_rate"),
        ({"momentum": 1.0}, ValueError, "momentum must be in"),
        ({"momentum": -0.1}, ValueError, "momentum must be in"),
        ({"nesterov": "yes"}, TypeError, "nesterov must be True or False"),
        ({"centre": 1}, TypeError, "centre must be True or False"),
        ({"w": float("inf")}, ValueError, "w must be finite"),
        ({"n_epochs": 0}, ValueError, "n_epochs must be at least 1"),
        ({"n_epochs": 2.5}, TypeError, "n_epochs must be an integer"),
        ({"title": 3}, TypeError, "title must be a string"),
    ],
)
def test_bad_settings_are_refused_by_name(settings: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        explore(*article_data(), **settings)


def test_data_without_a_unique_minimum_is_refused() -> None:
    with pytest.raises(ValueError, match="zero variance"):
        explore([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="at least two"):
        explore([1.0], [1.0])


def test_script_and_style_ship_as_package_data() -> None:
    # Hatchling puts every file of the package folder into the wheel; the widget reads
    # them through importlib.resources, as an installed package would.
    from importlib import resources

    folder = resources.files("gdexplain.explore")
    for name in ("explorer.js", "explorer.css"):
        text = folder.joinpath(name).read_text(encoding="utf-8")
        assert text in explore(*article_data())._repr_html_()


def test_the_epoch_limit_is_the_widgets() -> None:
    # The widget's epoch box and slider end at the number the builder passes it.
    data = embedded_data(explore(*article_data(), n_epochs=MAX_EPOCHS)._repr_html_())
    assert data["numbers"]["max_epochs"] == data["settings"]["n_epochs"] == MAX_EPOCHS
    with pytest.raises(ValueError, match=f"n_epochs must be at most {MAX_EPOCHS:,}"):
        explore(*article_data(), n_epochs=MAX_EPOCHS + 1)


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"w": 1e200}, "the cost at the start"),
        ({"x_times": 1e160}, "x\\*\\*2 overflows"),
        ({"x_times": 2.5e307}, "x\\*\\*2 overflows"),  # its sum overflows too
        ({"y_times": 1e300}, "the cost at the least-squares line overflows"),
        ({"x_times": 1e-200}, "the spread of x .* is too small for float64"),
        ({"w": 1e200, "centre": True}, "the cost at the start"),
    ],
)
def test_what_float64_cannot_hold_is_refused_in_one_line(change: dict, names: str) -> None:
    x, y = article_data()
    x, y = x * change.pop("x_times", 1.0), y * change.pop("y_times", 1.0)
    with pytest.raises(ValueError, match=names) as refused:
        explore(x, y, **change)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("offset", [0.0, 1e8])
def test_the_widget_takes_its_numbers_from_python(offset: float) -> None:
    # On x = 1e8 + the article's x the browser's own formula for the smaller curvature
    # cancels (4e-16 instead of 8.9e-16): the widget reads Python's instead.
    x, y = article_data()
    x = x + offset
    numbers = embedded_data(explore(x, y)._repr_html_())["numbers"]
    assert numbers["mean_x"] == x.mean()
    assert numbers["divergence_factor"] == DIVERGENCE_FACTOR
    for name, inputs in (("raw", x), ("centred", x - x.mean())):
        known = numbers[name]
        best = least_squares(inputs, y)
        assert known["best"] == list(best)
        assert known["minimum"] == float(cost(inputs, y, *best))
        assert known["curvatures"] == list(curvatures(inputs))
        (h_ww, h_wb), (_, h_bb) = hessian(inputs)
        assert known["hessian"] == [h_ww, h_wb, h_bb]


def test_the_cost_floor_is_where_j_reads_as_its_minimum() -> None:
    # Below the floor, J - J* is rounding: a quarter of it added to J* rounds back to J*,
    # the floor itself is the next float64 after J*.
    x, y = article_data()
    known = embedded_data(explore(x, y)._repr_html_())["numbers"]["raw"]
    minimum, floor = known["minimum"], known["floor"]
    assert minimum + floor / 4 == minimum
    assert minimum + floor == np.nextafter(minimum, np.inf)


def test_the_explore_page_states_pythons_divergence_rule() -> None:
    page = Path(__file__).resolve().parents[1] / "gallery" / "explore" / "plot_01_explore.py"
    assert "passes a million times the starting cost" in " ".join(
        line.removeprefix("# ") for line in page.read_text(encoding="utf-8").splitlines()
    )
    assert DIVERGENCE_FACTOR == 1e6


@pytest.mark.parametrize(
    ("settings", "method"),
    [({}, "gd"), ({"nesterov": True}, "momentum"), ({"method": "adam"}, "adam")],
)
def test_the_method_defaults_to_what_the_settings_say(settings, method) -> None:
    data = embedded_data(explore(*article_data(), **settings)._repr_html_())
    assert data["settings"]["method"] == method


def test_adaptive_settings_are_embedded() -> None:
    widget = explore(
        *article_data(), method="rmsprop", epsilon=1e-4, decay=0.5, beta1=0.8, beta2=0.99
    )
    settings = embedded_data(widget._repr_html_())["settings"]
    assert [settings[name] for name in ("method", "epsilon", "decay", "beta1", "beta2")] == [
        "rmsprop",
        1e-4,
        0.5,
        0.8,
        0.99,
    ]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"method": "sgd"},
            "method must be one of gd, momentum, adagrad, rmsprop, adam, got 'sgd'",
        ),
        ({"method": "adam", "momentum": 0.5}, "momentum applies only to method 'momentum'"),
        ({"beta1": 1.0}, r"beta1 must be in \[0, 1\), got 1.0"),
        ({"beta2": float("nan")}, "beta2 must be finite"),
        ({"decay": -0.1}, r"decay must be in \[0, 1\)"),
        ({"epsilon": 0.0}, "epsilon must be a positive finite number"),
    ],
)
def test_bad_method_settings_are_refused_in_one_line(settings, message) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        explore(*article_data(), **settings)
    assert "\n" not in str(caught.value)
