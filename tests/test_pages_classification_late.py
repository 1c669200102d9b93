"""The last two classification lessons (separable data, the local picture), run and checked.

Each page runs once, top to bottom, through ``run_page``; every number it prints or states is
recomputed here without gdexplain: the data typed in, the cross-entropy written per class,
gradient descent as a loop of NumPy, the minimum by a Newton iteration written here (and by
scikit-learn), the Hessian from its formula. The exercises' answers are read
from the pages' sources and each number they state is recomputed. A site test checks the built
pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from lesson_checks import (
    HOURS,
    PASSED,
    answers,
    check_built_lesson,
    check_lesson_form,
    lesson_fixture,
    printed_value,
    source,
)
from numpy.testing import assert_allclose
from sklearn.linear_model import LogisticRegression

from gdexplain.animation import DescentAnimation

SEPARABLE = "classification/plot_03_separable.py"
LOCAL = "classification/plot_04_local_picture.py"

separable_page_run = lesson_fixture(SEPARABLE, "separable_page")
local_page_run = lesson_fixture(LOCAL, "local_page")

# The separable page's students, typed in: every fail studied 3 h or less, every pass 4 h or more.
SEP_X = np.array([0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5])
SEP_Y = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], dtype=float)
SEP_EPOCHS = 100_000
SHOWN = [10, 100, 1_000, 10_000, 100_000]


def sigmoid(z: np.ndarray | float) -> np.ndarray:
    """σ(z) written through tanh, a different formula from the package's."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z)))


def cross_entropy(x: np.ndarray, y: np.ndarray, w: float, b: float) -> float:
    """-mean[y log p + (1 - y) log(1 - p)]: log(1 + e^-z) for a 1, log(1 + e^z) for a 0."""
    z = w * x + b
    return float(np.mean(np.where(y == 1, np.logaddexp(0.0, -z), np.logaddexp(0.0, z))))


def descend(
    x: np.ndarray,
    y: np.ndarray,
    alpha: float,
    n_epochs: int,
    start: tuple[float, float],
    penalty: float = 0.0,
) -> np.ndarray:
    """Gradient descent on the cross-entropy (+ penalty/2 · w²): rows (w, b), epochs 0..n."""
    theta = np.array(start, dtype=float)
    design = np.column_stack((x, np.ones_like(x)))
    ridge = np.array([penalty, 0.0])
    path = np.empty((n_epochs + 1, 2))
    for epoch in range(n_epochs + 1):
        path[epoch] = theta
        gradient = design.T @ (sigmoid(design @ theta) - y) / len(x) + ridge * theta
        theta = theta - alpha * gradient
    return path


def newton(x: np.ndarray, y: np.ndarray, penalty: float = 0.0) -> np.ndarray:
    """The minimiser (w, b) of mean cross-entropy + penalty/2 · w², by 60 Newton steps."""
    design = np.column_stack((x, np.ones_like(x)))
    ridge = np.diag([penalty, 0.0])
    theta = np.zeros(2)
    for _ in range(60):
        p = sigmoid(design @ theta)
        g = design.T @ (p - y) / len(x) + ridge @ theta
        H = (design.T * (p * (1 - p))) @ design / len(x) + ridge
        theta = theta - np.linalg.solve(H, g)
    return theta


