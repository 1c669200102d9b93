"""The animations: frames follow the history, files decode, failures leave nothing behind.

Short runs, few frames and a low dpi keep the whole file fast; nothing here is timed.
"""

from __future__ import annotations

import base64
import io
import itertools
import os
import re
import stat
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import imageio_ffmpeg
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.animation import FuncAnimation
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from mpl_toolkits.mplot3d import proj3d
from numpy.testing import assert_allclose
from PIL import Image

import gdexplain
from gdexplain import History, article_data, frame_schedule, gradient_descent, predict
from gdexplain.animation import ANIMATIONS, DescentAnimation, _writers, style
from gdexplain.animation._landscape import Landscape
from gdexplain.animation._panels import FIGURE_SPACE, line_span
from gdexplain.animation._timeline import CURVE_POINTS
from gdexplain.animation.kinds import KINDS as KINDS_REGISTRY
from gdexplain.animation.kinds import NAMES

#: The kinds that draw a run with one feature: every one but those drawn for several
#: (tests/test_animation_features.py tests those, and every kind on two features).
KINDS = tuple(kind.name for kind in KINDS_REGISTRY if kind.takes(1))
ROOT = Path(__file__).resolve().parents[1]
EPOCHS = [0, 1, 2, 5, 10, 30, 60]
DPI = 30  # 300 pixels wide: enough to decode and compare, quick to draw
FPS = 10


@pytest.fixture(scope="module")
def history() -> History:
    return gradient_descent(*article_data(), n_epochs=60)


@pytest.fixture(scope="module", params=KINDS)
def animation(request: pytest.FixtureRequest, history: History) -> DescentAnimation:
    return ANIMATIONS[request.param](history, epochs=EPOCHS, fps=FPS, dpi=DPI)


pytestmark = pytest.mark.usefixtures("no_figure_left_open")


def fresh(kind: str, history: History, **options: object) -> DescentAnimation:
    """A new animation for tests that break or patch it."""
    return ANIMATIONS[kind](history, **{"epochs": EPOCHS, "fps": FPS, "dpi": DPI, **options})


def lines_in(artists: list, axes: Axes) -> list[Line2D]:
    return [artist for artist in artists if isinstance(artist, Line2D) and artist.axes is axes]


def axes_labelled(animation: DescentAnimation, label: str) -> Axes:
    (ax,) = [ax for ax in animation.figure.axes if label in (ax.get_xlabel(), ax.get_ylabel())]
    return ax


def status_text(artists: list) -> str:
    """The on-frame status line, with its padding spaces made plain."""
    (text,) = [a for a in artists if isinstance(a, Text) and a.get_gid() == "status"]
    return text.get_text().replace(FIGURE_SPACE, " ")


def status(artists: list) -> dict[str, float]:
    """The numbers of the status line, by name, e.g. ``{"epoch": 10, "J": 231.0, ...}``."""
    found = re.fullmatch(
        r"\s*epoch +([\d,]+) +J = +(\S+) +w = +(\S+) +b = +(\S+)", status_text(artists)
    )
    assert found is not None, status_text(artists)
    numbers = dict(zip(["epoch", "J", "w", "b"], found.groups(), strict=True))
    return {name: float(text.replace(",", "")) for name, text in numbers.items()}


def mp4_frames(path: Path) -> tuple[int, tuple[int, int]]:
    """Frame count and (width, height) of a video, after ffmpeg decodes every frame."""
    decoded = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path), "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    size = re.search(r"Video: .*?, (\d+)x(\d+)[ ,]", decoded.stderr)
    assert size is not None, decoded.stderr
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(path))
    return frames, (int(size[1]), int(size[2]))


RGB24_TO_STDOUT = ("-f", "rawvideo", "-pix_fmt", "rgb24", "-")


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# --- frames and what they show --------------------------------------------------------------


def test_animations_are_the_registry_kinds_and_top_level_names_are_the_same_objects() -> None:
    assert list(ANIMATIONS) == list(NAMES)
    for kind in KINDS_REGISTRY:
        assert ANIMATIONS[kind.name] is getattr(gdexplain, kind.function_name)
    assert gdexplain.DescentAnimation is DescentAnimation


def test_importing_the_package_and_registry_loads_no_matplotlib_and_never_celluloid() -> None:
    script = """
import sys
import gdexplain, gdexplain.animation, gdexplain.animation.kinds
assert "matplotlib" not in sys.modules, "matplotlib imported"
gdexplain.animation.ANIMATIONS
assert "matplotlib" in sys.modules
assert "celluloid" not in sys.modules, "celluloid imported"
"""
    subprocess.run(
        [sys.executable, "-c", script], check=True, env=os.environ | {"PYTHONPATH": str(ROOT)}
    )


def test_frames_are_the_requested_epochs(animation: DescentAnimation, history: History) -> None:
    assert len(animation) == len(EPOCHS)
    assert animation.epochs.tolist() == EPOCHS
    assert animation.final_state == history.at(EPOCHS[-1])
    assert (animation.fps, animation.dpi) == (FPS, DPI)


@pytest.mark.parametrize("kind", KINDS)
def test_default_frames_follow_the_schedule_of_the_whole_run(kind: str, history: History) -> None:
    animation = ANIMATIONS[kind](history, dpi=DPI)
    assert animation.epochs.tolist() == frame_schedule(60, endpoint=True).tolist()
    assert animation.final_state == history.final  # the video ends where the run does
    assert animation.fps == 15


def sparse(history: History, epochs: list[int]) -> History:
    """``history`` as if it had recorded only ``epochs``, e.g. every tenth."""
    index = history.indices_of(epochs)
    arrays = ("epoch", "w", "b", "cost", "dJ_dw", "dJ_db")
    return History(
        history.x, history.y, **{name: getattr(history, name)[index] for name in arrays}
    )


