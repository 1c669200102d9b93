"""The adaptive-steps page (AdaGrad, RMSProp, Adam and the fair race), run and checked.

The page runs once through ``run_page``; every number it prints or states is compared with one
computed here independently: the valley's Hessian from the sums, the minimum from
``numpy.polyfit``, the gradient as H(θ − θ*) (not from residuals, as the page has it), and a
search of learning rates written here in that form. Exercise answers are read from the source.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from lesson_checks import (
    HESSIAN,
    START,
    THETA_STAR,
    X,
    Y,
    answers,
    check_built_lesson,
    check_lesson_form,
    hessian_of,
    lesson_fixture,
    printed_value,
    source,
)

from gdexplain import (
    adagrad_descent,
    adam_descent,
    epochs_to_tolerance,
    optimal_learning_rate,
    rmsprop_descent,
)

ADAPTIVE = "faster/plot_03_adaptive.py"
adaptive_page_run = lesson_fixture(ADAPTIVE, "adaptive_page")

ALPHAS = np.logspace(-4, 1, 40)
BUDGET, TOLERANCE, BETA, EPS = 3_000, 1e-6, 0.9, 1e-8
#: The article's part-2 data (two features), typed here as the article prints it.
PART_2 = (
    np.array([[1, -2], [2, 1], [4, 1], [5, -3], [6, 4], [7, 5]], dtype=float),
    np.array([14, -12, -31, -21, -51, -37], dtype=float),
)
METHODS = ["gradient descent", "heavy ball", "Nesterov", "AdaGrad", "RMSProp", "Adam"]


def kappa(H: np.ndarray) -> float:
    low, high = np.linalg.eigvalsh(H)
    return high / low


def best_diagonal_kappa(H: np.ndarray) -> float:
    """Jacobi scaling, optimal for 2 × 2 (van der Sluis): the diagonal made ones."""
    d = np.diag(H) ** -0.5
    return kappa(H * np.outer(d, d))


def independent_search(
    method: str, hessian: np.ndarray = HESSIAN, start_error: np.ndarray = START - THETA_STAR
) -> tuple[float, int | None]:
    """The page's search, in error form: e = θ − θ*, ∇J = He, J − J* = eᵀHe / 2."""
    a = ALPHAS[:, None]
    e = np.tile(start_error, (ALPHAS.size, 1))
    previous = e.copy()
    s = np.zeros_like(e)
    m = np.zeros_like(e)
    last_above = np.zeros(ALPHAS.size, dtype=int)
    with np.errstate(all="ignore"):
        for k in range(1, BUDGET + 1):
            if method in ("heavy ball", "Nesterov"):  # two-step form, no velocity
                ahead = e + BETA * (e - previous)
                at = ahead if method == "Nesterov" else e
                previous, e = e, ahead - a * (at @ hessian)
            else:
                g = e @ hessian
                if method == "gradient descent":
                    e = e - a * g
                elif method == "AdaGrad":
                    s += g * g
                    e = e - a * g / (np.sqrt(s) + EPS)
                elif method == "RMSProp":
                    s = 0.9 * s + 0.1 * g * g
                    e = e - a * g / (np.sqrt(s) + EPS)
                else:
                    m = 0.9 * m + 0.1 * g
                    s = 0.999 * s + 0.001 * g * g
                    m_hat, v_hat = m / (1 - 0.9**k), s / (1 - 0.999**k)
                    e = e - a * m_hat / (np.sqrt(v_hat) + EPS)
            gap = 0.5 * np.einsum("ij,jk,ik->i", e, hessian, e)
            last_above[~(gap < TOLERANCE)] = k
    reached = last_above < BUDGET
    if not reached.any():
        return float(ALPHAS[np.nanargmin(gap)]), None
    best = np.flatnonzero(reached)[np.argmin(last_above[reached])]
    return float(ALPHAS[best]), int(last_above[best]) + 1


def prose() -> str:
    """The page's comment text, one line, without the comment marks."""
    return " ".join(" ".join(line.lstrip("# ") for line in source(ADAPTIVE).splitlines()).split())


@pytest.fixture(scope="module")
def race() -> dict[str, tuple[float, int | None]]:
    return {method: independent_search(method) for method in METHODS}


@pytest.fixture(scope="module")
def race_with_two_features() -> dict[str, tuple[float, int | None]]:
    """The same search on the article's part-2 data, from w = (3, 3), b = −1."""
    x2, y2 = PART_2
    design = np.column_stack([x2, np.ones(len(y2))])
    theta_star = np.linalg.lstsq(design, y2, rcond=None)[0]
    hessian = 2 * design.T @ design / len(y2)
    start_error = np.array([3.0, 3.0, -1.0]) - theta_star
    return {method: independent_search(method, hessian, start_error) for method in METHODS}


