"""The logistic model: its cost, gradient, Hessian and optimum, each checked independently.

The cost against scikit-learn's ``log_loss``, the gradient and the Hessian
against finite differences, every optimiser against a loop written here in
plain Python from the formulas, and ``optimum`` against scikit-learn's
unregularised ``LogisticRegression``.
"""

from __future__ import annotations

import math
import pickle
import warnings

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

import gdexplain
from gdexplain import (
    MODELS,
    History,
    adagrad_descent,
    adam_descent,
    classification_data,
    cost,
    gradient,
    gradient_descent,
    hessian,
    momentum_descent,
    optimum,
    per_sample_gradients,
    predict,
    rmsprop_descent,
    stochastic_descent,
)
from gdexplain.cli import main
from gdexplain.descent import minibatch_indices

# --- an independent logistic regression, in plain Python on lists -------------------


def sigmoid_by_hand(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def rows(x) -> list[list[float]]:
    """Each point's features as a list: one for one feature, ``p`` for ``p``."""
    return [[float(v) for v in np.atleast_1d(point)] for point in x]


def gradient_by_hand(points, y, theta) -> list[float]:
    """(1/n) Σ (p_i - y_i) (x_i, 1), with θ = (w..., b)."""
    n, k = len(points), len(theta)
    g = [0.0] * k
    for features, label in zip(points, y, strict=True):
        z = sum(w * v for w, v in zip(theta[:-1], features, strict=True)) + theta[-1]
        error = sigmoid_by_hand(z) - label
        for j, v in enumerate([*features, 1.0]):
            g[j] += error * v / n
    return g


def descend_by_hand(points, y, theta, n_epochs, step):
    """Run ``step(theta, g, k) -> theta`` on the full-batch gradient; return every θ."""
    path = [list(theta)]
    for k in range(n_epochs):
        theta = step(list(theta), gradient_by_hand(points, y, theta), k)
        path.append(list(theta))
    return np.array(path)


def path_of(history: History) -> np.ndarray:
    return np.column_stack((history.w, history.b))


@pytest.fixture(params=[1, 2], ids=["one feature", "two features"])
def data(request: pytest.FixtureRequest) -> tuple[np.ndarray, np.ndarray]:
    return classification_data(features=request.param)


def start_of(x: np.ndarray) -> list[float]:
    return [0.5] * (1 if x.ndim == 1 else x.shape[1]) + [-1.0]


def weights(theta: list[float], x: np.ndarray):
    return theta[0] if x.ndim == 1 else theta[:-1]


# --- the cost, the gradient, the Hessian ----------------------------------------


def test_the_models_are_linear_and_logistic() -> None:
    assert MODELS == ("linear", "logistic")


@pytest.mark.parametrize("theta", [(0.0, 0.0), (1.2, -3.5), (-2.0, 4.0), (8.0, -30.0)])
def test_cost_is_scikit_learns_log_loss_one_feature(theta: tuple[float, float]) -> None:
    x, y = classification_data()
    w, b = theta
    p = 1 / (1 + np.exp(-(w * x + b)))
    assert float(cost(x, y, w, b, model="logistic")) == pytest.approx(
        log_loss(y, p, labels=[0, 1]), abs=1e-12
    )


def test_cost_is_scikit_learns_log_loss_two_features() -> None:
    X, y = classification_data(features=2)
    for w, b in (([0.0, 0.0], 0.0), ([0.9, 0.5], -7.0), ([-0.3, 1.1], -2.0)):
        p = 1 / (1 + np.exp(-(X @ np.array(w) + b)))
        assert float(cost(X, y, w, b, model="logistic")) == pytest.approx(
            log_loss(y, p), abs=1e-12
        )


def test_cost_over_a_grid_equals_each_point_and_predict_is_the_sigmoid() -> None:
    x, y = classification_data()
    W, B = np.meshgrid(np.linspace(-2, 4, 7), np.linspace(-6, 2, 5))
    grid = cost(x, y, W, B, model="logistic")
    assert grid.shape == W.shape
    for w, b, value in zip(W.ravel(), B.ravel(), grid.ravel(), strict=True):
        assert value == pytest.approx(float(cost(x, y, w, b, model="logistic")), abs=1e-15)
    z = 1.5 * x - 4.0
    np.testing.assert_allclose(
        predict(x, 1.5, -4.0, model="logistic"), 1 / (1 + np.exp(-z)), rtol=1e-15
    )


def test_the_cost_is_exact_far_from_zero_without_overflow_warnings() -> None:
    # Scores of ±5,000 and more: e**5000 overflows. Correctly classified points cost
    # log(1 + e**-5000), 0 in float64; the two misclassified ones cost their score.
    x = np.array([-5.0, -4.0, -3.0, 3.0, 4.0, 5.0])
    y = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 1.0])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        J = float(cost(x, y, w=1000.0, b=0.0, model="logistic"))
        dJ_dw, dJ_db = gradient(x, y, w=1000.0, b=0.0, model="logistic")
        p = predict(x, 1000.0, 0.0, model="logistic")
        H = hessian(x, 1000.0, 0.0, model="logistic")
    assert J == (3000.0 + 3000.0) / 6
    # Point 3 (x = -3, y = 1) has p - y = -1; point 4 (x = 3, y = 0) has +1.
    assert float(dJ_dw) == (-1.0 * -3.0 + 1.0 * 3.0) / 6
    assert float(dJ_db) == 0.0
    np.testing.assert_array_equal(p, [0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
    assert np.isfinite(H).all()


def test_the_cost_keeps_tiny_losses_exactly() -> None:
    # A margin of 40: the loss is e**-40 (to 1e-17 relative), not the rounding of 1 - p.
    x, y = np.array([-1.0, 1.0]), np.array([0.0, 1.0])
    loss = float(cost(x, y, w=40.0, b=0.0, model="logistic"))
    assert loss == pytest.approx(math.log1p(math.exp(-40.0)), rel=1e-15)


def test_gradient_equals_central_finite_differences(data) -> None:
    x, y = data
    theta = np.array(start_of(x)) + 0.3
    step = 1e-5
    dJ_dw, dJ_db = gradient(x, y, weights(list(theta), x), theta[-1], model="logistic")
    analytic = np.append(dJ_dw, dJ_db)
    for j in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[j] += step
        minus[j] -= step
        J_plus = float(cost(x, y, weights(list(plus), x), plus[-1], model="logistic"))
        J_minus = float(cost(x, y, weights(list(minus), x), minus[-1], model="logistic"))
        assert analytic[j] == pytest.approx((J_plus - J_minus) / (2 * step), abs=1e-7)


def test_gradient_is_the_formula_and_the_mean_of_the_per_sample_gradients(data) -> None:
    x, y = data
    theta = start_of(x)
    dJ_dw, dJ_db = gradient(x, y, weights(theta, x), theta[-1], model="logistic")
    np.testing.assert_allclose(
        np.append(dJ_dw, dJ_db), gradient_by_hand(rows(x), list(y), theta), atol=1e-15
    )
    samples = per_sample_gradients(x, y, weights(theta, x), theta[-1], model="logistic")
    assert samples.shape == (len(y), len(theta))
    np.testing.assert_allclose(samples.mean(axis=0), np.append(dJ_dw, dJ_db), atol=1e-15)


def test_hessian_equals_finite_differences_of_the_gradient(data) -> None:
    x, y = data
    theta = np.array(start_of(x)) + 0.2
    H = hessian(x, weights(list(theta), x), theta[-1], model="logistic")
    step = 1e-6
    for j in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[j] += step
        minus[j] -= step
        g_plus = np.append(*gradient(x, y, weights(list(plus), x), plus[-1], model="logistic"))
        g_minus = np.append(*gradient(x, y, weights(list(minus), x), minus[-1], model="logistic"))
        np.testing.assert_allclose(H[:, j], (g_plus - g_minus) / (2 * step), atol=1e-8)


def test_the_hessian_is_positive_semi_definite_everywhere(data) -> None:
    x, _ = data
    rng = np.random.default_rng(0)
    for theta in rng.normal(scale=5.0, size=(200, len(start_of(x)))):
        H = hessian(x, weights(list(theta), x), theta[-1], model="logistic")
        np.testing.assert_allclose(H, H.T, rtol=0, atol=0)
        assert np.linalg.eigvalsh(H).min() >= -1e-15 * np.abs(H).max()


def test_the_logistic_hessian_needs_the_point() -> None:
    x, _ = classification_data()
    with pytest.raises(ValueError, match="depends on the point: pass w and b") as error:
        hessian(x, model="logistic")
    assert "\n" not in str(error.value)
    # The linear Hessian is the same everywhere: a point is accepted and not needed.
    np.testing.assert_array_equal(hessian(x, 3.0, -1.0), hessian(x))


# --- the optimum --------------------------------------------------------------------


def scikit_learn_fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    model = LogisticRegression(C=np.inf, tol=1e-12, max_iter=100_000)
    model.fit(x.reshape(len(y), -1), y)
    return np.append(model.coef_[0], model.intercept_[0])


def test_optimum_equals_scikit_learn_and_its_gradient_vanishes(data) -> None:
    x, y = data
    w, b = optimum(x, y, model="logistic")
    assert isinstance(b, float)
    assert isinstance(w, float) if x.ndim == 1 else w.shape == (x.shape[1],)
    np.testing.assert_allclose(np.append(w, b), scikit_learn_fit(x, y), atol=1e-6)
    dJ_dw, dJ_db = gradient(x, y, w, b, model="logistic")
    assert np.max(np.abs(np.append(dJ_dw, dJ_db))) < 1e-10


def test_optimum_of_the_linear_model_is_least_squares() -> None:
    x, y = gdexplain.article_data()
    assert optimum(x, y) == gdexplain.least_squares(x, y) == (-2.0, 2.0)


def test_optimum_is_exact_at_extreme_scales() -> None:
    # x in units a billion times larger: the weight a billion times smaller, b the same.
    x, y = classification_data()
    w, b = optimum(x, y, model="logistic")
    w_big, b_big = optimum(x * 2.0**30, y, model="logistic")
    assert w_big * 2.0**30 == pytest.approx(w, rel=1e-12)
    assert b_big == pytest.approx(b, rel=1e-12)


def test_booleans_are_labels() -> None:
    x, y = classification_data()
    assert optimum(x, y.astype(bool), model="logistic") == optimum(x, y, model="logistic")
    assert float(cost(x, y.astype(bool), 1.0, -3.0, model="logistic")) == float(
        cost(x, y, 1.0, -3.0, model="logistic")
    )


SEPARABLE = (np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0]))


