"""Make the built site lighter: what the theme ships and nobody uses out, figures in fewer bytes.

After a successful HTML build:

- pydata-sphinx-theme's style sheet carries a rule for each of Font Awesome's 2,000 icons
  (56 kB) and its icon fonts carry every glyph (the solid one, 112 kB, loads on every page),
  for the dozen icons the theme draws: the icon rules whose class no page or script names are
  left out, and the fonts cut down to the glyphs the style sheet still draws (3 kB).
- The theme's source maps (2 MB, read only by a developer's browser tools) are removed, and so
  is its fontawesome.js (90 kB) when no page loads it.
- Every PNG (figures, video posters, thumbnails) is stored with a palette of 256 colours, as
  pngquant does: a third of the bytes, and no difference a reader can see in a plot (a mean
  error of 0.1-0.2 of 255 per channel, only on anti-aliased edges).

The templates (docs/_templates/layout.html) leave out the scripts nobody needs.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fontTools import subset
from PIL import Image
from sphinx.application import Sphinx

#: One icon's rule: ``.fa-sun{--fa:"\\f185"}`` (several class names may share one).
ICON_RULE = re.compile(r'(?<=\})((?:\.fa-[\w-]+,)*\.fa-[\w-]+)\{--fa:"((?:\\.|[^"\\])*)"\}')
ICON_CLASS = re.compile(r"\bfa-[\w-]+")
CSS_STRING = re.compile(r'"((?:\\.|[^"\\])*)"')
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?|\\(.)")
#: Unicode's private use areas, where Font Awesome puts its icons.
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
#: A palette image is kept only when it saves at least this share of the bytes.
MIN_SAVING = 0.1


def css_text(string: str) -> str:
    """The characters a CSS string stands for (``\\f185`` is one character)."""
    return CSS_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], string)


def used_icon_classes(site: Path) -> set[str]:
    """Every ``fa-*`` class name in the site's pages and scripts."""
    names: set[str] = set()
    for path in [*site.rglob("*.html"), *(site / "_static").rglob("*.js")]:
        names.update(ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def trim_icon_rules(css: str, used: set[str]) -> tuple[str, set[str]]:
    """The style sheet without the rules of unused icons, and the characters it still draws.

    Returns
    -------
    str
        The style sheet, every icon rule whose class names are all unused left out.
    set of str
        The characters the kept icon rules name, and every private-use character elsewhere in
        the sheet's strings (the theme's own icons: admonitions, links).
    """
    drawn: set[str] = set()

    def keep(rule: re.Match[str]) -> str:
        if used.isdisjoint(name.removeprefix(".") for name in rule[1].split(",")):
            return ""
        drawn.update(css_text(rule[2]))
        return rule[0]

    trimmed = ICON_RULE.sub(keep, css)
    for string in CSS_STRING.findall(trimmed):
        drawn.update(PRIVATE_USE.findall(css_text(string)))
    return trimmed, drawn


def subset_font(path: Path, characters: set[str]) -> None:
    """Rewrite the WOFF2 font at ``path`` with only the glyphs of ``characters``."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(character) for character in characters])
    subsetter.subset(font)
    subset.save_font(font, str(path), options)


def palette_png(path: Path) -> None:
    """Store the PNG at ``path`` with 256 colours (transparency kept), when that saves bytes."""
    with Image.open(path) as image:
        image.load()
    if image.mode == "P":
        return  # already a palette image
    opaque = image.mode != "RGBA" or image.getchannel("A").getextrema()[0] == 255
    if opaque:
        palette = image.convert("RGB").quantize(
            256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    else:  # only the octree quantizer keeps an alpha channel
        palette = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    smaller = path.with_name(f".{path.name}")
    palette.save(smaller, "PNG", optimize=True)
    if smaller.stat().st_size <= (1 - MIN_SAVING) * path.stat().st_size:
        smaller.replace(path)
    else:
        smaller.unlink()


def trim_theme(site: Path) -> None:
    """Trim the theme's icon rules and fonts, and remove its source maps, in the built ``site``."""
    static = site / "_static"
    sheet = static / "styles" / "pydata-sphinx-theme.css"
    fonts = sorted((static / "vendor" / "fontawesome" / "webfonts").glob("*.woff2"))
    if not sheet.is_file() or not fonts:
        raise RuntimeError(f"no {sheet} or no icon fonts beside it: has the theme changed?")
    # The templates load no fontawesome.js (it draws the icons as SVG, as the font does).
    icon_script = static / "scripts" / "fontawesome.js"
    if not any(
        "fontawesome.js" in page.read_text(encoding="utf-8") for page in site.rglob("*.html")
    ):
        icon_script.unlink(missing_ok=True)
    css, drawn = trim_icon_rules(sheet.read_text(encoding="utf-8"), used_icon_classes(site))
    if not drawn:
        raise RuntimeError(f"no icon left in {sheet}: has the theme's style sheet changed?")
    sheet.write_text(css, encoding="utf-8")
    for font in fonts:
        subset_font(font, drawn)
    for source_map in static.rglob("*.map"):
        source_map.unlink()


def _trim_after_build(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        trim_theme(Path(app.outdir))
        # Pillow lets go of the GIL while it quantizes and compresses: a thread a core.
        with ThreadPoolExecutor(os.cpu_count()) as pool:
            list(pool.map(palette_png, Path(app.outdir, "_images").glob("*.png")))


def setup(app: Sphinx) -> dict[str, bool]:
    """Make the built site lighter once the HTML build has succeeded."""
    app.connect("build-finished", _trim_after_build)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
