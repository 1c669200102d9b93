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
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

#: The formats :meth:`DescentAnimation.save` writes, chosen by extension.
FORMATS = (".mp4", ".gif", ".html")

#: Signals whose default action ends the process at once, skipping every
#: ``finally``: what ``timeout``, ``docker stop``, a CI cancel and a closed
#: terminal send. (SIGINT already raises KeyboardInterrupt in Python.)
_FATAL_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)

#: Characters of the target's stem kept in a temp name (to tell whose it is); a
#: hash of the name follows, so the temp name stays short.
_STEM_KEPT = 24

#: The longest file name, in bytes, where the file system does not say.
_DEFAULT_NAME_MAX = 255


class Terminated(SystemExit):
    """SIGTERM or SIGHUP arrived while a file was being written.

    Raised instead of ending the process on the spot, so the partial file is
    removed on the way out. Its exit code is the shell's for death by that
    signal (128 + its number: 143 for SIGTERM), so uncaught it ends the program
    as the signal would have.

    Parameters
    ----------
    signum : int
        The signal's number.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signal = signal.Signals(signum)

    def __str__(self) -> str:
        return f"interrupted by {self.signal.name}"


def output_path(path: str | os.PathLike[str]) -> Path:
    """Return ``path`` as a :class:`~pathlib.Path` if it names a writable file of a known format.

    Raises
    ------
    ValueError
        If the extension is not one of :data:`FORMATS`.
    OSError
        As :func:`writable`.
    """
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise ValueError(
            f"cannot tell the format of {str(target)!r}: the file name must end in "
            f"{', '.join(FORMATS)}"
        )
    return writable(target)


def writable(target: Path) -> Path:
    """Return ``target`` if a file can be written there, by trying.

    A symbolic link counts as the file it points to. Only a probe file tests the
    folder reliably (permission bits say nothing for root or a read-only mount).

    Raises
    ------
    FileNotFoundError, NotADirectoryError, IsADirectoryError
        If the folder is missing or not a folder, or ``target`` is a folder.
    OSError
        If the file name is too long for the file system, or the folder is not
        writable; the message names the path and the cause.
    """
    real = _real(target)
    folder = real.parent
    if not folder.exists():
        raise FileNotFoundError(
            f"cannot write {str(target)!r}: folder {str(folder)!r} does not exist"
        )
    if not folder.is_dir():
        raise NotADirectoryError(f"cannot write {str(target)!r}: {str(folder)!r} is not a folder")
    length, limit = len(os.fsencode(real.name)), _name_max(folder)
    if length > limit:
        raise _os_error(
            errno.ENAMETOOLONG,
            f"cannot write {str(target)!r}: file name too long ({length} bytes; "
            f"the file system allows {limit})",
        )
    if real.is_dir():
        raise IsADirectoryError(f"cannot write {str(target)!r}: it is a folder; give a file name")
    _create_temporary(real, target).unlink()
    return target


@contextlib.contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it to ``target``.

    The rename stays within one folder, so readers see the old file or the whole
    new one. A symbolic link's target is written and the link kept. An existing
    file keeps its permissions; a new one gets ``0o666 & ~umask``. On any failure,
    Ctrl-C and (see :func:`signals_raise`) SIGTERM and SIGHUP included, the temp
    file is removed and ``target`` left as it was. A temp file left by ``kill -9``
    carries its writer's process id: the next save to the path removes it.

    Raises
    ------
    Terminated
        If SIGTERM or SIGHUP arrived while the block ran.
    PermissionError, OSError
        If the folder is not writable (raised before the caller writes anything).
    """
    real = _real(target)
    with signals_raise():
        _remove_stale_temporaries(real)
        temporary = _create_temporary(real, target)
        try:
            yield temporary
            temporary.chmod(_mode_for(real))
            temporary.replace(real)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Terminated` in the main thread.

    Their default action skips every ``finally``; as an exception they unwind
    like Ctrl-C. Only signals at their default action are taken (an ignored
    SIGHUP under ``nohup`` stays ignored), and only in the main thread, where
    Python can set handlers. A repeat while unwinding is ignored, so the clean-up
    can finish.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    taken = {
        signum: signal.getsignal(signum)
        for signum in _FATAL_SIGNALS
        if signal.getsignal(signum) == signal.SIG_DFL
    }
    raised = False

    def raise_terminated(signum: int, frame: FrameType | None) -> None:
        nonlocal raised
        if not raised:
            raised = True
            raise Terminated(signum)

    for signum in taken:
        signal.signal(signum, raise_terminated)
    try:
        yield
    finally:
        for signum, previous in taken.items():
            signal.signal(signum, previous)


# -- temporary files --------------------------------------------------------------------------


def _real(target: Path) -> Path:
    """The file ``target`` names, following symbolic links (even to a file not yet there)."""
    return Path(os.path.realpath(target))


def _temporary_prefix(real: Path) -> str:
    """The start of every temp name for ``real``: short, and the same at every save."""
    digest = hashlib.sha256(os.fsencode(real.name)).hexdigest()[:8]
    return f".{real.stem[:_STEM_KEPT]}-{digest}-"


def _create_temporary(real: Path, target: Path) -> Path:
    """Create an empty temp file for ``real``, named ``PREFIX<pid>-<random><suffix>``."""
    try:
        handle, name = tempfile.mkstemp(
            dir=real.parent,
            prefix=f"{_temporary_prefix(real)}{os.getpid()}-",
            suffix=real.suffix,
        )
    except OSError as error:
        raise _os_error(
            error.errno,
            f"cannot write {str(target)!r}: folder {str(real.parent)!r} is not writable "
            f"({error.strerror})",
            type(error),
        ) from None
    os.close(handle)
    return Path(name)


def _remove_stale_temporaries(real: Path) -> None:
    """Remove temp files for ``real`` whose writing process no longer runs (``kill -9``)."""
    prefix, suffix = _temporary_prefix(real), real.suffix
    with contextlib.suppress(OSError), os.scandir(real.parent) as entries:
        for entry in entries:
            if not (entry.name.startswith(prefix) and entry.name.endswith(suffix)):
                continue
            pid, _, _ = entry.name[len(prefix) :].partition("-")
            if pid.isdigit() and not _running(int(pid)):
                with contextlib.suppress(OSError):
                    Path(entry.path).unlink()


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists; assumed so where that cannot be asked safely."""
    if os.name != "posix":
        return True  # os.kill(pid, 0) on Windows would end the process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, as another user's
        return True
    return True


def _mode_for(real: Path) -> int:
    """The permissions to give the new file: the existing file's, or those of a new file."""
    try:
        return stat.S_IMODE(real.stat().st_mode)
    except FileNotFoundError:
        # mkstemp creates the file readable by its owner only.
        return 0o666 & ~_umask()


def _name_max(folder: Path) -> int:
    """The longest file name, in bytes, the file system under ``folder`` accepts."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, ValueError, OSError):  # no pathconf (Windows), or no answer
        return _DEFAULT_NAME_MAX


def _os_error(code: int | None, message: str, kind: type[OSError] = OSError) -> OSError:
    """An ``OSError`` with ``errno`` set, whose text is ``message`` alone (no "[Errno N]")."""
    error = kind(message)
    error.errno = code
    return error


#: Where Linux reports the process's umask (since kernel 4.7).
_STATUS = Path("/proc/self/status")

#: The usual umask, assumed where it cannot be read without changing it.
_DEFAULT_UMASK = 0o022


def _umask() -> int:
    """The process's umask, read without changing it (setting it would race other threads).

    Linux reports it in ``/proc/self/status``; elsewhere the usual 022 is assumed.
    """
    try:
        status = _STATUS.read_text(encoding="ascii", errors="replace")
    except OSError:
        return _DEFAULT_UMASK
    for line in status.splitlines():
        name, _, value = line.partition(":")
        if name == "Umask":
            with contextlib.suppress(ValueError):
                return int(value.strip(), 8)
    return _DEFAULT_UMASK
