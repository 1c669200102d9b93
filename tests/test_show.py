"""``gdexplain.show``: saved by a script, displayed in Jupyter, embedded by the docs build."""

from __future__ import annotations

import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import imageio_ffmpeg
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.animation import FuncAnimation
from PIL import Image

from gdexplain import animate_fit, article_data, gradient_descent, show
from gdexplain.animation import DescentAnimation

EPOCHS = [0, 1, 5, 20]


@pytest.fixture
def fit() -> Iterator[DescentAnimation]:
    history = gradient_descent(*article_data(), n_epochs=20)
    animation = animate_fit(history, epochs=EPOCHS, fps=10, dpi=20)
    yield animation
    plt.close(animation.figure)


@pytest.fixture
def in_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def celluloid_like() -> FuncAnimation:
    """A plain matplotlib animation, made with pyplot as celluloid's are."""
    figure, axes = plt.subplots(figsize=(2, 2), dpi=40)
    (line,) = axes.plot([0, 1], [0, 0])

    def update(i: int) -> list:
        line.set_ydata([0, i])
        return [line]

    animation = FuncAnimation(figure, update, frames=3)
    yield animation
    plt.close(figure)


class ImagePaths:
    """Hands out a page's image paths, as sphinx-gallery's ``ImagePathIterator`` does."""

    def __init__(self, template: str) -> None:
        self.template, self.count = template, 0

    def next(self) -> str:
        self.count += 1
        return self.template.format(self.count)


def frames_in(path: Path) -> int:
    return imageio_ffmpeg.count_frames_and_secs(str(path))[0]


def fake_ipython(monkeypatch: pytest.MonkeyPatch, *, kernel: bool) -> list[object]:
    """Pretend the caller runs in IPython (a Jupyter kernel or a terminal); what it displays."""
    displayed: list[object] = []
    shell = types.SimpleNamespace(kernel=object() if kernel else None)
    ipython = types.ModuleType("IPython")
    ipython.get_ipython = lambda: shell  # type: ignore[attr-defined]
    display_module = types.ModuleType("IPython.display")
    display_module.display = displayed.append  # type: ignore[attr-defined]
    html = lambda markup: types.SimpleNamespace(_repr_html_=lambda: markup)
    display_module.HTML = html  # type: ignore[attr-defined]
    ipython.display = display_module  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", display_module)
    return displayed


