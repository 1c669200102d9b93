"""How long the site takes to build from a cleared build, and where the time goes.

Clears what an earlier build left (the gallery's generated pages and the API stubs), builds
the site with ``docs/build_html.py`` into a temporary folder, and prints the wall time, the
processor time of the build and its children (the gallery's workers, ffmpeg, node), when the
gallery finished (Sphinx's own reading and writing come after it), and each gallery script's
time as sphinx-gallery recorded it (``sg_execution_times.rst``; wall time in a worker, so
two scripts running side by side each count their share of the machine).

Run from the repository root: ``python benchmarks/site_build.py`` (``--repeat 3`` for the median).
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
#: What a build writes into the sources, removed before each build ("a cleared build").
GENERATED = (DOCS / "auto_examples", DOCS / "api" / "generated")
#: The line sphinx-gallery logs once every script has run.
GALLERY_DONE = "computation time summary"
SCRIPT_TIME = re.compile(
    r"\(``(?P<script>[^`]+)``\)\s*\n\s*- (?P<minutes>\d+):(?P<seconds>[\d.]+)"
)


def build_once() -> dict[str, float]:
    """Build the site from cleared sources; the build's wall, CPU and gallery seconds."""
    for folder in GENERATED:
        shutil.rmtree(folder, ignore_errors=True)
    with tempfile.TemporaryDirectory() as scratch:
        command = [sys.executable, str(DOCS / "build_html.py"), str(DOCS), f"{scratch}/html"]
        command += ["-d", f"{scratch}/doctrees"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        gallery = float("nan")
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as build:
            assert build.stdout is not None  # for mypy: stdout=PIPE
            for line in build.stdout:
                if GALLERY_DONE in line:
                    gallery = time.perf_counter() - start
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if build.returncode != 0:
        raise SystemExit(f"the build failed (exit status {build.returncode})")
    cpu = sum(getattr(after, f) - getattr(before, f) for f in ("ru_utime", "ru_stime"))
    return {"wall_s": wall, "cpu_s": cpu, "gallery_s": gallery}


def script_times() -> list[tuple[float, str]]:
    """Each gallery script's time in the last build, longest first."""
    times = []
    for record in (DOCS / "auto_examples").glob("*/sg_execution_times.rst"):
        for match in SCRIPT_TIME.finditer(record.read_text(encoding="utf-8")):
            seconds = 60 * int(match["minutes"]) + float(match["seconds"])
            times.append((seconds, f"{record.parent.name}/{match['script']}"))
    return sorted(times, reverse=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="builds to run (median reported)")
    args = parser.parse_args(argv)
    runs = []
    for k in range(args.repeat):
        runs.append(build_once())
        wall, cpu, gallery = (runs[-1][key] for key in ("wall_s", "cpu_s", "gallery_s"))
        print(
            f"build {k + 1}: {wall:.1f} s wall, {cpu:.1f} CPU s, gallery done at {gallery:.1f} s"
        )
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    print(
        f"median of {len(runs)}: {median['wall_s']:.1f} s wall ({median['cpu_s']:.1f} CPU s); "
        f"the gallery {median['gallery_s']:.1f} s, Sphinx after it "
        f"{median['wall_s'] - median['gallery_s']:.1f} s"
    )
    print("\nthe scripts of the last build (sphinx-gallery's record, seconds):")
    for seconds, script in script_times():
        print(f"  {seconds:6.2f}  {script}")
    print(f"\nunder 60 s from a cleared build: {'met' if median['wall_s'] < 60 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
