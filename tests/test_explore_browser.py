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
from gdexplain import (
    adagrad_descent,
    adam_descent,
    article_data,
    convergence_rate,
    cost,
    curvatures,
    explore,
    gradient_descent,
    least_squares,
    momentum_descent,
    optimal_learning_rate,
    rmsprop_descent,
    stability_limit,
)
from gdexplain.explore import MAX_EPOCHS, Explorer

pytestmark = [pytest.mark.site, pytest.mark.browser]

#: Relative difference allowed between the browser's run and Python's, at every epoch.
RTOL = 1e-9
SETTINGS = ("learning_rate", "momentum", "w", "b", "n_epochs")


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

    def choose(self, method: str) -> None:
        """Pick the method in the ``method`` control, as a reader would."""
        self.root.locator('select[name="method"]').select_option(method)

    def method(self) -> str:
        return self.root.locator('select[name="method"]').input_value()

    def value(self, name: str) -> float:
        return float(self.root.locator(f'input[name="{name}"]').input_value())

    def path(self) -> np.ndarray:
        """The drawn run, ``[[w, b, J], ...]``, from the root's ``data-path``."""
        return np.array(json.loads(self.root.get_attribute("data-path")), dtype=float)

    def status(self) -> str:
        return self.root.locator(".gdx-status").inner_text()

    def readout(self) -> dict[str, str]:
        """The live values, by name."""
        text = self.root.locator(".gdx-readout").inner_text()
        return dict(re.findall(r"([^\n]+)\n([^\n]+)", text))

    def epochs_drawn(self) -> int:
        """How many states the drawn run holds (counted in the page: the path may be long)."""
        return self.root.evaluate("root => JSON.parse(root.dataset.path).length")

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
    """Equal to RTOL at every epoch, each of w, b and J."""
    assert drawn.shape == expected.shape, f"{what}: {drawn.shape} epochs != {expected.shape}"
    scale = np.maximum(np.abs(expected), np.finfo(float).tiny)
    worst = float(np.max(np.abs(drawn - expected) / scale))
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


@pytest.mark.parametrize("case", MOMENTUM_CASES)
def test_momentum_runs_as_momentum_descent(open_widget: Callable[..., Widget], case: str) -> None:
    x, y = random_data(40, seed=3) if case == "heavy ball, slow" else article_data()
    widget = open_widget(explore(x, y))
    settings = {**MOMENTUM_CASES[case], "w": 3.0, "b": -1.0, "n_epochs": 600}
    widget.set(**settings)
    expected = history_run(momentum_descent(x, y, **settings))
    assert_same_run(widget.path(), expected, f"momentum_descent, {case}")


def test_momentum_zero_is_gradient_descent_exactly(open_widget: Callable[..., Widget]) -> None:
    x, y = article_data()
    widget = open_widget(explore(x, y))
    settings = {"learning_rate": 0.03, "w": 1.0, "b": 4.0, "n_epochs": 300}
    widget.set(momentum=0.0, nesterov=True, **settings)
    expected = history_run(gradient_descent(x, y, **settings))
    np.testing.assert_array_equal(widget.path(), expected)


# -- Adaptive steps: the method control ------------------------------------------------------

