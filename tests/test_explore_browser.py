"""The explorer in a real browser: its JavaScript run held to the Python runs, epoch by epoch.

Each widget is written to a temporary .html file and opened over ``file://`` in Debian's
Chromium (driven by Playwright), with every request that is not a local file aborted and
recorded: the widget must need nothing from anywhere. The tests set each setting the way a
reader (or a reader's script) does, through the inputs named in the widget's contract, read
back the run from the root's ``data-path`` and compare it with :func:`gdexplain.gradient_descent`
and with a momentum loop written here (and :func:`gdexplain.momentum_descent` where it exists).

The last tests need the built site (the Explore page and the landing page) and, for the
notebook, nbconvert and ipykernel.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import numpy as np
import pytest

import gdexplain
from gdexplain import article_data, explore, gradient_descent
from gdexplain.explore import Explorer

pytestmark = [pytest.mark.site, pytest.mark.browser]

#: Relative difference allowed between the browser's run and Python's, at every epoch.
RTOL = 1e-9
SETTINGS = ("learning_rate", "momentum", "w", "b", "n_epochs")
#: Largest relative difference seen in this run, per comparison, for the summary line.
DIFFERENCES: dict[str, float] = {}


@dataclass
class Widget:
    """A widget opened in the browser, and every problem it reported."""

    page: object
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    @property
    def root(self) -> object:
        return self.page.locator(".gdexplain-explorer").first

    def set(self, **settings: float | bool) -> None:
        """Type each setting into its input, as a reader would."""
        for name, value in settings.items():
            box = self.root.locator(f'input[name="{name}"]')
            if isinstance(value, bool):
                box.set_checked(value)
            else:
                box.fill(repr(value))

    def value(self, name: str) -> float:
        return float(self.root.locator(f'input[name="{name}"]').input_value())

    def path(self) -> np.ndarray:
        """The drawn run, ``[[w, b, J], ...]``, from the root's ``data-path``."""
        return np.array(json.loads(self.root.get_attribute("data-path")), dtype=float)

    def status(self) -> str:
        return self.root.locator(".gdx-status").inner_text()

    def problems(self) -> dict[str, list[str]]:
        found = {"errors": self.errors, "requests leaving the machine": self.outside}
        return {kind: items for kind, items in found.items() if items}


def _cut_network(context: object, outside: list[str]) -> None:
    """Abort, and record, every request that does not stay on this machine."""

    def handle(route: object) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"file", "data", "blob"} or parts.hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", handle)


@pytest.fixture
def open_url(browser: object) -> Iterator[Callable[..., Widget]]:
    """Open an address in a fresh context with no network; wait for its first explorer."""
    contexts = []

    def open_(url: str, viewport: dict | None = None, color_scheme: str = "light") -> Widget:
        context = browser.new_context(
            viewport=viewport or {"width": 1100, "height": 900}, color_scheme=color_scheme
        )
        contexts.append(context)
        page = context.new_page()
        opened = Widget(page)
        _cut_network(context, opened.outside)
        page.on(
            "console", lambda m: m.type in ("error", "warning") and opened.errors.append(m.text)
        )
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.goto(url)
        page.wait_for_selector(".gdexplain-explorer[data-path]")
        return opened

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def open_widget(open_url: Callable[..., Widget], tmp_path: Path) -> Callable[..., Widget]:
    """Write an explorer (or a whole HTML page) to a file and open it over file://."""
    written = []

    def open_(widget: Explorer | str, fragment: str = "", **options: object) -> Widget:
        path = tmp_path / f"widget-{len(written)}.html"
        written.append(path)
        if isinstance(widget, str):
            path.write_text(widget, encoding="utf-8")
        else:
            widget.save(path)
        return open_url(path.as_uri() + fragment, **options)

    return open_


