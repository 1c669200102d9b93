"""Saving files: atomic, through links, keeping modes, any name length, and clean when killed."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from special_files import character_device

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
history = gradient_descent(*article_data(), n_epochs=3_000)
epochs = frame_schedule(3_000, breakpoints=[], steps=[1])
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
    deadline, seen = time.monotonic() + 120, set()
    while not seen & (names := {path.name for path in tmp_path.iterdir()}):
        # The save's temp file, there twice in a row (the output check's probe is not).
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the save never started"
        seen = names
        time.sleep(0.25)
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


# --- saves that never lose a file ---------------------------------------------------------

#: A program that saves a long animation to argv[1] (the format from its extension).
SAVING_A_LONG_ANIMATION = """\
import sys
from gdexplain import animate_fit, article_data, frame_schedule, gradient_descent
history = gradient_descent(*article_data(), n_epochs=3_000)
epochs = frame_schedule(3_000, breakpoints=[], steps=[1])
animate_fit(history, epochs=epochs, dpi=20).save(sys.argv[1])
"""

OLD = b"the old video, which must survive" * 30


@pytest.fixture(scope="module")
def animation() -> Any:
    """A small animation: ten frames of the article's run, 160 pixels wide."""
    from gdexplain import animate_fit, article_data, gradient_descent

    history = gradient_descent(*article_data(), n_epochs=30)
    return animate_fit(history, epochs=range(0, 30, 3), dpi=20)


@pytest.fixture
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temp folder, for this test alone: it must stay empty."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    return folder


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 64-kB tmpfs filled to the last byte; unmounted on every way out."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("a full disk is simulated by mounting a small tmpfs, which needs root")
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(folder: Path) -> None:
    """Write a filler file into ``folder`` until its file system has no byte left."""
    with (folder / "filler").open("wb", buffering=0) as filler:
        with contextlib.suppress(OSError):
            while True:
                filler.write(b"\0" * 4096)
        with contextlib.suppress(OSError):
            while True:
                filler.write(b"\0")


@pytest.mark.parametrize("suffix", [".mp4", ".gif", ".html"])
def test_a_full_disk_keeps_the_old_file_and_says_so_naming_it(
    animation: Any, full_disk: Path, private_temp: Path, suffix: str
) -> None:
    target = full_disk / f"video{suffix}"
    target.write_bytes(OLD)
    fill(full_disk)
    with pytest.raises((OSError, RuntimeError)) as raised:
        animation.save(target)
    message = str(raised.value)
    assert "\n" not in message
    assert str(target) in message
    assert "No space left" in message or "disk is full" in message
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler", target.name]
    assert list(private_temp.iterdir()) == []


def test_a_frame_rate_no_video_can_have_is_refused_up_front(animation: Any) -> None:
    from gdexplain import animate_fit

    for fps in (1e-5, 1e-9, 1e300, 101):
        with pytest.raises(ValueError, match=r"fps must be between 0\.01 and 100"):
            animate_fit(animation_history(), fps=fps)


@pytest.mark.parametrize("suffix", [".mp4", ".gif"])
def test_a_frame_rate_set_too_low_later_fails_the_save_and_keeps_the_old_file(
    tmp_path: Path, suffix: str
) -> None:
    from gdexplain import animate_fit

    low = animate_fit(animation_history(), epochs=[0, 1], dpi=20)
    low.fps = 1e-5  # as the engine's attribute allows; the writer checks again
    target = tmp_path / f"video{suffix}"
    target.write_bytes(OLD)
    with pytest.raises(ValueError, match=r"between 0\.01 and 100"):
        low.save(target)
    assert target.read_bytes() == OLD
    assert list(tmp_path.iterdir()) == [target]


def animation_history() -> Any:
    from gdexplain import article_data, gradient_descent

    return gradient_descent(*article_data(), n_epochs=3)


@pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and sockets are POSIX files")
@pytest.mark.parametrize("kind", ["fifo", "device link", "socket"])
def test_a_target_that_is_not_a_regular_file_is_refused_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.chdir(tmp_path)  # a short relative name: a socket's path is at most 107 bytes
    target = Path("out.mp4")
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device link":
        target.symlink_to(character_device(Path.cwd()))
    else:
        listening = socket.socket(socket.AF_UNIX)
        listening.bind(str(target))
        listening.close()
    before = os.lstat(target)
    expected = {"fifo": "a FIFO", "device link": "a character device", "socket": "a socket"}
    with pytest.raises(OSError, match=f"it is {expected[kind]}.*not a regular file"):
        output_path(target)
    with pytest.raises(OSError, match="not a regular file"):
        write(target, b"new")
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert {p.name for p in tmp_path.iterdir()} - {"devices"} == {"out.mp4"}
    if kind == "device link":
        assert stat.S_ISCHR(target.stat().st_mode)


@pytest.mark.skipif(sys.platform != "linux", reason="procfs and sysfs are Linux's")
@pytest.mark.parametrize("folder", ["/proc", "/sys", "/proc/self"])
def test_a_kernel_folder_is_named_as_such(folder: str) -> None:
    root = "/" + folder.split("/")[1]
    with pytest.raises(OSError, match=f"'{root}' is the kernel's virtual file system"):
        output_path(Path(folder) / "a.mp4")


def test_a_symlink_loop_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "a.mp4").symlink_to(tmp_path / "b.mp4")
    (tmp_path / "b.mp4").symlink_to(tmp_path / "a.mp4")
    with pytest.raises(OSError, match="symbolic links form a loop"):
        output_path(tmp_path / "a.mp4")


def size_of(path: Path) -> int:
    """The size of ``path`` in bytes; 0 if it is gone already."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def ffmpeg_writing_into(folder: Path) -> list[int]:
    """Process ids of the encoders still writing a file in ``folder`` (Linux's /proc)."""
    running = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and str(folder) in (entry / "cmdline").read_text():
                running.append(int(entry.name))
    return running


@pytest.mark.skipif(sys.platform != "linux", reason="finds the orphaned encoder in /proc")
@pytest.mark.parametrize("suffix", [".gif", ".html"])
def test_kill_9_mid_save_leaves_nothing_the_next_save_does_not_clean(
    tmp_path: Path, suffix: str
) -> None:
    folder, system_temp = tmp_path / "videos", tmp_path / "system-temp"
    folder.mkdir()
    system_temp.mkdir()
    target = folder / f"long{suffix}"
    process = subprocess.Popen(
        [sys.executable, "-c", SAVING_A_LONG_ANIMATION, str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={
            **os.environ,
            "PYTHONPATH": str(Path(__file__).parents[1]),
            "TMPDIR": str(system_temp),
        },
    )

    # Kill the saver once its intermediate file exists: the page's video (.html), or the
    # palette, complete before the GIF itself is encoded (.gif).
    def intermediate(path: Path) -> bool:
        if suffix == ".html":
            return path.name.endswith(".mp4")
        return "palette" in path.name and size_of(path) > 0

    try:
        deadline = time.monotonic() + 300
        while not any(map(intermediate, [*folder.iterdir(), *system_temp.rglob("*")])):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the save never started"
            time.sleep(0.05)
    finally:
        process.kill()
        process.communicate(timeout=60)
    while ffmpeg_writing_into(folder):  # the orphaned encoder ends at its input's end
        assert time.monotonic() < deadline + 60, "the encoder never stopped"
        time.sleep(0.05)
    assert list(system_temp.rglob("*")) == []
    write(target, b"the next save")
    assert [p.name for p in folder.iterdir()] == [target.name]
