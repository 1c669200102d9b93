"""The Foundations pages and the curvature page, run top to bottom: what they print and state.

Each test runs a page with ``run_page`` and checks a number it prints against the package's
functions or an independent loop written here; the exercises' answers are read from the page's
source and every number they state is checked against a value computed here.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import GALLERY

import gdexplain
from gdexplain import article_data, cost, gradient_descent, hessian, least_squares

# -- Reading a page's source ------------------------------------------------------------------

# A number as a page writes it: "−1.6849", "12,000", "1e-12" (a typographic minus too).
STATED_NUMBER = re.compile(r"(?<![\w.])[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-−]?\d+)?")


def source(page: str) -> str:
    return (GALLERY / page).read_text(encoding="utf-8")


def answers(page: str) -> list[str]:
    """The text of each exercise answer on a page: the block under each ``.. dropdown:: Answer``.

    Inline code (````...````) is left out: it is what the reader types, not a stated result.
    """
    found, block = [], None
    for line in source(page).splitlines():
        text = line.removeprefix("#").removeprefix(" ") if line.startswith("#") else None
        if text is not None and text.strip() == ".. dropdown:: Answer":
            block = []
            found.append(block)
        elif block is not None and text is not None and (text == "" or text.startswith("   ")):
            block.append(text.strip())
        else:
            block = None
    return [re.sub(r"``.*?``", "", " ".join(lines)) for lines in found]


def stated_numbers(text: str) -> list[str]:
    return STATED_NUMBER.findall(text)


def assert_states(answer: str, expected: list[float]) -> None:
    """``answer`` states exactly the numbers ``expected``, in order, each to the digits shown."""
    stated = stated_numbers(answer)
    assert len(stated) == len(expected), (stated, expected, answer)
    for written, value in zip(stated, expected, strict=True):
        number = written.replace("−", "-").replace(",", "")
        mantissa = number.split("e")[0]
        decimals = len(mantissa.partition(".")[2])
        exponent = int(number.split("e")[1]) if "e" in number else 0
        tolerance = 0.5 * 10.0 ** (exponent - decimals) + 1e-12
        assert abs(float(number) - value) <= tolerance, (written, value, answer)


def test_stated_numbers_reads_the_pages_forms() -> None:
    text = "w = −1.6849 at epoch 70, after 12,000 epochs (2.8, −1.03), below 1e-12."
    assert stated_numbers(text) == ["−1.6849", "70", "12,000", "2.8", "−1.03", "1e-12"]


def test_assert_states_rejects_a_wrong_or_missing_number() -> None:
    with pytest.raises(AssertionError):
        assert_states("w = 2.82", [2.8066])
    with pytest.raises(AssertionError):
        assert_states("w = 2.81 and b = 1", [2.81])


# -- The derivation ---------------------------------------------------------------------------

DERIVATION = "foundations/plot_01_derivation.py"
NUMBER = r"([-+]?\d+(?:\.\d+)?)"


def printed(pattern: str, output: str) -> tuple[str, ...]:
    found = re.search(pattern, output)
    assert found, f"the page prints no line matching {pattern!r}"
    return found.groups()


def assert_printed(text: str, value: float) -> None:
    """``text`` is ``value`` rounded to as many decimals as it shows."""
    decimals = len(text.partition(".")[2])
    assert abs(float(text) - value) <= 0.5 * 10.0**-decimals + 1e-12, (text, value)


@pytest.fixture(scope="module")
def article_run() -> gdexplain.History:
    x, y = article_data()
    return gradient_descent(x, y, learning_rate=0.001, w=3.0, b=-1.0, n_epochs=12_000)


def test_derivation_keeps_to_calculus() -> None:
    text = source(DERIVATION).lower()
    for word in ("eigenvector", "eigenvalue", "hessian", "positive definite", "convex"):
        assert word not in text, word


def test_derivation_holds_the_gradient_formulas() -> None:
    tex = re.sub(r"\s+", "", source(DERIVATION))
    for parameter in ("w", "b"):
        assert rf"\frac{{\partialJ}}{{\partial{parameter}}}" in tex, parameter
    assert r"\frac{2}{n}\sum_{i=1}^{n}r_i\,x_i" in tex
    assert r"\frac{2}{n}\sum_{i=1}^{n}r_i." in tex


def test_derivation_writes_the_update_rule_before_the_pulls_video() -> None:
    text = source(DERIVATION)
    assert text.index(r"w \leftarrow w - \alpha") < text.index("animate_gradient(history)")


def test_derivation_prints_the_package_final_values(run_page, article_run) -> None:
    _, output = run_page(DERIVATION)
    epoch, w, b = printed(rf"gradient descent, epoch (\d+):\s*w = {NUMBER}, b = {NUMBER}", output)
    final = article_run.final
    assert int(epoch) == final.epoch
    assert_printed(w, final.w)
    assert_printed(b, final.b)
    assert_printed(printed(rf"cost after descent:\s*{NUMBER}", output)[0], final.cost)


def test_derivation_prints_the_closed_form_and_scikit_learn_agreeing(run_page) -> None:
    x, y = article_data()
    _, output = run_page(DERIVATION)
    # The normal equations, solved here by NumPy's least squares on the design matrix.
    (w_exact, b_exact), *_ = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y)
    for name in ("least squares", "scikit-learn"):
        w, b = printed(rf"{name}:\s*w = {NUMBER}, b = {NUMBER}", output)
        assert_printed(w, w_exact)
        assert_printed(b, b_exact)
    minimum = printed(rf"cost at the minimum:\s*{NUMBER}", output)[0]
    assert_printed(minimum, float(np.mean((w_exact * x + b_exact - y) ** 2)))


def test_derivation_pulls_add_up_to_the_gradient(run_page) -> None:
    names, output = run_page(DERIVATION)
    x, y = article_data()
    final = names["history"].final
    residuals = final.w * x + final.b - y
    pulls = 2 / x.size * residuals[:, None] * np.column_stack([x, np.ones_like(x)])
    np.testing.assert_allclose(names["pulls"], pulls, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(names["total"], gdexplain.gradient(x, y, final.w, final.b))
    assert "= grad J" in output


def test_derivation_learning_rates_crawl_then_explode(run_page) -> None:
    _, output = run_page(DERIVATION)
    costs = [float(c) for c in re.findall(r"J after 10 epochs =\s*([\d.]+)", output)]
    assert len(costs) == 4
    start = float(cost(*article_data(), 3.0, -1.0))
    assert costs[0] > 0.9 * start  # crawls
    assert costs[2] < costs[1] < costs[0]
    assert costs[3] > 10 * start  # explodes


def test_derivation_answers(article_run) -> None:
    x, y = article_data()
    one, bottom, bigger = answers(DERIVATION)
    dJ_dw, dJ_db = gdexplain.gradient(x, y, 3.0, -1.0)
    after = gradient_descent(x, y, n_epochs=1).final
    assert_states(
        one,
        [3, 0.001, dJ_dw, after.w, -1, 0.001, dJ_db, after.b, 472.5, after.cost],
    )
    assert after.w == pytest.approx(3 - 0.001 * dJ_dw)
    assert f"gradient is about :math:`({dJ_dw:.2f}, {dJ_db:.2f})`" in source(DERIVATION)
    at_minimum = gdexplain.gradient(x, y, *least_squares(x, y))
    assert np.abs(at_minimum).max() < 1e-12
    assert_states(bottom, [1e-12])
    quick = gradient_descent(x, y, learning_rate=0.01, n_epochs=1_200).final
    assert_states(bigger, [quick.w, article_run.final.w])
    assert abs(quick.w - article_run.final.w) < 1e-3


# -- The loop by hand -------------------------------------------------------------------------

LOOP = "foundations/plot_02_loop.py"


def test_loop_is_short_enough_to_read() -> None:
    text = source(LOOP)
    loop = text[text.index("for _ in range(12_000):") : text.index('print(f"after')]
    body = [line for line in loop.splitlines() if line.strip()]
    assert len(body) <= 15, body


def test_loop_agrees_with_gradient_descent_bit_for_bit(run_page, article_run) -> None:
    names, output = run_page(LOOP)
    assert names["w"] == article_run.final.w
    assert names["b"] == article_run.final.b
    np.testing.assert_array_equal(names["J_list"], article_run.cost[:-1])
    np.testing.assert_array_equal(names["w_list"], article_run.w[:-1])
    assert len(names["J_list"]) == 12_000
    assert output.count("equal bit for bit: True") == 3
    assert "equal bit for bit: False" not in output
    assert "largest difference in w: 0.0" in output


def test_loop_answers(article_run) -> None:
    x, y = article_data()
    slip, after, flat = answers(LOOP)
    halved = gradient_descent(x, y, learning_rate=0.0005, n_epochs=12_000).final
    assert_states(slip, [0.0005, 12_000, halved.w, article_run.final.w, least_squares(x, y)[0]])
    first = gradient_descent(x, y, n_epochs=1).final
    assert_states(after, [float(cost(x, y, 3.0, -1.0)), first.w, first.b])
    long_run = gradient_descent(x, y, n_epochs=30_000)
    flat_enough = (np.abs(long_run.dJ_dw) < 1e-3) & (np.abs(long_run.dJ_db) < 1e-3)
    stop = int(np.argmax(flat_enough))
    assert flat_enough[stop]
    assert_states(flat, [stop, 12_000, article_run.dJ_db[-1]])


# -- Curvature in pictures (why_slow/plot_01_curvature) ----------------------------------------

CURVATURE = "why_slow/plot_01_curvature.py"


def test_curvature_page_finds_the_axes_as_the_extreme_curvatures(run_page) -> None:
    names, output = run_page(CURVATURE)
    x, _ = article_data()
    H = 2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1.0]])
    # The extremes of u^T H u over a fine circle of directions, found without eigh.
    phi = np.linspace(0, np.pi, 200_001)
    along = H[0, 0] * np.cos(phi) ** 2 + 2 * H[0, 1] * np.cos(phi) * np.sin(phi)
    along += H[1, 1] * np.sin(phi) ** 2
    np.testing.assert_allclose(names["curvatures"], [along.min(), along.max()], rtol=1e-9)
    shallow = np.array([np.cos(phi[np.argmin(along)]), np.sin(phi[np.argmin(along)])])
    assert abs(names["shallow"] @ shallow) == pytest.approx(1.0, abs=1e-9)
    assert "angle between them: 90.0 degrees" in output
    assert f"kappa = {along.max() / along.min():.2f}" in output


def test_curvature_page_halving_times_match_a_run(run_page) -> None:
    """The halving times the page prints (and its prose repeats), against the error of a run."""
    names, output = run_page(CURVATURE)
    x, y = article_data()
    history = names["history"]
    w_star, b_star = least_squares(x, y)
    error = np.column_stack([history.w - w_star, history.b - b_star])
    along_floor = np.abs(error @ names["shallow"])
    measured = int(np.argmax(along_floor <= along_floor[0] / 2))
    halving = {
        "steep": round(np.log(2) / -np.log(1 - 0.001 * names["curvatures"][1])),
        "shallow": round(np.log(2) / -np.log(1 - 0.001 * names["curvatures"][0])),
    }
    assert abs(measured - halving["shallow"]) <= 1
    for axis, epochs in halving.items():
        line = next(
            line for line in output.splitlines() if line.startswith(f"{axis:7} axis: factor")
        )
        assert line.endswith(f"halves in {epochs:,} epochs"), line
    prose = source(CURVATURE)
    assert f"halved every {halving['steep']} epochs" in prose
    assert f"takes {halving['shallow']:,} epochs to halve" in prose


def test_curvature_page_path_follows_the_shallow_axis(run_page) -> None:
    names, output = run_page(CURVATURE)
    assert names["turn"] < 0.01
    assert "0.00" in output.split("off the shallow axis")[0].splitlines()[-1]


def test_curvature_answers() -> None:
    x, y = article_data()
    same, centred, faster = answers(CURVATURE)
    low, high = np.linalg.eigvalsh(hessian(x))
    # The Hessian of the cost of ten times y, by central second differences (exact: J is
    # quadratic, so only rounding is left).
    h, shifts = 1e-2, np.eye(2) * 1e-2

    def cost_of_ten_y(theta: np.ndarray) -> float:
        return float(cost(x, 10 * y, *(theta + np.array([3.0, -1.0]))))

    numeric = np.array(
        [
            [
                (
                    cost_of_ten_y(a + b)
                    - cost_of_ten_y(a - b)
                    - cost_of_ten_y(b - a)
                    + cost_of_ten_y(-a - b)
                )
                / (4 * h * h)
                for b in shifts
            ]
            for a in shifts
        ]
    )
    np.testing.assert_allclose(np.linalg.eigvalsh(numeric), [low, high], rtol=1e-6)
    assert_states(same, [low, high])
    H_c = hessian(x - x.mean())
    low_c, high_c = np.linalg.eigvalsh(H_c)
    assert_states(centred, [H_c[0, 1], high_c, low_c, high / low, high_c / low_c])
    factors = 1 - 0.01 * np.array([high, low])
    halving = np.log(2) / -np.log(np.abs(factors))
    assert_states(faster, [halving[0], factors[0], halving[1], factors[1]])


# -- The fit ----------------------------------------------------------------------------------

FIT = "foundations/plot_03_fit.py"


def gap_at(history: gdexplain.History, epoch: int) -> float:
    x, y = article_data()
    w, b = least_squares(x, y)
    return float(history.at(epoch).cost - np.mean((w * x + b - y) ** 2))


def test_fit_epoch_ticks_are_the_ones_the_page_names(run_page) -> None:
    names, _ = run_page(FIT)
    axes = [ax for ax in names["fit"].figure.axes if ax.get_xscale() == "symlog"]
    assert axes, "no log-epoch axis on the fit's figure"
    ticks = [f"{tick:,.0f}" for tick in axes[0].get_xticks()]
    assert ticks == ["0", "10", "100", "1,000", "10,000"]
    said = re.sub(r"\s*#\s*", " ", source(FIT))
    assert "marked 0, 10, 100, 1,000 and 10,000" in said


def test_fit_gap_is_a_drop_a_plateau_then_a_cliff(article_run) -> None:
    """The page's words, as numbers: a decade of plateau halves J − J*; the next falls 1,000×."""
    drop = gap_at(article_run, 0) / gap_at(article_run, 100)
    plateau = gap_at(article_run, 100) / gap_at(article_run, 1_000)
    cliff = gap_at(article_run, 1_000) / gap_at(article_run, 10_000)
    assert drop > 100
    assert 1.5 < plateau < 3  # "it only halves over that decade"
    assert cliff > 1_000
    assert article_run.at(50).cost < 0.15 * article_run.at(0).cost  # "about nine tenths"


