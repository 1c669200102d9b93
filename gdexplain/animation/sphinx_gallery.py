"""Embed animations in a sphinx-gallery page as MP4 video, and serve video posters offline.

Two pieces, both named in the site's ``conf.py``:

* :func:`scraper`, a sphinx-gallery image scraper (``"image_scrapers":
  ("gdexplain.animation.sphinx_gallery.scraper", "matplotlib")``), with
  :func:`reset_shown_animations`, its ``reset_modules`` hook. A code block that
  calls :func:`gdexplain.show` on an animation, or whose last line is the name
  of one, shows it, as a Jupyter cell does: the scraper saves that
  :class:`~gdexplain.animation.DescentAnimation`
  (or matplotlib ``Animation``, such as celluloid's) as an MP4 beside the
  gallery images, with its last frame as a PNG poster that sphinx-gallery also
  uses as the example's thumbnail, and returns a ``.. video::`` directive
  (sphinxcontrib-video), which copies the MP4 into the build. The page thus
  shows each animation where the downloaded notebook shows it, once, and an
  animation made in one block (to time it, say) can be shown in a later one.
* The Sphinx extension in this module (list ``"gdexplain.animation.sphinx_gallery"``
  in ``extensions``). sphinxcontrib-video writes ``:poster:`` into the HTML
  verbatim and copies nothing, so a local poster would be a broken link. The
  extension registers each local poster as an image of its page, so Sphinx
  copies it into ``_images/`` like any figure, and rewrites the attribute to
  point there. Pages then work from disk, with no request outside the site.
"""

from __future__ import annotations

