"""The animations of runs with several features: what each frame shows, and the files.

The expected values are computed here from the cost itself (``gdexplain.cost`` on the
data, point by point) or from predictions written out as ``X @ w + b``; short runs,
few frames and a low dpi keep the file fast.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import imageio_ffmpeg
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib import colormaps
from matplotlib.collections import LineCollection
from matplotlib.colors import LogNorm
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.text import Text
from numpy.testing import assert_allclose

from gdexplain import History, animate_contour, animate_plane, article_data, cost, gradient_descent
from gdexplain.animation import ANIMATIONS, DescentAnimation, style
from gdexplain.animation._landscape import Landscape
from gdexplain.animation._panels import FIGURE_SPACE
from gdexplain.animation.kinds import KINDS

#: The kinds that draw a linear run with two features, and those that refuse one
#: (the logistic model's boundary: tests/test_animation_logistic.py).
LINEAR_KINDS = [kind for kind in KINDS if "linear" in kind.models]
TWO_FEATURE_KINDS = [kind.name for kind in LINEAR_KINDS if kind.takes(2)]
ONE_FEATURE_ONLY = [kind.name for kind in LINEAR_KINDS if not kind.takes(2)]
EPOCHS = [0, 1, 5, 30, 200]
DPI = 30


pytestmark = pytest.mark.usefixtures("no_figure_left_open")


@pytest.fixture(scope="module")
def run() -> History:
    """The article's part-2 run, its first 200 epochs."""
    X, y = article_data(part=2)
    return gradient_descent(X, y, learning_rate=0.001, w=[3.0, 3.0], b=-1.0, n_epochs=200)


def fixed_b_run(n_epochs: int = 200) -> History:
    """The article's fixed-intercept run: b held at its optimum, the weights trained alone."""
    X, y = article_data(part=2)
    b_star = np.linalg.lstsq(np.column_stack([X, np.ones(6)]), y, rcond=None)[0][-1]
    w, rows = np.array([3.0, 3.0]), []
    for _ in range(n_epochs + 1):
        residual = X @ w + b_star - y
        rows.append((w.copy(), float(np.mean(residual**2)), 2 / 6 * X.T @ residual))
        w = w - 0.001 * rows[-1][2]
    weights, costs, slopes = (np.array(column) for column in zip(*rows, strict=True))
    return History(
        X,
        y,
        epoch=np.arange(n_epochs + 1),
        w=weights,
        b=np.full(n_epochs + 1, b_star),
        cost=costs,
        dJ_dw=slopes,
        dJ_db=np.full(n_epochs + 1, 0.0),
    )


def mp4_frames(path: Path) -> tuple[int, tuple[int, int]]:
    """Frame count and size of a video, after ffmpeg decodes every frame."""
    decoded = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path), "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    size = re.search(r"Video: .*?, (\d+)x(\d+)[ ,]", decoded.stderr)
    assert size is not None, decoded.stderr
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(path))
    return frames, (int(size[1]), int(size[2]))


def status_text(animation: DescentAnimation, frame: int) -> str:
    (text,) = [
        a for a in animation.draw_frame(frame) if isinstance(a, Text) and a.get_gid() == "status"
    ]
    return text.get_text().replace(FIGURE_SPACE, " ")


def test_the_registry_says_which_runs_each_kind_draws() -> None:
    assert TWO_FEATURE_KINDS == ["fit", "slices", "contour", "surface", "plane"]
    assert ONE_FEATURE_ONLY == ["gradient"]
    assert [kind.name for kind in LINEAR_KINDS if kind.takes(1)] == [
        "fit",
        "slices",
        "contour",
        "surface",
        "gradient",
    ]
    assert [kind.name for kind in LINEAR_KINDS if kind.takes(5)] == [
        "fit",
        "slices",
        "contour",
        "surface",
    ]


