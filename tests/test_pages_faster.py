"""The "faster methods" pages (momentum; stochastic and mini-batch), run and checked.

Each page runs once, top to bottom, through ``run_page``; every prediction it prints is
compared with a number computed here independently: the error iterated in matrix form around
the least-squares minimum (``numpy.polyfit``), the roots of each method's characteristic
polynomial, and a loop over the batches written here. The exercises' answers are read from the
pages' sources and each number they state is recomputed. A site test checks the built pages.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from lesson_checks import (
    AXES,
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
    lesson_fixture,
    printed_value,
    source,
)

from gdexplain import (
    DivergenceError,
    gradient_descent,
    minibatch_indices,
    momentum_descent,
    stochastic_descent,
)

MOMENTUM = "faster/plot_01_momentum.py"
STOCHASTIC = "faster/plot_02_stochastic.py"

momentum_page_run = lesson_fixture(MOMENTUM, "momentum_page")
stochastic_page_run = lesson_fixture(STOCHASTIC, "stochastic_page")


def largest_root(alpha: float, beta: float, nesterov: bool, curvature: float) -> complex:
    """The larger root (in size) of one axis's characteristic polynomial."""
    fall = 1 - alpha * curvature
    if nesterov:
        coefficients = [1, -(1 + beta) * fall, beta * fall]
    else:
        coefficients = [1, -(1 + beta - alpha * curvature), beta]
    roots = np.roots(coefficients)
    return roots[np.argmax(np.abs(roots))]


def rate(alpha: float, beta: float, nesterov: bool = False) -> float:
    return max(abs(largest_root(alpha, beta, nesterov, curvature)) for curvature in LAMBDAS)


# -- Momentum ---------------------------------------------------------------------------------


def test_momentum_page_hand_loop_is_momentum_descent(momentum_page) -> None:
    names, printed, _ = momentum_page
    assert printed_value(printed, r"heavy ball: largest difference .* ([\d.e+-]+)") < 1e-12
    assert printed_value(printed, r"Nesterov  : largest difference .* ([\d.e+-]+)") < 1e-12
    for nesterov in (False, True):  # and at other settings than the page's
        hand_w, hand_b = names["momentum_by_hand"](0.03, 0.7, nesterov, 50)
        run = momentum_descent(
            X, Y, learning_rate=0.03, momentum=0.7, nesterov=nesterov, n_epochs=50
        )
        assert hand_w == pytest.approx(run.w, abs=1e-12)
        assert hand_b == pytest.approx(run.b, abs=1e-12)


def test_momentum_page_best_settings_rates_are_the_roots(momentum_page) -> None:
    names, printed, _ = momentum_page
    heavy, nesterov = names["heavy"], names["nesterov"]
    kappa = LAMBDAS[1] / LAMBDAS[0]
    assert heavy.rate == pytest.approx(rate(heavy.learning_rate, heavy.momentum), rel=1e-6)
    assert heavy.rate == pytest.approx((kappa**0.5 - 1) / (kappa**0.5 + 1), rel=1e-9)
    assert nesterov.rate == pytest.approx(
        rate(nesterov.learning_rate, nesterov.momentum, nesterov=True), rel=1e-6
    )
    gd_rate = (kappa - 1) / (kappa + 1)
    assert printed_value(printed, r"gradient descent\s+([\d.]+) per epoch") == pytest.approx(
        gd_rate, abs=5e-6
    )
    assert printed_value(printed, r"sqrt kappa \+ 1\) = ([\d.]+)") == pytest.approx(
        heavy.rate, abs=5e-6
    )


def test_momentum_page_heavy_ball_swings_wider_across_the_valley_before_it_shrinks(
    momentum_page,
) -> None:
    names, printed, _ = momentum_page
    heavy = names["heavy"]
    across = errors(heavy.learning_rate, 10, heavy.momentum, nesterov=False) @ AXES[:, 1]
    assert abs(across[0]) == pytest.approx(4.34, abs=0.005)
    assert int(np.argmax(np.abs(across))) == 5
    assert abs(across[5]) == pytest.approx(17.26, abs=0.005)
    assert f"{abs(across[5]):.2f}" in printed
    assert "grows for five epochs" in source(MOMENTUM)
    assert "Both\n# change sign every epoch" in source(MOMENTUM)
    assert np.all(np.sign(across[1:]) != np.sign(across[:-1]))  # it too crosses every epoch
    # The page's own split agrees with the iterated error.
    page_across = names["across"]["heavy ball"][:11]
    assert np.abs(page_across) == pytest.approx(np.abs(across), abs=1e-9)


