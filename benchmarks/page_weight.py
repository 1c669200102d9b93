"""How many bytes each page of the built site fetches before its videos play.

Every HTML page of the site (Sphinx's own index and search pages aside) is opened in a fresh,
empty-cached Chromium context, served from a local HTTP server, scrolled to its end (so that
lazily loaded images count) and left until its fonts are in. Every request the page made is
counted at the size of the file it fetched from the site, except the videos themselves (the
``media`` requests: with ``preload="metadata"`` a video is fetched when it plays). Posters,
figures, style sheets, scripts, fonts and the page itself count.

Run ``python benchmarks/page_weight.py build/html`` after building the site; ``--markdown``
prints the table for benchmarks/README.md, ``--json FILE`` saves the numbers,
``--compare FILE`` adds a column from an earlier run's JSON (a site built before a change).
Needs Playwright and Debian's Chromium (``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import functools
import json
import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 900}
MIB = 1024 * 1024
#: Sphinx's generated pages that nobody reads as a lesson.
SKIPPED = ("genindex.html", "search.html", "py-modindex.html")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # the browser drops a video's connection once it has its first bytes


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port); yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def site_pages(site: Path) -> list[str]:
    """Every page a reader opens: HTML files outside ``_static``/``_images``, by path."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if not relative.startswith("_") and relative not in SKIPPED:
            pages.append(relative)
    return pages


def fetched_bytes(
    site: Path, base_url: str, requests: Sequence[tuple[str, str]]
) -> dict[str, int]:
    """Bytes per resource type of the site's files that ``requests`` fetched (videos left out).

    Parameters
    ----------
    site : Path
        The built site.
    base_url : str
        The URL the site is served at.
    requests : sequence of (url, resource_type)
        What the page asked for, as Playwright reports it.

    Returns
    -------
    dict
        Resource type (``document``, ``stylesheet``, ``script``, ``font``, ``image``, ...) to
        bytes; each file counted once.
    """
    totals: dict[str, int] = defaultdict(int)
    seen = set()
    for url, kind in requests:
        path = urlsplit(url).path
        if kind == "media" or not url.startswith(base_url) or path in seen:
            continue
        seen.add(path)
        file = site / unquote(path).removeprefix(urlsplit(base_url).path)
        if file.is_dir():
            file = file / "index.html"
        if file.is_file():
            totals[kind] += file.stat().st_size
    return dict(totals)


def measure(site: Path, pages: Sequence[str]) -> dict[str, dict[str, int]]:
    """Open each page in a fresh context; return page to its bytes per resource type."""
    from playwright.sync_api import sync_playwright

    results = {}
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page_path in pages:
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            requests: list[tuple[str, str]] = []
            page.on("request", lambda r, seen=requests: seen.append((r.url, r.resource_type)))
            page.goto(base_url + page_path, wait_until="load")
            page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
            page.evaluate("() => document.fonts.ready.then(() => null)")
            page.wait_for_timeout(300)  # lazy images started by the scroll
            page.evaluate(
                "() => Promise.all([...document.images].filter(i => !i.complete)"
                ".map(i => new Promise(done => { i.onload = i.onerror = done; })))"
            )
            results[page_path] = fetched_bytes(site, base_url, requests)
            context.close()
        browser.close()
    return results


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def markdown(results: dict[str, dict[str, int]], earlier: dict[str, dict[str, int]] | None) -> str:
    """The per-page table: total and its parts in KiB (and the earlier total, if given)."""
    kinds = ["document", "stylesheet", "script", "font", "image"]
    head = ["page", *(["before MiB"] if earlier else []), "MiB", *(f"{k} KiB" for k in kinds)]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for page, parts in results.items():
        total = sum(parts.values())
        before = []
        if earlier is not None:
            old = earlier.get(page)
            before = [f"{sum(old.values()) / MIB:.2f}" if old else "—"]
        cells = [f"{parts.get(kind, 0) / 1024:.0f}" for kind in kinds]
        lines.append("| " + " | ".join([page, *before, f"{total / MIB:.2f}", *cells]) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site, e.g. build/html")
    parser.add_argument("--json", type=Path, help="save the numbers to this file")
    parser.add_argument("--compare", type=Path, help="an earlier run's JSON, shown beside")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} holds no index.html: build the site first")
    results = measure(args.site, site_pages(args.site))
    site_total = folder_bytes(args.site)
    if args.json:
        args.json.write_text(json.dumps({"site": site_total, "pages": results}, indent=1))
    earlier = json.loads(args.compare.read_text())["pages"] if args.compare else None
    if args.markdown:
        print(markdown(results, earlier))
    else:
        for page, parts in results.items():
            print(f"{sum(parts.values()) / MIB:6.2f} MiB  {page}")
    heaviest = max(sum(parts.values()) for parts in results.values())
    print(f"\nheaviest page: {heaviest / MIB:.2f} MiB; whole site: {site_total / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