def assert_same_run(drawn: np.ndarray, expected: np.ndarray, what: str) -> None:
    """Equal to RTOL at every epoch, each of w, b and J; record the largest difference."""
    assert drawn.shape == expected.shape, f"{what}: {drawn.shape} epochs != {expected.shape}"
    scale = np.maximum(np.abs(expected), np.finfo(float).tiny)
    worst = float(np.max(np.abs(drawn - expected) / scale))
    DIFFERENCES[what] = worst
    assert worst <= RTOL, f"{what}: largest relative difference {worst:.3g}"


def history_run(history: gdexplain.History) -> np.ndarray:
    return np.column_stack([history.w, history.b, history.cost])


def momentum_loop(
    x: np.ndarray,
    y: np.ndarray,
    *,
    learning_rate: float,
    momentum: float,
    nesterov: bool,
    w: float,
    b: float,
    n_epochs: int,
) -> np.ndarray:
    """Heavy ball, or Nesterov as Sutskever et al. (2013), written out on its own."""
    velocity_w = velocity_b = 0.0
    run = []
    for epoch in range(n_epochs + 1):
        residuals = y - (w * x + b)
        run.append((w, b, np.mean(residuals**2)))
        if epoch == n_epochs:
            break
        at_w, at_b = (w + momentum * velocity_w, b + momentum * velocity_b) if nesterov else (w, b)
        residuals = y - (at_w * x + at_b)
        dJ_dw, dJ_db = -2.0 * np.mean(x * residuals), -2.0 * np.mean(residuals)
        velocity_w = momentum * velocity_w - learning_rate * dJ_dw
        velocity_b = momentum * velocity_b - learning_rate * dJ_db
        w, b = w + velocity_w, b + velocity_b
    return np.array(run)


