"""Sphinx configuration for the gdexplain site.

The site must build and read offline: no intersphinx, no CDN. MathJax comes
from the ``sphinx-mathjax-offline`` wheel, used as a data package (its
``static`` folder is copied into ``_static``), not as an extension: the
extension overrides ``mathjax_path`` and is not parallel-safe.
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
import urllib.parse
from pathlib import Path

from sphinx.application import Sphinx

import gdexplain

# Site-only extensions (docs/_ext/): they are not part of the package.
sys.path.insert(0, str(Path(__file__).with_name("_ext")))

project = "gdexplain"
author = "gdexplain developers"
copyright = "gdexplain developers"
release = version = gdexplain.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "sphinxcontrib.video",
    # Each video's poster copied into the build, and a "Download MP4" link under it.
    "videos",
    "sphinx_copybutton",
    "sphinx_design",
    # The `.. gdexplain-explore::` directive: the explorer on the landing page.
    "gdexplain.explore.sphinx",
]

# sphinx-gallery's timing tables load jQuery and DataTables from CDNs: keep the
# generated .rst (they hold the per-example times) but do not build them into pages.
exclude_patterns = [
    "sg_execution_times.rst",
    "auto_examples/sg_execution_times.rst",
    "auto_examples/*/sg_execution_times.rst",
]
templates_path = ["_templates"]


# -- Offline math ----------------------------------------------------------------------------


def _mathjax_static_folder() -> str:
    """The folder of the ``sphinx-mathjax-offline`` wheel that holds ``mathjax/``."""
    try:
        dist = importlib.metadata.distribution("sphinx-mathjax-offline")
    except importlib.metadata.PackageNotFoundError as error:
        raise RuntimeError(
            "the docs render math offline from the 'sphinx-mathjax-offline' package: "
            "pip install 'gdexplain[docs]'"
        ) from error
    folder = Path(str(dist.locate_file("sphinx-mathjax-offline/static")))
    if not (folder / "mathjax" / "tex-svg.js").is_file():
        raise RuntimeError(f"no mathjax/tex-svg.js under {folder}: unexpected wheel layout")
    return str(folder)


# Relative to _static. SVG output needs no web fonts, so nothing else is fetched.
mathjax_path = "mathjax/tex-svg.js"
html_static_path = ["_static", _mathjax_static_folder()]


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
            "explore",
            "appendix",
        )
    ],
    "within_subsection_order": "FileNameSortKey",
    # A string, not the function: Sphinx pickles its configuration, and a
    # function defined here would be an unpicklable value (a -W warning).
    "image_scrapers": ("animation_scraper.scraper", "matplotlib"),
    # Animations are embedded as MP4 files by gdexplain.show and the scraper; a cell's
    # _repr_html_ would embed one again, as base64 in the page.
    "capture_repr": (),
    "matplotlib_animations": False,
    # Before each example, tell gdexplain.show that the gallery runs it (so it hands
    # animations to the scraper instead of saving files beside the script); after, not.
    "reset_modules": ("matplotlib", "animation_scraper.queue_shown_animations"),
    "reset_modules_order": "both",
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
    "show_memory": False,
    "min_reported_time": 0,
    "thumbnail_size": (400, 280),
}


# -- HTML ------------------------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = "gdexplain"
html_css_files = ["gdexplain.css"]
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
