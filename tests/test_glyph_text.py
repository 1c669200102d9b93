"""GlyphText: pasted glyphs give the pixels matplotlib's own Text draws, or it draws as a Text."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import IdentityTransform
from numpy.typing import NDArray

from gdexplain import article_data, gradient_descent
from gdexplain.animation import _glyph_text, animate_fit, style
from gdexplain.animation._glyph_text import CHARACTERS, GlyphText

NUMBERS = [" 11,900", " -1.9936", " 472.50", " 1.5000e+07", " 0", CHARACTERS]
WHOLE_PIXEL = (7.0, 12.0)

#: From 3.11, matplotlib lays text out on whole pixels by default (hinted
#: advances), which pasting can reproduce; before, at fractions of a pixel,
#: which it cannot: the probe sees it, and every text is drawn as a Text.
PASTES = matplotlib.__version_info__ >= (3, 11)


@pytest.fixture
def fallbacks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts GlyphText handed to Text.draw instead of pasting, in order."""
    drawn_as_text: list[str] = []
    text_draw = _glyph_text._TEXT_DRAW

    def counting(artist: Text, renderer: object) -> None:
        drawn_as_text.append(artist.get_text())
        text_draw(artist, renderer)

    monkeypatch.setattr(_glyph_text, "_TEXT_DRAW", counting)
    return drawn_as_text


def render(kind: type[Text], text: str, *, dpi: float = 100, at=WHOLE_PIXEL, **options: object):
    """RGB pixels of ``text`` drawn by ``kind`` at pixel ``at`` on a white figure."""
    figure = Figure(figsize=(4, 0.6), dpi=dpi, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    options = {"fontsize": "large", "color": "#0072B2", **options}
    figure.add_artist(kind(*at, text, transform=IdentityTransform(), va="baseline", **options))
    canvas.draw()
    pixels: NDArray[np.uint8] = np.asarray(canvas.buffer_rgba())[..., :3].copy()
    return pixels


def same_as_text(text: str, **options: object) -> bool:
    return bool((render(GlyphText, text, **options) == render(Text, text, **options)).all())


@pytest.mark.parametrize("dpi", [20, 72, 100, 150])
@pytest.mark.parametrize("text", NUMBERS)
def test_pasted_glyphs_equal_text_drawn_from_a_whole_pixel(
    text: str, dpi: float, fallbacks: list[str]
) -> None:
    assert same_as_text(text, dpi=dpi)
    assert fallbacks == ([] if PASTES else [text])  # pasted, not drawn as a Text


@pytest.mark.parametrize("at", [(7.3, 12.6), (7.5, 12.5), (8.49, 11.51)])
def test_a_fractional_anchor_draws_the_text_of_the_nearest_whole_pixel(at) -> None:
    nearest = (round(at[0]), round(at[1]))
    pasted = render(GlyphText, " -1.9936", at=at)
    assert (pasted == render(Text, " -1.9936", at=nearest)).all()
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
        (" 2.5", {"alpha": 0.5}),
        (" 2.5", {"color": (0.1, 0.2, 0.3, 0.7)}),
        (" 2.5", {"agg_filter": lambda pixels, dpi: (1 - pixels, 0, 0)}),
        (" 2.5", {"at": (float("nan"), 12.0)}),  # Text skips it, with a warning
    ],
)
def test_what_pasting_cannot_reproduce_is_drawn_as_a_text(
    text: str, options: dict, fallbacks: list[str]
) -> None:
    assert same_as_text(text, **options)
    assert fallbacks == [text]


def test_a_clipped_text_is_drawn_as_a_text(fallbacks: list[str]) -> None:
    def clipped(kind: type[Text]) -> NDArray[np.uint8]:
        figure = Figure(figsize=(2, 0.5), dpi=100, facecolor="white")
        canvas = FigureCanvasAgg(figure)
        ax = figure.add_axes((0.1, 0.1, 0.3, 0.8))
        ax.add_artist(kind(0.5, 0.3, " 11,900", transform=ax.transAxes))  # clipped to ax
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()

    assert (clipped(GlyphText) == clipped(Text)).all()
    assert fallbacks == [" 11,900"]


@pytest.mark.parametrize("settings", [{"text.hinting": "none"}, {"text.hinting": "no_hinting"}])
def test_fonts_whose_layout_pasting_cannot_match_are_drawn_as_text(
    settings: dict, fallbacks: list[str]
) -> None:
    # Unhinted, glyphs sit at fractions of a pixel: the probe of every pair of
    # characters, pasted, differs from the Text, so this font is never pasted.
    with rc_context(settings):
        assert same_as_text(" 11,900")
    assert fallbacks == [" 11,900"]


def drawn_twice(
    change: Callable[[GlyphText], None], settings: dict | None = None
) -> tuple[NDArray[np.uint8], NDArray[np.uint8]]:
    """A GlyphText and a Text drawn once, changed alike, drawn again (under ``settings``)."""
    canvases, texts = [], []
    for kind in (GlyphText, Text):
        figure = Figure(figsize=(2, 0.5), dpi=100, facecolor="white")
        canvases.append(FigureCanvasAgg(figure))
        texts.append(figure.add_artist(kind(5, 10, " 10", transform=IdentityTransform())))
        canvases[-1].draw()
    with rc_context(settings or {}):
        for canvas, text in zip(canvases, texts, strict=True):
            change(text)
            canvas.draw()
    pasted, drawn = (np.asarray(canvas.buffer_rgba())[..., :3].copy() for canvas in canvases)
    return pasted, drawn


@pytest.mark.parametrize(
    ("change", "settings"),
    [
        (lambda text: text.set_fontsize(24), None),
        (lambda text: text.set_color("red"), None),
        (lambda text: text.get_fontproperties().set_family("DejaVu Sans Mono"), None),
        (lambda text: text.get_fontproperties().set_weight("bold"), None),
        (lambda text: None, {"font.sans-serif": ["DejaVu Sans Mono"]}),
    ],
    ids=["size", "colour", "family in place", "weight in place", "rcParams font"],
)
def test_a_change_of_font_colour_or_settings_is_drawn(change, settings) -> None:
    pasted, drawn = drawn_twice(change, settings)
    assert (pasted == drawn).all()


def test_rasterizing_is_supported_without_a_warning() -> None:
    text = GlyphText(0.5, 0.5, " 1.5")
    text.set_rasterized(True)  # a warning would fail the test (filterwarnings = error)
    assert text.get_rasterized()


def test_other_backends_write_the_text_itself() -> None:
    figure = Figure()
    figure.add_artist(GlyphText(0.5, 0.5, " 11,900"))
    svg = io.StringIO()
    with rc_context({"svg.fonttype": "none"}):  # text as text, not as paths
        figure.savefig(svg, format="svg")
    assert "11,900" in svg.getvalue()


def test_the_status_line_numbers_are_unclipped_glyph_texts_pasted_in_their_colours(
    fallbacks: list[str], tmp_path: Path
) -> None:
    animation = animate_fit(gradient_descent(*article_data(), n_epochs=30), dpi=40)
    numbers = {
        artist.get_gid(): artist
        for artist in animation.draw_frame(-1)
        if isinstance(artist, GlyphText)
    }
    assert set(numbers) == {"epoch", "J", "w", "b"}
    colours = {"epoch": style.DATA, "J": style.J, "w": style.W, "b": style.B}
    for name, number in numbers.items():
        assert number.get_color() == colours[name]
        assert not number.get_clip_on()  # like the labels: never cut at the axes' edge
    animation.save_frame(-1, tmp_path / "last.png")
    assert len(fallbacks) == (0 if PASTES else 4)  # every number pasted
