"""FrameText: text drawn from cached glyph outlines looks as matplotlib's own Text does."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Text
from numpy.typing import NDArray

from gdexplain.animation._frame_text import FrameText

STATUS = "epoch 11,900    J = \u2007\u200775.6    w₁ = -6.7036\nw₂ = -2.0922    b = \u20076.9860"


def drawn(kind: type[Text], text: str, **style: object) -> NDArray[np.uint8]:
    """The pixels of a small figure holding one text of ``kind`` at its centre."""
    figure = plt.figure(figsize=(4, 1.5), dpi=100)
    try:
        label = kind(0.5, 0.5, text, transform=figure.transFigure, fontsize=12, **style)
        figure.add_artist(label)
        figure.canvas.draw()
        return np.asarray(figure.canvas.buffer_rgba())[..., :3].copy()
    finally:
        plt.close(figure)


def extent(pixels: NDArray[np.uint8]) -> tuple[int, int, int, int]:
    """Rows and columns (first, last) of the dark pixels: where the glyphs are."""
    rows, columns = np.nonzero(pixels.min(axis=2) < 128)
    return int(rows.min()), int(rows.max()), int(columns.min()), int(columns.max())


def ink(pixels: NDArray[np.uint8]) -> float:
    """How much darker than the white page the pixels are, in all."""
    return float((255 - pixels.min(axis=2).astype(float)).sum())


@pytest.mark.parametrize(
    ("ha", "va", "text"),
    [
        (ha, va, text)
        for (ha, va), text in itertools.product(
            itertools.product(("left", "center", "right"), ("top", "center", "bottom")),
            ("slope ∂J/∂w = 76.72", STATUS),
        )
    ]
    + [("center", "baseline", "epoch 120"), ("left", "baseline", STATUS)]
    + [("center", "center_baseline", STATUS)],
)
def test_frame_text_puts_the_glyphs_where_text_puts_them(ha: str, va: str, text: str) -> None:
    ours, theirs = drawn(FrameText, text, ha=ha, va=va), drawn(Text, text, ha=ha, va=va)
    # Unhinted outlines against hinted bitmaps: the same glyphs, placed to within 3 pixels
    # (hinting rounds each advance) and as dark (neither missing glyphs nor outlined ones).
    assert np.abs(np.subtract(extent(ours), extent(theirs))).max() <= 3
    assert ink(ours) == pytest.approx(ink(theirs), rel=0.1)


def test_frame_text_draws_a_box_as_text_does() -> None:
    box = {"facecolor": "#ffd700", "edgecolor": "black", "pad": 2}
    ours = drawn(FrameText, "slope ∂J/∂b = 13.221", ha="right", va="top", bbox=box)
    theirs = drawn(Text, "slope ∂J/∂b = 13.221", ha="right", va="top", bbox=box)
    yellow = [np.nonzero((pixels == (255, 215, 0)).all(axis=2)) for pixels in (ours, theirs)]
    for ours_axis, theirs_axis in zip(*yellow, strict=True):
        assert abs(int(ours_axis.min()) - int(theirs_axis.min())) <= 3
        assert abs(int(ours_axis.max()) - int(theirs_axis.max())) <= 3


@pytest.mark.filterwarnings("ignore:Glyph 12240")  # Text's own warning, both times
@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("$J(w, b)$ by mathtext", {}),
        ("a character the font lacks: \u2fd0", {}),
        ("turned", {"rotation": 30}),
    ],
)
def test_what_it_cannot_draw_is_drawn_by_text_itself(text: str, style: dict[str, object]) -> None:
    assert np.array_equal(drawn(FrameText, text, **style), drawn(Text, text, **style))


def test_frame_text_keeps_what_text_holds_and_draws_nothing_when_hidden_or_empty() -> None:
    label = FrameText(0, 0, STATUS, gid="status")
    assert (label.get_text(), label.get_gid(), isinstance(label, Text)) == (STATUS, "status", True)
    blank = drawn(Text, "")
    assert np.array_equal(drawn(FrameText, ""), blank)
    assert np.array_equal(drawn(FrameText, STATUS, visible=False), blank)


def test_frame_text_takes_the_colour_and_transparency_it_is_given() -> None:
    pixels = drawn(FrameText, "███", color="#0072B2", alpha=0.5)
    solid = pixels[(pixels != 255).any(axis=2)]
    darkest = solid[np.argmin(solid.sum(axis=1))]
    expected = 0.5 * np.array([0x00, 0x72, 0xB2]) + 0.5 * 255
    assert np.abs(darkest - expected).max() <= 2
