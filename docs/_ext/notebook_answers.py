"""The lessons' hidden answers in the downloaded notebooks: ``<details>``, not raw reST.

On the site each exercise's answer is a sphinx-design ``.. dropdown::``. sphinx-gallery turns a
lesson's text into Markdown for its notebook, but it knows only a few directives, so the
dropdown would reach the reader as reST. Markdown cells render HTML, and ``<details>`` is the
same collapsed block there. Each notebook is rewritten right after sphinx-gallery makes it, and so
is every zip that holds one, so the page's, the zip's and the gallery's notebooks are the same.
"""

from __future__ import annotations

import json
import re
import textwrap
import zipfile
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

#: A dropdown's first line: its indentation and its title.
DROPDOWN = re.compile(r"^(?P<indent>[ \t]*)\.\. dropdown:: *(?P<title>.*)$")


def answers_as_details(markdown: str) -> str:
    """Rewrite every ``.. dropdown:: Title`` block of ``markdown`` as a ``<details>`` block.

    The block's body is the lines indented deeper than the directive (blank lines
    included); it keeps the directive's own indentation, so an answer inside a list item
    stays in it.
    """
    lines, out = markdown.split("\n"), []
    index = 0
    while index < len(lines):
        match = DROPDOWN.match(lines[index])
        if match is None:
            out.append(lines[index])
            index += 1
            continue
        indent, index = match["indent"], index + 1
        body = []
        while index < len(lines) and (
            not lines[index].strip()
            or len(lines[index]) - len(lines[index].lstrip()) > len(indent)
        ):
            body.append(lines[index])
            index += 1
        text = textwrap.indent(textwrap.dedent("\n".join(body)).strip("\n"), indent)
        title = match["title"] or "Answer"
        out += [
            f"{indent}<details><summary>{title}</summary>",
            "",
            text,
            "",
            f"{indent}</details>",
        ]
        if index < len(lines):
            out.append("")
    return "\n".join(out)


def rewrite_notebook(text: str) -> str:
    """A notebook's JSON with the answers of its Markdown cells as ``<details>``."""
    notebook = json.loads(text)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"])
            cell["source"] = answers_as_details(source).splitlines(keepends=True)
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def rewrite_gallery(app: Sphinx) -> None:
    """Rewrite the notebooks sphinx-gallery has just written, and the zips that hold them."""
    gallery = Path(app.srcdir) / app.config.sphinx_gallery_conf["gallery_dirs"]
    for notebook in gallery.rglob("*.ipynb"):
        notebook.write_text(rewrite_notebook(notebook.read_text("utf-8")), "utf-8")
    for archive in gallery.rglob("*.zip"):
        with zipfile.ZipFile(archive) as old:
            members = [(info, old.read(info)) for info in old.infolist()]
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as new:
            for info, data in members:
                if info.filename.endswith(".ipynb"):
                    data = rewrite_notebook(data.decode("utf-8")).encode("utf-8")
                new.writestr(info, data)


def setup(app: Sphinx) -> dict[str, Any]:
    """Run after sphinx-gallery's own ``builder-inited`` handler, which writes the notebooks."""
    app.connect("builder-inited", rewrite_gallery, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
