"""Text that changes every frame, pasted from glyph images rendered once.

Matplotlib lays out and rasterises a :class:`~matplotlib.text.Text` from
scratch whenever it is drawn: about a millisecond for a short number, which
made the status line's four numbers two thirds of the time spent drawing a
frame. Numbers are written with a dozen characters, so :class:`GlyphText`
renders each of them once, with matplotlib's own text renderer, and pastes
those images along the baseline at every draw: about twenty times faster.

Pasting is only used where it is checked to give matplotlib's own pixels.
When a font's glyphs are first rendered, a probe holding every character and
every pair of them is drawn both ways; if a single pixel differs (fonts that
kern digits, layouts at fractions of a pixel, as with matplotlib before 3.11
or ``text.hinting = "none"``), that font is drawn as a plain ``Text``. So is
anything else the shortcut does not cover: other characters, mathtext,
rotation, other alignments, transparency, clipping, filters, and every backend
but Agg (PDF, SVG). The one difference left is deliberate: pasted text starts
on the whole pixel nearest its anchor, where matplotlib starts it to 1/64 of a
pixel, so a number may sit up to half a pixel off.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.artist import allow_rasterization
from matplotlib.backend_bases import GraphicsContextBase, RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import IdentityTransform
from numpy.typing import NDArray

#: The characters pasted from images: those numbers are written with
#: (``f"{epoch:,}"``, ``f"{value:#.5g}"``) and the space before them.
CHARACTERS = " 0123456789.,-+e"

_CHARACTER_SET = frozenset(CHARACTERS)

#: What else decides the glyphs of a FontProperties: the fonts its generic
#: family names stand for, and how matplotlib hints and kerns.
_GLYPH_SETTINGS = (
    "font.serif",
    "font.sans-serif",
    "font.monospace",
    "font.cursive",
    "font.fantasy",
    "text.hinting",
    "text.hinting_factor",
    "text.kerning_factor",
)

#: ``Text.draw`` without its rasterisation and filter wrapper, which
#: :meth:`GlyphText.draw` already has: applied twice, a filter would be too.
_TEXT_DRAW = getattr(Text.draw, "__wrapped__", Text.draw)

RGBA = tuple[float, float, float, float]


@dataclass(frozen=True)
class _Glyph:
    """One character's image and where it sits relative to the pen."""

    #: Coverage (rows, columns) or RGBA (rows, columns, 4), the bottom row first.
    image: NDArray[np.uint8]
    left: int  # columns from the pen to the image's left edge
    bottom: int  # rows from the baseline to the image's bottom edge (negative below it)
    advance: float  # how far the pen moves on, in pixels

    def tinted(self, rgba: RGBA) -> _Glyph:
        """This glyph as an RGBA image in one colour, its coverage as the alpha channel."""
        image = np.empty((*self.image.shape, 4), dtype=np.uint8)
        image[..., :3] = np.round(np.multiply(rgba[:3], 255))
        image[..., 3] = np.round(self.image * rgba[3])
        return _Glyph(image, self.left, self.bottom, self.advance)


Glyphs = dict[str, _Glyph]


class GlyphText(Text):
    """A :class:`~matplotlib.text.Text` that Agg draws by pasting cached glyph images.

    It is a ``Text`` in every other respect: ``set_text``, ``get_text``, its
    extent in a layout, its output in any other backend.
    """

    #: The key of the tinted glyphs last used, and those glyphs (None: not pastable).
    _tinted: tuple[tuple[Any, ...], Glyphs | None] | None = None

    @allow_rasterization
    def draw(self, renderer: RendererBase) -> None:
        """Paste the glyphs where that gives matplotlib's pixels; otherwise draw as a Text."""
        if not self.get_visible():
            return
        text = self.get_text()
        x, y = self.get_transform().transform(self.get_unitless_position())
        rgba: RGBA = to_rgba(self.get_color(), self.get_alpha())
        glyphs = None
        if isinstance(renderer, RendererAgg) and self._pastable(text, x, y, rgba):
            glyphs = self._tinted_glyphs(renderer.dpi, rgba)
        if glyphs is None:
            _TEXT_DRAW(self, renderer)
            return
        gc = renderer.new_gc()
        try:
            _paste(renderer, gc, glyphs, text, round(x), round(y))
        finally:
            gc.restore()
        self.stale = False

    def _pastable(self, text: str, x: float, y: float, rgba: RGBA) -> bool:
        """Whether this text, at ``(x, y)`` in ``rgba``, is of the kind pasting reproduces."""
        return (
            bool(text)
            and set(text) <= _CHARACTER_SET
            and math.isfinite(x)
            and math.isfinite(y)
            and rgba[3] == 1  # transparency rounds differently, by a level of 255
            and self.get_rotation() == 0
            and self.get_horizontalalignment() == "left"
            and self.get_verticalalignment() == "baseline"
            and not (self.get_clip_on() and (self.get_clip_box() or self.get_clip_path()))
            and not self.get_usetex()
            and self.get_bbox_patch() is None
            and not self.get_path_effects()
            and self.get_agg_filter() is None
            and not self.get_wrap()
        )

    def _tinted_glyphs(self, dpi: float, rgba: RGBA) -> Glyphs | None:
        """The glyphs in this text's font, resolution and colour; None if they do not paste."""
        font = self.get_fontproperties()
        antialiased = bool(self.get_antialiased())
        key = (font, dpi, antialiased, _settings(), rgba)  # FontProperties compare by value
        if self._tinted is None or self._tinted[0] != key:
            coverage = _coverage_glyphs(font, dpi, antialiased)
            tinted = None if coverage is None else {c: g.tinted(rgba) for c, g in coverage.items()}
            # A copy in the key: the text's own FontProperties may be changed in place.
            self._tinted = ((font.copy(), *key[1:]), tinted)
        return self._tinted[1]


