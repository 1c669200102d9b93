"""One small writer per format: frames of raw RGBA pixels in, a file out.

Frames go to ffmpeg (the binary ``imageio-ffmpeg`` ships) as soon as they are
drawn; one is in memory at a time, whatever the number of frames.
"""

from __future__ import annotations

import base64
import html
import io
import tempfile
from collections.abc import Iterable
from pathlib import Path

import imageio_ffmpeg
import numpy as np
from PIL import Image

#: x264 options for an MP4 every browser plays (yuv420p), that starts playing
#: before it is downloaded (+faststart); ``veryfast`` at crf 19, tuned for flat
#: animation, is as faithful as x264's defaults for much less CPU.
MP4_OPTIONS = [
    *("-preset", "veryfast", "-tune", "animation", "-crf", "19"),
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
    _encode(path, frames, size, fps, "libx264", *MP4_OPTIONS)


def write_gif(path: Path, frames: Frames, size: Size, fps: float, samples: Frames) -> None:
    """Encode ``frames`` as a GIF, its palette made from a few ``samples``.

    A palette from all frames would mean holding every frame until it is known;
    a few already show the scene's and the path's colours.
    """
    with tempfile.TemporaryDirectory(prefix="gdexplain-") as folder:
        palette = Path(folder) / "palette.png"
        _encode(palette, samples, size, fps, "png", *PALETTE_OPTIONS)
        # write_frames puts its codec options before ours, so they apply to the
        # next input, the palette: a PNG decoded as RGBA.
        _encode(path, frames, size, fps, "png", "-i", str(palette), *GIF_OPTIONS)


def ffmpeg() -> str:
    """The path of imageio-ffmpeg's ffmpeg; if it has none, a RuntimeError says how to get it."""
    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as error:
        raise RuntimeError(
            f"saving a video needs the ffmpeg of the imageio-ffmpeg package, not available "
            f"({error}); install it with `pip install imageio-ffmpeg`"
        ) from error


def _encode(path: Path, frames: Frames, size: Size, fps: float, codec: str, *options: str) -> None:
    """Send every frame to one ffmpeg writing ``path`` with ``codec``; RuntimeError if it fails."""
    ffmpeg()  # write_frames finds it again; this call says why, when it cannot
    writer = imageio_ffmpeg.write_frames(
        str(path),
        size,
        pix_fmt_in="rgba",
        pix_fmt_out="yuv420p" if codec == "libx264" else "rgba",  # H.264 as every browser plays it
        fps=fps,
        quality=None,
        codec=codec,
        macro_block_size=2,  # sizes are even already: never rescaled
        ffmpeg_log_level="error",
        output_params=list(options),
    )
    writer.send(None)
    try:
        for frame in frames:
            writer.send(frame)
    except OSError as error:
        raise RuntimeError(f"ffmpeg stopped while writing {path} (its reason is above)") from error
    finally:
        writer.close()
    if not path.is_file() or path.stat().st_size == 0:
        raise RuntimeError(f"ffmpeg failed to write {path} (its reason is above)")


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
