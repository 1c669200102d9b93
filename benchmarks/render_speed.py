"""How fast, and in how much memory, each way of rendering an animation to MP4 runs.

For each animation kind (from the registry, ``gdexplain.animation.kinds``), at
the article's 120 frames and at 1,200 frames, the same figure is rendered to MP4
three ways, each in a fresh Python process so that its peak memory is its own:

gdexplain
    ``DescentAnimation.save``: the static scene drawn once; per frame, only the
    moving artists are drawn and the raw pixels are piped to ffmpeg.
FuncAnimation
    matplotlib's own ``Animation.save`` with ``FFMpegWriter``, called on the same
    object (a ``DescentAnimation`` is a ``FuncAnimation``): the whole figure is
    redrawn and saved for every frame.
celluloid
    the article's method (``celluloid_baseline.py`` beside this script): each
    frame's moving artists copied and snapshotted with ``celluloid.Camera``,
    replayed with ``ArtistAnimation``; all snapshots stay in memory.

Every method uses the ffmpeg binary shipped by ``imageio-ffmpeg``. Wall time
covers building the figure, rendering and encoding (not training, which takes
milliseconds); CPU time is the same work's processor seconds, Python's and
ffmpeg's (steadier than wall time on a shared machine); peak memory is the child Python process's maximum resident set
size (``ru_maxrss``), so it includes the interpreter, numpy and matplotlib but
not the separate ffmpeg process.

``--features 2`` renders the article's part-2 run (two features) with every kind that
draws it, the plane among them. Run ``python benchmarks/render_speed.py`` or ``--quick`` (a smoke run of about
20 seconds); ``nox -s benchmark`` does the same. ``--loop 100`` instead makes and
saves 100 animations in one process and prints its resident memory along the way. ``--repeat 3`` runs every case
three times, round by round, and reports the median time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path

import imageio_ffmpeg
import matplotlib as mpl
import numpy as np
from matplotlib.animation import Animation, FFMpegWriter
from numpy.typing import NDArray

import gdexplain
from gdexplain import (
    History,
    article_data,
    classification_data,
    frame_schedule,
    gradient_descent,
)
from gdexplain.animation import ANIMATIONS
from gdexplain.animation.kinds import KINDS as REGISTRY
from gdexplain.animation.kinds import NAMES

sys.path.insert(0, str(Path(__file__).parent))
from celluloid_baseline import snapshot_animation

KINDS = NAMES
METHODS = ("gdexplain", "FuncAnimation", "celluloid")
EPOCHS = 12_000  # the article's run
DPI = 100

# --- one measurement, run in a child process ------------------------------------------------


def frame_epochs(frames: int) -> NDArray[np.int64]:
    """The epochs to draw: the article's schedule for 120 frames, else evenly spaced."""
    if frames == 120:
        return frame_schedule(EPOCHS)
    return np.linspace(0, EPOCHS, frames, endpoint=False).astype(np.int64)


def render_gdexplain(kind: str, history: History, epochs: NDArray[np.int64], path: Path) -> None:
    """gdexplain's own save: static scene once, moving artists per frame."""
    animation = ANIMATIONS[kind](history, epochs=epochs, dpi=DPI)
    animation.save(path)


def render_funcanimation(
    kind: str, history: History, epochs: NDArray[np.int64], path: Path
) -> None:
    """matplotlib's own Animation.save with its ffmpeg writer, on the same animation object."""
    animation = ANIMATIONS[kind](history, epochs=epochs, dpi=DPI)
    with ffmpeg_from_imageio():
        Animation.save(animation, path, writer=FFMpegWriter(fps=animation.fps), dpi=DPI)


def render_celluloid(kind: str, history: History, epochs: NDArray[np.int64], path: Path) -> None:
    """The article's method: each frame's artists snapshotted, the whole figure redrawn."""
    animation = ANIMATIONS[kind](history, epochs=epochs, dpi=DPI)
    movie = snapshot_animation(animation)
    with ffmpeg_from_imageio():
        movie.save(path, writer=FFMpegWriter(fps=animation.fps), dpi=DPI)


RENDERERS: dict[str, Callable[[str, History, NDArray[np.int64], Path], None]] = {
    "gdexplain": render_gdexplain,
    "FuncAnimation": render_funcanimation,
    "celluloid": render_celluloid,
}


def ffmpeg_from_imageio() -> AbstractContextManager[None]:
    """A context in which matplotlib's ffmpeg writers use imageio-ffmpeg's binary."""
    return mpl.rc_context({"animation.ffmpeg_path": imageio_ffmpeg.get_ffmpeg_exe()})


def article_run(features: int, model: str = "linear") -> History:
    """The article's run, 12,000 epochs at its step: part 1's line, or part 2's plane.

    ``model="logistic"``: our classification data (one or two features) at a step of 0.5
    (one feature) or 0.05 (two), 12,000 epochs.
    """
    if model == "logistic":
        rate = 0.5 if features == 1 else 0.05
        data = classification_data(features=features)
        return gradient_descent(*data, model=model, learning_rate=rate, n_epochs=EPOCHS)
    if features == 1:
        return gradient_descent(*article_data(), n_epochs=EPOCHS)
    return gradient_descent(*article_data(part=2), w=[3.0, 3.0], n_epochs=EPOCHS)


