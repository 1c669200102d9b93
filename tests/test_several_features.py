"""One engine for p features: the article's part 2, random data, and bad input.

Expected values come from an independent loop written here in matrix form, from
NumPy's eigenvalues of a Hessian built here, from scikit-learn, or from the
published figures of the article's part 2 (named as such).
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.linear_model import LinearRegression

from gdexplain import (
    History,
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
    momentum_descent,
    optimal_learning_rate,
    optimal_momentum,
    per_sample_gradients,
    predict,
    stability_limit,
    stochastic_descent,
)

#: The article's part 2, as published: its final weights, intercept and cost.
PUBLISHED_W = (-6.75922888, -2.07075472)
PUBLISHED_B = 7.23420837
PUBLISHED_J = 75.63518594
#: The Hessian's numbers for part 2, as stated in issue 21 (checked independently there).
PUBLISHED_EIGENVALUES = (0.30569516, 11.17817131, 52.84946686)

ALPHA, START_W, START_B, N_EPOCHS = 0.001, (3.0, 3.0), -1.0, 100_000


def design(x: np.ndarray) -> np.ndarray:
    """X with a column of ones: the intercept's column, last."""
    return np.column_stack((x, np.ones(len(x))))


def independent_run(x, y, theta, learning_rate, n_epochs) -> np.ndarray:
    """Gradient descent in matrix form, theta = (w..., b): every state, one per row."""
    X = design(x)
    states = np.empty((n_epochs + 1, X.shape[1]))
    for epoch in range(n_epochs + 1):
        states[epoch] = theta
        theta = theta - learning_rate * (2 / len(y)) * X.T @ (X @ theta - y)
    return states


@pytest.fixture(scope="module")
def part_2_run() -> History:
    X, y = article_data(part=2)
    return gradient_descent(X, y, learning_rate=ALPHA, w=START_W, b=START_B, n_epochs=N_EPOCHS)


def random_data(seed: int, n: int = 40, p: int = 5) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, 1.0, (n, p)) * rng.uniform(0.5, 2.0, p) + rng.normal(0.0, 1.0, p)
    return x, x @ rng.normal(0.0, 3.0, p) + 1.5 + rng.normal(0.0, 0.5, n)


def test_part_2_data_are_the_articles_six_points() -> None:
    X, y = article_data(part=2)
    assert X.tolist() == [[1, -2], [2, 1], [4, 1], [5, -3], [6, 4], [7, 5]]
    assert y.tolist() == [14, -12, -31, -21, -51, -37]
    assert article_data(part=1)[0].shape == article_data()[0].shape == (6,)
    with pytest.raises(ValueError, match="part must be 1 or 2"):
        article_data(part=3)


def test_part_2_run_ends_at_the_published_answer(part_2_run) -> None:
    final = part_2_run.final
    assert final.epoch == N_EPOCHS
    assert_allclose(final.w, PUBLISHED_W, rtol=0, atol=1e-8)
    assert final.b == pytest.approx(PUBLISHED_B, abs=1e-8)
    assert final.cost == pytest.approx(PUBLISHED_J, abs=1e-8)
    w_star, b_star = least_squares(*article_data(part=2))
    assert_allclose(final.w, w_star, atol=1e-10)
    assert final.b == pytest.approx(b_star, abs=1e-10)


def test_part_2_run_equals_an_independent_loop_epoch_by_epoch(part_2_run) -> None:
    X, y = article_data(part=2)
    states = independent_run(X, y, np.array([*START_W, START_B]), ALPHA, N_EPOCHS)
    assert part_2_run.w.shape == (N_EPOCHS + 1, 2)
    assert_allclose(part_2_run.w, states[:, :2], rtol=1e-10, atol=1e-10)
    assert_allclose(part_2_run.b, states[:, 2], rtol=1e-10, atol=1e-10)
    residuals = design(X) @ states[::1000].T - y[:, None]
    assert_allclose(part_2_run.cost[::1000], np.mean(residuals**2, axis=0), rtol=1e-10)
    gradients = (2 / len(y)) * design(X).T @ residuals
    assert_allclose(part_2_run.dJ_dw[::1000], gradients[:2].T, rtol=1e-9, atol=1e-9)
    assert_allclose(part_2_run.dJ_db[::1000], gradients[2], rtol=1e-9, atol=1e-9)


