"""The animation object: a matplotlib ``FuncAnimation`` with a fast path for saving.

It is matplotlib's own animation, on a pyplot figure: ``plt.show()`` plays it
(blitting), ``to_jshtml()`` and ``save(writer=...)`` work as documented. Its own
``save`` renders the way blitting does, without a screen: the static scene is
drawn once and its pixels kept; each frame restores them, draws the few moving
artists and hands the canvas buffer to the encoder. One frame is in memory at a time.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
import textwrap
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import cbook
from matplotlib.animation import FuncAnimation
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from tqdm import tqdm

from gdexplain._files import FORMATS, atomic_file, output_path, writable
from gdexplain._validation import frame_rate, positive_float
from gdexplain.animation import _writers, style
from gdexplain.animation._panels import LAYOUTS, Update
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

#: The matplotlib writers whose file the fast path writes the same, by format:
#: ``save(path, writer=...)`` with one of them takes the fast path.
FAST_WRITERS: dict[str, set[str | None]] = {
    ".mp4": {None, "ffmpeg", "ffmpeg_file"},
    ".gif": {None, "ffmpeg", "ffmpeg_file", "pillow", "imagemagick", "imagemagick_file"},
    ".html": {None},
}
assert set(FAST_WRITERS) == set(FORMATS)

P = ParamSpec("P")
R = TypeVar("R")


class DescentAnimation(FuncAnimation):
    """An animation of gradient-descent runs: a matplotlib ``FuncAnimation`` that saves fast.

    Made by :func:`~gdexplain.animate_fit` and its siblings, not directly. On an
    interactive backend ``plt.show()`` plays it; in Jupyter it shows as an HTML5
    video; :meth:`save` writes ``.mp4``, ``.gif`` or ``.html``, and takes
    matplotlib's arguments (``writer``, ``fps``, ``dpi``, ...).

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The pyplot figure, with its static scene and moving artists.
    timeline : Timeline
        The (first) history and the epoch of each frame.
    update : callable
        ``update(frame)`` sets every moving artist to ``frame`` and returns them.
    fps : float, optional
        Frames per second; default :data:`DEFAULT_FPS`.
    dpi : float, default 100
        Pixels per inch: at least :data:`MIN_DPI`, at most :data:`MAX_SIDE` pixels a side.
    name : str, optional
        What the animation shows, for the title of an HTML page and a script's file name.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The figure the frames are drawn on.
    epochs : (f,) ndarray of int
        The epoch each frame shows; ``len(animation)`` is its length.
    fps, dpi : float
        Frame rate and resolution of saved videos.
    name : str
        What the animation shows (``"fit"``, ``"contour"``, ...).
    final_state : State
        The (first) run's model at the last frame: what the last frame shows.

    Raises
    ------
    ValueError
        If ``fps`` is not positive or ``dpi`` is out of range.

    Notes
    -----
    One figure draws every frame: saves from several threads take turns. Under a
    non-interactive backend (Agg, Jupyter's inline), pyplot lets go of the figure
    once the animation is saved or shown, so a loop making many keeps its memory.
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
        self.epochs = timeline.epochs.copy()
        self.epochs.setflags(write=False)
        self.final_state: State = timeline.state(-1)
        self.name = name
        self._update = update
        self._figure = figure
        self._remake: Callable[[str], DescentAnimation] | None = None  # set by animate_*
        self._lock = threading.RLock()
        # H.264 in yuv420p stores colour per 2 x 2 pixels, so ffmpeg refuses odd sizes:
        # trim one pixel where needed, invisibly.
        figure.set_dpi(self.dpi)
        width, height = figure.canvas.get_width_height(physical=True)
        figure.set_size_inches((width - width % 2) / self.dpi, (height - height % 2) / self.dpi)
        last = len(self.epochs) - 1
        update(last)
        # The layout depends only on the static scene: computed once, then frozen, it
        # keeps every frame aligned with the background and spares each redraw its cost.
        engine = figure.get_layout_engine()
        if engine is not None:
            engine.execute(figure)
            figure.set_layout_engine("none")
        self._decorations: list[Callable[[Figure], object]] = []
        self._built_contents = _contents(figure)
        # Between plays the figure shows the last frame, as the poster does. Blitting's
        # set-up asks for a full draw, which Agg does at once (a third of the time an
        # animation takes to make): not needed, a window draws when shown, a save itself.
        with cbook._setattr_cm(figure.canvas, _is_idle_drawing=True):
            super().__init__(
                figure,
                update,
                frames=len(self.epochs),
                init_func=lambda: update(last),
                interval=1000 / self.fps,
                blit=True,
                cache_frame_data=False,
            )

    @property
    def figure(self) -> Figure:
        """The figure the frames are drawn on."""
        return self._figure

    def __len__(self) -> int:
        return len(self.epochs)

    def __repr__(self) -> str:
        return (
            f"<DescentAnimation {self.name!r}: {len(self)} frames, epochs "
            f"{self.epochs[0]}..{self.epochs[-1]}, {self.fps:g} fps>"
        )

    def in_layout(self, layout: str) -> DescentAnimation:
        """The same animation (runs, frames, fps, dpi) drawn in another layout.

        Parameters
        ----------
        layout : {"wide", "tall"}
            ``"wide"``: panels side by side, 8 in wide; ``"tall"``: stacked, for phones.

        Returns
        -------
        DescentAnimation
            A new animation on a new figure.

        Raises
        ------
        ValueError
            If ``layout`` is not one of these, or artists were added to the figure
            since it was made (the other layout would not have them).
        """
        if self._remake is None:
            raise ValueError("this animation was not made by an animate_* function")
        if _contents(self.figure) != self._built_contents:
            raise ValueError(
                f"the {self.name} animation's figure was drawn on after it was made: "
                "another layout would lack what was added (draw with decorate() instead)"
            )
        other = self._remake(layout)
        for draw in self._decorations:
            other.decorate(draw)
        return other

    def decorate(self, draw: Callable[[Figure], object]) -> DescentAnimation:
        """Draw more on the figure's static scene, in this layout and in every other.

        ``draw(figure)`` runs now, and again on the figure of :meth:`in_layout`,
        so a phone's video shows it too. Find the axes by what they show (their
        labels): the layouts place them differently.

        Parameters
        ----------
        draw : callable
            ``draw(figure)`` adds artists to ``figure``; what it returns is ignored.

        Returns
        -------
        DescentAnimation
            This animation, decorated.
        """
        with self._lock:
            draw(self.figure)
            self._decorations.append(draw)
            self._built_contents = _contents(self.figure)
        return self

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
        with self._lock:
            return self._update(self._frame_number(i))

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
        IndexError
            If there is no frame ``i`` (the message gives the number of frames).
        """
        target = Path(path)
        if target.suffix.lower() != ".png":
            suffix = repr(target.suffix) if target.suffix else "no suffix"
            raise ValueError(
                f"save_frame writes PNG images: the file name must end in .png, "
                f"got {suffix} in {str(target)!r}"
            )
        frame = self._frame_number(i)
        target = writable(target)
        with self._lock, atomic_file(target) as temporary:
            temporary.write_bytes(_writers.png(next(self._frames([frame]))))
        return target

    def save(  # type: ignore[override]  # returns the path written
        self,
        filename: str | os.PathLike[str],
        writer: Any = None,
        fps: float | None = None,
        dpi: float | None = None,
        codec: str | None = None,
        bitrate: int | None = None,
        extra_args: list[str] | None = None,
        metadata: dict[str, str] | None = None,
        extra_anim: list[Any] | None = None,
        savefig_kwargs: dict[str, Any] | None = None,
        *,
        progress_callback: Callable[[int, int], Any] | None = None,
        progress: bool = False,
    ) -> Path:
        """Render every frame to a file; the extension chooses the format.

        The arguments are matplotlib's (:meth:`matplotlib.animation.Animation.save`).
        With the default writer, or one that writes the same file (``"ffmpeg"``; for a
        GIF also ``"pillow"`` and ``"imagemagick"``), and no codec, bitrate, extra
        arguments, metadata, extra animations or savefig arguments, the frames are
        blitted and streamed to ffmpeg, many times faster; otherwise matplotlib's own
        machinery writes the file.

        Parameters
        ----------
        filename : str or os.PathLike
            ``.mp4`` (H.264 video, yuv420p, index at the front), ``.gif`` or
            ``.html`` (a self-contained page playing the MP4); with a ``writer``,
            whatever that writer writes.
        writer : str or matplotlib.animation.AbstractMovieWriter, optional
            As in matplotlib; default: the fast path.
        fps : float, optional
            Frames per second; default the animation's.
        dpi : float, optional
            Resolution; default the animation's (the fast path trims a video's odd
            size by one pixel).
        codec, bitrate, extra_args, metadata, extra_anim, savefig_kwargs : optional
            As in matplotlib; any of them means matplotlib's machinery.
        progress_callback : callable, optional
            ``progress_callback(frame, total)`` after each frame, as in matplotlib.
        progress : bool, default False
            Show a progress bar over the frames (tqdm, on standard error).

        Returns
        -------
        pathlib.Path
            The path written.

        Raises
        ------
        ValueError
            If the extension is not one of these (without a ``writer``), or ``fps``
            or ``dpi`` is out of range.
        OSError
            If the folder is missing or not writable (checked before drawing).
        RuntimeError
            If the encoder is missing or fails.

        Notes
        -----
        The file is written under a temporary name and renamed when complete:
        a failure or an interrupt never leaves a partial file.
        """
        target = Path(filename)
        suffix = target.suffix.lower()
        options = (codec, bitrate, extra_args, metadata, extra_anim, savefig_kwargs)
        fast = writer in FAST_WRITERS.get(suffix, set()) and all(o is None for o in options)
        if not fast:
            if writer is None and suffix not in FORMATS:
                output_path(target)  # raises: which formats a file name can end in
            mpl_options = dict(zip(_MPL_OPTIONS, options, strict=True))
            return self._save_with_matplotlib(
                target, writer, fps, dpi, mpl_options, progress_callback
            )
        target = output_path(target)
        rate = self.fps if fps is None else frame_rate(fps)
        resolution = self.dpi if dpi is None else _resolution(self.figure, dpi)
        with self._lock, atomic_file(target) as temporary:
            frames = self._frames(dpi=resolution, even=suffix != ".gif")
            if progress_callback is not None:
                frames = _reporting(frames, progress_callback, len(self))
            frames = tqdm(
                frames, total=len(self), unit="frame", desc=target.name, disable=not progress
            )
            size = self._size(resolution, even=suffix != ".gif")
            if suffix == ".gif":
                samples = sorted({0, len(self) // 2, len(self) - 1})
                _writers.write_gif(
                    temporary,
                    frames,
                    size,
                    rate,
                    self._frames(samples, dpi=resolution, even=False),
                )
            elif suffix == ".html":
                poster = self._frames([-1], dpi=resolution)
                _writers.write_html(temporary, self.name, frames, size, rate, poster)
            else:
                _writers.write_mp4(temporary, frames, size, rate)
        self._release()
        return target

    def to_html5_video(self, embed_limit: float | None = None) -> str:
        """An HTML ``<video>`` tag holding the whole MP4, its poster the last frame.

        Parameters
        ----------
        embed_limit : float, optional
            The largest video to embed, in MB; default
            ``rcParams["animation.embed_limit"]`` (20).

        Returns
        -------
        str
            The ``<video>`` element, self-contained (base64 data URIs), or
            ``"Video too large to embed."`` as matplotlib says it.
        """
        limit = mpl.rcParams["animation.embed_limit"] if embed_limit is None else embed_limit
        with self._lock:
            size = self._size(self.dpi, even=True)
            tag = self._video_tag(self._frames(), size, self.fps, autoplay=False)
        self._release()
        # base64 makes 3 bytes 4 characters: the limit is on the video's own bytes.
        return tag if len(tag) * 3 / 4 <= limit * 1024**2 else "Video too large to embed."

    def to_jshtml(self, *args: Any, **kwargs: Any) -> str:
        """Render every frame into matplotlib's JavaScript player, as matplotlib does.

        See :meth:`matplotlib.animation.Animation.to_jshtml`.

        Parameters
        ----------
        *args, **kwargs
            As in matplotlib.

        Returns
        -------
        str
            The player's HTML, every frame a PNG inside it.
        """
        html: str = super().to_jshtml(*args, **kwargs)
        return html

    def _repr_html_(self) -> str:
        """Jupyter's rich display: an HTML5 video unless ``rcParams["animation.html"]`` asks otherwise."""
        if mpl.rcParams["animation.html"] == "none":
            return self.to_html5_video()
        html: str = super()._repr_html_()
        return html

    def _frame_number(self, i: int) -> int:
        """``i`` as a frame number from 0; negative numbers count from the end."""
        count = len(self)
        if not -count <= i < count:
            raise IndexError(
                f"no frame {i}: the animation has {count} frames (0 to {count - 1}, "
                f"or -{count} to -1 from the end)"
            )
        return range(count)[i]

    def _size(self, dpi: float, *, even: bool) -> tuple[int, int]:
        """Width and height of a frame at ``dpi``, in pixels (``even``: trimmed to even)."""
        with self._agg_canvas(dpi) as canvas:
            width, height = canvas.get_width_height(physical=True)
        return (width - width % 2, height - height % 2) if even else (width, height)

    @contextlib.contextmanager
    def _agg_canvas(self, dpi: float) -> Iterator[FigureCanvasAgg]:
        """The figure on an Agg canvas at ``dpi`` for the block, as ``savefig`` does it.

        Whatever canvas the figure has (a window's), it gets it back afterwards.
        """
        figure = self.figure
        original, original_dpi = figure.canvas, figure.dpi
        canvas = FigureCanvasAgg(figure)
        # What matplotlib's own save sets: the first draw must not start the animation.
        canvas._is_saving = True  # type: ignore[attr-defined]
        try:
            figure.set_dpi(dpi)
            yield canvas
        finally:
            figure.set_dpi(original_dpi)
            figure.set_canvas(original)

    def _frames(
        self, indices: Iterable[int] | None = None, *, dpi: float | None = None, even: bool = True
    ) -> Iterator[memoryview]:
        """Frames ``indices`` (default all) over the static scene, as RGBA pixels.

        Each is valid until the next frame is drawn; the static scene is drawn once per
        call, before the first frame. ``even`` trims an odd width or height by a pixel.
        """
        figure = self.figure
        with self._agg_canvas(self.dpi if dpi is None else dpi) as canvas:
            # The static scene alone: every moving artist hidden for one full draw.
            moving = self._update(len(self) - 1)
            for artist in moving:
                artist.set_visible(False)
            try:
                canvas.draw()
            finally:
                for artist in moving:
                    artist.set_visible(True)
            background = canvas.copy_from_bbox(figure.bbox)
            width, height = canvas.get_width_height(physical=True)
            trim = even and (width % 2 or height % 2)
            for i in range(len(self)) if indices is None else indices:
                canvas.restore_region(background)
                for artist in sorted(self._update(i), key=Artist.get_zorder):
                    figure.draw_artist(artist)
                pixels = canvas.buffer_rgba()
                if trim:
                    array = np.asarray(pixels)
                    pixels = memoryview(
                        np.ascontiguousarray(
                            array[: height - height % 2, : width - width % 2]
                        ).data
                    )
                yield pixels

    def _video_tag(
        self, frames: Iterator[memoryview], size: tuple[int, int], fps: float, *, autoplay: bool
    ) -> str:
        with tempfile.TemporaryDirectory(prefix="gdexplain-") as folder:
            video = Path(folder) / "animation.mp4"
            _writers.write_mp4(video, frames, size, fps)
            mp4 = video.read_bytes()
        poster = _writers.png(next(self._frames([-1])))
        return _writers.video_tag(mp4, poster, size, autoplay=autoplay)

    def _save_with_matplotlib(
        self,
        target: Path,
        writer: Any,
        fps: float | None,
        dpi: float | None,
        options: dict[str, Any],
        progress_callback: Callable[[int, int], Any] | None,
    ) -> Path:
        """matplotlib's ``Animation.save``, written atomically; the figure's size kept."""
        target = writable(target)
        figure = self.figure
        size, resolution = figure.get_size_inches(), figure.dpi
        with self._lock, bundled_ffmpeg(), atomic_file(target) as temporary:
            try:
                super().save(
                    temporary,
                    writer=writer,
                    fps=fps,  # type: ignore[arg-type]  # any number, as matplotlib's writers take
                    dpi=dpi,
                    progress_callback=progress_callback,
                    **options,
                )
            finally:  # its writers round the size to even pixels at their dpi
                figure.set_size_inches(tuple(size))
                figure.set_dpi(resolution)
        self._release()
        return target

    def _release(self) -> None:
        """Without a window to play in, pyplot lets go of the figure (the animation keeps it)."""
        if type(self.figure.canvas).required_interactive_framework is None:
            plt.close(self.figure)
            self.figure.set_dpi(self.dpi)  # its new canvas took pyplot's first dpi