ADAPTIVE_CASES = {
    "AdaGrad": (adagrad_descent, {"learning_rate": 1.0}, (3.0, -1.0)),
    "AdaGrad, epsilon 1e-3": (
        adagrad_descent,
        {"learning_rate": 0.3, "epsilon": 1e-3},
        (-4.0, 5.0),
    ),
    "RMSProp": (rmsprop_descent, {"learning_rate": 0.001}, (3.0, -1.0)),
    "RMSProp, rho 0.5": (
        rmsprop_descent,
        {"learning_rate": 0.02, "decay": 0.5, "epsilon": 1e-4},
        (-4.0, 5.0),
    ),
    "Adam": (adam_descent, {"learning_rate": 0.1}, (3.0, -1.0)),
    "Adam, betas 0.8 and 0.99": (
        adam_descent,
        {"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-4},
        (-4.0, 5.0),
    ),
}
METHOD_OF = {adagrad_descent: "adagrad", rmsprop_descent: "rmsprop", adam_descent: "adam"}


@pytest.mark.parametrize("case", ADAPTIVE_CASES)
def test_adaptive_methods_run_as_the_python_optimisers(
    open_widget: Callable[..., Widget], case: str
) -> None:
    x, y = article_data()
    optimiser, settings, (w, b) = ADAPTIVE_CASES[case]
    widget = open_widget(explore(x, y))
    widget.choose(METHOD_OF[optimiser])
    widget.set(**settings, w=w, b=b, n_epochs=3_000)
    expected = history_run(optimiser(x, y, **settings, w=w, b=b, n_epochs=3_000))
    assert_same_run(widget.path(), expected, case)
    assert "no single stability limit" in widget.status()
    assert "α / α_max" not in widget.readout()
    assert not widget.problems(), widget.problems()


@pytest.mark.parametrize("optimiser", [adagrad_descent, rmsprop_descent, adam_descent])
def test_adaptive_methods_on_random_data(open_widget: Callable[..., Widget], optimiser) -> None:
    x, y = random_data(300, seed=5)  # the pairwise sums' recursive branch
    widget = open_widget(explore(x, y, method=METHOD_OF[optimiser], learning_rate=0.05))
    widget.set(w=0.5, b=2.0, n_epochs=2_000)
    expected = optimiser(x, y, learning_rate=0.05, w=0.5, b=2.0, n_epochs=2_000)
    assert_same_run(widget.path(), history_run(expected), optimiser.__name__)


@pytest.mark.parametrize("optimiser", [adagrad_descent, rmsprop_descent, adam_descent])
def test_an_adaptive_run_diverges_at_pythons_epoch(
    open_widget: Callable[..., Widget], optimiser
) -> None:
    x, y = article_data()
    widget = open_widget(explore(x, y, method=METHOD_OF[optimiser]))
    widget.set(learning_rate=1e5, n_epochs=100)
    expected = optimiser(x, y, learning_rate=1e5, n_epochs=100, allow_divergence=True)
    assert expected.diverged is not None
    assert re.search(rf"\bdiverged at epoch {expected.diverged}\b", widget.status())
    assert_same_run(widget.path(), history_run(expected), "diverging")


def test_the_method_control_shows_each_methods_settings(
    open_widget: Callable[..., Widget],
) -> None:
    widget = open_widget(explore(*article_data()))
    own = {
        "gd": {"momentum", "nesterov"},
        "momentum": {"momentum", "nesterov"},
        "adagrad": {"epsilon"},
        "rmsprop": {"epsilon", "decay"},
        "adam": {"epsilon", "beta1", "beta2"},
    }
    every = set().union(*own.values())
    for method, names in own.items():
        widget.choose(method)
        shown = {
            name for name in every if widget.root.locator(f'input[name="{name}"]').is_visible()
        }
        assert shown == names, method


def test_momentum_typed_chooses_momentum_and_gd_resets_it(
    open_widget: Callable[..., Widget],
) -> None:
    x, y = article_data()
    widget = open_widget(explore(x, y))
    assert widget.method() == "gd"
    widget.set(momentum=0.5, learning_rate=0.02, n_epochs=300)
    assert widget.method() == "momentum"
    expected = momentum_descent(x, y, learning_rate=0.02, momentum=0.5, n_epochs=300)
    assert_same_run(widget.path(), history_run(expected), "momentum chosen by typing")
    widget.choose("gd")
    assert widget.value("momentum") == 0
    expected = gradient_descent(x, y, learning_rate=0.02, n_epochs=300)
    np.testing.assert_array_equal(widget.path(), history_run(expected))


def test_the_method_and_its_settings_in_the_address(open_widget: Callable[..., Widget]) -> None:
    x, y = article_data()
    fragment = "#method=adam&learning_rate=0.05&beta1=0.8&beta2=0.99&n_epochs=500"
    widget = open_widget(explore(x, y), fragment)
    assert widget.method() == "adam"
    expected = adam_descent(x, y, learning_rate=0.05, beta1=0.8, beta2=0.99, n_epochs=500)
    assert_same_run(widget.path(), history_run(expected), "Adam from the address")
    link = widget.root.locator(".gdx-link").get_attribute("href")
    assert link.startswith("#method=adam&learning_rate=0.05&")
    assert "beta1=0.8&beta2=0.99" in link


def test_an_address_with_momentum_and_no_method_runs_momentum(
    open_widget: Callable[..., Widget],
) -> None:
    # The lessons' links from before the method control.
    x, y = article_data()
    widget = open_widget(explore(x, y), "#learning_rate=0.02&momentum=0.5&n_epochs=200")
    assert widget.method() == "momentum"
    expected = momentum_descent(x, y, learning_rate=0.02, momentum=0.5, n_epochs=200)
    assert_same_run(widget.path(), history_run(expected), "momentum from an old address")


@pytest.mark.parametrize(
    ("method", "name", "value", "message"),
    [
        ("adam", "beta1", 1.0, "β₁ must be at least 0 and below 1."),
        ("adam", "beta2", -0.5, "β₂ must be at least 0 and below 1."),
        ("rmsprop", "decay", 1.0, "ρ must be at least 0 and below 1."),
        ("adagrad", "epsilon", 0.0, "ε must be a positive number."),
    ],
)
def test_bad_adaptive_settings_are_refused_with_a_message(
    open_widget: Callable[..., Widget], method: str, name: str, value: float, message: str
) -> None:
    widget = open_widget(explore(*article_data()))
    widget.choose(method)
    widget.set(**{name: value})
    assert widget.status() == "Not drawn: " + message
    assert not widget.problems(), widget.problems()


# -- Divergence, the map, centring -----------------------------------------------------------


@pytest.mark.parametrize(
    ("learning_rate", "momentum", "nesterov"),
    [
        (0.0442, 0.0, False),
        (0.045, 0.0, False),
        (0.05, 0.0, False),
        (0.1, 0.0, False),
        (0.09, 0.5, False),
        (0.05, 0.5, True),
    ],
)
def test_a_run_diverges_at_pythons_epoch(
    open_widget: Callable[..., Widget], learning_rate: float, momentum: float, nesterov: bool
) -> None:
    # One rule, Python's: the first state whose cost passes DIVERGENCE_FACTOR times the start.
    x, y = article_data()
    widget = open_widget(explore(x, y))
    settings = {"learning_rate": learning_rate, "momentum": momentum, "nesterov": nesterov}
    widget.set(**settings, n_epochs=10_000)
    expected = momentum_descent(x, y, **settings, n_epochs=10_000, allow_divergence=True)
    assert expected.diverged is not None
    assert re.search(rf"\bdiverged at epoch {expected.diverged}\b", widget.status())
    assert_same_run(widget.path(), history_run(expected), f"diverging run at α = {learning_rate}")
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
    minimum = cost(x, y, *least_squares(x, y))
    assert widget.path()[-1, 2] == pytest.approx(minimum, rel=1e-12)  # reached, 35 epochs on
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
    alpha = optimal_learning_rate(x)
    widget = open_widget(explore(x, y, learning_rate=alpha, n_epochs=893))
    values = widget.readout()
    final = gradient_descent(x, y, learning_rate=alpha, n_epochs=893).final
    assert values["epoch"] == "893"
    assert float(values["J"]) == pytest.approx(final.cost, rel=1e-6)  # 7 digits shown
    assert float(values["α / α_max"]) == pytest.approx(alpha / stability_limit(x), rel=1e-4)
    assert float(values["rate (predicted)"]) == pytest.approx(convergence_rate(x, alpha), rel=5e-6)
    widget.root.locator(".gdx-shown").fill("1")
    assert widget.readout()["epoch"] == "1"


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
    values = widget.readout()
    rate = iteration_rate(x, learning_rate, momentum, nesterov)
    assert float(values["rate (predicted)"]) == pytest.approx(rate, rel=5e-6)  # 6 digits shown
    # The heavy ball is stable below (2 + 2β)/λmax; Nesterov below (2 + 2β)/((1 + 2β)λmax).
    limit = (2 + 2 * momentum) / np.linalg.eigvalsh(gdexplain.hessian(x))[-1]
    if nesterov:
        limit /= 1 + 2 * momentum
    shown_ratio = float(values["α / α_max"].split()[0])  # "1.01 (unstable)" above the limit
    assert shown_ratio == pytest.approx(learning_rate / limit, rel=5e-4)


# -- At the widget's limits ------------------------------------------------------------------


def test_the_epoch_controls_end_at_the_builders_limit_and_it_runs(
    open_widget: Callable[..., Widget],
) -> None:
    x, y = article_data()
    widget = open_widget(explore(x, y, n_epochs=10))
    slider = widget.root.locator(".gdx-epoch-slider")
    slider.fill(slider.get_attribute("max"))  # the slider's end
    assert widget.value("n_epochs") == MAX_EPOCHS
    assert widget.root.locator('input[name="n_epochs"]').get_attribute("max") == str(MAX_EPOCHS)
    # A slider redraws on the next animation frame: wait for that run, or fail on a timeout.
    widget.page.wait_for_function(
        "n => JSON.parse(document.querySelector('.gdexplain-explorer').dataset.path).length === n",
        arg=MAX_EPOCHS + 1,
    )
    assert "stable" in widget.status()
    widget.set(n_epochs=MAX_EPOCHS + 1)
    assert f"epochs must be a whole number from 1 to {MAX_EPOCHS:,}" in widget.status()
    assert not widget.problems(), widget.problems()


def test_a_start_float64_cannot_hold_is_refused_with_a_message(
    open_widget: Callable[..., Widget],
) -> None:
    widget = open_widget(explore(*article_data(), n_epochs=50))
    drawn = widget.root.get_attribute("data-path")
    widget.set(w=1e200)
    assert "Not drawn: the cost at the start" in widget.status()
    assert widget.root.locator('input[name="w"]').get_attribute("aria-invalid") == "true"
    assert widget.root.get_attribute("data-path") == drawn
    widget.set(w=3.0)
    assert widget.epochs_drawn() == 51
    assert not widget.problems(), widget.problems()


def test_the_map_refits_when_the_settings_change(open_widget: Callable[..., Widget]) -> None:
    widget = open_widget(explore(*article_data(), n_epochs=50))
    first = json.loads(widget.root.get_attribute("data-map"))
    widget.set(w=1000.0)
    w0, w1, _, _ = json.loads(widget.root.get_attribute("data-map"))
    assert w0 < 1000 < w1
    widget.set(w=3.0)
    assert json.loads(widget.root.get_attribute("data-map")) == first


def contour_radii(widget: Widget) -> np.ndarray:
    """The (rx, ry) of each contour ellipse on the map, in data units."""
    return np.array(
        widget.page.evaluate(
            """() => [...document.querySelectorAll('.gdx-map .gdx-contour')]
                .map(e => [Number(e.getAttribute('rx')), Number(e.getAttribute('ry'))])"""
        ),
        dtype=float,  # Playwright hands whole numbers past 2**53 over as ints
    )


@pytest.mark.parametrize("offset", [0.0, 1e8])
def test_the_contours_have_pythons_curvatures_and_levels(
    open_widget: Callable[..., Widget], offset: float
) -> None:
    # A contour J - J* = E is the ellipse with semi-axes sqrt(2E/λ) along each eigenvector.
    x, y = article_data()
    x = x + offset
    widget = open_widget(explore(x, y, n_epochs=50))
    radii = contour_radii(widget)
    smallest, largest = curvatures(x)
    np.testing.assert_allclose(radii[:, 1] / radii[:, 0], np.sqrt(largest / smallest), rtol=1e-9)
    # The animations' levels: DECADES * LEVELS_PER_DECADE + 1, log-spaced over DECADES.
    from gdexplain.animation._landscape import DECADES, LEVELS_PER_DECADE

    levels = largest * radii[:, 0] ** 2 / 2
    assert len(levels) == DECADES * LEVELS_PER_DECADE + 1
    np.testing.assert_allclose(levels / levels[-1], np.logspace(-DECADES, 0, len(levels)))


def test_readouts_never_show_infinity_or_nan(open_widget: Callable[..., Widget]) -> None:
    x, y = article_data()
    widget = open_widget(explore(x, y, n_epochs=50))
    widget.set(learning_rate=1e308)
    expected = gradient_descent(x, y, learning_rate=1e308, n_epochs=50, allow_divergence=True)
    assert re.search(rf"\bdiverged at epoch {expected.diverged}\b", widget.status())
    shown = widget.root.inner_text()
    assert not re.search(r"Infinity|NaN", shown), shown
    assert widget.readout()["α / α_max"].startswith("over ")
    assert not widget.problems(), widget.problems()


#: A number as the widget prints it: 0.04418, 5e-4, 1.5e+9.
NUMBER = r"(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)"


def stated_comparison(status: str) -> tuple[float, str, float]:
    """``(α, "above" or "below", limit)`` as the status line prints them."""
    found = re.search(
        rf"α = {NUMBER} is (above|below) the stability limit α_max = {NUMBER}", status
    )
    assert found, status
    return float(found[1]), found[2], float(found[3])


@pytest.mark.parametrize("side", ["above", "below"])
def test_a_limit_comparison_reads_true_in_its_digits(
    open_widget: Callable[..., Widget], side: str
) -> None:
    # α within rounding of the limit: the limit rounded to 4 digits (above it on these
    # data), or the limit less one part in 10^9.
    x, y = article_data()
    limit = stability_limit(x)
    alpha = float(f"{limit:.4g}") if side == "above" else limit * (1 - 1e-9)
    assert (alpha > limit) == (side == "above")
    widget = open_widget(explore(x, y, learning_rate=alpha, n_epochs=50))
    shown_alpha, relation, shown_limit = stated_comparison(widget.status())
    assert relation == side
    assert (shown_alpha > shown_limit) == (side == "above")
    assert shown_alpha != shown_limit
    ratio = float(widget.readout()["α / α_max"])
    assert (ratio > 1) == (side == "above")


def test_the_readout_and_the_plot_share_the_cost_floor(
    open_widget: Callable[..., Widget],
) -> None:
    # Converged to rounding: J - J* below one unit in the last place of J*.
    x, y = article_data()
    widget = open_widget(explore(x, y, learning_rate=optimal_learning_rate(x), n_epochs=3_000))
    floor = np.spacing(cost(x, y, *least_squares(x, y)))
    shown = widget.readout()["J − J*"]
    assert shown.startswith("below ")
    assert float(shown.removeprefix("below ")) == pytest.approx(floor, rel=0.05)  # 2 digits
    # The curve ends on the floor, its lowest row, where the epoch's dot is.
    lowest, dot = widget.page.evaluate(
        """() => {
            const path = document.querySelector('.gdx-loss .gdx-path').getAttribute('d');
            const rows = [...path.matchAll(/[ML][-\\d.]+ ([-\\d.]+)/g)].map(m => Number(m[1]));
            const dot = document.querySelector('.gdx-loss .gdx-here').getAttribute('cy');
            return [Math.max(...rows), Number(dot)];
        }"""
    )
    assert lowest == pytest.approx(dot, abs=0.01)


def test_every_setting_and_value_is_explained_in_a_line(
    open_widget: Callable[..., Widget],
) -> None:
    widget = open_widget(explore(*article_data(), n_epochs=50))
    explained = widget.page.evaluate(
        """() => [...document.querySelectorAll('.gdx-help dt')].map(d => d.textContent)"""
    )
    named = {part for entry in explained for part in entry.split(", ")}
    assert set(widget.readout()) <= named
    labels = widget.page.evaluate(
        """() => [...document.querySelectorAll('.gdx-controls label')]
            .map(l => l.textContent.trim())"""
    )
    for label in labels:  # "learning rate α", "start w", "Nesterov", ...
        assert label in named or label.removeprefix("start ") in named, label


def test_on_far_data_the_centring_hint_says_to_raise_the_step(
    open_widget: Callable[..., Widget], run_page: Callable
) -> None:
    names, _ = run_page("explore/plot_01_explore.py")
    x, y = names["x_far"], names["y_far"]
    alpha, n_epochs = 0.0005, 2_000  # the page's settings
    widget = open_widget(explore(x, y, learning_rate=alpha, w=0.0, b=0.0, n_epochs=n_epochs))
    hint = widget.root.locator(".gdx-hint").inner_text()
    assert "raise α" in hint
    centred_limit = stability_limit(x - x.mean())
    shown = [float(v) for v in re.findall(NUMBER, hint)]
    assert shown == pytest.approx([stability_limit(x), centred_limit], rel=5e-3)  # 3 digits

    # Why the hint says both: centring alone, at the same α, ends farther from the minimum;
    # centring with α raised towards its new limit ends far closer.
    def excess(inputs: np.ndarray, learning_rate: float, b: float) -> float:
        run = gradient_descent(
            inputs, y, learning_rate=learning_rate, w=0.0, b=b, n_epochs=n_epochs
        )
        return run.final.cost - cost(inputs, y, *least_squares(inputs, y))

    b_centred = 0.0  # b + w * mean(x) with w = b = 0: the same starting line, y = 0
    raw = excess(x, alpha, 0.0)
    assert excess(x - x.mean(), alpha, b_centred) > raw
    assert excess(x - x.mean(), centred_limit / 2, b_centred) < raw / 100


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


def test_the_adaptive_lessons_link_runs_adam_on_the_explore_page(
    open_url: Callable[..., Widget], site_url: str, built_site: Path
) -> None:
    from bs4 import BeautifulSoup

    lesson = built_site / "auto_examples" / "faster" / "plot_03_adaptive.html"
    soup = BeautifulSoup(lesson.read_text(encoding="utf-8"), "html.parser")
    (href,) = [a["href"] for a in soup.find_all("a", href=True) if "method=adam" in a["href"]]
    widget = open_url(
        urljoin(urljoin(site_url, "auto_examples/faster/plot_03_adaptive.html"), href)
    )
    assert widget.method() == "adam"
    settings = dict(part.split("=") for part in urlsplit(href).fragment.split("&"))
    expected = adam_descent(
        *article_data(),
        learning_rate=float(settings["learning_rate"]),
        n_epochs=int(settings["n_epochs"]),
    )
    assert_same_run(widget.path(), history_run(expected), "Adam from the lesson's link")