@pytest.mark.parametrize("kind", TWO_FEATURE_KINDS)
@pytest.mark.parametrize("layout", ["wide", "tall"])
def test_each_kind_saves_a_playable_mp4_of_a_two_feature_run(
    kind: str, layout: str, run: History, tmp_path: Path
) -> None:
    animation = ANIMATIONS[kind](run, epochs=EPOCHS, dpi=DPI, layout=layout)
    assert animation.final_state.epoch == 200
    path = animation.save(tmp_path / f"{kind}.mp4")
    frames, (width, height) = mp4_frames(path)
    assert frames == len(EPOCHS)
    assert width == (240 if layout == "wide" else 134)  # 8 in or 4.5 in at 30 dpi, even
    assert height > 0


@pytest.mark.parametrize("kind", ["fit", "slices", "contour", "surface"])
def test_kinds_for_any_number_of_features_draw_a_five_feature_run(kind: str) -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(50, 5))
    y = x @ np.array([1.0, -2.0, 0.5, 3.0, -1.0]) + 2.0 + rng.normal(0.0, 0.1, 50)
    history = gradient_descent(x, y, learning_rate=0.05, n_epochs=40)
    animation = ANIMATIONS[kind](history, epochs=[0, 10, 40], dpi=DPI)
    assert animation.final_state.epoch == 40
    # Five weights are too many for the status line: the cost and the intercept.
    assert re.fullmatch(r"\s*epoch +40 +J = +\S+\s+b = +\S+", status_text(animation, -1))


def test_plane_refuses_a_run_without_exactly_two_features_in_one_line() -> None:
    one = gradient_descent(*article_data(), n_epochs=5)
    with pytest.raises(
        ValueError,
        match=r"^the plane animation draws runs with exactly 2 "
        r"features; this run has 1$",
    ):
        animate_plane(one, dpi=DPI)
    x = np.random.default_rng(0).normal(size=(10, 3))
    three = gradient_descent(x, x.sum(axis=1), n_epochs=5)
    with pytest.raises(ValueError, match="exactly 2 features; this run has 3"):
        animate_plane(three, dpi=DPI)
    assert plt.get_fignums() == []  # bad input leaves no figure behind


def test_gradient_refuses_a_two_feature_run_in_one_line(run: History) -> None:
    with pytest.raises(ValueError, match=r"^the gradient animation draws runs with one feature"):
        ANIMATIONS["gradient"](run, dpi=DPI)


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        (("w1", "w3"), "pair names 'w3', not a parameter of this run: choose two of"),
        (("w1", "w1"), "pair must name two different parameters, got 'w1' twice"),
        (("w1",), "pair must be two parameter names from"),
        (("w", "b"), "pair names 'w', not a parameter"),
    ],
)
@pytest.mark.parametrize("kind", ["contour", "surface", "slices"])
def test_a_bad_pair_is_refused_in_one_line(kind: str, pair, message: str, run: History) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        ANIMATIONS[kind](run, dpi=DPI, pair=pair)


@pytest.mark.parametrize("kind", ["contour", "surface", "slices"])
def test_a_one_feature_run_takes_no_other_pair(kind: str) -> None:
    one = gradient_descent(*article_data(), n_epochs=5)
    with pytest.raises(ValueError, match="leave pair out"):
        ANIMATIONS[kind](one, dpi=DPI, pair=("b", "w"))
    assert ANIMATIONS[kind](one, dpi=DPI, pair=("w", "b")).final_state.epoch == 5


