"""The built site's files: pages, downloads, videos, math, printed numbers, offline use, weight.

These tests read the HTML that Sphinx wrote (the browser tests load it in Chromium). They need
the built site: the ``built_site`` fixture builds it once per run, or takes ``$GDEXPLAIN_SITE``.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import imageio_ffmpeg
import nbformat
import pytest
from bs4 import BeautifulSoup, Tag
from conftest import (
    DOCS,
    GALLERY,
    build_html,
    example_page,
    gallery_scripts,
    scripts_calling,
)

import gdexplain

pytestmark = pytest.mark.site

MAX_VIDEO_BYTES = 1_000_000  # the budget for one embedded animation
MAX_THUMBNAIL_BYTES = 200_000  # "light static images"
# The budget for the whole built site was 12 MB; the classification section (four
# lessons, two of their videos 43 and 71 kB) brought it near: 14 MB, not further.
MAX_SITE_BYTES = 14_000_000
MAX_PAGE_BYTES = 1024 * 1024  # ... and for a page before its videos play

# Attributes through which a page makes the browser fetch something.
FETCHING_ATTRIBUTES = (
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("track", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
)
WEB_URL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


# -- Reading the site ------------------------------------------------------------------------


@functools.cache
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def read_page(site: Path, page: str) -> BeautifulSoup:
    """The parsed HTML of ``page`` (relative to the site root); fails when it is missing."""
    path = site / page
    assert path.is_file(), f"the site has no page {page}"
    return _parse(path)


def local_target(site: Path, page: str, url: str) -> Path:
    """The file in the site that a relative ``url`` on ``page`` points to."""
    assert not WEB_URL.match(url), f"{page} points outside the site: {url}"
    target = (site / page).parent / unquote(urlsplit(url).path)
    return target.resolve()


def built_pages(site: Path) -> list[str]:
    """Every HTML page in the build, relative to its root."""
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if not path.relative_to(site).parts[0].startswith("_")
    )


def download_links(site: Path, page: str) -> dict[str, Path]:
    """The files a page offers for download, by file name."""
    links = read_page(site, page).select("a.download[href]")
    return {
        Path(urlsplit(a["href"]).path).name: local_target(site, page, a["href"]) for a in links
    }


def videos(site: Path, page: str) -> list[Tag]:
    return read_page(site, page).find_all("video")


def video_file(site: Path, page: str, video: Tag) -> Path:
    """The MP4 a wide screen plays: its <source> without a media query, or its own src."""
    sources = [s["src"] for s in video.find_all("source", src=True) if not s.get("media")] or [
        video.get("src")
    ]
    mp4s = [src for src in sources if src and urlsplit(src).path.endswith(".mp4")]
    assert mp4s, f"a <video> on {page} has no MP4 source: {video}"
    return local_target(site, page, mp4s[0])


@functools.cache
def frame_count(mp4: Path) -> int:
    frames, _seconds = imageio_ffmpeg.count_frames_and_secs(str(mp4))
    return frames


def derivation_script() -> Path:
    scripts = [script for script in gallery_scripts() if script.stem.endswith("_derivation")]
    assert len(scripts) == 1, f"expected one gallery/plot_*_derivation.py, found {scripts}"
    return scripts[0]


def animation_scripts() -> dict[str, Path]:
    """The gallery script of each of the package's animations, by animation name."""
    found = {}
    for kind in gdexplain.ANIMATIONS:
        scripts = [script for script in gallery_scripts() if script.stem.endswith(f"_{kind}")]
        # A kind shown on a page about something else (the gradient, on the derivation).
        scripts = (
            scripts
            or [
                script
                for script in gallery_scripts()
                if f"animate_{kind}(" in script.read_text(encoding="utf-8")
            ][:1]
        )
        assert len(scripts) == 1, f"expected one gallery/plot_*_{kind}.py, found {scripts}"
        found[kind] = scripts[0]
    return found


# -- Pages and downloads ---------------------------------------------------------------------


def test_every_promised_page_is_built(built_site: Path, page: str) -> None:
    heading = read_page(built_site, page).find("h1")
    assert heading is not None, f"{page} has no title"
    assert heading.get_text(strip=True)