def _paste(
    renderer: RendererBase, gc: GraphicsContextBase, glyphs: Glyphs, text: str, x: int, y: int
) -> None:
    """Paste ``text`` from ``glyphs`` with its pen starting at pixel ``(x, y)``."""
    pen = 0.0
    for character in text:
        glyph = glyphs[character]
        if glyph.image.size:
            renderer.draw_image(gc, x + round(pen) + glyph.left, y + glyph.bottom, glyph.image)
        pen += glyph.advance


def _settings() -> tuple[Any, ...]:
    """The current values of :data:`_GLYPH_SETTINGS`, hashable."""
    settings: Any = rcParams  # typed by literal names, these are variables
    return tuple(
        tuple(value) if isinstance(value, list) else value
        for value in (settings[name] for name in _GLYPH_SETTINGS)
    )


#: Coverage glyphs by font, resolution, antialiasing and settings, shared by
#: every GlyphText; None for a font whose pasted probe differed from its Text.
_COVERAGE: dict[tuple[Any, ...], Glyphs | None] = {}


def _coverage_glyphs(font: FontProperties, dpi: float, antialiased: bool) -> Glyphs | None:
    """Every character of :data:`CHARACTERS` in ``font`` at ``dpi``; None if pasting differs."""
    key = (font, dpi, antialiased, _settings())
    if key not in _COVERAGE:
        _COVERAGE[(font.copy(), *key[1:])] = _render_glyphs(font, dpi, antialiased)
    return _COVERAGE[key]


def _render_glyphs(font: FontProperties, dpi: float, antialiased: bool) -> Glyphs | None:
    """Render the glyphs with matplotlib, and check that pasting them reproduces it.

    One transparent figure, three rows. In the first, each character is drawn
    alone from a whole-pixel pen position: the alpha channel around it is its
    glyph's coverage. In the second, :data:`_PROBE` (every character next to
    every other) is drawn as one Text; in the third it is pasted from the
    glyphs. Pasting places each glyph by its own advance, measured with
    matplotlib's layout, where matplotlib lays out the whole string; the rows
    agree only if no pair is kerned and every advance is a whole pixel.
    """
    size = font.get_size_in_points() * dpi / 72  # the em, in pixels
    cell = math.ceil(3 * size)  # room for any of these glyphs around its pen
    pen = cell // 3  # the pen's column and row inside a cell, from its bottom left
    # No advance of these characters reaches an em: the probe fits in one em each.
    width = max(len(CHARACTERS) * cell, pen + (len(_PROBE) + 1) * math.ceil(size))
    figure = Figure(figsize=(width / dpi, 3 * cell / dpi), dpi=dpi, facecolor="none")
    canvas = FigureCanvasAgg(figure)
    text: dict[str, Any] = {
        "fontproperties": font,
        "color": "black",
        "antialiased": antialiased,
        "transform": IdentityTransform(),
        "ha": "left",
        "va": "baseline",
    }
    for i, character in enumerate(CHARACTERS):
        figure.text(i * cell + pen, 2 * cell + pen, character, **text)
    figure.text(pen, cell + pen, _PROBE, **text)
    canvas.draw()
    renderer = canvas.get_renderer()
    # Bottom row first, as draw_image expects: row r is then r pixels up.
    coverage = np.asarray(canvas.buffer_rgba())[::-1, :, 3].copy()
    glyphs = {}
    for i, character in enumerate(CHARACTERS):
        advance = _advance(renderer, font, character)
        inked = coverage[2 * cell : 3 * cell, i * cell : (i + 1) * cell]
        rows = np.flatnonzero(inked.any(axis=1))
        columns = np.flatnonzero(inked.any(axis=0))
        if rows.size == 0:  # the space: nothing to paste, only an advance
            glyphs[character] = _Glyph(np.zeros((0, 0), np.uint8), 0, 0, advance)
        else:
            image = inked[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1].copy()
            glyphs[character] = _Glyph(image, int(columns[0]) - pen, int(rows[0]) - pen, advance)
    gc = renderer.new_gc()
    black: RGBA = (0.0, 0.0, 0.0, 1.0)
    _paste(renderer, gc, {c: g.tinted(black) for c, g in glyphs.items()}, _PROBE, pen, pen)
    gc.restore()
    pixels = np.asarray(canvas.buffer_rgba())[::-1]
    drawn, pasted = pixels[cell : 2 * cell], pixels[:cell]
    return glyphs if (drawn == pasted).all() else None


def _advance(renderer: RendererAgg, font: FontProperties, character: str) -> float:
    """How far matplotlib's layout moves the pen past ``character``, in pixels.

    Measured between zeros, so that the ink at both ends is the same whatever
    the character is.
    """

    def width(text: str) -> float:
        return float(renderer.get_text_width_height_descent(text, font, ismath=False)[0])

    return width(f"0{character}0") - width("00")


def _de_bruijn(symbols: str) -> str:
    """The shortest string holding every ordered pair of ``symbols``, each once.

    A de Bruijn sequence of order 2 (an Eulerian path through the pairs), so
    the probe is ``len(symbols) ** 2 + 1`` characters, not twice that.

    >>> _de_bruijn("ab")
    'aabba'
    """
    unused = {first: list(symbols) for first in symbols}  # the pairs not yet in it
    path, stack = [], [symbols[0]]
    while stack:  # Hierholzer's algorithm
        if unused[stack[-1]]:
            stack.append(unused[stack[-1]].pop(0))
        else:
            path.append(stack.pop())
    return "".join(reversed(path))


#: Every character of :data:`CHARACTERS` next to every other, in one string.
_PROBE = _de_bruijn(CHARACTERS)
