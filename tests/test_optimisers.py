"""Momentum, Nesterov, stochastic and mini-batch descent, each against theory or a loop."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from gdexplain import (
    DivergenceError,
    article_data,
    convergence_rate,
    curvatures,
    epochs_to_tolerance,
    gradient_descent,
    least_squares,
    minibatch_indices,
    momentum_descent,
    optimal_learning_rate,
    optimal_momentum,
    stability_limit,
    stochastic_descent,
)


def same_run(first, second) -> bool:
    """Equal records, whatever the labels say."""
    return dataclasses.replace(first, label="") == dataclasses.replace(second, label="")


def nesterov_by_hand(x, y, learning_rate, momentum, w, b, n_epochs):
    """Sutskever et al. (2013), written out in plain Python: the gradient at θ + βv."""
    n = len(x)

    def gradient_at(w_, b_):
        residuals = [yi - (w_ * xi + b_) for xi, yi in zip(x, y, strict=True)]
        return (
            -2 / n * sum(xi * r for xi, r in zip(x, residuals, strict=True)),
            -2 / n * sum(residuals),
        )

    v_w = v_b = 0.0
    path = [(w, b)]
    for _ in range(n_epochs):
        g_w, g_b = gradient_at(w + momentum * v_w, b + momentum * v_b)
        v_w, v_b = momentum * v_w - learning_rate * g_w, momentum * v_b - learning_rate * g_b
        w, b = w + v_w, b + v_b
        path.append((w, b))
    return np.array(path)


def heavy_ball_by_hand(x, y, learning_rate, momentum, w, b, n_epochs):
    """Polyak's heavy ball in its other common form: θ + β(θ − θ_prev) − α∇J(θ)."""
    x, y = np.asarray(x), np.asarray(y)
    previous = current = np.array([w, b])
    path = [current]
    for _ in range(n_epochs):
        residuals = y - (current[0] * x + current[1])
        grad = np.array([-2 * np.mean(x * residuals), -2 * np.mean(residuals)])
        previous, current = (
            current,
            current + momentum * (current - previous) - learning_rate * grad,
        )
        path.append(current)
    return np.array(path)


def first_within(history, tolerance=1e-6) -> int:
    return int(history.epoch[np.argmax(history.distance_to_minimum() < tolerance)])


# --- momentum ----------------------------------------------------------------------


@pytest.mark.parametrize("nesterov", [False, True])
@pytest.mark.parametrize("learning_rate", [0.001, 0.03, 0.0441])
def test_zero_momentum_is_exactly_gradient_descent(nesterov, learning_rate) -> None:
    x, y = article_data()
    plain = gradient_descent(x, y, learning_rate=learning_rate, n_epochs=3_000)
    with_momentum = momentum_descent(
        x, y, learning_rate=learning_rate, momentum=0.0, nesterov=nesterov, n_epochs=3_000
    )
    assert same_run(with_momentum, plain)  # bit for bit: == on every array


