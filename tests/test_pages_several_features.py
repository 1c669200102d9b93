"""The several-features lessons, run through `run_page`: every printed number against theory.

The expected values are computed here without gdexplain: the article's part-2 data typed in,
the Hessian (2/n) X̃ᵀX̃ and its eigenvalues from NumPy, the minimum from ``numpy.linalg.lstsq``,
and gradient descent iterated on the error in matrix form; or they are the article's published
figures, named as such.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from lesson_checks import (
    answers,
    check_built_lesson,
    check_lesson_form,
    lesson_fixture,
    printed_value,
)

from gdexplain.animation import DescentAnimation

# The article's part 2: its data and start, as published.
X = np.array([[1.0, -2.0], [2.0, 1.0], [4.0, 1.0], [5.0, -3.0], [6.0, 4.0], [7.0, 5.0]])
Y = np.array([14.0, -12.0, -31.0, -21.0, -51.0, -37.0])
START = np.array([3.0, 3.0, -1.0])
PUBLISHED = {"w1": -6.75922888, "w2": -2.07075472, "b": 7.23420837, "J": 75.63518594}


def tilde(x: np.ndarray) -> np.ndarray:
    return np.column_stack((x, np.ones(len(x))))


def hessian_of(x: np.ndarray) -> np.ndarray:
    return 2 / len(x) * tilde(x).T @ tilde(x)


H = hessian_of(X)
LAMBDAS, AXES = np.linalg.eigh(H)
THETA_STAR = np.linalg.lstsq(tilde(X), Y, rcond=None)[0]
J_STAR = float(np.mean((tilde(X) @ THETA_STAR - Y) ** 2))


def first_within(hessian: np.ndarray, alpha: float, error: np.ndarray, limit: int) -> int:
    """The first epoch at which ‖e‖ < 1e-6, iterating e <- (I - αH) e."""
    step = np.eye(len(error)) - alpha * hessian
    for epoch in range(limit):
        if np.linalg.norm(error) < 1e-6:
            return epoch
        error = step @ error
    pytest.fail(f"not within 1e-6 in {limit} epochs")


def numbers(line: str) -> list[float]:
    return [float(v.replace(",", "")) for v in re.findall(r"-?\d[\d,]*\.?\d*(?:e-?\d+)?", line)]


def line_starting(printed: str, start: str) -> str:
    return next(line for line in printed.splitlines() if line.strip().startswith(start))


VECTOR = "several_features/plot_01_vector_form.py"
ARTICLE = "several_features/plot_02_article_run.py"
FIXED_B = "several_features/plot_03_fixed_b.py"
CORRELATED = "several_features/plot_04_correlated_features.py"

vector_page = lesson_fixture(VECTOR, "vector_page")
article_page = lesson_fixture(ARTICLE, "article_page")
fixed_b_page = lesson_fixture(FIXED_B, "fixed_b_page")
correlated_page = lesson_fixture(CORRELATED, "correlated_page")


@pytest.mark.parametrize(
    ("lesson", "fixture"),
    [
        (VECTOR, "vector_page"),
        (ARTICLE, "article_page"),
        (FIXED_B, "fixed_b_page"),
        (CORRELATED, "correlated_page"),
    ],
)
def test_each_page_has_the_form_of_a_lesson(lesson, fixture, request) -> None:
    names, _, widths = request.getfixturevalue(fixture)
    shown = [value for value in names.values() if isinstance(value, DescentAnimation)]
    check_lesson_form(lesson, widths, animations=len(shown))


# -- The gradient in vector form --------------------------------------------------------------


def test_vector_page_gradient_by_hand_and_library_equal_the_independent_one(vector_page) -> None:
    _, printed, _ = vector_page
    expected = 2 / 6 * tilde(X).T @ (tilde(X) @ START - Y)
    for start in ("by hand:", "gdexplain:"):
        assert numbers(line_starting(printed, start)) == pytest.approx(expected, abs=1e-4)


def test_vector_page_loop_and_library_agree_with_the_iterated_error(vector_page) -> None:
    _, printed, _ = vector_page
    error = START - THETA_STAR
    for _ in range(1_000):
        error = error - 0.001 * H @ error
    for start in ("by hand, epoch", "gdexplain, epoch"):
        values = numbers(line_starting(printed, start))[1:]
        assert values == pytest.approx(THETA_STAR + error, abs=1e-6)
    assert printed_value(printed, r"largest difference: (\S+)") < 1e-12


def test_vector_page_answers_state_the_computed_numbers(vector_page) -> None:
    first, second, third = answers(VECTOR)
    mean_residual = float(np.mean(tilde(X) @ START - Y))
    assert f"{mean_residual}" in first
    assert f"{2 * mean_residual}" in first
    from gdexplain import least_squares

    with pytest.raises(ValueError, match="collinear") as error:
        least_squares(np.column_stack((X, X.sum(axis=1))), Y)
    quoted = re.search(r'"(columns [^"]+)"', second).group(1)
    assert quoted in str(error.value)
    assert f"{H[0, 0]:.2f}" in third
    assert H[-1, -1] == pytest.approx(2.0, rel=1e-15)


# -- The article's run ------------------------------------------------------------------------


def test_article_page_prints_the_published_answer_beside_the_run_and_least_squares(
    article_page,
) -> None:
    _, printed, _ = article_page
    exact = dict(zip(PUBLISHED, [*THETA_STAR, J_STAR], strict=True))
    for name, published in PUBLISHED.items():
        article, run, least = numbers(line_starting(printed, name + " "))[-3:]
        assert article == published
        assert run == pytest.approx(published, abs=1e-8)
        assert least == pytest.approx(exact[name], abs=1e-8)


def test_article_page_theory_lines_match_the_independent_hessian_and_loop(article_page) -> None:
    _, printed, _ = article_page
    best = 2 / (LAMBDAS[0] + LAMBDAS[-1])
    error = START - THETA_STAR
    expected = {
        "smallest curvature": LAMBDAS[0],
        "middle curvature": LAMBDAS[1],
        "largest curvature": LAMBDAS[2],
        "condition number": LAMBDAS[2] / LAMBDAS[0],
        "stability limit": 2 / LAMBDAS[2],
        "epochs to 1e-6, α = 0.001": first_within(H, 0.001, error, 60_000),
        "epochs to 1e-6, α* =": first_within(H, best, error, 2_000),
    }
    for start, value in expected.items():
        line = line_starting(printed, start)
        stated, computed = numbers(line.split(":", 1)[1])[-2:]
        assert computed == pytest.approx(value, rel=1e-9)
        assert stated == pytest.approx(value, rel=5e-5)  # the rounded figures
    assert printed_value(printed, r"α\* = ([\d.]+)") == pytest.approx(best, abs=1e-7)
    measured = printed_value(printed, r"within 1e-6 at epoch ([\d,]+)")
    assert measured == expected["epochs to 1e-6, α = 0.001"]


def test_article_page_animates_the_plane_of_its_run_on_log_spaced_epochs(article_page) -> None:
    names, printed, _ = article_page
    plane, run = names["plane"], names["run"]
    expected = np.unique(np.concatenate([[0], np.geomspace(1, 100_000, 18).astype(int)]))
    assert plane.epochs.tolist() == np.repeat(expected, 3).tolist()  # three frames each
    assert plane.name == "plane"
    last = plane.final_state  # the video ends where the run does
    assert (last.epoch, last.b, last.cost) == (run.final.epoch, run.final.b, run.final.cost)
    assert last.w.tolist() == run.final.w.tolist()
    line = line_starting(printed, f"{len(expected)} epochs shown")
    assert line == f"{len(expected)} epochs shown, 1 to 100,000"


def test_article_page_answers_state_the_computed_numbers(article_page) -> None:
    first, second, third = answers(ARTICLE)
    epochs = first_within(H, 0.03, START - THETA_STAR, 5_000)
    assert f"{epochs:,} epochs" in first
    assert f"{LAMBDAS[0]:.4f}" in first
    assert f"{2 / LAMBDAS[-1]:.5f}" in second
    assert 2 / LAMBDAS[-1] < 0.04
    assert f"{J_STAR:.2f}" in third
    from gdexplain import DivergenceError, article_data, gradient_descent

    with pytest.raises(DivergenceError):
        gradient_descent(*article_data(part=2), learning_rate=0.04, w=3.0)


# -- The fixed-intercept view -----------------------------------------------------------------

BLOCK = np.linalg.eigvalsh(H[:2, :2])


def fixed_b_distances(alpha: float, n_epochs: int) -> np.ndarray:
    error, distances = START[:2] - THETA_STAR[:2], []
    for _ in range(n_epochs + 1):
        distances.append(np.linalg.norm(error))
        error = error - alpha * H[:2, :2] @ error
    return np.array(distances)


def test_fixed_b_page_prints_both_valleys_curvatures_and_conditions(fixed_b_page) -> None:
    _, printed, _ = fixed_b_page
    assert numbers(line_starting(printed, "full run (w1, w2, b)"))[-3:] == pytest.approx(
        LAMBDAS, abs=1e-4
    )
    assert numbers(line_starting(printed, "b held fixed (w1, w2)"))[-2:] == pytest.approx(
        BLOCK, abs=1e-2
    )
    kappas = [float(k) for k in re.findall(r"κ = ([\d.]+)", printed)[:2]]
    assert kappas == pytest.approx([LAMBDAS[-1] / LAMBDAS[0], BLOCK[-1] / BLOCK[0]], abs=5e-3)
    assert kappas == pytest.approx([172.88, 4.74])  # the figures


def test_fixed_b_page_runs_match_the_iterated_errors(fixed_b_page) -> None:
    _, printed, _ = fixed_b_page
    fixed = fixed_b_distances(0.001, 2_000)
    full_epochs = first_within(H, 0.001, START - THETA_STAR, 60_000)
    error = START - THETA_STAR
    for _ in range(300):
        error = error - 0.001 * H @ error
    for name, distance, epochs in [
        ("b held fixed", fixed[300], int(np.argmax(fixed < 1e-6))),
        ("full run", np.linalg.norm(error), full_epochs),
    ]:
        pattern = rf"{name}: distance (\S+) at epoch 300, within 1e-6 at ([\d,]+)"
        at_300, reached = re.search(pattern, printed).groups()
        assert float(at_300) == float(f"{distance:.3g}")
        assert int(reached.replace(",", "")) == epochs


def test_fixed_b_page_animates_the_articles_run_and_the_full_one(fixed_b_page) -> None:
    names, _, _ = fixed_b_page
    fixed_view, full_view = names["fixed_view"], names["full_view"]
    fixed = START[:2] - THETA_STAR[:2]
    for _ in range(400):  # the article's run, b at b*: its error in w alone
        fixed = fixed - 0.001 * H[:2, :2] @ fixed
    assert fixed_view.epochs[-1] == 400
    assert fixed_view.final_state.w == pytest.approx(THETA_STAR[:2] + fixed, abs=1e-12)
    assert fixed_view.final_state.b == pytest.approx(THETA_STAR[2], abs=1e-12)
    assert full_view.epochs[-1] == 60_000
    assert full_view.name == fixed_view.name == "contour"


def test_fixed_b_page_full_run_reaches_its_maps_lowest_point_long_before_the_minimum(
    fixed_b_page,
) -> None:
    _, printed, _ = fixed_b_page
    error = START - THETA_STAR
    for _ in range(300):
        error = error - 0.001 * H @ error
    w, b = THETA_STAR[:2] + error[:2], THETA_STAR[2] + error[2]
    lowest = np.linalg.solve(X.T @ X, X.T @ (Y - b))  # the best w at this b, solved here
    assert printed_value(printed, r"epoch 300: b = (-?[\d.]+)") == pytest.approx(b, abs=5e-4)
    near = printed_value(printed, r"lowest point of its map: ([\d.e-]+)")
    far = printed_value(printed, r"least-squares weights: ([\d.e-]+)")
    assert near == pytest.approx(np.linalg.norm(w - lowest), rel=5e-3)
    assert far == pytest.approx(np.linalg.norm(w - THETA_STAR[:2]), rel=5e-3)
    assert near < far / 50


def test_fixed_b_page_slowest_direction_is_the_smallest_eigenvector(fixed_b_page) -> None:
    _, printed, _ = fixed_b_page
    slowest = AXES[:, 0] * np.sign(AXES[-1, 0])
    line = line_starting(printed, "slowest direction")
    assert numbers(line.split(":")[1])[:3] == pytest.approx(slowest, abs=5e-4)
    assert numbers(line_starting(printed, "mean of each feature"))[-2:] == pytest.approx(
        X.mean(axis=0), abs=5e-3
    )


def test_fixed_b_page_answers_state_the_computed_numbers(fixed_b_page) -> None:
    first, second, third = answers(FIXED_B)
    best = 2 / BLOCK.sum()
    kappa = BLOCK[-1] / BLOCK[0]
    assert f"{BLOCK[0]:.2f} + {BLOCK[1]:.2f}" in first
    assert f"{best:.4f}" in first
    assert f"{int(np.argmax(fixed_b_distances(best, 200) < 1e-6))} epochs" in first
    assert f"{(kappa - 1) / (kappa + 1):.2f}" in first
    b_error = START[2] - THETA_STAR[2]
    assert b_error - 0.5 * H[-1, -1] * b_error == pytest.approx(0.0, abs=1e-12)  # lands on b*
    assert "2/(2 + 2) = 0.5" in second
    slowest = AXES[:, 0] * np.sign(AXES[-1, 0])
    for value in (*slowest.round(3), X[:, 0].mean().round(2), X[:, 1].mean()):
        assert f"{abs(value):g}" in third


# -- Correlated features ----------------------------------------------------------------------


def test_correlated_page_condition_numbers_follow_from_the_correlation(correlated_page) -> None:
    _, printed, _ = correlated_page
    centred = X - X.mean(axis=0)
    rho = float(np.sum(centred[:, 0] * centred[:, 1]) / np.prod(np.linalg.norm(centred, axis=0)))
    assert printed_value(printed, r"ρ = ([\d.]+)") == pytest.approx(rho, abs=5e-5)
    for name, features in [
        ("raw", X),
        ("centred", centred),
        ("standardised", centred / X.std(axis=0)),
    ]:
        values = np.linalg.eigvalsh(hessian_of(features))
        kappa = values[-1] / values[0]
        assert printed_value(printed, rf"\n\s*{name}: κ = ([\d.]+)") == pytest.approx(
            kappa, abs=5e-3
        )
    assert printed_value(printed, r"\(1 \+ ρ\)/\(1 - ρ\) = ([\d.]+)") == pytest.approx(
        (1 + rho) / (1 - rho), abs=5e-3
    )
    assert (1 + rho) / (1 - rho) == pytest.approx(4.38, abs=5e-3)  # the figure


def test_correlated_page_whitening_and_newton_land_on_least_squares(correlated_page) -> None:
    names, printed, _ = correlated_page
    white = names["white"]
    assert hessian_of(white) == pytest.approx(2 * np.eye(3), abs=1e-12)
    whitened = line_starting(printed, "after one epoch")
    assert numbers(whitened.split(":", 1)[1]) == pytest.approx(THETA_STAR, abs=1e-8)
    newton = line_starting(printed, "Newton, one step")
    assert numbers(newton.split(":", 1)[1]) == pytest.approx(THETA_STAR, abs=1e-8)
    assert printed_value(printed, r"distance to the minimum: (\S+)") < 1e-10


def test_correlated_page_epochs_match_the_iterated_errors(correlated_page) -> None:
    names, printed, _ = correlated_page
    for name, features in names["versions"].items():
        hessian = hessian_of(features)
        values = np.linalg.eigvalsh(hessian)
        theta_star = np.linalg.lstsq(tilde(features), Y, rcond=None)[0]
        expected = first_within(hessian, 2 / (values[0] + values[-1]), -theta_star, 5_000)
        pattern = rf"{name}: κ = +[\d.]+, epochs to 1e-6: ([\d,]+)"
        assert printed_value(printed, pattern) == expected


def test_correlated_page_answers_state_the_computed_numbers(correlated_page) -> None:
    first, second, third = answers(CORRELATED)
    assert f"{(1 + 0.9) / (1 - 0.9):.0f}" in first
    from gdexplain import article_data, gradient, hessian

    dJ_dw, dJ_db = gradient(*article_data(part=2), w=[0.0, 0.0], b=0.0)
    landed = -np.linalg.solve(hessian(X), np.append(dJ_dw, dJ_db))
    assert landed == pytest.approx(THETA_STAR, abs=1e-10)
    for value in THETA_STAR:
        assert f"{value:.8f}" in second
    assert "2I" in third


# -- The built pages --------------------------------------------------------------------------


@pytest.mark.site
@pytest.mark.parametrize(
    ("lesson", "videos", "figures"),
    [(VECTOR, 0, 1), (ARTICLE, 1, 0), (FIXED_B, 2, 1), (CORRELATED, 0, 1)],
)
def test_several_features_pages_are_built_with_videos_figures_and_hidden_answers(
    built_site: Path, lesson: str, videos: int, figures: int
) -> None:
    check_built_lesson(built_site, lesson, videos=videos, figures=figures)