def test_part_2_theory_gives_the_published_curvatures_limit_and_epochs() -> None:
    X, y = article_data(part=2)
    by_hand = np.linalg.eigvalsh((2 / len(y)) * design(X).T @ design(X))
    assert_allclose(curvatures(X), by_hand, rtol=1e-12)
    assert_allclose(curvatures(X), PUBLISHED_EIGENVALUES, atol=5e-9)
    assert round(condition_number(X), 2) == 172.88
    assert stability_limit(X) == pytest.approx(0.0378433, abs=5e-8)
    assert stability_limit(X) == pytest.approx(2 / by_hand[-1], rel=1e-14)
    assert optimal_learning_rate(X) == pytest.approx(2 / (by_hand[0] + by_hand[-1]), rel=1e-14)
    assert epochs_to_tolerance(X, y, learning_rate=ALPHA, w=START_W) == 52_621
    assert epochs_to_tolerance(X, y, learning_rate=optimal_learning_rate(X), w=START_W) == 1_420


def test_predicted_epoch_counts_are_where_the_run_gets_within_tolerance(part_2_run) -> None:
    distance = part_2_run.distance_to_minimum()
    assert distance[52_620] >= 1e-6 > distance[52_621]
    X, y = article_data(part=2)
    fast = gradient_descent(X, y, learning_rate=optimal_learning_rate(X), w=3.0, n_epochs=1_500)
    assert np.flatnonzero(fast.distance_to_minimum() < 1e-6)[0] == 1_420


def test_hessian_is_the_design_matrix_product_with_the_intercept_last() -> None:
    X, _ = article_data(part=2)
    H = hessian(X)
    assert H.shape == (3, 3)
    assert_allclose(H, (2 / 6) * design(X).T @ design(X), rtol=1e-15)
    assert H[-1, -1] == 2.0


@pytest.mark.parametrize("seed", range(5))
def test_gradient_and_hessian_equal_finite_differences(seed) -> None:
    x, y = random_data(seed, n=30, p=3)
    rng = np.random.default_rng(100 + seed)
    theta = rng.normal(0.0, 2.0, 4)
    h = 1e-6

    def cost_at(t: np.ndarray) -> float:
        return float(cost(x, y, t[:3], t[3]))

    def grad(t: np.ndarray) -> np.ndarray:
        dJ_dw, dJ_db = gradient(x, y, t[:3], t[3])
        return np.append(dJ_dw, dJ_db)

    steps = np.eye(4) * h
    numeric = [(cost_at(theta + step) - cost_at(theta - step)) / (2 * h) for step in steps]
    assert_allclose(grad(theta), numeric, rtol=1e-6, atol=1e-6)
    second = np.array([(grad(theta + step) - grad(theta - step)) / (2 * h) for step in steps])
    assert_allclose(hessian(x), second, rtol=1e-6, atol=1e-6)


def test_a_grid_of_weights_gives_the_cost_and_gradient_of_each() -> None:
    X, y = article_data(part=2)
    W1, W2 = np.meshgrid(np.linspace(-8, 4, 5), np.linspace(-3, 3, 4))
    weights = np.stack((W1, W2), axis=-1)
    grid_cost = cost(X, y, weights, 7.0)
    dJ_dw, dJ_db = gradient(X, y, weights, 7.0)
    assert grid_cost.shape == dJ_db.shape == W1.shape
    assert dJ_dw.shape == (*W1.shape, 2)
    for index in np.ndindex(W1.shape):
        residuals = y - (X @ weights[index] + 7.0)
        assert grid_cost[index] == pytest.approx(np.mean(residuals**2), rel=1e-14)
        assert_allclose(dJ_dw[index], -2 * X.T @ residuals / 6, rtol=1e-13)
    assert predict(X, weights, 7.0).shape == (*W1.shape, 6)


