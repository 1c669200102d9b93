"""What the pages 07-09 (learning rate, exact path, feature scaling) predict, against runs.

Each test computes, with gdexplain's functions, a number a page prints as a prediction and
measures it from a run, as the page does; the site test at the end checks the built pages
show their videos, figures and those numbers. The math itself is tested in test_theory.py
(exact path = iterated path, epochs to tolerance at 0.001, α* and centred, bad input).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import example_page
from matplotlib.lines import Line2D
from matplotlib.text import Text

import gdexplain
from gdexplain import (
    article_data,
    condition_number,
    convergence_rate,
    cost,
    curvatures,
    epochs_to_tolerance,
    exact_path,
    frame_schedule,
    gradient,
    gradient_descent,
    hessian,
    least_squares,
    optimal_learning_rate,
    stability_limit,
)
from gdexplain.animation._panels import FIGURE_SPACE

GALLERY = Path(__file__).resolve().parents[1] / "gallery"


def first_epoch_within(history: gdexplain.History, tolerance: float = 1e-6) -> int:
    """The first recorded epoch within ``tolerance`` of the minimum, as the pages measure it."""
    close = history.distance_to_minimum() < tolerance
    assert close.any(), "the run never got within the tolerance"
    return int(history.epoch[np.argmax(close)])


# -- Page 07: choosing the learning rate -----------------------------------------------------


def race_rates() -> list[float]:
    """The page's four learning rates: above the limit, α*, ½α*, the article's α."""
    x, _ = article_data()
    best, limit = optimal_learning_rate(x), stability_limit(x)
    return [1.02 * limit, best, best / 2, 0.001]


def race() -> list[gdexplain.History]:
    """The page's four runs, the first allowed to diverge."""
    x, y = article_data()
    return [
        gradient_descent(x, y, learning_rate=rate, n_epochs=600, allow_divergence=True)
        for rate in race_rates()
    ]


def test_learning_rate_page_regions_hold_the_runs_it_says() -> None:
    x, _ = article_data()
    _, largest = curvatures(x)
    best, limit = optimal_learning_rate(x), stability_limit(x)
    assert best / 2 < 1 / largest < best < limit  # ½α* slides, α* zigzags
    assert limit == pytest.approx(2 / largest)
    assert best == pytest.approx(0.0437956, abs=1e-7)
    assert limit == pytest.approx(0.044178, abs=1e-6)
    assert condition_number(x) == pytest.approx(114.57, abs=0.01)


def test_learning_rate_page_predicted_rates_match_the_measured_ones() -> None:
    x, _ = article_data()
    expected = [1.04, 0.982694, 0.9913472, 0.9996049]
    for run, learning_rate, rate in zip(race(), race_rates(), expected, strict=True):
        distance = run.distance_to_minimum()
        measured = (distance[-1] / distance[-101]) ** (1 / 100)
        predicted = convergence_rate(x, learning_rate)
        assert predicted == pytest.approx(rate, rel=1e-5)
        assert measured == pytest.approx(predicted, rel=1e-5)


def test_a_run_just_above_the_limit_is_recorded_finite_flagged_and_drawn_with_the_others() -> None:
    runs = [replace(run, label=f"run {k}") for k, run in enumerate(race())]
    wild = runs[0]
    assert wild.diverged == 178
    assert wild.final.epoch in (wild.diverged, wild.diverged - 1)
    values = np.concatenate([wild.w, wild.b, wild.cost, wild.dJ_dw, wild.dJ_db])
    assert np.isfinite(values).all()
    assert all(run.diverged is None for run in runs[1:])

    frames = frame_schedule(600, breakpoints=(40,), steps=(1, 20), endpoint=True)
    animation = gdexplain.animate_contour(*runs, epochs=frames, dpi=20)
    (ax,) = [ax for ax in animation.figure.axes if "slope" in ax.get_xlabel()]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend[:4] == [f"{k + 1}: run {k}" for k in range(4)]
    artists = animation.draw_frame(-1)
    (status,) = [a for a in artists if isinstance(a, Text) and a.get_gid() == "status"]
    assert "J₁ = diverged" in " ".join(status.get_text().replace(FIGURE_SPACE, " ").split())
    # Four runs' costs fit the frame's width in every frame (the diverging one's too).
    renderer = animation.figure.canvas.get_renderer()
    for i in range(len(animation)):
        animation.draw_frame(i)
        extent = status.get_window_extent(renderer)
        assert extent.x0 >= 0, (i, extent)
        assert extent.x1 <= animation.figure.bbox.width, (i, extent)
    paths = [a for a in artists if isinstance(a, Line2D) and a.axes is ax and a.get_ls() == "-"]
    assert len(paths) == 4
    w, b = paths[0].get_data()
    (low, high), (bottom, top) = ax.get_xlim(), ax.get_ylim()
    inside = (low <= w) & (w <= high) & (bottom <= b) & (b <= top)
    assert inside[:-1].all()  # drawn while on the map...
    assert not inside[-1]  # ...up to its first point off it
    assert len(w) < len(wild)