@pytest.mark.parametrize(
    ("momentum", "learning_rate"), [(0.5, 0.02), (0.9, 0.01), (0.8055, 0.0294)]
)
def test_nesterov_matches_an_independent_loop(momentum, learning_rate) -> None:
    x, y = article_data()
    history = momentum_descent(
        x, y, learning_rate=learning_rate, momentum=momentum, nesterov=True, n_epochs=500
    )
    expected = nesterov_by_hand(x.tolist(), y.tolist(), learning_rate, momentum, 3.0, -1.0, 500)
    np.testing.assert_allclose(history.w, expected[:, 0], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(history.b, expected[:, 1], rtol=1e-10, atol=1e-12)


def test_heavy_ball_matches_its_two_step_form() -> None:
    x, y = article_data()
    history = momentum_descent(x, y, learning_rate=0.02, momentum=0.6, n_epochs=500)
    expected = heavy_ball_by_hand(x, y, 0.02, 0.6, 3.0, -1.0, 500)
    np.testing.assert_allclose(history.w, expected[:, 0], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(history.b, expected[:, 1], rtol=1e-10, atol=1e-12)


def test_optimal_momentum_of_the_article_data() -> None:
    x, _ = article_data()
    heavy = optimal_momentum(x)
    assert heavy == (
        pytest.approx(0.0739, abs=1e-4),
        pytest.approx(0.687, abs=1e-3),
        pytest.approx(0.829, abs=1e-3),
    )
    nesterov = optimal_momentum(x, nesterov=True)
    assert nesterov == (
        pytest.approx(0.0294, abs=1e-4),
        pytest.approx(0.806, abs=1e-3),
        pytest.approx(0.892, abs=1e-3),
    )


@pytest.mark.parametrize("seed", range(6))
def test_optimal_momentum_formulas_and_their_rates(seed) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(rng.normal(0, 3), rng.uniform(0.5, 3), 20)
    small, large = np.linalg.eigvalsh(2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1]]))
    kappa = large / small
    heavy = optimal_momentum(x)
    assert heavy.learning_rate == pytest.approx((2 / (np.sqrt(small) + np.sqrt(large))) ** 2)
    assert heavy.momentum == pytest.approx(((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2)
    assert heavy.rate == pytest.approx(np.sqrt(heavy.momentum))
    assert convergence_rate(x, heavy.learning_rate, heavy.momentum) == pytest.approx(
        heavy.rate, rel=1e-6
    )
    nesterov = optimal_momentum(x, nesterov=True)
    assert nesterov.learning_rate == pytest.approx(4 / (3 * large + small))
    root = np.sqrt(3 * kappa + 1)
    assert nesterov.momentum == pytest.approx((root - 2) / (root + 2))
    # Both cases sit on a double root, where rounding moves the root by about sqrt(eps).
    assert convergence_rate(
        x, nesterov.learning_rate, nesterov.momentum, nesterov=True
    ) == pytest.approx(1 - 2 / root, rel=1e-6)


def test_heavy_ball_measured_rate_at_its_optimum_is_within_3_percent() -> None:
    x, y = article_data()
    best = optimal_momentum(x)
    history = momentum_descent(
        x, y, learning_rate=best.learning_rate, momentum=best.momentum, n_epochs=160
    )
    # At the critical momentum both roots coincide: the error falls like k·ρᵏ, so a
    # log-slope fitted over a late window reads a little above ρ.
    log_distance = np.log(history.distance_to_minimum())
    slope = np.polyfit(np.arange(60, 161), log_distance[60:161], 1)[0]
    assert np.exp(slope) == pytest.approx(best.rate, rel=0.03)
    assert np.exp(slope) > best.rate  # the k·ρᵏ factor, seen


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_epochs_to_one_in_a_million_match_a_hand_loop(nesterov) -> None:
    x, y = article_data()
    best = optimal_momentum(x, nesterov=nesterov)
    settings = (best.learning_rate, best.momentum, 3.0, -1.0, 300)
    by_hand = (nesterov_by_hand if nesterov else heavy_ball_by_hand)(x, y, *settings)
    distances = np.hypot(*(by_hand - np.array(least_squares(x, y))).T)
    expected = int(np.argmax(distances < 1e-6))
    assert expected > 0
    run = momentum_descent(
        x,
        y,
        learning_rate=best.learning_rate,
        momentum=best.momentum,
        nesterov=nesterov,
        n_epochs=300,
    )
    assert first_within(run) == expected
    # Far fewer epochs than plain descent at its best rate: the lesson of momentum.
    plain = epochs_to_tolerance(x, y, learning_rate=optimal_learning_rate(x))
    assert expected < plain / 5


@pytest.mark.parametrize("nesterov", [False, True])
@pytest.mark.parametrize("momentum", [0.0, 0.3, 0.7, 0.95])
def test_momentum_stability_limit_separates_converging_from_diverging(nesterov, momentum) -> None:
    x, y = article_data()
    limit = stability_limit(x, momentum, nesterov=nesterov)
    expected = (2 + 2 * momentum) / ((1 + 2 * momentum if nesterov else 1) * curvatures(x)[1])
    assert limit == pytest.approx(expected, rel=1e-12)
    settings = {"momentum": momentum, "nesterov": nesterov, "n_epochs": 20_000}
    below = momentum_descent(x, y, learning_rate=0.995 * limit, **settings)
    assert below.distance_to_minimum()[-1] < below.distance_to_minimum()[0]
    assert convergence_rate(x, 0.995 * limit, momentum, nesterov=nesterov) < 1
    above = momentum_descent(x, y, learning_rate=1.005 * limit, allow_divergence=True, **settings)
    assert above.diverged is not None
    assert convergence_rate(x, 1.005 * limit, momentum, nesterov=nesterov) > 1


def test_momentum_refusal_names_the_methods_own_limit() -> None:
    x, y = article_data()
    heavy = optimal_momentum(x)
    # Above 2/λmax, but below the heavy ball's 2(1 + β)/λmax: runs.
    assert heavy.learning_rate > stability_limit(x)
    momentum_descent(x, y, learning_rate=heavy.learning_rate, momentum=heavy.momentum, n_epochs=5)
    # Nesterov with the heavy ball's settings diverges on these data.
    with pytest.raises(DivergenceError, match=r"stability limit 0\.03139 .*Nesterov") as caught:
        momentum_descent(
            x, y, learning_rate=heavy.learning_rate, momentum=heavy.momentum, nesterov=True
        )
    assert caught.value.limit == pytest.approx(stability_limit(x, heavy.momentum, nesterov=True))
    with pytest.raises(DivergenceError, match=r"stability limit 0\.06627 .*heavy-ball"):
        momentum_descent(x, y, learning_rate=0.07, momentum=0.5)


def test_a_diverging_momentum_run_is_recorded_finite_and_flagged() -> None:
    x, y = article_data()
    heavy = optimal_momentum(x)
    history = momentum_descent(
        x,
        y,
        learning_rate=heavy.learning_rate,
        momentum=heavy.momentum,
        nesterov=True,
        n_epochs=1_000,
        allow_divergence=True,
    )
    assert history.diverged == history.final.epoch < 1_000
    assert np.isfinite(history.cost).all()
    assert history.cost[-1] > 1e6 * history.cost[0]


# --- stochastic and mini-batch -----------------------------------------------------


def test_the_whole_batch_is_exactly_batch_gradient_descent() -> None:
    x, y = article_data()
    for seed in (0, 1):
        stochastic = stochastic_descent(x, y, batch_size=6, n_epochs=2_000, seed=seed)
        assert stochastic.updates_per_epoch == 1
        assert same_run(stochastic, gradient_descent(x, y, n_epochs=2_000))


def test_the_same_seed_gives_the_same_run_and_other_seeds_other_runs() -> None:
    x, y = article_data()
    runs = [
        stochastic_descent(x, y, learning_rate=0.01, batch_size=2, n_epochs=50, seed=seed)
        for seed in (0, 0, 1, 2)
    ]
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    assert runs[0] != runs[3]
    assert runs[2] != runs[3]
    assert runs[0].final.w != runs[2].final.w


def test_without_shuffling_the_seed_does_not_matter() -> None:
    x, y = article_data()
    first, second = (
        stochastic_descent(x, y, learning_rate=0.01, n_epochs=20, seed=seed, shuffle=False)
        for seed in (0, 1)
    )
    assert first == second


def test_every_update_is_recorded_with_its_epoch() -> None:
    x, y = article_data()
    history = stochastic_descent(x, y, learning_rate=0.01, batch_size=4, n_epochs=10, seed=3)
    assert history.updates_per_epoch == 2  # batches of 4 and 2
    assert len(history) == 21
    assert history.epochs_elapsed[[0, 1, 2, 20]].tolist() == [0.0, 0.5, 1.0, 10.0]


def test_each_update_steps_along_the_mean_gradient_of_its_batch() -> None:
    x, y = article_data()
    history = stochastic_descent(x, y, learning_rate=0.01, batch_size=2, n_epochs=5, seed=9)
    batches = minibatch_indices(6, batch_size=2, n_epochs=5, seed=9)
    for update, batch in enumerate(batches):
        w, b = history.w[update], history.b[update]
        residuals = y[batch] - (w * x[batch] + b)
        step_w = -0.01 * -2 * np.mean(x[batch] * residuals)
        step_b = -0.01 * -2 * np.mean(residuals)
        assert history.w[update + 1] == pytest.approx(w + step_w, rel=1e-12, abs=1e-14)
        assert history.b[update + 1] == pytest.approx(b + step_b, rel=1e-12, abs=1e-14)


def test_minibatches_cover_every_point_once_per_epoch() -> None:
    batches = minibatch_indices(7, batch_size=3, n_epochs=4, seed=5)
    assert [len(batch) for batch in batches] == [3, 3, 1] * 4
    for epoch in range(4):
        assert sorted(np.concatenate(batches[3 * epoch : 3 * epoch + 3]).tolist()) == list(
            range(7)
        )
    orders = {tuple(np.concatenate(batches[3 * e : 3 * e + 3])) for e in range(4)}
    assert len(orders) > 1  # shuffled differently each epoch


def test_the_spread_across_seeds_shrinks_as_the_batch_grows() -> None:
    x, y = article_data()
    spreads = []
    for batch_size in (1, 2, 3, 6):
        finals = [
            stochastic_descent(
                x, y, learning_rate=0.01, batch_size=batch_size, n_epochs=300, seed=seed
            ).final.w
            for seed in range(12)
        ]
        spreads.append(float(np.std(finals)))
    assert spreads[0] > spreads[1] > spreads[2] > spreads[3]
    assert spreads[0] > 0.3
    assert spreads[3] < 1e-12  # the whole batch: no randomness left


def test_a_decaying_step_settles_where_a_constant_step_hovers() -> None:
    x, y = article_data()
    w_star, b_star = -2.0, 2.0

    def final_errors(decay):
        return [
            np.hypot(run.final.w - w_star, run.final.b - b_star)
            for run in (
                stochastic_descent(
                    x, y, learning_rate=0.01, n_epochs=1_000, seed=seed, decay=decay
                )
                for seed in range(3)
            )
        ]

    constant, decaying = np.mean(final_errors(None)), np.mean(final_errors(0.02))
    assert constant > 0.2
    assert decaying < constant / 10


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"batch_size": 0}, ValueError, "batch_size must be at least 1"),
        ({"batch_size": 7}, ValueError, "batch_size must be at most the number of points 6"),
        ({"batch_size": 2.0}, TypeError, "batch_size must be an integer"),
        ({"seed": -1}, ValueError, "seed must be at least 0"),
        ({"seed": "abc"}, TypeError, "seed must be an integer"),
        ({"shuffle": "yes"}, TypeError, "shuffle must be True or False"),
        ({"decay": -0.1}, ValueError, "decay must be at least 0"),
        ({"decay": "fast"}, TypeError, "decay must be a number"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate must be a positive"),
        ({"n_epochs": -1}, ValueError, "n_epochs must be at least 0"),
        ({"allow_divergence": 0}, TypeError, "allow_divergence must be True or False"),
    ],
)
def test_bad_stochastic_settings_raise_a_clear_error(arguments, error, message) -> None:
    with pytest.raises(error, match=message):
        stochastic_descent(*article_data(), **arguments)


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"momentum": 1.0}, ValueError, r"momentum must be in \[0, 1\)"),
        ({"momentum": -0.5}, ValueError, r"momentum must be in \[0, 1\)"),
        ({"momentum": np.nan}, ValueError, "momentum must be finite"),
        ({"momentum": "high"}, TypeError, "momentum must be a number"),
        ({"nesterov": "yes"}, TypeError, "nesterov must be True or False"),
        ({"learning_rate": -1.0}, ValueError, "learning_rate must be a positive"),
        ({"n_epochs": 1.5}, TypeError, "n_epochs must be an integer"),
        ({"allow_divergence": None}, TypeError, "allow_divergence must be True or False"),
    ],
)
def test_bad_momentum_settings_raise_a_clear_error(arguments, error, message) -> None:
    settings = {"learning_rate": 0.01, "momentum": 0.5} | arguments
    with pytest.raises(error, match=message):
        momentum_descent(*article_data(), **settings)


