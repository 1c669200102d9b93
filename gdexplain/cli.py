"""Command line: ``python -m gdexplain`` (or ``gdexplain``).

Two commands: ``train`` (the default) prints a run beside the closed form;
``animate`` renders one of the animations in :data:`~gdexplain.animation.kinds.KINDS`
to a file. Each command reads as parse -> validate -> train -> (animate -> save).
Every failure is one line on standard error and a non-zero exit status.
matplotlib is imported only to animate, so ``train`` and ``--help`` start fast.
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from gdexplain import __version__
from gdexplain._files import FORMATS, Received, Terminated, output_path, signals_raise
from gdexplain._validation import MAX_FPS, MIN_FPS, frame_rate
from gdexplain.animation.kinds import KINDS, NAMES, Kind
from gdexplain.data import TableData, article_data, classification_data, read_csv
from gdexplain.descent import (
    DivergenceError,
    adagrad_descent,
    adam_descent,
    gradient_descent,
    momentum_descent,
    rmsprop_descent,
    stochastic_descent,
)
from gdexplain.history import History
from gdexplain.regression import MODELS, cost, optimum
from gdexplain.schedule import frame_schedule
from gdexplain.theory import epochs_to_tolerance

#: Peak bytes of memory per epoch of training: six numbers an epoch (w, b, J,
#: the two partial derivatives and the epoch itself, 8 bytes each), held twice
#: at the end of the run, when the :class:`~gdexplain.History` copies them into
#: read-only arrays, plus for a moment a third copy of one array while it is
#: frozen into immutable bytes. (tests/test_cli.py checks it against a measured peak.)
PEAK_BYTES_PER_EPOCH = 2 * 6 * 8 + 8

#: Peak bytes per epoch for each feature past the first: one more weight and one
#: more partial derivative, held twice, plus the third copy of the weights' array.
PEAK_BYTES_PER_EXTRA_FEATURE = 2 * 2 * 8 + 8

#: Peak bytes per update of stochastic or mini-batch descent: the record as
#: above plus the list of each update's batch (one small index array, about
#: 200 bytes, per update), measured with tracemalloc and rounded up.
PEAK_BYTES_PER_STOCHASTIC_UPDATE = 320

#: Where Linux reports the memory a new program can use without swapping.
MEMINFO = Path("/proc/meminfo")

#: The optimisers --method names; with no --method the other flags choose one.
METHODS = ("gd", "momentum", "nesterov", "sgd", "adagrad", "rmsprop", "adam")

#: The adaptive methods' own flags, and the methods each belongs to.
ADAPTIVE_FLAGS = {
    "epsilon": ("adagrad", "rmsprop", "adam"),
    "rho": ("rmsprop",),
    "beta1": ("adam",),
    "beta2": ("adam",),
}

#: Exit statuses: a refused input (as argparse's own), an unexpected failure.
USAGE_ERROR, FAILURE = 2, 1

MAIN_EPILOG = """\
With no command, gdexplain trains with the article's settings and prints the
result beside the closed-form line. Run 'gdexplain COMMAND --help' for the
options of a command.

examples:
  gdexplain                                  the article's run, 12,000 epochs
  gdexplain train --learning-rate 0.01       ten times the article's step size
  gdexplain train --learning-rate 0.0739 --momentum 0.687 --epochs 200
                                             the heavy ball at its best settings
  gdexplain train --learning-rate 0.01 --batch-size 1 --seed 0 --epochs 300
                                             stochastic descent, one point a step
  gdexplain train --method adam --learning-rate 0.1 --epochs 3000
                                             Adam with its default betas
  gdexplain train --data points.csv --epochs 100000
                                             your own data: a header row, the target
                                             last (or --target NAME), features before
  gdexplain train --model logistic --learning-rate 0.5 --w 0 --b 0 --epochs 5000
                                             the logistic model on our hours-studied
                                             data (or --data with 0/1 labels)
  gdexplain animate fit --output fit.mp4     the article's first animation"""


def _runs_drawn(kind: Kind) -> str:
    """A note for a kind that draws only some runs: ``" (exactly 2 features)"``."""
    return "" if kind.max_features is None else f" ({kind.features})"