def _contents(figure: Figure) -> list[int]:
    """How many artists each of the figure's axes holds: what drawing on it changes."""
    return [len(ax.get_children()) for ax in figure.axes]


_MPL_OPTIONS = ("codec", "bitrate", "extra_args", "metadata", "extra_anim", "savefig_kwargs")


def _reporting(
    frames: Iterator[memoryview], callback: Callable[[int, int], Any], total: int
) -> Iterator[memoryview]:
    """``frames``, calling ``callback(i, total)`` as matplotlib does after each."""
    for i, frame in enumerate(frames):
        yield frame
        callback(i, total)


def bundled_ffmpeg() -> contextlib.AbstractContextManager[Any]:
    """matplotlib's ffmpeg set to imageio-ffmpeg's for a block, unless its own is found."""
    if shutil.which(mpl.rcParams["animation.ffmpeg_path"]) is not None:
        return contextlib.nullcontext()
    return mpl.rc_context({"animation.ffmpeg_path": _writers.ffmpeg()})


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
layout : {"wide", "tall"}, default "wide"
    ``"wide"``: the panels side by side, 8 in wide, for a page's column;
    ``"tall"``: stacked in one column 4.5 in wide, for a phone held upright.

Returns
-------
DescentAnimation
    A matplotlib ``FuncAnimation`` on a pyplot figure: ``plt.show()`` plays it,
    :meth:`~DescentAnimation.save` writes it, in a notebook it plays inline.