def test_fit_b_turns_where_dj_db_changes_sign(run_page, article_run) -> None:
    names, output = run_page(FIT)
    x, y = article_data()
    # An independent loop: the epoch at which dJ/db first turns negative.
    w, b, k = 3.0, -1.0, 0
    while 2 * np.mean(w * x + b - y) > 0:
        residuals = w * x + b - y
        w, b, k = w - 0.001 * 2 * np.mean(residuals * x), b - 0.001 * 2 * np.mean(residuals), k + 1
    assert names["lowest"] == k
    assert f"b is lowest at epoch {k}: b = {b:.4f}" in output
    assert b == pytest.approx(article_run.b.min(), abs=1e-12)
    line_at_centre = float(printed(rf"line at x = [\d.]+: {NUMBER}", output)[0])
    assert line_at_centre == pytest.approx(y.mean(), abs=0.05)  # through the data's centre


def test_fit_answers(article_run) -> None:
    x, y = article_data()
    twice, fall = answers(FIT)
    before, after = gap_at(article_run, 11_000), gap_at(article_run, 12_000)
    factor = after / before
    longer = gradient_descent(x, y, n_epochs=24_000)
    assert_states(
        twice,
        [
            11_000,
            12_000,
            before,
            after,
            factor,
            1_000,
            after,
            factor**12,
            after * factor**12,
            gap_at(longer, 24_000),
        ],
    )
    assert after * factor**12 == pytest.approx(gap_at(longer, 24_000), rel=0.01)
    flat = gradient_descent(x, y, w=0.0, b=8.0, n_epochs=12_000)
    assert np.all(np.diff(flat.b) < 0)  # "never climbing"
    assert_states(fall, [8, flat.final.b, 12_000, flat.at(100).w, 100, least_squares(x, y)[0], 0])