def test_adaptive_page_hand_loops_are_the_library(adaptive_page) -> None:
    names, printed, _ = adaptive_page
    for name in ("AdaGrad", "RMSProp", "Adam"):
        assert printed_value(printed, rf"{name} .* library ([\d.e+-]+)") < 1e-12
    by_hand = names["adaptive_by_hand"]  # and at other settings than the page's
    for name, run in [
        ("RMSProp", rmsprop_descent(X, Y, learning_rate=0.02, decay=0.5, n_epochs=300)),
        ("Adam", adam_descent(X, Y, learning_rate=0.05, beta1=0.8, beta2=0.99, n_epochs=300)),
        ("AdaGrad", adagrad_descent(X, Y, learning_rate=0.3, n_epochs=300)),
    ]:
        path = by_hand(name, run.label and float(re.search(r"α = ([\d.]+)", run.label)[1]), 300,
                       rho=0.5, beta1=0.8, beta2=0.99)  # fmt: skip
        assert np.abs(path - np.column_stack([run.w, run.b])).max() < 1e-12


def test_adaptive_page_condition_numbers(adaptive_page) -> None:
    _, printed, _ = adaptive_page
    tilted, aligned = HESSIAN, hessian_of(10 * (X - X.mean()))
    adagrads = []
    for name, H, u in [
        ("article \\(tilted\\)", tilted, X),
        ("axis-aligned", aligned, 10 * (X - X.mean())),
    ]:
        line = re.search(
            rf"{name} +\|c\| = ([\d.]+), κ = +([\d.]+), best diagonal +([\d.]+) \(search +([\d.]+)\), AdaGrad's +([\d.]+)",
            printed,
        )
        assert line is not None
        c, *shown = (float(v) for v in line.groups())
        assert c == pytest.approx(abs(H[0, 1]) / np.sqrt(H[0, 0] * H[1, 1]), abs=0.005)
        assert shown[0] == pytest.approx(kappa(H), abs=0.005)
        assert shown[1] == pytest.approx(best_diagonal_kappa(H), abs=5e-4)
        assert shown[1] <= shown[2] < shown[1] * 1.01  # the search cannot beat the formula
        run = adagrad_descent(u, Y, learning_rate=1.0, n_epochs=3_000)
        G = np.array([np.sum(run.dJ_dw[:-1] ** 2), np.sum(run.dJ_db[:-1] ** 2)])
        root = np.diag((np.sqrt(G) + EPS) ** -0.5)
        adagrads.append(kappa(root @ H @ root))
        assert shown[3] == pytest.approx(adagrads[-1], abs=0.005)
    # The prose: the numbers, and "AdaGrad's own rescaling is worse still" / "gets close".
    best, whole = best_diagonal_kappa(tilted), kappa(tilted)
    assert f"still leaves :math:`\\kappa = {best:.2f}`, down from {whole:.2f}" in prose()
    assert best < adagrads[0] < whole
    c_tilted = tilted[0, 1] / np.sqrt(tilted[0, 0] * tilted[1, 1])
    assert f"runs *diagonally* (:math:`|c| = {c_tilted:.2f}`, near 1" in prose()
    assert best_diagonal_kappa(aligned) == pytest.approx(1.0, abs=1e-12)
    assert adagrads[1] < kappa(aligned) / 100


def test_adaptive_page_adam_steps(adaptive_page) -> None:
    _, printed, _ = adaptive_page
    # Adam from the formulas, in error form, at the page's α = 0.1.
    e, m, v, path = START - THETA_STAR, np.zeros(2), np.zeros(2), [START - THETA_STAR]
    for k in range(1, 3_001):
        g = HESSIAN @ e
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        e = e - 0.1 * (m / (1 - 0.9**k)) / (np.sqrt(v / (1 - 0.999**k)) + EPS)
        path.append(e)
    path = np.array(path)
    steps = np.abs(np.diff(path, axis=0)) / 0.1
    for k in (1, 2, 5, 100, 1_000):
        line = re.search(
            rf"epoch +{k}: \|Δw\|/α = ([\d.e+-]+), \|Δb\|/α = ([\d.e+-]+), distance to the minimum ([\d.e+-]+)",
            printed,
        )
        assert line is not None
        dw, db, distance = map(float, line.groups())
        assert dw == pytest.approx(steps[k - 1, 0], rel=0.006)
        assert db == pytest.approx(steps[k - 1, 1], rel=0.006)
        assert distance == pytest.approx(np.hypot(*path[k]), rel=0.06)
    assert steps[0] == pytest.approx([1.0, 1.0], abs=1e-9)  # "exactly α per parameter"
    assert steps[999].max() < 1e-3  # "a thousandth of it"
    assert np.hypot(*path[-1]) < 1e-12  # "reaches the minimum to rounding"
    assert printed_value(printed, r"epoch  2999: .*distance to the minimum ([\d.e+-]+)") < 1e-13


