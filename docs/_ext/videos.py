"""How the site shows each embedded video: a local poster, and a "Download MP4" link.

sphinxcontrib-video copies each local video into ``_images/`` and points ``<source>``
there, but it writes ``:poster:`` into the HTML verbatim and copies nothing, and a reader
has no visible way to take the file away (a teacher wants it on a slide). This extension

* notes each local poster as an image of its page (like ``.. image::``), so Sphinx copies
  it into ``_images/``, and points the video at that copy;
* adds, after each video, a link to the very MP4 it plays (the wide one, of two): no second
  file in the build;
* gives a gdexplain video with two sources (``animation_scraper.py``: the phone's, then the
  wide one) a ``media`` query on the first, so a narrow screen plays the stacked layout and
  every other the wide one (sphinxcontrib-video writes sources without ``media``).

Both are relative URLs, so the pages work from ``file://`` as well as from a server. The
link's ``download`` attribute asks the browser to save rather than play the file.
"""

from __future__ import annotations

import html
import posixpath
import urllib.parse
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri
from sphinx.writers.html5 import HTML5Translator
from sphinxcontrib.video import depart_video_node_html, video_node, visit_video_node_html

#: What the link says, and the class that marks it (tests and CSS find it by the class).
LINK_TEXT = "Download MP4"
LINK_CLASS = "gdexplain-video-download"

#: The screens that get a video's phone source: those of the theme's phone layout
#: (docs/_static/gdexplain.css uses the same breakpoint).
PHONE_MEDIA = "(max-width: 599.98px)"


def register_posters(app: Sphinx, doctree: nodes.document) -> None:
    """At read time, note each local poster as an image of the page."""
    env = app.env
    for node in doctree.findall(video_node):
        poster = node["poster"]
        if poster and not poster.startswith("data:") and not urllib.parse.urlparse(poster).netloc:
            src, fullpath = env.relfn2path(poster, env.docname)
            env.note_dependency(fullpath)
            env.images.add_file(env.docname, src)
            node["gdexplain_poster"] = src


def link_posters_and_downloads(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """At write time, point each video at its copied poster and add its download link."""
    builder = app.builder
    if builder.format != "html":
        return
    image_dir = relative_uri(builder.get_target_uri(docname), builder.imagedir)
    for node in list(doctree.findall(video_node)):
        poster = node.get("gdexplain_poster")
        if poster is not None:
            builder.images[poster] = app.env.images[poster][1]
            node["poster"] = posixpath.join(image_dir, urllib.parse.quote(builder.images[poster]))
        src = next(
            (
                src
                for src, mime, remote in reversed(node["sources"])
                if not remote and mime == "video/mp4"
            ),
            None,
        )
        # A missing file gets no link: Sphinx reports it ("cannot copy image file").
        if src is None or src not in app.env.images or not (app.srcdir / src).is_file():
            continue
        copied_name = app.env.images[src][1]
        href = posixpath.join(image_dir, urllib.parse.quote(copied_name))
        size = _human_size((app.srcdir / src).stat().st_size)
        link = (
            f'<p class="{LINK_CLASS}"><a class="reference download" href="{html.escape(href)}"'
            f' download="{html.escape(posixpath.basename(copied_name))}">'
            f"{LINK_TEXT}</a> ({size})</p>\n"
        )
        node.parent.insert(node.parent.index(node) + 1, nodes.raw("", link, format="html"))


def visit_video(translator: HTML5Translator, node: video_node) -> None:
    """sphinxcontrib-video's ``<video>``, its first source for phones if it has two."""
    visit_video_node_html(translator, node)
    if "gdexplain-video" in node["klass"].split() and len(node["sources"]) == 2:
        html = translator.body[-1]
        translator.body[-1] = html.replace("<source ", f'<source media="{PHONE_MEDIA}" ', 1)


def _human_size(n_bytes: int) -> str:
    return f"{n_bytes / 1e6:.1f} MB" if n_bytes >= 1e6 else f"{max(1, round(n_bytes / 1e3))} kB"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register both (after sphinxcontrib-video, whose nodes they read)."""
    app.setup_extension("sphinxcontrib.video")
    app.add_node(video_node, override=True, html=(visit_video, depart_video_node_html))
    app.connect("doctree-read", register_posters)
    app.connect("doctree-resolved", link_posters_and_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