ANIMATE_DESCRIPTION = f"""\
Train on the article's six points, then render one animation of the run to a file.

{chr(10).join(f"  {kind.name:{max(map(len, NAMES))}}  {kind.summary}{_runs_drawn(kind)}" for kind in KINDS)}

The format follows the extension of --output: .mp4 (H.264 video), .gif, or
.html (a page that plays the video).

Frames are drawn at a schedule of epochs, dense while the descent moves fast
and sparse after. The defaults, --breakpoints 50 100 --steps 1 5 200, draw
every epoch up to 50, every 5th up to 100 and every 200th after: the article's
120 frames of a 12,000-epoch run."""

ANIMATE_EPILOG = """\
examples:
  gdexplain animate fit --output fit.mp4
      the article's first animation, 120 frames, as an MP4 video
  gdexplain animate contour --output contour.gif --learning-rate 0.04 --epochs 300 \\
      --breakpoints 20 --steps 1 10 --endpoint --fps 10
      a faster learning rate near the stability limit, every epoch to 20, then
      every 10th up to and including 300, as a GIF"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per job."""
    parser = argparse.ArgumentParser(
        prog="gdexplain",
        description="Batch gradient descent on simple linear regression, derived and animated.",
        epilog=MAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    train = commands.add_parser(
        "train",
        help="train on the article's six points (or --data FILE.csv) and compare with the "
        "closed form (default)",
        description="Train on the article's six points, or the data of --data FILE.csv, and "
        "print the result beside the closed-form least-squares answer, one column per "
        "feature.",
    )
    add_training_options(train, min_epochs=0)
    animate = commands.add_parser(
        "animate",
        help="render an animation of gradient descent to .mp4, .gif or .html",
        description=ANIMATE_DESCRIPTION,
        epilog=ANIMATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_animation_options(animate)
    return parser


def add_training_options(parser: argparse.ArgumentParser, *, min_epochs: int = 1) -> None:
    """Options shared by every command that trains a model."""
    parser.add_argument(
        "--learning-rate",
        type=positive_number,
        default=0.001,
        metavar="ALPHA",
        help="step size alpha, positive (default: %(default)s)",
    )
    data = parser.add_argument_group(
        "data",
        "The article's six points unless --data is given. A CSV file has a header row of "
        "column names, then one row of numbers per point: the target column is the last "
        "unless --target names it; every other column is a feature.",
    )
    data.add_argument(
        "--data", type=Path, default=None, metavar="FILE.csv", help="train on this CSV file"
    )
    data.add_argument(
        "--target",
        default=None,
        metavar="NAME",
        help="the column of --data to predict (default: the last column)",
    )
    data.add_argument(
        "--model",
        choices=MODELS,
        default="linear",
        help="the model: linear (a line or plane, the mean squared error) or logistic (a "
        "sigmoid, the cross-entropy; 0/1 labels, our hours-studied data without --data) "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--w",
        type=finite_number,
        default=3.0,
        help="starting slope; with several features, every weight's (default: %(default)s)",
    )
    parser.add_argument(
        "--b", type=finite_number, default=-1.0, help="starting intercept (default: %(default)s)"
    )
    parser.add_argument(
        "--epochs",
        type=integer_at_least(min_epochs),
        default=12_000,
        help=f"number of passes over the data, at least {min_epochs} (default: %(default)s)",
    )
    parser.add_argument(
        "--allow-divergence",
        action="store_true",
        help="record a run above the stability limit until it blows up, instead of refusing it",
    )
    optimiser = parser.add_argument_group(
        "optimiser",
        "Plain batch gradient descent unless one of these is given. --momentum (with "
        "--nesterov) selects momentum descent; --batch-size (with --seed, --decay) selects "
        "stochastic or mini-batch descent. The two families cannot be combined. --method "
        "names the optimiser outright; adagrad, rmsprop and adam take --epsilon, and "
        "--rho (rmsprop) or --beta1 and --beta2 (adam).",
    )
    optimiser.add_argument(
        "--method",
        choices=METHODS,
        default=None,
        help="the optimiser: gd, momentum or nesterov (with --momentum), sgd (with "
        "--batch-size, default 1), adagrad, rmsprop or adam (default: chosen by the flags "
        "below, gd without any)",
    )
    optimiser.add_argument(
        "--momentum",
        type=momentum_fraction,
        default=None,
        metavar="BETA",
        help="heavy-ball momentum beta, in [0, 1): the fraction of the last step kept",
    )
    optimiser.add_argument(
        "--nesterov",
        action="store_true",
        help="take the gradient where the momentum is carrying the point (needs --momentum)",
    )
    optimiser.add_argument(
        "--batch-size",
        type=integer_at_least(1),
        default=None,
        metavar="K",
        help="points per update, 1 to the number of points n (6 for the article's data): "
        "1 is stochastic, n is batch descent",
    )
    optimiser.add_argument(
        "--seed",
        type=integer_at_least(0),
        default=None,
        help="seed of the shuffling, so a stochastic run repeats (needs --batch-size)",
    )
    optimiser.add_argument(
        "--decay",
        type=non_negative_number,
        default=None,
        help="shrink the step as alpha / (1 + decay * epoch) (needs --batch-size)",
    )
    optimiser.add_argument(
        "--epsilon",
        type=positive_number,
        default=None,
        help="adagrad, rmsprop, adam: added to the root of the squared gradients (default: 1e-8)",
    )
    optimiser.add_argument(
        "--rho",
        type=momentum_fraction,
        default=None,
        help="rmsprop: weight of the past in the mean of squared gradients, in [0, 1) "
        "(default: 0.9)",
    )
    optimiser.add_argument(
        "--beta1",
        type=momentum_fraction,
        default=None,
        help="adam: weight of the past in the mean gradient, in [0, 1) (default: 0.9)",
    )
    optimiser.add_argument(
        "--beta2",
        type=momentum_fraction,
        default=None,
        help="adam: weight of the past in the mean squared gradient, in [0, 1) (default: 0.999)",
    )


def add_animation_options(parser: argparse.ArgumentParser) -> None:
    """The ``animate`` command's arguments: what to draw, where, and how."""
    parser.add_argument("kind", choices=NAMES, metavar="KIND", help="one of: " + ", ".join(NAMES))
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="PATH",
        help=f"file to write; its extension ({', '.join(FORMATS)}) picks the format",
    )
    add_training_options(parser, min_epochs=1)
    frames = parser.add_argument_group("frame schedule")
    frames.add_argument(
        "--breakpoints",
        type=integer_at_least(1),
        nargs="*",
        default=[50, 100],
        metavar="EPOCH",
        help="increasing epochs where the step between frames changes (default: 50 100)",
    )
    frames.add_argument(
        "--steps",
        type=integer_at_least(1),
        nargs="+",
        default=[1, 5, 200],
        metavar="N",
        help="epochs between frames, one more than breakpoints (default: 1 5 200)",
    )
    frames.add_argument(
        "--endpoint", action="store_true", help="also draw the last epoch, --epochs itself"
    )
    video = parser.add_argument_group("video")
    video.add_argument(
        "--fps",
        type=frames_per_second,
        default=None,
        help=(
            f"frames per second, {MIN_FPS:g} to {MAX_FPS:g} (default: the animation's own, "
            "chosen to be followable)"
        ),
    )
    video.add_argument(
        "--dpi",
        type=integer_at_least(20),  # the animations' MIN_DPI: below it text cannot render
        default=100,
        help="pixels per inch; sets the video's size (default: %(default)s)",
    )
    video.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar while rendering (default: when standard error is a terminal)",
    )