import ast
import contextlib
import os
import posixpath
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Sphinx is a docs dependency only: importing this module (as pytest's
# doctest collection does) must not need it.
if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

_SCRAPED_KEY = "gdexplain_scraped_animations"

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
   :alt: {alt}

"""

_NO_VIDEO_TEXT = (
    "Your browser cannot play this MP4 (H.264) video; the poster shows its last frame."
)


# -- The sphinx-gallery scraper --------------------------------------------------------------


def scraper(block: Any, block_vars: dict[str, Any], gallery_conf: dict[str, Any]) -> str:
    """Save the animations a code block shows and return the rST that embeds them.

    Parameters
    ----------
    block : sphinx_gallery.py_source_parser.Block
        The code block just executed; ``block.content`` is its source.
    block_vars : dict
        The example's variables, as sphinx-gallery keeps them: ``example_globals`` holds
        the names the script has defined so far, ``image_path_iterator`` hands
        out the image paths of the page.
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
    shown: dict[int, object] = block_vars.setdefault(_SCRAPED_KEY, {})
    directives = []
    for animation in candidates:
        if not is_animation(animation) or id(animation) in shown:
            continue
        shown[id(animation)] = animation
        poster = Path(block_vars["image_path_iterator"].next())
        video = poster.with_suffix(".mp4")
        _save_with_poster(animation, video, poster)
        directives.append(
            _VIDEO_RST.format(
                video=_source_path(video, gallery_conf["src_dir"]),
                poster=_source_path(poster, gallery_conf["src_dir"]),
                alt=_NO_VIDEO_TEXT,
            )
        )
    return "".join(directives)


def reset_shown_animations(gallery_conf: dict[str, Any], fname: str | None, when: str) -> None:
    """sphinx-gallery's ``reset_modules`` hook: note which example is running.

    Listed in ``docs/conf.py`` (``"reset_modules"``, with ``"reset_modules_order":
    "both"``), it is called before and after each example. While an example
    runs, :func:`gdexplain.show` hands its animations to :func:`scraper`
    instead of saving files beside the script.
    """
    global _RUNNING_EXAMPLE
    _HANDED_OVER.clear()
    _RUNNING_EXAMPLE = fname if when == "before" else None


def hand_over(animation: object) -> bool:
    """Queue ``animation`` for :func:`scraper` if sphinx-gallery is running an example.

    Returns
    -------
    bool
        Whether an example is running (and the animation was queued).
    """
    if _RUNNING_EXAMPLE is None:
        return False
    _HANDED_OVER.append(animation)
    return True


def _displayed_value(source: str, example_globals: dict[str, Any]) -> object:
    r"""The value of the block's last line if it is a bare name (or ``name.attr``), else None.

    Only names are looked up, never evaluated: running an expression again
    could have side effects.

    Examples
    --------
    >>> _displayed_value("fit = 'an animation'\nfit", {"fit": "an animation"})
    'an animation'
    >>> _displayed_value("fit = make()\nfit.save('fit.mp4')", {"fit": 1}) is None
    True
    """
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None
    if not body or not isinstance(body[-1], ast.Expr):
        return None
    expression = body[-1].value
    attributes = []
    while isinstance(expression, ast.Attribute):
        attributes.append(expression.attr)
        expression = expression.value
    if not isinstance(expression, ast.Name) or expression.id not in example_globals:
        return None
    value = example_globals[expression.id]
    for attribute in reversed(attributes):
        value = getattr(value, attribute, None)
    return value


def is_animation(value: object) -> bool:
    """Whether ``value`` is a :class:`DescentAnimation` or a matplotlib ``Animation``."""
    from matplotlib.animation import Animation

    from gdexplain.animation import DescentAnimation

    return isinstance(value, DescentAnimation | Animation)


def _save_with_poster(animation: Any, video: Path, poster: Path) -> None:
    from gdexplain.animation import DescentAnimation

    if isinstance(animation, DescentAnimation):
        animation.save(video)
        animation.save_frame(-1, poster)
    else:
        _save_matplotlib_animation(animation, video, poster)


def _save_matplotlib_animation(animation: Any, video: Path, poster: Path) -> None:
    """Save a matplotlib ``Animation`` (e.g. celluloid's) as H.264 MP4 with its last frame."""
    import imageio_ffmpeg
    import matplotlib.pyplot as plt

    from gdexplain.animation._show import save_matplotlib_animation

    save_matplotlib_animation(animation, video)
    _last_frame_png(imageio_ffmpeg.get_ffmpeg_exe(), video, poster)
    # Else the matplotlib scraper would add a static copy of the same figure.
    with contextlib.suppress(Exception):
        plt.close(animation._fig)


def _last_frame_png(ffmpeg: str, video: Path, poster: Path) -> None:
    import subprocess

    # -update 1 keeps overwriting one image, so the file ends as the last frame.
    subprocess.run(
        [ffmpeg, "-v", "error", "-y", "-i", os.fspath(video), "-update", "1", os.fspath(poster)],
        check=True,
    )


def _source_path(path: Path, src_dir: str) -> str:
    """``path`` as a Sphinx source-absolute path (``/auto_examples/...``)."""
    return "/" + Path(os.path.relpath(path, src_dir)).as_posix()


# -- The Sphinx extension: local posters -----------------------------------------------------


def _video_nodes(doctree: nodes.Node) -> Iterator[nodes.Element]:
    from sphinxcontrib.video import video_node

    yield from doctree.findall(video_node)


def _is_local(uri: str) -> bool:
    return bool(uri) and not uri.startswith("data:") and not urllib.parse.urlparse(uri).netloc


def _register_posters(app: Sphinx, doctree: nodes.document) -> None:
    """At read time, note each local poster as an image of the page (like ``.. image::``)."""
    env = app.env
    for node in _video_nodes(doctree):
        if _is_local(node["poster"]):
            src, fullpath = env.relfn2path(node["poster"], env.docname)
            env.note_dependency(fullpath)
            env.images.add_file(env.docname, src)
            node["gdexplain_poster"] = src


def _link_posters(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """At write time, copy the posters with the images and point the HTML at the copy."""
    from sphinx.util.osutil import relative_uri

    builder = app.builder
    if not hasattr(builder, "imagedir"):
        return
    image_dir = relative_uri(builder.get_target_uri(docname), builder.imagedir)
    for node in _video_nodes(doctree):
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
