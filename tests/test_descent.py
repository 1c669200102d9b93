"""Batch gradient descent: the recorded history, convergence, divergence, bad input."""

from __future__ import annotations

import re

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from gdexplain import (
    DivergenceError,
    article_data,
    gradient_descent,
    least_squares,
    optimal_learning_rate,
    stability_limit,
)


def step_by_step(x, y, learning_rate, w, b, epochs):
    """An independent, plain-Python run of the update rule, returning the states."""
    n = len(x)
    states = []
    for _ in range(epochs + 1):
        residuals = [yi - (w * xi + b) for xi, yi in zip(x, y, strict=True)]
        cost = sum(r * r for r in residuals) / n
        dJ_dw = -2 / n * sum(xi * r for xi, r in zip(x, residuals, strict=True))
        dJ_db = -2 / n * sum(residuals)
        states.append((w, b, cost, dJ_dw, dJ_db))
        w, b = w - learning_rate * dJ_dw, b - learning_rate * dJ_db
    return states


@pytest.fixture(scope="module")
def article_history():
    return gradient_descent(*article_data())


def test_history_starts_at_the_article_start(article_history) -> None:
    start = article_history.at(0)
    assert (start.epoch, start.w, start.b, start.cost) == (0, 3.0, -1.0, 472.5)
    assert len(article_history) == 12_001
    assert article_history.epoch.tolist() == list(range(12_001))


def test_first_update_matches_the_article(article_history) -> None:
    first = article_history.at(1)
    assert first.w == pytest.approx(2.806667, abs=1e-6)
    assert first.b == pytest.approx(-1.035667, abs=1e-6)
    assert first.cost == pytest.approx(434.724928, abs=1e-6)


def test_final_epoch_matches_the_article(article_history) -> None:
    final = article_history.final
    assert final.epoch == 12_000
    assert final.w == pytest.approx(-1.993587, abs=1e-6)
    assert final.b == pytest.approx(1.966698, abs=1e-6)
    assert final.cost == pytest.approx(42.666894, abs=1e-6)


@pytest.mark.parametrize("epoch", [1, 49, 100, 1000, 5000])
def test_history_matches_an_independent_step_by_step_run(article_history, epoch) -> None:
    x, y = article_data()
    expected = step_by_step(x.tolist(), y.tolist(), 0.001, 3.0, -1.0, epoch)[epoch]
    recorded = (
        article_history.w[epoch],
        article_history.b[epoch],
        article_history.cost[epoch],
        article_history.dJ_dw[epoch],
        article_history.dJ_db[epoch],
    )
    assert recorded == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_b_first_falls_then_climbs(article_history) -> None:
    # The fast, steep direction settles first; then the slow valley direction
    # pulls b back up towards 2.
    lowest = int(np.argmin(article_history.b))
    assert lowest == 70
    assert article_history.b[lowest] == pytest.approx(-1.685, abs=1e-3)
    assert np.all(np.diff(article_history.b[lowest:]) > 0)


def test_long_run_reaches_least_squares_and_scikit_learn() -> None:
    x, y = article_data()
    # At the best fixed rate the distance shrinks by 0.983 an epoch: 2,000 reach 1e-12.
    final = gradient_descent(x, y, learning_rate=optimal_learning_rate(x), n_epochs=2_000).final
    model = LinearRegression().fit(x[:, None], y)
    w_star, b_star = least_squares(x, y)
    assert (final.w, final.b) == (pytest.approx(w_star, abs=1e-8), pytest.approx(b_star, abs=1e-8))
    assert (final.w, final.b) == (
        pytest.approx(model.coef_[0], abs=1e-8),
        pytest.approx(model.intercept_, abs=1e-8),
    )
    assert final.cost == pytest.approx(128 / 3, rel=1e-12)


@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.99])
def test_cost_never_increases_below_the_stability_limit(fraction) -> None:
    x, y = article_data()
    history = gradient_descent(x, y, learning_rate=fraction * stability_limit(x), n_epochs=3000)
    assert np.all(np.diff(history.cost) <= 1e-12 * history.cost[:-1])


def test_a_learning_rate_above_the_stability_limit_is_refused_up_front() -> None:
    x, y = article_data()
    limit = stability_limit(x)
    with pytest.raises(DivergenceError, match=r"above the stability limit 0\.04418") as caught:
        gradient_descent(x, y, learning_rate=limit * 1.01, n_epochs=10)
    assert caught.value.epoch is None
    assert caught.value.limit == pytest.approx(limit)


def test_a_start_whose_cost_overflows_is_refused_as_a_bad_start() -> None:
    # No learning rate is to blame: the squared residuals overflow before the first step.
    with pytest.raises(ValueError, match=r"cost at the start \(w=1e\+200, b=-1\) is not a finite"):
        gradient_descent(*article_data(), w=1e200, n_epochs=10)


@pytest.mark.parametrize("allow_divergence", [False, True])
def test_data_too_large_to_square_are_refused_naming_the_scale(allow_divergence) -> None:
    # Before: "above the stability limit 0 ... use a smaller learning rate", where no rate works.
    x, y = [1e200, 2e200, 3e200], [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match=r"x\*\*2 overflows float64.*rescale x"):
        gradient_descent(x, y, n_epochs=10, allow_divergence=allow_divergence)
    with pytest.raises(ValueError, match=r"x\*\*2 overflows"):
        stability_limit(x)