def test_momentum_page_nesterov_flips_across_the_floor_every_epoch(momentum_page) -> None:
    names, printed, _ = momentum_page
    best = names["nesterov"]
    root = largest_root(best.learning_rate, best.momentum, True, LAMBDAS[1])
    assert root.imag == 0
    assert root.real == pytest.approx(-0.8923, abs=5e-5)
    assert printed_value(printed, r"predicted factor ([-\d.]+)") == pytest.approx(
        root.real, abs=5e-5
    )
    assert printed_value(printed, r"measured ([-\d.]+)\n") == pytest.approx(root.real, abs=5e-4)
    across = errors(best.learning_rate, 100, best.momentum, nesterov=True) @ AXES[:, 1]
    assert np.all(np.sign(across[1:]) != np.sign(across[:-1]))  # a sign change every epoch
    distance = np.hypot(*errors(best.learning_rate, 200, best.momentum, nesterov=True).T)
    assert int(np.argmax(distance)) == 0  # but never farther than the start


def test_momentum_page_epochs_to_a_millionth(momentum_page) -> None:
    names, printed, _ = momentum_page
    heavy, nesterov = names["heavy"], names["nesterov"]
    alpha_gd = 2 / LAMBDAS.sum()
    expected = {
        "gradient descent": first_within(errors(alpha_gd, 1_000, 0.0, nesterov=False)),
        "heavy ball": first_within(
            errors(heavy.learning_rate, 400, heavy.momentum, nesterov=False)
        ),
        "Nesterov": first_within(
            errors(nesterov.learning_rate, 400, nesterov.momentum, nesterov=True)
        ),
    }
    assert expected == {"gradient descent": 893, "heavy ball": 110, "Nesterov": 159}
    for method, epochs in expected.items():
        assert printed_value(printed, rf"{method}\s+(\d+) ") == epochs


def test_momentum_page_nesterov_is_less_forgiving_than_the_heavy_ball(momentum_page) -> None:
    names, printed, _ = momentum_page
    beta = names["heavy"].momentum
    nesterov_limit = (2 + 2 * beta) / ((1 + 2 * beta) * LAMBDAS[1])
    assert nesterov_limit < (2 + 2 * beta) / LAMBDAS[1]
    assert printed_value(printed, r"alpha < ([\d.]+)") == pytest.approx(nesterov_limit, abs=5e-5)
    assert names["heavy"].learning_rate > nesterov_limit
    assert "is above the stability limit" in printed
    assert "more forgiving" not in source(MOMENTUM)
    assert "*less* forgiving" in source(MOMENTUM)


def test_momentum_page_beta_sweep_has_four_betas_and_sqrt_beta_rates(momentum_page) -> None:
    names, printed, _ = momentum_page
    alpha = names["heavy"].learning_rate
    betas = list(names["betas"].values())
    assert len(betas) == 4
    assert "four values of" in source(MOMENTUM)
    table = {}
    for beta in betas:
        path = errors(alpha, 400, beta, nesterov=False)
        table[round(beta, 4)] = (first_within(path), rate(alpha, beta))
        line = next(row for row in printed.splitlines() if row.startswith(f"{beta:7.4f}"))
        epochs, predicted = line.split()[-5:-3]
        assert (int(epochs), float(predicted)) == (
            first_within(path),
            pytest.approx(rate(alpha, beta), abs=5e-5),
        )
    for beta in (0.75, 0.9):  # under-damped: complex roots of size sqrt(beta)
        assert rate(alpha, beta) == pytest.approx(beta**0.5, rel=1e-9)
    # Over-damped: the slow axis's roots are real and positive, the steep axis's real and
    # negative, and the steep one, near -1, sets the rate.
    slow, steep = (largest_root(alpha, 0.68, False, lam) for lam in LAMBDAS)
    assert slow.imag == 0
    assert slow.real > 0
    assert steep.imag == 0
    assert -1 < steep.real < -0.9
    assert abs(steep) == pytest.approx(rate(alpha, 0.68), rel=1e-9)
    assert abs(steep) > abs(slow)
    assert "it, not the slow\n# axis, sets this run's rate" in source(MOMENTUM)
    best = round(names["heavy"].momentum, 4)
    assert table[0.75][0] < table[best][0]  # arrives sooner...
    assert table[0.75][1] > table[best][1]  # ...with a worse rate