# -- The slices, the contour map, the surface -------------------------------------------------

SLICES = "foundations/plot_04_slices.py"
CONTOUR = "foundations/plot_05_contour.py"
SURFACE = "foundations/plot_06_surface.py"


def test_later_foundations_pages_keep_to_calculus() -> None:
    for page in (SLICES, CONTOUR, SURFACE, FIT, LOOP):
        text = source(page).lower()
        for word in ("eigen", "hessian", "positive definite", "convex", "condition number"):
            assert word not in text, (page, word)


def test_slices_print_the_second_derivatives_by_finite_differences(run_page) -> None:
    names, _ = run_page(SLICES)
    x, y = article_data()
    h = 1e-2  # J is quadratic: the second difference is exact up to rounding
    along_w = (cost(x, y, 3 + h, -1) - 2 * cost(x, y, 3, -1) + cost(x, y, 3 - h, -1)) / h**2
    along_b = (cost(x, y, 3, -1 + h) - 2 * cost(x, y, 3, -1) + cost(x, y, 3, -1 - h)) / h**2
    assert names["d2J_dw2"] == pytest.approx(along_w, rel=1e-6)
    assert names["d2J_db2"] == pytest.approx(along_b, rel=1e-6)


def test_slices_answers(article_run) -> None:
    x, y = article_data()
    longest, wider = answers(SLICES)
    start = 3 * x - 1 - y
    end = article_run.final.w * x + article_run.final.b - y
    assert np.argmax(np.abs(start)) == 5
    assert np.argmax(np.abs(end)) == 1
    assert start[5] > 0  # the line passes above
    assert end[1] > 0  # the line passes above: the point lies under it
    assert_states(longest, [x[5], start[5], x[1], end[1], x[5], end[5]])
    assert_states(wider, [2 * np.mean((2 * x) ** 2), 2 * np.mean(x**2), 2])


