"""Sphinx configuration for the gdexplain site.

The site must build and read offline: no intersphinx, no CDN. Formulas are
rendered to HTML at build time (sphinxcontrib-katex with node), so that no page
loads a math script; KaTeX's style sheet and fonts come from the npm package of
the same version (``npm ci --prefix docs``).
"""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.parse
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib import katex

import gdexplain

logger = logging.getLogger(__name__)

# Site-only extensions (docs/_ext/): they are not part of the package.
sys.path.insert(0, str(Path(__file__).with_name("_ext")))

project = "gdexplain"
author = "gdexplain developers"
copyright = "gdexplain developers"
release = version = gdexplain.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    # Formulas rendered to HTML at build time: no math script in the pages (see below).
    "sphinxcontrib.katex",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "sphinxcontrib.video",
    # Each video's poster copied into the build, and a "Download MP4" link under it.
    "videos",
    "sphinx_copybutton",
    # The `.. gdexplain-explore::` directive: the explorer on the landing page.
    "gdexplain.explore.sphinx",
    "sphinx_design",
    # The exercises' answers as <details> in the downloaded notebooks (no raw reST there).
    "notebook_answers",
    # After the build: unused icon rules and glyphs, source maps out; PNGs with a palette.
    "lean_site",
]

# sphinx-gallery's timing tables load jQuery and DataTables from CDNs: keep the
# generated .rst (they hold the per-example times) but do not build them into pages.
exclude_patterns = [
    "sg_execution_times.rst",
    "auto_examples/sg_execution_times.rst",  # "**/" below needs a folder between
    "auto_examples/**/sg_execution_times.rst",
]
templates_path = ["_templates"]


# -- Math, rendered at build time -------------------------------------------------------------
# sphinxcontrib-katex runs KaTeX (bundled in the wheel) under node while Sphinx writes each
# page, so a page holds its formulas as HTML and loads no math script: KaTeX's style sheet
# (21 kB) and the few fonts a page's formulas use, where MathJax's tex-svg.js was 2.1 MB on
# every page. The style sheet and fonts come from the npm package `katex` of the very version
# the wheel renders with (docs/package.json); only the WOFF2 fonts are copied (every browser
# the theme supports reads them), 0.3 MB instead of the package's 3 MB.

katex_prerender = True
katex_css_path = "katex/katex.min.css"  # relative to _static
KATEX_DIST = Path(__file__).with_name("node_modules") / "katex" / "dist"
# The WOFF and TrueType fallbacks of each @font-face, which the site does not ship.
_KATEX_FALLBACK_FONTS = re.compile(r',url\(fonts/[\w-]+\.(?:woff|ttf)\) format\("\w+"\)')


def _katex_assets(folder: Path) -> None:
    """Write KaTeX's style sheet (WOFF2 fonts only) and those fonts into ``folder/katex``."""
    package = KATEX_DIST.parent / "package.json"
    if not package.is_file():
        raise RuntimeError(
            f"no KaTeX style sheet and fonts in {KATEX_DIST.parent}: run `npm ci --prefix docs`"
        )
    version = json.loads(package.read_text())["version"]
    if version != katex.katex_version:
        raise RuntimeError(
            f"KaTeX {version} in docs/node_modules, but sphinxcontrib-katex renders with "
            f"{katex.katex_version}: make docs/package.json's version {katex.katex_version} "
            "and run `npm install --prefix docs`"
        )
    css = _KATEX_FALLBACK_FONTS.sub("", (KATEX_DIST / "katex.min.css").read_text())
    if re.search(r"\.(?:woff|ttf)\)", css):
        raise RuntimeError("KaTeX's style sheet names fonts in an unexpected way: update conf.py")
    target = folder / "katex"
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    (target / "katex.min.css").write_text(css)
    for font in (KATEX_DIST / "fonts").glob("*.woff2"):
        (target / "fonts" / font.name).write_bytes(font.read_bytes())


def _add_katex_assets(app: Sphinx) -> None:
    """Have Sphinx copy KaTeX's style sheet and fonts into ``_static/katex``."""
    folder = Path(app.doctreedir) / "katex-static"
    _katex_assets(folder)
    app.config.html_static_path.append(str(folder))