@pytest.mark.parametrize(
    ("x", "y"),
    [
        SEPARABLE,
        # Two features, split by the line x1 + x2 = 5.
        (
            np.array([[1.0, 2.0], [2.0, 1.0], [0.0, 3.0], [4.0, 3.0], [3.0, 4.0], [5.0, 2.0]]),
            np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0]),
        ),
        # Quasi-separable: only the points at x = 3 are on the boundary, one of each class.
        (np.array([1.0, 2.0, 3.0, 3.0, 4.0, 5.0]), np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])),
    ],
    ids=["one feature", "two features", "quasi-separable"],
)
def test_separable_data_have_no_optimum_and_say_so(x: np.ndarray, y: np.ndarray) -> None:
    with pytest.raises(ValueError, match="separable") as error:
        optimum(x, y, model="logistic")
    assert "\n" not in str(error.value)


def test_a_run_on_separable_data_grows_w_while_the_cost_falls() -> None:
    x, y = SEPARABLE
    history = gradient_descent(
        x, y, learning_rate=0.5, w=0.0, b=0.0, n_epochs=20_000, model="logistic"
    )
    checkpoints = history.w[[1_000, 5_000, 10_000, 20_000]]
    assert np.all(np.diff(checkpoints) > 1.0)  # still growing, by about log(epochs)
    assert np.all(np.diff(history.cost) < 0)
    assert history.final.cost < 0.01