def random_data(n_points: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Points far from x = 0, with noise: a narrow valley, and n >= 8 for pairwise sums."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(2.0, 9.0, n_points)
    return x, 1.5 * x - 4.0 + rng.normal(0.0, 2.0, n_points)


# -- Gradient descent ------------------------------------------------------------------------

GRADIENT_DESCENT_CASES = {
    "article": {"learning_rate": 0.001, "w": 3.0, "b": -1.0, "n_epochs": 12_000},
    "near the limit": {"learning_rate": 0.044, "w": 3.0, "b": -1.0, "n_epochs": 2_000},
    "other start": {"learning_rate": 0.02, "w": -6.5, "b": 8.25, "n_epochs": 500},
}


@pytest.mark.parametrize("case", GRADIENT_DESCENT_CASES)
def test_article_data_runs_as_gradient_descent(
    open_widget: Callable[..., Widget], case: str
) -> None:
    x, y = article_data()
    widget = open_widget(explore(x, y, learning_rate=0.5, w=0.0, b=0.0, n_epochs=10))
    settings = GRADIENT_DESCENT_CASES[case]
    widget.set(**settings)
    expected = history_run(gradient_descent(x, y, **settings))
    assert_same_run(widget.path(), expected, f"gradient descent, article data, {case}")
    assert not widget.problems(), widget.problems()


@pytest.mark.parametrize("n_points", [9, 40, 300])
def test_random_data_runs_as_gradient_descent(
    open_widget: Callable[..., Widget], n_points: int
) -> None:
    # 9, 40 and 300 points take the three branches of NumPy's pairwise summation.
    x, y = random_data(n_points, seed=n_points)
    widget = open_widget(explore(x, y))
    settings = {"learning_rate": 0.01, "w": 0.5, "b": 2.0, "n_epochs": 3_000}
    widget.set(**settings)
    expected = history_run(gradient_descent(x, y, **settings))
    assert_same_run(widget.path(), expected, f"gradient descent, {n_points} random points")
    assert not widget.problems(), widget.problems()


# -- Momentum --------------------------------------------------------------------------------

MOMENTUM_CASES = {
    "heavy ball at its optimum": {"learning_rate": 0.0739, "momentum": 0.687, "nesterov": False},
    "Nesterov at its optimum": {"learning_rate": 0.029366, "momentum": 0.8055, "nesterov": True},
    "heavy ball, slow": {"learning_rate": 0.001, "momentum": 0.9, "nesterov": False},
    "Nesterov, beta 0.99": {"learning_rate": 0.002, "momentum": 0.99, "nesterov": True},
}


@pytest.mark.parametrize("case", MOMENTUM_CASES)
def test_momentum_runs_as_the_loop_written_here(
    open_widget: Callable[..., Widget], case: str
) -> None:
    x, y = article_data()
    widget = open_widget(explore(x, y))
    settings = {**MOMENTUM_CASES[case], "w": 3.0, "b": -1.0, "n_epochs": 600}
    widget.set(**settings)
    assert_same_run(widget.path(), momentum_loop(x, y, **settings), f"momentum, {case}")
    assert not widget.problems(), widget.problems()


@pytest.mark.skipif(
    not hasattr(gdexplain, "momentum_descent"),
    reason="gdexplain.momentum_descent is not on this branch yet (issue 11); "
    "this test runs once it is merged",
)
@pytest.mark.parametrize("case", MOMENTUM_CASES)
def test_momentum_runs_as_momentum_descent(open_widget: Callable[..., Widget], case: str) -> None:
    x, y = random_data(40, seed=3) if case == "heavy ball, slow" else article_data()
    widget = open_widget(explore(x, y))
    settings = {**MOMENTUM_CASES[case], "w": 3.0, "b": -1.0, "n_epochs": 600}
    widget.set(**settings)
    expected = history_run(gdexplain.momentum_descent(x, y, **settings))
    assert_same_run(widget.path(), expected, f"momentum_descent, {case}")


def test_momentum_zero_is_gradient_descent_exactly(open_widget: Callable[..., Widget]) -> None:
    x, y = article_data()
    widget = open_widget(explore(x, y))
    settings = {"learning_rate": 0.03, "w": 1.0, "b": 4.0, "n_epochs": 300}
    widget.set(momentum=0.0, nesterov=True, **settings)
    expected = history_run(gradient_descent(x, y, **settings))
    np.testing.assert_array_equal(widget.path(), expected)


# -- Divergence, the map, centring -----------------------------------------------------------


@pytest.mark.parametrize(
    ("learning_rate", "momentum", "nesterov"),
    [(0.046, 0.0, False), (0.3, 0.0, False), (0.09, 0.5, False), (0.05, 0.5, True)],
)
def test_a_diverging_run_stops_far_off_the_map(
    open_widget: Callable[..., Widget], learning_rate: float, momentum: float, nesterov: bool
) -> None:
    x, y = article_data()
    widget = open_widget(explore(x, y))
    settings = {"learning_rate": learning_rate, "momentum": momentum, "nesterov": nesterov}
    widget.set(**settings, n_epochs=5_000)
    drawn = widget.path()
    assert np.isfinite(drawn).all()
    assert len(drawn) < 5_001, "the run did not stop"
    last = len(drawn) - 1
    assert re.search(rf"\bdiverged at epoch {last}\b", widget.status()), widget.status()
    # Far off the map: ten times its size around its centre.
    w0, w1, b0, b1 = json.loads(widget.root.get_attribute("data-map"))
    w, b = drawn[:, 0], drawn[:, 1]
    far = (np.abs(w - (w0 + w1) / 2) > 5 * (w1 - w0)) | (np.abs(b - (b0 + b1) / 2) > 5 * (b1 - b0))
    assert far[last], "the run stopped while still near the map"
    assert not far[:last].any(), "the run went on after it was far off the map"
    # Before divergence the run is the same as Python's, epoch by epoch.
    expected = momentum_loop(x, y, **settings, w=3.0, b=-1.0, n_epochs=last)
    assert_same_run(drawn, expected, f"diverging run at α = {learning_rate}, β = {momentum}")
    assert not widget.problems(), widget.problems()


def test_a_stable_run_that_overshoots_the_map_is_not_cut(
    open_widget: Callable[..., Widget],
) -> None:
    x, y = article_data()
    widget = open_widget(explore(x, y, learning_rate=0.001, w=-2.0, b=2.5, n_epochs=50))
    # From near the minimum the map is small; a step near the limit overshoots it.
    widget.set(learning_rate=0.044, n_epochs=400)
    assert len(widget.path()) == 401
    assert "diverged" not in widget.status()


def map_box(widget: Widget) -> dict[str, float]:
    """The plotting box of the map, in page pixels (the widget's SVG has a fixed viewBox)."""
    return widget.page.evaluate(
        """() => {
            const frame = document.querySelector('.gdx-map .gdx-frame').getBoundingClientRect();
            return {x: frame.x, y: frame.y, width: frame.width, height: frame.height};
        }"""
    )


def test_a_click_on_the_map_sets_the_start(open_widget: Callable[..., Widget]) -> None:
    x, y = article_data()
    widget = open_widget(explore(x, y, learning_rate=0.01, n_epochs=200))
    w0, w1, b0, b1 = json.loads(widget.root.get_attribute("data-map"))
    box = map_box(widget)
    # A quarter of the way across and three quarters of the way up.
    widget.page.mouse.click(box["x"] + 0.25 * box["width"], box["y"] + 0.25 * box["height"])
    w, b = widget.value("w"), widget.value("b")
    assert w == pytest.approx(w0 + 0.25 * (w1 - w0), abs=0.01 * (w1 - w0))
    assert b == pytest.approx(b0 + 0.75 * (b1 - b0), abs=0.01 * (b1 - b0))
    drawn = widget.path()
    assert tuple(drawn[0, :2]) == (w, b), "the run does not start where the boxes say"
    expected = gradient_descent(x, y, learning_rate=0.01, w=w, b=b, n_epochs=200)
    assert_same_run(drawn, history_run(expected), "run from a clicked start")
    assert not widget.problems(), widget.problems()


def test_dragging_on_the_map_moves_the_start(open_widget: Callable[..., Widget]) -> None:
    widget = open_widget(explore(*article_data(), n_epochs=100))
    w0, w1, b0, b1 = json.loads(widget.root.get_attribute("data-map"))
    box = map_box(widget)
    mouse = widget.page.mouse
    mouse.move(box["x"] + 0.2 * box["width"], box["y"] + 0.5 * box["height"])
    mouse.down()
    mouse.move(box["x"] + 0.8 * box["width"], box["y"] + 0.1 * box["height"], steps=8)
    mouse.up()
    widget.page.wait_for_timeout(100)  # the last move redraws on the next animation frame
    assert widget.value("w") == pytest.approx(w0 + 0.8 * (w1 - w0), abs=0.01 * (w1 - w0))
    assert widget.value("b") == pytest.approx(b0 + 0.9 * (b1 - b0), abs=0.01 * (b1 - b0))
    assert tuple(widget.path()[0, :2]) == (widget.value("w"), widget.value("b"))
    assert json.loads(widget.root.get_attribute("data-map")) == [w0, w1, b0, b1]


def test_arrow_keys_on_the_map_move_the_start(open_widget: Callable[..., Widget]) -> None:
    widget = open_widget(explore(*article_data(), n_epochs=50))
    w0, w1, _, _ = json.loads(widget.root.get_attribute("data-map"))
    widget.root.locator(".gdx-map").focus()
    widget.page.keyboard.press("Shift+ArrowRight")
    assert widget.value("w") == pytest.approx(3.0 + 0.1 * (w1 - w0), abs=1e-3 * (w1 - w0))
    assert widget.path()[0, 0] == widget.value("w")


def test_centring_x_trains_on_centred_x_from_the_same_line(
    open_widget: Callable[..., Widget],
) -> None:
    x, y = article_data()
    widget = open_widget(explore(x, y, learning_rate=0.1, n_epochs=300))
    widget.set(centre=True)
    # The start's line is kept: with x centred its intercept is b + w * mean(x).
    b_centred = widget.value("b")
    assert b_centred == pytest.approx(-1.0 + 3.0 * x.mean(), rel=1e-12)
    expected = gradient_descent(
        x - x.mean(), y, learning_rate=0.1, w=3.0, b=b_centred, n_epochs=300
    )
    assert_same_run(widget.path(), history_run(expected), "gradient descent, centred x")
    assert widget.path()[-1, 2] == pytest.approx(128 / 3, rel=1e-12)  # the minimum, 35 epochs on
    widget.set(centre=False)
    assert widget.value("b") == pytest.approx(-1.0, abs=1e-12)
    assert not widget.problems(), widget.problems()


def test_settings_in_the_address_apply_on_load(open_widget: Callable[..., Widget]) -> None:
    x, y = article_data()
    fragment = "#learning_rate=0.02&momentum=0.5&nesterov=1&w=1&b=0.5&n_epochs=80"
    widget = open_widget(explore(x, y), fragment=fragment)
    assert [widget.value(name) for name in SETTINGS] == [0.02, 0.5, 1.0, 0.5, 80.0]
    assert widget.root.locator('input[name="nesterov"]').is_checked()
    expected = momentum_loop(
        x, y, learning_rate=0.02, momentum=0.5, nesterov=True, w=1.0, b=0.5, n_epochs=80
    )
    assert_same_run(widget.path(), expected, "settings from the address")


def test_live_values_show_the_run(open_widget: Callable[..., Widget]) -> None:
    x, y = article_data()
    widget = open_widget(explore(x, y, learning_rate=0.0437956, n_epochs=893))
    text = widget.root.locator(".gdx-readout").inner_text()
    values = dict(re.findall(r"([^\n]+)\n([^\n]+)", text))
    assert values["epoch"] == "893"
    assert float(values["J"]) == pytest.approx(128 / 3, rel=1e-6)
    assert float(values["α / α_max"]) == pytest.approx(0.0437956 / 0.0441779, rel=1e-4)
    assert float(values["rate (predicted)"]) == pytest.approx(0.98269, abs=1e-5)
    widget.root.locator(".gdx-shown").fill("1")
    text = widget.root.locator(".gdx-readout").inner_text()
    assert dict(re.findall(r"([^\n]+)\n([^\n]+)", text))["epoch"] == "1"


def iteration_rate(x: np.ndarray, learning_rate: float, momentum: float, nesterov: bool) -> float:
    """The spectral radius of one epoch's map of (error, velocity), on each eigen-direction."""
    worst = 0.0
    for curvature in np.linalg.eigvalsh(gdexplain.hessian(x)):
        step = learning_rate * curvature
        shrink = 1 - step if nesterov else 1.0
        # e' = e + v',  v' = β v − α λ (e + [Nesterov] β v)
        velocity = [-step, momentum * shrink]
        error = [1 - step, momentum * shrink]
        worst = max(worst, float(np.max(np.abs(np.linalg.eigvals([error, velocity])))))
    return worst


@pytest.mark.parametrize(
    ("learning_rate", "momentum", "nesterov"),
    [(0.0739, 0.687, False), (0.02937, 0.8055, True), (0.01, 0.5, False), (0.03, 0.95, True)],
)
def test_live_values_use_the_momentum_theory(
    open_widget: Callable[..., Widget], learning_rate: float, momentum: float, nesterov: bool
) -> None:
    x, y = article_data()
    widget = open_widget(explore(x, y, n_epochs=100))
    widget.set(learning_rate=learning_rate, momentum=momentum, nesterov=nesterov)
    text = widget.root.locator(".gdx-readout").inner_text()
    values = dict(re.findall(r"([^\n]+)\n([^\n]+)", text))
    rate = iteration_rate(x, learning_rate, momentum, nesterov)
    assert float(values["rate (predicted)"]) == pytest.approx(rate, rel=5e-6)  # 6 digits shown
    # The heavy ball is stable below (2 + 2β)/λmax; Nesterov below (2 + 2β)/((1 + 2β)λmax).
    limit = (2 + 2 * momentum) / np.linalg.eigvalsh(gdexplain.hessian(x))[-1]
    if nesterov:
        limit /= 1 + 2 * momentum
    shown_ratio = float(values["α / α_max"].split()[0])  # "1.01 (unstable)" above the limit
    assert shown_ratio == pytest.approx(learning_rate / limit, rel=5e-4)


# -- Usability -------------------------------------------------------------------------------


def test_every_control_is_labelled_and_reachable_by_keyboard(
    open_widget: Callable[..., Widget],
) -> None:
    widget = open_widget(explore(*article_data()))
    unlabelled = widget.page.evaluate(
        """() => [...document.querySelectorAll('.gdexplain-explorer input')]
            .filter(i => !i.labels.length && !i.getAttribute('aria-label'))
            .map(i => i.outerHTML)"""
    )
    assert not unlabelled
    reached = set()
    for _ in range(30):
        widget.page.keyboard.press("Tab")
        reached.add(widget.page.evaluate("() => document.activeElement.name || ''"))
    assert set(SETTINGS) | {"nesterov", "centre"} <= reached


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_fits_a_phone_screen(open_widget: Callable[..., Widget], color_scheme: str) -> None:
    widget = open_widget(
        explore(*article_data()),
        viewport={"width": 390, "height": 844},
        color_scheme=color_scheme,
    )
    width = widget.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width} px"
    map_width = widget.root.locator(".gdx-map").bounding_box()["width"]
    assert map_width > 300
    assert not widget.problems(), widget.problems()