@pytest.mark.parametrize("kind", KINDS)
def test_default_frames_of_a_sparse_history_are_its_scheduled_recorded_epochs(
    kind: str,
) -> None:
    history = sparse(gradient_descent(*article_data(), n_epochs=100), list(range(0, 101, 10)))
    animation = ANIMATIONS[kind](history, dpi=DPI)
    # The schedule over 100 epochs is 0..49, 50..95 by 5, and 100: the recorded ones are kept.
    assert animation.epochs.tolist() == list(range(0, 101, 10))
    assert animation.final_state == history.at(100)


def test_default_frames_are_every_recorded_epoch_when_the_schedule_keeps_fewer_than_two() -> None:
    history = sparse(gradient_descent(*article_data(), n_epochs=103), [0, 51, 103])
    history = History(
        history.x,
        history.y,
        **{
            name: getattr(history, name)[1:]
            for name in ("epoch", "w", "b", "cost", "dJ_dw", "dJ_db")
        },
    )  # recorded from epoch 51 on: the schedule keeps only its last epoch
    assert np.intersect1d(frame_schedule(103, endpoint=True), [51, 103]).tolist() == [103]
    assert gdexplain.animate_fit(history, dpi=DPI).epochs.tolist() == [51, 103]


def test_article_run_gives_the_article_120_frames_and_the_last_epoch_at_15_fps() -> None:
    history = gradient_descent(*article_data(), n_epochs=12_000)
    animation = gdexplain.animate_fit(history, dpi=DPI)
    assert len(animation) == 121
    assert animation.epochs[[0, 49, 50, 59, 60, -2, -1]].tolist() == [
        0,
        49,
        50,
        95,
        100,
        11_900,
        12_000,
    ]
    assert animation.final_state == history.at(12_000)
    assert len(animation) / animation.fps == pytest.approx(8.0, abs=0.1)


def test_each_frame_prints_epoch_cost_and_parameters_of_its_epoch(
    animation: DescentAnimation, history: History
) -> None:
    for i, epoch in enumerate(EPOCHS):
        state = history.at(epoch)
        shown = status(animation.draw_frame(i))
        assert shown["epoch"] == epoch
        # Five significant digits of the largest value shown (J up to 472.50: 2 decimals).
        assert shown["J"] == pytest.approx(state.cost, abs=0.005)
        assert shown["w"] == pytest.approx(state.w, rel=1e-4, abs=1e-4)
        assert shown["b"] == pytest.approx(state.b, rel=1e-4, abs=1e-4)


def test_a_stochastic_run_counts_updates_not_epochs() -> None:
    """Its history records every update: the status line and epoch axes say "update"."""
    x, y = article_data()
    run = gdexplain.stochastic_descent(x, y, learning_rate=0.001, batch_size=2, n_epochs=30)
    batch = gradient_descent(x, y, n_epochs=90)
    for history, unit in [(run, "update"), (batch, "epoch")]:
        animation = gdexplain.animate_fit(history, dpi=20)
        assert status_text(animation.draw_frame(-1)).split()[:2] == [unit, "90"]
        labels = {ax.get_xlabel() for ax in animation.figure.axes[:3]}  # w, b, J vs epoch
        assert labels == {unit}


def test_negative_frame_counts_from_the_end_and_out_of_range_raises(
    animation: DescentAnimation,
) -> None:
    assert status(animation.draw_frame(-1))["epoch"] == EPOCHS[-1]
    assert status(animation.draw_frame(-len(EPOCHS)))["epoch"] == EPOCHS[0]
    with pytest.raises(IndexError):
        animation.draw_frame(len(EPOCHS))


def test_every_kind_draws_the_current_line_and_residuals_of_its_epoch(
    animation: DescentAnimation, history: History
) -> None:
    fit_ax = axes_labelled(animation, style.LABELS["y"])
    for i, epoch in enumerate(EPOCHS):
        state = history.at(epoch)
        lines = {line.get_label(): line for line in lines_in(animation.draw_frame(i), fit_ax)}
        line = lines[r"$\hat y = w x + b$"]
        assert_allclose(line.get_ydata(), predict(line.get_xdata(), state.w, state.b))
        if "residual $y - \\hat y$" in lines:
            x, y = (
                np.asarray(v).reshape(-1, 3) for v in lines["residual $y - \\hat y$"].get_data()
            )
            assert_allclose(x[:, 0], history.x)
            assert_allclose(y[:, 0], history.y)
            assert_allclose(y[:, 1], predict(history.x, state.w, state.b))


@pytest.mark.parametrize("quantity", ["w", "b", "cost"])
def test_fit_epoch_panels_grow_up_to_the_current_epoch(history: History, quantity: str) -> None:
    animation = fresh("fit", history)
    label = {"w": "$w$", "b": "$b$", "cost": "$J - J^*$"}[quantity]
    ax = axes_labelled(animation, label)
    values = getattr(history, quantity)
    if quantity == "cost":  # drawn as its height above the minimum, on a log axis
        values = values - gdexplain.cost(history.x, history.y, -2.0, 2.0)
        assert ax.get_yscale() == "log"
    for i, epoch in enumerate(EPOCHS):
        curve, point = lines_in(animation.draw_frame(i), ax)
        assert_allclose(curve.get_xdata(), history.epoch[: epoch + 1])
        assert_allclose(curve.get_ydata(), values[: epoch + 1])
        assert_allclose(point.get_data(), [[epoch], [values[epoch]]])


@pytest.fixture(scope="module")
def article_run() -> History:
    return gradient_descent(*article_data(), n_epochs=12_000)


