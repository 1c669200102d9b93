"""Writing an output file atomically: a temp file beside the target, renamed at the end.

What a save promises: readers see the old file or the whole new one, never a
part; an error, Ctrl-C, SIGTERM or SIGHUP leaves no temp file behind; and a temp
file left by ``kill -9`` is removed by the next save to the same path.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

#: The formats :meth:`DescentAnimation.save` writes, chosen by extension.
FORMATS = (".mp4", ".gif", ".html")

#: Signals whose default action ends the process at once, skipping every ``finally``:
#: what ``timeout``, ``docker stop``, a CI cancel and a closed terminal send.
_FATAL_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Terminated(SystemExit):
    """SIGTERM or SIGHUP arrived mid-write: raised so the partial file is removed on the way out.

    Its exit code is the shell's for death by that signal (128 + its number), so
    uncaught it ends the program as the signal would have.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signal = signal.Signals(signum)

    def __str__(self) -> str:
        return f"interrupted by {self.signal.name}"


def output_path(path: str | os.PathLike[str]) -> Path:
    """``path`` as a Path, if its suffix is one of :data:`FORMATS` and it is writable."""
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise ValueError(
            f"cannot tell the format of {str(target)!r}: the file name must end in "
            f"{', '.join(FORMATS)}"
        )
    return writable(target)


def writable(target: Path) -> Path:
    """Return ``target`` if a file can be written there; else an OSError naming it and the cause.

    A symbolic link counts as the file it points to. An existing target must be
    a regular file: a FIFO, a device or a socket is refused, not replaced. Only
    a probe file tests the folder reliably (permission bits say nothing for
    root or a read-only mount).
    """
    real = Path(os.path.realpath(target))  # a link's target, even one not there yet
    _check_target(target, real)
    _create_temporary(real, target).unlink()
    return target


def _check_target(target: Path, real: Path) -> None:
    """Raise an OSError naming ``target`` unless ``real`` is a regular file or not there yet."""
    if os.name == "posix" and len(real.parts) > 1 and real.parts[1] in _KERNEL_FOLDERS:
        raise _cannot_write(target, real, PermissionError(errno.EACCES, "kernel"))
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        return  # a new file; a missing folder is named by the probe
    except OSError as error:  # e.g. a name too long, a loop of links
        raise _cannot_write(target, real, error) from None
    if stat.S_ISDIR(mode):
        raise _cannot_write(target, real, IsADirectoryError(errno.EISDIR, "is a folder"))
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _SPECIAL_FILES if test(mode)), "a special file")
        through = f" (the link's target {str(real)!r})" if target.is_symlink() else ""
        refused = FileExistsError(
            f"cannot write {str(target)!r}: it is {kind}{through}, not a regular file; "
            "a save replaces only regular files: give another file name"
        )
        refused.errno = errno.EEXIST
        raise refused


#: Folders of the kernel's virtual file systems (procfs, sysfs): no file can be saved there.
_KERNEL_FOLDERS = ("proc", "sys")

#: What an existing target that is not a regular file is called in a refusal.
_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


@contextlib.contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it to ``target``.

    Readers see the old file or the whole new one. A symbolic link's target is
    written; an existing file keeps its mode. Any failure, SIGTERM and SIGHUP
    included (see :func:`signals_raise`), removes the temp file; one left by
    ``kill -9`` holds its writer's process id, and the next save removes it.
    """
    real = Path(os.path.realpath(target))
    _check_target(target, real)
    with signals_raise():
        _remove_stale_temporaries(real)
        temporary = _create_temporary(real, target)
        try:
            yield temporary
            with contextlib.suppress(FileNotFoundError):  # a new file keeps the umask's mode
                temporary.chmod(stat.S_IMODE(real.stat().st_mode))
            temporary.replace(real)
        except OSError as error:  # e.g. the disk is full: told naming the target, not the temp
            temporary.unlink(missing_ok=True)
            raise _cannot_write(target, real, error, writing=True) from None
        except RuntimeError as error:  # the encoder failed: its reason, naming the target
            temporary.unlink(missing_ok=True)
            if type(error) is not RuntimeError or str(error).startswith("cannot write"):
                raise
            raise RuntimeError(f"cannot write {str(target)!r}: {error}") from None
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


@contextlib.contextmanager
def scratch_file(temporary: Path, suffix: str) -> Iterator[Path]:
    """Yield a new empty file named ``temporary``'s name plus ``suffix``; remove it on the way out.

    For the intermediate files of one save (a GIF's palette, an HTML page's
    video), kept beside the target rather than in the system's temp folder:
    named after the save's temp file, a scratch file left by ``kill -9`` carries
    its writer's process id and the next save to the same target removes it.
    """
    scratch = temporary.with_name(temporary.name + suffix)
    os.close(os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        yield scratch
    finally:
        scratch.unlink(missing_ok=True)


class Received:
    """The signal that interrupted a :func:`signals_raise` block, if any (``signal``)."""

    def __init__(self) -> None:
        self.signal: signal.Signals | None = None


@contextlib.contextmanager
def signals_raise(received: Received | None = None) -> Iterator[Received]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Terminated` in the main thread.

    Their default action skips every ``finally``; as an exception they unwind
    like Ctrl-C. Only signals at their default action are taken (an ignored
    SIGHUP under ``nohup`` stays ignored), and only in the main thread, where
    Python can set handlers. A repeat while unwinding is ignored, so the clean-up
    can finish.

    The block gets a :class:`Received` (``received``, or a new one) naming the signal,
    Ctrl-C's too, because the exception can be lost: raised inside compiled code
    (matplotlib's renderer), it may come out as that code's own error, such as a
    ValueError ("Invalid affine transformation matrix").
    """
    received = Received() if received is None else received
    on_main_thread = threading.current_thread() is threading.main_thread()
    taken = [
        signum
        for signum in _FATAL_SIGNALS
        if on_main_thread and signal.getsignal(signum) == signal.SIG_DFL
    ]
    ctrl_c = on_main_thread and signal.getsignal(signal.SIGINT) is signal.default_int_handler

    def raise_terminated(signum: int, frame: object) -> None:
        for each in taken:
            signal.signal(each, signal.SIG_IGN)
        received.signal = signal.Signals(signum)
        raise Terminated(signum)

    def raise_interrupt(signum: int, frame: object) -> None:
        received.signal = signal.SIGINT
        raise KeyboardInterrupt

    for signum in taken:
        signal.signal(signum, raise_terminated)
    if ctrl_c:
        signal.signal(signal.SIGINT, raise_interrupt)
    try:
        yield received
    finally:
        for signum in taken:
            signal.signal(signum, signal.SIG_DFL)
        if ctrl_c:
            signal.signal(signal.SIGINT, signal.default_int_handler)


