"""The animation object: a figure, its frames, and a renderer that draws only what moves.

Rendering follows matplotlib's blitting recipe, without a screen. The static
scene (data, contour lines, surface, axes, faint whole path) is drawn once with
the moving artists hidden and its pixels are kept. Each frame restores those
pixels, draws the few moving artists over them and hands the canvas buffer to
ffmpeg. A full redraw per frame, as ``Animation.save`` does, is about ten times
slower; keeping every frame, as celluloid does, makes memory grow with the
frame count. Here one frame is in memory at a time.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from numpy.typing import NDArray
from PIL import Image
from tqdm import tqdm

from gdexplain._validation import positive_float
from gdexplain.animation import _ffmpeg, style
from gdexplain.animation._files import atomic_file, output_path, writable
from gdexplain.animation._frames import Frames
from gdexplain.history import State

#: Frames per second unless the caller chooses. The article's 5 ms interval asks
#: for 200 fps, which browsers clamp and eyes cannot follow. At 15 fps the
#: article's 120 frames last 8 s: its first 50 frames, one epoch each, take over
#: 3 s, slow enough to watch the fast early descent, and the long tail of
#: 200-epoch steps still moves visibly.
DEFAULT_FPS = 15.0

#: The lowest resolution accepted. Below it the text is too small for FreeType
#: to render (at 3 dpi it fails with "invalid ppem") and the video is a few
#: pixels wide (4 x 2 at 0.5 dpi); 20 dpi is already a 200-pixel-wide thumbnail.
MIN_DPI = 20

#: What an animation's frames are drawn by: ``update(frame)`` sets every moving
#: artist to ``frame`` and returns them. The panels build these, the engine calls them.
Update = Callable[[int], list[Artist]]


class DescentAnimation:
    """An animation of a gradient-descent run, drawn frame by frame from its history.

    Made by :func:`~gdexplain.animate_fit` and its siblings, not directly.
    Displayed in a notebook as an HTML5 video; saved with :meth:`save`.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure, with its static scene and moving artists in place. It is
        built without pyplot, so no pyplot-aware tool grabs a static copy.
    frames : Frames
        The history and the epoch of each frame.
    update : callable
        ``update(frame)`` sets every moving artist to ``frame`` and returns
        them, always the same artists in the same order.
    fps : float, optional
        Frames per second; default :data:`DEFAULT_FPS`.
    dpi : float, default 100
        Pixels per inch of the figure: 100 gives a 1,000-pixel-wide video. At
        least :data:`MIN_DPI` (20).
    name : str, optional
        What the animation shows, for the title of an HTML page.

    Raises
    ------
    ValueError
        If ``fps`` is not positive or ``dpi`` is below :data:`MIN_DPI`.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The figure the frames are drawn on.
    epochs : (f,) ndarray of int
        The epoch each frame shows; ``len(animation)`` is its length.
    fps, dpi : float
        Frame rate and resolution of saved videos.
    final_state : State
        The model at the last frame's epoch: what the last frame shows.
    """

    def __init__(
        self,
        figure: Figure,
        frames: Frames,
        update: Update,
        *,
        fps: float | None = None,
        dpi: float = 100,
        name: str = "gradient descent",
    ) -> None:
        self.fps = DEFAULT_FPS if fps is None else positive_float(fps, "fps")
        self.dpi = _resolution(dpi)
        self.figure = figure
        self.epochs = frames.epochs.copy()
        self.epochs.setflags(write=False)
        self.final_state: State = frames.state(-1)
        self._update = update
        self._name = name
        FigureCanvasAgg(figure)
        _set_resolution(figure, self.dpi)
        self.draw_frame(-1)
        _freeze_layout(figure)

    def __len__(self) -> int:
        return len(self.epochs)

    def __repr__(self) -> str:
        return (
            f"<DescentAnimation {self._name!r}: {len(self)} frames, epochs "
            f"{self.epochs[0]}..{self.epochs[-1]}, {self.fps:g} fps>"
        )

    # -- frames ---------------------------------------------------------------------------

    def draw_frame(self, i: int) -> list[Artist]:
        """Set every moving artist to frame ``i`` and return them.

        Parameters
        ----------
        i : int
            Frame number; negative numbers count from the end.

        Returns
        -------
        list of matplotlib.artist.Artist
            The artists that change from frame to frame.

        Raises
        ------
        IndexError
            If there is no frame ``i``.
        """
        frame = range(len(self))[i]
        return self._update(frame)

    def save_frame(self, i: int, path: str | os.PathLike[str]) -> Path:
        """Write frame ``i`` (negative counts from the end) as a PNG image, exactly as in a video.

        Returns
        -------
        pathlib.Path
            The path written.

        Raises
        ------
        ValueError
            If ``path`` does not end in ``.png`` (checked before drawing).
        """
        target = Path(path)
        if target.suffix.lower() != ".png":
            suffix = repr(target.suffix) if target.suffix else "no suffix"
            raise ValueError(
                f"save_frame writes PNG images: the file name must end in .png, "
                f"got {suffix} in {str(target)!r}"
            )
        target = writable(target)
        frame = _Blitter(self).frame(i)
        with atomic_file(target) as temporary:
            _png(frame, temporary)
        return target

    # -- files ----------------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str], *, progress: bool = False) -> Path:
        """Render every frame to a file; the extension chooses the format.

        Parameters
        ----------
        path : str or os.PathLike
            ``.mp4`` (H.264 video, yuv420p, index at the front), ``.gif`` or
            ``.html`` (a self-contained page playing the MP4).
        progress : bool, default False
            Show a progress bar over the frames (tqdm, on standard error).

        Returns
        -------
        pathlib.Path
            The path written.

        Raises
        ------
        ValueError
            If the extension is not one of these.
        OSError
            If the folder is missing or not writable (checked before drawing).
        RuntimeError
            If the encoder is missing or fails; the message holds ffmpeg's own.

        Notes
        -----
        The file is written under a temporary name in the same folder and
        renamed when complete, so a failure or an interrupt never leaves a
        partial file and never touches an existing file of that name.
        """
        target = output_path(path)
        write = {".mp4": self._write_mp4, ".gif": self._write_gif, ".html": self._write_html}
        with atomic_file(target) as temporary:
            write[target.suffix.lower()](temporary, progress=target.name if progress else None)
        return target

    def to_html5_video(self) -> str:
        """An HTML ``<video>`` tag holding the whole MP4 as a base64 data URI.

        The poster is the last frame, so the page shows the result before it plays.
        """
        with tempfile.TemporaryDirectory(prefix="gdexplain-") as folder:
            video = Path(folder) / "animation.mp4"
            self._write_mp4(video, progress=None)
            return self._video_tag(video.read_bytes())

    def _repr_html_(self) -> str:
        """Jupyter's rich display: the animation as a playable video."""
        return self.to_html5_video()

    def _write_mp4(self, path: Path, *, progress: str | None) -> None:
        blitter = _Blitter(self)
        with _ffmpeg.raw_frames_to(
            path, size=blitter.size, fps=self.fps, options=_ffmpeg.MP4_OPTIONS
        ) as send:
            for frame in self._progress(blitter.frames(), progress):
                send(frame)

    def _write_gif(self, path: Path, *, progress: str | None) -> None:
        blitter = _Blitter(self)
        with tempfile.TemporaryDirectory(prefix="gdexplain-") as folder:
            palette = Path(folder) / "palette.png"
            # A palette from a few frames, not from all: that would mean holding
            # every frame until the palette is known. The colours of a frame are
            # the scene's and the palette's, which these frames all show.
            with _ffmpeg.raw_frames_to(
                palette, size=blitter.size, fps=self.fps, options=_ffmpeg.PALETTE_OPTIONS
            ) as send:
                for i in sorted({0, len(self) // 2, len(self) - 1}):
                    send(blitter.frame(i))
            with _ffmpeg.raw_frames_to(
                path,
                size=blitter.size,
                fps=self.fps,
                options=_ffmpeg.GIF_OPTIONS,
                inputs=("-i", str(palette)),
            ) as send:
                for frame in self._progress(blitter.frames(), progress):
                    send(frame)

    def _write_html(self, path: Path, *, progress: str | None) -> None:
        with tempfile.TemporaryDirectory(prefix="gdexplain-") as folder:
            video = Path(folder) / "animation.mp4"
            self._write_mp4(video, progress=progress)
            tag = self._video_tag(video.read_bytes(), autoplay=True)
        title = html.escape(f"Gradient descent: {self._name}")
        path.write_text(_PAGE.format(title=title, video=tag), encoding="utf-8")

    def _video_tag(self, mp4: bytes, *, autoplay: bool = False) -> str:
        poster = io.BytesIO()
        _png(_Blitter(self).frame(-1), poster)
        width, height = self.figure.canvas.get_width_height(physical=True)
        return (
            f"<video controls loop muted playsinline{' autoplay' if autoplay else ''} "
            f'width="{width}" height="{height}" style="max-width: 100%; height: auto;" '
            f'poster="data:image/png;base64,{base64.b64encode(poster.getvalue()).decode()}">'
            f'<source type="video/mp4" src="data:video/mp4;base64,{base64.b64encode(mp4).decode()}">'
            "Your browser cannot play this H.264 video.</video>"
        )

    def _progress(self, frames: Iterator[memoryview], label: str | None) -> Iterator[memoryview]:
        """``frames``, counted by a progress bar named ``label`` (none if ``label`` is None)."""
        return tqdm(frames, total=len(self), unit="frame", desc=label, disable=label is None)


class _Blitter:
    """Draws frames of an animation over a background drawn once.

    Creating one draws the static scene (every moving artist hidden) and keeps
    its pixels; :meth:`frame` restores them and draws only the moving artists.
    """

    def __init__(self, animation: DescentAnimation) -> None:
        self._animation = animation
        figure = animation.figure
        # Agg's canvas, unless something swapped it: blitting needs its pixel buffer.
        canvas = figure.canvas
        self._canvas = canvas if isinstance(canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
        with _hidden(animation.draw_frame(-1)):
            self._canvas.draw()
        self._background = self._canvas.copy_from_bbox(figure.bbox)
        self.size: tuple[int, int] = self._canvas.get_width_height(physical=True)

    def frame(self, i: int) -> memoryview:
        """Frame ``i`` as RGBA pixels: a view of the canvas, valid until the next frame."""
        self._canvas.restore_region(self._background)
        figure = self._animation.figure
        for artist in sorted(self._animation.draw_frame(i), key=Artist.get_zorder):
            figure.draw_artist(artist)
        return self._canvas.buffer_rgba()

    def frames(self) -> Iterator[memoryview]:
        """Every frame in order, each valid until the next is drawn."""
        for i in range(len(self._animation)):
            yield self.frame(i)


@contextlib.contextmanager
def _hidden(artists: list[Artist]) -> Iterator[None]:
    """Hide ``artists`` for the duration, so a full draw gives the static scene alone."""
    shown = [artist.get_visible() for artist in artists]
    for artist in artists:
        artist.set_visible(False)
    try:
        yield
    finally:
        for artist, visible in zip(artists, shown, strict=True):
            artist.set_visible(visible)


def _resolution(dpi: float) -> float:
    """``dpi`` as a float, if it is a finite number of at least :data:`MIN_DPI`."""
    value = positive_float(dpi, "dpi")
    if value < MIN_DPI:
        raise ValueError(
            f"dpi must be at least {MIN_DPI} (a video {round(MIN_DPI * style.WIDTH)} pixels "
            f"wide), got {dpi!r}: below that the text cannot be rendered and the video "
            "is only a few pixels wide"
        )
    return value


def _set_resolution(figure: Figure, dpi: float) -> None:
    """Set ``dpi`` and trim the figure to even pixel dimensions.

    H.264 in yuv420p stores colour for 2 x 2 blocks of pixels, so ffmpeg
    refuses odd widths and heights; one pixel less is invisible.
    """
    figure.set_dpi(dpi)
    width, height = figure.canvas.get_width_height(physical=True)
    figure.set_size_inches((width - width % 2) / dpi, (height - height % 2) / dpi)


def _freeze_layout(figure: Figure) -> None:
    """Run the figure's layout engine once, then fix the axes where it put them.

    The layout depends only on the static scene, so computing it once keeps
    every frame aligned with the background and spares every redraw the cost.
    """
    engine = figure.get_layout_engine()
    if engine is not None:
        engine.execute(figure)
        figure.set_layout_engine("none")


def _png(frame: memoryview, target: Path | io.BytesIO) -> None:
    pixels: NDArray[np.uint8] = np.asarray(frame)
    Image.fromarray(pixels[..., :3]).save(target, format="PNG")


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body {{ margin: 0; display: flex; justify-content: center; background: #fff; }}</style>
</head>
<body>
{video}
</body>
</html>
"""
