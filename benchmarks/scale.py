"""Scale: a million points with ten features, trained and animated in one process.

The issue's target: 10**6 rows x 10 features, ``gradient_descent`` for 1,000 epochs and a
contour animation saved to MP4, in under a minute and under 1 GB. The script prints the
time of each stage (generating the data, training, making the animation, saving it), the
total, and the process's peak resident memory (``ru_maxrss``: the interpreter, numpy and
matplotlib included; ffmpeg, a separate process, not).

Run ``python benchmarks/scale.py`` (``--rows``, ``--features``, ``--epochs`` to vary it).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from gdexplain import animate_contour, gradient_descent, optimal_learning_rate


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--features", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=1_000)
    args = parser.parse_args(argv)
    stages: dict[str, float] = {}
    start = clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stages[name], clock = now - clock, now

    rng = np.random.default_rng(0)
    x = rng.normal(0.0, 1.0, (args.rows, args.features)) * rng.uniform(0.5, 2.0, args.features)
    y = x @ rng.normal(0.0, 3.0, args.features) + 1.5 + rng.normal(0.0, 0.5, args.rows)
    lap("data")
    alpha = optimal_learning_rate(x)  # the Hessian's extremes: one (p+1) x (p+1) matrix
    history = gradient_descent(x, y, learning_rate=alpha, w=0.0, b=0.0, n_epochs=args.epochs)
    lap("training")
    animation = animate_contour(history)
    lap("animation made")
    with tempfile.TemporaryDirectory(prefix="gdexplain-scale-") as folder:
        path = animation.save(Path(folder) / "contour.mp4")
        size = path.stat().st_size
    lap("MP4 saved")
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(
        f"{args.rows:,} rows x {args.features} features, {args.epochs:,} epochs at "
        f"alpha = {alpha:.4g}, {len(animation)} frames ({size / 1e6:.2f} MB MP4)"
    )
    for name, seconds in stages.items():
        print(f"  {name:15} {seconds:6.2f} s")
    print(f"  {'total':15} {total:6.2f} s  (target < 60 s: {'met' if total < 60 else 'MISSED'})")
    verdict = "met" if peak < 1024 else "MISSED"
    print(f"  peak resident   {peak:6.0f} MB (target < 1,024 MB: {verdict})")
    print(f"  final cost {history.final.cost:.6f}, epochs {history.final.epoch:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