def test_plane_frames_show_each_states_plane_and_residuals(run: History) -> None:
    animation = animate_plane(run, epochs=EPOCHS, dpi=DPI)
    X, y = run.x, run.y
    for frame, epoch in enumerate(EPOCHS):
        w, b = run.w[epoch], run.b[epoch]
        mesh, dashes, points = [
            a for a in animation.draw_frame(frame) if isinstance(a, Line2D) and a.axes.name == "3d"
        ]
        mx, my, mz = (np.asarray(c) for c in mesh.get_data_3d())
        drawn = ~np.isnan(mx)
        assert_allclose(mz[drawn], w[0] * mx[drawn] + w[1] * my[drawn] + b)
        ends = np.asarray(dashes.get_data_3d()[2]).reshape(-1, 3)[:, :2]
        assert_allclose(ends, np.column_stack([y, X @ w + b]))
        assert_allclose(np.asarray(points.get_data_3d()[2]), y)
    assert re.fullmatch(
        r"\s*epoch +200 +J = +\S+ +w₁ = +\S+\s+w₂ = +\S+ +b = +\S+", status_text(animation, -1)
    )
    assert float(status_text(animation, -1).split("w₂ =")[1].split()[0]) == pytest.approx(
        run.w[200, 1], abs=1e-4
    )


def test_fit_of_two_features_shows_each_points_prediction_against_its_target(
    run: History,
) -> None:
    animation = ANIMATIONS["fit"](run, epochs=EPOCHS, dpi=DPI)
    for frame, epoch in enumerate(EPOCHS):
        (dots,) = [
            a
            for a in animation.draw_frame(frame)
            if isinstance(a, Line2D) and a.get_marker() == "o" and len(a.get_xdata()) == 6
        ]
        assert_allclose(dots.get_xdata(), run.y)
        assert_allclose(dots.get_ydata(), run.x @ run.w[epoch] + run.b[epoch])


def map_image(animation: DescentAnimation, frame: int) -> np.ndarray:
    (image,) = [a for a in animation.draw_frame(frame) if isinstance(a, AxesImage)]
    return np.asarray(image.get_array())


def test_contour_map_is_the_cost_through_the_current_point(run: History) -> None:
    animation = animate_contour(run, epochs=EPOCHS, dpi=DPI)
    ax = next(ax for ax in animation.figure.axes if "weight" in ax.get_xlabel())
    (bar,) = [ax for ax in animation.figure.axes if ax.get_label() == "<colorbar>"]
    colours = colormaps[style.COST_MAP]
    norm = LogNorm(*bar.get_ylim(), clip=True)  # the colour bar's scale
    (u_low, u_high), (v_low, v_high) = ax.get_xlim(), ax.get_ylim()
    X, y = run.x, run.y
    *w_star, b_star = np.linalg.lstsq(np.column_stack([X, np.ones(6)]), y, rcond=None)[0]
    j_star = float(cost(X, y, np.array(w_star), b_star))
    for frame, epoch in enumerate(EPOCHS):
        pixels = map_image(animation, frame)
        nodes = pixels.shape[0]
        for row, column in [(0, 0), (nodes - 1, 7), (40, nodes - 1), (77, 31)]:
            w = np.array(
                [
                    u_low + (u_high - u_low) * column / (nodes - 1),
                    v_low + (v_high - v_low) * row / (nodes - 1),
                ]
            )
            expected = float(cost(X, y, w, run.b[epoch])) - j_star
            wanted = colours(norm(expected), bytes=True)
            assert_allclose(pixels[row, column], wanted, atol=3)
        assert f"b = {run.b[epoch]:.4f}" in status_text(animation, frame)
    assert ax.get_legend().get_title().get_text() == "$J$ at the current $b$"
    traced = [a for a in animation.draw_frame(-1) if isinstance(a, LineCollection)]
    assert len(traced) == 1
    assert traced[0].get_segments(), "the levels are traced over the map"


def test_contour_map_of_the_fixed_intercept_run_stays_still() -> None:
    fixed = fixed_b_run()
    animation = animate_contour(fixed, epochs=EPOCHS, dpi=DPI)
    first = map_image(animation, 0).copy()
    for frame in range(1, len(EPOCHS)):
        assert_allclose(map_image(animation, frame), first, rtol=0, atol=0)
    assert Landscape.of(fixed.x, fixed.y).b_star == pytest.approx(fixed.b[0], rel=1e-12)