def _cannot_write(target: Path, real: Path, error: OSError, *, writing: bool = False) -> OSError:
    """``error`` (of the same type and errno) told in one line naming ``target`` and the cause.

    ``writing``: the error came while writing, not while opening in the folder, so an
    error with no cause of its own below is told as it is, not as an unwritable folder.
    """
    if str(error).startswith("cannot write"):
        return error  # told already
    folder = repr(str(real.parent))
    if len(real.parts) > 1 and real.parts[1] in _KERNEL_FOLDERS and os.name == "posix":
        root = repr("/" + real.parts[1])
        cause = f"{root} is the kernel's virtual file system: files cannot be saved there"
    else:
        cause = {
            errno.ENOENT: f"folder {folder} does not exist",
            errno.ENOTDIR: f"{folder} is not a folder",
            errno.EISDIR: "it is a folder; give a file name",
            errno.ENAMETOOLONG: f"file name too long ({len(os.fsencode(real.name))} bytes)",
            errno.ELOOP: "its symbolic links form a loop (a link leads back to itself)",
            errno.ENOSPC: "the disk is full (no space left on the device); the old file is kept",
            getattr(errno, "EDQUOT", -1): "the disk quota is used up; the old file is kept",
            errno.EROFS: f"folder {folder} is on a read-only file system",
        }.get(
            error.errno or 0,
            f"{error.strerror or error}"
            if writing
            else f"folder {folder} is not writable ({error.strerror or error})",
        )
    told = type(error)(f"cannot write {str(target)!r}: {cause}")
    told.errno = error.errno
    return told


def _temporary_prefix(real: Path) -> str:
    """The start of ``real``'s temp names: the same at every save, short (stem start, hash)."""
    digest = hashlib.sha256(os.fsencode(real.name)).hexdigest()[:8]
    return f".{real.stem[:24]}-{digest}-"


def _create_temporary(real: Path, target: Path) -> Path:
    """Create an empty temp file for ``real``, named ``PREFIX<pid>-<random><suffix>``."""
    while True:
        name = f"{_temporary_prefix(real)}{os.getpid()}-{secrets.token_hex(4)}{real.suffix}"
        temporary = real.parent / name
        try:
            # Mode 0o666: the OS applies the umask, as to any new file.
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        except OSError as error:
            raise _cannot_write(target, real, error) from None
        return temporary


def _remove_stale_temporaries(real: Path) -> None:
    """Remove temp files for ``real`` whose writing process no longer runs (``kill -9``)."""
    if os.name != "posix":
        return  # os.kill(pid, 0) asks whether a process runs on POSIX; on Windows it ends it
    # The save's temp file and its scratch files (see scratch_file): the same start.
    temporaries = re.compile(re.escape(_temporary_prefix(real)) + r"(\d+)-[0-9a-f]{8}(\..*)?")
    with contextlib.suppress(OSError), os.scandir(real.parent) as entries:
        for entry in entries:
            if match := temporaries.fullmatch(entry.name):
                try:
                    os.kill(int(match[1]), 0)
                except ProcessLookupError:
                    with contextlib.suppress(OSError):  # best effort: the next file still
                        Path(entry.path).unlink(missing_ok=True)
                except (OSError, OverflowError):  # PermissionError: it runs, as another user's
                    pass