# Argument types: argparse turns their ValueError/ArgumentTypeError into
# "argument --fps: ..." and exit status 2, before anything is trained.


def finite_number(text: str) -> float:
    """A finite float."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def positive_number(text: str) -> float:
    """A finite float greater than zero."""
    value = finite_number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text!r}")
    return value


def frames_per_second(text: str) -> float:
    """A frame rate a video can have (see :func:`gdexplain._validation.frame_rate`)."""
    try:
        return frame_rate(finite_number(text))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix("fps ")) from None


def non_negative_number(text: str) -> float:
    """A finite float, zero or more."""
    value = finite_number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, got {text!r}")
    return value


def momentum_fraction(text: str) -> float:
    """A momentum: a finite float in ``[0, 1)``."""
    value = finite_number(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"must be in [0, 1), got {text!r}")
    return value


def integer_at_least(minimum: int) -> Callable[[str], int]:
    """An argument type accepting integers ``>= minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {text!r}")
        return value

    parse.__name__ = f"integer >= {minimum}"
    return parse


def training_data(args: argparse.Namespace) -> TableData:
    """The data to train on: the file of ``--data``, or the article's six points.

    For the logistic model without ``--data``, our own hours-studied set
    (:func:`gdexplain.classification_data`).

    Raises
    ------
    ValueError
        If ``--target`` is given without ``--data``, or the file is refused
        (see :func:`gdexplain.data.read_csv`).
    """
    if args.data is None:
        if args.target is not None:
            raise ValueError("--target names a column of --data FILE.csv: add --data")
        if args.model == "logistic":
            return TableData(*classification_data(), ("hours",), "passed")
        return TableData(*article_data(), ("w",), "y")
    return read_csv(args.data, args.target)


