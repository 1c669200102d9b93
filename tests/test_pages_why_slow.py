"""The "why it is slow" pages (step size, exact path, feature scaling), run and checked.

Each page runs once, top to bottom, through ``run_page``; every prediction it prints is
compared with a number computed here without gdexplain: the Hessian from the sums, the
minimum from ``numpy.polyfit``, and gradient descent iterated on the error in matrix form,
:math:`e_{k+1} = (I - \\alpha H) e_k`. The exercises' answers are read from the pages'
sources and each number they state is recomputed. A site test checks the built pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from lesson_checks import (
    AXES,
    HESSIAN,
    LAMBDAS,
    START,
    THETA_STAR,
    X,
    Y,
    answers,
    check_built_lesson,
    check_lesson_form,
    errors,
    first_within,
    hessian_of,
    lesson_fixture,
    printed_value,
    source,
)
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.text import Text

from gdexplain.animation._panels import FIGURE_SPACE
from gdexplain.divergence import DIVERGENCE_FACTOR

STEP_SIZE = "why_slow/plot_02_learning_rate.py"
EXACT_PATH = "why_slow/plot_03_exact_path.py"
SCALING = "why_slow/plot_04_feature_scaling.py"
EXPLORER = "explore/plot_01_explore.py"

J_STAR = float(np.mean((THETA_STAR[0] * X + THETA_STAR[1] - Y) ** 2))
START_DISTANCE = float(np.hypot(*(START - THETA_STAR)))

step_size_page_run = lesson_fixture(STEP_SIZE, "step_size_page")
exact_path_page_run = lesson_fixture(EXACT_PATH, "exact_path_page")
scaling_page_run = lesson_fixture(SCALING, "scaling_page")


def rate(alpha: float, curvatures: np.ndarray = LAMBDAS) -> float:
    return float(np.max(np.abs(1 - alpha * curvatures)))


def estimate(rho: float, distance: float = START_DISTANCE) -> float:
    """Epochs to 1e-6 if the whole distance shrank by ``rho`` every epoch."""
    return float(np.log(1e-6 / distance) / np.log(rho))


# -- The step size ----------------------------------------------------------------------------


def test_step_size_page_checks_the_gradient_and_the_factor_along_each_axis(
    step_size_page,
) -> None:
    _, printed, _ = step_size_page
    gradient_at_start = HESSIAN @ (START - THETA_STAR)
    lines = [line for line in printed.splitlines() if line.startswith(("gradient", "H (theta"))]
    for line in lines:
        assert [float(v) for v in re.findall(r"[-\d.]+", line.split(":")[1])] == pytest.approx(
            gradient_at_start, abs=1e-6
        )
    after_one = errors(0.001, 1)
    for curvature, axis in zip(LAMBDAS, AXES.T, strict=True):
        measured = (after_one[1] @ axis) / (after_one[0] @ axis)
        assert measured == pytest.approx(1 - 0.001 * curvature, abs=1e-12)
        assert f"predicted factor {1 - 0.001 * curvature:.6f}, measured {measured:.6f}" in printed


def test_step_size_page_limits_and_the_best_step(step_size_page) -> None:
    _, printed, _ = step_size_page
    kappa = LAMBDAS[1] / LAMBDAS[0]
    best = 2 / LAMBDAS.sum()
    assert printed_value(printed, r"κ = ([\d.]+)") == pytest.approx(kappa, abs=0.005)
    assert printed_value(printed, r"1/λmax = ([\d.]+)") == pytest.approx(1 / LAMBDAS[1], abs=5e-7)
    assert printed_value(printed, r"fastest α\* = ([\d.]+)") == pytest.approx(best, abs=5e-8)
    assert printed_value(printed, r"rate ([\d.]+)\n") == pytest.approx(rate(best), abs=5e-7)
    assert rate(best) == pytest.approx((kappa - 1) / (kappa + 1))
    assert printed_value(printed, r"α_max = ([\d.]+)") == pytest.approx(2 / LAMBDAS[1], abs=5e-7)


def test_step_size_page_race_rates_and_the_divergence(step_size_page) -> None:
    names, printed, _ = step_size_page
    limit = 2 / LAMBDAS[1]
    wild = errors(1.02 * limit, 300)
    cost_above = 0.5 * np.einsum("ki,ij,kj->k", wild, HESSIAN, wild)
    diverged = int(np.argmax(cost_above + J_STAR > DIVERGENCE_FACTOR * (cost_above[0] + J_STAR)))
    assert printed_value(printed, r"diverged at epoch (\d+)") == diverged == 178
    predicted = re.findall(r"predicted ([\d.]+), measured ([\d.]+)", printed)
    for alpha, (said, measured) in zip(names["rates"].values(), predicted, strict=True):
        assert float(said) == pytest.approx(rate(alpha), abs=5e-8)
        if alpha < limit:
            assert float(measured) == pytest.approx(rate(alpha), abs=5e-7)


def test_step_size_page_race_draws_the_diverging_run_until_it_leaves_the_map(
    step_size_page,
) -> None:
    names, _, _ = step_size_page
    runs, animation = names["runs"], names["race"]
    wild = runs[0]
    assert wild.final.epoch in (wild.diverged, wild.diverged - 1)
    values = np.concatenate([wild.w, wild.b, wild.cost, wild.dJ_dw, wild.dJ_db])
    assert np.isfinite(values).all()
    assert all(run.diverged is None for run in runs[1:])
    (ax,) = [ax for ax in animation.figure.axes if "slope" in ax.get_xlabel()]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend[:4] == [f"{k + 1}: {run.label}" for k, run in enumerate(runs)]
    artists = animation.draw_frame(-1)
    (status,) = [a for a in artists if isinstance(a, Text) and a.get_gid() == "status"]
    assert "J₁ = diverged" in " ".join(status.get_text().replace(FIGURE_SPACE, " ").split())
    renderer = FigureCanvasAgg(animation.figure).get_renderer()
    for i in range(0, len(animation), 5):  # the four costs fit the frame's width
        animation.draw_frame(i)
        extent = status.get_window_extent(renderer)
        assert extent.x0 >= 0, (i, extent)
        assert extent.x1 <= animation.figure.bbox.width, (i, extent)
    paths = [a for a in artists if isinstance(a, Line2D) and a.axes is ax and a.get_ls() == "-"]
    w, b = paths[0].get_data()
    (low, high), (bottom, top) = ax.get_xlim(), ax.get_ylim()
    inside = (low <= w) & (w <= high) & (bottom <= b) & (b <= top)
    assert inside[:-1].all()  # drawn while on the map...
    assert not inside[-1]  # ...up to its first point off it


def test_step_size_page_stability_map_runs_arrive_when_predicted(step_size_page) -> None:
    names, printed, _ = step_size_page
    rows = re.findall(r"α = ([\d.]+): predicted\s+([\d,]+) epochs, measured\s+([\d,]+)", printed)
    assert len(rows) == len(names["tried"]) == 12
    for alpha, (_, said, measured) in zip(names["tried"], rows, strict=True):
        expected = first_within(errors(alpha, int(said.replace(",", "")) + 5))
        assert int(said.replace(",", "")) == int(measured.replace(",", "")) == expected
    # "Below α = 0.003 a run needs more than ten thousand epochs"
    assert names["tried"][0] == pytest.approx(0.003)
    assert first_within(errors(0.003, 15_000)) > 10_000
    assert "needs more than ten thousand epochs" in source(STEP_SIZE)


def test_step_size_page_exercise_answers() -> None:
    first, second, third = answers(STEP_SIZE)
    assert f"{rate(0.04):.5f}" in first
    assert f"{1 - 0.04 * LAMBDAS[1]:.3f}" in first
    assert f"about {estimate(rate(0.04)):.0f} epochs" in first
    assert f"takes {first_within(errors(0.04, 1_200))}" in first
    assert f"0.03 the rate is {rate(0.03):.5f}" in second
    assert f"0.044 it is {rate(0.044):.5f}" in second
    assert abs(1 - 0.044 * LAMBDAS[1]) > 1 - 0.044 * LAMBDAS[0]  # the steep axis sets it
    slow, fast = first_within(errors(0.03, 1_500)), first_within(errors(0.044, 2_500))
    assert f"They take {slow:,} and {fast:,} epochs" in second
    assert f"{rate(0.001):.7f}" in source(STEP_SIZE)
    assert f"approx {estimate(rate(0.001)):,.0f}".replace(",", "{,}") in third
    assert f"run takes {first_within(errors(0.001, 40_000)):,}" in third


def test_step_size_page_form(step_size_page) -> None:
    check_lesson_form(STEP_SIZE, step_size_page[2])
    assert ".. _step-factor:" in source(STEP_SIZE)  # the anchor the other pages link to


# -- The exact path ---------------------------------------------------------------------------


def test_exact_path_page_closed_form_run_and_matrix_iteration_agree(exact_path_page) -> None:
    names, printed, _ = exact_path_page
    final = THETA_STAR + errors(0.001, 12_000)[-1]
    assert f"w = {final[0]:.6f}, b = {final[1]:.6f}" in printed
    assert printed_value(printed, r"\(([\d.e+-]+) of the start's\)") < 1e-12
    assert names["exact"].final.w == pytest.approx(final[0], abs=1e-9)


def test_exact_path_page_slopes_along_the_axes(exact_path_page) -> None:
    _, printed, _ = exact_path_page
    pairs = re.findall(r"predicted ([-\d.]+), measured ([-\d.]+)", printed)
    slopes = np.log(np.abs(1 - 0.001 * LAMBDAS))
    for (said, measured), slope in zip(pairs, slopes, strict=True):
        assert float(said) == pytest.approx(slope, abs=5e-9)
        assert float(measured) == pytest.approx(slope, rel=1e-3)


def b_dip(alpha: float, n_epochs: int) -> tuple[float, float, float, np.ndarray]:
    """S, F, k_d and the run's b, computed here."""
    parts = AXES.T @ (START - THETA_STAR)
    slow_share, fast_share = AXES[1] * parts
    s, f = 1 - alpha * LAMBDAS
    k_d = np.log(fast_share * (1 - f) / (abs(slow_share) * (1 - s))) / np.log(s / f)
    return slow_share, fast_share, k_d, THETA_STAR[1] + errors(alpha, n_epochs)[:, 1]


