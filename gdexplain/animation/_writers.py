"""One small writer per format: frames of raw RGBA pixels in, a file out.

Frames go to ffmpeg (the binary ``imageio-ffmpeg`` ships) as soon as they are
drawn; one is in memory at a time, whatever the number of frames. ffmpeg's exit
status and the bytes it wrote are checked: a full disk or an impossible setting
raises a one-line RuntimeError instead of leaving a file that does not play.
"""

from __future__ import annotations

import base64
import errno
import html
import io
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import numpy as np
from PIL import Image

from gdexplain._files import scratch_file
from gdexplain._validation import frame_rate

#: x264 options for an MP4 every browser plays (yuv420p), that starts playing
#: before it is downloaded (+faststart); ``veryfast``, tuned for flat animation, is as
#: faithful as x264's defaults for much less CPU. At crf 23 a frame shown on a page cannot be
#: told from crf 19's, and the file is a quarter smaller (the site holds two videos a lesson).
#: One encoder thread: it keeps up with the drawing, and x264's threads cost a third more
#: CPU for the same file (0.9 against 0.6 CPU-s for 120 frames), taken from the drawing.
MP4_OPTIONS = [
    *("-preset", "veryfast", "-tune", "animation", "-crf", "23", "-threads", "1"),
    *("-movflags", "+faststart", "-f", "mp4"),
]

#: Turns a few sample frames into a 256-colour palette image.
PALETTE_OPTIONS = ["-vf", "palettegen=stats_mode=full", "-frames:v", "1", "-update", "1"]

#: Maps frames to that palette (the second input). Ordered dithering keeps flat
#: plot colours flat; only the changed rectangle of each frame is re-coded.
GIF_OPTIONS = [
    *("-lavfi", "[0:v][1:v]paletteuse=dither=bayer:bayer_scale=5:diff_mode=rectangle"),
    *("-c:v", "gif", "-f", "gif"),
]


#: Frames of raw RGBA pixels, and their size: (width, height).
Frames = Iterable[memoryview]
Size = tuple[int, int]


def write_mp4(path: Path, frames: Frames, size: Size, fps: float) -> None:
    """Encode ``frames`` as H.264 in an MP4 at ``path``."""
    _encode(path, frames, size, fps, ["-c:v", "libx264", "-pix_fmt", "yuv420p", *MP4_OPTIONS])
    _check_mp4(path)


def write_gif(path: Path, frames: Frames, size: Size, fps: float, samples: Frames) -> None:
    """Encode ``frames`` as a GIF, its palette made from a few ``samples``.

    A palette from all frames would mean holding every frame until it is known;
    a few already show the scene's and the path's colours. The palette is a
    scratch file beside ``path`` (see :func:`gdexplain._files.scratch_file`),
    never in the system's temp folder.
    """
    with scratch_file(path, ".palette.png") as palette:
        _encode(palette, samples, size, fps, [*PALETTE_OPTIONS, "-c:v", "png", "-f", "image2"])
        _encode(path, frames, size, fps, GIF_OPTIONS, inputs=["-i", str(palette)])
    _check_gif(path)


def write_html(
    path: Path, name: str, frames: Frames, size: Size, fps: float, poster: Frames
) -> None:
    """Write a page at ``path`` playing ``frames`` as an MP4, its poster the one ``poster`` frame.

    The MP4 is a scratch file beside ``path`` (see :func:`gdexplain._files.scratch_file`),
    removed on every way out and by the next save after a ``kill -9``.
    """
    with scratch_file(path, ".mp4") as video:
        write_mp4(video, frames, size, fps)
        mp4 = video.read_bytes()
    tag = video_tag(mp4, png(next(iter(poster))), size, autoplay=True)
    path.write_text(html_page(name, tag), encoding="utf-8")


def ffmpeg() -> str:
    """The path of imageio-ffmpeg's ffmpeg; if it has none, a RuntimeError says how to get it."""
    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as error:
        raise RuntimeError(
            f"saving a video needs the ffmpeg of the imageio-ffmpeg package, not available "
            f"({error}); install it with `pip install imageio-ffmpeg`"
        ) from error


