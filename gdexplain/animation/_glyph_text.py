"""Text that changes every frame, pasted from glyph images rendered once.

Matplotlib lays out and rasterises a :class:`~matplotlib.text.Text` from
scratch whenever it is drawn: about a millisecond for a short number, which
made the status line's four numbers two thirds of the time spent drawing a
frame. Numbers are written with a dozen characters, so :class:`GlyphText`
renders each of them once, with matplotlib's own text renderer, and pastes
those images along the baseline at every draw: about twenty times faster.

Only what the shortcut reproduces takes it: plain, unrotated, single-line text
anchored at its left baseline, made of the characters in :data:`CHARACTERS`,
drawn by Agg. Anything else, and any other backend (PDF, SVG), falls back to
:meth:`Text.draw <matplotlib.text.Text.draw>`. A pasted glyph sits on a whole
pixel where matplotlib places it to 1/64 pixel: at most half a pixel apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import IdentityTransform, TransformedPath
from numpy.typing import NDArray

#: The characters pasted from images: those numbers are written with
#: (``f"{epoch:,}"``, ``f"{value:#.5g}"``) and the space before them.
CHARACTERS = " 0123456789.,-+e"

_CHARACTER_SET = frozenset(CHARACTERS)

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


class GlyphText(Text):
    """A :class:`~matplotlib.text.Text` that Agg draws by pasting cached glyph images.

    It is a ``Text`` in every other respect: ``set_text``, ``get_text``, its
    extent in a layout, its output in any other backend.
    """

    _glyph_cache: tuple[tuple[Any, ...], dict[str, _Glyph]] | None = None

    def draw(self, renderer: RendererBase) -> None:
        """Paste the glyphs when that reproduces the text; otherwise draw it as a Text."""
        text = self.get_text()
        if not (isinstance(renderer, RendererAgg) and self._pastable(text)):
            super().draw(renderer)
            return
        glyphs = self._tinted_glyphs(renderer.dpi)
        # The pen starts on the whole pixel nearest the anchor; the advances are
        # whole pixels too (see _advance), so every glyph lands on one.
        x, y = (round(v) for v in self.get_transform().transform(self.get_unitless_position()))
        gc = renderer.new_gc()
        if self.get_clip_on():
            gc.set_clip_rectangle(self.get_clip_box())
            clip_path = self.get_clip_path()  # stored as a TransformedPath, if any
            gc.set_clip_path(clip_path if isinstance(clip_path, TransformedPath) else None)
        try:
            pen = 0.0
            for character in text:
                glyph = glyphs[character]
                if glyph.image.size:
                    renderer.draw_image(
                        gc, x + round(pen) + glyph.left, y + glyph.bottom, glyph.image
                    )
                pen += glyph.advance
        finally:
            gc.restore()
        self.stale = False

    def _pastable(self, text: str) -> bool:
        """Whether pasting glyphs draws ``text`` as :meth:`Text.draw` would (with Agg)."""
        return (
            self.get_visible()
            and bool(text)
            and set(text) <= _CHARACTER_SET
            and self.get_rotation() == 0
            and self.get_horizontalalignment() == "left"
            and self.get_verticalalignment() == "baseline"
            and not self.get_usetex()
            and self.get_bbox_patch() is None
            and not self.get_path_effects()
            and not self.get_wrap()
        )

    def _tinted_glyphs(self, dpi: float) -> dict[str, _Glyph]:
        """The glyphs in this text's font, resolution and colour, remade when one changes."""
        font = self.get_fontproperties()
        antialiased = bool(self.get_antialiased())
        rgba: RGBA = to_rgba(self.get_color(), self.get_alpha())
        key = (font, dpi, antialiased, rgba)  # FontProperties compare by value
        if self._glyph_cache is None or self._glyph_cache[0] != key:
            coverage = _coverage_glyphs(font, dpi, antialiased)
            # A copy in the key: the text's own FontProperties may be changed in place.
            self._glyph_cache = (
                (font.copy(), *key[1:]),
                {c: g.tinted(rgba) for c, g in coverage.items()},
            )
        return self._glyph_cache[1]


#: Coverage glyphs by font, resolution and antialiasing, shared by every GlyphText.
_COVERAGE: dict[tuple[Any, ...], dict[str, _Glyph]] = {}


def _coverage_glyphs(font: FontProperties, dpi: float, antialiased: bool) -> dict[str, _Glyph]:
    """Every character of :data:`CHARACTERS` in ``font`` at ``dpi``, rendered once.

    Each character is drawn by matplotlib, black on a transparent figure, from
    a whole-pixel pen position, so the alpha channel is its glyph's coverage.
    The advances are measured by matplotlib's own layout, which rounds them
    to whole pixels (hinting), so every glyph lands where ``Text.draw`` puts it.
    """
    key = (font, dpi, antialiased)
    if key in _COVERAGE:
        return _COVERAGE[key]
    size = font.get_size_in_points() * dpi / 72  # the em, in pixels
    cell = math.ceil(3 * size)  # room for any of these glyphs around its pen
    pen = cell // 3  # the pen's column and row inside a cell, from its bottom left
    figure = Figure(figsize=(cell * len(CHARACTERS) / dpi, cell / dpi), dpi=dpi, facecolor="none")
    canvas = FigureCanvasAgg(figure)
    for i, character in enumerate(CHARACTERS):
        figure.text(
            i * cell + pen,
            pen,
            character,
            fontproperties=font,
            color="black",
            antialiased=antialiased,
            transform=IdentityTransform(),
            ha="left",
            va="baseline",
        )
    canvas.draw()
    # Bottom row first, as draw_image expects: row r is then r pixels up.
    coverage = np.asarray(canvas.buffer_rgba())[::-1, :, 3]
    glyphs = {}
    for i, character in enumerate(CHARACTERS):
        advance = _advance(canvas.get_renderer(), font, character)
        inked = coverage[:, i * cell : (i + 1) * cell]
        rows = np.flatnonzero(inked.any(axis=1))
        columns = np.flatnonzero(inked.any(axis=0))
        if rows.size == 0:  # the space: nothing to paste, only an advance
            glyphs[character] = _Glyph(np.zeros((0, 0), np.uint8), 0, 0, advance)
        else:
            image = inked[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1].copy()
            glyphs[character] = _Glyph(image, int(columns[0]) - pen, int(rows[0]) - pen, advance)
    _COVERAGE[font.copy(), dpi, antialiased] = glyphs
    return glyphs


def _advance(renderer: RendererAgg, font: FontProperties, character: str) -> float:
    """How far matplotlib's layout moves the pen past ``character``, in pixels.

    Measured between zeros, so that the ink at both ends is the same whatever
    the character, and over ten copies, so that rounding cannot hide in it.
    """

    def width(text: str) -> float:
        return float(renderer.get_text_width_height_descent(text, font, ismath=False)[0])

    return (width(f"0{character * 10}0") - width("00")) / 10
