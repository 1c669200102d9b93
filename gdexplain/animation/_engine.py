"""The animation object: a figure, its frames, and a renderer that draws only what moves.

Matplotlib's blitting recipe, without a screen: the static scene is drawn once
and its pixels kept; each frame restores them, draws the few moving artists and
hands the canvas buffer to the encoder. One frame is in memory at a time.
"""

from __future__ import annotations

import functools
import os
import tempfile
import textwrap
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import ParamSpec, TypeVar

import matplotlib as mpl
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from tqdm import tqdm

from gdexplain._files import atomic_file, output_path, writable
from gdexplain._validation import frame_rate, positive_float
from gdexplain.animation import _writers, style
from gdexplain.animation._panels import Update
from gdexplain.animation._timeline import Timeline
from gdexplain.history import State

#: Frames per second unless the caller chooses. (The article's 5 ms interval
#: asks for 200, which eyes cannot follow.) The article's 120 frames then last
#: 8 s, slow enough to watch the fast early descent.
DEFAULT_FPS = 15.0

#: The lowest resolution accepted: below it FreeType cannot render the text
#: ("invalid ppem" at 3 dpi); 20 dpi is already a 160-pixel-wide thumbnail.
MIN_DPI = 20

#: The most pixels a frame may have on a side. H.264 refuses 16,384, and Agg
#: crashes Python well before: a frame is held three times (canvas, background,
#: encoder), 190 MB each at 8,192 x 5,734.
MAX_SIDE = 8_192

P = ParamSpec("P")
R = TypeVar("R")


