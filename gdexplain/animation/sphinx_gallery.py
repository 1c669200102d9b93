"""Embed animations in sphinx-gallery pages as MP4 video with a poster.

:func:`scraper` is a sphinx-gallery image scraper, :func:`reset_shown_animations`
its ``reset_modules`` hook (see ``docs/conf.py``). An animation a code block passes
to :func:`gdexplain.show`, or names on its last line, is saved as an MP4 beside the
gallery images, its last frame a PNG poster (also the thumbnail), and embedded with
a ``.. video::`` directive (sphinxcontrib-video). The site's ``docs/_ext/videos.py``
copies the posters into the build, so the pages also work from disk.
"""

from __future__ import annotations

import ast
import os
import subprocess
from pathlib import Path
from typing import Any

# The example sphinx-gallery is running (set by reset_shown_animations), and the
# animations its current block passed to gdexplain.show, for the scraper.
_RUNNING_EXAMPLE: str | None = None
_HANDED_OVER: list[object] = []

_VIDEO_RST = """
.. video:: {video}
   :class: sphx-glr-single-img gdexplain-video
   :poster: {poster}
   :loop:
   :muted:
   :playsinline:
   :preload: metadata
   :alt: Your browser cannot play this MP4 (H.264) video; the poster shows its last frame.

"""


def scraper(block: Any, block_vars: dict[str, Any], gallery_conf: dict[str, Any]) -> str:
    """Save the animations a code block shows and return the rST that embeds them.

    Parameters
    ----------
    block : sphinx_gallery.py_source_parser.Block
        The code block just executed; ``block.content`` is its source.
    block_vars : dict
        The example's ``example_globals`` and ``image_path_iterator``.
    gallery_conf : dict
        The gallery's configuration; ``src_dir`` is the Sphinx source folder.

    Returns
    -------
    str
        A ``.. video::`` directive for each animation the block passed to
        :func:`gdexplain.show`, and for an animation its last line names, if
        not shown before in this example; otherwise an empty string.
    """
    candidates = [*_HANDED_OVER, _displayed_value(block.content, block_vars["example_globals"])]
    _HANDED_OVER.clear()
    # Keep shown objects alive for the whole example, so their ids stay unique.
    shown: dict[int, object] = block_vars.setdefault("gdexplain_scraped_animations", {})
    directives = []
    for animation in candidates:
        if not is_animation(animation) or id(animation) in shown:
            continue
        shown[id(animation)] = animation
        poster = Path(block_vars["image_path_iterator"].next())
        video = poster.with_suffix(".mp4")
        _save_with_poster(animation, video, poster)
        src = gallery_conf["src_dir"]
        rst = _VIDEO_RST.format(video=_source_path(video, src), poster=_source_path(poster, src))
        directives.append(rst)
    return "".join(directives)


def reset_shown_animations(gallery_conf: dict[str, Any], fname: str | None, when: str) -> None:
    """sphinx-gallery's ``reset_modules`` hook (order ``"both"``): note which example runs.

    While one runs, :func:`gdexplain.show` hands its animations to :func:`scraper`.
    """
    global _RUNNING_EXAMPLE
    _HANDED_OVER.clear()
    _RUNNING_EXAMPLE = fname if when == "before" else None


def hand_over(animation: object) -> bool:
    """Queue ``animation`` for :func:`scraper` if sphinx-gallery runs an example; say if it did."""
    if _RUNNING_EXAMPLE is None:
        return False
    _HANDED_OVER.append(animation)
    return True


def _displayed_value(source: str, example_globals: dict[str, Any]) -> object:
    """The value of the block's last line if it is a name or ``name.attr``, looked up (not run)."""
    try:
        last = ast.parse(source).body[-1]
    except (SyntaxError, IndexError):
        return None
    names = ast.unparse(last).split(".") if isinstance(last, ast.Expr) else []
    if not names or not all(name.isidentifier() for name in names):
        return None  # a call, an operation...: running it again could have side effects
    value = example_globals.get(names[0])
    for attribute in names[1:]:
        value = getattr(value, attribute, None)
    return value


def is_animation(value: object) -> bool:
    """Whether ``value`` is a :class:`DescentAnimation` or a matplotlib ``Animation``."""
    from matplotlib.animation import Animation

    from gdexplain.animation import DescentAnimation

    return isinstance(value, DescentAnimation | Animation)


def _save_with_poster(animation: Any, video: Path, poster: Path) -> None:
    from gdexplain.animation import DescentAnimation, _writers
    from gdexplain.animation._show import close_figure, save

    save(animation, video)
    if isinstance(animation, DescentAnimation):
        animation.save_frame(-1, poster)
        return
    # -update 1 keeps overwriting one image, so the file ends as the last frame.
    command = [_writers.ffmpeg(), "-v", "error", "-y", "-i", os.fspath(video), "-update", "1"]
    subprocess.run([*command, os.fspath(poster)], check=True)
    close_figure(animation)  # else the matplotlib scraper would add a still of the same figure


def _source_path(path: Path, src_dir: str) -> str:
    """``path`` as a Sphinx source-absolute path (``/auto_examples/...``)."""
    return "/" + Path(os.path.relpath(path, src_dir)).as_posix()