def colours(widget: Widget) -> tuple[str, str]:
    return widget.page.evaluate(
        """() => [getComputedStyle(document.querySelector('.gdexplain-explorer')).color,
                  getComputedStyle(document.querySelector('.gdx-map .gdx-frame')).fill]"""
    )


def test_follows_the_dark_mode_of_the_system_and_of_the_site(
    open_widget: Callable[..., Widget],
) -> None:
    widget = explore(*article_data())
    light = colours(open_widget(widget))
    dark = colours(open_widget(widget, color_scheme="dark"))
    assert light != dark
    # The site's own switch wins over the system's setting, both ways.
    site_dark = f'<html data-theme="dark"><body>{widget._repr_html_()}</body></html>'
    site_light = f'<html data-theme="light"><body>{widget._repr_html_()}</body></html>'
    assert colours(open_widget(site_dark)) == dark
    assert colours(open_widget(site_light, color_scheme="dark")) == light


def test_two_widgets_on_one_page_run_independently(open_widget: Callable[..., Widget]) -> None:
    x, y = article_data()
    first = explore(x, y, n_epochs=10)._repr_html_()
    second = explore(*random_data(20, seed=1), n_epochs=20)._repr_html_()
    widget = open_widget(f"<html><body>{first}{second}</body></html>")
    roots = widget.page.locator(".gdexplain-explorer")
    assert roots.count() == 2
    lengths = [len(json.loads(roots.nth(i).get_attribute("data-path"))) for i in range(2)]
    assert lengths == [11, 21]
    assert not widget.problems(), widget.problems()


