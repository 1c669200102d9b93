"""The animations of a logistic run: what each frame shows, and the files.

The expected values are written out here: the sigmoid as ``1 / (1 + exp(-z))``,
the cross-entropy point by point, the boundary's equation; short runs, few frames
and a low dpi keep the files fast.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.lines import Line2D
from numpy.testing import assert_allclose
from test_animation_features import mp4_frames

from gdexplain import (
    History,
    animate_boundary,
    animate_contour,
    animate_fit,
    animate_gradient,
    animate_plane,
    animate_slices,
    animate_surface,
    article_data,
    classification_data,
    cost,
    gradient_descent,
    optimum,
)
from gdexplain.animation._landscape import BOUND_FRACTION, Landscape
from gdexplain.animation.kinds import KINDS

EPOCHS = [0, 5, 50, 400]
DPI = 30


pytestmark = pytest.mark.usefixtures("no_figure_left_open")


@pytest.fixture(scope="module")
def one() -> History:
    x, y = classification_data()
    return gradient_descent(x, y, model="logistic", learning_rate=0.5, n_epochs=400)


@pytest.fixture(scope="module")
def two() -> History:
    x, y = classification_data(features=2)
    return gradient_descent(x, y, model="logistic", learning_rate=0.05, n_epochs=400)


def cross_entropy_by_hand(x: np.ndarray, y: np.ndarray, w: float, b: float) -> float:
    """The mean cross-entropy, one point at a time."""
    total = 0.0
    for xi, yi in zip(x.tolist(), y.tolist(), strict=True):
        p = 1 / (1 + np.exp(-(w * xi + b)))
        total -= yi * np.log(p) + (1 - yi) * np.log(1 - p)
    return total / len(x)


@pytest.mark.parametrize("layout", ["wide", "tall"])
@pytest.mark.parametrize("kind", ["fit", "contour", "surface"])
def test_a_one_feature_logistic_run_saves_a_playable_mp4(
    one: History, kind: str, layout: str, tmp_path: Path
) -> None:
    animate = {"fit": animate_fit, "contour": animate_contour, "surface": animate_surface}[kind]
    path = animate(one, epochs=EPOCHS, dpi=DPI, layout=layout).save(tmp_path / f"{kind}.mp4")
    frames, (width, height) = mp4_frames(path)
    assert frames == len(EPOCHS)
    assert (width > height) == (layout == "wide")


@pytest.mark.parametrize("layout", ["wide", "tall"])
def test_a_two_feature_logistic_run_saves_a_playable_boundary_mp4(
    two: History, layout: str, tmp_path: Path
) -> None:
    path = animate_boundary(two, epochs=EPOCHS, dpi=DPI, layout=layout).save(tmp_path / "b.mp4")
    frames, (width, height) = mp4_frames(path)
    assert frames == len(EPOCHS)
    assert (width > height) == (layout == "wide")


@pytest.mark.parametrize("kind", ["contour", "surface", "fit"])
def test_two_feature_logistic_runs_draw_over_a_pair(
    two: History, kind: str, tmp_path: Path
) -> None:
    animate = {"fit": animate_fit, "contour": animate_contour, "surface": animate_surface}[kind]
    extra = {} if kind == "fit" else {"pair": ("w2", "b")}
    animation = animate(two, epochs=EPOCHS[:2], dpi=DPI, **extra)
    assert mp4_frames(animation.save(tmp_path / f"{kind}.mp4"))[0] == 2


def test_the_fit_panels_curve_is_the_sigmoid_of_the_frames_state(one: History) -> None:
    animation = animate_fit(one, epochs=EPOCHS, dpi=DPI)
    for frame, epoch in enumerate(EPOCHS):
        lines = [a for a in animation.draw_frame(frame) if isinstance(a, Line2D)]
        (curve,) = [line for line in lines if "sigma" in line.get_label()]
        x_curve, p_curve = (np.asarray(a, dtype=float) for a in curve.get_data())
        w, b = one.w[epoch], one.b[epoch]
        assert_allclose(p_curve, 1 / (1 + np.exp(-(w * x_curve + b))), rtol=1e-12)
        (marks,) = [line for line in lines if line.get_label().startswith("$p_i$")]
        x_marks, p_marks = (np.asarray(a, dtype=float) for a in marks.get_data())
        assert_allclose(x_marks, one.x)
        assert_allclose(p_marks, 1 / (1 + np.exp(-(w * one.x + b))), rtol=1e-12)


def test_the_map_is_the_cross_entropy_at_its_nodes(one: History) -> None:
    landscape = Landscape.of(one.x, one.y, "logistic")
    w_star, b_star = optimum(one.x, one.y, model="logistic")
    assert (landscape.w_star, landscape.b_star) == (w_star, b_star)
    w, b, above = landscape.grid((0.0, 3.0), (-5.0, 0.0), 30)
    assert above.shape == (30, 30)  # 18 points: every node the map asks for
    j_star = cross_entropy_by_hand(one.x, one.y, w_star, b_star)
    for row, column in [(0, 0), (29, 3), (11, 29), (17, 13)]:
        expected = cross_entropy_by_hand(one.x, one.y, w[row, column], b[row, column]) - j_star
        assert above[row, column] == pytest.approx(expected, rel=1e-10, abs=1e-13)
    assert_allclose(above, cost(one.x, one.y, w, b, model="logistic") - landscape.minimum)


def test_a_large_maps_merged_points_stay_within_a_tenth_of_its_lowest_level() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=200_000)
    y = (rng.random(200_000) < 1 / (1 + np.exp(-(2 * x - 0.5)))).astype(float)
    landscape = Landscape.of(x, y, "logistic")
    w_limits, b_limits = (0.0, 4.0), (-2.0, 1.0)
    w, b, above = landscape.grid(w_limits, b_limits, 200)
    assert w.shape[0] < 200  # the budget chose fewer nodes
    exact = cost(x, y, w, b, model="logistic") - landscape.minimum
    lowest = Landscape.levels(float(exact.max()))[0]
    # A lower bound (Jensen), within a tenth of the lowest level drawn.
    assert np.all(above <= exact + 1e-12)
    assert float(np.max(exact - above)) <= BOUND_FRACTION * lowest


def test_the_boundary_line_is_where_the_score_is_zero(two: History) -> None:
    animation = animate_boundary(two, epochs=EPOCHS[1:], dpi=DPI)
    for frame, epoch in enumerate(EPOCHS[1:]):
        lines = [a for a in animation.draw_frame(frame) if isinstance(a, Line2D)]
        (boundary,) = [line for line in lines if line.get_label() == "$p = 1/2$"]
        x1, x2 = (np.asarray(a, dtype=float) for a in boundary.get_data())
        assert len(x1) == 2
        score = two.w[epoch, 0] * x1 + two.w[epoch, 1] * x2 + two.b[epoch]
        assert_allclose(score, 0.0, atol=1e-9)
        (sides,) = [line for line in lines if line.get_label() == "$p = 1/4, 3/4$"]
        x1, x2 = (np.asarray(a, dtype=float) for a in sides.get_data())
        score = two.w[epoch, 0] * x1 + two.w[epoch, 1] * x2 + two.b[epoch]
        p = 1 / (1 + np.exp(-score[~np.isnan(score)]))
        assert_allclose(sorted(p), [0.25, 0.25, 0.75, 0.75], atol=1e-9)


def test_the_registry_says_which_kinds_draw_a_logistic_run() -> None:
    assert [k.name for k in KINDS if "logistic" in k.models] == [
        "fit",
        "contour",
        "surface",
        "boundary",
    ]


@pytest.mark.parametrize(
    ("animate", "name"),
    [(animate_slices, "slices"), (animate_gradient, "gradient")],
)
def test_linear_only_kinds_refuse_a_logistic_run_in_one_line(
    one: History, animate, name: str
) -> None:
    message = f"the {name} animation draws runs of the linear model; this run is of the logistic"
    with pytest.raises(ValueError, match=message) as error:
        animate(one, epochs=EPOCHS, dpi=DPI)
    assert "\n" not in str(error.value)
    assert plt.get_fignums() == []


def test_the_plane_refuses_a_logistic_run_and_the_boundary_a_linear_one(two: History) -> None:
    with pytest.raises(ValueError, match="the plane animation draws runs of the linear model"):
        animate_plane(two, epochs=EPOCHS)
    linear = gradient_descent(*article_data(part=2), learning_rate=0.001, n_epochs=5)
    with pytest.raises(
        ValueError, match="the boundary animation draws runs of the logistic model"
    ):
        animate_boundary(linear)
    one_feature = gradient_descent(*classification_data(), model="logistic", n_epochs=5)
    with pytest.raises(ValueError, match="exactly 2 features; this run has 1"):
        animate_boundary(one_feature)


def test_a_large_runs_fit_marks_a_sample_without_joining_lines() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=5_000)
    y = (rng.random(5_000) < 1 / (1 + np.exp(-x))).astype(float)
    run = gradient_descent(x, y, model="logistic", learning_rate=2.0, n_epochs=10)
    animation = animate_fit(run, epochs=[0, 10], dpi=DPI)
    lines = [a for a in animation.draw_frame(1) if isinstance(a, Line2D)]
    (marks,) = [line for line in lines if line.get_label() == "$p_i$"]
    x_marks, p_marks = (np.asarray(a, dtype=float) for a in marks.get_data())
    assert len(x_marks) == 2_000
    assert_allclose(p_marks, 1 / (1 + np.exp(-(run.w[10] * x_marks + run.b[10]))), rtol=1e-12)
    assert not any(np.isnan(np.asarray(line.get_ydata(), dtype=float)).any() for line in lines)


def test_a_two_feature_map_is_the_cross_entropy_on_the_plane_through_a_point(
    two: History,
) -> None:
    landscape = Landscape.of(two.x, two.y, "logistic")
    held = np.array([0.5, 0.2, -3.0])  # w1, w2, b
    u, v = np.meshgrid(np.linspace(0.0, 1.0, 5), np.linspace(-5.0, -1.0, 4))  # w2 and b
    above = landscape.on_plane((1, 2), held, u, v)
    j_star = float(cost(two.x, two.y, landscape.w_star, landscape.b_star, model="logistic"))
    for row, column in [(0, 0), (3, 4), (2, 1)]:
        z = 0.5 * two.x[:, 0] + u[row, column] * two.x[:, 1] + v[row, column]
        p = 1 / (1 + np.exp(-z))
        by_hand = -np.mean(two.y * np.log(p) + (1 - two.y) * np.log(1 - p))
        assert above[row, column] == pytest.approx(by_hand - j_star, rel=1e-10)
