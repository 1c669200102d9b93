"""The article's celluloid method: one snapshot per scheduled frame, savable to MP4."""

from __future__ import annotations

from pathlib import Path

import imageio_ffmpeg
import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.animation import ArtistAnimation, FFMpegWriter, PillowWriter
from matplotlib.text import Text

from gdexplain import History, article_data, frame_schedule, gradient_descent
from gdexplain.animation.article_method import KINDS, snapshot_animation

EPOCHS = [0, 1, 5, 20, 60]


@pytest.fixture(scope="module")
def history() -> History:
    return gradient_descent(*article_data(), n_epochs=60)


def frames_of(animation: ArtistAnimation) -> list[list[object]]:
    """The snapshots, one list of artists per frame."""
    return list(animation.new_frame_seq())


def render_gif(animation: ArtistAnimation, path: Path) -> None:
    # Every animation is rendered: matplotlib warns about one deleted unrendered.
    animation.save(path, writer=PillowWriter(fps=15), dpi=10)


@pytest.mark.parametrize("kind", KINDS)
def test_one_snapshot_per_scheduled_epoch(history: History, kind: str, tmp_path: Path) -> None:
    animation = snapshot_animation(history, kind, epochs=EPOCHS, dpi=20)
    assert len(frames_of(animation)) == len(EPOCHS)
    render_gif(animation, tmp_path / f"{kind}.gif")


def test_default_frames_follow_the_schedule_over_the_whole_run(tmp_path: Path) -> None:
    # 12,000 epochs would give the article's 120 frames, each a full redraw when
    # rendered; a 12-epoch run gives 12 frames of the same schedule, quickly.
    history = gradient_descent(*article_data(), n_epochs=12)
    animation = snapshot_animation(history, "fit", dpi=10)
    epochs = frame_schedule(12)
    assert len(frames_of(animation)) == len(epochs) == 12
    last_texts = [a.get_text() for a in frames_of(animation)[-1] if isinstance(a, Text)]
    assert f" {epochs[-1]:,}" in last_texts
    render_gif(animation, tmp_path / "fit.gif")


@pytest.mark.parametrize("kind", ["fit", "slices"])
def test_each_snapshot_shows_its_own_epoch_and_numbers_as_text(
    history: History, kind: str, tmp_path: Path
) -> None:
    animation = snapshot_animation(history, kind, epochs=EPOCHS, dpi=20)
    for epoch, artists in zip(EPOCHS, frames_of(animation), strict=True):
        texts = [a.get_text() for a in artists if isinstance(a, Text)]
        state = history.at(epoch)
        assert {"epoch", "$J$ =", "$w$ =", "$b$ ="} <= set(texts)
        assert f" {epoch:,}" in texts
        assert f" {state.w:#.5g}" in texts
        assert f" {state.cost:#.5g}" in texts
    render_gif(animation, tmp_path / "fit.gif")


def test_axes_are_made_once_not_per_frame(history: History, tmp_path: Path) -> None:
    # The article's add_subplot inside the loop piles up axes on current matplotlib.
    short = snapshot_animation(history, "fit", epochs=EPOCHS[:2], dpi=20)
    long = snapshot_animation(history, "fit", epochs=EPOCHS, dpi=20)
    assert len(short._fig.axes) == len(long._fig.axes) == 5  # status, fit, w, b, J
    render_gif(short, tmp_path / "short.gif")
    render_gif(long, tmp_path / "long.gif")


def test_no_pyplot_figure_is_left_behind(history: History, tmp_path: Path) -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    animation = snapshot_animation(history, "fit", epochs=EPOCHS, dpi=20)
    assert plt.get_fignums() == before
    render_gif(animation, tmp_path / "fit.gif")


def test_the_line_in_each_snapshot_is_the_historys(history: History, tmp_path: Path) -> None:
    animation = snapshot_animation(history, "fit", epochs=EPOCHS, dpi=20)
    for epoch, artists in zip(EPOCHS, frames_of(animation), strict=True):
        (line,) = [a for a in artists if a.get_label() == r"$\hat y = w x + b$"]
        xs, ys = line.get_data()
        np.testing.assert_allclose(ys, history.predict(xs, epoch))
    render_gif(animation, tmp_path / "fit.gif")


def test_saves_to_mp4_with_imageio_ffmpeg(history: History, tmp_path: Path) -> None:
    animation = snapshot_animation(history, "slices", epochs=EPOCHS, fps=10, dpi=25)
    path = tmp_path / "slices.mp4"
    with mpl.rc_context({"animation.ffmpeg_path": imageio_ffmpeg.get_ffmpeg_exe()}):
        animation.save(path, writer=FFMpegWriter(fps=10))
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert frames == len(EPOCHS)
    assert seconds == pytest.approx(len(EPOCHS) / 10, abs=0.11)
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    reader.close()
    assert meta["size"] == (250, 174)  # 10 x 7 inches at 25 dpi, trimmed to even for H.264


def test_unknown_kind_and_bad_numbers_are_refused(history: History) -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        snapshot_animation(history, "spiral")
    with pytest.raises(ValueError, match="fps"):
        snapshot_animation(history, "fit", fps=0)
    with pytest.raises(ValueError, match="epoch 61 was not recorded"):
        snapshot_animation(history, "fit", epochs=[0, 61])
