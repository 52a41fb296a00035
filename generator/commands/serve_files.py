"""Which files ``hubgen serve`` may send: below the folder, through no symlink, not hubgen's.

A request path is split into segments and opened one segment at a time below the folder
(``openat`` with ``O_NOFOLLOW``), so neither ``..`` nor a symlink planted in the site can
lead out of it, and a symlink swapped in during the walk fails the open instead. Names
starting with ``.hubgen`` (hubgen's marker and working files) are refused outright.
"""

from __future__ import annotations

import os
import stat
import urllib.parse
from pathlib import Path

from generator.site import MARKER

OWN_PREFIX = ".hubgen"
"""Every name hubgen gives its own files (marker, staging, backup, journal) starts so."""
WALK_WITH_FDS = os.open in os.supports_dir_fd and hasattr(os, "O_NOFOLLOW")
"""Open paths with ``openat`` one segment at a time (not on Windows: see _walk_by_name)."""

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once (and is then refused)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def segments(route: str) -> list[str] | None:
    """Return the decoded segments of a request path, or None when it names nothing servable."""
    if not route.startswith("/"):
        return None
    names = []
    for raw in route.split("/"):
        try:  # the request line was read as Latin-1: these are its bytes
            name = urllib.parse.unquote_to_bytes(raw.encode("latin-1")).decode("utf-8")
        except (UnicodeError, ValueError):
            return None
        if name in ("", "."):
            continue
        # Windows drops trailing dots and spaces (".. " is ".."); macOS ignores case.
        hidden = not name.rstrip(". ") or name.lower().startswith(OWN_PREFIX)
        if hidden or any(c in name for c in "/\\:\0"):
            return None
        names.append(name)
    return names


def open_in_site(root: Path, names: list[str]) -> int:
    """Open the regular file ``root/names...`` for reading; return its descriptor.

    Raises IsADirectoryError for a folder and another OSError when the path is missing,
    passes through a symlink, is not a regular file, or ``root`` lost its marker.
    """
    if not WALK_WITH_FDS:
        return _walk_by_name(root, names)
    fd = os.open(root, _OPEN_FLAGS)
    try:
        if not stat.S_ISREG(os.stat(MARKER, dir_fd=fd, follow_symlinks=False).st_mode):
            raise FileNotFoundError(MARKER)
        for name in names:  # each step below the last: a symlink anywhere fails (ELOOP)
            step = os.open(name, _OPEN_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = step
        _require_file(os.fstat(fd))
    except BaseException:
        os.close(fd)
        raise
    return fd


def _walk_by_name(root: Path, names: list[str]) -> int:
    """Open as :func:`open_in_site` does, checking each step with ``lstat`` first.

    Where ``openat`` is missing; a symlink swapped in between check and open can win.
    """
    if not stat.S_ISREG(os.lstat(root / MARKER).st_mode):
        raise FileNotFoundError(MARKER)
    path = root
    for name in names:
        path = path / name
        info = os.lstat(path)
        reparse = getattr(info, "st_file_attributes", 0) & stat.FILE_ATTRIBUTE_REPARSE_POINT
        if stat.S_ISLNK(info.st_mode) or reparse:
            raise FileNotFoundError(path)
    _require_file(os.lstat(path))
    return os.open(path, _OPEN_FLAGS)


def _require_file(info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError
    if not stat.S_ISREG(info.st_mode):
        raise FileNotFoundError  # a FIFO, socket or device: never read