@pytest.mark.parametrize("seed", [0, 1])
def test_the_cost_on_any_plane_through_a_point_is_the_cost_itself(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(30, 4)) + rng.normal(size=4)
    y = x @ rng.normal(size=4) + 1.0 + rng.normal(0.0, 0.3, 30)
    landscape = Landscape.of(x, y)
    held = rng.normal(size=5)
    u, v = rng.normal(size=7), rng.normal(size=7)
    for pair in [(0, 1), (1, 3), (2, 4), (4, 0)]:
        theta = np.tile(held, (7, 1))
        theta[:, pair[0]], theta[:, pair[1]] = u, v
        expected = [float(cost(x, y, t[:-1], t[-1])) - landscape.minimum for t in theta]
        assert_allclose(landscape.on_plane(pair, held, u, v), expected, rtol=1e-9, atol=1e-9)
    assert_allclose(
        landscape.above_minimum(theta[:, :-1], theta[:, -1]), expected, rtol=1e-9, atol=1e-9
    )


def test_surface_of_two_features_is_drawn_at_least_squares_b_and_says_so(run: History) -> None:
    animation = ANIMATIONS["surface"](run, epochs=EPOCHS, dpi=DPI)
    ax = next(ax for ax in animation.figure.axes if ax.name == "3d")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "$J$ at the least-squares $b$" in labels
    path, _point = [a for a in animation.draw_frame(-1) if isinstance(a, Line2D) and a.axes is ax]
    u, v, heights = (np.asarray(c) for c in path.get_data_3d())
    b_star = np.linalg.lstsq(np.column_stack([run.x, np.ones(6)]), run.y, rcond=None)[0][-1]
    expected = [
        float(cost(run.x, run.y, np.array([a, c]), b_star)) for a, c in zip(u, v, strict=True)
    ]
    assert_allclose(heights, expected, rtol=1e-9)
    assert_allclose(u, run.w[:201, 0])


def test_slices_of_two_features_are_along_the_pair_through_the_current_point(
    run: History,
) -> None:
    animation = ANIMATIONS["slices"](run, epochs=EPOCHS, dpi=DPI, pair=("w2", "b"))
    labels = {ax.get_xlabel() for ax in animation.figure.axes}
    assert {"weight $w_{2}$", "intercept $b$"} <= labels
    ax = next(ax for ax in animation.figure.axes if ax.get_xlabel() == "weight $w_{2}$")
    curve = next(
        a
        for a in animation.draw_frame(3)
        if isinstance(a, Line2D) and a.axes is ax and a.get_label().startswith("$J$")
    )
    grid, heights = curve.get_xdata(), curve.get_ydata()
    w1, b = run.w[30, 0], run.b[30]
    expected = [float(cost(run.x, run.y, np.array([w1, w2]), b)) for w2 in grid[::40]]
    assert_allclose(heights[::40], expected, rtol=1e-9)


@pytest.mark.parametrize("kind", ["fit", "slices", "contour", "surface"])
@pytest.mark.parametrize("layout", ["wide", "tall"])
def test_ten_features_and_a_sample_of_the_points_fit_both_layouts(kind: str, layout: str) -> None:
    """Long labels (a sample of the points, nine held parameters) once collapsed the layout."""
    rng = np.random.default_rng(4)
    x = rng.normal(size=(3_000, 10))
    history = gradient_descent(x, x @ rng.normal(size=10) + 1.0, learning_rate=0.2, n_epochs=20)
    animation = ANIMATIONS[kind](history, epochs=[0, 20], dpi=DPI, layout=layout)  # warnings fail
    for ax in animation.figure.axes:
        if ax.get_legend() is not None and ax.name != "3d":
            legend = ax.get_legend().get_window_extent()
            assert legend.x1 <= animation.figure.bbox.x1 + 1, (kind, layout)