def test_gallery_index_links_to_every_example(built_site: Path) -> None:
    index = "auto_examples/index.html"
    linked = {
        local_target(built_site, index, a["href"])
        for a in read_page(built_site, index).find_all("a", href=True)
        if not WEB_URL.match(a["href"])
    }
    for script in gallery_scripts():
        assert (built_site / example_page(script)).resolve() in linked, script.name


def test_gallery_page_offers_its_script_and_notebook(built_site: Path, script: Path) -> None:
    offered = download_links(built_site, example_page(script))
    python, notebook = offered.get(f"{script.stem}.py"), offered.get(f"{script.stem}.ipynb")
    assert python is not None, f"no .py download on {example_page(script)}: {sorted(offered)}"
    assert notebook is not None, f"no .ipynb download on {example_page(script)}"
    assert python.read_text(encoding="utf-8") == script.read_text(encoding="utf-8")
    assert notebook.is_file()


def test_downloaded_notebook_is_valid_nbformat(built_site: Path, script: Path) -> None:
    notebook = download_links(built_site, example_page(script))[f"{script.stem}.ipynb"]
    parsed = nbformat.read(notebook, as_version=nbformat.NO_CONVERT)
    nbformat.validate(parsed)
    assert parsed.nbformat == 4
    assert any(cell.cell_type == "code" for cell in parsed.cells)


def test_gallery_thumbnails_are_light_static_images(built_site: Path) -> None:
    index = "auto_examples/index.html"
    thumbnails = read_page(built_site, index).select(".sphx-glr-thumbcontainer img[src]")
    assert len(thumbnails) == len(gallery_scripts())
    for img in thumbnails:
        path = local_target(built_site, index, img["src"])
        assert path.suffix in {".png", ".jpg", ".jpeg", ".svg", ".webp"}, path.name
        assert path.stat().st_size < MAX_THUMBNAIL_BYTES, f"{path.name} is heavy"


def zip_members(archive: Path) -> dict[str, bytes]:
    """The files in a zip, by file name, with their bytes."""
    with zipfile.ZipFile(archive) as opened:
        return {Path(name).name: opened.read(name) for name in opened.namelist()}


def test_gallery_index_offers_every_example_in_one_zip(built_site: Path) -> None:
    """One zip of all the scripts, as they are, and one of all the notebooks."""
    offered = download_links(built_site, "auto_examples/index.html")
    zips = [zip_members(path) for name, path in offered.items() if name.endswith(".zip")]
    scripts = {script.name: script.read_bytes() for script in gallery_scripts()}
    notebooks = {f"{script.stem}.ipynb" for script in gallery_scripts()}
    assert scripts in zips, f"no zip of the scripts among {[sorted(z) for z in zips]}"
    assert any(set(z) == notebooks for z in zips), [sorted(z) for z in zips]


def minigallery_links(site: Path, page: str) -> set[Path]:
    """The example pages that an API page's "lessons that use it" thumbnails link to."""
    thumbnails = read_page(site, page).select(".sphx-glr-thumbnails .sphx-glr-thumbcontainer")
    return {local_target(site, page, a["href"]) for tn in thumbnails for a in tn.select("a[href]")}


@pytest.mark.parametrize("function", ["gradient_descent", "animate_fit", "least_squares"])
def test_api_page_lists_every_lesson_that_calls_the_function(
    built_site: Path, function: str
) -> None:
    page = f"api/generated/gdexplain.{function}.html"
    expected = {
        (built_site / example_page(script)).resolve() for script in scripts_calling(function)
    }
    assert expected, f"no gallery script calls {function}: pick another function"
    assert minigallery_links(built_site, page) == expected


# -- Animations ------------------------------------------------------------------------------


def test_each_animation_has_an_example_that_plays_it(built_site: Path) -> None:
    pages = {
        "the landing page": "index.html",
        "the derivation": example_page(derivation_script()),
        **{kind: example_page(script) for kind, script in animation_scripts().items()},
    }
    without_video = [name for name, page in pages.items() if not videos(built_site, page)]
    assert not without_video, f"no <video> on the page of: {without_video}"