def test_a_stochastic_run_that_blows_up_is_refused_or_recorded() -> None:
    x, y = article_data()
    # One point's own stability limit is about 0.02 (x = 7): far above it, it blows up.
    with pytest.raises(DivergenceError, match=r"stochastic descent diverged at update \d+"):
        stochastic_descent(x, y, learning_rate=0.5, n_epochs=1_000, seed=0)
    history = stochastic_descent(
        x, y, learning_rate=0.5, n_epochs=1_000, seed=0, allow_divergence=True
    )
    assert history.diverged is not None
    assert np.isfinite(history.cost).all()
    assert history.cost[-1] > 1e6 * history.cost[0]


def test_every_optimisers_history_survives_a_pickle_round_trip() -> None:
    import pickle

    x, y = article_data()
    histories = [
        stochastic_descent(x, y, learning_rate=0.01, batch_size=4, n_epochs=5, seed=1),
        momentum_descent(x, y, learning_rate=0.02, momentum=0.5, nesterov=True, n_epochs=5),
        gradient_descent(x, y, learning_rate=0.05, n_epochs=100, allow_divergence=True),
    ]
    for history in histories:
        restored = pickle.loads(pickle.dumps(history))
        assert restored == history
        assert hash(restored) == hash(history)
        assert (restored.diverged, restored.updates_per_epoch) == (
            history.diverged,
            history.updates_per_epoch,
        )