@pytest.mark.parametrize("fraction", [0.07, 0.3, 0.97, 0.995, 0.998])
def test_stability_map_predicted_epochs_are_the_measured_ones(fraction) -> None:
    x, y = article_data()
    rate = fraction * stability_limit(x)
    predicted = epochs_to_tolerance(x, y, learning_rate=rate)
    run = gradient_descent(x, y, learning_rate=rate, n_epochs=predicted + 10)
    assert first_epoch_within(run) == predicted


def test_stability_map_is_fastest_near_the_optimal_rate_and_climbs_at_the_limit() -> None:
    x, y = article_data()
    best, limit = optimal_learning_rate(x), stability_limit(x)
    rates = np.geomspace(1e-4, limit * (1 - 1e-6), 300)
    epochs = np.array([epochs_to_tolerance(x, y, learning_rate=a) for a in rates])
    fastest = rates[np.argmin(epochs)]
    assert abs(np.log(fastest / best)) < 0.02
    assert epochs[0] > 300_000
    assert epochs[-1] > 10 * epochs.min()


# -- Page 08: the exact path -----------------------------------------------------------------


def article_runs() -> tuple[gdexplain.History, gdexplain.History]:
    x, y = article_data()
    return exact_path(x, y, n_epochs=12_000), gradient_descent(x, y, n_epochs=12_000)