Raises
------
TypeError
    If a history is not a :class:`~gdexplain.History`.
ValueError
    If ``epochs`` is empty or holds an epoch a history ran through without recording
    it, ``fps`` is not positive, ``dpi`` out of range or ``layout`` unknown; for the
    contour map and the surface, if all ``x`` are equal (the cost then has no single
    minimum).
"""


def animation_function(function: Callable[P, DescentAnimation]) -> Callable[P, DescentAnimation]:
    """An ``animate_*`` function drawn in :data:`style.TEXT_SIZES`, whatever the rcParams.

    Its animation can be drawn again in another layout (:meth:`DescentAnimation.in_layout`)
    from the same arguments. ``{shared}`` in its docstring becomes the parameters every
    such function shares, preceded by ``history`` unless it lists Parameters of its own.
    """

    @functools.wraps(function)
    def build(*args: P.args, **kwargs: P.kwargs) -> DescentAnimation:
        layout = kwargs.get("layout", "wide")
        if layout not in LAYOUTS:
            raise ValueError(
                f"layout must be one of {', '.join(map(repr, LAYOUTS))}, got {layout!r}"
            )
        before = set(plt.get_fignums())
        try:
            with mpl.rc_context(dict(style.TEXT_SIZES)):  # type: ignore[arg-type]
                animation = function(*args, **kwargs)
        except BaseException:  # bad input leaves no figure behind in pyplot
            for number in set(plt.get_fignums()) - before:
                plt.close(number)
            raise
        animation._remake = lambda other: build(*args, **{**kwargs, "layout": other})  # type: ignore[arg-type]
        return animation

    doc = function.__doc__ or ""
    shared = _SHARED_SECTIONS if "Parameters\n" in doc else _ONE_HISTORY + _SHARED_SECTIONS
    build.__doc__ = doc.replace("    {shared}\n", textwrap.indent(shared, "    "))
    return build