@pytest.mark.parametrize("kind", ["fit", "contour"])
def test_long_runs_grow_thinned_curves_that_end_exactly_at_each_frame(
    kind: str, article_run: History
) -> None:
    """Past CURVE_POINTS epochs the growing curves are thinned, never past the frame."""
    animation = ANIMATIONS[kind](article_run, dpi=DPI)
    ax = axes_labelled(animation, "$w$" if kind == "fit" else style.LABELS["w"])
    most = CURVE_POINTS + len(animation)  # the thinned spacing plus every frame's epoch
    for i in (0, 1, 49, 50, 60, 61, 90, -1):
        epoch = int(animation.epochs[i])
        lines = lines_in(animation.draw_frame(i), ax)
        if kind == "fit":  # w against epoch
            curve, _ = lines
            epochs, values = (np.asarray(v) for v in curve.get_data())
            expected = article_run.w
        else:  # the path of (w, b): each point's epoch found by its exact w
            curve = next(line for line in lines if line.get_label() == "path")
            w, b = (np.asarray(v) for v in curve.get_data())
            epoch_of = {value: k for k, value in enumerate(article_run.w.tolist())}
            epochs = np.array([epoch_of[value] for value in w.tolist()])
            assert_allclose(b, article_run.b[epochs], rtol=0)
            values, expected = w, article_run.w
        assert epochs[0] == 0
        assert epochs[-1] == epoch  # ends at the frame's own epoch...
        assert values[-1] == expected[epoch]  # ...and value, exactly
        assert np.all(np.diff(epochs) > 0)  # in order, so nothing lies past it
        assert_allclose(values, expected[epochs])
        assert len(epochs) <= min(epoch + 1, most)
    assert len(epochs) < article_run.final.epoch // 3  # the last frame's curve is thinned


@pytest.mark.parametrize("parameter", ["w", "b"])
def test_slices_mark_the_current_point_on_the_current_slice(
    history: History, parameter: str
) -> None:
    animation = fresh("slices", history)
    ax = axes_labelled(animation, style.LABELS[parameter])
    for i, epoch in enumerate(EPOCHS):
        state = history.at(epoch)
        lines = {line.get_label(): line for line in lines_in(animation.draw_frame(i), ax)}
        point = lines["current"]
        assert_allclose(point.get_data(), [[getattr(state, parameter)], [state.cost]])
        # The slice passes through the point: J there is the recorded cost.
        (slice_,) = (line for label, line in lines.items() if label.startswith("$J$ at"))
        assert_allclose(
            np.interp(getattr(state, parameter), *slice_.get_data()), state.cost, rtol=1e-3
        )


@pytest.mark.parametrize("kind", ["contour", "surface"])
def test_the_path_grows_to_the_current_point(kind: str, history: History) -> None:
    animation = fresh(kind, history)
    ax = axes_labelled(animation, style.LABELS["w"])
    for i, epoch in enumerate(EPOCHS):
        lines = {line.get_label(): line for line in lines_in(animation.draw_frame(i), ax)}
        path, point = lines["path"], lines["current $(w, b)$"]
        expected = [history.w[: epoch + 1], history.b[: epoch + 1]]
        if kind == "surface":
            expected.append(history.cost[: epoch + 1])
            path_data, point_data = path.get_data_3d(), point.get_data_3d()
        else:
            path_data, point_data = path.get_data(), point.get_data()
        assert_allclose(path_data, expected)
        assert_allclose(point_data, [values[-1:] for values in expected])


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_a_funcanimation_on_a_pyplot_figure_let_go_once_saved(
    kind: str, history: History, tmp_path: Path
) -> None:
    animation = fresh(kind, history)
    assert isinstance(animation, FuncAnimation)
    assert plt.get_fignums() == [animation.figure.number]  # plt.show() would play it
    animation.save(tmp_path / "descent.mp4")
    assert plt.get_fignums() == [], "a loop making many would keep every figure"
    assert mp4_frames(tmp_path / "descent.mp4")[0] == len(EPOCHS)  # still saves after


def test_to_jshtml_holds_every_frame(history: History) -> None:
    page = fresh("fit", history, epochs=[0, 30, 60]).to_jshtml()
    assert page.count("data:image/png;base64,") == 3


def test_save_takes_matplotlibs_arguments_as_sphinx_gallery_passes_them(
    history: History, tmp_path: Path
) -> None:
    animation = fresh("contour", history)
    # Video and thumbnail, as sphinx-gallery's matplotlib_animations saves them.
    animation.save(tmp_path / "video.mp4", writer="ffmpeg", fps=10, dpi=60)
    animation.save(tmp_path / "thumbnail.gif", writer="ffmpeg", dpi=50)
    reader = imageio_ffmpeg.read_frames(str(tmp_path / "video.mp4"))
    meta = next(reader)
    reader.close()
    assert (meta["size"], meta["fps"]) == ((480, 300), 10)
    with Image.open(tmp_path / "thumbnail.gif") as gif:
        assert (gif.n_frames, gif.size) == (len(EPOCHS), (400, 250))
    # What only matplotlib's writers do (a codec of one's own) goes through them.
    animation.save(tmp_path / "own.mp4", writer="ffmpeg", codec="mpeg4", fps=5)
    assert mp4_frames(tmp_path / "own.mp4")[0] == len(EPOCHS)
    assert animation.figure.get_size_inches().tolist() == [style.WIDTH, 5.0]  # size kept


def test_the_tall_layout_stacks_the_panels_with_text_readable_on_a_phone(
    animation: DescentAnimation,
) -> None:
    tall = animation.in_layout("tall")
    assert tall.epochs.tolist() == animation.epochs.tolist()
    width, height = tall.figure.get_size_inches()
    assert height > 1.5 * width
    # Shown across a 390-px phone's column (358 px), the smallest text is 10 px at least.
    sizes = [
        text.get_fontsize()
        for text in tall.figure.findobj(Text)
        if text.get_visible() and text.get_text()
    ]
    assert min(sizes) * tall.dpi / 72 * 358 / (width * tall.dpi) >= 10
    # Stacked: no two panels side by side (a colorbar sits beside its map).
    boxes = [ax.get_position() for ax in tall.figure.axes if ax.get_label() != "<colorbar>"]
    for a, b in itertools.combinations(boxes, 2):
        assert a.y0 >= b.y1 - 1e-9 or b.y0 >= a.y1 - 1e-9, "panels side by side"


