"""The theory: curvatures, step sizes, rates and the exact path, each against a run."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from gdexplain import (
    DivergenceError,
    article_data,
    condition_number,
    convergence_rate,
    cost,
    curvatures,
    epochs_to_tolerance,
    exact_path,
    gradient_descent,
    hessian,
    least_squares,
    optimal_learning_rate,
    stability_limit,
)


def random_problem(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 40))
    x = rng.normal(rng.normal(0.0, 3.0), rng.uniform(0.3, 3.0), n)
    return x, rng.normal(0.0, 2.0) * x + rng.normal(0.0, 5.0) + rng.normal(0.0, 1.0, n)


def measured_rate(distances: np.ndarray, first: int, last: int) -> float:
    """The per-epoch factor fitted to log-distance between two epochs (least squares)."""
    epochs = np.arange(first, last + 1)
    slope = np.polyfit(epochs, np.log(distances[first : last + 1]), 1)[0]
    return float(np.exp(slope))


def test_curvatures_are_the_hessian_eigenvalues() -> None:
    for seed in range(10):
        x, _ = random_problem(seed)
        assert_allclose(curvatures(x), np.linalg.eigvalsh(hessian(x)), rtol=1e-12)


def test_the_small_curvature_stays_accurate_in_a_very_narrow_valley() -> None:
    # x far from 0 with a small spread: det H = 4 var(x) is tiny against H's entries.
    x = 1e4 + np.array([-1.0, 0.0, 1.0])
    smallest, largest = curvatures(x)
    assert smallest * largest == pytest.approx(4 * np.var(x), rel=1e-12)
    assert smallest == pytest.approx(4 * (2 / 3) / (2 * (1e8 + 2 / 3) + 2), rel=1e-9)


def hessian_written_out(x: np.ndarray) -> np.ndarray:
    """H = (2/n) [[sum x^2, sum x], [sum x, n]], written out here, not the package's."""
    return 2.0 / x.size * np.array([[np.sum(x**2), np.sum(x)], [np.sum(x), x.size]])


@pytest.mark.parametrize("centred", [False, True])
def test_article_data_theory_numbers_follow_from_the_eigenvalues(centred: bool) -> None:
    x, _ = article_data()
    x = x - x.mean() if centred else x
    smallest, largest = np.linalg.eigvalsh(hessian_written_out(x))
    assert curvatures(x) == (pytest.approx(smallest, rel=1e-12), pytest.approx(largest, rel=1e-12))
    assert condition_number(x) == pytest.approx(largest / smallest, rel=1e-12)
    best = 2.0 / (smallest + largest)
    assert optimal_learning_rate(x) == pytest.approx(best, rel=1e-12)
    for rate in (0.001, best):
        expected = max(abs(1 - rate * smallest), abs(1 - rate * largest))
        assert convergence_rate(x, rate) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_optimal_learning_rate_is_its_formula_and_the_fastest(seed) -> None:
    x, _ = random_problem(seed)
    small, large = np.linalg.eigvalsh(hessian(x))
    best = optimal_learning_rate(x)
    assert best == pytest.approx(2 / (small + large), rel=1e-12)
    kappa = large / small
    assert convergence_rate(x, best) == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-9)
    for other in np.linspace(0.05, 1.0, 39) * stability_limit(x):
        assert convergence_rate(x, other) >= convergence_rate(x, best) * (1 - 1e-12)


@pytest.mark.parametrize(
    ("learning_rate", "first", "last"),
    [(0.001, 5_000, 30_000), (0.02, 100, 700), ("best", 100, 800)],
)
def test_predicted_rate_is_within_one_percent_of_the_measured_log_slope(
    learning_rate, first, last
) -> None:
    x, y = article_data()
    if learning_rate == "best":
        learning_rate = optimal_learning_rate(x)
    history = gradient_descent(x, y, learning_rate=learning_rate, n_epochs=last)
    measured = measured_rate(history.distance_to_minimum(), first, last)
    predicted = convergence_rate(x, learning_rate)
    # Compare the logarithms: rates near 1 would pass any 1% test on the rate itself.
    assert np.log(measured) == pytest.approx(np.log(predicted), rel=0.01)


@pytest.mark.parametrize("learning_rate", [0.001, 0.01, 0.03, "best", 0.044])
def test_exact_path_equals_the_iterated_path_on_the_article_data(learning_rate) -> None:
    x, y = article_data()
    if learning_rate == "best":
        learning_rate = optimal_learning_rate(x)
    assert_paths_agree(x, y, learning_rate, 3.0, -1.0, 12_000)