def test_every_video_is_a_small_mp4_that_decodes(built_site: Path, page: str) -> None:
    for video in videos(built_site, page):
        mp4 = video_file(built_site, page, video)
        assert mp4.is_file(), f"{page}: the video's file {mp4} is not in the build"
        assert built_site.resolve() in mp4.parents, f"{page}: {mp4} is outside the site"
        assert mp4.stat().st_size < MAX_VIDEO_BYTES, f"{mp4.name}: {mp4.stat().st_size} bytes"
        assert frame_count(mp4) > 0, f"{mp4.name} decodes to no frame"


def test_every_video_has_a_poster_controls_and_loop(built_site: Path, page: str) -> None:
    for video in videos(built_site, page):
        assert video.has_attr("controls"), f"{page}: {video}"
        assert video.has_attr("loop"), f"{page}: {video}"
        assert video.get("poster"), f"{page}: a <video> without a poster"
        poster = local_target(built_site, page, video["poster"])
        assert poster.is_file(), f"{page}: the poster {poster} is not in the build"


def test_every_video_has_a_download_link_to_its_own_file(built_site: Path, page: str) -> None:
    """Under each video, a "Download MP4" link to the very file the video plays."""
    for video in videos(built_site, page):
        container = video.find_parent(class_="sphinx-contrib-video-container") or video
        below = container.find_next_sibling()
        assert below is not None, f"{page}: nothing after {video}"
        assert "gdexplain-video-download" in below.get("class", []), f"{page}: {below}"
        link = below.find("a", class_="download", href=True)
        assert link is not None, f"{page}: no download link in {below}"
        assert "MP4" in link.get_text(), link
        target = local_target(built_site, page, link["href"])
        assert target.is_file(), f"{page}: {link['href']} points to no file"
        mp4 = video_file(built_site, page, video)
        assert target.suffix == ".mp4", target
        assert target.read_bytes() == mp4.read_bytes(), f"{page}: {target} is not {mp4}"


# -- Formulas ------------------------------------------------------------------------------


def math_blocks(site: Path, page: str) -> list[str]:
    """The TeX of every formula on a page (KaTeX keeps it in the MathML it writes beside)."""
    containers = read_page(site, page).select("div.math, span.math")
    return [
        "".join(
            tex.get_text() for tex in element.select('annotation[encoding="application/x-tex"]')
        )
        for element in containers
    ]


def derivation_page() -> str:
    return example_page(derivation_script())


def test_every_formula_is_rendered_at_build_time_and_no_page_loads_a_math_script(
    built_site: Path,
) -> None:
    pages = built_pages(built_site)
    formulas = 0
    for page in pages:
        soup = read_page(built_site, page)
        scripts = [script["src"] for script in soup.find_all("script", src=True)]
        assert not [src for src in scripts if re.search("mathjax|katex", src, re.IGNORECASE)], page
        for element in soup.select("div.math, span.math"):
            formulas += 1
            assert element.select_one(".katex .katex-html"), f"{page}: unrendered {element}"
    assert formulas >= 20, f"only {formulas} formulas in the whole site"
    assert sum(map(bool, math_blocks(built_site, derivation_page()))) >= 5


def printed_output(site: Path, page: str) -> str:
    """All the text the page's code printed when the gallery executed it."""
    blocks = read_page(site, page).select("div.sphx-glr-script-out pre")
    assert blocks, f"{page} shows no printed output"
    return "\n".join(block.get_text() for block in blocks)


# -- Offline ---------------------------------------------------------------------------------


def css_web_urls(css: str) -> list[str]:
    """The web URLs a style sheet would fetch (``url(...)``, ``@import``), comments aside."""
    urls = (a or b for a, b in CSS_URL.findall(CSS_COMMENT.sub("", css)))
    return [url for url in urls if WEB_URL.match(url)]


def web_references(soup: BeautifulSoup) -> list[str]:
    """What a page would fetch from the web by itself: links a reader follows don't count."""
    found = []
    for tag, attribute in FETCHING_ATTRIBUTES:
        for element in soup.find_all(tag, attrs={attribute: True}):
            candidates = (
                element[attribute].split(",") if "srcset" in attribute else [element[attribute]]
            )
            found += [
                f"<{tag} {attribute}={url.strip()}>" for url in candidates if WEB_URL.match(url)
            ]
    for style in soup.find_all("style"):
        found += css_web_urls(style.get_text())
    for element in soup.find_all(style=True):
        found += css_web_urls(element["style"])
    return found