def test_momentum_page_exercise_answers(momentum_page) -> None:
    names, _, _ = momentum_page
    first, second, third = answers(MOMENTUM)
    alpha = names["heavy"].learning_rate
    path = errors(alpha, 1_000, 0.95, nesterov=False)
    estimate = np.log(1e-6 / np.hypot(*path[0])) / np.log(0.95**0.5)
    assert f"{0.95**0.5:.4f}" in first
    assert f"approx {estimate:.0f}" in first
    assert f"takes {first_within(path)}" in first
    assert f"within {np.ceil(100 * (estimate / first_within(path) - 1)):.0f}%" in first

    beta = names["nesterov"].momentum
    limit = (2 + 2 * beta) / ((1 + 2 * beta) * LAMBDAS[1])
    assert f"alpha < {limit:.4f}" in second
    assert f"{limit / names['nesterov'].learning_rate:.2f} times" in second
    with pytest.raises(DivergenceError):
        momentum_descent(X, Y, learning_rate=1.01 * limit, momentum=beta, nesterov=True)
    wild = momentum_descent(
        X, Y, learning_rate=1.01 * limit, momentum=beta, nesterov=True, allow_divergence=True
    )
    assert f"epoch {wild.diverged}" in second
    root = largest_root(0.99 * limit, beta, True, LAMBDAS[1])
    assert f"{root.real:.3f}" in second
    assert (
        f"needs {first_within(errors(0.99 * limit, 2_000, beta, nesterov=True))} epochs" in second
    )

    hand_w, hand_b = names["momentum_by_hand"](0.02, 0)
    plain = gradient_descent(X, Y, learning_rate=0.02, n_epochs=200)
    assert max(np.abs(hand_w - plain.w).max(), np.abs(hand_b - plain.b).max()) < 1e-12
    assert "below :math:`10^{-12}`" in third


def test_momentum_page_form(momentum_page) -> None:
    _, _, widths = momentum_page
    check_lesson_form(MOMENTUM, widths)


# -- Stochastic and mini-batch ----------------------------------------------------------------


def by_hand(batches: list[np.ndarray], alpha: float, decay: float, per_epoch: int) -> np.ndarray:
    """Every (w, b) of mini-batch descent, each step the mean per-sample gradient in matrix form."""
    theta = START.copy()
    path = [theta]
    for k, batch in enumerate(batches):
        design = np.column_stack((X[batch], np.ones(len(batch))))
        per_sample = 2 * (design @ theta - Y[batch])[:, None] * design  # 2 r_i (x_i, 1)
        theta = theta - alpha / (1 + decay * k / per_epoch) * per_sample.mean(axis=0)
        path.append(theta)
    return np.array(path)


def test_stochastic_page_hand_loop_is_stochastic_descent(stochastic_page) -> None:
    names, printed, _ = stochastic_page
    assert printed_value(printed, r"largest difference from the library ([\d.e+-]+)") < 1e-12
    batches = minibatch_indices(6, batch_size=3, n_epochs=40, seed=5)
    hand_w, hand_b = names["minibatch_by_hand"](0.02, batches, 2, decay=0.1)
    run = stochastic_descent(
        X, Y, learning_rate=0.02, batch_size=3, n_epochs=40, seed=5, decay=0.1
    )
    expected = by_hand(batches, 0.02, 0.1, 2)
    assert np.column_stack((hand_w, hand_b)) == pytest.approx(expected, abs=1e-12)
    assert np.column_stack((run.w, run.b)) == pytest.approx(expected, abs=1e-12)


