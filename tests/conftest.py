"""Fixtures for the site tests: the built site (built once per run) and a local server for it.

The site tests need the HTML site. By default the first test that asks for it builds it from
the sources, once per run, the way ``nox -s docs`` does. When the environment variable
``GDEXPLAIN_SITE`` names a folder already holding the built HTML, that folder is used as it is
(build once with ``nox -s docs``, then ``GDEXPLAIN_SITE=build/html pytest``).
"""

from __future__ import annotations

import ast
import functools
import os
import runpy
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
GALLERY = REPO / "gallery"
BUILD = REPO / "build"
SITE_ENV = "GDEXPLAIN_SITE"
# What the build writes into docs/ (gallery pages, API stubs).
GENERATED_SOURCES = (DOCS / "auto_examples", DOCS / "api" / "generated")

# The pages a reader is promised; the gallery adds one page per script.
FIXED_PAGES = ("index.html", "auto_examples/index.html", "api.html", "own_data.html")

_build_report: list[str] = []


#: The course's sections, in the order the site shows them (docs/conf.py's subsection_order).
SECTIONS = (
    "foundations",
    "why_slow",
    "faster",
    "several_features",
    "classification",
    "explore",
    "appendix",
)


def gallery_scripts() -> list[Path]:
    """The gallery's scripts, in course order: section by section, then by file name."""
    return [
        script for section in SECTIONS for script in sorted((GALLERY / section).glob("plot_*.py"))
    ]


def scripts_calling(function: str) -> list[Path]:
    """The gallery scripts whose code calls ``function`` by name, read from their source."""
    calling = []
    for script in gallery_scripts():
        tree = ast.parse(script.read_text(encoding="utf-8"))
        called = {
            node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
        }
        if function in called:
            calling.append(script)
    return calling


def example_page(script: Path) -> str:
    """The built page of a gallery script, relative to the site root."""
    return f"auto_examples/{script.parent.name}/{script.stem}.html"


def site_pages() -> list[str]:
    """Every page the site promises, relative to its root: the fixed ones and the gallery's."""
    return [*FIXED_PAGES, *(example_page(script) for script in gallery_scripts())]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Give ``page`` every promised page, and ``script`` every gallery script."""
    if "page" in metafunc.fixturenames:
        metafunc.parametrize("page", site_pages())
    if "script" in metafunc.fixturenames:
        scripts = gallery_scripts()
        metafunc.parametrize("script", scripts, ids=[script.stem for script in scripts])


#: docs/build_html.py's ``build_html``, the build ``nox -s docs`` runs: all or nothing.
build_html: Callable[..., subprocess.CompletedProcess[str]] = runpy.run_path(
    str(DOCS / "build_html.py")
)["build_html"]


def _failure_excerpt(log: str) -> str:
    """The warnings and errors of a build log, then its last lines."""
    lines = log.splitlines()
    flagged = [line for line in lines if "WARNING" in line or "ERROR" in line]
    return "\n".join([*flagged, "...", *lines[-40:]])


def build_site(html: Path) -> Path:
    """Build the site from clean into ``html`` with warnings as errors; fail with the log."""
    if not (DOCS / "conf.py").is_file():
        pytest.fail(f"no Sphinx source: {DOCS / 'conf.py'} is missing", pytrace=False)
    # From scratch, like `nox -s docs`: sphinx-gallery would otherwise skip the scripts whose
    # source is unchanged, though their output depends on the package too.
    for generated in (html.parent / "doctrees", *GENERATED_SOURCES):
        shutil.rmtree(generated, ignore_errors=True)
    html.parent.mkdir(parents=True, exist_ok=True)
    log_path = html.parent / "site-build.log"
    start = time.perf_counter()
    result = build_html(
        DOCS,
        html,
        ("-d", str(html.parent / "doctrees")),
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    seconds = time.perf_counter() - start
    log = result.stdout + result.stderr
    log_path.write_text(log, encoding="utf-8")
    if result.returncode != 0:
        pytest.fail(
            f"the site build failed (exit {result.returncode}, full log in {log_path}):\n"
            + _failure_excerpt(log),
            pytrace=False,
        )
    _build_report.append(f"site built from clean in {seconds:.1f} s into {html}")
    return html


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The folder of the built HTML site: ``$GDEXPLAIN_SITE``, or a fresh build in build/html."""
    given = os.environ.get(SITE_ENV)
    if not given:
        return build_site(BUILD / "html")
    html = Path(given).resolve()
    if not (html / "index.html").is_file():
        pytest.fail(f"{SITE_ENV}={given} holds no index.html: build it with `nox -s docs`")
    _build_report.append(f"site taken as built from {html} (${SITE_ENV})")
    return html


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging each request or the browser's aborted media reads."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        # Chromium asks the server root for /favicon.ico on its own, not because a page asks
        # for it; what a real host answers there is the host's business, not the site's.
        if self.path == "/favicon.ico" and not Path(self.translate_path(self.path)).exists():
            self.send_response(204)
            self.end_headers()
            return None
        return super().send_head()


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        # A browser closes a video's connection once it has what it needs: not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 (a free port), as its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = _SiteServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# -- The browser (shared: Playwright's sync API runs once per process) ------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # runs as root in containers
    "--disable-gpu",
    "--disable-background-networking",  # no update, safe-browsing or metrics requests
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright; fails when it is not installed."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"the browser tests need Debian's Chromium at {CHROMIUM}: install it with "
            "`apt-get install chromium` (as root; `nox -s tests` does it when run as root)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where the tested site came from and how long its build took."""
    for line in _build_report:
        terminalreporter.write_line(line)


@pytest.fixture
def run_page(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Callable[[str], tuple[dict[str, object], str]]:
    """Run a gallery page top to bottom, as a reader's copy would run; return its names and output.

    ``run_page("foundations/plot_01_derivation.py")`` gives the page's module globals and
    everything it printed, so a test checks the page itself, not a re-typed copy of it. The page
    runs headless in an empty folder, and ``gdexplain.show`` does not encode its animations
    (the site's tests check the videos).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import gdexplain

    monkeypatch.setattr(gdexplain, "show", lambda *args, **kwargs: None, raising=False)
    monkeypatch.chdir(tmp_path)

    def run(relative_path: str) -> tuple[dict[str, object], str]:
        capsys.readouterr()  # only this page's output
        try:
            names = runpy.run_path(str(GALLERY / relative_path), run_name="__main__")
        finally:
            plt.close("all")
        return names, capsys.readouterr().out

    return run


@pytest.fixture
def no_figure_left_open() -> Iterator[None]:
    """pyplot lets go of every figure the test made (it warns from 20 on).

    For the files that draw: ``pytestmark = pytest.mark.usefixtures("no_figure_left_open")``.
    """
    yield
    import matplotlib.pyplot as plt  # imported when used, as in run_page

    plt.close("all")