def test_contour_steps_shrink_about_a_hundredfold(run_page) -> None:
    names, _ = run_page(CONTOUR)
    step = names["step"]
    assert 50 < step[0] / step[100] < 300
    assert 50 < step[0] / step[1_000] < 300


def test_contour_answers(article_run) -> None:
    x, y = article_data()
    first, zigzag, past = answers(CONTOUR)
    dJ_dw, dJ_db = gdexplain.gradient(x, y, 3.0, -1.0)
    w_star, b_star = least_squares(x, y)
    assert_states(first, [dJ_dw, dJ_db, dJ_dw / dJ_db, -2, 2])
    assert (w_star, b_star) == pytest.approx((-2, 2))

    def distance(state: gdexplain.State) -> float:
        return float(np.hypot(state.w - w_star, state.b - b_star))

    fast = gradient_descent(x, y, learning_rate=0.04, n_epochs=300)
    assert distance(fast.final) < distance(article_run.final)
    assert_states(zigzag, [distance(fast.final), distance(article_run.final), 12_000 / 300])
    with pytest.raises(gdexplain.DivergenceError):
        gradient_descent(x, y, learning_rate=0.045)
    assert_states(past, [0.045, gdexplain.stability_limit(x)])


def test_surface_answers(article_run) -> None:
    x, y = article_data()
    level, finished = answers(SURFACE)
    early, late = article_run.at(1_000), article_run.final
    assert_states(level, [early.cost - late.cost, late.w - early.w, late.b - early.b])
    w_star, b_star = least_squares(x, y)
    lowest = np.mean((w_star * x + b_star - y) ** 2)
    epoch = int(np.argmax(article_run.cost <= 1.001 * lowest))
    state = article_run.at(epoch)
    assert_states(finished, [epoch, state.b, b_star - state.b, b_star])