def measure(
    method: str, kind: str, frames: int, path: Path, features: int, model: str = "linear"
) -> dict[str, float]:
    """Render once; return wall seconds, peak resident MB and the file's size in MB."""
    history = article_run(features, model)  # untimed
    epochs = frame_epochs(frames)
    start, cpu_start = time.perf_counter(), cpu_seconds()
    RENDERERS[method](kind, history, epochs, path)
    wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    decoded, _ = imageio_ffmpeg.count_frames_and_secs(str(path))
    if decoded != frames:
        raise RuntimeError(f"{method} wrote {decoded} frames to {path}, expected {frames}")
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # kB on Linux
        "size_mb": path.stat().st_size / 1e6,
    }


def cpu_seconds() -> float:
    """Processor seconds so far of this process and its finished children (ffmpeg)."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def memory_over_a_loop(count: int, kinds: Sequence[str]) -> list[tuple[int, float]]:
    """Make and save ``count`` animations (the ``kinds`` in turn) in this process.

    Returns the resident memory (MB, from /proc) after every tenth: flat when each
    figure is let go once saved.
    """
    history = gradient_descent(*article_data(), n_epochs=EPOCHS)
    epochs = frame_schedule(EPOCHS)[::40]  # 3 small frames: the figures are what is measured
    sizes = []
    with tempfile.TemporaryDirectory(prefix="gdexplain-loop-") as folder:
        for i in range(1, count + 1):
            ANIMATIONS[kinds[i % len(kinds)]](history, epochs=epochs, dpi=20).save(
                Path(folder) / "loop.mp4"
            )
            if i % 10 == 0:
                pages = int(Path("/proc/self/statm").read_text().split()[1])
                sizes.append((i, pages * os.sysconf("SC_PAGE_SIZE") / 2**20))
    return sizes


# --- the parent: run every case in a fresh process and tabulate -----------------------------


@dataclass(frozen=True)
class Result:
    kind: str
    frames: int
    method: str
    wall_s: float
    cpu_s: float
    peak_mb: float
    size_mb: float


def run_case(
    method: str, kind: str, frames: int, folder: Path, features: int = 1, model: str = "linear"
) -> Result | None:
    """Measure one case in a fresh interpreter, so peak memory is not shared.

    A failure is reported and skipped, so one broken case does not cost a long run.
    """
    path = folder / f"{kind}-{frames}-{method}.mp4"
    done = subprocess.run(
        [
            *(sys.executable, __file__, "--child", method, kind),
            *(str(frames), str(path), str(features), model),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(f"  {kind} {frames} {method} FAILED:\n{done.stderr}", file=sys.stderr, flush=True)
        return None
    path.unlink()  # keep the temporary folder small
    return Result(kind, frames, method, **json.loads(done.stdout.splitlines()[-1]))


def typical(runs: Sequence[Result]) -> Result:
    """One result for repeated runs of a case: the median time, the highest peak memory."""
    return replace(
        runs[0],
        wall_s=statistics.median(r.wall_s for r in runs),
        cpu_s=statistics.median(r.cpu_s for r in runs),
        peak_mb=max(r.peak_mb for r in runs),
    )


def table(results: Sequence[Result]) -> str:
    """A Markdown table of every measurement, with the ratios the targets are about."""
    by_case = {(r.kind, r.frames, r.method): r for r in results}
    frame_counts = sorted({r.frames for r in results})
    lines = [
        (
            "| kind | frames | method | wall s | CPU s | peak MB | MP4 MB | CPU / gdexplain's |"
            f" peak / peak at {frame_counts[0]:,} |"
        ),
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        own = by_case.get((r.kind, r.frames, "gdexplain"))
        fewest = by_case.get((r.kind, frame_counts[0], r.method), r)
        speed = f"{r.cpu_s / own.cpu_s:.1f}x" if own else "-"
        lines.append(
            f"| {r.kind} | {r.frames:,} | {r.method} | {r.wall_s:.2f} | {r.cpu_s:.2f} | "
            f"{r.peak_mb:.0f} | "
            f"{r.size_mb:.2f} | {speed} | {r.peak_mb / fewest.peak_mb:.2f} |"
        )
    return "\n".join(lines)


def verdict(results: Sequence[Result]) -> str:
    """The issue's targets, each with the worst measured value."""
    by_case = {(r.kind, r.frames, r.method): r for r in results}
    cases = sorted({(r.kind, r.frames) for r in results})
    frame_counts = sorted({r.frames for r in results})

    kinds = {k for k, _ in cases}

    def ratios(
        numerator: tuple[int, str], denominator: tuple[int, str], value: str
    ) -> list[float]:
        pairs = [(by_case.get((k, *numerator)), by_case.get((k, *denominator))) for k in kinds]
        return [getattr(n, value) / getattr(d, value) for n, d in pairs if n and d]

    def worst_speedup(method: str) -> float:
        return min(
            ratio for f in frame_counts for ratio in ratios((f, method), (f, "gdexplain"), "cpu_s")
        )

    growth = max(
        ratios((frame_counts[-1], "gdexplain"), (frame_counts[0], "gdexplain"), "peak_mb")
    )
    largest = max(
        r.size_mb for r in results if r.method == "gdexplain" and r.frames == frame_counts[0]
    )
    checks = [
        ("gdexplain >= 10x faster (CPU) than Animation.save", "FuncAnimation", 10),
    ]
    lines = [
        f"- {name}: worst case {worst_speedup(method):.1f}x -> "
        f"{'met' if worst_speedup(method) >= target else 'MISSED'}"
        for name, method, target in checks
        if method in {r.method for r in results}
    ]
    if len(frame_counts) > 1:
        lines.append(
            f"- gdexplain peak memory at {frame_counts[-1]:,} frames within 10% of "
            f"{frame_counts[0]:,}: worst ratio {growth:.3f} -> "
            f"{'met' if growth <= 1.10 else 'MISSED'}"
        )
    lines.append(
        f"- gdexplain MP4 of {frame_counts[0]:,} frames under 1 MB: largest {largest:.2f} MB "
        f"-> {'met' if largest < 1 else 'MISSED'}"
    )
    return "\n".join(lines)


