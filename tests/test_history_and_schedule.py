"""The history's look-ups and the frame schedule."""

from __future__ import annotations

import numpy as np
import pytest

from gdexplain import History, article_data, frame_schedule, gradient_descent


@pytest.fixture(scope="module")
def history() -> History:
    return gradient_descent(*article_data(), n_epochs=200)


def test_article_schedule_is_exactly_its_120_epochs() -> None:
    expected = [*range(50), *range(50, 100, 5), *range(100, 12_000, 200)]
    assert frame_schedule().tolist() == expected
    assert len(expected) == 120


def test_schedule_stops_below_a_short_run_unless_endpoint() -> None:
    assert frame_schedule(20).tolist() == list(range(20))
    assert frame_schedule(60, endpoint=True).tolist() == [*range(50), 50, 55, 60]


def test_custom_breakpoints_and_steps() -> None:
    frames = frame_schedule(1000, breakpoints=[10, 100], steps=[2, 30, 300])
    assert frames.tolist() == [0, 2, 4, 6, 8, 10, 40, 70, 100, 400, 700]


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"n_epochs": 0}, ValueError, "n_epochs must be at least 1"),
        ({"steps": (1, 0, 5)}, ValueError, "each step must be at least 1"),
        ({"steps": (1, 5)}, ValueError, "one more step than breakpoints"),
        ({"breakpoints": (100, 50)}, ValueError, "breakpoints must increase"),
        ({"breakpoints": (50.5, 100)}, TypeError, "each breakpoint must be an integer"),
    ],
)
def test_bad_schedules_raise_a_clear_error(arguments, error, message) -> None:
    with pytest.raises(error, match=message):
        frame_schedule(**arguments)


def test_lookups_of_recorded_epochs(history) -> None:
    assert history.indices_of([0, 5, 200]).tolist() == [0, 5, 200]
    state = history.at(5)
    assert (state.w, state.b, state.cost) == (history.w[5], history.b[5], history.cost[5])


def test_a_schedule_outside_the_trained_epochs_is_refused(history) -> None:
    with pytest.raises(ValueError, match=r"epoch 300 was not recorded.*0 to 200"):
        history.indices_of(frame_schedule(300, endpoint=True))
    with pytest.raises(ValueError, match="epoch -1 was not recorded"):
        history.at(-1)


def test_predictions_and_residuals_use_the_line_at_that_epoch(history) -> None:
    state = history.at(10)
    np.testing.assert_allclose(history.predict([0.0, 1.0], epoch=10), [state.b, state.w + state.b])
    np.testing.assert_allclose(history.residuals(10), history.y - (state.w * history.x + state.b))
    np.testing.assert_allclose(history.residuals(), history.y - history.predict(history.x))


def test_mismatched_arrays_cannot_make_a_history() -> None:
    x, y = article_data()
    with pytest.raises(ValueError, match="share one non-zero length"):
        History(x, y, np.arange(3), *(np.zeros(2) for _ in range(5)))


def test_a_history_must_be_finite_and_its_data_paired() -> None:
    x, y = article_data()
    fields = {name: np.zeros(3) for name in ("w", "b", "cost", "dJ_dw", "dJ_db")}
    with pytest.raises(ValueError, match="same length"):
        History(x, y[:4], np.arange(3), **fields)
    with pytest.raises(ValueError, match="cost must be finite"):
        History(x, y, np.arange(3), **{**fields, "cost": np.array([1.0, np.nan, 0.0])})