def _katex_display(latex: str) -> str:
    r"""A display block as KaTeX must be given it, wrapped as Sphinx wraps it for MathJax.

    Sphinx hands MathJax a block whose lines are split by ``\\`` and aligned by ``&`` inside
    ``split``, and several equations (separated by blank lines) one per line; sphinxcontrib-katex
    passes the text as written, which KaTeX refuses at the top level. ``aligned`` and
    ``gathered`` draw the same.
    """
    parts = [part.strip() for part in latex.split("\n\n") if part.strip()]
    parts = [
        rf"\begin{{aligned}}{part}\end{{aligned}}" if "\\\\" in part else part for part in parts
    ]
    if len(parts) == 1:
        return parts[0]
    return r"\begin{gathered}" + r" \\ ".join(parts) + r"\end{gathered}"


# KaTeX writes a formula it cannot parse as red text and carries on: make that a warning,
# which -W turns into a failed build.
_KATEX_ERROR = re.compile(r'class="katex-error"[^>]*title="([^"]*)"')


def _warn_on_katex_errors(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    for message in _KATEX_ERROR.findall(context.get("body", "")):
        logger.warning("%s: KaTeX cannot render a formula: %s", pagename, message)


def _wrap_display_math(app: Sphinx, doctree: nodes.document) -> None:
    for block in doctree.findall(nodes.math_block):
        if not block.get("nowrap"):
            block.children = [nodes.Text(_katex_display(block.astext()))]


# -- API reference ---------------------------------------------------------------------------

autosummary_generate = True
autodoc_typehints = "none"  # numpydoc's Parameters sections already give the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
# "save()" rather than "DescentAnimation.save()" in the page's table of contents.
toc_object_entries_show_parents = "hide"


# numpydoc checks every docstring the API pages show; -W makes a failed check fatal.
numpydoc_validation_checks = {
    "all",
    # Left out for good:
    "ES01",  # an extended summary: a one-line summary is often all a small function needs
    "SA01",  # a See Also section: not every function has a sibling worth naming
    "EX01",  # an Examples section: the gallery shows most functions at work
}
# The explorer's Sphinx directive: its constructor and attributes are docutils' own.
numpydoc_validation_exclude = {r"\.ExploreDirective(\.|$)"}


# -- Code cells: a copy button that copies the code only --------------------------------------

# Every code block gets a button, but not sphinx-gallery's printed output (a sibling block
# under div.sphx-glr-script-out): a reader pastes a cell into a notebook and runs it.
copybutton_selector = ":not(.sphx-glr-script-out) > div.highlight > pre"
# Doctests in docstrings: copy the code after ">>> " and "... ", never the output lines.
copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_exclude = ".linenos, .gp, .go"


# -- Gallery ---------------------------------------------------------------------------------

sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    # The course's sections, in reading order (tests/conftest.py's SECTIONS names them too).
    "subsection_order": [
        f"../gallery/{section}"
        for section in (
            "foundations",
            "why_slow",
            "faster",
            "several_features",
            "classification",
            "explore",
            "appendix",
        )
    ],
    "within_subsection_order": "FileNameSortKey",
    # A string, not the function: Sphinx pickles its configuration, and a
    # function defined here would be an unpicklable value (a -W warning).
    # Animations are found as sphinx-gallery finds them (bound to a name, figure open).
    # docs/_ext/animation_scraper.py embeds each first, with a poster and, for gdexplain's,
    # a second, stacked video for phones, which sphinx-gallery's own path (enabled here,
    # the fallback for any animation the scraper leaves open) cannot give.
    "image_scrapers": ("animation_scraper.scraper", "matplotlib"),
    "matplotlib_animations": (True, "mp4"),
    # Animations are embedded as MP4 files by the scrapers; a cell's _repr_html_ would
    # embed one again, as base64 in the page.
    "capture_repr": (),
    "remove_config_comments": True,
    # One zip of every script and one of every notebook, on the gallery's index.
    "download_all_examples": True,
    # "Examples using X" on each API page: the scripts import from the top level
    # (`from gdexplain import gradient_descent`), and those are the names the API pages
    # document, so backreferences are recorded under `gdexplain.NAME`.
    "backreferences_dir": "api/generated/backreferences",
    "doc_module": ("gdexplain",),
    # Run the examples in parallel, one per core (a few at most: each worker imports
    # matplotlib and the package). Not `True`, which would follow Sphinx's -j (see
    # docs/build_html.py for why the build does not use -j).
    "parallel": min(os.cpu_count() or 1, 4),
    # A lesson shows the lesson: no "Total running time" line (the build's timings stay in
    # sg_execution_times.rst) and no "Gallery generated by Sphinx-Gallery" line.
    "show_memory": False,
    "min_reported_time": float("inf"),
    "show_signature": False,
    "thumbnail_size": (400, 280),
}