def test_a_figure_drawn_on_has_no_other_layout_unless_decorated(history: History) -> None:
    animation = fresh("contour", history)
    map_ax = axes_labelled(animation, style.LABELS["w"])
    map_ax.plot([0, 1], [0, 1])
    with pytest.raises(ValueError, match="drawn on after it was made"):
        animation.in_layout("tall")

    def cross(figure: Figure) -> None:
        (ax,) = [ax for ax in figure.axes if ax.get_xlabel() == style.LABELS["w"]]
        ax.plot([0, 1], [1, 0], label="cross")

    decorated = fresh("contour", history).decorate(cross)
    tall = decorated.in_layout("tall")
    crosses = [line for line in tall.figure.findobj(Line2D) if line.get_label() == "cross"]
    assert [line.get_ydata().tolist() for line in crosses] == [[1, 0]]


# --- nothing is cut off; the current point is visible ----------------------------------------


@pytest.fixture(
    scope="module",
    params=[
        pytest.param(("article", 0.001, 60), id="article"),
        pytest.param(("other", 0.00004, 25), id="other-data"),  # below its limit 4.4e-5,
    ],
)
def any_history(request: pytest.FixtureRequest) -> History:
    name, learning_rate, epochs = request.param
    if name == "article":
        x, y = article_data()
    else:
        generator = np.random.default_rng(7)
        x = generator.uniform(100, 200, size=40)
        y = 0.5 * x - 30 + generator.normal(0, 5, size=40)
    return gradient_descent(x, y, learning_rate=learning_rate, w=0.0, b=0.0, n_epochs=epochs)


@pytest.mark.parametrize("kind", KINDS)
def test_limits_hold_the_data_and_every_state_shown(kind: str, any_history: History) -> None:
    animation = ANIMATIONS[kind](any_history, dpi=DPI)
    index = any_history.indices_of(animation.epochs)
    fit_ax = axes_labelled(animation, style.LABELS["y"])
    fitted = predict(
        any_history.x[None, :], any_history.w[index, None], any_history.b[index, None]
    )
    assert_within(fit_ax.get_xlim(), any_history.x)
    assert_within(fit_ax.get_ylim(), np.concatenate([any_history.y, fitted.ravel()]))
    for ax in animation.figure.axes:
        if ax.get_xlabel() == style.LABELS["w"]:
            assert_within(ax.get_xlim(), any_history.w[index])
        if style.LABELS["b"] in (ax.get_xlabel(), ax.get_ylabel()):
            limits = ax.get_ylim() if ax.get_ylabel() == style.LABELS["b"] else ax.get_xlim()
            assert_within(limits, any_history.b[index])


def test_fit_line_is_drawn_across_the_article_span_to_show_the_intercept(
    history: History,
) -> None:
    """For x in 1..7 the line runs across -3..10, as in the article: it reaches x = 0."""
    animation = fresh("fit", history)
    ax = axes_labelled(animation, style.LABELS["y"])
    (line,) = (
        line for line in lines_in(animation.draw_frame(-1), ax) if "hat y" in line.get_label()
    )
    assert ax.get_xlim() == (-3.0, 10.0)
    assert line.get_xdata().tolist() == [-3.0, 10.0]


@pytest.mark.parametrize(
    ("x", "span"),
    [
        ([1.0, 7.0], (-3.0, 10.0)),  # zero near: included, then widened
        ([-7.0, -1.0], (-10.0, 3.0)),  # the same, mirrored
        ([-2.0, 5.0], (-5.5, 8.5)),  # zero inside the data
        ([3.0, 4.0], (2.5, 4.5)),  # zero three ranges away: left out
        ([100.0, 200.0], (50.0, 250.0)),
        ([5.0, 5.0], (2.5, 7.5)),  # no range: padded by half the value
    ],
)
def test_line_span_includes_zero_only_when_it_is_near_the_data(
    x: list[float], span: tuple[float, float]
) -> None:
    assert line_span(np.array(x)) == span


def assert_within(limits: tuple[float, float], values: np.ndarray) -> None:
    low, high = sorted(limits)
    assert low <= values.min(), (limits, values.min())
    assert values.max() <= high, (limits, values.max())


@pytest.mark.parametrize("kind", ["contour", "surface"])
def test_current_point_is_drawn_on_top_in_every_frame(
    kind: str, history: History, tmp_path: Path
) -> None:
    """The marker's centre pixel has the marker's colour: nothing covers it.

    On the surface this is the check that the path is drawn over the 3D
    surface, not hidden behind it.
    """
    animation = fresh(kind, history, dpi=60)
    ax = axes_labelled(animation, style.LABELS["w"])
    for i, epoch in enumerate(EPOCHS):
        state = history.at(epoch)
        pixels = frame_pixels(animation, i, tmp_path) / 255
        if kind == "surface":
            x, y, _ = proj3d.proj_transform(state.w, state.b, state.cost, ax.get_proj())
        else:
            x, y = state.w, state.b
        column, row = ax.transData.transform((x, y))
        centre = pixels[pixels.shape[0] - round(row), round(column)]
        assert_allclose(centre, to_rgb(style.CURRENT), atol=0.12)


def frame_pixels(animation: DescentAnimation, i: int, folder: Path) -> np.ndarray:
    """Frame ``i``'s RGB pixels as a video shows them (saved as a PNG)."""
    with Image.open(animation.save_frame(i, folder / f"{i}.png")) as image:
        return np.asarray(image.convert("RGB"))


def test_blitted_frame_matches_a_full_redraw(animation: DescentAnimation, tmp_path: Path) -> None:
    """Blitting draws the same picture as drawing everything: background kept, nothing stale."""
    for i in (3, 1):  # backwards: what frame 3 drew must not linger in frame 1
        blitted = frame_pixels(animation, i, tmp_path)
        animation.draw_frame(i)
        buffer = io.BytesIO()
        animation.figure.savefig(buffer, format="rgba", dpi=animation.dpi)
        redrawn = np.frombuffer(buffer.getvalue(), np.uint8).reshape((*blitted.shape[:2], 4))
        redrawn = redrawn[..., :3]
        differs = np.abs(blitted.astype(int) - redrawn).max(axis=-1) > 64
        # Only where a moving artist crosses a static one may the stacking order
        # differ: measured 0 to 6 pixels at this dpi. Drawing the next frame
        # instead differs in 390 to 1,110 pixels; not restoring the background
        # (the previous frame lingering) in 240 to 610. The gradient's arrows
        # cross the most static lines: 34 measured.
        crossings = 60 if "'gradient'" in repr(animation) else 30
        assert differs.sum() < crossings, differs.sum()