def test_no_page_fetches_anything_from_the_web(built_site: Path) -> None:
    pages = built_pages(built_site)
    assert len(pages) >= len(gallery_scripts()) + 4
    offending = {
        page: refs for page in pages if (refs := web_references(read_page(built_site, page)))
    }
    assert not offending, offending


def test_every_file_a_style_sheet_names_is_in_the_site(built_site: Path) -> None:
    """Fonts and images named by ``url(...)`` (KaTeX's fonts: WOFF2 only, all shipped)."""
    missing = {}
    for sheet in sorted(built_site.rglob("*.css")):
        css = CSS_COMMENT.sub("", sheet.read_text(encoding="utf-8", errors="replace"))
        urls = [a or b for a, b in CSS_URL.findall(css)]
        local = [url for url in urls if not WEB_URL.match(url) and not url.startswith("data:")]
        absent = [url for url in local if not (sheet.parent / urlsplit(url).path).is_file()]
        if absent:
            missing[sheet.relative_to(built_site).as_posix()] = absent
    assert not missing, missing


def test_no_style_sheet_fetches_anything_from_the_web(built_site: Path) -> None:
    sheets = sorted(built_site.rglob("*.css"))
    assert sheets
    offending = {
        sheet.relative_to(built_site).as_posix(): urls
        for sheet in sheets
        if (urls := css_web_urls(sheet.read_text(encoding="utf-8", errors="replace")))
    }
    assert not offending, offending


# -- A downloaded notebook runs --------------------------------------------------------------


