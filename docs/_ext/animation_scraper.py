"""Embed the animations a gallery example shows as MP4 videos with a poster.

Site-only glue for sphinx-gallery (see ``sphinx_gallery_conf`` in ``conf.py``):
:func:`queue_shown_animations` is its ``reset_modules`` hook, :func:`scraper` an image
scraper. While an example runs, :func:`gdexplain.show` queues its animations instead of
saving them; after each code block the scraper saves each one as an MP4 beside the
gallery's images, its last frame as a PNG poster (also the thumbnail), and embeds it
with a ``.. video::`` directive (sphinxcontrib-video): one video per ``show`` call, as
``plt.show`` gives one image per call. ``videos.py`` then copies the posters into the
build and adds the download links.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt

from gdexplain.animation import DescentAnimation, _show, _writers

VIDEO_RST = """
.. video:: {video}
   :class: sphx-glr-single-img gdexplain-video
   :poster: {poster}
   :loop:
   :muted:
   :playsinline:
   :preload: metadata
   :alt: Your browser cannot play this MP4 (H.264) video; the poster shows its last frame.

"""


def queue_shown_animations(gallery_conf: dict[str, Any], fname: str | None, when: str) -> None:
    """sphinx-gallery's ``reset_modules`` hook (order ``"both"``): queue what ``show`` gets."""
    _show.gallery_queue = [] if when == "before" else None


def scraper(block: Any, block_vars: dict[str, Any], gallery_conf: dict[str, Any]) -> str:
    """Save the animations the block passed to :func:`gdexplain.show`; the rST embedding them."""
    queued = _show.gallery_queue or []
    directives = [
        _embed(animation, Path(block_vars["image_path_iterator"].next()), gallery_conf["src_dir"])
        for animation in queued
    ]
    queued.clear()
    return "".join(directives)


def _embed(animation: Any, poster: Path, src_dir: str) -> str:
    video = poster.with_suffix(".mp4")
    _show.save(animation, video)
    if isinstance(animation, DescentAnimation):
        animation.save_frame(-1, poster)
    else:  # a matplotlib animation: with -update 1, ffmpeg's image ends as the last frame
        command = [_writers.ffmpeg(), "-v", "error", "-y", "-i", os.fspath(video), "-update", "1"]
        subprocess.run([*command, os.fspath(poster)], check=True)
        plt.close(animation._fig)  # else the matplotlib scraper adds a still of it
    return VIDEO_RST.format(
        video=_source_path(video, src_dir), poster=_source_path(poster, src_dir)
    )


def _source_path(path: Path, src_dir: str) -> str:
    """``path`` as a Sphinx source-absolute path (``/auto_examples/...``)."""
    return "/" + Path(os.path.relpath(path, src_dir)).as_posix()
