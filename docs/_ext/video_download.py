"""A "Download MP4" link under every embedded video, to the very file the video plays.

sphinxcontrib-video copies each local video into ``_images/`` and points ``<source>`` there,
but a reader has no visible way to take the file away (a teacher wants it on a slide). This
extension adds, after each video, a link to that same copy: no second file in the build, and a
relative URL, so it works from ``file://`` as well as from a server. The ``download``
attribute asks the browser to save rather than play it where the browser allows that.
"""

from __future__ import annotations

import html
import posixpath
import urllib.parse
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri
from sphinxcontrib.video import video_node

#: What the link says, and the class that marks it (tests and CSS find it by the class).
LINK_TEXT = "Download MP4"
LINK_CLASS = "gdexplain-video-download"


def _mp4_source(node: video_node) -> str | None:
    """The image-registry name of the node's first local MP4 source, if it has one."""
    for src, mime_type, is_remote in node["sources"]:
        if not is_remote and mime_type == "video/mp4":
            return src
    return None


def _human_size(n_bytes: int) -> str:
    return f"{n_bytes / 1e6:.1f} MB" if n_bytes >= 1e6 else f"{max(1, round(n_bytes / 1e3))} kB"


def add_download_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put a download link after each video whose MP4 Sphinx copies into the build."""
    builder = app.builder
    if builder.format != "html" or not hasattr(builder, "imagedir"):
        return
    image_dir = relative_uri(builder.get_target_uri(docname), builder.imagedir)
    for node in list(doctree.findall(video_node)):
        src = _mp4_source(node)
        # A missing file gets no link: Sphinx reports it ("cannot copy image file").
        if src is None or src not in app.env.images or not (app.srcdir / src).is_file():
            continue
        _docnames, copied_name = app.env.images[src]
        href = posixpath.join(image_dir, urllib.parse.quote(copied_name))
        size = _human_size((app.srcdir / src).stat().st_size)
        link = (
            f'<p class="{LINK_CLASS}"><a class="reference download" href="{html.escape(href)}"'
            f' download="{html.escape(posixpath.basename(copied_name))}">'
            f"{LINK_TEXT}</a> ({size})</p>\n"
        )
        node.parent.insert(node.parent.index(node) + 1, nodes.raw("", link, format="html"))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the link writer (after sphinxcontrib-video, which it reads)."""
    app.setup_extension("sphinxcontrib.video")
    app.connect("doctree-resolved", add_download_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
