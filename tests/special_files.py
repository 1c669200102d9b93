"""Special files for the tests that saves refuse them: shared by the API and the CLI tests."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def character_device(folder: Path) -> Path:
    """A character device to link to. As root, a null device node of our own in
    ``folder``/devices: a save that wrongly wrote through the link would replace only it,
    never the system's /dev/null. Otherwise /dev/null, which only root could replace.
    """
    if os.geteuid() != 0:
        return Path(os.devnull)
    (folder / "devices").mkdir()
    node = folder / "devices" / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return node
