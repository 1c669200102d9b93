"""Writing an output file atomically: a temp file beside the target, renamed at the end."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

#: The formats :meth:`DescentAnimation.save` writes, chosen by extension.
FORMATS = (".mp4", ".gif", ".html")


def output_path(path: str | os.PathLike[str]) -> Path:
    """Return ``path`` as a :class:`~pathlib.Path` if it names a writable file of a known format.

    Checked before any frame is drawn, so a typo costs nothing.

    Raises
    ------
    ValueError
        If the extension is not one of :data:`FORMATS`.
    FileNotFoundError, NotADirectoryError, IsADirectoryError
        If the folder is missing or not a folder, or ``path`` is a folder.
    """
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise ValueError(
            f"cannot tell the format of {str(target)!r}: the file name must end in "
            f"{', '.join(FORMATS)}"
        )
    return writable(target)


def writable(target: Path) -> Path:
    """Return ``target`` if its folder exists and it is not itself a folder.

    Raises
    ------
    FileNotFoundError, NotADirectoryError, IsADirectoryError
        Naming the path and what is wrong with it.
    """
    folder = target.parent
    if not folder.exists():
        raise FileNotFoundError(
            f"cannot write {str(target)!r}: folder {str(folder)!r} does not exist"
        )
    if not folder.is_dir():
        raise NotADirectoryError(f"cannot write {str(target)!r}: {str(folder)!r} is not a folder")
    if target.is_dir():
        raise IsADirectoryError(f"cannot write {str(target)!r}: it is a folder; give a file name")
    return target


@contextlib.contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it to ``target``.

    The temp file lives in the target's folder so that :func:`os.replace` is a
    rename within one file system: readers see either the old file or the whole
    new one, never a partial write. On any failure, ``KeyboardInterrupt``
    included, the temp file is removed and ``target`` is left as it was.

    Raises
    ------
    PermissionError, OSError
        If the folder is not writable (raised before the caller writes anything).
    """
    try:
        handle, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.stem}-", suffix=target.suffix
        )
    except OSError as error:
        raise type(error)(
            error.errno, f"cannot write {str(target)!r}: {error.strerror}", str(target.parent)
        ) from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        # mkstemp creates the file readable by its owner only; give the result the
        # permissions any newly created file would have.
        temporary.chmod(0o666 & ~_umask())
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


#: Where Linux reports the process's umask (since kernel 4.7).
_STATUS = Path("/proc/self/status")

#: The usual umask, assumed where it cannot be read without changing it.
_DEFAULT_UMASK = 0o022


def _umask() -> int:
    """The process's umask, read without changing it.

    The portable way, setting it and putting it back, would change it for a
    moment for every thread of the process: a file another thread creates
    then would get the wrong permissions. Linux reports it in
    ``/proc/self/status``; elsewhere the usual 022 is assumed.
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
