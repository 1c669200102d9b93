"""The mathematics: cost, gradient, closed form and curvature."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.linear_model import LinearRegression

from gdexplain import (
    article_data,
    cost,
    gradient,
    hessian,
    least_squares,
    per_sample_gradients,
    predict,
    stability_limit,
)

RNG = np.random.default_rng(20261125)


def random_problem(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    x = rng.normal(0.0, 3.0, n)
    return x, 1.7 * x - 0.4 + rng.normal(0.0, 2.0, n)


def test_cost_matches_the_mean_squared_error_written_out() -> None:
    x, y = article_data()
    by_hand = sum((yi - (3.0 * xi - 1.0)) ** 2 for xi, yi in zip(x, y, strict=True)) / len(x)
    assert cost(x, y, 3.0, -1.0) == pytest.approx(by_hand, rel=1e-15)
    assert cost(x, y, 3.0, -1.0) == 472.5


@pytest.mark.parametrize("seed", range(20))
def test_gradient_equals_central_finite_differences(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x, y = random_problem(int(rng.integers(2, 50)), rng)
    w, b = rng.normal(0.0, 10.0, 2)
    h = 1e-6
    numeric_w = (cost(x, y, w + h, b) - cost(x, y, w - h, b)) / (2 * h)
    numeric_b = (cost(x, y, w, b + h) - cost(x, y, w, b - h)) / (2 * h)
    dJ_dw, dJ_db = gradient(x, y, w, b)
    scale = 1.0 + abs(float(cost(x, y, w, b)))
    assert dJ_dw == pytest.approx(numeric_w, abs=1e-6 * scale)
    assert dJ_db == pytest.approx(numeric_b, abs=1e-6 * scale)


def test_cost_and_gradient_on_a_grid_equal_the_scalar_calls() -> None:
    x, y = article_data()
    W, B = np.meshgrid(np.linspace(-6, 4, 7), np.linspace(-5, 6, 5))
    grid_cost = cost(x, y, W, B)
    grid_dw, grid_db = gradient(x, y, W, B)
    assert grid_cost.shape == grid_dw.shape == grid_db.shape == W.shape
    for index in np.ndindex(W.shape):
        assert grid_cost[index] == cost(x, y, W[index], B[index])
        assert (grid_dw[index], grid_db[index]) == gradient(x, y, W[index], B[index])


def test_grid_over_many_points_is_evaluated_in_bounded_memory() -> None:
    # All 20 x 20 x 100,000 residuals at once would take 320 MB.
    x, y = random_problem(100_000, RNG)
    W, B = np.meshgrid(np.linspace(0, 3, 20), np.linspace(-2, 1, 20))
    tracemalloc.start()
    try:
        grid_cost = cost(x, y, W, B)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64e6
    corners = [(0, 0), (0, -1), (-1, 0), (-1, -1), (10, 17)]
    for index in corners:
        direct = np.mean((y - (W[index] * x + B[index])) ** 2)
        assert grid_cost[index] == pytest.approx(direct, rel=1e-12)


def test_scalar_inputs_give_scalar_outputs() -> None:
    x, y = article_data()
    assert np.ndim(cost(x, y, 1.0, 2.0)) == 0
    assert [np.ndim(g) for g in gradient(x, y, 1.0, 2.0)] == [0, 0]


def test_closed_form_agrees_with_scikit_learn_and_zeroes_the_gradient() -> None:
    for seed in range(5):
        x, y = random_problem(30, np.random.default_rng(seed))
        w, b = least_squares(x, y)
        model = LinearRegression().fit(x[:, None], y)
        assert w == pytest.approx(model.coef_[0], rel=1e-10)
        assert b == pytest.approx(model.intercept_, rel=1e-10, abs=1e-12)
        assert_allclose(gradient(x, y, w, b), 0.0, atol=1e-10)


def test_closed_form_on_the_article_data_is_exact() -> None:
    x, y = article_data()
    assert least_squares(x, y) == (-2.0, 2.0)
    assert cost(x, y, -2.0, 2.0) == pytest.approx(128 / 3, rel=1e-15)


def test_hessian_eigenvalues_and_stability_limit_of_the_article_data() -> None:
    x, _ = article_data()
    small, large = np.linalg.eigvalsh(hessian(x))
    assert (small, large) == (pytest.approx(0.3951, abs=1e-4), pytest.approx(45.272, abs=1e-3))
    assert stability_limit(x) == pytest.approx(2 / large)


def test_hessian_is_the_second_difference_of_the_cost() -> None:
    x, y = random_problem(12, RNG)
    h, w, b = 1e-3, 0.3, -0.7
    d2_ww = (cost(x, y, w + h, b) - 2 * cost(x, y, w, b) + cost(x, y, w - h, b)) / h**2
    d2_wb = (
        cost(x, y, w + h, b + h)
        - cost(x, y, w + h, b - h)
        - cost(x, y, w - h, b + h)
        + cost(x, y, w - h, b - h)
    ) / (4 * h**2)
    d2_bb = (cost(x, y, w, b + h) - 2 * cost(x, y, w, b) + cost(x, y, w, b - h)) / h**2
    assert_allclose(hessian(x), [[d2_ww, d2_wb], [d2_wb, d2_bb]], rtol=1e-5)


def test_inputs_are_not_modified() -> None:
    x, y = article_data()
    W = np.array([[1.0, 2.0]])
    before = (x.copy(), y.copy(), W.copy())
    cost(x, y, W, 0.0)
    gradient(x, y, W, 0.0)
    least_squares(x, y)
    for original, now in zip(before, (x, y, W), strict=True):
        assert_allclose(now, original)


@pytest.mark.parametrize("function", [cost, gradient])
@pytest.mark.parametrize(
    ("x", "y", "w", "b", "error", "message"),
    [
        ([1, 2, 3], [1, 2], 0, 0, ValueError, "same length"),
        ([1], [1], 0, 0, ValueError, "at least two"),
        ([], [], 0, 0, ValueError, "at least two"),
        ([1, np.nan], [1, 2], 0, 0, ValueError, "x must be finite"),
        ([1, 2], [1, np.inf], 0, 0, ValueError, "y must be finite"),
        ([[1, 2]], [1, 2], 0, 0, ValueError, "one-dimensional"),
        (["a", "b"], [1, 2], 0, 0, TypeError, "x must be an array of numbers"),
        ([1, 2], [1, 2], np.nan, 0, ValueError, "w must be finite"),
        ([1, 2], [1, 2], 0, [0, np.inf], ValueError, "b must be finite"),
        ([1, 2], [1, 2], [1, 2, 3], [1, 2], ValueError, "broadcastable"),
    ],
)
def test_bad_input_raises_a_clear_error(function, x, y, w, b, error, message) -> None:
    with pytest.raises(error, match=message):
        function(x, y, w, b)


@pytest.mark.parametrize("value", [2.0, 0.1, 0.7, 1e-300])
def test_closed_form_refuses_constant_x(value) -> None:
    # 0.1 and 0.7: x - mean(x) rounds to tiny non-zeros, which must not pass.
    with pytest.raises(ValueError, match="zero variance"):
        least_squares([value] * 3, [1.0, 2.0, 4.0])


def test_predict_checks_its_inputs() -> None:
    with pytest.raises(ValueError, match="x must be finite"):
        predict([np.nan], 1.0, 1.0)
    with pytest.raises(ValueError, match="broadcastable"):
        predict([1.0, 2.0, 3.0], [1.0, 2.0], 0.0)


@pytest.mark.parametrize(
    ("x", "expected_w"),
    [
        ([1e200, 2e200, 3e200], 1e-200),
        ([1e-200, 2e-200, 3e-200], 1e200),
        ([1e300, 1.5e300, 1.7e308], None),
        ([1e-300, 2e-300, 3e-300], 1e300),
    ],
)
def test_closed_form_is_right_at_extreme_scales(x, expected_w) -> None:
    # Before: (0.0, 2.0) for 1e200 and (inf, -inf) for 1e-200.
    x = np.array(x)
    y = np.array([1.0, 2.0, 3.0])
    w, b = least_squares(x, y)
    if expected_w is not None:
        assert w == pytest.approx(expected_w, rel=1e-14)
        assert b == pytest.approx(0.0, abs=1e-14)
    # The exact answer of the rescaled problem, mapped back: w = slope / scale.
    scale = np.max(np.abs(x))
    w_unit, b_unit = least_squares(x / scale, y)
    assert w == pytest.approx(w_unit / scale, rel=1e-12)
    assert b == pytest.approx(b_unit, rel=1e-12, abs=1e-12)


def test_closed_form_agrees_with_scikit_learn_after_scaling_far_from_the_origin() -> None:
    rng = np.random.default_rng(7)
    x = 1e6 + rng.normal(0.0, 1e-2, 50)
    y = 3.0 * (x - 1e6) + rng.normal(0.0, 1e-3, 50) + 5.0
    model = LinearRegression().fit(x[:, None], y)
    w, b = least_squares(x, y)
    assert w == pytest.approx(model.coef_[0], rel=1e-8)
    assert w * 1e6 + b == pytest.approx(model.coef_[0] * 1e6 + model.intercept_, rel=1e-9)


def test_a_line_too_steep_for_floats_is_refused() -> None:
    with pytest.raises(ValueError, match="does not fit in float64"):
        least_squares([1e-300, 2e-300], [-1e300, 1e300])


def test_hessian_refuses_x_whose_squares_overflow_and_handles_tiny_x() -> None:
    with pytest.raises(ValueError, match=r"x\*\*2 overflows float64.*rescale x"):
        hessian([1e200, 2e200, 3e200])
    assert_allclose(hessian([1e-200, 2e-200, 3e-200]), [[0.0, 4e-200], [4e-200, 2.0]])
    assert_allclose(hessian([1e150, 3e150]), [[1e301, 4e150], [4e150, 2.0]], rtol=1e-14)


@pytest.mark.parametrize("seed", range(10))
def test_per_sample_gradients_average_to_the_batch_gradient(seed) -> None:
    rng = np.random.default_rng(seed)
    x, y = random_problem(int(rng.integers(2, 40)), rng)
    w, b = rng.normal(0.0, 5.0, 2)
    each = per_sample_gradients(x, y, w, b)
    assert each.shape == (x.size, 2)
    assert_allclose(each.mean(axis=0), gradient(x, y, w, b), rtol=1e-12, atol=1e-12)
    # Each row is the gradient of one point's squared error, by finite differences.
    h, i = 1e-6, int(rng.integers(x.size))

    def point_cost(w_: float, b_: float) -> float:
        return (y[i] - w_ * x[i] - b_) ** 2

    numeric = [
        (point_cost(w + h, b) - point_cost(w - h, b)) / (2 * h),
        (point_cost(w, b + h) - point_cost(w, b - h)) / (2 * h),
    ]
    assert_allclose(each[i], numeric, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize(
    ("w", "b", "error", "message"),
    [
        (np.nan, 0.0, ValueError, "w must be finite"),
        (0.0, [1.0, 2.0], TypeError, "b must be a number"),
        ("a", 0.0, TypeError, "w must be a number"),
    ],
)
def test_per_sample_gradients_check_their_inputs(w, b, error, message) -> None:
    with pytest.raises(error, match=message):
        per_sample_gradients([1.0, 2.0], [1.0, 2.0], w, b)
