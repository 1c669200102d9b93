"""The command line: help, the training summary, every error path, a real render."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import pytest
from special_files import character_device

import gdexplain
from gdexplain import article_data, gradient_descent, least_squares
from gdexplain.animation.kinds import KINDS, NAMES
from gdexplain.cli import PEAK_BYTES_PER_EPOCH, build_parser, main

#: Run the command line in a fresh interpreter, importing this checkout's gdexplain.
ENVIRONMENT = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}

#: ``python -m gdexplain`` with SIGINT, SIGTERM and SIGHUP at their defaults, as in a
#: fresh terminal: a test run in the background or under nohup ignores some of them,
#: and a child inherits that.
FRESH_GDEXPLAIN = (
    sys.executable,
    "-c",
    (
        "import runpy, signal\n"
        "for signum in (signal.SIGTERM, signal.SIGHUP):\n"
        "    signal.signal(signum, signal.SIG_DFL)\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "runpy.run_module('gdexplain', run_name='__main__', alter_sys=True)\n"
    ),
)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``main(argv)``; return the exit status, stdout and stderr."""
    try:
        status = main(list(argv))
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def assert_usage_error(
    capsys: pytest.CaptureFixture[str], argv: list[str], *fragments: str
) -> str:
    """The command fails with status 2 and a one-line error, not a traceback."""
    status, out, err = run_cli(capsys, *argv)
    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err
    return err


# --- help ---------------------------------------------------------------------------------


def test_main_help_lists_commands_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "--help")
    assert status == 0
    for text in ("train", "animate", "examples:", "gdexplain animate fit --output fit.mp4"):
        assert text in out


def test_animate_help_explains_kinds_formats_schedule_and_examples(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run_cli(capsys, "animate", "--help")
    assert status == 0
    for text in (
        *NAMES,
        *(kind.summary for kind in KINDS),
        ".mp4",
        ".gif",
        ".html",
        "--output",
        "--learning-rate",
        "--breakpoints",
        "--steps",
        "--endpoint",
        "--fps",
        "--dpi",
        "examples:",
    ):
        assert text in out
    assert out.count("gdexplain animate ") >= 2  # two worked examples


# --- the training summary -----------------------------------------------------------------


@pytest.mark.parametrize("argv", [[], ["train"]])
def test_default_command_prints_run_beside_closed_form(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    status, out, _ = run_cli(capsys, *argv)
    assert status == 0
    w_star, b_star = least_squares(*article_data())
    closed = next(line for line in out.splitlines() if line.startswith("closed form"))
    assert closed.split()[2:] == [f"{w_star:.6f}", f"{b_star:.6f}", f"{128 / 3:.6f}"]
    trained = next(line for line in out.splitlines() if line.startswith("trained"))
    assert trained.split()[1:] == ["-1.993587", "1.966698", "42.666894"]  # the article's


def test_training_options_work_without_naming_the_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run_cli(capsys, "--epochs", "1")
    assert status == 0
    assert "1 epochs" in out
    assert "2.806667" in out  # w after one update, as in the article


def test_module_runs_as_a_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gdexplain", "--epochs", "10"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "closed form" in done.stdout


# --- errors: status 2, a message naming the problem, no traceback -------------------------


def test_unknown_kind_lists_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert_usage_error(capsys, ["animate", "spiral", "-o", "x.mp4"], "invalid choice", "surface")


def test_missing_output_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert_usage_error(capsys, ["animate", "fit"], "--output")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--fps", "-5", "must be between 0.01 and 100"),
        ("--fps", "0", "must be between 0.01 and 100"),
        ("--fps", "fast", "expected a number"),
        ("--learning-rate", "0", "must be positive"),
        ("--learning-rate", "-0.1", "must be positive"),
        ("--learning-rate", "nan", "finite"),
        ("--epochs", "0", "at least 1"),
        ("--epochs", "2.5", "whole number"),
        ("--dpi", "0", "at least 20"),
        ("--dpi", "19", "at least 20"),
        ("--w", "inf", "finite"),
        ("--steps", "0", "at least 1"),
    ],
)
def test_bad_numbers_are_rejected_by_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str, value: str, message: str
) -> None:
    argv = ["animate", "fit", "-o", str(tmp_path / "a.mp4"), f"{option}={value}"]
    assert_usage_error(capsys, argv, option, message)
    assert list(tmp_path.iterdir()) == []