def test_adaptive_page_race_table_is_an_independent_search(adaptive_page, race) -> None:
    names, printed, _ = adaptive_page
    assert printed_value(printed, r"searched 240 runs in ([\d.]+) s") < 30
    text = prose()
    for method, (alpha, epochs) in race.items():
        line = re.search(rf"^{method} +([\d.e+-]+) +([\d,]+|never)$", printed, flags=re.MULTILINE)
        assert line is not None, method
        assert float(line[1]) == pytest.approx(alpha, rel=1e-3)
        assert line[2] == ("never" if epochs is None else f"{epochs:,}")
        assert names["tuned"][method] == (pytest.approx(alpha), epochs)
    assert race["RMSProp"][1] is None
    fastest = min((e, m) for m, (_, e) in race.items() if e is not None)
    assert fastest[1] == "Nesterov"  # "Nesterov wins"
    stated = (
        f"Nesterov wins, in {race['Nesterov'][1]} epochs; AdaGrad ({race['AdaGrad'][1]}), the "
        f"heavy ball ({race['heavy ball'][1]}) and Adam ({race['Adam'][1]}) come next, all well "
        f"ahead of plain descent ({race['gradient descent'][1]})"
    )
    assert stated in text
    assert race["Adam"][1] >= race["heavy ball"][1]  # "no faster than a well-set heavy ball"
    # The cost target sits about 0.002 from the minimum along the floor (J - J* = λmin d²/2),
    # and the momentum page's plain descent, to a distance of 1e-6, takes 893 epochs.
    floor = np.linalg.eigvalsh(HESSIAN)[0]
    assert f"still about {np.sqrt(2 * 1e-6 / floor):.3f} from the minimum" in text
    to_distance = epochs_to_tolerance(X, Y, learning_rate=optimal_learning_rate(X))
    assert f"plain descent took {to_distance} epochs" in text
    others = [e for m, (_, e) in race.items() if m not in ("Nesterov", "gradient descent")]
    assert max(x for x in others if x is not None) < race["gradient descent"][1]


def test_adaptive_page_race_runs_and_video(adaptive_page, race) -> None:
    names, printed, _ = adaptive_page
    runs = names["races"]
    for method, run in runs.items():
        assert run.label.count("α = ") == 1
        assert float(re.search(r"α = ([\d.e+-]+)", run.label)[1]) == pytest.approx(
            race[method][0], rel=1e-2
        )
    # In 600 epochs RMSProp, at the small α that ends lowest, is still far from the minimum
    j_star = float(np.mean((THETA_STAR[0] * X + THETA_STAR[1] - Y) ** 2))
    rms = runs["RMSProp"]
    assert rms.epoch[-1] == 600
    assert rms.cost[-1] > 2 * j_star
    assert np.hypot(rms.w[-1] - THETA_STAR[0], rms.b[-1] - THETA_STAR[1]) > 1.0
    line = re.search(
        r"RMSProp at α = ([\d.]+): J ([\d.]+) → ([\d.]+), distance to the minimum "
        r"([\d.]+) → ([\d.]+) at epoch 600",
        printed,
    )
    assert float(line[1]) == pytest.approx(race["RMSProp"][0], abs=5e-5)
    costs = np.mean((np.outer(rms.w, X) + rms.b[:, None] - Y) ** 2, axis=1)
    distances = np.hypot(rms.w - THETA_STAR[0], rms.b - THETA_STAR[1])
    assert [float(v) for v in line.groups()[1:]] == pytest.approx(
        [costs[0], costs[-1], distances[0], distances[-1]], abs=0.005
    )
    assert costs[-1] < costs[0] / 2  # "its cost falls"
    assert distances[-1] >= distances[0]  # "no nearer the minimum"
    assert all(runs[m].cost[-1] < j_star + 1e-3 for m in METHODS if m != "RMSProp")
    # "all six methods" on the map, each named in its legend
    legends = [ax.get_legend() for ax in names["animation"].figure.axes if ax.get_legend()]
    named = [text.get_text() for legend in legends for text in legend.get_texts()]
    assert [name for name in named if name[:2] in {f"{k}:" for k in range(1, 10)}] == [
        f"{k}: {run.label}" for k, run in enumerate(runs.values(), start=1)
    ]