@pytest.mark.parametrize("factor", [1.01, 1.5, 100.0, 1e6])
def test_a_diverging_run_is_recorded_finite_and_flagged(factor) -> None:
    x, y = article_data()
    history = gradient_descent(
        x, y, learning_rate=factor * stability_limit(x), n_epochs=100_000, allow_divergence=True
    )
    assert isinstance(history.diverged, int)
    assert history.diverged in (history.final.epoch, history.final.epoch + 1)
    assert history.final.epoch < 100_000
    for name in ("w", "b", "cost", "dJ_dw", "dJ_db"):
        assert np.isfinite(getattr(history, name)).all()
    bound = 1e6 * history.cost[0]
    assert np.all(history.cost[:-1] <= bound)
    if history.diverged == history.final.epoch:  # the epoch that passed the bound is shown
        assert history.cost[-1] > bound


def test_a_diverging_run_follows_the_same_steps_as_the_refused_one_would() -> None:
    x, y = article_data()
    rate = 1.2 * stability_limit(x)
    history = gradient_descent(x, y, learning_rate=rate, n_epochs=1000, allow_divergence=True)
    expected = step_by_step(x.tolist(), y.tolist(), rate, 3.0, -1.0, history.final.epoch)
    assert history.w.tolist() == pytest.approx([state[0] for state in expected], rel=1e-9)
    assert history.diverged == history.final.epoch
    assert history.cost[-1] > 1e6 * 472.5 >= history.cost[-2]


def test_allowing_divergence_changes_nothing_below_the_limit() -> None:
    x, y = article_data()
    allowed = gradient_descent(x, y, n_epochs=500, allow_divergence=True)
    assert allowed == gradient_descent(x, y, n_epochs=500)
    assert allowed.diverged is None


def test_numpy_scalars_are_accepted_as_settings() -> None:
    history = gradient_descent(
        *article_data(), learning_rate=np.float32(0.001), w=np.array(3.0), n_epochs=np.int64(2)
    )
    assert history.at(0).w == 3.0
    assert len(history) == 3


def test_zero_epochs_records_only_the_start() -> None:
    history = gradient_descent(*article_data(), n_epochs=0)
    assert len(history) == 1
    assert history.final == history.at(0)


def test_inputs_are_copied_not_modified() -> None:
    x, y = article_data()
    history = gradient_descent(x, y, n_epochs=5)
    x[0] = 100.0
    assert history.x[0] == 1.0
    with pytest.raises(ValueError, match="read-only"):
        history.w[0] = 0.0


def test_constant_x_still_trains_the_intercept() -> None:
    history = gradient_descent([2.0, 2.0, 2.0], [1.0, 2.0, 3.0], w=0.0, b=0.0, n_epochs=20_000)
    assert history.final.w * 2.0 + history.final.b == pytest.approx(2.0, abs=1e-8)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"learning_rate": 0.0}, ValueError, "learning_rate must be a positive"),
        ({"learning_rate": -0.01}, ValueError, "learning_rate must be a positive"),
        ({"learning_rate": np.nan}, ValueError, "learning_rate must be a positive"),
        ({"learning_rate": "fast"}, TypeError, "learning_rate must be a number"),
        ({"n_epochs": -1}, ValueError, "n_epochs must be at least 0"),
        ({"n_epochs": 10.5}, TypeError, "n_epochs must be an integer"),
        ({"n_epochs": True}, TypeError, "n_epochs must be an integer"),
        ({"w": np.inf}, ValueError, "w must be finite"),
        ({"b": None}, TypeError, "b must be a number"),
        ({"w": np.array([1.0, 2.0])}, TypeError, "w must be a number"),
        ({"allow_divergence": 1}, TypeError, "allow_divergence must be True or False"),
        ({"allow_divergence": "yes"}, TypeError, "allow_divergence must be True or False"),
    ],
)
def test_bad_settings_raise_a_clear_error(options, error, message) -> None:
    with pytest.raises(error, match=message):
        gradient_descent(*article_data(), **options)


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        ([1, 2, 3], [1, 2], "same length"),
        ([1], [2], "at least two"),
        ([1, np.nan], [1, 2], "x must be finite"),
    ],
)
def test_bad_data_raise_a_clear_error(x, y, message) -> None:
    with pytest.raises(ValueError, match=message):
        gradient_descent(x, y)


def test_complex_data_are_refused_not_cast() -> None:
    # Before: the imaginary part was silently dropped.
    x, y = article_data()
    with pytest.raises(TypeError, match="x must hold real numbers, got complex values"):
        gradient_descent(x + 1j, y)
    with pytest.raises(TypeError, match="y must hold real numbers"):
        gradient_descent(x, y.astype(complex))


@pytest.mark.parametrize("above", [0.0441779, "next float", 1.01])
def test_the_refusal_prints_numbers_whose_order_reads_right(above) -> None:
    # Before: "learning_rate=0.0441779 is above the stability limit 0.04418".
    x, y = article_data()
    limit = stability_limit(x)
    rate = {"next float": np.nextafter(limit, 1.0), 1.01: 1.01 * limit}.get(above, above)
    assert rate > limit
    with pytest.raises(DivergenceError) as refused:
        gradient_descent(x, y, learning_rate=rate, n_epochs=10)
    printed = re.search(
        r"learning_rate=(\S+) is above the stability limit (\S+) ", str(refused.value)
    )
    assert printed is not None
    assert float(printed[1]) > float(printed[2])
