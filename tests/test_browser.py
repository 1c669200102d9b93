"""The built site in a real browser: Playwright driving Debian's Chromium, headless.

The site is served from a local HTTP server on 127.0.0.1. Every page must load without a
console error or a page error and without any request leaving that server; each video must
load and play; the math must be typeset; a reader must be able to click from the landing page
to every example. Each page is light (at most 1 MiB fetched before its videos play) and fits a
phone (390 px: nothing scrolls sideways, figures and formulas are shown large enough). A
screenshot of each page is written to build/screenshots/ for a human to look at (``<page path
with / as __>.png``, ``*-phone.png`` at 390 px, and ``*-dark.png`` in dark mode).

Chromium must be Debian's (``apt-get install chromium``): Playwright's own browser download
cannot work here. ``nox -s tests`` installs it when run as root.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import BUILD, FIXED_PAGES, example_page, gallery_scripts, scripts_calling
from sphinx_gallery.py_source_parser import split_code_and_text_blocks

pytestmark = [pytest.mark.site, pytest.mark.browser]

SCREENSHOTS = BUILD / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MAX_PAGE_BYTES = 1024 * 1024  # the budget for a page before its videos play
MIN_FIGURE_SCALE = 0.6  # a figure is shown at least at 60% of its pixel width ...
FIGURE_MIN_WIDTH = 300  # ... when it has at least 300 of them
# What TeX looks like when nothing has typeset it.
RAW_TEX = ("\\frac", "\\partial", "\\sum", "\\alpha", "\\begin", "\\left", "\\[", "\\(")
LOCAL_SCHEMES = {"data", "blob"}


# -- The browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """build/screenshots/, emptied once per run so that it shows this run only."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@dataclass
class Visit:
    """A page opened in the browser and everything it reported while loading."""

    page: object
    site_url: str
    site: Path
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    resource_types: dict[str, str] = field(default_factory=dict)

    def fetched_bytes(self) -> int:
        """Bytes of the site's files the page fetched, videos left out (they load on play)."""
        total = 0
        for url in {url.split("#")[0] for url in self.requests}:
            if self.resource_types[url] == "media" or not url.startswith(self.site_url):
                continue
            path = unquote(urlsplit(url).path).removeprefix(urlsplit(self.site_url).path)
            file = self.site / path
            total += (file / "index.html" if file.is_dir() else file).stat().st_size
        return total

    def outside_requests(self) -> list[str]:
        """The requests that went anywhere but the local site."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in LOCAL_SCHEMES and not url.startswith(self.site_url)
        ]

    def problems(self) -> dict[str, list[str]]:
        found = {
            "console errors": self.console_errors,
            "page errors": self.page_errors,
            "failed requests": self.failed,
            "requests outside the site": self.outside_requests(),
        }
        return {kind: items for kind, items in found.items() if items}

    def screenshot(self, folder: Path, page: str, suffix: str = "") -> Path:
        path = folder / f"{page.removesuffix('.html').replace('/', '__')}{suffix}.png"
        self.page.screenshot(path=path, full_page=True)
        return path


def _record_failure(visit: Visit, request: object) -> None:
    # With preload="metadata" Chromium reads a video's first bytes and then drops the rest of
    # the download until the video plays: an aborted media request is not a failure.
    if request.resource_type == "media" and request.failure == "net::ERR_ABORTED":
        return
    visit.failed.append(f"{request.url}: {request.failure}")


def _record_request(visit: Visit, request: object) -> None:
    visit.requests.append(request.url)
    visit.resource_types[request.url.split("#")[0]] = request.resource_type


def _watch(visit: Visit) -> None:
    page = visit.page
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and visit.console_errors.append(f"{message.text} ({message.location.get('url')})")
        ),
    )
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    page.on("request", lambda request: _record_request(visit, request))
    page.on("requestfailed", lambda request: _record_failure(visit, request))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and visit.failed.append(f"{response.url}: HTTP {response.status}")
        ),
    )


def _wait_for_fonts(page: object) -> None:
    """Wait until the fonts the page uses are in (the formulas' sizes depend on them)."""
    page.evaluate("() => document.fonts.ready.then(() => null)")


def _wait_for_videos(page: object) -> None:
    """Wait until every video shows its first picture (the screenshot would show a spinner)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('video')].every(v => v.readyState >= 2)"
    )


@pytest.fixture
def open_page(browser: object, site_url: str, built_site: Path) -> Iterator[Callable[..., Visit]]:
    """Open a site page (path from the site root) in a fresh browser context (empty cache)."""
    contexts = []

    def open_(
        page: str, color_scheme: str = "light", viewport: dict[str, int] = VIEWPORT
    ) -> Visit:
        context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
        contexts.append(context)
        visit = Visit(context.new_page(), site_url, built_site)
        _watch(visit)
        # Not "networkidle": a video's paused download keeps a request open for seconds.
        visit.page.goto(urljoin(site_url, page), wait_until="load")
        _wait_for_fonts(visit.page)
        _wait_for_videos(visit.page)
        return visit

    yield open_
    for context in contexts:
        context.close()


# -- Every page ------------------------------------------------------------------------------


# Every figure of FIGURE_MIN_WIDTH pixels or more: [src, shown width, pixel width, left, right].
# Gallery thumbnails are links, not figures: they are left out.
FIGURES = """min => [...document.querySelectorAll('.bd-article img')]
    .filter(img => img.naturalWidth >= min && !img.closest('.sphx-glr-thumbcontainer'))
    .map(img => { const box = img.getBoundingClientRect();
                  return [img.getAttribute('src'), box.width, img.naturalWidth,
                          box.left, box.right]; })"""
# Every display formula: [its TeX, width it needs, width it has, font size in px].
DISPLAY_MATH = """() => [...document.querySelectorAll('.katex-display')].map(d => {
    const html = d.querySelector('.katex-html');
    const tex = d.querySelector('annotation')?.textContent ?? '';
    return [tex.slice(0, 60), html.scrollWidth, html.clientWidth,
            parseFloat(getComputedStyle(d.querySelector('.katex')).fontSize)]; })"""
# How far the page scrolls sideways, and the widest element that makes it.
SIDEWAYS = """() => {
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    const widest = [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map(e => e.tagName + '.' + [...e.classList].join('.')).slice(0, 5);
    return [overflow, widest]; }"""


def small_figures(visit: Visit) -> list[str]:
    """The figures shown below MIN_FIGURE_SCALE of their pixel width, or outside the window."""
    width = visit.page.viewport_size["width"]
    found = []
    for src, shown, pixels, left, right in visit.page.evaluate(FIGURES, FIGURE_MIN_WIDTH):
        if shown < MIN_FIGURE_SCALE * pixels or left < -0.5 or right > width + 0.5:
            found.append(f"{src}: {shown:.0f} of {pixels} px shown, at {left:.0f}-{right:.0f}")
    return found


def test_page_loads_cleanly_offline_and_light(
    open_page: Callable[..., Visit], screenshots: Path, page: str
) -> None:
    visit = open_page(page)
    visit.screenshot(screenshots, page)
    assert visit.requests, "the browser made no request at all"
    assert not visit.problems(), visit.problems()
    fetched = visit.fetched_bytes()
    assert fetched <= MAX_PAGE_BYTES, f"{page} fetches {fetched / 2**20:.2f} MiB before videos"
    assert not small_figures(visit), small_figures(visit)
    assert_math_is_typeset(visit, page)


def assert_math_is_typeset(visit: Visit, page: str) -> None:
    """Every formula drawn by KaTeX, and no raw TeX in the page's prose."""
    unrendered = visit.page.evaluate(
        "() => [...document.querySelectorAll('.math')]"
        ".filter(m => !m.querySelector('.katex .katex-html')).map(m => m.textContent)"
    )
    assert not unrendered, f"math left as TeX on {page}: {unrendered}"
    assert_formulas_take_the_text_colour(visit, page)
    # Code may hold TeX on purpose (a Matplotlib label like r"$\alpha$"): read the prose only.
    visit.page.add_style_tag(content="pre, code { display: none !important; }")
    text = visit.page.evaluate("() => document.body.innerText")
    visible = [marker for marker in RAW_TEX if marker in text]
    assert not visible, f"raw TeX visible on {page}: {visible}"


def test_page_fits_a_phone(open_page: Callable[..., Visit], screenshots: Path, page: str) -> None:
    """At 390 px: nothing scrolls sideways; figures at least 60% of their pixels; formulas fit."""
    visit = open_page(page, viewport=PHONE)
    visit.screenshot(screenshots, page, suffix="-phone")
    overflow, widest = visit.page.evaluate(SIDEWAYS)
    found = [f"scrolls {overflow} px sideways: {widest}"] if overflow > 0 else []
    found += small_figures(visit)
    for tex, needed, room, font_px in visit.page.evaluate(DISPLAY_MATH):
        if needed > room or font_px < 11:
            found.append(f"formula {tex!r} needs {needed} px of {room}, at {font_px:.1f} px")
    assert not found, f"{page} on a phone: {found}"
    assert not visit.problems(), visit.problems()


def test_other_built_pages_load_cleanly_and_offline(
    open_page: Callable[..., Visit], screenshots: Path, built_site: Path
) -> None:
    """The pages Sphinx adds on its own (index of names, search, timings): same rules."""
    promised = {*FIXED_PAGES, *(example_page(script) for script in gallery_scripts())}
    others = sorted(
        path.relative_to(built_site).as_posix()
        for path in built_site.rglob("*.html")
        if not path.relative_to(built_site).parts[0].startswith("_")
    )
    others = [page for page in others if page not in promised]
    problems = {}
    for page in others:
        visit = open_page(page)
        visit.screenshot(screenshots, page)
        if visit.problems():
            problems[page] = visit.problems()
    assert not problems, problems


def test_dark_mode_is_applied(open_page: Callable[..., Visit], screenshots: Path) -> None:
    for page in ("index.html", example_page(gallery_scripts()[0])):
        visit = open_page(page, color_scheme="dark")
        visit.screenshot(screenshots, page, suffix="-dark")
        theme = visit.page.evaluate("() => document.documentElement.dataset.theme")
        assert theme == "dark", f"{page} ignores the reader's dark mode"
        assert_formulas_take_the_text_colour(visit, page)
        assert not visit.problems(), visit.problems()


# Each formula whose colour is not the colour of the text around it: [TeX, its, the text's].
FOREIGN_COLOURS = """() => [...document.querySelectorAll('.katex')].map(k => [
        k.querySelector('annotation')?.textContent ?? '', getComputedStyle(k).color,
        getComputedStyle(k.closest('.math').parentElement).color])
    .filter(([, own, around]) => own !== around)"""


def assert_formulas_take_the_text_colour(visit: Visit, page: str) -> None:
    """Drawn at build time, a formula must still follow the theme: dark on light, light on dark."""
    foreign = visit.page.evaluate(FOREIGN_COLOURS)
    assert not foreign, f"{page}: formulas not in their text's colour: {foreign}"


def derivation_page() -> str:
    derivation = [script for script in gallery_scripts() if script.stem.endswith("_derivation")]
    return example_page(derivation[0])


def test_derivation_formulas_are_rendered(open_page: Callable[..., Visit]) -> None:
    visit = open_page(derivation_page())
    math, rendered, fonts = visit.page.evaluate(
        "() => [document.querySelectorAll('.math').length,"
        " document.querySelectorAll('.math .katex-html').length,"
        " [...document.fonts].filter(f => f.family.startsWith('KaTeX') && f.status === 'loaded')"
        ".length]"
    )
    assert math >= 5, f"only {math} formulas on the derivation page"
    assert rendered == math, f"{rendered} of {math} formulas rendered"
    assert fonts >= 2, "the formulas are not drawn in KaTeX's fonts"


# -- Videos ----------------------------------------------------------------------------------

PLAY_FROM_START = """async i => {
    const video = document.querySelectorAll('video')[i];
    video.muted = true;  // the autoplay policy lets muted videos play without a gesture
    video.pause();
    if (video.currentTime !== 0) {
        const seeked = new Promise(done => video.addEventListener('seeked', done, {once: true}));
        video.currentTime = 0;
        await seeked;
    }
    await video.play();
}"""


def test_every_video_loads_and_plays(open_page: Callable[..., Visit], page: str) -> None:
    visit = open_page(page)
    count = visit.page.evaluate("() => document.querySelectorAll('video').length")
    for i in range(count):
        visit.page.wait_for_function(
            "i => document.querySelectorAll('video')[i].readyState >= 1", arg=i
        )
        duration, width, error = visit.page.evaluate(
            "i => { const v = document.querySelectorAll('video')[i];"
            " return [v.duration, v.videoWidth, v.error && v.error.message]; }",
            i,
        )
        assert error is None, f"video {i} on {page}: {error}"
        assert duration > 0, f"video {i} on {page} has no duration"
        assert width > 0, f"video {i} on {page} has no picture"
        visit.page.evaluate(PLAY_FROM_START, i)
        visit.page.wait_for_function(
            "i => document.querySelectorAll('video')[i].currentTime > 0", arg=i
        )
    assert not visit.problems(), visit.problems()


def test_every_download_mp4_link_downloads_the_video_it_sits_under(
    open_page: Callable[..., Visit], built_site: Path, page: str
) -> None:
    visit = open_page(page)
    links = visit.page.locator("p.gdexplain-video-download a")
    count = visit.page.locator("video").count()
    assert links.count() == count, f"{page}: {count} videos, {links.count()} download links"
    for i in range(count):
        played = visit.page.evaluate("i => document.querySelectorAll('video')[i].currentSrc", i)
        link = links.nth(i)
        assert link.is_visible(), f"{page}: download link {i} is hidden"
        with visit.page.expect_download() as download:
            link.click()
        saved = Path(download.value.path()).read_bytes()
        played_file = built_site / urlsplit(played).path.removeprefix(
            urlsplit(visit.site_url).path
        )
        assert saved == played_file.read_bytes(), f"{page}: link {i} is not {played}"
        assert download.value.suggested_filename.endswith(".mp4")
    assert not visit.problems(), visit.problems()


def test_download_mp4_link_opens_the_video_from_disk(browser: object, built_site: Path) -> None:
    """From file:// the browser ignores ``download`` and opens the MP4 itself: the same file."""
    script = gallery_scripts()[0]
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto((built_site / example_page(script)).resolve().as_uri())
        played = page.evaluate("() => document.querySelector('video').currentSrc")
        page.locator("p.gdexplain-video-download a").first.click()
        page.wait_for_url("**/*.mp4")
        assert page.url == played
        assert Path(unquote(urlsplit(page.url).path)).is_file()
    finally:
        context.close()


# -- Copy buttons ----------------------------------------------------------------------------


def first_printing_cell(script: Path) -> tuple[int, str]:
    """The index among the script's code cells of the first that prints, and its code."""
    _file_conf, blocks, *_ = split_code_and_text_blocks(script)
    code_cells = [block.content for block in blocks if block.type == "code"]
    for index, code in enumerate(code_cells):
        if "print(" in code:
            return index, code.strip()
    raise AssertionError(f"no code cell of {script.name} prints")


def test_copy_button_copies_a_cell_code_without_its_output(
    open_page: Callable[..., Visit],
) -> None:
    script = gallery_scripts()[0]
    index, code = first_printing_cell(script)
    visit = open_page(example_page(script))
    page = visit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    # Printed output is shown in blocks of its own: they get no button to copy them.
    assert page.locator(".sphx-glr-script-out button.copybtn").count() == 0
    printed = page.locator(".sphx-glr-script-out pre").first.inner_text().strip()
    assert printed, "the page shows no printed output"
    cell = page.locator("div.highlight-Python").nth(index)
    cell.hover()  # the button shows on hover
    cell.locator("button.copybtn").click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.strip() == code, f"copied:\n{copied}\nexpected:\n{code}"
    assert printed.splitlines()[0] not in copied
    assert not visit.problems(), visit.problems()


def test_copy_button_leaves_doctest_prompts_and_output_out(
    open_page: Callable[..., Visit],
) -> None:
    visit = open_page("api/generated/gdexplain.gradient_descent.html")
    page = visit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    example = page.locator("div.highlight pre", has_text=">>> ").first
    shown = example.inner_text()
    example.hover()
    example.locator("xpath=..").locator("button.copybtn").click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    expected = [line[4:] for line in shown.splitlines() if line.startswith((">>> ", "... "))]
    assert copied.splitlines() == expected
    assert ">>>" not in copied


# -- Navigation ------------------------------------------------------------------------------


def test_api_page_of_gradient_descent_leads_to_the_lessons_that_use_it(
    open_page: Callable[..., Visit],
) -> None:
    visit = open_page("api/generated/gdexplain.gradient_descent.html")
    page = visit.page
    heading = page.get_by_role("heading", name="Lessons that use gradient_descent")
    heading.scroll_into_view_if_needed()
    assert heading.is_visible()
    lessons = scripts_calling("gradient_descent")
    thumbnails = page.locator(".sphx-glr-thumbcontainer")
    assert thumbnails.count() == len(lessons)
    for script in lessons:
        page.goto(urljoin(visit.site_url, "api/generated/gdexplain.gradient_descent.html"))
        page.locator(f'.sphx-glr-thumbcontainer a[href$="{script.stem}.html"]').first.click()
        target = urljoin(visit.site_url, example_page(script))
        page.wait_for_url(lambda url, target=target: url.split("#")[0] == target)
    assert not visit.problems(), visit.problems()


def test_search_page_says_how_to_serve_the_site_only_when_opened_from_disk(
    browser: object, open_page: Callable[..., Visit], built_site: Path
) -> None:
    served = open_page("search.html")
    assert served.page.locator(".gdexplain-offline-search").is_hidden()
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto((built_site / "search.html").resolve().as_uri() + "?q=gradient")
        note = page.locator(".gdexplain-offline-search")
        assert note.is_visible()
        assert "python -m http.server -d build/html" in note.inner_text()
    finally:
        context.close()


def test_landing_page_leads_to_every_example(open_page: Callable[..., Visit]) -> None:
    """Click from the landing page to the gallery, and from the gallery to each example."""
    visit = open_page("index.html")
    page = visit.page
    gallery = urljoin(visit.site_url, "auto_examples/index.html")
    for script in gallery_scripts():
        page.goto(urljoin(visit.site_url, "index.html"))
        page.locator('a[href^="auto_examples/index.html"]:visible').first.click()
        page.wait_for_url(lambda url: url.split("#")[0] == gallery)
        # The gallery's index links to each section's pages inside the section's folder.
        link = f"{script.parent.name}/{script.stem}.html"
        page.locator(f'a[href^="{link}"]:visible').first.click()
        target = urljoin(visit.site_url, example_page(script))
        page.wait_for_url(lambda url, target=target: url.split("#")[0] == target)
        assert page.locator("h1").first.is_visible()
    assert not visit.problems(), visit.problems()
