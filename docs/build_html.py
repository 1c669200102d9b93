"""Build the HTML site so that a failed build leaves no site behind.

Sphinx writes pages as it goes, so a build that fails (a gallery script raises, or a warning
under ``-W``) still leaves a complete-looking site with the broken page inside. This script
runs Sphinx into a fresh folder beside the target and moves it into place only when Sphinx
succeeds. When Sphinx fails, the target is removed as well: a site left from an earlier build
would pass for this one.

Usage (``nox -s docs`` and the site tests' fixture call it)::

    python docs/build_html.py SOURCE_DIR OUTPUT_DIR [MORE_SPHINX_OPTIONS ...]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: The options of every site build: warnings are errors, all of them reported, not only the
#: first. No ``-j``: the gallery's scripts, where the time goes, run in parallel anyway
#: (sphinx-gallery's ``parallel`` in conf.py), and Sphinx 9's parallel writer can hang
#: instead of failing when an extension raises (its parent waits at exit for a child
#: blocked on a pipe that nobody reads: seen here).
SPHINX_OPTIONS = ("-W", "--keep-going", "-b", "html")


def build_html(
    source: Path | str, html: Path | str, options: Sequence[str] = (), **run: Any
) -> subprocess.CompletedProcess[Any]:
    """Run ``sphinx-build SPHINX_OPTIONS OPTIONS SOURCE`` into ``html``, all or nothing.

    Parameters
    ----------
    source : Path or str
        The Sphinx source folder (the one holding ``conf.py``).
    html : Path or str
        Where the site goes. Replaced by the new site on success; removed on failure.
    options : sequence of str
        More options for ``sphinx-build``, after :data:`SPHINX_OPTIONS`, such as
        ``("-d", "build/doctrees")``.
    **run
        Passed to :func:`subprocess.run` (``capture_output=True``, ``env=...``).

    Returns
    -------
    subprocess.CompletedProcess
        Sphinx's run; its ``returncode`` is the build's.
    """
    html = Path(html).resolve()
    html.parent.mkdir(parents=True, exist_ok=True)
    # Beside the target, so that the final move is a rename on the same file system.
    staging = Path(tempfile.mkdtemp(prefix=f".{html.name}-building-", dir=html.parent))
    try:
        command = [sys.executable, "-m", "sphinx", *SPHINX_OPTIONS, *options, source, staging]
        result = subprocess.run(command, check=False, **run)
        shutil.rmtree(html, ignore_errors=True)
        if result.returncode == 0:
            staging.rename(html)
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: Sequence[str]) -> int:
    """Build as the module docstring says; report where the site is, or that there is none."""
    if len(argv) < 2:
        print(
            f"usage: python {sys.argv[0]} SOURCE_DIR OUTPUT_DIR [MORE_SPHINX_OPTIONS ...]",
            file=sys.stderr,
        )
        return 2
    source, html, *options = argv
    returncode = build_html(source, html, options).returncode
    if returncode == 0:
        print(f"the site is in {html}")
    else:
        print(f"the docs build failed (exit {returncode}): no site in {html}", file=sys.stderr)
    return returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