def test_exact_path_page_b_is_lowest_at_the_first_epoch_after_k_d(exact_path_page) -> None:
    _, printed, _ = exact_path_page
    slow_share, fast_share, k_d, b = b_dip(0.001, 400)
    assert f"S = {slow_share:+.4f}, F = {fast_share:+.4f}" in printed
    assert printed_value(printed, r"k_d = ([\d.]+)") == pytest.approx(k_d, abs=0.005)
    lowest = int(np.argmin(b))
    assert lowest == int(np.ceil(k_d)) == 70
    assert f"lowest b = {b[lowest]:.4f} at epoch {lowest}" in printed
    steps = np.diff(b)
    assert np.all(steps[:lowest] < 0)
    assert np.all(steps[lowest:] > 0)


def test_exact_path_page_exercise_answers() -> None:
    first, second, third = answers(EXACT_PATH)
    shallow = AXES[:, 0]
    w_0 = THETA_STAR[0] + (-1 - THETA_STAR[1]) / shallow[1] * shallow[0]
    assert f"w = {w_0:.4f}" in first
    climb = THETA_STAR[1] + errors(0.001, 500, start_error=np.array([w_0, -1.0]) - THETA_STAR)
    assert np.all(np.diff(climb[:, 1]) > 0)

    _, _, k_d, b = b_dip(0.01, 100)
    assert f"k_d = {k_d:.2f}" in second
    assert f"epoch {int(np.argmin(b))}, where :math:`b = {b.min():.4f}`" in second
    assert int(np.argmin(b)) == int(np.ceil(k_d))

    f = 1 - 0.03 * LAMBDAS[1]
    assert f"f = {f:.3f}" in third
    assert f"after {int(np.ceil(np.log(0.01) / np.log(abs(f))))} epochs" in third


