"""Embed animations in sphinx-gallery pages as MP4 video with a poster, working offline.

* :func:`scraper` is a sphinx-gallery image scraper, :func:`reset_shown_animations`
  its ``reset_modules`` hook (see ``docs/conf.py``). An animation a code block
  passes to :func:`gdexplain.show`, or names on its last line, is saved as an MP4
  beside the gallery images, its last frame a PNG poster (also the thumbnail), and
  embedded with a ``.. video::`` directive (sphinxcontrib-video).
* As a Sphinx extension, the module copies each local poster into ``_images/``
  (sphinxcontrib-video copies nothing) and points the page there, so pages work
  from disk.
"""

from __future__ import annotations

import ast
import os
import posixpath
import subprocess
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Sphinx is a docs dependency: importing this module (as pytest's doctests do) must not need it.
if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

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

# -- The sphinx-gallery scraper --------------------------------------------------------------


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


# -- The Sphinx extension: local posters -----------------------------------------------------


def _register_posters(app: Sphinx, doctree: nodes.document) -> None:
    """At read time, note each local poster as an image of the page (like ``.. image::``)."""
    from sphinxcontrib.video import video_node

    env = app.env
    for node in doctree.findall(video_node):
        poster = node["poster"]
        if poster and not poster.startswith("data:") and not urllib.parse.urlparse(poster).netloc:
            src, fullpath = env.relfn2path(poster, env.docname)
            env.note_dependency(fullpath)
            env.images.add_file(env.docname, src)
            node["gdexplain_poster"] = src


def _link_posters(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """At write time, copy the posters with the images and point the HTML at the copy."""
    from sphinx.util.osutil import relative_uri
    from sphinxcontrib.video import video_node

    builder = app.builder
    if not hasattr(builder, "imagedir"):
        return
    image_dir = relative_uri(builder.get_target_uri(docname), builder.imagedir)
    for node in doctree.findall(video_node):
        src = node.get("gdexplain_poster")
        if src is not None:
            builder.images[src] = app.env.images[src][1]
            node["poster"] = posixpath.join(image_dir, urllib.parse.quote(builder.images[src]))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the poster handling (needs ``sphinxcontrib.video``)."""
    app.setup_extension("sphinxcontrib.video")
    app.connect("doctree-read", _register_posters)
    app.connect("doctree-resolved", _link_posters)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