# -- Every page of this module: short cells, the palette by name, exercises --------------------

OWN_PAGES = (DERIVATION, LOOP, FIT, SLICES, CONTOUR, SURFACE, CURVATURE)
LONGEST_CELL = 30  # code lines, comments and blank lines aside


def code_cells(page: str) -> list[list[str]]:
    cells = re.split(r"^# %%.*$", source(page), flags=re.MULTILINE)[1:]
    return [
        [line for line in cell.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        for cell in cells
    ]


@pytest.mark.parametrize("lesson", [*OWN_PAGES, "appendix/plot_01_article_method.py"])
def test_page_cells_are_short_and_use_the_palette_by_name(lesson: str) -> None:
    longest = max(len(cell) for cell in code_cells(lesson))
    assert longest <= LONGEST_CELL, (lesson, longest)
    assert not re.search(r"['\"]#[0-9a-fA-F]{3,8}['\"]", source(lesson)), lesson


@pytest.mark.parametrize("lesson", OWN_PAGES)
def test_lesson_ends_with_two_to_four_exercises_with_hidden_answers(lesson: str) -> None:
    text = source(lesson)
    assert "# Exercises\n# ---------" in text, lesson
    assert 2 <= len(answers(lesson)) <= 4, lesson
    assert text.count("# .. dropdown:: Answer") == len(answers(lesson))