def test_a_script_saves_the_animation_in_the_current_folder_and_says_where(
    fit: DescentAnimation, in_empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    show(fit, "fit.mp4")
    saved = in_empty_folder / "fit.mp4"
    assert frames_in(saved) == len(EPOCHS)
    kilobytes = round(saved.stat().st_size / 1000)
    assert capsys.readouterr().out == f"saved fit.mp4 ({kilobytes} kB) in {in_empty_folder}\n"


def test_a_script_saves_a_matplotlib_animation_too(
    celluloid_like: FuncAnimation, in_empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    show(celluloid_like, "article.mp4")
    assert frames_in(in_empty_folder / "article.mp4") == 3
    assert capsys.readouterr().out.startswith("saved article.mp4 (")


def test_jupyter_displays_the_video_and_writes_nothing(
    fit: DescentAnimation, in_empty_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    displayed = fake_ipython(monkeypatch, kernel=True)
    show(fit, "fit.mp4")
    assert len(displayed) == 1
    assert "data:video/mp4;base64," in displayed[0]._repr_html_()  # type: ignore[attr-defined]
    assert list(in_empty_folder.iterdir()) == []


def test_jupyter_displays_a_matplotlib_animation_as_video(
    celluloid_like: FuncAnimation, in_empty_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    displayed = fake_ipython(monkeypatch, kernel=True)
    show(celluloid_like, "article.mp4")
    assert "<video" in displayed[0]._repr_html_()  # type: ignore[attr-defined]
    assert list(in_empty_folder.iterdir()) == []


def test_a_terminal_ipython_saves_like_a_script(
    fit: DescentAnimation, in_empty_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    displayed = fake_ipython(monkeypatch, kernel=False)
    show(fit, "fit.mp4")
    assert displayed == []
    assert (in_empty_folder / "fit.mp4").is_file()


def test_an_interactive_backend_plays_it_in_a_window_and_writes_nothing(
    fit: DescentAnimation, in_empty_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[list[int]] = []
    monkeypatch.setattr(plt, "show", lambda: shown.append(plt.get_fignums()))
    # As a window's canvas (TkAgg, QtAgg, ...) declares the GUI framework it needs.
    monkeypatch.setattr(type(fit.figure.canvas), "required_interactive_framework", "tk")
    show(fit, "fit.mp4")
    assert shown == [[fit.figure.number]]
    assert list(in_empty_folder.iterdir()) == []


def test_under_sphinx_gallery_show_writes_nothing_and_leaves_the_figure_open(
    fit: DescentAnimation, in_empty_folder: Path
) -> None:
    # The gallery's runner calls the example's code: show finds it on the stack.
    runner = {"__name__": "sphinx_gallery.gen_rst", "show": show, "fit": fit}
    exec("def execute():\n    show(fit, 'fit.mp4')\n", runner)  # noqa: S102 (a fixed string)
    runner["execute"]()
    assert list(in_empty_folder.iterdir()) == []
    assert fit.figure.number in plt.get_fignums(), "the gallery's scraper needs it open"


@pytest.fixture
def animation_scraper(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """The docs' own sphinx-gallery glue (docs/_ext/, in the repository, not the package)."""
    monkeypatch.syspath_prepend(str(Path(__file__).parents[1] / "docs" / "_ext"))
    return pytest.importorskip("animation_scraper")


def scrape(
    scraper: types.ModuleType, tmp_path: Path, page: str, names: dict[str, object]
) -> tuple[str, Path]:
    """Run the scraper after a code block that bound ``names``, as sphinx-gallery does."""
    images = tmp_path / "src" / "auto_examples" / "images"
    images.mkdir(parents=True, exist_ok=True)
    block_vars = {
        "image_path_iterator": ImagePaths(str(images / f"sphx_glr_{page}_{{0:03}}.png")),
        "example_globals": names,
    }
    rst = scraper.scraper(None, block_vars, {"src_dir": str(tmp_path / "src")})
    return rst, images


def test_the_scraper_embeds_a_named_animation_with_its_phone_video_and_poster(
    fit: DescentAnimation, tmp_path: Path, animation_scraper: types.ModuleType
) -> None:
    rst, images = scrape(animation_scraper, tmp_path, "plot_x", {"fit": fit, "again": fit})
    assert scrape(animation_scraper, tmp_path, "plot_x", {"fit": fit})[0] == "", "twice"
    assert rst.count(".. video::") == 1
    folder = "/auto_examples/images"
    phone, wide = f"{folder}/sphx_glr_plot_x_001_phone.mp4", f"{folder}/sphx_glr_plot_x_001.mp4"
    assert f".. video:: {phone} {wide}\n" in rst  # the phone's first: it has the media query
    assert f":poster: {folder}/sphx_glr_plot_x_001.png" in rst
    assert frames_in(images / "sphx_glr_plot_x_001.mp4") == len(EPOCHS)
    assert frames_in(images / "sphx_glr_plot_x_001_phone.mp4") == len(EPOCHS)
    assert fit.figure.number not in plt.get_fignums(), "a still would show too"
    # The poster is the last frame, pixel for pixel, kept from the save rather than redrawn.
    poster = np.asarray(Image.open(images / "sphx_glr_plot_x_001.png"))
    again = np.asarray(Image.open(fit.save_frame(-1, tmp_path / "last.png")))
    assert poster.shape == again.shape
    assert np.array_equal(poster, again)


def test_an_animation_embedded_before_is_not_embedded_again_with_a_new_figure(
    fit: DescentAnimation, tmp_path: Path, animation_scraper: types.ModuleType
) -> None:
    scrape(animation_scraper, tmp_path, "plot_w", {"fit": fit})
    figure = plt.figure()  # pyplot gives it the closed figure's number
    assert figure.number == fit.figure.number
    assert scrape(animation_scraper, tmp_path, "plot_w", {"fit": fit})[0] == ""
    plt.close(figure)


def test_a_figure_the_page_drew_on_is_embedded_without_a_phone_video(
    fit: DescentAnimation, tmp_path: Path, animation_scraper: types.ModuleType
) -> None:
    fit.figure.axes[1].plot([0, 1], [0, 1])  # what the exact-path page does to its map
    rst, images = scrape(animation_scraper, tmp_path, "plot_z", {"fit": fit})
    assert ".. video:: /auto_examples/images/sphx_glr_plot_z_001.mp4\n" in rst
    assert not (images / "sphx_glr_plot_z_001_phone.mp4").exists()


def test_the_scraper_embeds_a_matplotlib_animation_with_its_last_frame_as_poster(
    celluloid_like: FuncAnimation, tmp_path: Path, animation_scraper: types.ModuleType
) -> None:
    rst, images = scrape(animation_scraper, tmp_path, "plot_y", {"snapshots": celluloid_like})
    assert ".. video:: /auto_examples/images/sphx_glr_plot_y_001.mp4\n" in rst
    video = images / "sphx_glr_plot_y_001.mp4"
    assert frames_in(video) == 3
    # Every frame decoded to raw RGB (imageio-ffmpeg's reader leaks its pipes): the last one.
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(video), "-f", "rawvideo"]
    raw = subprocess.run([*command, "-pix_fmt", "rgb24", "-"], capture_output=True, check=True)
    poster = np.asarray(Image.open(images / "sphx_glr_plot_y_001.png").convert("RGB"))
    last = np.frombuffer(raw.stdout[-poster.size :], np.uint8).reshape(poster.shape)
    assert np.abs(poster.astype(int) - last).max() <= 2
    assert celluloid_like._fig.number not in plt.get_fignums(), "a still would show too"


def test_show_refuses_what_is_not_an_animation(in_empty_folder: Path) -> None:
    with pytest.raises(TypeError, match="got Figure"):
        show(plt.figure(), "figure.mp4")
    plt.close("all")