# --- files ------------------------------------------------------------------------------------


def test_mp4_decodes_with_every_frame_at_the_figure_size(
    animation: DescentAnimation, tmp_path: Path
) -> None:
    path = animation.save(tmp_path / "descent.mp4")
    assert path == tmp_path / "descent.mp4"
    count, size = mp4_frames(path)
    width, height = animation.figure.canvas.get_width_height(physical=True)
    assert count == len(EPOCHS)
    assert size == (width, height)
    assert (width % 2, height % 2) == (0, 0)
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert (frames, seconds) == (len(EPOCHS), pytest.approx(len(EPOCHS) / FPS, abs=0.05))
    assert files_in(tmp_path) == ["descent.mp4"]


def test_mp4_frames_are_the_drawn_frames_in_order(
    animation: DescentAnimation, tmp_path: Path
) -> None:
    path = animation.save(tmp_path / "descent.mp4")
    checked = [0, 3, len(animation) - 1]  # first, middle, last: each drawing a PNG
    drawn = np.stack([frame_pixels(animation, i, tmp_path) for i in checked])
    decoded = np.frombuffer(
        subprocess.run(
            [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), *RGB24_TO_STDOUT],
            capture_output=True,
            check=True,
        ).stdout,
        dtype=np.uint8,
    ).reshape((len(animation), *drawn.shape[1:]))
    # Mean error of each drawn frame against each decoded frame, over what is drawn
    # (not the white page, which any encoder gets right).
    ink = (drawn != 255).any(axis=-1)
    error = np.array(
        [
            [np.abs(video.astype(int) - frame.astype(int))[mask].mean() for video in decoded]
            for frame, mask in zip(drawn, ink, strict=True)
        ]
    )
    # Lossy but faithful: 4.6-6.1 of 255 at this small size, most of it on coloured
    # edges (yuv420p halves colour resolution). Red and blue swapped gives 10-64.
    assert error[np.arange(len(checked)), checked].max() < 8, error.round(2)
    # And each drawing is nearest its own frame of the video: the frames are in order.
    assert error.argmin(axis=1).tolist() == checked, error.round(2)


@pytest.mark.parametrize("dpi", [33, 47.5])
def test_odd_pixel_sizes_are_trimmed_to_even(history: History, dpi: float, tmp_path: Path) -> None:
    animation = fresh("contour", history, dpi=dpi)
    width, height = animation.figure.canvas.get_width_height(physical=True)
    assert (width % 2, height % 2) == (0, 0)
    assert mp4_frames(animation.save(tmp_path / "odd.mp4")) == (len(EPOCHS), (width, height))


def test_gif_has_every_frame_at_the_figure_size(
    animation: DescentAnimation, tmp_path: Path
) -> None:
    path = animation.save(tmp_path / "descent.gif")
    with Image.open(path) as gif:
        assert gif.format == "GIF"
        assert gif.n_frames == len(EPOCHS)
        assert gif.size == animation.figure.canvas.get_width_height(physical=True)
        assert gif.info["duration"] == pytest.approx(1000 / FPS, abs=10)