def run_notebook(notebook: Path, folder: Path) -> list[dict[str, object]]:
    """Run a notebook in a Jupyter kernel (ipykernel, driven by nbclient) in ``folder``.

    Returns what its cells displayed as HTML, with the index of each cell.
    """
    import nbclient

    parsed = nbformat.read(notebook, as_version=4)
    client = nbclient.NotebookClient(
        parsed,
        timeout=900,  # a guard against a hang, not a speed check
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as error:
        pytest.fail(f"{notebook.name} failed:\n{str(error)[-3000:]}", pytrace=False)
    return [
        {"cell": index, "html": output["data"]["text/html"]}
        for index, cell in enumerate(parsed.cells)
        if cell.cell_type == "code"
        for output in cell.outputs
        if "text/html" in output.get("data", {})
    ]


def test_downloaded_notebook_runs_and_shows_its_animations(
    built_site: Path, script: Path, tmp_path: Path
) -> None:
    """Run the notebook in a Jupyter kernel, in an empty folder: it must show what the page shows."""
    page = example_page(script)
    notebook = download_links(built_site, page)[f"{script.stem}.ipynb"]
    displayed = run_notebook(notebook, tmp_path)
    written = sorted(path.name for path in tmp_path.iterdir())
    assert not written, f"{notebook.name} wrote {written} instead of displaying"
    animations = [shown for shown in displayed if "<video" in shown["html"]]
    if videos(built_site, page):
        assert animations, f"no cell of {notebook.name} ends with an animation: {displayed}"
    for shown in animations:
        assert "data:video/mp4;base64," in shown["html"], shown["cell"]


# -- The build -------------------------------------------------------------------------------


def test_a_failed_build_leaves_no_site(tmp_path: Path) -> None:
    """A gallery script that raises fails the build, and no site is left, not even an old one."""
    docs = tmp_path / "docs"
    shutil.copytree(
        DOCS,
        docs,
        ignore=shutil.ignore_patterns(
            "auto_examples", "generated", "sg_execution_times.rst", "__pycache__"
        ),
    )
    # The landing page embeds a lesson's video and links to the lessons: a one-line page
    # instead, so that the failing script is the only reason for the build to fail.
    (docs / "index.rst").write_text(
        "Broken\n======\n\n.. toctree::\n\n   auto_examples/index\n   own_data\n   api\n",
        encoding="utf-8",
    )
    gallery = tmp_path / "gallery"
    gallery.mkdir()
    shutil.copy(GALLERY / "GALLERY_HEADER.rst", gallery)
    (gallery / "plot_01_broken.py").write_text(
        '"""\nA broken lesson\n===============\n\nIt raises.\n"""\n\n'
        'raise RuntimeError("this lesson is broken on purpose")\n',
        encoding="utf-8",
    )
    html = tmp_path / "build" / "html"
    html.mkdir(parents=True)
    (html / "index.html").write_text("a site from an earlier, good build", encoding="utf-8")

    result = build_html(
        docs,
        html,
        ("-d", str(tmp_path / "build" / "doctrees")),
        capture_output=True,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )

    log = result.stdout + result.stderr
    assert result.returncode != 0, log[-3000:]
    assert "this lesson is broken on purpose" in log, log[-3000:]
    assert not html.exists(), sorted(path.name for path in html.iterdir())
    assert sorted(path.name for path in html.parent.iterdir()) == ["doctrees"]


# -- Weight ----------------------------------------------------------------------------------


def test_the_whole_site_is_at_most_12_mb(built_site: Path) -> None:
    files = [path for path in built_site.rglob("*") if path.is_file()]
    total = sum(path.stat().st_size for path in files)
    heaviest = sorted(files, key=lambda path: path.stat().st_size)[-5:]
    assert total <= MAX_SITE_BYTES, (
        f"the site is {total / 1e6:.1f} MB; its largest files: "
        + ", ".join(
            f"{path.relative_to(built_site)} {path.stat().st_size / 1e6:.1f} MB"
            for path in heaviest
        )
    )


def fetched_files(site: Path, page: str) -> set[Path]:
    """The page and the site's files it makes the browser fetch as it opens: its scripts, style
    sheets, images and posters, not its videos (fetched on play) or the fonts its style sheets
    name (fetched when used: the browser tests count those)."""
    soup = read_page(site, page)
    files = {(site / page).resolve()}
    for tag, attribute in FETCHING_ATTRIBUTES:
        if tag in ("video", "source", "audio", "track") and attribute != "poster":
            continue
        for element in soup.find_all(tag, attrs={attribute: True}):
            if tag == "link" and not {"stylesheet", "preload"} & set(element.get("rel", [])):
                continue  # a link to another page, not a resource
            for url in (
                element[attribute].split(",") if "srcset" in attribute else [element[attribute]]
            ):
                url = url.strip().split(" ")[0]
                if url and not url.startswith("data:"):
                    files.add(local_target(site, page, url))
    return files


def test_each_page_with_what_it_loads_is_at_most_1_mib(built_site: Path, page: str) -> None:
    files = fetched_files(built_site, page)
    missing = [path for path in files if not path.is_file()]
    assert not missing, f"{page} loads files the site lacks: {missing}"
    total = sum(path.stat().st_size for path in files)
    heaviest = sorted(files, key=lambda path: path.stat().st_size)[-4:]
    assert total <= MAX_PAGE_BYTES, (
        f"{page} loads {total / 2**20:.2f} MiB before its videos; the largest: "
        + ", ".join(f"{path.name} {path.stat().st_size // 1024} KiB" for path in heaviest)
    )


ICON_RULE = re.compile(r'((?:\.fa-[\w-]+,)*\.fa-[\w-]+)\{--fa:"((?:\\.|[^"\\])*)"\}')
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?|\\(.)")


def test_every_icon_a_page_shows_is_in_the_trimmed_icon_font(built_site: Path) -> None:
    """The theme's icon rules and font are cut to what the site uses (docs/_ext/lean_site.py):
    each icon a page names must keep its rule and its glyph."""
    from fontTools.ttLib import TTFont

    static = built_site / "_static"
    glyphs = {
        name.removeprefix("."): CSS_ESCAPE.sub(
            lambda m: chr(int(m[1], 16)) if m[1] else m[2], rule[2]
        )
        for rule in ICON_RULE.finditer((static / "styles/pydata-sphinx-theme.css").read_text())
        for name in rule[1].split(",")
    }
    shown = set()
    for page in built_pages(built_site):
        for icon in read_page(built_site, page).select('[class*="fa-"]'):
            shown.update(name for name in icon["class"] if name in glyphs)
    assert {"fa-sun", "fa-moon", "fa-magnifying-glass"} <= shown, shown
    font = TTFont(static / "vendor/fontawesome/webfonts/fa-solid-900.woff2")
    drawn = font.getBestCmap()
    missing = {name for name in shown if not all(ord(c) in drawn for c in glyphs[name])}
    assert not missing, f"icons without a glyph: {missing}"
    assert len(glyphs) < 200, "the unused icon rules are still in the theme's style sheet"
