"""Command line: ``python -m gdexplain`` (or ``gdexplain``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from gdexplain.data import article_data
from gdexplain.descent import DivergenceError, gradient_descent
from gdexplain.regression import cost, least_squares


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per job."""
    parser = argparse.ArgumentParser(
        prog="gdexplain",
        description="Batch gradient descent on simple linear regression, derived and animated.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    train = commands.add_parser(
        "train",
        help="train on the article's six points and compare with the closed form (default)",
        description="Train on the article's six points and print the result beside the "
        "closed-form least-squares line.",
    )
    add_training_options(train)
    return parser


def add_training_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that trains a model."""
    parser.add_argument(
        "--learning-rate",
        type=float,
        default=0.001,
        metavar="ALPHA",
        help="step size alpha (default: %(default)s)",
    )
    parser.add_argument(
        "--w", type=float, default=3.0, help="starting slope (default: %(default)s)"
    )
    parser.add_argument(
        "--b", type=float, default=-1.0, help="starting intercept (default: %(default)s)"
    )
    parser.add_argument(
        "--epochs", type=int, default=12_000, help="number of updates (default: %(default)s)"
    )


def train_and_report(args: argparse.Namespace) -> str:
    """Train on the article's data and describe the result beside the closed form."""
    x, y = article_data()
    history = gradient_descent(
        x, y, learning_rate=args.learning_rate, w=args.w, b=args.b, epochs=args.epochs
    )
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["train", *(argv or [])])
    try:
        print(train_and_report(args))
    except (ValueError, TypeError, DivergenceError) as error:
        parser.exit(2, f"gdexplain: error: {error}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
