"""The classification lessons, run through `run_page`: every printed number against theory.

The expected values are computed here without gdexplain: the hours-studied data typed in, the
sigmoid and the cross-entropy from their formulas (and scikit-learn's ``log_loss``), gradient
descent iterated in plain Python, and the optimum by a Newton iteration written here (checked
against scikit-learn's unregularised ``LogisticRegression``).
"""

from __future__ import annotations

import math
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
)
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from gdexplain import classification_data, optimum
from gdexplain.animation import DescentAnimation


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def probabilities(w: float, b: float) -> np.ndarray:
    return np.array([sigmoid(w * h + b) for h in HOURS])


def newton_optimum() -> tuple[float, float]:
    """Forty plain Newton steps from zero: quadratic convergence, to rounding."""
    design = np.column_stack((HOURS, np.ones(len(HOURS))))
    theta = np.zeros(2)
    for _ in range(40):
        p = 1 / (1 + np.exp(-design @ theta))
        hessian = design.T @ (design * (p * (1 - p))[:, None])
        theta = theta - np.linalg.solve(hessian, design.T @ (p - PASSED))
    return float(theta[0]), float(theta[1])


W_STAR, B_STAR = newton_optimum()


def test_the_independent_optimum_is_scikit_learns() -> None:
    model = LogisticRegression(C=np.inf, tol=1e-12, max_iter=100_000)
    model.fit(HOURS.reshape(-1, 1), PASSED)
    assert [model.coef_[0, 0], model.intercept_[0]] == pytest.approx([W_STAR, B_STAR], abs=1e-6)


def descend(alpha: float, n_epochs: int) -> tuple[float, float]:
    """Gradient descent from w = b = 0, in plain Python."""
    w = b = 0.0
    n = len(HOURS)
    for _ in range(n_epochs):
        errors = [sigmoid(w * h + b) - label for h, label in zip(HOURS, PASSED, strict=True)]
        dw = sum(e * h for e, h in zip(errors, HOURS, strict=True)) / n
        db = sum(errors) / n
        w, b = w - alpha * dw, b - alpha * db
    return w, b


def numbers(line: str) -> list[float]:
    return [
        float(v.replace(",", "")) for v in re.findall(r"[-+]?\d[\d,]*\.?\d*(?:e[-+]?\d+)?", line)
    ]


def line_starting(printed: str, start: str) -> str:
    return next(line for line in printed.splitlines() if line.strip().startswith(start))


DERIVATION = "classification/plot_01_logistic_regression.py"

derivation_page = lesson_fixture(DERIVATION, "derivation_page")


def test_derivation_page_has_the_form_of_a_lesson(derivation_page) -> None:
    _, _, widths = derivation_page
    check_lesson_form(DERIVATION, widths, animations=2)


def test_derivation_page_animates_its_run_and_a_two_feature_boundary(derivation_page) -> None:
    names, printed, _ = derivation_page
    learning, boundary = names["learning"], names["boundary"]
    assert isinstance(learning, DescentAnimation)
    assert isinstance(boundary, DescentAnimation)
    assert learning.final_state == names["run"].final
    assert boundary.final_state.epoch == 20_000
    assert np.array_equal(boundary.final_state.w, names["run2"].final.w)
    assert f"{len(np.unique(learning.epochs))} epochs shown, 0 to 5,000" in printed
    x2, y2 = classification_data(features=2)
    w_star, b_star = optimum(x2, y2, model="logistic")
    assert f"optimum:      w = {w_star.round(4)}, b = {b_star:.4f}" in printed
    final = names["run2"].final
    assert f"epoch 20,000: w = {final.w.round(4)}, b = {final.b:.4f}" in printed


def test_derivation_page_prints_the_data_and_the_pass_rate(derivation_page) -> None:
    _, printed, _ = derivation_page
    hours = printed.split("hours  =")[1].split("passed")[0]
    assert numbers(hours) == pytest.approx(HOURS)
    assert numbers(line_starting(printed, "passed =")) == pytest.approx(PASSED)
    assert printed_value(printed, r"pass rate: (\S+)") == pytest.approx(PASSED.mean(), abs=1e-4)


