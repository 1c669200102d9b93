"""The numbers the Momentum and Stochastic pages print, pinned from the package's own functions.

The pages (gallery/faster/plot_01_momentum.py, gallery/faster/plot_02_stochastic.py) print each
prediction beside its measurement; these tests recompute both, fast, so that a change in
the package that would change a page's story fails here first. The site test at the end
checks that both pages were built with their video and figures.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup
from conftest import example_page

from gdexplain import (
    DivergenceError,
    History,
    article_data,
    convergence_rate,
    epochs_to_tolerance,
    gradient,
    gradient_descent,
    least_squares,
    minibatch_indices,
    momentum_descent,
    optimal_learning_rate,
    optimal_momentum,
    per_sample_gradients,
    stochastic_descent,
)

X, Y = article_data()
W_STAR, B_STAR = least_squares(X, Y)
TOLERANCE = 1e-6


def distance(history: History) -> np.ndarray:
    return np.hypot(history.w - W_STAR, history.b - B_STAR)


def epochs_to_reach(history: History) -> int:
    """First epoch within TOLERANCE, measured independently of the page's helper."""
    for epoch, gap in zip(history.epoch, distance(history), strict=True):
        if gap < TOLERANCE:
            return int(epoch)
    raise AssertionError("the run never got there")


def momentum_run(nesterov: bool, n_epochs: int = 1_000) -> History:
    best = optimal_momentum(X, nesterov=nesterov)
    return momentum_descent(
        X,
        Y,
        learning_rate=best.learning_rate,
        momentum=best.momentum,
        nesterov=nesterov,
        n_epochs=n_epochs,
    )


# --- Momentum -------------------------------------------------------------------------------


def test_the_three_best_settings_and_their_predicted_rates() -> None:
    heavy, nesterov = optimal_momentum(X), optimal_momentum(X, nesterov=True)
    assert optimal_learning_rate(X) == pytest.approx(0.043796, abs=5e-7)
    assert (heavy.learning_rate, heavy.momentum) == pytest.approx((0.073902, 0.687429), abs=5e-7)
    assert (nesterov.learning_rate, nesterov.momentum) == pytest.approx(
        (0.029366, 0.805507), abs=5e-7
    )
    rates = (convergence_rate(X, optimal_learning_rate(X)), heavy.rate, nesterov.rate)
    assert rates == pytest.approx((0.98269, 0.82911, 0.89228), abs=5e-6)


def test_epochs_to_a_millionth_are_893_110_and_159() -> None:
    alpha = optimal_learning_rate(X)
    gd = gradient_descent(X, Y, learning_rate=alpha, n_epochs=1_000)
    assert epochs_to_reach(gd) == 893
    assert epochs_to_tolerance(X, Y, learning_rate=alpha, tolerance=TOLERANCE) == 893
    assert epochs_to_reach(momentum_run(nesterov=False)) == 110
    assert epochs_to_reach(momentum_run(nesterov=True)) == 159


@pytest.mark.parametrize(
    ("nesterov", "printed"), [(None, 0.98269), (False, 0.83915), (True, 0.89858)]
)
def test_measured_rates_over_the_last_50_epochs(nesterov: bool | None, printed: float) -> None:
    if nesterov is None:
        run = gradient_descent(X, Y, learning_rate=optimal_learning_rate(X), n_epochs=1_000)
    else:
        run = momentum_run(nesterov)
    end = epochs_to_reach(run)
    gaps = distance(run)
    rate = (gaps[end] / gaps[end - 50]) ** (1 / 50)
    assert rate == pytest.approx(printed, abs=5e-6)


def test_the_heavy_balls_settings_make_nesterov_diverge() -> None:
    heavy = optimal_momentum(X)
    with pytest.raises(DivergenceError, match="Nesterov"):
        momentum_descent(
            X, Y, learning_rate=heavy.learning_rate, momentum=heavy.momentum, nesterov=True
        )


def test_the_peak_effect_is_at_epoch_5_for_the_heavy_ball_only() -> None:
    ball = momentum_run(nesterov=False, n_epochs=200)
    gaps = distance(ball)
    assert int(np.argmax(gaps)) == 5
    assert (gaps[0], gaps[5]) == pytest.approx((5.83, 17.49), abs=0.005)
    assert (ball.cost[0], ball.cost[5]) == pytest.approx((472.5, 6788.9), abs=0.05)
    # Nesterov and gradient descent never get farther than where they started.
    gd = gradient_descent(X, Y, learning_rate=optimal_learning_rate(X), n_epochs=200)
    assert int(np.argmax(distance(momentum_run(nesterov=True, n_epochs=200)))) == 0
    assert int(np.argmax(distance(gd))) == 0