def train(args: argparse.Namespace, data: TableData | None = None) -> History:
    """Run the optimiser the options choose on the data (by default, the article's).

    Plain gradient descent; momentum descent with ``--momentum``; stochastic
    or mini-batch descent with ``--batch-size``.

    Raises
    ------
    ValueError
        If the options do not fit together, or the run's record would not
        fit in the memory available now.
    """
    method = chosen_method(args)
    check_optimiser_options(args)
    x, y, features, _ = training_data(args) if data is None else data
    common: dict[str, Any] = {"learning_rate": args.learning_rate, "w": args.w, "b": args.b}
    common["model"] = args.model
    extra_bytes = PEAK_BYTES_PER_EXTRA_FEATURE * (len(features) - 1)
    if method in ("adagrad", "rmsprop", "adam"):
        check_memory(args.epochs, PEAK_BYTES_PER_EPOCH + extra_bytes)
        return adaptive_run(args, method, x, y, common)
    if args.batch_size is not None:
        if args.batch_size > len(x):
            raise ValueError(
                f"--batch-size must be at most the number of points {len(x)}, "
                f"got {args.batch_size}"
            )
        updates_per_epoch = -(-len(x) // args.batch_size)
        check_memory(
            args.epochs, (PEAK_BYTES_PER_STOCHASTIC_UPDATE + extra_bytes) * updates_per_epoch
        )
        return stochastic_descent(
            x,
            y,
            **common,
            batch_size=args.batch_size,
            n_epochs=args.epochs,
            seed=args.seed,
            decay=args.decay,
            allow_divergence=args.allow_divergence,
        )
    check_memory(args.epochs, PEAK_BYTES_PER_EPOCH + extra_bytes)
    if args.momentum is not None:
        return momentum_descent(
            x,
            y,
            **common,
            momentum=args.momentum,
            nesterov=args.nesterov,
            n_epochs=args.epochs,
            allow_divergence=args.allow_divergence,
        )
    return gradient_descent(
        x, y, **common, n_epochs=args.epochs, allow_divergence=args.allow_divergence
    )


def chosen_method(args: argparse.Namespace) -> str:
    """The optimiser ``--method`` names, or the one the other flags choose.

    ``--method nesterov`` sets ``--nesterov``; ``--method sgd`` without
    ``--batch-size`` uses one point a step.

    Raises
    ------
    ValueError
        If a flag belongs to another method than ``--method``, or a method
        lacks the flag it needs.
    """
    method: str | None = args.method
    for name, owners in ADAPTIVE_FLAGS.items():
        if getattr(args, name) is not None and method not in owners:
            raise ValueError(f"--{name} applies only to --method {' or '.join(owners)}")
    if method is None:
        return "sgd" if args.batch_size is not None else "gd"
    family = {"momentum": "momentum", "nesterov": "momentum", "sgd": "sgd"}.get(method, method)
    if args.momentum is not None and family != "momentum":
        raise ValueError(f"--momentum does not apply to --method {method}")
    if args.nesterov and method != "nesterov" and family != "momentum":
        raise ValueError(f"--nesterov does not apply to --method {method}")
    if args.batch_size is not None and family != "sgd":
        raise ValueError(f"--batch-size does not apply to --method {method}")
    if family == "momentum" and args.momentum is None:
        raise ValueError(f"--method {method} needs --momentum BETA")
    args.nesterov = args.nesterov or method == "nesterov"
    if method == "sgd" and args.batch_size is None:
        args.batch_size = 1
    return method


def adaptive_run(
    args: argparse.Namespace,
    method: str,
    x: np.ndarray,
    y: np.ndarray,
    common: dict[str, Any],
) -> History:
    """Run AdaGrad, RMSProp or Adam with the flags given, the library's defaults otherwise."""
    settings = {"epsilon": args.epsilon, "decay": args.rho, "beta1": args.beta1}
    settings["beta2"] = args.beta2
    given = {name: value for name, value in settings.items() if value is not None}
    optimiser = {"adagrad": adagrad_descent, "rmsprop": rmsprop_descent, "adam": adam_descent}
    return optimiser[method](
        x,
        y,
        **common,
        **given,
        n_epochs=args.epochs,
        allow_divergence=args.allow_divergence,
    )


def check_optimiser_options(args: argparse.Namespace) -> None:
    """Refuse options that belong to an optimiser the command does not run.

    Raises
    ------
    ValueError
        Naming the option and what it needs.
    """
    if args.momentum is not None and args.batch_size is not None:
        raise ValueError(
            "--momentum and --batch-size cannot be combined: choose momentum descent "
            "or stochastic/mini-batch descent"
        )
    if args.nesterov and args.momentum is None:
        raise ValueError(
            "--nesterov needs --momentum BETA (with no momentum Nesterov's method is "
            "plain gradient descent)"
        )
    for name in ("seed", "decay"):
        if getattr(args, name) is not None and args.batch_size is None:
            raise ValueError(f"--{name} applies only to stochastic descent: add --batch-size K")


def check_memory(n_epochs: int, bytes_per_epoch: int = PEAK_BYTES_PER_EPOCH) -> None:
    """Refuse, before it starts, a run whose record would not fit in memory.

    Raises
    ------
    ValueError
        Giving the estimate and the memory available.
    """
    available = available_memory()
    needed = bytes_per_epoch * (n_epochs + 1)
    if available is not None and needed > available:
        raise ValueError(
            f"--epochs {n_epochs:,} needs about {needed / 1e9:.3g} GB of memory to record "
            f"the run, {available / 1e9:.3g} GB available; ask for fewer epochs"
        )


def available_memory() -> int | None:
    """Bytes of memory a new allocation can use now, or None where that is unknown.

    Linux's MemAvailable counts the caches it can drop; free pages alone would
    refuse runs that fit.
    """
    try:
        for line in MEMINFO.read_text(encoding="ascii").splitlines():
            name, _, value = line.partition(":")
            if name == "MemAvailable":
                return int(value.split()[0]) * 1024  # reported in kB
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows) or no answer
        return None