def test_derivation_page_prints_the_sigmoid(derivation_page) -> None:
    _, printed, _ = derivation_page
    for z in (-4, 0, 4):
        assert printed_value(
            printed, rf"sigma\({re.escape(f'{z:+d}')}\) = (\S+)"
        ) == pytest.approx(sigmoid(z), abs=1e-6)
    assert numbers(line_starting(printed, "p at w = 1, b = -3:"))[2:] == pytest.approx(
        probabilities(1.0, -3.0)[:3], abs=1e-4
    )


def test_derivation_page_costs_are_the_cross_entropy(derivation_page) -> None:
    _, printed, _ = derivation_page
    assert printed.count("J(") == 2
    for w, b in ((0.0, 0.0), (1.0, -3.0)):
        line = line_starting(printed, f"J({w:g}, {b:g}):")
        expected = log_loss(PASSED, probabilities(w, b))
        assert numbers(line)[2:] == pytest.approx([expected] * 3, abs=1e-6)
    assert numbers(line_starting(printed, "J(0, 0):"))[2] == pytest.approx(math.log(2), abs=1e-6)


def test_derivation_page_gradient_checks_agree_with_the_formula(derivation_page) -> None:
    _, printed, _ = derivation_page
    s = sigmoid(0.8)
    assert numbers(line_starting(printed, "sigma'(0.8):"))[1:] == pytest.approx(
        [s * (1 - s), s * (1 - s)], abs=1e-10
    )
    errors = probabilities(1.0, -3.0) - PASSED
    expected = [np.mean(errors * HOURS), np.mean(errors)]
    for start in ("gradient, formula:", "gradient, numerical:", "gradient, gdexplain:"):
        assert numbers(line_starting(printed, start)) == pytest.approx(expected, abs=1e-8)
    assert printed_value(printed, r"largest difference: (\S+)\n") < 1e-7


def test_derivation_page_loop_and_library_equal_an_independent_loop(derivation_page) -> None:
    _, printed, _ = derivation_page
    w, b = descend(0.5, 5_000)
    for start in ("by hand:", "gdexplain: w"):
        assert numbers(line_starting(printed, start)) == pytest.approx([w, b], abs=1e-8)
    differences = re.findall(r"largest difference: (\S+)", printed)
    assert float(differences[1]) < 1e-12


def test_derivation_page_run_newton_and_scikit_learn_agree(derivation_page) -> None:
    _, printed, _ = derivation_page
    for start in ("gradient descent, epoch", "Newton's method", "scikit-learn:"):
        values = numbers(line_starting(printed, start))[-2:]
        assert values == pytest.approx([W_STAR, B_STAR], abs=1e-6)
    J_star = log_loss(PASSED, probabilities(W_STAR, B_STAR))
    assert printed_value(printed, r"cost at the optimum: (\S+)") == pytest.approx(J_star, abs=1e-6)
    assert printed_value(printed, r"p = 1/2 at (\S+) hours") == pytest.approx(
        -B_STAR / W_STAR, abs=1e-4
    )


def test_derivation_page_text_states_the_computed_boundary(derivation_page) -> None:
    text = Path(__file__).resolve().parents[1].joinpath("gallery", DERIVATION).read_text()
    assert f"near {-B_STAR / W_STAR:.2f} hours" in " ".join(text.replace("#", "").split())


def test_derivation_page_answers_state_the_computed_numbers(derivation_page) -> None:
    first, second, third = answers(DERIVATION)
    ones = int(PASSED.sum())
    assert f"{ones}/{len(PASSED)} = {ones / len(PASSED):g}" in first
    assert probabilities(W_STAR, B_STAR).mean() == pytest.approx(PASSED.mean(), abs=1e-12)
    score = 3 * W_STAR + B_STAR
    assert f"{W_STAR:.6f} \\times 3 - {-B_STAR:.6f} = {score:.4f}" in second
    assert f"\\sigma({score:.4f}) = {sigmoid(score):.4f}" in second
    assert f"{-B_STAR / W_STAR:.4f} hours" in second
    # Ten times smaller steps: still this far from the optimum after 5,000 epochs.
    w, b = descend(0.05, 5_000)
    assert f"still {math.hypot(w - W_STAR, b - B_STAR):.4f} away" in third
    assert "within 1e-13" in third
    w, b = descend(0.5, 5_000)
    assert math.hypot(w - W_STAR, b - B_STAR) < 1e-13