# --- bad input: one line each -------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ([0.0, 1.0, 2.0, 1.0], r"labels y of 0 or 1 \(or booleans\), found 2 at index 2"),
        ([0.0, 1.0, -1.0, 1.0], "found -1 at index 2"),
        ([0.0, 0.5, 1.0, 1.0], "found 0.5 at index 1"),
        ([1.0, 1.0, 1.0, 1.0], "only one class"),
        ([False, False, False, False], "only one class"),
    ],
)
def test_bad_labels_are_one_line_errors(labels: list[float], message: str) -> None:
    x = [1.0, 2.0, 3.0, 4.0]
    calls = [
        lambda: cost(x, labels, 1.0, 0.0, model="logistic"),
        lambda: gradient(x, labels, 1.0, 0.0, model="logistic"),
        lambda: per_sample_gradients(x, labels, 1.0, 0.0, model="logistic"),
        lambda: optimum(x, labels, model="logistic"),
        lambda: gradient_descent(x, labels, n_epochs=1, model="logistic"),
        lambda: adam_descent(x, labels, learning_rate=0.1, n_epochs=1, model="logistic"),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=message) as error:
            call()
        assert "\n" not in str(error.value)


def test_an_unknown_model_is_refused_listing_the_models() -> None:
    x, y = classification_data()
    calls = [
        lambda: cost(x, y, 1.0, 0.0, model="probit"),
        lambda: predict(x, 1.0, 0.0, model="probit"),
        lambda: hessian(x, model="probit"),
        lambda: optimum(x, y, model="probit"),
        lambda: gradient_descent(x, y, n_epochs=1, model="probit"),
        lambda: gdexplain.stability_limit(x, model="probit"),
    ]
    for call in calls:
        with pytest.raises(
            ValueError, match="unknown model 'probit': choose one of 'linear', 'logistic'"
        ) as error:
            call()
        assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    "call",
    [
        lambda x, y: gdexplain.exact_path(x, y, model="logistic"),
        lambda x, y: gdexplain.epochs_to_tolerance(x, y, learning_rate=0.1, model="logistic"),
        lambda x, y: gdexplain.stability_limit(x, model="logistic"),
        lambda x, y: gdexplain.optimal_learning_rate(x, model="logistic"),
        lambda x, y: gdexplain.convergence_rate(x, 0.1, model="logistic"),
        lambda x, y: gdexplain.optimal_momentum(x, model="logistic"),
        lambda x, y: gdexplain.curvatures(x, model="logistic"),
        lambda x, y: gdexplain.condition_number(x, model="logistic"),
    ],
    ids=[
        "exact_path",
        "epochs_to_tolerance",
        "stability_limit",
        "optimal_learning_rate",
        "convergence_rate",
        "optimal_momentum",
        "curvatures",
        "condition_number",
    ],
)
def test_linear_only_theory_refuses_the_logistic_model_saying_why(call) -> None:
    x, y = classification_data()
    with pytest.raises(
        ValueError,
        match="for the linear model only: the logistic cost is not "
        "quadratic, its Hessian changes from point to point",
    ) as error:
        call(x, y)
    assert "\n" not in str(error.value)