def test_exact_path_page_form(exact_path_page) -> None:
    check_lesson_form(EXACT_PATH, exact_path_page[2])
    assert "<step-factor>" in source(EXACT_PATH)
    assert "../foundations/plot_03_fit.html" in source(EXACT_PATH)


# -- Feature scaling --------------------------------------------------------------------------


def kappa(x: np.ndarray) -> float:
    curvatures = np.linalg.eigvalsh(hessian_of(x))
    return float(curvatures[1] / curvatures[0])


SCALED = {
    "raw": X,
    "centred": X - X.mean(),
    "standardised": (X - X.mean()) / X.std(),
}


def test_scaling_page_condition_numbers_and_shapes(scaling_page) -> None:
    _, printed, _ = scaling_page
    for name, u in SCALED.items():
        assert printed_value(printed, rf"{name}: κ =\s+([\d.]+)") == pytest.approx(
            kappa(u), abs=5e-5
        )
    assert kappa(SCALED["centred"]) == pytest.approx(4.4722, abs=5e-5)  # an ellipse...
    assert hessian_of(SCALED["centred"])[0, 1] == pytest.approx(0, abs=1e-12)  # ...along w, b
    assert "round bowl" not in source(SCALING).split("Standardising")[0]


def test_scaling_page_the_start_is_a_different_line_in_each_system(scaling_page) -> None:
    _, printed, _ = scaling_page
    for name, scale in (("centred", 1.0), ("standardised", X.std())):
        slope, intercept = 3 / scale, -1 - 3 * X.mean() / scale
        assert f"{name}: y = {slope:.4f}x - {-intercept:.4f}" in printed