# -- Why not the squared error ----------------------------------------------------------------

SQUARED = "classification/plot_02_why_not_squared_error.py"
squared_page = lesson_fixture(SQUARED, "squared_page")
DESIGN = np.column_stack((HOURS, np.ones(len(HOURS))))
START = (-3.0, 6.0)


def squared_error(w: float, b: float) -> float:
    return float(np.mean((probabilities(w, b) - PASSED) ** 2))


def numerical_gradient(f, w: float, b: float, step: float = 1e-6) -> np.ndarray:
    return np.array(
        [
            (f(w + step, b) - f(w - step, b)) / (2 * step),
            (f(w, b + step) - f(w, b - step)) / (2 * step),
        ]
    )


def numerical_hessian(f, w: float, b: float, step: float = 1e-4) -> np.ndarray:
    """Second differences of ``f``: accurate to about step² = 1e-8 here."""
    return np.column_stack(
        [
            (numerical_gradient(f, w + step, b) - numerical_gradient(f, w - step, b)) / (2 * step),
            (numerical_gradient(f, w, b + step) - numerical_gradient(f, w, b - step)) / (2 * step),
        ]
    )


def cross_entropy_hessian(w: float, b: float) -> np.ndarray:
    p = probabilities(w, b)
    return DESIGN.T @ (DESIGN * (p * (1 - p))[:, None]) / len(HOURS)


def squared_error_descent(alpha: float, n_epochs: int) -> tuple[float, float]:
    """Gradient descent on the squared error of the sigmoid, in plain Python."""
    w, b = START
    n = len(HOURS)
    for _ in range(n_epochs):
        pulls = []
        for h, label in zip(HOURS, PASSED, strict=True):
            p = sigmoid(w * h + b)
            pulls.append((p - label) * p * (1 - p))
        dw = 2 / n * sum(pull * h for pull, h in zip(pulls, HOURS, strict=True))
        db = 2 / n * sum(pulls)
        w, b = w - alpha * dw, b - alpha * db
    return w, b


def test_squared_page_has_the_form_of_a_lesson(squared_page) -> None:
    _, _, widths = squared_page
    check_lesson_form(SQUARED, widths)


def test_squared_page_gradients_at_the_start(squared_page) -> None:
    _, printed, _ = squared_page
    g_sq = numerical_gradient(squared_error, *START)
    errors = probabilities(*START) - PASSED
    g_ce = np.array([np.mean(errors * HOURS), np.mean(errors)])
    for start, expected in (("squared error: gradient", g_sq), ("cross-entropy: gradient", g_ce)):
        values = numbers(line_starting(printed, start))
        assert values[:2] == pytest.approx(expected, abs=1e-5)
        assert values[2] == pytest.approx(np.hypot(*expected), abs=1e-4)


def test_squared_page_hessians_match_second_differences_and_the_formula(squared_page) -> None:
    _, printed, _ = squared_page
    assert printed_value(printed, r"against finite differences: (\S+)") < 1e-7
    for w, b in ((0.0, 0.0), (-1.0, 3.0)):
        values = numbers(line_starting(printed, f"at w = {w:g}, b = {b:g}:"))[2:]
        sq = np.linalg.eigvalsh(numerical_hessian(squared_error, w, b))
        ce = np.linalg.eigvalsh(cross_entropy_hessian(w, b))
        assert values == pytest.approx([*sq, *ce], abs=1e-4)
    hilltop = np.linalg.eigvalsh(numerical_hessian(squared_error, -1.0, 3.0))
    assert np.all(hilltop < 0)  # "both of the squared error's eigenvalues are negative"