def machine() -> str:
    """Where the numbers were measured."""
    return (
        f"{time.strftime('%Y-%m-%d')}, {platform.machine()}, {_cpu_count()} cores, "
        f"Python {platform.python_version()}, matplotlib {mpl.__version__}, "
        f"ffmpeg {imageio_ffmpeg.get_ffmpeg_version()} (imageio-ffmpeg), "
        f"gdexplain {gdexplain.__version__}"
    )


def _cpu_count() -> int:
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def at_least_one(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: the fit only, 12 and 24 frames"
    )
    parser.add_argument(
        "--features",
        type=int,
        choices=(1, 2),
        default=1,
        help="the article's run with one feature (part 1) or two (part 2's plane)",
    )
    parser.add_argument(
        "--model",
        choices=("linear", "logistic"),
        default="linear",
        help="logistic: a run on our classification data (gdexplain.classification_data)",
    )
    parser.add_argument(
        "--kinds", nargs="+", choices=KINDS, help="default: every kind that draws the run"
    )
    parser.add_argument("--methods", nargs="+", choices=METHODS, default=list(METHODS))
    parser.add_argument("--frames", nargs="+", type=at_least_one, default=[120, 1200])
    parser.add_argument(
        "--repeat",
        type=at_least_one,
        default=1,
        help="runs of each case; the table shows the median time and the highest peak",
    )
    parser.add_argument(
        "--loop", type=at_least_one, help="make and save this many animations; print memory"
    )
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    drawn = [
        kind.name for kind in REGISTRY if kind.takes(args.features) and args.model in kind.models
    ]
    args.kinds = args.kinds or drawn
    if set(args.kinds) - set(drawn):
        parser.error(f"with {args.features} feature(s) the kinds are {', '.join(drawn)}")
    if args.loop:
        for done, megabytes in memory_over_a_loop(args.loop, args.kinds):
            print(f"after {done:4} animations: {megabytes:6.1f} MB resident", flush=True)
        return 0
    if args.child:
        method, kind, frames, path, features, model = args.child
        print(json.dumps(measure(method, kind, int(frames), Path(path), int(features), model)))
        return 0

    kinds, frame_counts = args.kinds, args.frames
    if args.quick:
        kinds, frame_counts = ["fit"], [12, 24]
    print(machine(), flush=True)
    run = "the article's run" if args.model == "linear" else "a logistic run"
    print(f"{run} with {args.features} feature(s), {EPOCHS:,} epochs", flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="gdexplain-bench-") as folder:
        for kind in kinds:
            for frames in frame_counts:
                runs: dict[str, list[Result]] = {method: [] for method in args.methods}
                # Round by round, so that a busy moment slows every method alike.
                for _ in range(args.repeat):
                    for method in args.methods:
                        result = run_case(
                            method, kind, frames, Path(folder), args.features, args.model
                        )
                        if result is None:
                            continue
                        print(
                            f"  {kind:8} {frames:6,} frames  {method:13} {result.wall_s:7.2f} s "
                            f"{result.cpu_s:7.2f} CPU s "
                            f"{result.peak_mb:7.0f} MB  {result.size_mb:6.2f} MB",
                            flush=True,
                        )
                        runs[method].append(result)
                results += [typical(done) for done in runs.values() if done]
    print()
    print(table(results))
    if "gdexplain" in args.methods:
        print()
        print(verdict(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