# -- HTML ------------------------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = "gdexplain"
html_static_path = ["_static"]
html_css_files = ["gdexplain.css"]
# Scales display math that is wider than the column down to fit (see the file).
html_js_files = ["gdexplain-math.js"]
html_show_sourcelink = False
html_copy_source = False
html_context = {
    "default_mode": "auto",
    # Inlined by _templates/layout.html; see there.
    "favicon_data_uri": "data:image/svg+xml,"
    + urllib.parse.quote(
        Path(__file__).with_name("_templates").joinpath("favicon.svg").read_text()
    ),
}
# Pages without sub-pages get the whole width, not an empty navigation column.
html_sidebars = {"index": [], "own_data": []}
html_theme_options = {
    # Nothing that would fetch from another site: no icon links, analytics,
    # version switcher or ads.
    "icon_links": [],
    "analytics": {},
    "navbar_end": ["theme-switcher"],
    "primary_sidebar_end": [],
    "footer_start": ["copyright"],
    "footer_end": [],
    # The landing page is short: its video gets the room of an "On this page" box.
    "secondary_sidebar_items": {"**": ["page-toc"], "index": []},
    "show_version_warning_banner": False,
    "navigation_with_keys": False,
    "show_prev_next": True,
    "header_links_before_dropdown": 4,
}


# -- The animation kinds, from their registry -------------------------------------------------
# api.rst includes a list written here from gdexplain.animation.kinds.KINDS, so a
# new kind appears on the API page without editing it. The list is no page of
# its own, but autosummary must read it to write the kinds' pages.

_ANIMATION_LIST = "api_animations.rst"  # beside api.rst: the same relative paths
exclude_patterns.append(_ANIMATION_LIST)
autosummary_generate = sorted(
    {path.name for path in Path(__file__).parent.glob("*.rst")} - {_ANIMATION_LIST}
)
autosummary_generate.append(_ANIMATION_LIST)


def _write_animation_list() -> None:
    from gdexplain.animation.kinds import KINDS

    names = [kind.function_name for kind in KINDS] + ["DescentAnimation"]
    lines = [".. currentmodule:: gdexplain", "", ".. autosummary::", "   :toctree: api/generated"]
    lines += ["   :nosignatures:", ""]
    text = "\n".join(lines + [f"   {name}" for name in names]) + "\n"
    target = Path(__file__).parent / _ANIMATION_LIST
    if not target.exists() or target.read_text() != text:  # rewritten only on change
        target.write_text(text)


_write_animation_list()


# -- Hooks -----------------------------------------------------------------------------------


def _skip_namedtuple_fields(
    app: Sphinx, what: str, name: str, obj: object, skip: bool, options: dict
) -> bool | None:
    """Leave out ``State``'s "Alias for field number N" fields: its signature names them."""
    if (getattr(obj, "__doc__", None) or "").startswith("Alias for field number"):
        return True
    return None


def setup(app: Sphinx) -> None:
    """Connect the hooks above (functions here are fine: they are not config values)."""
    app.connect("autodoc-skip-member", _skip_namedtuple_fields)
    app.connect("builder-inited", _add_katex_assets)
    app.connect("doctree-read", _wrap_display_math)
    app.connect("html-page-context", _warn_on_katex_errors)