def test_squared_page_runs_stall_and_converge_as_independent_loops_do(squared_page) -> None:
    _, printed, _ = squared_page
    w, b = squared_error_descent(0.5, 5_000)
    line = line_starting(printed, "squared error: w =")
    values = numbers(line)
    assert values[:3] == pytest.approx([w, b, squared_error(w, b)], abs=1e-4)
    gradient_length = np.hypot(*numerical_gradient(squared_error, w, b))
    assert f"gradient length {gradient_length:.1e}" in line
    assert w < START[0]  # "further the wrong way"
    assert np.all(probabilities(w, b) < 0.05)  # "says fail to everyone"
    w_ce, b_ce = descend_from(START, 0.5, 5_000)
    values = numbers(line_starting(printed, "cross-entropy: w ="))
    assert values[:2] == pytest.approx([w_ce, b_ce], abs=1e-4)
    assert values[2] < 1e-13
    assert math.hypot(w_ce - W_STAR, b_ce - B_STAR) < 1e-13


def descend_from(start: tuple[float, float], alpha: float, n_epochs: int) -> tuple[float, float]:
    """Gradient descent on the cross-entropy from ``start``, in NumPy."""
    theta = np.array(start)
    for _ in range(n_epochs):
        errors = 1 / (1 + np.exp(-(DESIGN @ theta))) - PASSED
        theta = theta - alpha * DESIGN.T @ errors / len(HOURS)
    return float(theta[0]), float(theta[1])


def test_squared_page_grid_counts_negative_curvature(squared_page) -> None:
    _, printed, _ = squared_page
    smallest_sq, smallest_ce = [], []
    for w in np.linspace(-4, 4, 41):
        for b in np.linspace(-12, 12, 61):
            p = probabilities(w, b)
            c = p * (1 - p) * (p * (1 - p) + (p - PASSED) * (1 - 2 * p))
            smallest_sq.append(np.linalg.eigvalsh(2 * DESIGN.T @ (DESIGN * c[:, None]) / 18)[0])
            smallest_ce.append(np.linalg.eigvalsh(cross_entropy_hessian(w, b))[0])
    assert printed_value(printed, r"(\S+) grid points") == len(smallest_sq)
    share = 100 * np.mean(np.array(smallest_sq) < 0)
    assert printed_value(printed, r"negative eigenvalue at (\S+)%") == pytest.approx(
        share, abs=0.05
    )
    smallest = printed_value(printed, r"cross-entropy: smallest eigenvalue (\S+)")
    assert smallest == pytest.approx(min(smallest_ce), rel=1e-2)
    assert smallest >= 0


def test_squared_page_answers_state_the_computed_numbers(squared_page) -> None:
    first, second, third = answers(SQUARED)
    ratio = np.linalg.eigvalsh(numerical_hessian(squared_error, 0.0, 0.0)) / np.linalg.eigvalsh(
        cross_entropy_hessian(0.0, 0.0)
    )
    assert ratio == pytest.approx([0.5, 0.5], abs=1e-4)  # second differences: 1e-8 / 0.03
    assert "The ratio is 1/2" in first
    g_sq = np.hypot(*numerical_gradient(squared_error, *START))
    errors = probabilities(*START) - PASSED
    g_ce = np.hypot(np.mean(errors * HOURS), np.mean(errors))
    assert f"{g_ce:.4f} / {g_sq:.4f}, about {g_ce / g_sq:.0f} times" in second
    w, b = squared_error_descent(0.5, 5_000)
    ones = int(PASSED.sum())
    assert f"1 for the {ones} who passed" in third
    assert f"{ones}/{len(PASSED)} = {ones / len(PASSED):g} ({squared_error(w, b):.4f}" in third


@pytest.mark.site
@pytest.mark.parametrize(("lesson", "videos"), [(DERIVATION, 2), (SQUARED, 0)])
def test_classification_pages_are_built_with_figures_and_hidden_answers(
    built_site: Path, lesson: str, videos: int
) -> None:
    check_built_lesson(built_site, lesson, videos=videos, figures=1)