def train_and_report(args: argparse.Namespace) -> str:
    """Train and describe the result beside the closed form."""
    if args.data is not None or args.model != "linear":
        return train_on_file_and_report(args)
    history = train(args)
    x, y = history.x, history.y
    start, final = history.at(0), history.final
    w_star, b_star = optimum(x, y)
    return "\n".join(
        [
            f"{history.label}, {run_length(history)} on the article's {x.size} points",
            f"{'':12}{'w':>12}{'b':>12}{'J':>14}",
            table_row("start", start.w, start.b, start.cost),
            table_row("trained", final.w, final.b, final.cost),
            table_row("closed form", w_star, b_star, float(cost(x, y, w_star, b_star))),
            *diverged_note(history),
        ]
    )


def train_on_file_and_report(args: argparse.Namespace) -> str:
    """Train on the file of ``--data`` (or the logistic model on our data); one column of the
    table per feature, then b and J.

    The optimum comes first: data it refuses (labels other than 0/1, one class,
    separable classes) fail before a long run.
    """
    data = training_data(args)
    w_star, b_star = optimum(data.x, data.y, model=args.model)
    history = train(args, data)
    x, y = history.x, history.y
    names = [*data.features, "b", "J"]
    width = max(15, *(len(name) + 1 for name in names))
    best = "closed form" if args.model == "linear" else "optimum"
    states = [
        ("start", history.at(0).w, history.at(0).b, history.at(0).cost),
        ("trained", history.final.w, history.final.b, history.final.cost),
        (best, w_star, b_star, float(cost(x, y, w_star, b_star, model=args.model))),
    ]
    rows = [
        f"{name:12}" + "".join(f" {value:{width - 1}.8f}" for value in (*np.atleast_1d(w), b, J))
        for name, w, b, J in states
    ]
    source = f"from {args.data}" if args.data is not None else "of our hours-studied data"
    model = "" if args.model == "linear" else f"{args.model} model, "
    return "\n".join(
        [
            (
                f"{model}{history.label}, {run_length(history)} on {len(y)} points {source} "
                f"(target {data.target!r}; features {', '.join(map(repr, data.features))})"
            ),
            f"{'':12}" + "".join(f"{name:>{width}}" for name in names),
            *rows,
            *diverged_note(history),
            *distance_note(history, args),
        ]
    )