# --- every optimiser against a loop written here ------------------------------------


def assert_same_path(history: History, expected: np.ndarray) -> None:
    assert history.model == "logistic"
    np.testing.assert_allclose(path_of(history), expected, rtol=0, atol=1e-12)


def test_gradient_descent_is_the_loop(data) -> None:
    x, y = data
    alpha, theta = 0.3, start_of(x)

    def step(theta, g, k):
        return [t - alpha * gj for t, gj in zip(theta, g, strict=True)]

    history = gradient_descent(
        x,
        y,
        learning_rate=alpha,
        w=weights(theta, x),
        b=theta[-1],
        n_epochs=300,
        model="logistic",
    )
    assert_same_path(history, descend_by_hand(rows(x), list(y), theta, 300, step))
    expected_costs = [
        log_loss(y, predict(x, weights(list(t), x), t[-1], model="logistic"))
        for t in path_of(history)[::50]
    ]
    np.testing.assert_allclose(history.cost[::50], expected_costs, rtol=0, atol=1e-12)


@pytest.mark.parametrize("nesterov", [False, True], ids=["heavy ball", "Nesterov"])
def test_momentum_is_the_loop(data, nesterov: bool) -> None:
    x, y = data
    alpha, beta, theta = 0.2, 0.7, start_of(x)
    points = rows(x)
    velocity = [0.0] * len(theta)
    path = [list(theta)]
    for _ in range(200):
        look = [t + beta * v for t, v in zip(theta, velocity, strict=True)]
        g = gradient_by_hand(points, list(y), look if nesterov else theta)
        velocity = [beta * v - alpha * gj for v, gj in zip(velocity, g, strict=True)]
        theta = [t + v for t, v in zip(theta, velocity, strict=True)]
        path.append(list(theta))
    history = momentum_descent(
        x,
        y,
        learning_rate=alpha,
        momentum=beta,
        nesterov=nesterov,
        w=weights(start_of(x), x),
        b=-1.0,
        n_epochs=200,
        model="logistic",
    )
    assert_same_path(history, np.array(path))