# -- The built site and the notebook ---------------------------------------------------------

EXPLORE_PAGE = "auto_examples/explore/plot_01_explore.html"


def test_explore_page_holds_two_working_widgets(
    open_url: Callable[..., Widget], site_url: str
) -> None:
    widget = open_url(urljoin(site_url, EXPLORE_PAGE))
    assert widget.page.locator(".gdexplain-explorer").count() == 2
    x, y = article_data()
    assert_same_run(
        widget.path(), history_run(gradient_descent(x, y)), "Explore page, article's run"
    )
    widget.set(learning_rate=0.04, n_epochs=300)
    expected = gradient_descent(x, y, learning_rate=0.04, n_epochs=300)
    assert_same_run(widget.path(), history_run(expected), "Explore page, α = 0.04")
    second = widget.page.locator(".gdexplain-explorer").nth(1)
    assert len(json.loads(second.get_attribute("data-path"))) == 2_001
    assert not widget.problems(), widget.problems()


def test_lesson_links_with_settings_reach_the_explore_page(
    open_url: Callable[..., Widget], site_url: str
) -> None:
    widget = open_url(urljoin(site_url, EXPLORE_PAGE) + "#learning_rate=0.04&w=3&b=-1")
    assert widget.value("learning_rate") == 0.04
    assert len(widget.path()) == 12_001
    # Only the first explorer of a page reads the address.
    second = widget.page.locator(".gdexplain-explorer").nth(1)
    assert second.locator('input[name="learning_rate"]').input_value() == "0.0005"