# --- one divergence rule for every optimiser ----------------------------------------------


def stochastic_by_hand(x, y, learning_rate, batches, w=3.0, b=-1.0):
    """Plain-Python stochastic descent over ``batches``: the cost on all points at each state."""
    n = len(x)

    def full_cost(w_, b_):
        return sum((yi - (w_ * xi + b_)) ** 2 for xi, yi in zip(x, y, strict=True)) / n

    costs = [full_cost(w, b)]
    for batch in batches:
        residuals = [y[i] - (w * x[i] + b) for i in batch]
        dw = -2 / len(batch) * sum(x[i] * r for i, r in zip(batch, residuals, strict=True))
        db = -2 / len(batch) * sum(residuals)
        w, b = w - learning_rate * dw, b - learning_rate * db
        costs.append(full_cost(w, b))
    return costs


@pytest.mark.parametrize(("learning_rate", "batch_size"), [(0.3, 1), (0.1, 2), (0.1, 3)])
def test_a_stochastic_or_minibatch_run_that_blows_up_obeys_the_batch_rule(
    learning_rate, batch_size
) -> None:
    # Before: 0.3 with batch size 1 returned costs up to 2.2e88 and diverged=None.
    x, y = article_data()
    settings = {"learning_rate": learning_rate, "batch_size": batch_size, "n_epochs": 10}
    batches = minibatch_indices(x.size, batch_size=batch_size, n_epochs=10, seed=0)
    costs = stochastic_by_hand(x.tolist(), y.tolist(), learning_rate, batches)
    # The rule: the first state whose cost passes DIVERGENCE_FACTOR (1e6) times the start.
    first = next(k for k, c in enumerate(costs) if c > 1e6 * costs[0])
    with pytest.raises(DivergenceError, match=f"diverged at update {first}: its cost passed"):
        stochastic_descent(x, y, **settings, seed=0)
    history = stochastic_descent(x, y, **settings, seed=0, allow_divergence=True)
    assert history.diverged == first == history.final.epoch
    assert history.cost.tolist() == pytest.approx(costs[: first + 1], rel=1e-9)