def test_scaling_page_epochs_at_each_versions_best_step(scaling_page) -> None:
    _, printed, _ = scaling_page
    rows = re.findall(r"\(α = ([\d.]+), rate ([\d.]+)\):\n\s+epochs predicted ([\d,]+)", printed)
    settings = [X, X, SCALED["centred"], SCALED["standardised"]]
    for (alpha, said_rate, said_epochs), u in zip(rows, settings, strict=True):
        curvatures = np.linalg.eigvalsh(hessian_of(u))
        minimum = np.polyfit(u, Y, 1)
        path = errors(float(alpha), 40_000, hessian=hessian_of(u), start_error=START - minimum)
        assert float(said_rate) == pytest.approx(rate(float(alpha), curvatures), abs=5e-4)
        assert int(said_epochs.replace(",", "")) == first_within(path)
    assert [int(r[2].replace(",", "")) for r in rows] == [38_395, 893, 35, 1]


def test_scaling_page_cost_falls_by_the_rate_squared(scaling_page) -> None:
    _, printed, _ = scaling_page
    path = errors(2 / LAMBDAS.sum(), 700)
    above = 0.5 * np.einsum("ki,ij,kj->k", path, HESSIAN, path)
    measured = (above[700] / above[600]) ** (1 / 100)
    assert measured == pytest.approx(rate(2 / LAMBDAS.sum()) ** 2, rel=1e-6)
    assert printed_value(printed, r"rate\^2 = ([\d.]+)") == pytest.approx(measured, abs=5e-6)
    assert printed_value(printed, r"rate\^2 = [\d.]+, measured ([\d.]+)") == pytest.approx(
        measured, abs=5e-6
    )


def test_scaling_page_far_data_and_the_explorers_words(scaling_page) -> None:
    names, printed, _ = scaling_page
    far = kappa(np.asarray(names["x_far"]))
    assert f"κ = {far:,.0f}, sqrt(κ) = {far**0.5:.0f}" in printed
    explorer = " ".join(source(EXPLORER).split())
    assert f"about {round(far**0.5, -1):.0f} times longer" in explorer
    assert f"curvatures differ about # {round(far, -3):,.0f} times" in explorer
    assert f"{kappa(SCALED['centred']):.2f} instead of {kappa(X):.0f}" in explorer
    assert f"rate² = {rate(2 / LAMBDAS.sum()) ** 2:.3f}" in explorer


def test_scaling_page_exercise_answers(scaling_page) -> None:
    names, _, _ = scaling_page
    first, second, third = answers(SCALING)
    x_far = np.asarray(names["x_far"])
    centred = x_far - x_far.mean()
    assert f"\\kappa = {kappa(centred):.2f}" in first
    assert f"2\\sigma_x^2 = {2 * centred.var():.2f}" in first
    assert kappa(centred / centred.std()) == pytest.approx(1.0)

    k = kappa(SCALED["centred"])
    distance = np.hypot(*(START - np.polyfit(SCALED["centred"], Y, 1)))
    assert f"{(k - 1) / (k + 1):.4f}" in second
    assert f"{distance:.2f}" in second
    assert f"approx {estimate((k - 1) / (k + 1), distance):.1f}" in second

    sigma = X.std()
    assert f"\\bar x = {X.mean():.4f}" in third
    assert f"\\sigma_x = {sigma:.4f}" in third
    assert f"{3 / sigma:.4f}\\,x - {1 + 3 * X.mean() / sigma:.4f}" in third


def test_scaling_page_form(scaling_page) -> None:
    check_lesson_form(SCALING, scaling_page[2])


# -- The built pages --------------------------------------------------------------------------


@pytest.mark.site
@pytest.mark.parametrize(
    ("lesson", "videos", "figures"), [(STEP_SIZE, 1, 1), (EXACT_PATH, 1, 2), (SCALING, 0, 1)]
)
def test_why_slow_pages_are_built_with_videos_figures_and_hidden_answers(
    built_site: Path, lesson: str, videos: int, figures: int
) -> None:
    check_built_lesson(built_site, lesson, videos, figures)