def distance_note(history: History, args: argparse.Namespace) -> list[str]:
    """How far a batch run still is from the closed form, and how many epochs would close it."""
    if history.diverged is not None or history.updates_per_epoch > 1 or args.momentum:
        return []
    distance = float(history.distance_to_minimum()[-1])
    best = "the closed form" if history.model == "linear" else "the optimum"
    if distance < 1e-6:
        return [f"within {distance:.1e} of {best}"]
    if history.model != "linear":  # no closed form predicts the epochs a logistic run needs
        return [f"still {distance:.3g} from {best} (Newton's method)"]
    start = history.at(0)
    needed = epochs_to_tolerance(
        history.x, history.y, learning_rate=args.learning_rate, w=start.w, b=start.b
    )
    return [
        (
            f"still {distance:.3g} from the closed form: gradient descent at this learning "
            f"rate gets within 1e-6 at epoch {needed:,} (--epochs {needed})"
        )
    ]


def table_row(name: str, w: float, b: float, cost: float) -> str:
    """One row of the summary; a space before every number, however long it grows."""
    return f"{name:12} {w:11.6f} {b:11.6f} {cost:13.6f}"


def run_length(history: History) -> str:
    """How long the run was: epochs, and updates when an epoch makes several."""
    epochs = f"{float(history.epochs_elapsed[-1]):,g} epochs"
    if history.updates_per_epoch == 1:
        return epochs
    return f"{epochs} ({history.final.epoch:,} updates, {history.updates_per_epoch} per epoch)"


def diverged_note(history: History) -> list[str]:
    """A line saying where a run allowed to diverge was stopped; none if it did not."""
    if history.diverged is None:
        return []
    unit = history.counted
    return [
        f"diverged: stopped at {unit} {history.diverged:,}, the trained row is the last state recorded"
    ]