class DescentAnimation:
    """An animation of gradient-descent runs, drawn frame by frame from their histories.

    Made by :func:`~gdexplain.animate_fit` and its siblings, not directly.
    Displayed in a notebook as an HTML5 video; saved with :meth:`save`.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure (made without pyplot), with its static scene and moving artists.
    timeline : Timeline
        The (first) history and the epoch of each frame.
    update : callable
        ``update(frame)`` sets every moving artist to ``frame`` and returns them.
    fps : float, optional
        Frames per second; default :data:`DEFAULT_FPS`.
    dpi : float, default 100
        Pixels per inch: at least :data:`MIN_DPI`, at most :data:`MAX_SIDE` pixels a side.
    name : str, optional
        What the animation shows, for the title of an HTML page.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The figure the frames are drawn on.
    epochs : (f,) ndarray of int
        The epoch each frame shows; ``len(animation)`` is its length.
    fps, dpi : float
        Frame rate and resolution of saved videos.
    final_state : State
        The (first) run's model at the last frame: what the last frame shows.

    Raises
    ------
    ValueError
        If ``fps`` is not positive or ``dpi`` is out of range.

    Notes
    -----
    One figure draws every frame: saves from several threads take turns.
    """

    def __init__(
        self,
        figure: Figure,
        timeline: Timeline,
        update: Update,
        *,
        fps: float | None = None,
        dpi: float = 100,
        name: str = "gradient descent",
    ) -> None:
        self.fps = DEFAULT_FPS if fps is None else frame_rate(fps)
        self.dpi = _resolution(figure, dpi)
        self.figure = figure
        self.epochs = timeline.epochs.copy()
        self.epochs.setflags(write=False)
        self.final_state: State = timeline.state(-1)
        self._update = update
        self._name = name
        self._lock = threading.RLock()
        FigureCanvasAgg(figure)
        # H.264 in yuv420p stores colour per 2 x 2 pixels, so ffmpeg refuses odd sizes:
        # trim one pixel where needed, invisibly.
        figure.set_dpi(self.dpi)
        width, height = figure.canvas.get_width_height(physical=True)
        figure.set_size_inches((width - width % 2) / self.dpi, (height - height % 2) / self.dpi)
        self.draw_frame(-1)
        # The layout depends only on the static scene: computed once, then frozen, it
        # keeps every frame aligned with the background and spares each redraw its cost.
        engine = figure.get_layout_engine()
        if engine is not None:
            engine.execute(figure)
            figure.set_layout_engine("none")

    def __len__(self) -> int:
        return len(self.epochs)

    def __repr__(self) -> str:
        return (
            f"<DescentAnimation {self._name!r}: {len(self)} frames, epochs "
            f"{self.epochs[0]}..{self.epochs[-1]}, {self.fps:g} fps>"
        )

    def draw_frame(self, i: int) -> list[Artist]:
        """Set every moving artist to frame ``i`` and return them.

        Parameters
        ----------
        i : int
            The frame number; negative numbers count from the end.

        Returns
        -------
        list of matplotlib.artist.Artist
            The artists that change from frame to frame, always the same ones.

        Raises
        ------
        IndexError
            If there is no frame ``i``.
        """
        frame = range(len(self))[i]
        with self._lock:
            return self._update(frame)

    def save_frame(self, i: int, path: str | os.PathLike[str]) -> Path:
        """Write frame ``i`` as a PNG image, exactly as in a video.

        Parameters
        ----------
        i : int
            The frame number; negative numbers count from the end.
        path : str or os.PathLike
            The file to write; its name must end in ``.png``.

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
        with self._lock, atomic_file(target) as temporary:
            temporary.write_bytes(_writers.png(next(self._frames([i]))))
        return target

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
            If the encoder is missing or fails.

        Notes
        -----
        The file is written under a temporary name and renamed when complete:
        a failure or an interrupt never leaves a partial file.
        """
        target = output_path(path)
        suffix = target.suffix.lower()
        with self._lock, atomic_file(target) as temporary:
            frames = tqdm(
                self._frames(),
                total=len(self),
                unit="frame",
                desc=target.name,
                disable=not progress,
            )
            if suffix == ".gif":
                samples = self._frames(sorted({0, len(self) // 2, len(self) - 1}))
                _writers.write_gif(temporary, frames, self._size, self.fps, samples)
            elif suffix == ".html":
                poster = self._frames([-1])
                _writers.write_html(temporary, self._name, frames, self._size, self.fps, poster)
            else:
                _writers.write_mp4(temporary, frames, self._size, self.fps)
        return target

    def to_html5_video(self) -> str:
        """An HTML ``<video>`` tag holding the whole MP4, its poster the last frame.

        Returns
        -------
        str
            The ``<video>`` element, self-contained (base64 data URIs).
        """
        with self._lock:
            return self._video_tag(self._frames(), autoplay=False)

    _repr_html_ = to_html5_video  # Jupyter's rich display: a playable video

    @property
    def _size(self) -> tuple[int, int]:
        """Width and height of a frame, in pixels."""
        return self.figure.canvas.get_width_height(physical=True)

    def _frames(self, indices: Iterable[int] | None = None) -> Iterator[memoryview]:
        """Frames ``indices`` (default all) over the static scene, as RGBA canvas views.

        Each view is valid until the next frame is drawn; the static scene is drawn
        once per call, before the first frame.
        """
        figure = self.figure
        # Agg's canvas, unless something swapped it: blitting needs its pixel buffer.
        canvas = figure.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            canvas = FigureCanvasAgg(figure)
        # The static scene alone: every moving artist hidden for one full draw.
        moving = self.draw_frame(-1)
        for artist in moving:
            artist.set_visible(False)
        try:
            canvas.draw()
        finally:
            for artist in moving:
                artist.set_visible(True)
        background = canvas.copy_from_bbox(figure.bbox)
        for i in range(len(self)) if indices is None else indices:
            canvas.restore_region(background)
            for artist in sorted(self.draw_frame(i), key=Artist.get_zorder):
                figure.draw_artist(artist)
            yield canvas.buffer_rgba()

    def _video_tag(self, frames: Iterator[memoryview], *, autoplay: bool) -> str:
        with tempfile.TemporaryDirectory(prefix="gdexplain-") as folder:
            video = Path(folder) / "animation.mp4"
            _writers.write_mp4(video, frames, self._size, self.fps)
            mp4 = video.read_bytes()
        poster = _writers.png(next(self._frames([-1])))
        return _writers.video_tag(mp4, poster, self._size, autoplay=autoplay)


def _resolution(figure: Figure, dpi: float) -> float:
    """``dpi`` as a float, if the frames are neither too small nor too big."""
    value = positive_float(dpi, "dpi")
    if value < MIN_DPI:
        raise ValueError(
            f"dpi must be at least {MIN_DPI} (a video {round(MIN_DPI * style.WIDTH)} pixels "
            f"wide), got {dpi!r}: below that the text cannot be rendered and the video "
            "is only a few pixels wide"
        )
    largest = max(figure.get_size_inches())
    if largest * value > MAX_SIDE:
        raise ValueError(
            f"dpi {dpi!r} gives frames {largest * value:,.0f} pixels wide: at most "
            f"{MAX_SIDE:,} pixels a side (dpi {MAX_SIDE / largest:.0f} for this figure) "
            "can be encoded and held in memory"
        )
    return value


_ONE_HISTORY = """\
Parameters
----------
history : History
    The run to show, e.g. from :func:`gdexplain.gradient_descent`.
"""

_SHARED_SECTIONS = """\
epochs : array_like of int, optional
    The epoch of each frame; by default :func:`gdexplain.frame_schedule` over the
    whole run, with its last epoch (121 frames for the article's 12,000 epochs).
fps : float, optional
    Frames per second (default 15: the article's run lasts 8 s).
dpi : float, default 100
    Resolution: 100 gives a video 800 pixels wide; at least 20, at most 1,024
    (8,192 pixels a side).

Returns
-------
DescentAnimation
    Save it with :meth:`~DescentAnimation.save`; in a notebook it plays inline.

Raises
------
TypeError
    If a history is not a :class:`~gdexplain.History`.
ValueError
    If ``epochs`` is empty or holds an epoch a history ran through without recording
    it, ``fps`` is not positive or ``dpi`` out of range; for the contour map and the
    surface, if all ``x`` are equal (the cost then has no single minimum).
"""


def animation_function(function: Callable[P, R]) -> Callable[P, R]:
    """An ``animate_*`` function drawn in :data:`style.TEXT_SIZES`, whatever the rcParams.

    ``{shared}`` in its docstring becomes the parameters every such function shares,
    preceded by ``history`` unless it lists Parameters of its own.
    """

    @functools.wraps(function)
    def build(*args: P.args, **kwargs: P.kwargs) -> R:
        with mpl.rc_context(dict(style.TEXT_SIZES)):  # type: ignore[arg-type]
            return function(*args, **kwargs)

    doc = function.__doc__ or ""
    shared = _SHARED_SECTIONS if "Parameters\n" in doc else _ONE_HISTORY + _SHARED_SECTIONS
    build.__doc__ = doc.replace("    {shared}\n", textwrap.indent(shared, "    "))
    return build
