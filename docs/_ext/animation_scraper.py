"""Embed gdexplain's animations as two MP4 videos, one for wide screens and one for phones.

Site-only glue for sphinx-gallery (``image_scrapers`` in ``conf.py``, before its own
``"matplotlib"`` scraper). It finds a block's animations as sphinx-gallery's own path
(``matplotlib_animations``) does: each matplotlib ``Animation`` bound to a module-level name
whose figure is still open. That path writes one MP4 at the figure's size and a
``.. video::`` without a poster: on a 390-px phone an 800-px video's 11-pt text is 7.4 px
(measured in Chromium), and a phone needs a second video, the panels stacked
(``DescentAnimation.in_layout("tall")``, 13.2 px there), which only the animation can draw.

For each :class:`~gdexplain.DescentAnimation`, this scraper saves beside the gallery's
images the MP4 (fast path), its last frame as a PNG poster (also the page's thumbnail),
and the tall MP4 (``..._phone.mp4``); it embeds them with one ``.. video::`` whose first
source is the phone's (``videos.py`` adds its ``media`` query, copies the poster and adds
the download link). Any other animation gets its MP4 and last-frame poster. Then it closes
the figure, so the matplotlib scraper (and its animation path) leaves it alone.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.animation import Animation

from gdexplain import DescentAnimation
from gdexplain.animation import _show, _writers

VIDEO_RST = """
.. video:: {sources}
   :class: sphx-glr-single-img gdexplain-video
   :poster: {poster}
   :loop:
   :muted:
   :playsinline:
   :preload: metadata
   :alt: Your browser cannot play this MP4 (H.264) video; the poster shows its last frame.

"""

#: What the phone video's file name adds to the wide one's stem.
PHONE_SUFFIX = "_phone"


def scraper(block: Any, block_vars: dict[str, Any], gallery_conf: dict[str, Any]) -> str:
    """The rST embedding the block's new animations (bound to names, figures open)."""
    # The open figures themselves: pyplot gives a closed figure's number to the next one.
    open_figures = [plt.figure(number) for number in plt.get_fignums()]
    found = {
        id(value): value
        for value in block_vars["example_globals"].values()
        if isinstance(value, Animation) and any(value._fig is figure for figure in open_figures)
    }
    animations = sorted(found.values(), key=lambda animation: animation._fig.number)
    image_paths = block_vars["image_path_iterator"]
    return "".join(
        _embed(animation, Path(image_paths.next()), gallery_conf["src_dir"])
        for animation in animations
    )


def _embed(animation: Animation, poster: Path, src_dir: str) -> str:
    """Save the videos and poster; the directive. A figure the page drew on has no phone form."""
    video = poster.with_suffix(".mp4")
    sources = [video]
    if isinstance(animation, DescentAnimation):
        last: list[bytes] = []

        def keep_the_last(frame: int, total: int) -> None:
            # Called once a frame is encoded, before the next is drawn: the canvas holds it.
            if frame == total - 1:
                last.append(_writers.png(animation.figure.canvas.buffer_rgba()))

        # The poster is the video's last frame, as save_frame(-1) would draw it again.
        animation.save(video, progress_callback=keep_the_last)
        poster.write_bytes(last[0])
        try:
            tall = animation.in_layout("tall")
        except ValueError:  # the page added to the figure: the wide video alone, scaled down
            pass
        else:
            sources.insert(0, tall.save(video.with_stem(video.stem + PHONE_SUFFIX)))
    else:  # another matplotlib animation (celluloid's): with -update 1, the image is the last
        _show.save(animation, video)
        command = [_writers.ffmpeg(), "-v", "error", "-y", "-i", os.fspath(video), "-update", "1"]
        subprocess.run([*command, os.fspath(poster)], check=True)
    plt.close(animation._fig)
    return VIDEO_RST.format(
        sources=" ".join(_source_path(path, src_dir) for path in sources),
        poster=_source_path(poster, src_dir),
    )


def _source_path(path: Path, src_dir: str) -> str:
    """``path`` as a Sphinx source-absolute path (``/auto_examples/...``)."""
    return "/" + Path(os.path.relpath(path, src_dir)).as_posix()