def test_per_sample_gradients_have_one_column_per_weight_and_average_to_the_gradient() -> None:
    x, y = random_data(1, n=12, p=4)
    w, b = np.arange(4.0), -0.5
    rows = per_sample_gradients(x, y, w, b)
    assert rows.shape == (12, 5)
    dJ_dw, dJ_db = gradient(x, y, w, b)
    assert_allclose(rows.mean(axis=0), np.append(dJ_dw, dJ_db), rtol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_least_squares_with_five_features_equals_scikit_learn(seed) -> None:
    x, y = random_data(seed)
    reference = LinearRegression().fit(x, y)
    w, b = least_squares(x, y)
    assert_allclose(w, reference.coef_, rtol=0, atol=1e-9)
    assert b == pytest.approx(reference.intercept_, abs=1e-9)


def test_gradient_descent_at_the_optimal_step_reaches_least_squares_with_five_features() -> None:
    x, y = random_data(7)
    w_star, b_star = least_squares(x, y)
    needed = epochs_to_tolerance(x, y, learning_rate=optimal_learning_rate(x), w=0.0, b=0.0)
    run = gradient_descent(
        x, y, learning_rate=optimal_learning_rate(x), w=0.0, b=0.0, n_epochs=needed
    )
    assert run.w.shape == (needed + 1, 5)
    assert_allclose(run.final.w, w_star, atol=1e-6)
    assert run.final.b == pytest.approx(b_star, abs=1e-6)
    assert run.distance_to_minimum()[-1] < 1e-6 <= run.distance_to_minimum()[-2]


@pytest.mark.parametrize(("scale_1", "scale_2"), [(1e150, 1e-150), (1e-200, 1e200), (1e300, 1.0)])
def test_least_squares_stays_exact_at_extreme_scales(scale_1, scale_2) -> None:
    x, y = random_data(3, n=20, p=2)
    w, b = least_squares(x, y)
    scaled_w, scaled_b = least_squares(x * [scale_1, scale_2], y)
    assert_allclose(scaled_w * [scale_1, scale_2], w, rtol=1e-12)
    assert scaled_b == pytest.approx(b, rel=1e-12)


def test_exact_path_with_two_features_equals_the_run() -> None:
    X, y = article_data(part=2)
    path = exact_path(X, y, w=START_W, n_epochs=3_000)
    run = gradient_descent(X, y, w=START_W, n_epochs=3_000)
    assert path.w.shape == run.w.shape == (3_001, 2)
    for name in ("w", "b", "cost", "dJ_dw", "dJ_db"):
        assert_allclose(getattr(path, name), getattr(run, name), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_descent_takes_several_features_and_reaches_the_minimum(nesterov) -> None:
    x, y = random_data(11, p=3)
    best = optimal_momentum(x, nesterov=nesterov)
    run = momentum_descent(
        x,
        y,
        learning_rate=best.learning_rate,
        momentum=best.momentum,
        nesterov=nesterov,
        w=np.zeros(3),
        b=0.0,
        n_epochs=600,
    )
    w_star, b_star = least_squares(x, y)
    assert run.w.shape == (601, 3)
    assert_allclose(run.final.w, w_star, atol=1e-8)
    assert run.final.b == pytest.approx(b_star, abs=1e-8)
    # The heavy ball by hand, in matrix form: v <- beta v - alpha grad, theta <- theta + v.
    if not nesterov:
        X, theta, velocity = design(x), np.zeros(4), np.zeros(4)
        for _ in range(600):
            velocity = best.momentum * velocity - best.learning_rate * (2 / len(y)) * X.T @ (
                X @ theta - y
            )
            theta = theta + velocity
        assert_allclose(np.append(run.final.w, run.final.b), theta, rtol=1e-9, atol=1e-9)


def test_momentum_rate_on_several_features_is_the_slowest_direction() -> None:
    x, _ = random_data(4, p=3)
    values = np.array(curvatures(x))
    assert len(values) == 4
    alpha = 0.5 * stability_limit(x)
    assert convergence_rate(x, alpha) == pytest.approx(np.max(np.abs(1 - alpha * values)))


def test_stochastic_descent_with_the_whole_batch_equals_batch_descent() -> None:
    X, y = article_data(part=2)
    whole = stochastic_descent(X, y, batch_size=6, w=START_W, n_epochs=500, seed=0)
    batch = gradient_descent(X, y, w=START_W, n_epochs=500)
    assert whole == batch.__class__(**{**vars(batch), "label": whole.label})


def test_stochastic_descent_with_one_point_steps_along_each_points_own_gradient() -> None:
    X, y = article_data(part=2)
    run = stochastic_descent(X, y, learning_rate=0.002, w=START_W, n_epochs=3, seed=5)
    from gdexplain import minibatch_indices

    theta = np.array([*START_W, START_B])
    for index, batch in enumerate(minibatch_indices(6, n_epochs=3, seed=5)):
        assert_allclose(np.append(run.w[index], run.b[index]), theta, rtol=1e-12, atol=1e-12)
        point = batch[0]
        theta = theta - 0.002 * per_sample_gradients(X, y, theta[:2], theta[2])[point]
    assert run.w.shape == (19, 2)


def test_a_two_feature_history_reads_and_compares_like_a_one_feature_one(part_2_run) -> None:
    assert part_2_run.n_features == 2
    assert article_data()[0].ndim == 1
    state = part_2_run.at(0)
    assert_allclose(state.w, START_W)
    X, y = article_data(part=2)
    assert (state.b, state.cost) == (START_B, np.mean((y - X @ START_W - START_B) ** 2))
    assert not state.w.flags.writeable
    assert_allclose(part_2_run.predict(X, 0), X @ START_W + START_B)
    assert_allclose(part_2_run.residuals(), part_2_run.predict(X) - y)
    assert pickle.loads(pickle.dumps(part_2_run)) == part_2_run
    frames = frame_schedule(N_EPOCHS, breakpoints=[100, 1_000], steps=[1, 20, 1_000])
    assert part_2_run.indices_of(frames).tolist() == frames.tolist()


@pytest.mark.parametrize(
    ("function", "arguments", "message"),
    [
        (gradient_descent, {"w": [1.0, 2.0, 3.0]}, r"w must be a number or 2 weights.*\(3,\)"),
        (exact_path, {"w": [[1.0, 2.0]]}, r"w must be a number or 2 weights.*\(1, 2\)"),
        (stochastic_descent, {"w": [1.0]}, r"w must be a number or 2 weights"),
        (per_sample_gradients, {"w": [1.0], "b": 0.0}, r"w must be a number or 2 weights"),
        (cost, {"w": [1.0, 2.0, 3.0], "b": 0.0}, r"w must hold 2 weights"),
        (gradient, {"w": np.zeros((3, 2)), "b": np.zeros(4)}, r"broadcastable"),
    ],
)
def test_a_start_or_weights_of_the_wrong_length_are_refused_in_one_line(
    function, arguments, message
) -> None:
    with pytest.raises(ValueError, match=message) as error:
        function(*article_data(part=2), **arguments)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("x", "message"),
    [
        (np.zeros((6, 2, 1)), r"one-dimensional \(one feature\) or two-dimensional.*\(6, 2, 1\)"),
        (article_data(part=2)[0].T, r"x has 2 rows but y has 6 values.*looks transposed"),
        (np.zeros((5, 2)), r"x has 5 rows but y has 6 values"),
        (np.zeros((6, 0)), r"no feature columns"),
    ],
)
def test_x_of_the_wrong_shape_is_refused_in_one_line(x, message) -> None:
    y = article_data(part=2)[1]
    for function in (cost, least_squares, gradient_descent):
        arguments = (0.0, 0.0) if function is cost else ()
        with pytest.raises(ValueError, match=message) as error:
            function(x, y, *arguments)
        assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("x", "message"),
    [
        ([[1, 2, 3], [2, 4, 5], [3, 6, 1], [4, 8, 0]], r"columns 0, 1 of x are collinear"),
        ([[1, 5], [2, 5], [3, 5], [4, 5]], r"column 1 of x is constant"),
        ([[1, 2, 3], [2, 1, 0]], r"2 points cannot fix 4 parameters"),
    ],
)
def test_collinear_columns_are_refused_where_the_minimum_is_needed(x, message) -> None:
    y = np.arange(len(x), dtype=float)
    for function in (least_squares, exact_path):
        with pytest.raises(ValueError, match=message) as error:
            function(x, y)
        assert "no unique minimum" in str(error.value)
        assert "\n" not in str(error.value)
    # Descent itself still runs: the valley has a flat floor, not a unique bottom.
    assert curvatures(x)[0] == pytest.approx(0.0, abs=1e-12)
    assert len(gradient_descent(x, y, learning_rate=0.01, n_epochs=5)) == 6


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "w",
            np.zeros(3),
            r"w must have shape \(m, 2\), one column per feature of x, got shape \(3,\)",
        ),
        ("dJ_dw", np.zeros((3, 3)), r"dJ_dw must have shape \(m, 2\)"),
    ],
)
def test_a_two_feature_history_refuses_weights_of_the_wrong_shape(name, value, message) -> None:
    X, y = article_data(part=2)
    fields = {"w": np.zeros((3, 2)), "b": np.zeros(3), "cost": np.ones(3)}
    fields |= {"dJ_dw": np.zeros((3, 2)), "dJ_db": np.zeros(3), name: value}
    with pytest.raises(ValueError, match=message):
        History(X, y, np.arange(3), **fields)
    with pytest.raises(ValueError, match=r"x must have shape \(n, 2\)"):
        History(X, y, np.arange(3), **{**fields, name: np.zeros((3, 2))}).predict([1.0, 2.0])