def errors_along_the_axes(run: gdexplain.History) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The curvatures and the error along each eigenvector of H, per epoch (page 08's split)."""
    values, axes = np.linalg.eigh(hessian(run.x))
    w_star, b_star = least_squares(run.x, run.y)
    return values, axes, axes.T @ np.vstack((run.w - w_star, run.b - b_star))


def test_exact_path_page_closed_form_is_the_run_to_rounding() -> None:
    exact, run = article_runs()
    gap = np.hypot(exact.w - run.w, exact.b - run.b).max()
    assert gap / run.distance_to_minimum()[0] < 1e-12


def test_exact_path_page_error_along_each_axis_falls_on_its_predicted_line() -> None:
    _, run = article_runs()
    values, _, error = errors_along_the_axes(run)
    predicted = np.log(np.abs(1 - 0.001 * values))
    assert predicted == pytest.approx([-0.00039522, -0.04632829], abs=1e-8)
    assert predicted == pytest.approx(np.log(np.abs(1 - 0.001 * np.array(curvatures(run.x)))))
    for part, slope in zip(np.abs(error), predicted, strict=True):
        meaningful = part > 1e-9
        assert meaningful.sum() > 100
        measured = np.polyfit(run.epoch[meaningful], np.log(part[meaningful]), 1)[0]
        assert measured == pytest.approx(slope, rel=0.01)
    assert np.log(convergence_rate(run.x, 0.001)) == pytest.approx(predicted.max())


def test_exact_path_page_b_dips_where_the_fast_part_has_gone() -> None:
    exact, run = article_runs()
    _, axes, error = errors_along_the_axes(run)
    slow_b, fast_b = axes[1, :, None] * error
    assert slow_b[0] == pytest.approx(-3.8212, abs=1e-4)
    assert fast_b[0] == pytest.approx(0.8212, abs=1e-4)
    assert slow_b + fast_b + least_squares(run.x, run.y)[1] == pytest.approx(run.b)
    lowest = int(np.argmin(run.b))
    assert lowest == int(np.argmin(exact.b)) == 70
    assert run.b[lowest] == pytest.approx(-1.6849, abs=1e-4)
    assert abs(fast_b[lowest]) < 0.05 * fast_b[0]  # by then most of the fast part is gone


# -- Page 09: feature scaling ----------------------------------------------------------------


def scaled_inputs() -> dict[str, np.ndarray]:
    x, _ = article_data()
    return {"raw": x, "centred": x - x.mean(), "standardised": (x - x.mean()) / x.std()}


def test_feature_scaling_page_condition_numbers() -> None:
    kappa = {name: condition_number(u) for name, u in scaled_inputs().items()}
    assert kappa["raw"] == pytest.approx(114.57, abs=0.01)
    assert kappa["centred"] == pytest.approx(4.4722, abs=1e-4)
    assert kappa["standardised"] == pytest.approx(1.0)
    H = hessian(scaled_inputs()["centred"])
    assert H[0, 1] == pytest.approx(0.0, abs=1e-12)  # an ellipse along w and b


@pytest.mark.parametrize(("name", "expected"), [("centred", 35), ("standardised", 1)])
def test_feature_scaling_page_epochs_at_each_version_s_own_best_rate(name, expected) -> None:
    # The raw data's 38,395 and 893 are pinned in test_theory.py.
    _, y = article_data()
    u = scaled_inputs()[name]
    rate = optimal_learning_rate(u)
    predicted = epochs_to_tolerance(u, y, learning_rate=rate)
    run = gradient_descent(u, y, learning_rate=rate, n_epochs=predicted + 20)
    assert predicted == first_epoch_within(run) == expected


@pytest.mark.parametrize("name", ["centred", "standardised"])
def test_feature_scaling_page_maps_the_fit_back_to_the_least_squares_line(name) -> None:
    x, y = article_data()
    u = scaled_inputs()[name]
    scale = 1.0 if name == "centred" else x.std()
    rate = optimal_learning_rate(u)
    fit = gradient_descent(
        u, y, learning_rate=rate, n_epochs=epochs_to_tolerance(u, y, learning_rate=rate)
    ).final
    w_back, b_back = fit.w / scale, fit.b - fit.w * x.mean() / scale
    assert (w_back, b_back) == pytest.approx(least_squares(x, y), abs=1e-5)


def test_feature_scaling_page_newton_step_lands_on_the_minimum() -> None:
    x, y = article_data()
    start = np.array([3.0, -1.0])
    w_1, b_1 = start - np.linalg.solve(hessian(x), gradient(x, y, *start))
    assert (w_1, b_1) == pytest.approx((-2.0, 2.0), abs=1e-12)
    assert cost(x, y, w_1, b_1) == pytest.approx(128 / 3)


# -- The built pages -------------------------------------------------------------------------

PAGES = {
    # script: (videos, figures at least, numbers the page must print)
    "why_slow/plot_02_learning_rate.py": (
        1,
        1,
        ["diverged at epoch 178", "predicted 0.9996049, measured 0.9996049", "α* = 0.0437956"],
    ),
    "why_slow/plot_03_exact_path.py": (
        1,
        2,
        [
            "predicted -0.00039522, measured -0.00039522",
            "predicted -0.04632829, measured -0.04632829",
            "-1.6849 at epoch 70",
        ],
    ),
    "why_slow/plot_04_feature_scaling.py": (
        0,
        1,
        [
            "predicted 38,395, measured 38,395",
            "predicted 893, measured 893",
            "predicted 35, measured 35",
            "lands on (-2.000000, 2.000000)",
        ],
    ),
}


@pytest.mark.site
@pytest.mark.parametrize("name", sorted(PAGES))
def test_beyond_pages_show_their_videos_figures_and_measured_numbers(
    built_site: Path, name: str
) -> None:
    from bs4 import BeautifulSoup

    n_videos, n_figures, numbers = PAGES[name]
    page = built_site / example_page(GALLERY / name)
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    videos = soup.find_all("video")
    assert len(videos) == n_videos
    for source in (s for video in videos for s in video.find_all("source", src=True)):
        assert (page.parent / source["src"]).stat().st_size > 10_000
    figures = [
        img
        for img in soup.select("img.sphx-glr-single-img, img.sphx-glr-multi-img")
        if "gdexplain-video" not in " ".join(img.get("class", []))
    ]
    assert len(figures) >= n_figures
    for img in figures:
        assert (page.parent / img["src"]).is_file()
    printed = " ".join(
        " ".join(block.get_text().split()) for block in soup.select("div.sphx-glr-script-out pre")
    )
    for number in numbers:
        assert number in printed, f"{name} does not print {number!r}"
