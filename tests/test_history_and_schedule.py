"""The history's look-ups and the frame schedule."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest

from gdexplain import History, article_data, frame_schedule, gradient_descent


@pytest.fixture(scope="module")
def history() -> History:
    return gradient_descent(*article_data(), n_epochs=200)


def test_article_schedule_is_exactly_its_120_epochs() -> None:
    # The article's frames (published): every epoch to 49, every 5th to 95, every 200th on.
    expected = [*range(50), *range(50, 100, 5), *range(100, 12_000, 200)]
    assert frame_schedule().tolist() == expected


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
    np.testing.assert_allclose(history.residuals(10), (state.w * history.x + state.b) - history.y)
    np.testing.assert_allclose(history.residuals(), history.predict(history.x) - history.y)


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


def recorded_fields(m: int = 3) -> dict[str, np.ndarray]:
    return {name: np.linspace(1.0, 2.0, m) for name in ("w", "b", "cost", "dJ_dw", "dJ_db")}


def test_equal_histories_compare_equal_and_hash_alike() -> None:
    first = gradient_descent(*article_data(), n_epochs=20)
    second = gradient_descent(*article_data(), n_epochs=20)
    assert first == second
    assert hash(first) == hash(second)
    assert len({first, second}) == 1


def test_histories_differing_in_any_array_or_label_are_unequal(history) -> None:
    x, y = article_data()
    fields = {name: getattr(history, name) for name in ("epoch", "w", "b", "cost", "dJ_dw")}
    fields["dJ_db"] = history.dJ_db
    same = History(x, y, **fields, label=history.label)
    assert same == history
    nudged_b = history.b.copy()
    nudged_b[-1] += 1e-12
    assert History(x, y, **{**fields, "b": nudged_b}, label=history.label) != history
    assert History(x, y, **fields, label="another") != history
    assert History(x + 1.0, y, **fields, label=history.label) != history
    assert gradient_descent(x, y, n_epochs=199) != history
    assert history != "a string"


def test_negative_zero_equals_zero_also_as_a_key() -> None:
    x, y = article_data()
    zeros = recorded_fields()
    zeros["w"] = np.zeros(3)
    negative = {**zeros, "w": -np.zeros(3)}
    first, second = History(x, y, np.arange(3), **zeros), History(x, y, np.arange(3), **negative)
    assert first == second
    assert len({first, second}) == 1
    assert {first: "run"}[second] == "run"


@pytest.mark.parametrize(
    "epochs", [np.arange(3.0), [0.0, 1.5, 2.0], np.array([True, False, True])]
)
def test_non_integer_epochs_are_refused(epochs) -> None:
    with pytest.raises(TypeError, match="epoch must hold integers"):
        History(*article_data(), epochs, **recorded_fields())


def test_negative_epochs_are_refused() -> None:
    with pytest.raises(ValueError, match="epochs must not be negative"):
        History(*article_data(), np.arange(-1, 2), **recorded_fields())


@pytest.mark.parametrize("name", ["w", "b", "cost", "dJ_dw", "dJ_db"])
def test_two_dimensional_arrays_are_refused(name) -> None:
    fields = {**recorded_fields(), name: np.zeros((3, 1))}
    with pytest.raises(ValueError, match=rf"{name} must be one-dimensional, got shape \(3, 1\)"):
        History(*article_data(), np.arange(3), **fields)


def test_two_dimensional_epochs_are_refused() -> None:
    with pytest.raises(ValueError, match="epoch must be one-dimensional"):
        History(*article_data(), np.arange(3)[:, None], **recorded_fields())


@pytest.mark.parametrize(
    ("settings", "error", "message"),
    [
        ({"label": 3}, TypeError, "label must be a string"),
        ({"diverged": 1.0}, TypeError, "diverged must be an integer epoch or None"),
        ({"diverged": 1}, ValueError, "diverged must be at or after the last recorded epoch 2"),
        ({"updates_per_epoch": 0}, ValueError, "updates_per_epoch must be a positive integer"),
        ({"updates_per_epoch": 2.0}, ValueError, "updates_per_epoch must be a positive integer"),
    ],
)
def test_bad_settings_are_refused(settings, error, message) -> None:
    with pytest.raises(error, match=message):
        History(*article_data(), np.arange(3), **recorded_fields(), **settings)


def assert_read_only(history: History) -> None:
    """Every array refuses writes, also after a user asks NumPy to make it writable."""
    for name in ("x", "y", "epoch", "w", "b", "cost", "dJ_dw", "dJ_db"):
        array = getattr(history, name)
        with contextlib.suppress(ValueError):
            array.setflags(write=True)
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 0
        with pytest.raises(ValueError, match="read-only"):
            array[1:] += 1


def test_arrays_stay_read_only_even_when_asked_to_be_writable(history) -> None:
    assert_read_only(history)


def test_a_pickle_round_trip_keeps_the_history_equal_and_read_only(history) -> None:
    import copy
    import pickle

    restored = pickle.loads(pickle.dumps(history))
    assert restored == history
    for copied in (restored, copy.deepcopy(history), copy.copy(history)):
        assert_read_only(copied)


def test_the_history_does_not_share_memory_with_its_inputs() -> None:
    x, y = article_data()
    fields = recorded_fields()
    made = History(x, y, np.arange(3), **fields)
    fields["w"][0] = 99.0
    x[0] = 99.0
    assert made.w[0] == 1.0
    assert made.x[0] == 1.0


def test_epochs_elapsed_divides_updates_into_passes() -> None:
    made = History(*article_data(), np.arange(4), **recorded_fields(4), updates_per_epoch=3)
    assert made.epochs_elapsed.tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])


def test_distance_to_minimum_is_measured_from_least_squares(history) -> None:
    expected = np.hypot(history.w + 2.0, history.b - 2.0)
    np.testing.assert_allclose(history.distance_to_minimum(), expected, rtol=1e-14)