def _encode(
    path: Path,
    frames: Frames,
    size: Size,
    fps: float,
    options: list[str],
    *,
    inputs: Sequence[str] = (),
) -> None:
    """Pipe every frame to one ffmpeg writing ``path``; RuntimeError if it fails.

    The command is ``imageio_ffmpeg.write_frames``'s, run here so that ffmpeg's
    exit status and its own reason (its standard error, kept in an unnamed
    file) can be checked: ``write_frames`` ignores the one and prints the other.
    """
    fps = frame_rate(fps)
    width, height = size
    command = [
        ffmpeg(),
        *("-y", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgba", "-s", f"{width}x{height}"),
        *("-r", str(Fraction(fps).limit_denominator()), "-i", "-", *inputs, "-an", *options),
        str(path),
    ]
    with tempfile.TemporaryFile() as errors:  # unnamed: nothing is left, even after kill -9
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors, **_OWN_GROUP
        )
        assert process.stdin is not None  # for mypy: stdin=PIPE
        try:
            with process.stdin:
                for frame in frames:
                    process.stdin.write(frame)
        except BrokenPipeError:
            pass  # ffmpeg stopped early: its status and reason are read below
        except BaseException:
            process.kill()  # an error or an interrupt while drawing: stop at once
            raise
        finally:
            status = process.wait()
        errors.seek(0)
        reason = _reason(errors.read().decode(errors="replace"), path)
    if status != 0:
        raise RuntimeError(f"ffmpeg failed (exit status {status}): {reason}")
    if not path.is_file() or path.stat().st_size == 0:
        raise RuntimeError(f"ffmpeg wrote nothing: {reason}")


#: Options that keep Ctrl-C from reaching ffmpeg directly (as ``write_frames``
#: does): Python handles it, stops the encoder and removes the partial file.
_OWN_GROUP: dict[str, Any] = (
    {"start_new_session": True}
    if os.name == "posix"
    else {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
)


def _reason(log: str, path: Path) -> str:
    """ffmpeg's reason in one line: its first message naming a system error (a full disk),
    else its first message; without the ``[muxer @ 0x...]`` tag or the temp file's name.
    """
    lines = [re.sub(r"^\[[^]]*\]\s*", "", line.strip()) for line in log.splitlines()]
    lines = [line.replace(str(path), "the file") for line in lines if line]
    if not lines:
        return "it gave no reason"
    return next((line for line in lines if any(e in line for e in _SYSTEM_ERRORS)), lines[0])


#: How the system words its errors, as ffmpeg quotes them ("No space left on device").
_SYSTEM_ERRORS = frozenset(os.strerror(code) for code in errno.errorcode)


def _check_mp4(path: Path) -> None:
    """Raise unless ``path`` is a whole MP4: top-level boxes that fill the file, a moov and an mdat.

    A full disk or a killed encoder leaves a file whose boxes are cut short.
    """
    boxes, end, offset = set(), path.stat().st_size, 0
    with path.open("rb") as file:
        while offset < end:
            file.seek(offset)
            header = file.read(16)
            if len(header) < 8:
                break
            length, kind = int.from_bytes(header[:4], "big"), header[4:8]
            if length == 1 and len(header) == 16:  # a 64-bit size follows the type
                length = int.from_bytes(header[8:16], "big")
            if length < 8:
                break
            boxes.add(kind)
            offset += length
    if offset != end or not {b"ftyp", b"moov", b"mdat"} <= boxes:
        raise RuntimeError("the encoder wrote an incomplete MP4 (the disk may be full)")


def _check_gif(path: Path) -> None:
    """Raise unless ``path`` starts as a GIF and ends with its trailer byte (0x3B)."""
    with path.open("rb") as file:
        start = file.read(6)
        file.seek(-1, os.SEEK_END)
        last = file.read(1)
    if start not in (b"GIF87a", b"GIF89a") or last != b";":
        raise RuntimeError("the encoder wrote an incomplete GIF (the disk may be full)")


def png(frame: memoryview) -> bytes:
    """An RGBA frame as PNG bytes, without its alpha channel (opaque)."""
    image = io.BytesIO()
    Image.fromarray(np.asarray(frame)[..., :3]).save(image, format="PNG")
    return image.getvalue()


def video_tag(mp4: bytes, poster: bytes, size: tuple[int, int], *, autoplay: bool) -> str:
    """An HTML ``<video>`` holding the MP4 and its PNG poster as base64 data URIs."""
    width, height = size
    return (
        f"<video controls loop muted playsinline{' autoplay' * autoplay} "
        f'width="{width}" height="{height}" style="max-width: 100%; height: auto;" '
        f'poster="data:image/png;base64,{base64.b64encode(poster).decode()}">'
        f'<source type="video/mp4" src="data:video/mp4;base64,{base64.b64encode(mp4).decode()}">'
        "Your browser cannot play this H.264 video.</video>"
    )


def html_page(name: str, video: str) -> str:
    """A self-contained page showing ``video`` (an HTML tag), its title naming the animation."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Gradient descent: {html.escape(name)}</title>\n"
        "<style>body { margin: 0; display: flex; justify-content: center; background: #fff; }"
        f"</style>\n</head>\n<body>\n{video}\n</body>\n</html>\n"
    )