def test_stochastic_page_per_sample_steps_average_to_the_batch_step(stochastic_page) -> None:
    _, printed, _ = stochastic_page
    design = np.column_stack((X, np.ones(6)))
    per_sample = 2 * (design @ THETA_STAR - Y)[:, None] * design
    assert per_sample.mean(axis=0) == pytest.approx([0, 0], abs=1e-9)  # the batch step: none
    largest = np.hypot(*(0.01 * per_sample).T).max()
    assert printed_value(printed, r"step at the minimum: ([\d.]+)") == pytest.approx(
        largest, abs=5e-4
    )


def test_stochastic_page_spread_falls_as_the_batch_grows(stochastic_page) -> None:
    names, printed, _ = stochastic_page
    for size in (1, 2, 3, 6):
        finals = [
            by_hand(minibatch_indices(6, batch_size=size, n_epochs=300, seed=seed), 0.01, 0, 1)[-1]
            for seed in range(10)
        ]
        spread = np.std(finals, axis=0)
        row = next(line for line in printed.splitlines() if line.split()[:1] == [str(size)])
        assert [float(value) for value in row.split()[1:]] == pytest.approx(spread, abs=5e-4)
    assert names["spread"][1][0] > names["spread"][2][0] > names["spread"][3][0]
    assert names["spread"][6][0] < 1e-12


def test_stochastic_page_decaying_step_shrinks_the_cloud_but_does_not_close_it(
    stochastic_page,
) -> None:
    _, printed, _ = stochastic_page
    distances = {}
    for decay in (0.0, 0.02):
        end = by_hand(minibatch_indices(6, n_epochs=1_000, seed=0), 0.01, decay, 6)[-1]
        distances[decay] = np.hypot(*(end - THETA_STAR))
    assert printed_value(printed, r"constant step: final distance ([\d.]+)") == pytest.approx(
        distances[0.0], abs=5e-5
    )
    assert printed_value(printed, r"decaying step: final distance ([\d.]+)") == pytest.approx(
        distances[0.02], abs=5e-5
    )
    assert 0.03 < distances[0.02] < distances[0.0] / 10  # ten times closer, not there
    assert printed_value(printed, r"alpha_0 / ([\d.]+)") == 1 + 0.02 * 1_000


def test_stochastic_page_exercise_answers(stochastic_page) -> None:
    first, second, third = answers(STOCHASTIC)
    sizes = [len(batch) for batch in minibatch_indices(6, batch_size=4, seed=0)]
    assert f"{len(sizes)} updates: one of {sizes[0]} points" in first
    assert f"the {sizes[1]} left over" in first

    ends = {
        decay: by_hand(minibatch_indices(6, n_epochs=1_000, seed=0), 0.01, decay, 6)[-1]
        for decay in (0.02, 0.1)
    }
    far, near = (np.hypot(*(ends[decay] - THETA_STAR)) for decay in (0.1, 0.02))
    assert f"Farther: {far:.4f}" in second
    assert f"against {near:.4f}" in second

    curvature = np.linalg.eigvalsh(2 * np.array([[49.0, 7.0], [7.0, 1.0]]))[1]
    assert f"2/{curvature:.0f} = {2 / curvature:.2f}" in third
    wild = stochastic_descent(
        X, Y, learning_rate=0.04, n_epochs=300, seed=0, allow_divergence=True
    )
    assert wild.cost[-1] > 1e6 * wild.cost[0]
    with pytest.raises(DivergenceError, match=f"update {wild.diverged}:"):
        stochastic_descent(X, Y, learning_rate=0.04, n_epochs=300, seed=0)
    assert f"update {wild.diverged}," in third


def test_stochastic_page_form(stochastic_page) -> None:
    _, _, widths = stochastic_page
    check_lesson_form(STOCHASTIC, widths)


# -- The built pages --------------------------------------------------------------------------


@pytest.mark.site
@pytest.mark.parametrize(("lesson", "videos", "figures"), [(MOMENTUM, 1, 2), (STOCHASTIC, 1, 4)])
def test_faster_pages_are_built_with_videos_figures_and_hidden_answers(
    built_site: Path, lesson: str, videos: int, figures: int
) -> None:
    check_built_lesson(built_site, lesson, videos, figures)
