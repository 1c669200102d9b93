"""Scale: a million points with ten features, trained and animated in one process.

The issue's target: 10**6 rows x 10 features, ``gradient_descent`` for 1,000 epochs and a
contour animation saved to MP4, in under a minute and under 1 GB. The script prints the
time of each stage (generating the data, training, making the animation, saving it), the
total, and the process's peak resident memory (``ru_maxrss``: the interpreter, numpy and
matplotlib included; ffmpeg, a separate process, not).

Run ``python benchmarks/scale.py`` (``--rows``, ``--features``, ``--epochs`` to vary it).

``--model logistic``: the same for a classifier, labels drawn from a sigmoid of the
features (one by default, ``--features`` to change it), trained at a fixed step of 4
(the cross-entropy's curvature is at most a quarter of the squared error's over 2) and
its contour animation saved: the map's cross-entropy evaluated as
:mod:`gdexplain.animation._landscape` says (nodes from a budget, points merged in bins
within a stated bound).
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
    parser.add_argument("--features", type=int, default=None, help="10 (linear), 1 (logistic)")
    parser.add_argument("--epochs", type=int, default=None, help="1,000 (linear), 300 (logistic)")
    parser.add_argument("--model", choices=["linear", "logistic"], default="linear")
    args = parser.parse_args(argv)
    logistic = args.model == "logistic"
    if args.features is None:
        args.features = 1 if logistic else 10
    if args.epochs is None:
        args.epochs = 300 if logistic else 1_000
    stages: dict[str, float] = {}
    start = clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stages[name], clock = now - clock, now

    rng = np.random.default_rng(0)
    x = rng.normal(0.0, 1.0, (args.rows, args.features)) * rng.uniform(0.5, 2.0, args.features)
    y = x @ rng.normal(0.0, 3.0, args.features) + 1.5 + rng.normal(0.0, 0.5, args.rows)
    if logistic:  # labels drawn with probability sigmoid(score / 3): overlapping classes
        y = (rng.random(args.rows) < 1 / (1 + np.exp(-y / 3))).astype(np.float64)
    if args.features == 1:
        x = x[:, 0]
    lap("data")
    # The linear step: the Hessian's extremes, one (p+1) x (p+1) matrix.
    alpha = 4.0 if logistic else optimal_learning_rate(x)
    history = gradient_descent(
        x, y, learning_rate=alpha, w=0.0, b=0.0, n_epochs=args.epochs, model=args.model
    )
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
        f"{args.model}: {args.rows:,} rows x {args.features} features, {args.epochs:,} epochs at "
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