def test_landing_page_has_a_compact_working_widget(
    open_url: Callable[..., Widget], site_url: str
) -> None:
    widget = open_url(urljoin(site_url, "index.html"))
    assert "gdx-compact" in widget.root.get_attribute("class")
    x, y = article_data()
    assert_same_run(widget.path(), history_run(gradient_descent(x, y)), "landing widget")
    # Under the headline video.
    video_bottom = widget.page.evaluate(
        "() => document.querySelector('video').getBoundingClientRect().bottom"
    )
    assert widget.root.bounding_box()["y"] >= video_bottom
    assert not widget.problems(), widget.problems()


#: nbconvert's page template loads require.js and MathJax from a CDN; the widget needs
#: neither, so the test gives the template empty scripts and the page fetches nothing.
EMPTY_SCRIPT = "data:text/javascript,"


def test_downloaded_notebook_shows_the_widget(
    open_widget: Callable[..., Widget],
    built_site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Execute the page's notebook with nbconvert, export it to HTML, and drive the widget."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nbconvert = pytest.importorskip("nbconvert")
    notebook_path = built_site / "_downloads"
    (notebook,) = notebook_path.rglob("plot_01_explore.ipynb")
    notebook = nbformat.read(notebook, as_version=4)
    # The kernel imports this checkout's gdexplain, as the tests do.
    repo = str(Path(__file__).resolve().parents[1])
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [repo, os.environ.get("PYTHONPATH")]))
    )
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    html_outputs = [
        output["data"]["text/html"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if "text/html" in output.get("data", {})
    ]
    assert len(html_outputs) == 2
    assert all('class="gdexplain-explorer"' in output for output in html_outputs)
    exporter = nbconvert.HTMLExporter(
        template_name="lab", require_js_url=EMPTY_SCRIPT, mathjax_url=EMPTY_SCRIPT
    )
    page, _ = exporter.from_notebook_node(notebook)
    widget = open_widget(page)
    assert widget.page.locator(".gdexplain-explorer[data-path]").count() == 2
    x, y = article_data()
    widget.set(learning_rate=0.02, momentum=0.3, n_epochs=400)
    expected = momentum_loop(
        x, y, learning_rate=0.02, momentum=0.3, nesterov=False, w=3.0, b=-1.0, n_epochs=400
    )
    assert_same_run(widget.path(), expected, "widget in the executed notebook")
    assert not widget.problems(), widget.problems()


# -- Last: the summary of every comparison above ----------------------------------------------


def test_report_largest_difference() -> None:
    """Print the largest JavaScript-Python difference measured by the tests above."""
    if not DIFFERENCES:
        pytest.skip("no comparison ran before this test")
    what, worst = max(DIFFERENCES.items(), key=lambda item: item[1])
    print(
        f"\nlargest relative JS-Python difference: {worst:.3g} ({what}); "
        f"{len(DIFFERENCES)} comparisons"
    )
    assert worst <= RTOL