@pytest.mark.parametrize(
    ("beta", "epochs", "rate", "peak", "at"),
    [
        (0.68, 333, 0.9495, 3.24, 6),
        (None, 110, 0.8291, 3.00, 5),
        (0.75, 109, 0.8660, 2.32, 3),
        (0.9, 276, 0.9487, 1.95, 2),
    ],
)
def test_the_beta_sweep_table(
    beta: float | None, epochs: int, rate: float, peak: float, at: int
) -> None:
    heavy = optimal_momentum(X)
    beta = heavy.momentum if beta is None else beta
    run = momentum_descent(X, Y, learning_rate=heavy.learning_rate, momentum=beta, n_epochs=400)
    gaps = distance(run)
    assert epochs_to_reach(run) == epochs
    assert convergence_rate(X, heavy.learning_rate, beta) == pytest.approx(rate, abs=5e-5)
    assert gaps.max() / gaps[0] == pytest.approx(peak, abs=0.005)
    assert int(np.argmax(gaps)) == at


def test_the_sweep_starts_just_above_the_heavy_balls_limit() -> None:
    heavy = optimal_momentum(X)
    with pytest.raises(DivergenceError):
        momentum_descent(X, Y, learning_rate=heavy.learning_rate, momentum=0.66, n_epochs=1)


# --- Stochastic and mini-batch --------------------------------------------------------------

SEEDS = range(10)  # the page's


def final_spread(batch_size: int, seeds: range, learning_rate: float = 0.01) -> np.ndarray:
    """Standard deviations of the final (w, b) over ``seeds``, 300 epochs each."""
    finals = [
        stochastic_descent(
            X, Y, learning_rate=learning_rate, batch_size=batch_size, n_epochs=300, seed=seed
        ).final
        for seed in seeds
    ]
    return np.array([[state.w, state.b] for state in finals]).std(axis=0)


def test_one_epochs_batches_for_seed_0() -> None:
    def epoch(size: int) -> list[list[int]]:
        return [b.tolist() for b in minibatch_indices(6, batch_size=size, n_epochs=1, seed=0)]

    assert epoch(1) == [[3], [2], [5], [4], [0], [1]]
    assert epoch(2) == [[2, 3], [4, 5], [0, 1]]
    assert epoch(3) == [[2, 3, 5], [0, 1, 4]]
    assert epoch(6) == [[0, 1, 2, 3, 4, 5]]


def test_the_six_pulls_average_to_the_batch_gradient_and_still_pull_at_the_minimum() -> None:
    for w, b in ((3.0, -1.0), (W_STAR, B_STAR)):
        pulls = per_sample_gradients(X, Y, w, b)
        assert np.abs(pulls.mean(axis=0) - np.array(gradient(X, Y, w, b))).max() < 1e-12
    at_minimum = 0.01 * per_sample_gradients(X, Y, W_STAR, B_STAR)
    assert np.hypot(*at_minimum.T).max() == pytest.approx(0.742, abs=5e-4)


@pytest.mark.parametrize(
    ("batch_size", "printed"),
    [(1, (0.680, 0.189)), (2, (0.242, 0.040)), (3, (0.107, 0.027)), (6, (0.0, 0.0))],
)
def test_the_pages_spread_table(batch_size: int, printed: tuple[float, float]) -> None:
    assert tuple(final_spread(batch_size, SEEDS)) == pytest.approx(printed, abs=5e-4)


def test_the_spread_shrinks_as_the_batch_grows_on_other_seeds() -> None:
    seeds = range(100, 120)  # not the page's: the trend, not one draw
    spreads = [final_spread(size, seeds)[0] for size in (1, 2, 3, 6)]
    assert spreads[0] > spreads[1] > spreads[2] > spreads[3]
    assert spreads[3] < 1e-12  # the full batch ignores the order of the points


@pytest.mark.parametrize(("alpha", "printed"), [(0.005, 0.252), (0.01, 0.680)])
def test_the_cloud_grows_with_the_step(alpha: float, printed: float) -> None:
    assert final_spread(1, SEEDS, learning_rate=alpha)[0] == pytest.approx(printed, abs=5e-4)


def test_a_decaying_step_ends_ten_times_closer_than_a_constant_one() -> None:
    runs = [
        stochastic_descent(X, Y, learning_rate=0.01, n_epochs=1_000, seed=0, decay=decay)
        for decay in (None, 0.02)
    ]
    constant, decaying = (float(distance(run)[-1]) for run in runs)
    assert (constant, decaying) == pytest.approx((0.4131, 0.0349), abs=5e-5)
    assert decaying < constant / 10


# --- The built pages ------------------------------------------------------------------------


@pytest.mark.site
@pytest.mark.parametrize(
    ("stem", "videos", "figures"),
    [("faster/plot_01_momentum", 1, 2), ("faster/plot_02_stochastic", 1, 4)],
)
def test_both_pages_are_built_with_their_video_and_figures(
    built_site: Path, stem: str, videos: int, figures: int
) -> None:
    page = built_site / example_page(Path(stem))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert len(soup.find_all("video")) == videos
    pictures = [
        img["src"]
        for img in soup.find_all("img", src=True)
        if f"sphx_glr_{Path(stem).name}_0" in img["src"]
    ]
    assert len(pictures) == figures, pictures
    for src in pictures:
        assert (page.parent / src).is_file(), src
    text = soup.get_text()
    assert "Try it yourself" in text
    explore = [a["href"] for a in soup.find_all("a", href=True) if "_explore.html#" in a["href"]]
    assert explore, "no link to the explorer with settings"
