"""Command line: ``python -m gdexplain`` (or ``gdexplain``).

Two commands: ``train`` (the default) prints a run beside the closed form;
``animate`` renders one of the four animations to a file. Each command reads
as parse -> validate -> train -> (animate -> save).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from gdexplain.data import article_data
from gdexplain.descent import DivergenceError, gradient_descent
from gdexplain.history import History
from gdexplain.regression import cost, least_squares
from gdexplain.schedule import frame_schedule

#: The animations ``animate`` can draw; the same keys as ``gdexplain.animation.ANIMATIONS``.
KINDS = ("fit", "slices", "contour", "surface")
#: Output formats, chosen from the file name's extension.
FORMATS = (".mp4", ".gif", ".html")

MAIN_EPILOG = """\
With no command, gdexplain trains with the article's settings and prints the
result beside the closed-form line. Run 'gdexplain COMMAND --help' for the
options of a command.

examples:
  gdexplain                                  the article's run, 12,000 epochs
  gdexplain train --learning-rate 0.01       ten times the article's step size
  gdexplain animate fit --output fit.mp4     the article's first animation"""

ANIMATE_DESCRIPTION = """\
Train on the article's six points, then render one animation of the run to a file.

  fit      the data and the current line, beside w, b and J against epoch
  slices   the fit with its residuals, above J against w and J against b
  contour  the path across the contour map of J(w, b), beside the fit
  surface  the path on the 3D cost surface, beside the fit

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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    train = commands.add_parser(
        "train",
        help="train on the article's six points and compare with the closed form (default)",
        description="Train on the article's six points and print the result beside the "
        "closed-form least-squares line.",
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
    parser.add_argument(
        "--w", type=finite_number, default=3.0, help="starting slope (default: %(default)s)"
    )
    parser.add_argument(
        "--b", type=finite_number, default=-1.0, help="starting intercept (default: %(default)s)"
    )
    parser.add_argument(
        "--epochs",
        type=integer_at_least(min_epochs),
        default=12_000,
        help=f"number of updates, at least {min_epochs} (default: %(default)s)",
    )


def add_animation_options(parser: argparse.ArgumentParser) -> None:
    """The ``animate`` command's arguments: what to draw, where, and how."""
    parser.add_argument("kind", choices=KINDS, metavar="KIND", help="one of: " + ", ".join(KINDS))
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="PATH",
        help="file to write; its extension (.mp4, .gif, .html) picks the format",
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
        type=positive_number,
        default=None,
        help="frames per second (default: the animation's own, chosen to be followable)",
    )
    video.add_argument(
        "--dpi",
        type=integer_at_least(20),  # the animations' MIN_DPI: below it text cannot render
        default=100,
        help="pixels per inch; sets the video's size (default: %(default)s)",
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


def train(args: argparse.Namespace) -> History:
    """Run gradient descent on the article's data with the command's options."""
    x, y = article_data()
    return gradient_descent(
        x, y, learning_rate=args.learning_rate, w=args.w, b=args.b, n_epochs=args.epochs
    )


def train_and_report(args: argparse.Namespace) -> str:
    """Train on the article's data and describe the result beside the closed form."""
    history = train(args)
    x, y = history.x, history.y
    start, final = history.at(0), history.final
    w_star, b_star = least_squares(x, y)
    return "\n".join(
        [
            f"{history.label}, {final.epoch} epochs on the article's {x.size} points",
            f"{'':12}{'w':>12}{'b':>12}{'J':>14}",
            f"{'start':12}{start.w:12.6f}{start.b:12.6f}{start.cost:14.6f}",
            f"{'trained':12}{final.w:12.6f}{final.b:12.6f}{final.cost:14.6f}",
            f"{'closed form':12}{w_star:12.6f}{b_star:12.6f}{float(cost(x, y, w_star, b_star)):14.6f}",
        ]
    )


def check_output(path: Path) -> Path:
    """Return ``path`` if a file of a known format can be written there, else raise.

    Checked before training, so a typo costs nothing. Writing a probe file is
    the only reliable test: permission bits say nothing for root or on a
    read-only file system.

    Raises
    ------
    ValueError
        Naming the path and what is wrong with it.
    """
    if path.suffix.lower() not in FORMATS:
        raise ValueError(
            f"cannot tell the format of {str(path)!r}: the output must end in {', '.join(FORMATS)}"
        )
    if path.is_dir():
        raise ValueError(f"output {str(path)!r} is a directory; give a file name")
    directory = path.parent
    if not directory.exists():
        raise ValueError(
            f"cannot write {str(path)!r}: directory {str(directory)!r} does not exist"
        )
    if not directory.is_dir():
        raise ValueError(f"cannot write {str(path)!r}: {str(directory)!r} is not a directory")
    try:
        handle, probe = tempfile.mkstemp(dir=directory, prefix=".gdexplain-", suffix=".probe")
    except OSError as error:
        raise ValueError(
            f"cannot write {str(path)!r}: directory {str(directory)!r} is not writable "
            f"({error.strerror})"
        ) from None
    os.close(handle)
    Path(probe).unlink()
    return path


def animate_and_save(args: argparse.Namespace) -> str:
    """Validate, train, render and save; return a one-paragraph summary."""
    output = check_output(args.output)
    epochs = frame_schedule(
        args.epochs, breakpoints=args.breakpoints, steps=args.steps, endpoint=args.endpoint
    )
    history = train(args)

    from gdexplain.animation import ANIMATIONS  # imports matplotlib: only when animating

    animation = ANIMATIONS[args.kind](history, epochs=epochs, fps=args.fps, dpi=args.dpi)
    path = animation.save(output, progress=True)
    last = animation.final_state
    size_kb = path.stat().st_size / 1024
    return (
        f"wrote {path} ({size_kb:,.0f} kB): {args.kind}, {len(animation)} frames at "
        f"{animation.fps:g} fps, epochs {animation.epochs[0]} to {animation.epochs[-1]}\n"
        f"last frame: epoch {last.epoch}, w = {last.w:.6f}, b = {last.b:.6f}, J = {last.cost:.6f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    if not words or (words[0].startswith("-") and words[0] not in ("-h", "--help")):
        words.insert(0, "train")  # the default command, so `gdexplain --epochs 100` works
    args = parser.parse_args(words)
    run = animate_and_save if args.command == "animate" else train_and_report
    try:
        print(run(args))
    except (ValueError, DivergenceError, OSError, RuntimeError) as error:
        # RuntimeError: the encoder is missing or failed; its message says which.
        parser.exit(2, f"gdexplain {args.command}: error: {error}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