def test_stochastic_descent_is_the_loop(data) -> None:
    x, y = data
    alpha, theta, batch_size = 0.1, start_of(x), 3
    points = rows(x)
    batches = minibatch_indices(len(y), batch_size=batch_size, n_epochs=20, seed=4)
    path = [list(theta)]
    for batch in batches:
        g = gradient_by_hand([points[i] for i in batch], [y[i] for i in batch], theta)
        theta = [t - alpha * gj for t, gj in zip(theta, g, strict=True)]
        path.append(list(theta))
    history = stochastic_descent(
        x,
        y,
        learning_rate=alpha,
        batch_size=batch_size,
        n_epochs=20,
        seed=4,
        w=weights(start_of(x), x),
        b=-1.0,
        model="logistic",
    )
    assert_same_path(history, np.array(path))


def test_the_adaptive_optimisers_are_the_loops(data) -> None:
    x, y = data
    # RMSProp with decay 0.9 keeps bouncing near the minimum of these data, each bounce
    # magnifying the last bit of rounding (two correct loops part by 1e-3 within 300
    # epochs); with decay 0.999 it settles and the loops agree to rounding.
    alpha, epsilon, decay, beta1, beta2 = 0.05, 1e-8, 0.999, 0.9, 0.999
    start = start_of(x)
    state: dict[str, list[float]] = {}

    def adagrad(theta, g, k):
        G = state.setdefault("G", [0.0] * len(theta))
        for j in range(len(theta)):
            G[j] += g[j] ** 2
            theta[j] -= alpha * g[j] / (math.sqrt(G[j]) + epsilon)
        return theta

    def rmsprop(theta, g, k):
        s = state.setdefault("s", [0.0] * len(theta))
        for j in range(len(theta)):
            s[j] = decay * s[j] + (1 - decay) * g[j] ** 2
            theta[j] -= alpha * g[j] / (math.sqrt(s[j]) + epsilon)
        return theta

    def adam(theta, g, k):
        m = state.setdefault("m", [0.0] * len(theta))
        v = state.setdefault("v", [0.0] * len(theta))
        for j in range(len(theta)):
            m[j] = beta1 * m[j] + (1 - beta1) * g[j]
            v[j] = beta2 * v[j] + (1 - beta2) * g[j] ** 2
            m_hat, v_hat = m[j] / (1 - beta1 ** (k + 1)), v[j] / (1 - beta2 ** (k + 1))
            theta[j] -= alpha * m_hat / (math.sqrt(v_hat) + epsilon)
        return theta

    common = {"learning_rate": alpha, "w": weights(start, x), "b": start[-1], "n_epochs": 300}
    for optimiser, step, settings in (
        (adagrad_descent, adagrad, {}),
        (rmsprop_descent, rmsprop, {"decay": decay}),
        (adam_descent, adam, {}),
    ):
        state.clear()
        history = optimiser(x, y, **common, **settings, model="logistic")
        assert_same_path(history, descend_by_hand(rows(x), list(y), start, 300, step))


def test_gradient_descent_reaches_the_optimum(data) -> None:
    x, y = data
    history = gradient_descent(
        x,
        y,
        learning_rate=0.5 if x.ndim == 1 else 0.05,
        w=0.0,
        b=0.0,
        n_epochs=5_000 if x.ndim == 1 else 300_000,
        model="logistic",
    )
    assert history.distance_to_minimum()[-1] < 1e-6


def test_logistic_runs_are_not_refused_above_the_linear_stability_limit() -> None:
    # The linear limit of these x is about 0.09; the logistic curvature is at most a
    # quarter of the squared error's half, so α = 0.5 converges.
    x, y = classification_data()
    assert gdexplain.stability_limit(x) < 0.5
    assert len(gradient_descent(x, y, learning_rate=0.5, n_epochs=10, model="logistic")) == 11


# --- the History of a logistic run --------------------------------------------------


def test_history_predicts_probabilities_and_residuals_are_p_minus_y(data) -> None:
    x, y = data
    start = start_of(x)
    history = gradient_descent(
        x, y, learning_rate=0.1, w=weights(start, x), b=start[-1], n_epochs=3, model="logistic"
    )
    state = history.at(2)
    p = predict(x, state.w, state.b, model="logistic")
    np.testing.assert_array_equal(history.predict(x, 2), p)
    assert np.all((p > 0) & (p < 1))
    np.testing.assert_array_equal(history.residuals(2), p - y)
    # The residuals are the gradient's weights: (1/n) X̃ᵀ (p - y).
    design = np.column_stack((x.reshape(len(y), -1), np.ones(len(y))))
    np.testing.assert_allclose(
        design.T @ history.residuals(2) / len(y),
        np.append(history.dJ_dw[2], history.dJ_db[2]),
        atol=1e-15,
    )
    w_star, b_star = optimum(x, y, model="logistic")
    np.testing.assert_allclose(
        history.distance_to_minimum(),
        np.linalg.norm(path_of(history) - np.append(w_star, b_star), axis=1),
        rtol=1e-15,
    )


