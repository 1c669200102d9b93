"""gdexplain.plots: the lessons' static figures draw what they say, from the right numbers."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes

from gdexplain import (
    article_data,
    epochs_to_tolerance,
    gradient_descent,
    least_squares,
    momentum_descent,
    stochastic_descent,
)
from gdexplain.animation import style
from gdexplain.plots import (
    at_epoch_ends,
    cost_contours,
    distance_curves,
    per_sample_steps,
    stability_map,
)

X, Y = article_data()


@pytest.fixture
def ax() -> Iterator[Axes]:
    figure, axes = plt.subplots()
    yield axes
    plt.close(figure)


def test_cost_contours_levels_are_even_in_log_cost_above_the_minimum(ax) -> None:
    lines = cost_contours(ax, X, Y, w_limits=(-5, 1), b_limits=(-4, 8), n_levels=6, depth=1e3)
    levels = np.asarray(lines.levels)
    assert len(levels) == 6
    assert np.diff(np.log(levels)) == pytest.approx(np.full(5, np.log(1e3) / 5))
    # The highest level is the window's highest J - J*, found at a corner of the window.
    w_star, b_star = least_squares(X, Y)
    corners = [(w, b) for w in (-5, 1) for b in (-4, 8)]
    highest = max(np.mean((w * X + b - Y) ** 2) for w, b in corners)
    lowest_cost = np.mean((w_star * X + b_star - Y) ** 2)
    assert levels[-1] == pytest.approx(highest - lowest_cost, rel=1e-9)
    (star,) = [line for line in ax.get_lines() if line.get_label() == "minimum"]
    assert star.get_xydata().tolist() == [[pytest.approx(w_star), pytest.approx(b_star)]]


def test_cost_contours_leaves_out_a_minimum_outside_the_window(ax) -> None:
    cost_contours(ax, X, Y, w_limits=(2, 4), b_limits=(-2, 0))
    assert not ax.get_lines()


@pytest.mark.parametrize(
    ("limits", "message"),
    [({"w_limits": (1, 1), "b_limits": (0, 1)}, "w_limits"), ({"n_levels": 1}, "n_levels")],
)
def test_cost_contours_refuses_an_empty_window_or_too_few_levels(ax, limits, message) -> None:
    arguments = {"w_limits": (0, 1), "b_limits": (0, 1), **limits}
    with pytest.raises(ValueError, match=message):
        cost_contours(ax, X, Y, **arguments)


def test_distance_curves_count_epochs_whatever_the_run_counts(ax) -> None:
    batch = gradient_descent(X, Y, learning_rate=0.01, n_epochs=20)
    stochastic = stochastic_descent(X, Y, learning_rate=0.01, n_epochs=20, seed=0)
    curves = distance_curves(ax, [batch, stochastic])
    assert [curve.get_color() for curve in curves] == list(style.RUNS[:2])
    assert curves[1].get_xdata()[-1] == 20  # 120 updates, 20 epochs
    w_star, b_star = least_squares(X, Y)
    expected = np.hypot(stochastic.w - w_star, stochastic.b - b_star)
    assert curves[1].get_ydata() == pytest.approx(expected)
    assert ax.get_yscale() == "log"


def test_distance_curves_refuse_more_runs_than_colours(ax) -> None:
    run = gradient_descent(X, Y, n_epochs=2)
    with pytest.raises(ValueError, match="3 runs but only 2 colours"):
        distance_curves(ax, [run, run, run], colours=("black", "red"))


def test_per_sample_steps_are_minus_alpha_times_each_points_own_gradient(ax) -> None:
    steps = per_sample_steps(ax, X, Y, 3.0, -1.0, learning_rate=0.01, batch=[2, 3])
    residuals = 3.0 * X - 1.0 - Y
    expected = -0.01 * 2 * residuals[:, None] * np.column_stack((X, np.ones(6)))
    assert steps == pytest.approx(expected)
    arrows = [child for child in ax.texts if child.arrow_patch is not None]
    assert len(arrows) == 6 + 2  # each point's, the batch's, the mini-batch's
    ends = {tuple(np.round(arrow.xy, 9)) for arrow in arrows}
    start = np.array([3.0, -1.0])
    assert tuple(np.round(start + expected.mean(axis=0), 9)) in ends
    assert tuple(np.round(start + expected[[2, 3]].mean(axis=0), 9)) in ends


def test_stability_map_draws_the_predicted_curve_and_the_measured_runs(ax) -> None:
    tried = [0.01, 0.03]
    measured = [epochs_to_tolerance(X, Y, learning_rate=rate) for rate in tried]
    steps = stability_map(ax, X, Y, tried, measured)
    curve, dots = ax.get_lines()
    assert curve.get_xdata() == pytest.approx(steps)
    assert curve.get_ydata()[0] == epochs_to_tolerance(X, Y, learning_rate=1e-4)
    assert dots.get_ydata().tolist() == measured
    assert len(ax.patches) == 3  # slides, zigzags, diverges
    assert "10^{-6}" in ax.get_ylabel()


@pytest.mark.parametrize("batch_size", [1, 2, 4])
def test_at_epoch_ends_keeps_the_state_at_the_end_of_each_epoch(batch_size: int) -> None:
    run = stochastic_descent(X, Y, learning_rate=0.01, batch_size=batch_size, n_epochs=5, seed=3)
    ends = at_epoch_ends(run)
    per_epoch = run.updates_per_epoch
    assert ends.epoch.tolist() == [0, 1, 2, 3, 4, 5]
    assert ends.updates_per_epoch == 1
    for epoch in range(6):
        assert ends.at(epoch).w == run.at(epoch * per_epoch).w
        assert ends.at(epoch).b == run.at(epoch * per_epoch).b
    assert ends.label == run.label


def test_at_epoch_ends_leaves_a_batch_run_as_it_is() -> None:
    run = momentum_descent(X, Y, learning_rate=0.02, momentum=0.5, n_epochs=10)
    assert at_epoch_ends(run) == run
