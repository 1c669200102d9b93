"""Text redrawn every frame, from glyph outlines loaded once.

matplotlib lays a :class:`~matplotlib.text.Text` out afresh on every draw, loading each
glyph from FreeType three times (to measure, to place, to draw): about 60 µs a character.
An animation's status line, 70 characters redrawn for every frame, took half of each
frame's time. :class:`FrameText` fills the same outlines that matplotlib fills when it
draws text as paths, each character's outline and advance loaded once and kept.
"""

from __future__ import annotations

import functools
from typing import NamedTuple, cast

import numpy as np
from matplotlib.backend_bases import RendererBase
from matplotlib.colors import to_rgba
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import LoadFlags
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Affine2D, IdentityTransform, TransformedPath
from numpy.typing import NDArray

#: The size at which outlines and advances are kept, in pixels an em (matplotlib's own).
_EM = TextToPath.FONT_SCALE


class FrameText(Text):
    """A :class:`~matplotlib.text.Text` that is cheap to draw again and again.

    Its lines are laid out as matplotlib lays them out (their height from the font's
    metrics, each line aligned as the block), its characters placed by their advance without
    kerning: the font's digits, what changes from frame to frame, have none. What it cannot
    draw this way (mathtext, a rotation, a character its font lacks, ``va="center_baseline"``)
    is drawn by :class:`~matplotlib.text.Text` itself.
    """

    def draw(self, renderer: RendererBase) -> None:
        """Draw the text (and its box, if it has one) from cached outlines where it can."""
        text, prop = self.get_text(), self.get_fontproperties()
        if not self.get_visible() or not text:
            return
        font = str(findfont(prop))  # matplotlib caches the search
        if (
            self.get_rotation() != 0
            or self.get_usetex()
            or self.get_verticalalignment() == "center_baseline"
            or not _drawn_here(font, text)
        ):
            super().draw(renderer)
            return
        renderer.open_group("text", self.get_gid())
        pixels = cast(float, renderer.points_to_pixels(prop.get_size_in_points()))  # an em
        glyphs = self._glyphs(text, font, pixels)
        box = self.get_bbox_patch()
        if box is not None:  # as Text.update_bbox_position_size places it
            box.set_bounds(0.0, 0.0, glyphs.width, glyphs.height)
            box.set_transform(Affine2D().translate(glyphs.left, glyphs.bottom))
            box.set_mutation_scale(pixels)
            box.draw(renderer)
        gc = renderer.new_gc()
        gc.set_linewidth(0)  # filled, not stroked, as matplotlib fills text drawn as paths
        if (alpha := self.get_alpha()) is not None:
            gc.set_alpha(alpha)
        gc.set_antialiased(self.get_antialiased())
        if self.get_clip_on():  # as Artist._set_gc_clip
            gc.set_clip_rectangle(self.get_clip_box())
            gc.set_clip_path(cast(TransformedPath | None, self.get_clip_path()))
        fill = to_rgba(self.get_color(), alpha)
        renderer.draw_path(gc, glyphs.path, IdentityTransform(), fill)
        gc.restore()
        renderer.close_group("text")
        self.stale = False

    def _glyphs(self, text: str, font: str, em: float) -> _Glyphs:
        """The glyphs of ``text`` in ``font``, ``em`` pixels an em, as one path in display
        pixels, aligned as ``Text`` aligns them."""
        scale = em / _EM
        ascent, descent, gap = _line_metrics(font)
        lines = text.split("\n")
        if len(lines) == 1:
            gap = 0.0  # as matplotlib: one line gets no line gap
        above, below = (ascent + gap / 2) * scale, (descent + gap / 2) * scale
        height = len(lines) * (above + below)
        x, y = map(float, self.get_transform().transform(self.get_unitless_position()))
        # Where the block's top goes: "baseline" is the last line's, as in Text.
        top = {"top": y, "center": y + height / 2, "bottom": y + height}.get(
            self.get_verticalalignment(), y + height - below
        )
        starts = [np.cumsum([0.0, *(_advance(font, c) for c in line)]) * scale for line in lines]
        width = float(max(line_starts[-1] for line_starts in starts))
        align = self.get_horizontalalignment()  # of the block, and of each line in it
        left = {"left": x, "right": x - width}.get(align, x - width / 2)
        vertices, codes = [np.zeros((0, 2))], [np.zeros(0, dtype=np.uint8)]
        for k, (line, line_starts) in enumerate(zip(lines, starts, strict=True)):
            indent = {"left": 0.0, "right": width - line_starts[-1]}.get(
                align, (width - line_starts[-1]) / 2
            )
            baseline = top - above - k * (above + below)
            for char, start in zip(line, line_starts, strict=False):
                glyph_vertices, glyph_codes = _outline(font, char)
                vertices.append(glyph_vertices * scale + (left + indent + start, baseline))
                codes.append(glyph_codes)
        path = Path(np.concatenate(vertices), np.concatenate(codes))
        return _Glyphs(path, left, top - height, width, height)


class _Glyphs(NamedTuple):
    """A text's glyphs as one path, and the box its lines fill, in display pixels."""

    path: Path
    left: float
    bottom: float
    width: float
    height: float


def _drawn_here(font_file: str, text: str) -> bool:
    """Whether ``text`` is plain text (no mathtext) whose every character the font has."""
    return "$" not in text and all(_has_glyph(font_file, c) for c in set(text) - {"\n"})


@functools.cache
def _has_glyph(font_file: str, char: str) -> bool:
    return get_font(font_file).get_char_index(ord(char)) != 0


@functools.cache
def _line_metrics(font_file: str) -> tuple[float, float, float]:
    """Ascent, descent and line gap at :data:`_EM` pixels an em, as ``Text`` reads them.

    The OS/2 table's typographic metrics, else the hhea table's (see matplotlib's text.py).
    """
    font = get_font(font_file)
    head = font.get_sfnt_table("head")
    scale = _EM / (head["unitsPerEm"] if head is not None else 2048)
    typographic, horizontal = font.get_sfnt_table("OS/2"), font.get_sfnt_table("hhea")
    if typographic is not None:
        metrics = typographic["sTypoAscender"], typographic["sTypoDescender"]
        gap = typographic["sTypoLineGap"]
    elif horizontal is not None:
        metrics, gap = (horizontal["ascent"], horizontal["descent"]), horizontal["lineGap"]
    else:
        raise ValueError(f"the font {font_file} has no OS/2 or hhea table")
    return metrics[0] * scale, -metrics[1] * scale, gap * scale


@functools.cache
def _advance(font_file: str, char: str) -> float:
    """How far ``char`` moves the pen at :data:`_EM` pixels an em (unhinted, as its outline)."""
    font = get_font(font_file)
    font.set_size(_EM, 72)
    return font.load_char(ord(char), flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536


@functools.cache
def _outline(font_file: str, char: str) -> tuple[NDArray[np.float64], NDArray[np.uint8]]:
    """The outline of ``char`` at :data:`_EM` pixels an em, the pen at the origin."""
    vertices, codes = TextToPath().get_text_path(FontProperties(fname=font_file), char)
    return np.asarray(vertices, dtype=float).reshape(-1, 2), np.asarray(codes, dtype=np.uint8)