def test_training_rejects_a_non_positive_learning_rate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert_usage_error(capsys, ["train", "--learning-rate", "0"], "--learning-rate")


def test_inconsistent_schedule_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = ["animate", "fit", "-o", str(tmp_path / "a.mp4"), "--breakpoints", "10", "--steps", "1"]
    assert_usage_error(capsys, argv, "one more step than breakpoints")


def test_divergent_learning_rate_is_explained(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = ["animate", "fit", "-o", str(tmp_path / "a.mp4"), "--learning-rate", "1"]
    assert_usage_error(capsys, argv, "diverge", "stability limit")
    assert list(tmp_path.iterdir()) == []


def test_allow_divergence_animates_up_to_the_epoch_where_the_run_stopped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "wild.mp4"
    argv = ["animate", "contour", "-o", str(output), "--learning-rate", "0.05"]
    status, out, _ = run_cli(capsys, *argv, "--epochs", "500", "--dpi", "30", "--allow-divergence")
    assert status == 0
    run = gradient_descent(
        *article_data(), learning_rate=0.05, n_epochs=500, allow_divergence=True
    )
    assert run.diverged is not None
    assert f"last frame: epoch {run.final.epoch}, w = {run.final.w:.6f}" in out
    assert f"diverged: stopped at epoch {run.diverged:,}" in out
    assert imageio_ffmpeg.count_frames_and_secs(str(output))[0] == run.final.epoch + 1


@pytest.mark.parametrize("name", ["fit.avi", "fit", "fit.mp4.txt"])
def test_unknown_extension_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    assert_usage_error(capsys, ["animate", "fit", "-o", str(tmp_path / name)], ".mp4, .gif, .html")


def test_missing_directory_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such"
    assert_usage_error(
        capsys, ["animate", "fit", "-o", str(missing / "fit.mp4")], str(missing), "does not exist"
    )


def test_file_in_place_of_a_directory_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("")
    assert_usage_error(
        capsys, ["animate", "fit", "-o", str(blocker / "fit.mp4")], str(blocker), "not a folder"
    )


def test_directory_as_output_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "movie.mp4"
    folder.mkdir()
    assert_usage_error(capsys, ["animate", "fit", "-o", str(folder)], str(folder), "is a folder")


def test_unwritable_directory_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Permission bits do not stop root, so make the write probe fail the way the OS would.
    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    assert_usage_error(
        capsys,
        ["animate", "fit", "-o", str(tmp_path / "fit.mp4")],
        str(tmp_path),
        "not writable",
        "Permission denied",
    )


def test_the_help_examples_name_registered_kinds() -> None:
    from gdexplain import cli

    examples = re.findall(r"gdexplain animate (\w+)", cli.MAIN_EPILOG + cli.ANIMATE_EPILOG)
    assert len(examples) >= 3
    assert set(examples) <= set(NAMES)


def test_animate_offers_exactly_the_registered_kinds() -> None:
    commands = next(a for a in build_parser()._actions if a.dest == "command")
    animate = commands.choices["animate"]  # type: ignore[index]
    kind = next(a for a in animate._actions if a.dest == "kind")
    assert tuple(kind.choices) == NAMES  # type: ignore[arg-type]


# --- real renders ---------------------------------------------------------------------------

#: A tiny run: epochs 0, 2, 4, 6, 8, then 10, 15, and the endpoint 20: 8 frames.
TINY = ["--epochs", "20", "--breakpoints", "10", "--steps", "2", "5", "--endpoint", "--dpi", "30"]


def test_animate_writes_a_decodable_mp4_with_a_progress_bar(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "fit.mp4"
    argv = ["animate", "fit", "-o", str(output), "--fps", "4", "--progress", *TINY]
    status, out, err = run_cli(capsys, *argv)
    assert status == 0
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(output))
    assert (frames, seconds) == (8, pytest.approx(2.0, abs=0.26))
    assert "8 frames" in out
    assert "epochs 0 to 20" in out
    assert str(output) in out
    assert "8/8" in err  # tqdm's bar reached the last frame
    assert [p.name for p in tmp_path.iterdir()] == ["fit.mp4"]  # no probe or temp file left


@pytest.mark.parametrize(("kind", "name"), [("contour", "contour.gif"), ("slices", "page.html")])
def test_animate_writes_gif_and_html(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, name: str
) -> None:
    output = tmp_path / name
    status, _, _ = run_cli(capsys, "animate", kind, "-o", str(output), *TINY)
    assert status == 0
    if name.endswith(".gif"):
        assert imageio_ffmpeg.count_frames_and_secs(str(output))[0] == 8
    else:
        assert output.read_text(encoding="utf-8").count("data:video/mp4;base64,") == 1


def test_last_frame_values_are_the_historys(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = run_cli(capsys, "animate", "fit", "-o", str(tmp_path / "a.mp4"), *TINY)
    assert status == 0
    state = gradient_descent(*article_data(), n_epochs=20).final
    assert f"epoch 20, w = {state.w:.6f}, b = {state.b:.6f}, J = {state.cost:.6f}" in out


def test_missing_encoder_is_a_clear_error_and_leaves_no_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_binary() -> str:
        raise RuntimeError("no ffmpeg binary for this platform")

    monkeypatch.setattr(imageio_ffmpeg, "get_ffmpeg_exe", no_binary)
    assert_usage_error(
        capsys, ["animate", "fit", "-o", str(tmp_path / "fit.mp4"), *TINY], "imageio-ffmpeg"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("terminal", "flags", "bar"),
    [
        (False, [], False),
        (True, [], True),
        (True, ["--no-progress"], False),
        (False, ["--progress"], True),
    ],
)
def test_the_progress_bar_shows_on_a_terminal_or_when_asked(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    terminal: bool,
    flags: list[str],
    bar: bool,
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: terminal)
    status, _, err = run_cli(
        capsys, "animate", "fit", "-o", str(tmp_path / "a.mp4"), *flags, *TINY
    )
    assert status == 0
    assert ("8/8" in err) is bar
    if not bar:
        assert err == ""


# --- one line for every failure -----------------------------------------------------------


def test_version_is_the_packages(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "--version")
    assert status == 0
    assert out == f"gdexplain {gdexplain.__version__}\n"


def test_the_memory_estimate_covers_the_measured_peak() -> None:
    n_epochs = 5_000
    tracemalloc.start()
    try:
        gradient_descent(*article_data(), n_epochs=n_epochs)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    estimate = PEAK_BYTES_PER_EPOCH * (n_epochs + 1)
    assert 0.8 * estimate <= peak <= 1.05 * estimate


@pytest.mark.parametrize("command", [["train"], ["animate", "fit", "-o", "never.mp4"]])
def test_a_run_that_cannot_fit_in_memory_is_refused_before_it_starts(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    command: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("gdexplain.cli.available_memory", lambda: 2_000_000_000)

    def no_training(*args: object, **kwargs: object) -> None:
        raise AssertionError("trained although it cannot fit")

    monkeypatch.setattr("gdexplain.cli.gradient_descent", no_training)
    assert_usage_error(
        capsys,
        [*command, "--epochs", "1000000000"],
        f"--epochs 1,000,000,000 needs about {PEAK_BYTES_PER_EPOCH:.3g} GB of memory",
        "2 GB available",
    )
    assert list(tmp_path.iterdir()) == []


def test_available_memory_is_a_plausible_number() -> None:
    from gdexplain.cli import available_memory

    available = available_memory()
    assert available is not None
    assert 10**7 < available < 10**14


def test_an_unexpected_error_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("gdexplain.cli.gradient_descent", broken)
    status, out, err = run_cli(capsys, "train")
    assert (status, out) == (1, "")
    assert err == "gdexplain train: error: unexpected ZeroDivisionError: a bug\n"


def run_program(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdexplain", *argv],
        check=False,
        capture_output=True,
        text=True,
        env=ENVIRONMENT,
        timeout=120,
    )


def test_ten_billion_epochs_is_one_line_not_a_memory_error() -> None:
    done = run_program("train", "--epochs", "10000000000")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert f"needs about {PEAK_BYTES_PER_EPOCH * 10:.3g} GB of memory" in done.stderr


@pytest.mark.parametrize("argv", [["train", "--epochs", "3"], ["--help"], ["animate", "--help"]])
def test_training_and_help_import_no_matplotlib(argv: list[str]) -> None:
    probe = (
        "import sys\n"
        "from gdexplain.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('matplotlib' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=ENVIRONMENT, check=True
    )
    assert done.stderr == "False\n"


# --- interrupted: one line, the signal's status, no file ------------------------------------


def wait_for_the_save(folder: Path, process: subprocess.Popen[str]) -> None:
    """Wait until the save's temp file is in ``folder`` (twice in a row: the output check's
    probe file comes and goes): the save is under way.
    """
    deadline, seen = time.monotonic() + 120, set()
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        names = {path.name for path in folder.iterdir()}
        if names & seen:
            return
        seen = names
        time.sleep(0.25)
    raise AssertionError("the save never started")


@pytest.mark.parametrize(
    ("signum", "name"),
    [(signal.SIGINT, "SIGINT"), (signal.SIGTERM, "SIGTERM"), (signal.SIGHUP, "SIGHUP")],
)
def test_a_signal_mid_save_leaves_nothing_and_one_line(
    tmp_path: Path, signum: int, name: str
) -> None:
    argv = ["animate", "contour", "--output", "long.mp4", "--epochs", "3000"]
    process = subprocess.Popen(
        [*FRESH_GDEXPLAIN, *argv, "--breakpoints", "--steps", "1", "--dpi", "20"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENVIRONMENT,
    )
    wait_for_the_save(tmp_path, process)
    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    assert list(tmp_path.iterdir()) == []
    assert process.returncode == 128 + signum
    assert out == ""
    assert err.startswith(f"gdexplain animate: interrupted by {name}")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("signum", "status", "said"),
    [(signal.SIGINT, 130, "SIGINT (Ctrl-C)"), (signal.SIGTERM, 143, "SIGTERM")],
)
def test_a_signal_lost_in_compiled_code_is_still_reported_as_the_signal(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    signum: int,
    status: int,
    said: str,
) -> None:
    # matplotlib's renderer, interrupted while converting a transform, raises its own
    # ValueError in place of the signal's exception (seen once in 80 SIGTERMs mid-save).
    def drawing(args: Any) -> str:
        try:
            signal.raise_signal(signum)
        except BaseException:  # noqa: BLE001  (what the compiled code does)
            raise ValueError("Invalid affine transformation matrix") from None
        return "not reached"

    monkeypatch.setattr(gdexplain.cli, "animate_and_save", drawing)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal
    try:
        assert run_cli(capsys, "animate", "fit", "--output", "never.mp4") == (
            status,
            "",
            f"gdexplain animate: interrupted by {said}; no file was written\n",
        )
    finally:
        signal.signal(signal.SIGINT, previous)


def test_ctrl_c_while_training_is_one_line_and_status_130() -> None:
    # The program says when training starts, so Ctrl-C lands in it, not in the imports.
    announce_training = (
        "import signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from gdexplain import cli\n"
        "train = cli.gradient_descent\n"
        "def announced(*args, **kwargs):\n"
        "    print('training', file=sys.stderr, flush=True)\n"
        "    return train(*args, **kwargs)\n"
        "cli.gradient_descent = announced\n"
        "sys.exit(cli.main(['train', '--epochs', '5000000']))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", announce_training],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENVIRONMENT,
    )
    assert process.stderr is not None
    assert process.stderr.readline() == "training\n"
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert (out, err) == ("", "gdexplain train: interrupted by SIGINT (Ctrl-C)\n")


# --- the optimiser flags (issues 10 and 11) -----------------------------------------------


def trained_row(out: str) -> list[str]:
    """The printed ``trained`` row: w, b and J to six decimals."""
    return next(line for line in out.splitlines() if line.startswith("trained")).split()[1:]


def row_of(history: gdexplain.History) -> list[str]:
    final = history.final
    return [f"{final.w:.6f}", f"{final.b:.6f}", f"{final.cost:.6f}"]


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_flags_print_the_library_run(
    capsys: pytest.CaptureFixture[str], nesterov: bool
) -> None:
    settings = gdexplain.optimal_momentum(article_data()[0], nesterov=nesterov)
    argv = ["train", "--learning-rate", repr(settings.learning_rate)]
    argv += ["--momentum", repr(settings.momentum), "--epochs", "40"]
    status, out, _ = run_cli(capsys, *argv, *(["--nesterov"] if nesterov else []))
    assert status == 0
    expected = gdexplain.momentum_descent(
        *article_data(),
        learning_rate=settings.learning_rate,
        momentum=settings.momentum,
        nesterov=nesterov,
        n_epochs=40,
    )
    assert trained_row(out) == row_of(expected)
    assert out.startswith(expected.label + ", 40 epochs")


@pytest.mark.parametrize(("batch_size", "decay"), [(1, None), (2, "0.5"), (6, None)])
def test_batch_size_seed_and_decay_print_the_library_run(
    capsys: pytest.CaptureFixture[str], batch_size: int, decay: str | None
) -> None:
    argv = ["train", "--learning-rate", "0.01", "--epochs", "30", "--seed", "4"]
    argv += ["--batch-size", str(batch_size), *(["--decay", decay] if decay else [])]
    status, out, _ = run_cli(capsys, *argv)
    assert status == 0
    expected = gdexplain.stochastic_descent(
        *article_data(),
        learning_rate=0.01,
        batch_size=batch_size,
        n_epochs=30,
        seed=4,
        decay=None if decay is None else float(decay),
    )
    assert trained_row(out) == row_of(expected)
    updates = 30 * -(-6 // batch_size)
    assert "30 epochs" in out
    assert batch_size == 6 or f"({updates} updates" in out


def test_the_seed_repeats_a_stochastic_run_and_another_seed_does_not(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def run(seed: str) -> list[str]:
        argv = ["--learning-rate", "0.01", "--epochs", "20", "--batch-size", "1"]
        return trained_row(run_cli(capsys, *argv, "--seed", seed)[1])

    assert run("1") == run("1")
    assert run("1") != run("2")


def test_allow_divergence_records_the_run_and_says_where_it_stopped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["train", "--learning-rate", "0.06", "--epochs", "500", "--allow-divergence"]
    status, out, _ = run_cli(capsys, *argv)
    assert status == 0
    expected = gradient_descent(
        *article_data(), learning_rate=0.06, n_epochs=500, allow_divergence=True
    )
    assert expected.diverged is not None
    assert trained_row(out) == row_of(expected)
    assert f"diverged: stopped at epoch {expected.diverged:,}" in out


def test_without_allow_divergence_a_momentum_above_its_limit_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 0.0739 is the heavy ball's best step, above Nesterov's limit at beta 0.687.
    argv = ["--learning-rate", "0.0739", "--momentum", "0.687", "--nesterov"]
    err = assert_usage_error(capsys, argv, "Nesterov", "stability limit")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("flags", "fragment"),
    [
        (["--momentum", "-0.1"], "argument --momentum: must be in [0, 1)"),
        (["--momentum", "1"], "argument --momentum: must be in [0, 1)"),
        (["--momentum", "nan"], "argument --momentum: expected a finite number"),
        (["--batch-size", "0"], "argument --batch-size: must be at least 1"),
        (["--batch-size", "7"], "--batch-size must be at most the number of points 6, got 7"),
        (["--batch-size", "1.5"], "argument --batch-size: expected a whole number"),
        (["--batch-size", "1", "--seed", "-1"], "argument --seed: must be at least 0"),
        (["--batch-size", "1", "--decay", "-1"], "argument --decay: must be at least 0"),
        (["--nesterov"], "--nesterov needs --momentum"),
        (["--seed", "3"], "--seed applies only to stochastic descent"),
        (["--decay", "0.1"], "--decay applies only to stochastic descent"),
        (["--momentum", "0.5", "--batch-size", "2"], "cannot be combined"),
    ],
)
@pytest.mark.parametrize("command", [["train"], ["animate", "contour", "-o", "never.mp4"]])
def test_bad_optimiser_flags_are_one_line_errors(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    command: list[str],
    flags: list[str],
    fragment: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    err = assert_usage_error(capsys, [*command, *flags], fragment)
    assert err.count("\n") == 1 or "usage:" in err  # argparse adds its usage line
    assert list(tmp_path.iterdir()) == []


def test_a_stochastic_run_too_big_for_memory_is_refused_by_its_updates(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gdexplain.cli.available_memory", lambda: 2_000_000_000)
    argv = ["--epochs", "10000000", "--batch-size", "1"]
    assert_usage_error(capsys, argv, "--epochs 10,000,000 needs about 19.2 GB")


@pytest.mark.parametrize("batch_size", [1, 3])
def test_the_stochastic_memory_estimate_covers_the_measured_peak(batch_size: int) -> None:
    from gdexplain.cli import PEAK_BYTES_PER_STOCHASTIC_UPDATE

    n_epochs = 2_000
    tracemalloc.start()
    try:
        history = gdexplain.stochastic_descent(
            *article_data(), batch_size=batch_size, n_epochs=n_epochs, seed=0
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= PEAK_BYTES_PER_STOCHASTIC_UPDATE * len(history)


def test_animate_a_stochastic_run_frames_whole_epochs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "sgd.mp4"
    argv = ["animate", "contour", "-o", str(output), "--learning-rate", "0.01"]
    argv += ["--batch-size", "2", "--seed", "0", "--epochs", "10", "--dpi", "20"]
    status, out, _ = run_cli(capsys, *argv, "--breakpoints", "--steps", "5", "--endpoint")
    assert status == 0
    final = gdexplain.stochastic_descent(
        *article_data(), learning_rate=0.01, batch_size=2, n_epochs=10, seed=0
    ).final
    assert "3 frames" in out
    assert "updates 0 to 30 (epochs 0 to 10)" in out
    assert f"update 30, w = {final.w:.6f}, b = {final.b:.6f}" in out
    assert imageio_ffmpeg.count_frames_and_secs(str(output))[0] == 3


# --- runs and saves that tell the truth ---------------------------------------------------


def test_a_stochastic_run_that_blows_up_is_one_line_or_recorded(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Before: w = -3e43 printed as the trained row, exit status 0.
    argv = ["train", "--learning-rate", "0.3", "--batch-size", "1", "--epochs", "10"]
    err = assert_usage_error(capsys, [*argv, "--seed", "0"], "stochastic descent diverged")
    assert err.count("\n") == 1
    status, out, _ = run_cli(capsys, *argv, "--seed", "0", "--allow-divergence")
    expected = gdexplain.stochastic_descent(
        *article_data(),
        learning_rate=0.3,
        batch_size=1,
        n_epochs=10,
        seed=0,
        allow_divergence=True,
    )
    assert status == 0
    assert expected.diverged is not None
    assert f"diverged: stopped at update {expected.diverged:,}" in out


@pytest.mark.parametrize("fps", ["1e-5", "1e-9", "1e300", "0"])
def test_a_frame_rate_no_video_can_have_is_refused_before_training(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fps: str
) -> None:
    # Before: 1e-5 replaced a good video with a broken one, "wrote ... (0 kB)", exit 0.
    target = tmp_path / "good.mp4"
    target.write_bytes(b"a good video")
    argv = ["animate", "fit", "-o", str(target), "--fps", fps]
    err = assert_usage_error(capsys, argv, "--fps", "between 0.01 and 100")
    assert "ffmpeg" not in err
    assert target.read_bytes() == b"a good video"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(sys.platform != "linux", reason="FIFOs, /dev/null and /proc as on Linux")
@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (os.mkfifo, "it is a FIFO (named pipe), not a regular file"),
        (lambda path: path.symlink_to(character_device(path.parent)), "it is a character device"),
        (lambda path: path.symlink_to(path), "symbolic links form a loop"),
    ],
)
def test_an_output_that_is_not_a_regular_file_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: Any, fragment: str
) -> None:
    # Before: the FIFO and the link to /dev/null became regular files, exit 0.
    target = tmp_path / "out.mp4"
    make(target)
    before = os.lstat(target)
    err = assert_usage_error(capsys, ["animate", "fit", "-o", str(target)], fragment)
    assert err.count("\n") == 1
    assert os.lstat(target).st_mode == before.st_mode
    assert {p.name for p in tmp_path.iterdir()} - {"devices"} == {"out.mp4"}


@pytest.mark.skipif(sys.platform != "linux", reason="procfs is Linux's")
def test_a_path_under_proc_is_named_for_what_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    # Before: "folder '/proc' does not exist".
    err = assert_usage_error(
        capsys, ["animate", "fit", "-o", "/proc/a.mp4"], "kernel's virtual file system"
    )
    assert err.count("\n") == 1


# --- the logistic model ---------------------------------------------------------------------

#: The kinds that draw a logistic run, from the registry.
LOGISTIC_KINDS = [kind.name for kind in KINDS if "logistic" in kind.models]


def test_animate_a_logistic_run_of_our_hours_studied_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "fit.mp4"
    argv = ["animate", "fit", "-o", str(output), "--model", "logistic", "--learning-rate", "0.5"]
    status, out, err = run_cli(capsys, *argv, *TINY)
    assert (status, err) == (0, "")
    assert imageio_ffmpeg.count_frames_and_secs(str(output))[0] == 8
    assert "8 frames" in out


@pytest.mark.parametrize("kind", [k.name for k in KINDS if "logistic" not in k.models])
def test_kinds_that_draw_no_logistic_run_refuse_it_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    output = tmp_path / "out.mp4"
    err = assert_usage_error(
        capsys,
        ["animate", kind, "-o", str(output), "--model", "logistic", *TINY],
        f"the {kind} animation draws runs of the linear model, not the logistic model",
    )
    assert err.count("\n") == 1
    assert not output.exists()


def test_the_boundary_refuses_a_linear_run_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "out.mp4"
    err = assert_usage_error(
        capsys,
        ["animate", "boundary", "-o", str(output), *TINY],
        "the boundary animation draws runs of the logistic model, not the linear model",
    )
    assert err.count("\n") == 1
    assert LOGISTIC_KINDS == ["fit", "contour", "surface", "boundary"]
    assert not output.exists()


def test_animate_the_boundary_of_a_two_feature_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    x, y = gdexplain.classification_data(features=2)
    table = tmp_path / "two.csv"
    rows = "\n".join(f"{a:.17g},{b:.17g},{c:g}" for a, b, c in zip(*x.T, y, strict=True))
    table.write_text(f"x1,x2,passed\n{rows}\n")
    output = tmp_path / "boundary.mp4"
    argv = ["animate", "boundary", "-o", str(output), "--model", "logistic", "--data", str(table)]
    status, out, err = run_cli(capsys, *argv, "--learning-rate", "0.05", *TINY)
    assert (status, err) == (0, "")
    assert imageio_ffmpeg.count_frames_and_secs(str(output))[0] == 8
    expected = gradient_descent(x, y, model="logistic", learning_rate=0.05, n_epochs=20)
    assert f"b = {expected.b[20]:.6f}" in out


def test_the_boundary_of_the_default_data_is_refused_naming_its_one_feature(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert_usage_error(
        capsys,
        ["animate", "boundary", "-o", str(tmp_path / "b.mp4"), "--model", "logistic"],
        "exactly 2 features; our hours-studied data has 1 feature (give --data FILE.csv)",
    )
