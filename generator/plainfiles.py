"""Reading regular files below a folder without following links, as git reads its index.

Content files come from strangers (pull requests, shared zips) and editors that replace
files while hubgen runs. So a file under ``content/`` is read only when it, and every
folder between it and the content folder, is what it claims to be: each step is opened
relative to the one before with ``O_NOFOLLOW``, a special file (pipe, device, socket) is
refused from its ``lstat`` before it is opened, and what was opened is checked again with
``fstat``. Nothing is read from a refused entry, and no read is larger than the size cap.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_DIR_FLAGS = _FLAGS | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW
# O_NONBLOCK: should a pipe slip in between the lstat and the open, opening it does not wait.
_FILE_FLAGS = _FLAGS | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
_AT = os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd and bool(_NOFOLLOW)

LINK_FOUND = "expected a regular file or folder, found a symbolic link"
LINK_HINT = "hubgen follows no links under content/: replace the link with what it points to"


class TooLarge(Exception):
    """A regular file larger than the cap; carries its size in bytes (nothing was read)."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class Refused(Exception):
    """An entry that is not a regular file (or a folder on the way to one): never read."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def kind(mode: int) -> str:
    """Name the kind of file ``mode`` describes, as a message's "found ..." part."""
    kinds = (
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "an unknown kind of file")


def _refusal(mode: int, where: str = "") -> Refused:
    """Return the refusal of an entry of ``mode`` (``where`` names a folder on the path)."""
    at = f" at {where}" if where else ""
    if stat.S_ISLNK(mode):
        return Refused(LINK_FOUND + at, LINK_HINT)
    if where:
        return Refused(f"expected a folder, found {kind(mode)}{at}")
    return Refused(f"expected a regular file, found {kind(mode)}")


def _unreadable_folder(path: Path | str, dir_fd: int | None) -> Refused:
    try:
        os.close(os.open(path, _DIR_FLAGS, dir_fd=dir_fd))
    except OSError as exc:
        return Refused(f"expected a readable folder, found: {exc.strerror}")
    return Refused("expected a record file, found a folder")


def read_below(root: Path, parts: Sequence[str], limit: int) -> bytes:
    """Return the bytes of the regular file ``root/parts...``, at most ``limit`` of them.

    Raises :class:`Refused` for a link, special file or folder anywhere below ``root``,
    :class:`TooLarge` for a file over ``limit`` bytes, and ``OSError`` when the file
    cannot be read. ``root`` itself may be a link: the user named it.
    """
    if not _AT:  # no openat (Windows): lstat, then open; a swap in between goes unseen
        return _read_checked(root.joinpath(*parts), limit)
    dir_fd = os.open(root, _FLAGS | getattr(os, "O_DIRECTORY", 0))
    try:
        for i, part in enumerate(parts[:-1]):
            try:
                fd = os.open(part, _DIR_FLAGS, dir_fd=dir_fd)
            except OSError as exc:
                mode = os.stat(part, dir_fd=dir_fd, follow_symlinks=False).st_mode
                if stat.S_ISDIR(mode):
                    raise Refused(f"expected a readable folder, found: {exc.strerror}") from None
                raise _refusal(mode, "/".join(parts[: i + 1])) from None
            os.close(dir_fd)
            dir_fd = fd
        name = parts[-1]
        mode = os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode
        if stat.S_ISDIR(mode):
            raise _unreadable_folder(name, dir_fd)
        if not stat.S_ISREG(mode):
            raise _refusal(mode)
        try:
            fd = os.open(name, _FILE_FLAGS, dir_fd=dir_fd)
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # became a link after the lstat
                raise _refusal(stat.S_IFLNK) from None
            raise
        return _read_open(fd, limit)
    finally:
        os.close(dir_fd)


def read_regular(path: Path, limit: int) -> bytes | None:
    """Return the bytes of the regular file ``path``, or None: missing, a link or another
    kind of file, larger than ``limit``, or unreadable. Never follows a link at its end,
    never waits on a pipe."""
    try:
        return _read_open(os.open(path, _FILE_FLAGS), limit)
    except (OSError, Refused, TooLarge):
        return None


def _read_checked(path: Path, limit: int) -> bytes:
    mode = os.lstat(path).st_mode
    if stat.S_ISDIR(mode):
        raise _unreadable_folder(path, None)
    if not stat.S_ISREG(mode):
        raise _refusal(mode)
    return _read_open(os.open(path, _FILE_FLAGS), limit)


def _read_open(fd: int, limit: int) -> bytes:
    """Read the regular file open as ``fd`` (closing it): at most ``limit`` bytes."""
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped between the lstat and the open
            raise _refusal(st.st_mode)
        if st.st_size > limit:
            raise TooLarge(st.st_size)
        # os.read, not a buffered file: its read(limit) would allocate the whole cap.
        chunks: list[bytes] = []
        total, want = 0, st.st_size + 1  # one byte more: a file that grew shows
        while chunk := os.read(fd, min(max(want - total, 2**16), limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew since the fstat
                raise TooLarge(total)
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, prefix: str = ".tmp-") -> None:
    """Write ``path`` whole or not at all: into a new file beside it (named ``prefix``...),
    then renamed over it. A rename replaces a link planted at ``path``, never writes
    through it."""
    fd, temp = tempfile.mkstemp(prefix=prefix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