@pytest.mark.parametrize("seed", range(8))
def test_exact_path_equals_the_iterated_path_on_random_data(seed) -> None:
    x, y = random_problem(seed)
    rng = np.random.default_rng(100 + seed)
    fraction = rng.uniform(0.05, 0.99)
    w, b = rng.normal(0.0, 10.0, 2)
    assert_paths_agree(x, y, fraction * stability_limit(x), w, b, 3_000)


def assert_paths_agree(x, y, learning_rate, w, b, n_epochs) -> None:
    iterated = gradient_descent(x, y, learning_rate=learning_rate, w=w, b=b, n_epochs=n_epochs)
    exact = exact_path(x, y, learning_rate=learning_rate, w=w, b=b, n_epochs=n_epochs)
    assert exact.epoch.tolist() == iterated.epoch.tolist()
    w_star, b_star = least_squares(x, y)
    start_error = np.hypot(w - w_star, b - b_star)
    # The parameters, at every epoch, to 1e-9 of their size (or of the start's error at 0).
    for name, star in (("w", w_star), ("b", b_star)):
        floor = 1e-9 * max(abs(star), 1e-3 * start_error)
        assert_allclose(getattr(exact, name), getattr(iterated, name), rtol=1e-9, atol=floor)
    # The error itself, relative, while it is well above rounding.
    exact_error, iterated_error = exact.distance_to_minimum(), iterated.distance_to_minimum()
    resolved = iterated_error > 1e-6 * max(abs(w_star), abs(b_star), 1.0)
    assert resolved[:10].all()
    assert_allclose(exact_error[resolved], iterated_error[resolved], rtol=1e-7)
    # The cost above its minimum, where it is well above the cost's rounding.
    lowest = float(cost(x, y, w_star, b_star))
    exact_excess, iterated_excess = exact.cost - lowest, iterated.cost - lowest
    meaningful = iterated_excess > 1e-6 * lowest
    assert meaningful[:10].all()
    assert_allclose(exact_excess[meaningful], iterated_excess[meaningful], rtol=1e-7)
    assert_allclose(exact.cost, iterated.cost, rtol=1e-9)
    scale = np.max(np.abs(iterated.dJ_dw[:1])) + np.max(np.abs(iterated.dJ_db[:1]))
    assert_allclose(exact.dJ_dw, iterated.dJ_dw, rtol=1e-7, atol=1e-9 * scale)
    assert_allclose(exact.dJ_db, iterated.dJ_db, rtol=1e-7, atol=1e-9 * scale)


def test_exact_path_shows_b_falling_to_its_lowest_at_epoch_70() -> None:
    path = exact_path(*article_data(), n_epochs=2_000)
    assert int(np.argmin(path.b)) == 70
    assert path.b[70] == pytest.approx(-1.6849, abs=1e-4)


def test_exact_path_diverges_where_the_iterated_path_does() -> None:
    x, y = article_data()
    rate = 1.3 * stability_limit(x)
    with pytest.raises(DivergenceError, match="above the stability limit"):
        exact_path(x, y, learning_rate=rate)
    exact = exact_path(x, y, learning_rate=rate, n_epochs=500, allow_divergence=True)
    iterated = gradient_descent(x, y, learning_rate=rate, n_epochs=500, allow_divergence=True)
    assert exact.diverged == iterated.diverged
    assert_allclose(exact.w, iterated.w, rtol=1e-9)
    assert np.isfinite(exact.cost).all()


@pytest.mark.parametrize("learning_rate", [0.005, "best", 0.02])
def test_predicted_epochs_to_tolerance_match_the_run(learning_rate) -> None:
    x, y = article_data()
    if learning_rate == "best":
        learning_rate = optimal_learning_rate(x)
    predicted = epochs_to_tolerance(x, y, learning_rate=learning_rate)
    history = gradient_descent(x, y, learning_rate=learning_rate, n_epochs=predicted + 10)
    measured = int(np.argmax(history.distance_to_minimum() < 1e-6))
    assert predicted == measured