def hessian_at(x: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """(1/n) X̃ᵀ diag(p(1 - p)) X̃ at θ = (w, b)."""
    design = np.column_stack((x, np.ones_like(x)))
    p = sigmoid(design @ theta)
    return (design.T * (p * (1 - p))) @ design / len(x)


def prose(page: str) -> str:
    """The page's source with the comment marks removed and the white space collapsed."""
    lines = (re.sub(r"^# ?", "", line) for line in source(page).splitlines())
    return " ".join(" ".join(lines).split())


def rows(printed: str, pattern: str) -> list[tuple[str, ...]]:
    return re.findall(pattern, printed)


@pytest.fixture(scope="module")
def separable_path() -> np.ndarray:
    return descend(SEP_X, SEP_Y, 0.5, SEP_EPOCHS, (0.0, 0.0))


# -- Separable data ---------------------------------------------------------------------------


def test_separable_page_data_are_split_by_a_threshold(separable_page) -> None:
    names, printed, _ = separable_page
    assert np.array_equal(names["x"], SEP_X)
    assert np.array_equal(names["y"], SEP_Y)
    assert SEP_X[SEP_Y == 0].max() == 3.0
    assert SEP_X[SEP_Y == 1].min() == 4.0
    assert "most hours of a fail: 3.0" in printed
    assert "fewest hours of a pass: 4.0" in printed
    text = prose(SEPARABLE)
    assert "everyone who studied 3 hours or less failed" in text
    assert "everyone who studied 4 hours or more passed" in text


def test_separable_page_cost_falls_to_zero_along_a_separating_line(separable_page) -> None:
    _, printed, _ = separable_page
    values = []
    for c in [1, 10, 100]:
        J = cross_entropy(SEP_X, SEP_Y, c, -3.5 * c)
        values.append(J)
        assert f"w = {c:3}, b = {-c * 3.5:6}: J = {J:.3g}" in printed
    assert values[0] > values[1] > values[2] > 0


def test_separable_page_optimum_refuses_naming_separability(separable_page) -> None:
    names, printed, _ = separable_page
    message = names["message"]
    assert isinstance(message, str)
    assert message.startswith("ValueError: ")
    assert "\n" not in message
    assert "separable" in message
    assert " ".join(printed.split()).count(" ".join(message.split())) == 1


def test_separable_page_run_grows_w_while_the_cost_falls(separable_page, separable_path) -> None:
    names, printed, _ = separable_page
    run = names["run"]
    assert np.allclose(run.w, separable_path[:, 0], rtol=1e-10, atol=1e-12)
    assert np.allclose(run.b, separable_path[:, 1], rtol=1e-10, atol=1e-12)
    table = rows(printed, r"(?m)^ *([\d,]+) +(-?[\d.]+) +(-?[\d.]+) +([\d.e-]+) +([\d.]+)$")
    assert [int(row[0].replace(",", "")) for row in table] == SHOWN
    J = [cross_entropy(SEP_X, SEP_Y, *separable_path[k]) for k in range(SEP_EPOCHS + 1)]
    for (_k, w, b, cost, threshold), epoch in zip(table, SHOWN, strict=True):
        w_k, b_k = separable_path[epoch]
        assert w == f"{w_k:.3f}"
        assert b == f"{b_k:.3f}"
        assert cost == f"{J[epoch]:.3g}"
        assert threshold == f"{-b_k / w_k:.4f}"
    # "J falls at every epoch, towards 0"; w grows at every shown epoch.
    assert np.all(np.diff(J) < 0)
    assert J[-1] < 2e-3
    assert np.all(np.diff(separable_path[SHOWN, 0]) > 0)
    # "The threshold settles, close to 3.5 hours".
    final_threshold = -separable_path[-1, 1] / separable_path[-1, 0]
    assert abs(final_threshold - 3.5) < 0.02


def test_separable_page_growth_per_decade_and_slope(separable_page, separable_path) -> None:
    _, printed, _ = separable_page
    J = {k: cross_entropy(SEP_X, SEP_Y, *separable_path[k]) for k in SHOWN}
    slopes = []
    for start in [1_000, 10_000]:
        growth = separable_path[10 * start, 0] - separable_path[start, 0]
        slopes.append(np.log10(J[10 * start] / J[start]))
        assert (
            f"epochs {start:,} to {10 * start:,}: w grows by {growth:.2f}, "
            f"J falls with log-log slope {slopes[-1]:.2f}"
        ) in printed
    # "steepens towards -1: late in the run J falls roughly like 1/epoch"
    assert -1 < slopes[1] < slopes[0]
    assert slopes[1] < -0.85


def test_separable_page_probabilities_become_over_confident(
    separable_page, separable_path
) -> None:
    _, printed, _ = separable_page
    table = rows(printed, r"(?m)^ *([\d,]+) +(0\.\d{4}) +([\d.]+)$")
    assert [int(row[0].replace(",", "")) for row in table] == SHOWN
    for (_, p_said, loss_said), epoch in zip(table, SHOWN, strict=True):
        p = float(sigmoid(separable_path[epoch] @ [3.75, 1.0]))
        assert p_said == f"{p:.4f}"
        assert loss_said == f"{-np.log(1 - p):.3f}"
    late = [float(row[1]) for row in table[1:]]
    assert SHOWN[1] == 100  # "from epoch 100 on, keeps climbing"
    assert late == sorted(late)
    assert float(table[0][1]) > late[0]  # (before it, it falls)
    assert late[-1] > 0.9


def test_separable_page_penalty_gives_a_finite_minimum(separable_page) -> None:
    names, printed, _ = separable_page
    lam = 0.01
    w, b = newton(SEP_X, SEP_Y, penalty=lam)
    by_hand = descend(SEP_X, SEP_Y, 0.5, 25_000, (0.0, 0.0), penalty=lam)[-1]
    assert by_hand == pytest.approx([w, b], abs=1e-9)  # the page's loop has converged
    # The penalised minimum: gradient zero, by the test's own Newton iteration.
    assert f"penalised minimum, by hand: w = {w:.6f}, b = {b:.6f}" in printed
    assert f"scikit-learn, C = {1 / (12 * lam):.4f}: w = {w:.6f}, b = {b:.6f}" in printed
    assert printed_value(printed, r"threshold -b/w = ([\d.]+)") == pytest.approx(-b / w, abs=5e-5)
    assert -b / w == pytest.approx(3.5, abs=1e-9)
    p = float(sigmoid(w * 3.75 + b))
    assert f"p(pass | 3.75 h) = {p:.4f}" in printed
    # sklearn's C for the mean cost with λ/2·w², checked here with another solver.
    other = LogisticRegression(C=1 / (12 * lam), solver="newton-cholesky", tol=1e-12)
    other.fit(SEP_X[:, None], SEP_Y)
    assert other.coef_[0, 0] == pytest.approx(w, abs=1e-7)
    assert other.intercept_[0] == pytest.approx(b, abs=1e-7)
    assert names["model"].coef_[0, 0] == pytest.approx(w, abs=1e-6)
    # The paragraph's one number, and the probability it quotes.
    text = prose(SEPARABLE)
    assert f":math:`w = {w:.3f}` instead of growing for ever" in text
    assert f"a probability of {p:.2f}, not one creeping towards 1" in text


def test_separable_page_answers(separable_page, separable_path) -> None:
    first, second, third = answers(SEPARABLE)
    # 1. One more student, 4.5 h, failed: the classes overlap, the minimum is finite.
    x, y = np.append(SEP_X, 4.5), np.append(SEP_Y, 0.0)
    w, b = newton(x, y)
    assert f"at :math:`w = {w:.4f}`, :math:`b = {b:.4f}`" in first
    design = np.column_stack((x, np.ones_like(x)))
    p = sigmoid(design @ [w, b])
    assert np.abs(design.T @ (p - y)).max() < 1e-12  # a true minimum: the gradient is zero
    fit = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(x[:, None], y)
    assert fit.coef_[0, 0] == pytest.approx(w, abs=1e-4)
    # 2. λ = 0.001: a larger w, the same threshold.
    w2, b2 = newton(SEP_X, SEP_Y, penalty=0.001)
    assert f"to :math:`w = {w2:.3f}` (:math:`b = {b2:.3f}`)" in second
    assert w2 > newton(SEP_X, SEP_Y, penalty=0.01)[0]
    assert -b2 / w2 == pytest.approx(3.5, abs=1e-9)
    assert f"{1 / (12 * 0.001):.1f}" in second
    # "Gradient descent by hand needs more epochs here": the page's 25,000 are not enough.
    by_hand = descend(SEP_X, SEP_Y, 0.5, 25_000, (0.0, 0.0), penalty=0.001)[-1]
    assert abs(by_hand[0] - w2) > 1e-2
    assert "by hand needs more epochs here" in second
    # 3. The student at 3.25 h at epoch 100,000.
    final = separable_path[-1]
    assert f"About {float(sigmoid(final @ [3.25, 1.0])):.2f}" in third
    assert f"of {float(sigmoid(final @ [3.75, 1.0])):.2f} of passing" in prose(SEPARABLE)
    assert f"the threshold is {-final[1] / final[0]:.3f}" in third


def test_separable_page_form(separable_page) -> None:
    _, _, widths = separable_page
    check_lesson_form(SEPARABLE, widths)
    assert len(widths) == 2


# -- The local picture ------------------------------------------------------------------------


THETA_STAR = newton(HOURS, PASSED)
J_STAR = cross_entropy(HOURS, PASSED, *THETA_STAR)
H_STAR = hessian_at(HOURS, THETA_STAR)
LAMBDAS, AXES = np.linalg.eigh(H_STAR)
AXES = AXES * np.sign(AXES[1])  # each pointing towards larger b, as the page's
ALPHA = 1.0


def test_local_page_minimum_and_hessian(local_page) -> None:
    names, printed, _ = local_page
    assert np.array_equal(names["x"], HOURS)
    assert np.array_equal(names["y"], PASSED)
    fit = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(HOURS[:, None], PASSED)
    assert fit.coef_[0, 0] == pytest.approx(THETA_STAR[0], abs=1e-5)
    w, b = THETA_STAR
    assert f"θ* = (w*, b*) = ({w:.6f}, {b:.6f}), J* = {J_STAR:.6f}" in printed
    gradient_line = next(line for line in printed.splitlines() if "gradient at θ*" in line)
    assert all(abs(float(v)) < 1e-12 for v in re.findall(r"[-\d.]+e[-+]\d+", gradient_line))
    assert f"H* = {H_STAR.round(6).tolist()}" in printed
    assert f"curvatures λ = {LAMBDAS[0]:.6f} and {LAMBDAS[1]:.6f}" in printed
    for name, axis in zip(["shallow axis", "steep axis  "], AXES.T, strict=True):
        said = re.search(rf"{name} \(w, b\) = \[\s*([-\d.]+)\s+([-\d.]+)\]", printed)
        assert said is not None
        assert [float(v) for v in said.groups()] == pytest.approx(axis, abs=5e-5)
    # The prose: 18 students, a pass at 1.75 h, a fail at 4.5 h.
    assert len(HOURS) == 18
    assert PASSED[HOURS == 1.75] == 1
    assert PASSED[HOURS == 4.5] == 0


def test_local_page_quadratic_near_and_far(local_page) -> None:
    _, printed, _ = local_page
    ratios = {}
    for i, name in enumerate(["shallow", "steep"]):
        for s in [0.1, 1.0, 10.0]:
            rise = cross_entropy(HOURS, PASSED, *(THETA_STAR + s * AXES[:, i])) - J_STAR
            bowl = 0.5 * LAMBDAS[i] * s**2
            assert f"s = {s:4}: J - J* = {rise:.6f}, ½λs² = {bowl:.6f}" in printed
            ratios[name, s] = rise / bowl
    # "within 6% at s = 0.1, far apart at s = 10": the steep axis much lower, the shallow higher.
    assert all(abs(ratios[name, 0.1] - 1) < 0.06 for name in ["shallow", "steep"])
    assert ratios["steep", 10.0] < 0.2
    assert ratios["shallow", 10.0] > 1.5


def test_local_page_contours_compare_the_true_cost_with_the_bowl(local_page) -> None:
    names, _, _ = local_page
    text = prose(LOCAL)
    assert names["heights"] == {"near": [0.002, 0.005, 0.01, 0.02], "far from": [0.1, 0.3, 1, 2]}
    assert "0.002, 0.005, 0.01 and 0.02 near the minimum (left), 0.1, 0.3, 1 and 2 far" in text
    # The last panel's grids (far from θ*), recomputed at a sample of points.
    W, B, rise, bowl = (names[key] for key in ("W", "B", "rise", "bowl"))
    for i, j in [(0, 0), (100, 100), (37, 150), (200, 13)]:
        theta = np.array([W[i, j], B[i, j]])
        assert rise[i, j] == pytest.approx(
            cross_entropy(HOURS, PASSED, *theta) - J_STAR, abs=1e-12
        )
        error = theta - THETA_STAR
        assert bowl[i, j] == pytest.approx(0.5 * error @ H_STAR @ error, rel=1e-12)
    # Near: inside the highest level the two differ by under a fifth of that level; far,
    # by more than half of it.
    near = np.stack(np.meshgrid(np.linspace(-0.3, 0.3, 61), np.linspace(-1.5, 1.5, 61)), -1)
    near_bowl = 0.5 * np.einsum("...i,ij,...j->...", near, H_STAR, near)
    near_rise = (
        np.array(
            [cross_entropy(HOURS, PASSED, *(THETA_STAR + e)) for e in near.reshape(-1, 2)]
        ).reshape(near_bowl.shape)
        - J_STAR
    )
    inside = near_bowl <= 0.02
    assert np.max(np.abs(near_rise - near_bowl)[inside]) < 0.2 * 0.02
    assert np.max(np.abs(rise - bowl)[bowl <= 2]) > 0.5 * 2


def test_local_page_late_rate_matches_the_hessian(local_page) -> None:
    names, printed, _ = local_page
    rho = float(np.max(np.abs(1 - ALPHA * LAMBDAS)))
    path = descend(HOURS, PASSED, ALPHA, 1_200, (0.0, 0.0))
    distance = np.hypot(*(path - THETA_STAR).T)
    assert np.allclose(names["distance"], distance, rtol=1e-8, atol=1e-13)
    late = np.arange(400, 1_001)
    assert distance[late].max() < 1e-3
    assert distance[late].min() > 1e-11
    slope = np.polyfit(late, np.log(distance[late]), 1)[0]
    assert f"predicted: ρ = {rho:.6f}, ln ρ  = {np.log(rho):.6f}" in printed
    assert printed_value(printed, r"measured:  ρ = ([\d.]+)") == pytest.approx(
        np.exp(slope), abs=2e-6
    )
    measured = printed_value(printed, r"slope = (-[\d.]+)\n")
    assert measured == pytest.approx(slope, abs=2e-6)
    # The promise: the predicted late rate and the measured log-slope within 2%.
    assert abs(measured / np.log(rho) - 1) < 0.02
    assert printed_value(printed, r"relative difference: ([\d.e-]+)") == pytest.approx(
        abs(slope / np.log(rho) - 1), rel=0.06
    )
    assert "epochs 400 to 1,000" in prose(LOCAL)


def test_local_page_bowl_run_parts_early_and_runs_parallel_late(local_page) -> None:
    names, _, _ = local_page
    error = -THETA_STAR
    bowl = []
    for _ in range(1_201):
        bowl.append(np.linalg.norm(error))
        error = (np.eye(2) - ALPHA * H_STAR) @ error
    assert np.allclose(names["bowl_run"], bowl, rtol=1e-9)
    ratio = np.asarray(names["distance"]) / np.asarray(bowl)
    assert abs(ratio[50] / ratio[0] - 1) > 0.1  # they part in the first few dozen epochs
    late = ratio[400:1_001]
    assert np.ptp(late) / late.mean() < 1e-3  # then fall in parallel


def test_local_page_answers(local_page) -> None:
    first, second, third = answers(LOCAL)
    # 1. α = 0.5.
    rho_half = 1 - 0.5 * LAMBDAS[0]
    assert rho_half == pytest.approx(np.max(np.abs(1 - 0.5 * LAMBDAS)))
    epochs = np.log(1e-6) / np.log(rho_half)
    assert f"1 - 0.5 \\times {LAMBDAS[0]:.6f} = {rho_half:.6f}" in first
    assert f"{round(epochs):,}".replace(",", "{,}") in first
    rho_one = float(np.max(np.abs(1 - LAMBDAS)))
    assert epochs / (np.log(1e-6) / np.log(rho_one)) == pytest.approx(2, abs=0.02)
    # 2. The limit 2/λmax, and a run at 1.25 that jumps between two points for ever.
    assert f"2/{LAMBDAS[1]:.6f} = {2 / LAMBDAS[1]:.4f}" in second
    path = descend(HOURS, PASSED, 1.25, 5_000, (0.0, 0.0))
    assert np.isfinite(path).all()
    assert np.allclose(path[-1], path[-3], atol=1e-9)
    assert np.linalg.norm(path[-1] - path[-2]) > 0.1
    assert min(np.hypot(*(path[-2:] - THETA_STAR).T)) > 0.1
    # 3. The best fixed step.
    kappa = LAMBDAS[1] / LAMBDAS[0]
    assert f"= {2 / LAMBDAS.sum():.4f}" in third
    assert f"= {(kappa - 1) / (kappa + 1):.4f}" in third
    assert f"= {kappa:.2f}" in third


def test_local_page_form(local_page) -> None:
    _, _, widths = local_page
    check_lesson_form(LOCAL, widths, animations=1)
    assert len(widths) == 2
    assert "../why_slow/plot_02_learning_rate.html#step-factor" in source(LOCAL)


# -- The built pages --------------------------------------------------------------------------


@pytest.mark.site
@pytest.mark.parametrize(("lesson", "videos", "figures"), [(SEPARABLE, 0, 2), (LOCAL, 1, 2)])
def test_classification_late_pages_are_built_with_figures_and_hidden_answers(
    built_site: Path, lesson: str, videos: int, figures: int
) -> None:
    check_built_lesson(built_site, lesson, videos, figures)


def test_local_page_animates_its_run_on_the_true_costs_map(local_page) -> None:
    names, printed, _ = local_page
    animation = names["path_on_map"]
    assert isinstance(animation, DescentAnimation)
    assert animation.final_state == names["run"].final
    assert animation.final_state.epoch == 1_200
    assert f"{len(np.unique(animation.epochs))} epochs shown, 0 to 1,200" in printed
    (star,) = [
        line
        for ax in animation.figure.axes
        for line in ax.get_lines()
        if line.get_label() == "optimum"
    ]
    assert_allclose(np.ravel(star.get_data()), THETA_STAR, rtol=1e-6)
