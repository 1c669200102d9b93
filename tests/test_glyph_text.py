"""GlyphText: pasted glyphs give the pixels matplotlib's own Text draws, or it draws as a Text."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import IdentityTransform
from numpy.typing import NDArray

from gdexplain import article_data, gradient_descent
from gdexplain.animation import animate_fit, style
from gdexplain.animation._glyph_text import CHARACTERS, GlyphText

NUMBERS = [" 11,900", " -1.9936", " 472.50", " 1.5000e+07", " 0", CHARACTERS]


def render(kind: type[Text], text: str, *, dpi: float, at: tuple[float, float], **style: object):
    """RGB pixels of ``text`` drawn by ``kind`` at pixel ``at`` on a white figure."""
    figure = Figure(figsize=(4, 0.6), dpi=dpi, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    options = {"fontsize": "large", "color": "#0072B2", **style}
    figure.add_artist(kind(*at, text, transform=IdentityTransform(), va="baseline", **options))
    canvas.draw()
    pixels: NDArray[np.uint8] = np.asarray(canvas.buffer_rgba())[..., :3].copy()
    return pixels


@pytest.mark.parametrize("dpi", [20, 72, 100, 150])
@pytest.mark.parametrize("text", NUMBERS)
def test_pasted_glyphs_equal_text_drawn_from_a_whole_pixel(text: str, dpi: float) -> None:
    at = (7.0, 12.0)
    assert (render(GlyphText, text, dpi=dpi, at=at) == render(Text, text, dpi=dpi, at=at)).all()


@pytest.mark.parametrize("at", [(7.3, 12.6), (7.5, 12.5), (8.49, 11.51)])
def test_a_fractional_anchor_draws_the_text_of_the_nearest_whole_pixel(at) -> None:
    nearest = (round(at[0]), round(at[1]))
    pasted = render(GlyphText, " -1.9936", dpi=100, at=at)
    assert (pasted == render(Text, " -1.9936", dpi=100, at=nearest)).all()
    assert (pasted != 255).any()  # something was drawn


@pytest.mark.parametrize(
    ("text", "options"),
    [
        (" inf", {}),  # a character without a glyph image
        ("$w$ = 2", {}),  # mathtext
        (" 2.5", {"rotation": 30}),
        (" 2.5", {"ha": "center"}),
        (" 2.5\n3", {}),
        (" 2.5", {"bbox": {"facecolor": "yellow"}}),
    ],
)
def test_what_pasting_cannot_reproduce_is_drawn_as_a_text(text: str, options: dict) -> None:
    at = (40.3, 20.7)
    pasted = render(GlyphText, text, dpi=100, at=at, **options)
    assert (pasted == render(Text, text, dpi=100, at=at, **options)).all()


def test_a_change_of_colour_or_size_is_drawn() -> None:
    figure = Figure(figsize=(2, 0.5), dpi=100, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    text = GlyphText(5, 10, "0", transform=IdentityTransform(), va="baseline", color="black")
    figure.add_artist(text)
    canvas.draw()
    ink_before = (np.asarray(canvas.buffer_rgba())[..., :3] < 128).any(axis=-1).sum()
    text.set_color("red")
    text.set_fontsize(24)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3].astype(int)
    red = (pixels[..., 0] > 200) & (pixels[..., 1] < 60) & (pixels[..., 2] < 60)
    assert red.sum() > ink_before  # red now, and larger
    assert not ((pixels < 60).all(axis=-1)).any()  # no black left


def test_other_backends_write_the_text_itself() -> None:
    figure = Figure()
    figure.add_artist(GlyphText(0.5, 0.5, " 11,900"))
    svg = io.StringIO()
    with rc_context({"svg.fonttype": "none"}):  # text as text, not as paths
        figure.savefig(svg, format="svg")
    assert "11,900" in svg.getvalue()


def test_the_status_line_numbers_are_glyph_texts_in_their_colours() -> None:
    animation = animate_fit(gradient_descent(*article_data(), epochs=30), dpi=40)
    numbers = {
        artist.get_gid(): artist
        for artist in animation.draw_frame(-1)
        if isinstance(artist, GlyphText)
    }
    assert set(numbers) == {"epoch", "J", "w", "b"}
    colours = {"epoch": style.DATA, "J": style.J, "w": style.W, "b": style.B}
    for name, number in numbers.items():
        assert number.get_color() == colours[name]