def test_centring_x_cuts_the_epochs_at_the_best_rate_as_the_condition_number_says() -> None:
    x, y = article_data()
    measured = {}
    for name, inputs in (("raw", x), ("centred", x - x.mean())):
        best = optimal_learning_rate(inputs)
        predicted = epochs_to_tolerance(inputs, y, learning_rate=best)
        history = gradient_descent(inputs, y, learning_rate=best, n_epochs=predicted + 10)
        measured[name] = int(np.argmax(history.distance_to_minimum() < 1e-6))
        assert predicted == measured[name]
    # Epochs grow like 1/log(1/rate) with rate (kappa - 1)/(kappa + 1): kappa 114.6 against
    # 4.47 predicts a ratio of about 25 for the same starting distance.
    ratio = [
        1 / -np.log((k - 1) / (k + 1))
        for k in (condition_number(x), condition_number(x - x.mean()))
    ]
    assert measured["raw"] / measured["centred"] == pytest.approx(ratio[0] / ratio[1], rel=0.2)


def test_epochs_to_tolerance_refuses_a_rate_that_never_gets_there() -> None:
    x, y = article_data()
    with pytest.raises(ValueError, match=r"never gets within 1e-06.*stability limit is 0\.04418"):
        epochs_to_tolerance(x, y, learning_rate=2 / curvatures(x)[1])
    assert epochs_to_tolerance(x, y, learning_rate=0.01, w=-2.0, b=2.0) == 0


@pytest.mark.parametrize(
    ("function", "arguments", "error", "message"),
    [
        (curvatures, {"x": [1.0]}, ValueError, "at least two"),
        (curvatures, {"x": [1e200, 2e200]}, ValueError, r"x\*\*2 overflows"),
        (optimal_learning_rate, {"x": [[1.0, 2.0]]}, ValueError, "one-dimensional"),
        (convergence_rate, {"x": [1.0, 2.0], "learning_rate": 0}, ValueError, "learning_rate"),
        (convergence_rate, {"x": [1.0, 2.0], "learning_rate": "a"}, TypeError, "learning_rate"),
        (
            convergence_rate,
            {"x": [1.0, 2.0], "learning_rate": 0.1, "momentum": 1.0},
            ValueError,
            r"momentum must be in \[0, 1\)",
        ),
        (stability_limit, {"x": [1.0, 2.0], "momentum": -0.1}, ValueError, "momentum must be"),
        (stability_limit, {"x": [1.0, 2.0], "nesterov": 1}, TypeError, "nesterov must be True"),
        (
            exact_path,
            {"x": [2.0, 2.0], "y": [1.0, 3.0]},
            ValueError,
            "zero variance",
        ),
        (
            exact_path,
            {"x": [1.0, 2.0], "y": [1.0, 3.0], "n_epochs": -1},
            ValueError,
            "n_epochs must be at least 0",
        ),
        (
            exact_path,
            {"x": [1.0, 2.0], "y": [1.0, 3.0], "allow_divergence": None},
            TypeError,
            "allow_divergence must be True or False",
        ),
        (
            epochs_to_tolerance,
            {"x": [1.0, 2.0], "y": [1.0, 3.0], "learning_rate": 0.1, "tolerance": 0.0},
            ValueError,
            "tolerance must be a positive",
        ),
        (
            epochs_to_tolerance,
            {"x": [1.0, 2.0], "y": [1.0, 3.0], "learning_rate": 0.1, "w": np.nan},
            ValueError,
            "w must be finite",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(function, arguments, error, message) -> None:
    with pytest.raises(error, match=message):
        function(**arguments)


def test_constant_x_has_a_flat_direction_and_an_infinite_condition_number() -> None:
    x = [2.0, 2.0, 2.0]
    smallest, largest = curvatures(x)
    assert smallest == 0.0
    assert largest == pytest.approx(10.0)
    assert condition_number(x) == np.inf
    assert convergence_rate(x, 0.1) == 1.0


def test_a_step_so_large_that_it_overflows_has_an_infinite_rate() -> None:
    # Before: NaN, with five RuntimeWarnings (errors here).
    x, _ = article_data()
    assert convergence_rate(x, 1e308) == np.inf
    assert convergence_rate(x, 1e308, 0.5, nesterov=True) == np.inf
    # Just below the overflow the rate is |1 - alpha * lambda_max|, computed here.
    largest = np.linalg.eigvalsh(hessian(x))[-1]
    assert convergence_rate(x, 1e300) == pytest.approx(1e300 * largest - 1.0, rel=1e-12)


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.99])
@pytest.mark.parametrize("nesterov", [False, True])
def test_every_rate_is_a_number_at_least_the_plain_one_for_any_step(momentum, nesterov) -> None:
    x, _ = article_data()
    for learning_rate in (1e-300, 1e-8, 1.0, 1e8, 1e150, 1e250, 1e306, np.finfo(float).max):
        rate = convergence_rate(x, learning_rate, momentum, nesterov=nesterov)
        assert not np.isnan(rate)
        assert rate >= 0.0
