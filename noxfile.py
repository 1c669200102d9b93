"""Sessions for developers and CI: ``nox -l`` lists them, ``nox -s NAME`` runs one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests"]

# Sessions run on the interpreter that runs nox (Python >= 3.11): pinning a
# version would make nox skip every session, and pass, where it is missing.
PYTHON = None

#: The browser the tests drive (tests/test_browser.py): Debian's package.
CHROMIUM = "/usr/bin/chromium"


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """Train on the article's data and print the result beside the closed form."""
    session.install("-e", ".")
    session.run("python", "-m", "gdexplain", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run every test, the site build and browser tests included (pytest options after ``--``).

    ``-- -m "not site"`` runs the fast unit tests alone.
    """
    session.install("-e", ".[test,docs]")  # the site tests build the docs
    if not any("not site" in arg for arg in session.posargs):
        _install_katex_assets(session)
        _ensure_chromium(session)
    session.run("pytest", *session.posargs)


def _install_katex_assets(session: nox.Session) -> None:
    """Install KaTeX's style sheet and fonts (docs/package-lock.json) into docs/node_modules.

    The site's formulas are rendered at build time with node (sphinxcontrib-katex); the pages
    then need KaTeX's style sheet and fonts, which only npm has. Installs Debian's nodejs and
    npm first when they are missing (as root), or stops with the command to run.
    """
    if shutil.which("npm") is None or shutil.which("node") is None:
        if not hasattr(os, "geteuid") or os.geteuid() != 0:
            session.error(
                "the docs render formulas with node and take KaTeX's fonts from npm: run "
                "`sudo apt-get update && sudo apt-get install -y nodejs npm`, then this again"
            )
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        session.run("apt-get", "update", external=True, env=env)
        session.run("apt-get", "install", "-y", "nodejs", "npm", external=True, env=env)
    # `ci`: exactly the locked versions; no audit or funding requests, no install scripts.
    session.run(
        "npm",
        "ci",
        "--prefix",
        "docs",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        external=True,
    )


def _ensure_chromium(session: nox.Session) -> None:
    """Install Debian's chromium for the browser tests, or stop with the command to run."""
    if Path(CHROMIUM).exists():
        return
    # The tests drive Debian's build: Playwright's own browser download is not reachable here.
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        session.error(
            "the browser tests need Debian's chromium: run "
            "`sudo apt-get update && sudo apt-get install -y chromium`, then this again "
            "(or `nox -s tests -- -m 'not site'` for the unit tests alone)"
        )
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", external=True, env=env)
    session.run("apt-get", "install", "-y", "chromium", external=True, env=env)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff, and types with mypy."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session(python=PYTHON)
def benchmark(session: nox.Session) -> None:
    """Time gdexplain's MP4 rendering against FuncAnimation and celluloid (``-- --quick``)."""
    session.install("-e", ".[benchmark]")
    session.run("python", "benchmarks/render_speed.py", *session.posargs)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site from scratch into build/html (no site there if the build fails).

    ``-- --serve`` rebuilds on every change with live reload; ``-- --no-clean``
    keeps the previous build, so a rebuild with nothing changed takes seconds
    (sphinx-gallery re-runs only the scripts that changed, so after editing the
    package itself, build from scratch).
    """
    session.install("-e", ".[docs]")
    _install_katex_assets(session)
    if "--serve" in session.posargs:
        extra = [arg for arg in session.posargs if arg != "--serve"]
        session.run(
            "sphinx-autobuild",
            *("--host", "127.0.0.1", "--port", "8000"),
            *("--watch", "gallery", "--watch", "gdexplain"),
            # The build itself writes these (sphinx-gallery via "*.new" temporary
            # files): watching them would rebuild forever.
            *("--ignore", "*/auto_examples/*", "--ignore", "*/api/generated/*"),
            *("--ignore", "*/sg_execution_times.rst*", "--re-ignore", "__pycache__"),
            *("-b", "html", "-d", "build/doctrees", "docs", "build/html"),
            *extra,
        )
        return
    options = [arg for arg in session.posargs if arg != "--no-clean"]
    if "--no-clean" not in session.posargs:
        for generated in ("build/doctrees", "docs/auto_examples", "docs/api/generated"):
            shutil.rmtree(generated, ignore_errors=True)
    # Into a fresh folder, moved to build/html only if the build succeeds: a failed build
    # leaves no site (not even the previous one) that could pass for a good one.
    session.run(
        "python",
        "docs/build_html.py",
        *("docs", "build/html", "-d", "build/doctrees"),
        *options,
    )
    session.log(f"Open the site: {Path('build/html/index.html').resolve().as_uri()}")