def test_adaptive_page_race_with_two_features(adaptive_page, race, race_with_two_features) -> None:
    names, printed, _ = adaptive_page
    table = printed[printed.index("part 2 ") :]
    design = np.column_stack([PART_2[0], np.ones(len(PART_2[1]))])
    kappas = [np.linalg.cond(h) for h in (HESSIAN, 2 * design.T @ design / len(design))]
    ratio = kappas[1] / kappas[0]
    assert (
        f"κ {kappas[0]:.2f} → {kappas[1]:.2f} (× {ratio:.2f}, √ × {np.sqrt(ratio):.2f})" in printed
    )
    text, growth = prose(), {}
    for method, (alpha, epochs) in race_with_two_features.items():
        line = re.search(
            rf"^{method} +([\d.e+-]+) +([\d,]+|never)(?: +([\d.]+))?$", table, re.MULTILINE
        )
        assert line is not None, method
        assert float(line[1]) == pytest.approx(alpha, rel=1e-3)
        assert line[2] == ("never" if epochs is None else f"{epochs:,}")
        assert names["tuned_2"][method] == (pytest.approx(alpha), epochs)
        if epochs is not None:
            growth[method] = epochs / race[method][1]
            assert float(line[3]) == pytest.approx(growth[method], abs=0.005)
    two = race_with_two_features
    assert min((e, m) for m, (_, e) in two.items() if e is not None)[1] == "Nesterov"
    assert two["RMSProp"][1] is None
    assert two["AdaGrad"][0] == ALPHAS[-1] == 10  # "the grid's largest, 10"
    stated = (
        f"Nesterov first ({two['Nesterov'][1]} epochs), Adam ({two['Adam'][1]}) and the heavy "
        f"ball ({two['heavy ball'][1]}) close behind, AdaGrad ({two['AdaGrad'][1]}) and plain "
        f"descent ({two['gradient descent'][1]}) last"
    )
    assert stated in text
    assert two["Adam"][1] <= two["heavy ball"][1] < two["AdaGrad"][1] < two["gradient descent"][1]
    plain, ball, nesterov = (growth[m] for m in ("gradient descent", "heavy ball", "Nesterov"))
    assert (
        f"(× {plain:.2f} for × {ratio:.2f}); the momentum methods' grow less (× {ball:.2f} and "
        f"× {nesterov:.2f}), as their rate depends on :math:`\\sqrt\\kappa` (× {np.sqrt(ratio):.2f})"
    ) in text
    assert max(ball, nesterov) < np.sqrt(ratio) < plain < ratio


def test_adaptive_page_form(adaptive_page) -> None:
    _, _, widths = adaptive_page
    check_lesson_form(ADAPTIVE, widths)
    assert len(widths) == 2


def test_adaptive_page_exercise_answers(adaptive_page) -> None:
    first, second, third = answers(ADAPTIVE)
    run = rmsprop_descent(X, Y, learning_rate=0.01, n_epochs=3_000)
    off = np.abs(np.column_stack([run.w - THETA_STAR[0], run.b - THETA_STAR[1]])[-4:])
    assert off == pytest.approx(np.full((4, 2), 0.005), abs=5e-7)  # "0.005 to six decimals"
    assert np.sign(run.w[-1] - THETA_STAR[0]) != np.sign(run.w[-2] - THETA_STAR[0])
    # "its steps stay about α in size": each of the last steps is α = 0.01 per parameter
    last_steps = np.abs(np.diff(np.column_stack([run.w, run.b])[-4:], axis=0))
    assert last_steps == pytest.approx(np.full((3, 2), 0.01), abs=1e-6)
    gap = run.cost[-4:] - np.mean((THETA_STAR[0] * X + THETA_STAR[1] - Y) ** 2)
    assert f"{gap[-1]:.1e}" in first
    assert gap == pytest.approx(gap[-1], rel=1e-6)  # "stays at"
    centred = hessian_of(X - X.mean())
    assert f"is {kappa(centred):.2f} (the feature-scaling page)" in prose()
    assert first.count("0.005") == 2
    assert second.startswith(f"{best_diagonal_kappa(centred):.2f}:")
    step = adam_descent(X, Y, learning_rate=0.5, beta1=0.0, n_epochs=1)
    assert [abs(step.w[1] - step.w[0]), abs(step.b[1] - step.b[0])] == pytest.approx(
        [0.5, 0.5], abs=1e-9
    )
    assert third.startswith("0.5 each")


@pytest.mark.site
def test_adaptive_page_is_built_with_its_video_figures_and_hidden_answers(
    built_site: Path,
) -> None:
    check_built_lesson(built_site, ADAPTIVE, videos=1, figures=2)