def test_history_keeps_its_model_through_equality_and_pickling() -> None:
    x, y = classification_data()
    history = gradient_descent(x, y, n_epochs=2, model="logistic")
    assert history.model == "logistic"
    assert pickle.loads(pickle.dumps(history)) == history
    assert gradient_descent(x, y, n_epochs=2).model == "linear"
    assert gradient_descent(x, y, n_epochs=2) != history
    with pytest.raises(ValueError, match="unknown model"):
        History(x, y, [0], [1.0], [0.0], [1.0], [0.0], [0.0], model="probit")
    with pytest.raises(ValueError, match="labels y of 0 or 1"):
        History(x, y * 2, [0], [1.0], [0.0], [1.0], [0.0], [0.0], model="logistic")


# --- the data ------------------------------------------------------------------------


def test_the_classification_data_overlap_and_are_new_arrays() -> None:
    x, y = classification_data()
    assert x.shape == y.shape == (18,)
    X, y2 = classification_data(features=2)
    assert X.shape == (40, 2)
    assert y2.shape == (40,)
    for labels in (y, y2):
        assert set(labels) == {0.0, 1.0}
    # Overlapping classes: a finite optimum (not separable), within the data's scale.
    w, b = optimum(x, y, model="logistic")
    assert 0 < w < 5
    assert -b / w == pytest.approx(2.95, abs=0.01)  # 50% at about 2.95 h
    x[0] = 99.0
    assert classification_data()[0][0] == 0.5
    assert "not the article's" in " ".join(classification_data.__doc__.split())


@pytest.mark.parametrize("features", [0, 3, True, "1"])
def test_classification_data_refuse_other_feature_counts(features) -> None:
    with pytest.raises(ValueError, match="features must be 1 or 2"):
        classification_data(features=features)


# --- the command line ----------------------------------------------------------------


def test_train_logistic_prints_the_optimum_per_column(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [
            "train",
            "--model",
            "logistic",
            "--learning-rate",
            "0.5",
            "--w",
            "0",
            "--b",
            "0",
            "--epochs",
            "5000",
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    x, y = classification_data()
    w, b = optimum(x, y, model="logistic")
    J = float(cost(x, y, w, b, model="logistic"))
    assert f"{'optimum':12} {w:14.8f} {b:14.8f} {J:14.8f}" in out
    assert "logistic model, batch gradient descent" in out
    assert "of the optimum" in out.splitlines()[-1]


def test_train_logistic_on_a_file_with_two_features(
    capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    X, y = classification_data(features=2)
    path = tmp_path / "students.csv"
    lines = [
        "studied,slept,passed",
        *(f"{a},{b},{int(c)}" for (a, b), c in zip(X, y, strict=True)),
    ]
    path.write_text("\n".join(lines) + "\n")
    status = main(
        [
            "train",
            "--model",
            "logistic",
            "--data",
            str(path),
            "--method",
            "adam",
            "--learning-rate",
            "0.05",
            "--epochs",
            "100",
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    w, b = optimum(X, y, model="logistic")
    assert out.splitlines()[1].split() == ["studied", "slept", "b", "J"]
    optimum_row = next(line for line in out.splitlines() if line.startswith("optimum"))
    np.testing.assert_allclose([float(v) for v in optimum_row.split()[1:4]], [*w, b], atol=1e-8)


@pytest.mark.parametrize(
    ("rows_", "message"),
    [
        (["1,0", "2,2", "3,1"], "labels y of 0 or 1"),
        (["1,1", "2,1", "3,1"], "only one class"),
        (["1,0", "2,0", "3,1", "4,1"], "separable"),
    ],
    ids=["bad label", "one class", "separable"],
)
def test_train_logistic_refuses_bad_data_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path, rows_: list[str], message: str
) -> None:
    path = tmp_path / "points.csv"
    path.write_text("\n".join(["x,y", *rows_]) + "\n")
    status = main(["train", "--model", "logistic", "--data", str(path)])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert message in captured.err


def test_the_model_choices_are_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["train", "--model", "probit"])
    assert exit_.value.code == 2
    assert "choose from 'linear', 'logistic'" in capsys.readouterr().err
