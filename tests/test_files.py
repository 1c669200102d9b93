"""Saving files: atomic, through links, keeping modes, any name length, and clean when killed."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from gdexplain._files import Terminated, atomic_file, output_path, signals_raise

#: A program that opens a save, writes part of it, says where, and waits to be killed.
KILLED_MID_SAVE = """\
import signal, sys, time
from pathlib import Path
from gdexplain._files import atomic_file
# At their defaults, as in a fresh terminal: under nohup SIGHUP would be ignored.
for signum in (signal.SIGTERM, signal.SIGHUP):
    signal.signal(signum, signal.SIG_DFL)
with atomic_file(Path(sys.argv[1])) as temporary:
    temporary.write_bytes(b"half a video")
    print(temporary, flush=True)
    # Short sleeps: a signal landing just before a long one is handled only when it ends.
    for _ in range(1200):
        time.sleep(0.1)
"""


#: A program that saves a long video and says when it has begun.
SAVING_A_LONG_VIDEO = """\
import signal, sys
from gdexplain import animate_contour, article_data, frame_schedule, gradient_descent
for signum in (signal.SIGTERM, signal.SIGHUP):
    signal.signal(signum, signal.SIG_DFL)
history = gradient_descent(*article_data(), n_epochs=20_000)
epochs = frame_schedule(20_000, breakpoints=[], steps=[1])
animate_contour(history, epochs=epochs, dpi=20).save(sys.argv[1])
"""


def write(target: Path, content: bytes) -> None:
    with atomic_file(target) as temporary:
        temporary.write_bytes(content)


def start_a_save(target: Path) -> tuple[subprocess.Popen[str], Path]:
    """Start a program that is mid-save to ``target``; return it and its temp file."""
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_SAVE, str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    assert process.stdout is not None
    temporary = Path(process.stdout.readline().strip())
    assert temporary.exists()
    return process, temporary


# --- signals ------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_or_sighup_mid_save_leaves_no_file_and_the_signals_status(
    tmp_path: Path, signum: signal.Signals
) -> None:
    process, _ = start_a_save(tmp_path / "movie.mp4")
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert list(tmp_path.iterdir()) == []
    assert process.returncode == 128 + signum  # as the shell reports death by the signal
    assert err == ""  # silent, as the signal itself would have been


def test_sigterm_mid_video_leaves_no_file_in_library_use(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", SAVING_A_LONG_VIDEO, str(tmp_path / "long.mp4")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    deadline = time.monotonic() + 120
    while not any(path.stat().st_size > 0 for path in tmp_path.iterdir()):  # encoding
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the save never started"
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (143, "")
    assert list(tmp_path.iterdir()) == []


def test_a_temp_file_left_by_kill_9_is_removed_by_the_next_save(tmp_path: Path) -> None:
    target = tmp_path / "movie.mp4"
    process, orphan = start_a_save(target)
    process.kill()
    process.communicate(timeout=60)
    assert orphan.exists()  # nothing can clean up after SIGKILL...
    another_files = tmp_path / f".movie-{'0' * 8}-{process.pid}-abcdefgh.mp4"
    another_files.write_bytes(b"")  # ...a look-alike of another name, not this target's
    write(target, b"the new video")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([another_files.name, "movie.mp4"])
    assert target.read_bytes() == b"the new video"


def test_a_running_writers_temp_file_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "movie.mp4"
    process, other = start_a_save(target)
    try:
        write(target, b"mine")
        assert other.exists()
    finally:
        process.kill()
        process.communicate(timeout=60)


def test_a_signal_raises_terminated_and_the_handlers_come_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    assert before == signal.SIG_DFL
    with signals_raise(), pytest.raises(Terminated) as raised:  # noqa: PT012
        # Checked first: at its default action, the signal would end the test run.
        assert signal.getsignal(signal.SIGTERM) != signal.SIG_DFL
        signal.raise_signal(signal.SIGTERM)
    assert raised.value.code == 143
    assert str(raised.value) == "interrupted by SIGTERM"
    assert signal.getsignal(signal.SIGTERM) == before


def test_an_ignored_sighup_stays_ignored_and_own_handlers_are_kept() -> None:
    def own(signum: int, frame: object) -> None:
        pass

    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    previous_term = signal.signal(signal.SIGTERM, own)
    try:
        with signals_raise():
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) is own
    finally:
        signal.signal(signal.SIGHUP, previous)
        signal.signal(signal.SIGTERM, previous_term)


def test_saving_from_another_thread_leaves_the_handlers_alone(tmp_path: Path) -> None:
    seen = []

    def save() -> None:
        with atomic_file(tmp_path / "a.mp4") as temporary:
            seen.append(signal.getsignal(signal.SIGTERM))
            temporary.write_bytes(b"x")

    thread = threading.Thread(target=save)
    thread.start()
    thread.join()
    assert seen == [signal.SIG_DFL]
    assert (tmp_path / "a.mp4").read_bytes() == b"x"


def test_an_error_mid_save_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "movie.mp4"
    target.write_bytes(b"old")

    def interrupted_save() -> None:
        with atomic_file(target) as temporary:
            temporary.write_bytes(b"half")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted_save()
    assert list(tmp_path.iterdir()) == [target]
    assert target.read_bytes() == b"old"


# --- what is written where ----------------------------------------------------------------


@pytest.mark.parametrize("exists", [True, False])
def test_saving_through_a_symlink_writes_its_target_and_keeps_the_link(
    tmp_path: Path, exists: bool
) -> None:
    (tmp_path / "videos").mkdir()
    real = tmp_path / "videos" / "real.mp4"
    if exists:
        real.write_bytes(b"old")
    link = tmp_path / "latest.mp4"
    link.symlink_to(real)
    assert output_path(link) == link
    write(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.mp4", "videos"]
    assert [p.name for p in real.parent.iterdir()] == ["real.mp4"]


@pytest.mark.parametrize("mode", [0o600, 0o444, 0o640])
def test_overwriting_keeps_the_existing_files_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "movie.mp4"
    target.write_bytes(b"old")
    target.chmod(mode)
    write(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_bytes() == b"new"


def test_a_new_file_gets_the_mode_of_any_new_file(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    reference.write_bytes(b"")
    write(tmp_path / "movie.mp4", b"new")
    assert (tmp_path / "movie.mp4").stat().st_mode == reference.stat().st_mode


@pytest.mark.parametrize("length", [242, 255])
def test_names_up_to_the_file_systems_limit_work(tmp_path: Path, length: int) -> None:
    target = tmp_path / ("v" * (length - 4) + ".mp4")
    output_path(target)
    write(target, b"new")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_name_past_the_limit_is_refused_naming_the_cause(tmp_path: Path) -> None:
    target = tmp_path / ("v" * 300 + ".mp4")
    with pytest.raises(OSError, match=r"file name too long \(304 bytes\)"):
        output_path(target)
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_is_named_before_anything_is_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Permission bits do not stop root, so make creating the file fail as the OS would.
    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(PermissionError, match=r"is not writable \(Permission denied\)"):
        output_path(tmp_path / "movie.mp4")