def animate_and_save(args: argparse.Namespace) -> str:
    """Validate, train, render and save; return a one-paragraph summary."""
    output = output_path(args.output)
    epochs = frame_schedule(
        args.epochs, breakpoints=args.breakpoints, steps=args.steps, endpoint=args.endpoint
    )
    kind = next(kind for kind in KINDS if kind.name == args.kind)
    if args.model not in kind.models:
        raise ValueError(
            f"the {kind.name} animation draws runs of the {' or '.join(kind.models)} model, "
            f"not the {args.model} model"
        )
    data = training_data(args)
    if not kind.takes(len(data.features)):
        columns = len(data.features)
        default = "our hours-studied data" if args.model == "logistic" else "the article's data"
        source = (
            f"{args.data} has {columns} feature column{'s' * (columns > 1)} "
            f"({', '.join(data.features)})"
            if args.data is not None
            else f"{default} has 1 feature (give --data FILE.csv)"
        )
        raise ValueError(f"the {kind.name} animation draws runs with {kind.features}; {source}")
    history = train(args, data)
    # The animations count updates; stochastic descent makes several an epoch,
    # so the schedule of epochs becomes one of the updates that end them.
    epochs = epochs * history.updates_per_epoch
    if history.diverged is not None:
        # A run allowed to diverge stopped early: draw the schedule up to where it
        # stopped, and that last recorded state itself.
        stopped = history.final.epoch
        epochs = np.union1d(epochs[epochs <= stopped], [stopped])

    import gdexplain  # its animate_* functions import matplotlib: only when animating

    animation = getattr(gdexplain, kind.function_name)(
        history, epochs=epochs, fps=args.fps, dpi=args.dpi
    )
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    path = animation.save(output, progress=progress)
    last = animation.final_state
    unit, in_epochs = "epoch", ""
    if history.updates_per_epoch > 1:
        first, last_shown = animation.epochs[[0, -1]] / history.updates_per_epoch
        unit, in_epochs = "update", f" (epochs {first:g} to {last_shown:g})"
    size_kb = path.stat().st_size / 1024
    wrote = (
        f"wrote {path} ({size_kb:,.0f} kB): {args.kind}, {len(animation)} frames at "
        f"{animation.fps:g} fps, {unit}s {animation.epochs[0]} to "
        f"{animation.epochs[-1]}{in_epochs}"
    )
    weights = (
        f"w = {last.w:.6f}"
        if history.n_features == 1
        else f"w = ({', '.join(f'{w:.6f}' for w in last.w.tolist())})"
    )
    shown = f"last frame: {unit} {last.epoch}, {weights}, b = {last.b:.6f}, J = {last.cost:.6f}"
    return "\n".join([wrote, shown, *diverged_note(history)])


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Failures are one line on standard error: 2 for input that is refused,
    128 + the signal's number when interrupted (130 for Ctrl-C, 143 for
    SIGTERM, 129 for SIGHUP), 1 for anything else.
    """
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    if not words or (words[0].startswith("-") and words[0] not in ("-h", "--help", "--version")):
        words.insert(0, "train")  # the default command, so `gdexplain --epochs 100` works
    args = parser.parse_args(words)
    run = animate_and_save if args.command == "animate" else train_and_report
    received = Received()
    try:
        # SIGTERM and SIGHUP unwind like Ctrl-C, so a half-written file is removed.
        with signals_raise(received):
            report = run(args)
    except KeyboardInterrupt:
        return interrupted(args, signal.SIGINT)
    except Terminated as stop:
        return interrupted(args, stop.signal)
    except (ValueError, DivergenceError, OSError, RuntimeError) as error:
        if received.signal is not None:  # the signal's exception, lost in compiled code
            return interrupted(args, received.signal)
        # RuntimeError: the encoder is missing or failed; its message says which.
        return fail(args, USAGE_ERROR, str(error))
    except MemoryError:
        return fail(args, FAILURE, "out of memory; ask for fewer epochs or a lower --dpi")
    except Exception as error:  # noqa: BLE001  (a bug too gets one line, not a traceback)
        if received.signal is not None:
            return interrupted(args, received.signal)
        return fail(args, FAILURE, f"unexpected {type(error).__name__}: {error}")
    print(report)
    return 0


def interrupted(args: argparse.Namespace, signum: signal.Signals) -> int:
    """Say which signal stopped the command; return the shell's status for it (128 + its number)."""
    name = "SIGINT (Ctrl-C)" if signum == signal.SIGINT else signum.name
    return fail(args, 128 + signum, f"interrupted by {name}")


def fail(args: argparse.Namespace, status: int, message: str) -> int:
    """Print ``message`` as the command's one-line error; return ``status``."""
    if status > 128:  # a signal: not an error in the input
        saved = "; no file was written" if args.command == "animate" else ""
        line = f"gdexplain {args.command}: {message}{saved}"
    else:
        # ffmpeg's own messages span lines: joined, they still say everything in one.
        joined = "; ".join(part.strip() for part in message.splitlines() if part.strip())
        line = f"gdexplain {args.command}: error: {joined}"
    print(line, file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