def test_html_page_holds_a_playable_video(history: History, tmp_path: Path) -> None:
    path = fresh("fit", history).save(tmp_path / "descent.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<video" in page
    assert 'poster="data:image/png;base64,' in page
    video = tmp_path / "embedded.mp4"
    video.write_bytes(base64.b64decode(re.search(r"data:video/mp4;base64,([^\"]+)", page)[1]))
    assert mp4_frames(video)[0] == len(EPOCHS)


def test_notebook_display_is_a_video_with_a_data_uri(history: History) -> None:
    tag = fresh("slices", history)._repr_html_()
    assert tag.startswith("<video controls loop muted playsinline")
    assert 'src="data:video/mp4;base64,' in tag
    assert 'poster="data:image/png;base64,' in tag


def test_save_frame_writes_the_frame_as_png(history: History, tmp_path: Path) -> None:
    animation = fresh("surface", history)
    path = animation.save_frame(-1, tmp_path / "last.png")
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == animation.figure.canvas.get_width_height(physical=True)


@pytest.mark.parametrize(("name", "named"), [("frame.jpg", "'.jpg'"), ("frame", "no suffix")])
def test_save_frame_requires_a_png_name(
    history: History, tmp_path: Path, name: str, named: str
) -> None:
    with pytest.raises(ValueError, match=f"must end in .png, got {named}"):
        fresh("fit", history).save_frame(0, tmp_path / name)
    assert files_in(tmp_path) == []


def test_progress_bar_counts_frames(
    history: History, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh("fit", history).save(tmp_path / "descent.mp4", progress=True)
    err = capsys.readouterr().err
    assert "descent.mp4: 100%" in err  # named for the target, not the temp file
    assert f"{len(EPOCHS)}/{len(EPOCHS)}" in err


def test_saving_leaves_the_figure_at_its_last_frame(history: History, tmp_path: Path) -> None:
    animation = fresh("contour", history)
    animation.save(tmp_path / "descent.mp4")
    assert status(animation.draw_frame(-1))["epoch"] == animation.final_state.epoch


# --- bad input and failures ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"epochs": []}, "at least one frame"),
        ({"epochs": [0, 61]}, "epoch 61 was not recorded"),
        ({"epochs": [[0, 1]]}, "one-dimensional"),
        ({"fps": 0}, "fps must be between 0.01 and 100"),
        ({"fps": -5.0}, "fps must be between 0.01 and 100"),
        ({"dpi": 0}, "dpi must be a positive"),
        ({"dpi": float("inf")}, "dpi must be a positive"),
        ({"dpi": 0.5}, "dpi must be at least 20"),
        ({"dpi": 3}, "dpi must be at least 20"),
        ({"dpi": 19.9}, "dpi must be at least 20"),
        # H.264 refuses 16,384 px a side; Agg crashed Python at dpi 7000.
        ({"dpi": 7000}, "at most 8,192 pixels a side"),
        ({"dpi": 3400}, "at most 8,192 pixels a side"),
        ({"layout": "square"}, "layout must be one of 'wide', 'tall'"),
    ],
)
@pytest.mark.parametrize("kind", KINDS)
def test_bad_arguments_raise_value_error(
    kind: str, history: History, options: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        ANIMATIONS[kind](history, **{"epochs": EPOCHS, **options})
    assert plt.get_fignums() == [], "a figure left behind"


@pytest.mark.parametrize("kind", KINDS)
def test_lowest_dpi_draws_a_frame(kind: str, history: History, tmp_path: Path) -> None:
    animation = fresh(kind, history, dpi=20)
    with Image.open(animation.save_frame(-1, tmp_path / "small.png")) as image:
        width = round(20 * style.WIDTH)
        assert image.size == (width, animation.figure.canvas.get_width_height(physical=True)[1])


def test_a_history_is_required(history: History) -> None:
    with pytest.raises(TypeError, match=r"gdexplain\.History"):
        gdexplain.animate_fit((history.x, history.y))


def test_unknown_extension_raises_before_drawing(history: History, tmp_path: Path) -> None:
    animation = fresh("fit", history)
    with pytest.raises(ValueError, match=r"must end in \.mp4, \.gif, \.html"):
        animation.save(tmp_path / "descent.avi")
    assert files_in(tmp_path) == []


def test_missing_folder_raises_before_drawing(history: History, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        fresh("fit", history).save(tmp_path / "missing" / "descent.mp4")


def test_folder_as_target_raises(history: History, tmp_path: Path) -> None:
    (tmp_path / "video.mp4").mkdir()
    with pytest.raises(IsADirectoryError, match="is a folder"):
        fresh("fit", history).save(tmp_path / "video.mp4")


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    """An existing output that a failed render must leave untouched."""
    path = tmp_path / "descent.mp4"
    path.write_bytes(b"the previous, good video")
    return path


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
@pytest.mark.parametrize("suffix", [".mp4", ".gif", ".html"])
def test_failure_mid_render_leaves_no_partial_file(
    history: History,
    tmp_path: Path,
    error: BaseException,
    suffix: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    animation = fresh("fit", history)
    target = tmp_path / f"descent{suffix}"
    target.write_bytes(b"the previous, good file")
    line = animation.draw_frame(0)[0]  # a moving artist, drawn once per frame
    draws = itertools.count()
    draw = line.draw

    def failing(renderer: object) -> None:
        if next(draws) == 4:  # a few frames in
            raise error
        draw(renderer)

    monkeypatch.setattr(line, "draw", failing)
    with pytest.raises(type(error)):
        animation.save(target)
    assert files_in(tmp_path) == [target.name]
    assert target.read_bytes() == b"the previous, good file"


def test_encoder_error_shows_ffmpeg_message_and_leaves_no_file(
    history: History, good_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_writers, "MP4_OPTIONS", ["-c:v", "no-such-codec", "-f", "mp4"])
    with pytest.raises(RuntimeError, match=r"ffmpeg failed .*no-such-codec") as raised:
        fresh("fit", history).save(good_file)
    assert "\n" not in str(raised.value)
    assert files_in(good_file.parent) == [good_file.name]
    assert good_file.read_bytes() == b"the previous, good video"


def test_missing_encoder_names_imageio_ffmpeg(
    history: History, good_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_binary() -> str:
        raise RuntimeError("No ffmpeg exe could be found.")

    monkeypatch.setattr(imageio_ffmpeg, "get_ffmpeg_exe", no_binary)
    with pytest.raises(RuntimeError, match="imageio-ffmpeg"):
        fresh("fit", history).save(good_file)
    assert files_in(good_file.parent) == [good_file.name]


def test_saved_file_has_ordinary_permissions(history: History, tmp_path: Path) -> None:
    path = fresh("fit", history).save(tmp_path / "descent.mp4")
    reference = tmp_path / "reference"
    reference.write_bytes(b"")
    assert path.stat().st_mode == reference.stat().st_mode


@pytest.mark.parametrize("umask", [0o027, 0o077, 0o002])
def test_saved_file_follows_the_umask(history: History, tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        path = fresh("fit", history).save_frame(0, tmp_path / "frame.png")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_a_save_never_sets_the_umask(
    history: History, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_setting(mask: int) -> int:
        raise AssertionError("os.umask changes the mask of every thread")

    monkeypatch.setattr(os, "umask", no_setting)
    fresh("fit", history).save_frame(0, tmp_path / "frame.png")


# --- memory ------------------------------------------------------------------------------------


def test_peak_memory_does_not_grow_with_the_number_of_frames(tmp_path: Path) -> None:
    """Five times the frames: the peak grows by a few frames' worth of pixels at most.

    Holding every frame would add 24 frames' worth; what does grow, a little, is
    matplotlib's bounded caches of text layouts.
    """
    history = gradient_descent(*article_data(), n_epochs=100)

    def peak(frames: int) -> tuple[int, int]:
        animation = gdexplain.animate_contour(history, epochs=range(frames), dpi=40)
        width, height = animation.figure.canvas.get_width_height(physical=True)
        tracemalloc.start()
        try:
            animation.save(tmp_path / f"{frames}.mp4")
            return tracemalloc.get_traced_memory()[1], width * height * 4
        finally:
            tracemalloc.stop()

    peak(3)  # warm caches (fonts, mathtext) once, outside the comparison
    (few, frame_bytes), (many, _) = peak(6), peak(30)
    assert many - few < 5 * frame_bytes, (few, many, frame_bytes)


# --- numbers, big data, threads, several runs -------------------------------------------------


def test_numbers_on_frames_keep_one_number_of_decimals_and_one_width(history: History) -> None:
    """w = 3.0000, then 0.0678, then -0.8377: never 0.067796 beside -0.83772."""
    animation = fresh("fit", history, epochs=list(range(61)))
    lines = [status_text(animation.draw_frame(i)) for i in range(len(animation))]
    decimals = {
        name: {len(re.search(rf"{name} = +(\S+)", line)[1].partition(".")[2]) for line in lines}
        for name in ("J", "w", "b")
    }
    assert decimals == {"J": {2}, "w": {4}, "b": {4}}
    assert len({len(line) for line in lines}) == 1  # padded: nothing shifts


def test_landscape_from_the_quadratic_form_is_the_cost() -> None:
    generator = np.random.default_rng(3)
    x = generator.uniform(-50, 80, 500)
    y = 0.7 * x + 4 + generator.normal(0, 3, 500)
    landscape = Landscape.of(x, y)
    w, b, above = landscape.grid((-3.0, 4.0), (-20.0, 30.0), 25)
    assert_allclose(landscape.minimum + above, gdexplain.cost(x, y, w, b), rtol=1e-9)
    assert (landscape.w_star, landscape.b_star) == gdexplain.least_squares(x, y)


@pytest.mark.parametrize("kind", ["contour", "surface"])
def test_landscapes_refuse_x_all_equal_with_a_clear_error(kind: str) -> None:
    history = gradient_descent([2.0, 2.0, 2.0], [1.0, 2.0, 3.0], n_epochs=5)
    with pytest.raises(ValueError, match="landscape: x has zero variance"):
        ANIMATIONS[kind](history, dpi=DPI)


def test_a_million_points_render_every_kind_quickly_in_bounded_memory(tmp_path: Path) -> None:
    """A million residuals in one path overflowed Agg; the cost grid took 175 s and 2.3 GB."""
    script = f"""
import resource, time
import numpy as np
from gdexplain import gradient_descent
from gdexplain.animation import ANIMATIONS
generator = np.random.default_rng(0)
x = generator.uniform(0, 10, 1_000_000)
y = 2 * x + 1 + generator.normal(0, 1, x.size)
history = gradient_descent(x, y, learning_rate=0.01, n_epochs=4)
start = time.perf_counter()
for kind in {list(KINDS)!r}:
    animate = ANIMATIONS[kind]
    animation = animate(history, epochs=[0, 2, 4], dpi=20)
    labels = [t.get_text() for ax in animation.figure.axes if ax.get_legend()
              for t in ax.get_legend().get_texts()]
    assert "data (2,000 of 1,000,000 shown)" in labels, labels
    animation.save(r"{tmp_path}/" + kind + ".mp4")
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    seconds, peak_mb = map(float, done.stdout.split())
    assert seconds < 60, seconds
    assert peak_mb < 1024, peak_mb
    assert files_in(tmp_path) == [f"{kind}.mp4" for kind in sorted(KINDS)]


def test_saves_from_several_threads_give_the_same_file_as_one(
    history: History, tmp_path: Path
) -> None:
    """One figure draws every frame: unsynchronised, three saves drew each other's frames."""
    animation = fresh("contour", history)
    reference = animation.save(tmp_path / "alone.mp4").read_bytes()
    errors: list[BaseException] = []

    def save(k: int) -> None:
        try:
            animation.save(tmp_path / f"thread-{k}.mp4")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=save, args=(k,)) for k in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for k in range(3):
        assert (tmp_path / f"thread-{k}.mp4").read_bytes() == reference


def test_several_runs_share_one_map_each_labelled_and_a_shorter_one_holds_its_end() -> None:
    x, y = article_data()
    slow = gradient_descent(x, y, learning_rate=0.001, n_epochs=300)
    fast = gradient_descent(x, y, learning_rate=0.04, n_epochs=100)
    animation = gdexplain.animate_contour(slow, fast, epochs=[0, 50, 100, 200, 300], dpi=DPI)
    ax = axes_labelled(animation, style.LABELS["w"])
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend[:2] == [f"1: {slow.label}", f"2: {fast.label}"]
    for i, epoch in enumerate([0, 50, 100, 200, 300]):
        artists = animation.draw_frame(i)
        paths = [line for line in lines_in(artists, ax) if line.get_linestyle() == "-"]
        assert len(paths) == 2
        for path, run in zip(paths, (slow, fast), strict=True):
            shown = run.at(min(epoch, run.final.epoch))  # the fast run holds at epoch 100
            assert path.get_xdata()[-1] == shown.w
            assert path.get_ydata()[-1] == shown.b
        line = status_text(artists)
        assert f"J₁ = {slow.at(epoch).cost:.2f}".replace(" ", "") in line.replace(" ", "")
        assert f"J₂ = {fast.at(min(epoch, 100)).cost:.2f}".replace(" ", "") in line.replace(
            " ", ""
        )


def test_a_batch_and_a_stochastic_run_share_one_axis_in_epochs() -> None:
    """Each frame's epoch shows the stochastic run after that many passes over the data."""
    x, y = article_data()
    batch = gradient_descent(x, y, learning_rate=0.001, n_epochs=30)
    sgd = gdexplain.stochastic_descent(x, y, learning_rate=0.001, batch_size=2, n_epochs=30)
    animation = gdexplain.animate_contour(batch, sgd, epochs=[0, 10, 30], dpi=20)
    passes = len(x) // 2  # updates in an epoch
    for frame, epoch in enumerate([0, 10, 30]):
        shown = status_text(animation.draw_frame(frame)).split()
        assert shown[:2] == ["epoch", str(epoch)]
        costs = [float(value) for value in shown[4::3]]
        expected = [batch.at(epoch).cost, sgd.at(epoch * passes).cost]
        assert costs == pytest.approx(expected, abs=0.01)


def test_runs_on_different_data_are_refused() -> None:
    x, y = article_data()
    one = gradient_descent(x, y, n_epochs=5)
    other = gradient_descent(x, y + 1, n_epochs=5)
    with pytest.raises(ValueError, match="trained on different data"):
        gdexplain.animate_contour(one, other, dpi=DPI)


def diverging_history(n_epochs: int) -> History:
    """Gradient descent above the stability limit, by a loop written here."""
    x, y = article_data()
    w, b, rows = 3.0, -1.0, []
    for _ in range(n_epochs + 1):
        residuals = y - (w * x + b)
        dJ_dw, dJ_db = -2 * np.mean(x * residuals), -2 * np.mean(residuals)
        rows.append((w, b, np.mean(residuals**2), dJ_dw, dJ_db))
        w, b = w - 0.05 * dJ_dw, b - 0.05 * dJ_db
    w_, b_, J_, gw, gb = map(np.array, zip(*rows, strict=True))
    history = History(x, y, np.arange(n_epochs + 1), w_, b_, J_, gw, gb, label="alpha 0.05")
    # As gradient_descent(..., allow_divergence=True) records it: the epoch it stopped.
    object.__setattr__(history, "diverged", n_epochs)
    return history


def test_a_diverged_run_is_drawn_until_it_leaves_the_map_and_its_text_says_so() -> None:
    x, y = article_data()
    steady = gradient_descent(x, y, learning_rate=0.001, n_epochs=40)
    wild = diverging_history(40)
    animation = gdexplain.animate_contour(steady, wild, epochs=[0, 5, 20, 40], dpi=DPI)
    ax = axes_labelled(animation, style.LABELS["w"])
    (low, high), (bottom, top) = ax.get_xlim(), ax.get_ylim()
    assert high < np.abs(wild.w).max()  # the map is not stretched to hold the wild path
    artists = animation.draw_frame(-1)
    _, wild_path = [line for line in lines_in(artists, ax) if line.get_linestyle() == "-"]
    w, b = wild_path.get_data()
    inside = (low <= w) & (w <= high) & (bottom <= b) & (b <= top)
    assert inside[:-1].all()  # drawn while on the map...
    assert not inside[-1]  # ...up to the first point off it
    assert "J₂ = diverged" in " ".join(status_text(artists).split())
    assert "diverged" not in status_text(animation.draw_frame(2))


def test_every_cost_shown_keeps_the_format_of_the_costs_on_screen() -> None:
    """Several runs share one format for J, from the costs their frames show."""
    x, y = article_data()
    wild = diverging_history(40)
    twice = gdexplain.animate_contour(wild, wild, epochs=[0, 5, 10], dpi=DPI)
    alone = gdexplain.animate_fit(wild, epochs=[0, 5, 10], dpi=DPI)
    first_cost = f"{wild.cost[0]:{style.number_format(wild.cost[[0, 5, 10]])}}"
    assert "e+" not in first_cost  # the costs on screen are small enough for decimals
    assert f"J₁ = {first_cost}" in " ".join(status_text(twice.draw_frame(0)).split())
    assert f"J = {first_cost}" in " ".join(status_text(alone.draw_frame(0)).split())
    slow = gradient_descent(x, y, learning_rate=0.001, n_epochs=40)
    fast = gradient_descent(x, y, learning_rate=0.01, n_epochs=40)
    line = status_text(gdexplain.animate_contour(slow, fast, dpi=DPI).draw_frame(-1))
    decimals = {len(value.partition(".")[2]) for value in re.findall(r"J\S = +(\S+)", line)}
    assert len(decimals) == 1, line


def _arrows_on_map(animation: DescentAnimation, frame: int) -> list[np.ndarray]:
    """Each quiver's arrows in frame ``frame``, as (U, V) rows, widest (the sum) first."""
    from matplotlib.quiver import Quiver

    animation.draw_frame(frame)
    quivers = [c for ax in animation.figure.axes for c in ax.collections if isinstance(c, Quiver)]
    quivers.sort(key=lambda quiver: -quiver.width)
    return [np.column_stack([quiver.U, quiver.V]) for quiver in quivers]


@pytest.mark.parametrize(
    "x", [article_data()[0], np.random.default_rng(3).uniform(0, 7, 40)], ids=["6 points", "40"]
)
def test_gradient_arrows_are_the_points_pulls_summing_to_minus_grad_j_longest_at_reach(
    x: np.ndarray,
) -> None:
    from gdexplain.animation.gradient import MAX_PULLS, REACH
    from gdexplain.regression import gradient

    n_points = len(x)
    y = 2 * x - 2 + np.random.default_rng(4).normal(0, 3, n_points)
    history = gradient_descent(x, y, learning_rate=0.01, w=3.0, b=-1.0, n_epochs=50)
    animation = ANIMATIONS["gradient"](history, epochs=[0, 10, 50], dpi=20)
    map_ax = next(ax for ax in animation.figure.axes if ax.collections and ax.get_legend())
    span = np.array([np.ptp(map_ax.get_xlim()), np.ptp(map_ax.get_ylim())])
    for frame, epoch in enumerate([0, 10, 50]):
        state = history.at(epoch)
        total, pulls = _arrows_on_map(animation, frame)
        # The black arrow points along -grad J, computed here independently.
        dj_dw, dj_db = gradient(x, y, state.w, state.b)
        direction = np.array([-dj_dw, -dj_db]) / np.hypot(dj_dw, dj_db)
        assert_allclose(total[0] / np.hypot(*total[0]), direction, rtol=1e-9)
        if n_points <= MAX_PULLS:
            # One pull per point; drawn to the same scale, they add up to the black arrow.
            assert len(pulls) == n_points
            assert_allclose(pulls.sum(axis=0), total[0], rtol=1e-9)
            drawn = np.vstack([total, pulls])
        else:
            assert len(pulls) == 0  # too many points: the pulls are not drawn, nor counted
            drawn = total
        assert np.hypot(*(drawn / span).T).max() == pytest.approx(REACH)