def test_the_whole_batch_diverges_where_batch_gradient_descent_does() -> None:
    x, y = article_data()
    rate = 1.2 * stability_limit(x)
    batch = gradient_descent(x, y, learning_rate=rate, n_epochs=1000, allow_divergence=True)
    whole = stochastic_descent(
        x, y, learning_rate=rate, batch_size=x.size, n_epochs=1000, allow_divergence=True
    )
    assert batch.diverged is not None
    assert whole.diverged == batch.diverged


@pytest.mark.parametrize("offset", [0.0, 1e3, 1e5, 1e6, 1e8, 1.7e9])
@pytest.mark.parametrize("nesterov", [False, True])
def test_optimal_momentum_returns_only_settings_momentum_descent_runs(offset, nesterov) -> None:
    # Before: 1.7e9 + the article's x gave momentum 1.0, which momentum_descent refuses.
    x = offset + np.arange(6.0)
    try:
        best = optimal_momentum(x, nesterov=nesterov)
    except ValueError as error:
        refused = str(error)
        assert "too narrow" in refused
        assert offset > 0
        return
    history = momentum_descent(
        x,
        np.arange(6.0),
        learning_rate=best.learning_rate,
        momentum=best.momentum,
        nesterov=nesterov,
        n_epochs=2,
    )
    assert len(history) == 3


def test_optimal_momentum_refuses_the_far_data_naming_why() -> None:
    with pytest.raises(ValueError, match=r"too narrow \(condition number .*centre x"):
        optimal_momentum(1.7e9 + np.arange(6.0))
