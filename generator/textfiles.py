"""Read one text file from the content folder safely: a size cap, no links followed, UTF-8.

Every way a file can fail to be read becomes one :class:`~generator.errors.Problem`; the
reading itself (no links, only regular files) is :mod:`generator.plainfiles`'.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from . import kinds
from .errors import Problem
from .plainfiles import Refused, TooLarge, read_below

MAX_FILE_BYTES = 4 * 1024 * 1024
"""Largest record file accepted (4 MiB, about 10,000 citing papers); larger files are
rejected from their size alone, before they are read."""


def name_problem(rel: Path, shown: str) -> Problem | None:
    """Return a Problem when the path ``rel`` (below the content folder) is not UTF-8."""
    try:
        str(rel).encode("utf-8")
    except UnicodeEncodeError as exc:
        byte = os.fsencode(str(rel)[exc.start])[0]
        return Problem(
            shown,
            0,
            0,
            "",
            f"expected a file name in UTF-8, found the byte 0x{byte:02x}",
            hint="rename the file",
            kind=kinds.FILE_NAME,
        )
    return None


def read_text(path: Path, shown: str, root: Path | None = None) -> tuple[str, bytes] | Problem:
    """Return the normalised text and raw bytes of a file, or the Problem that stops it.

    Only a regular file is read, and no link is followed below ``root`` (default: the
    file's folder); see :mod:`generator.plainfiles`.
    """
    root = path.parent if root is None else root
    try:
        raw = read_below(root, path.relative_to(root).parts, MAX_FILE_BYTES)
    except Refused as exc:
        return Problem(shown, 0, 0, "", exc.message, exc.hint, kind=kinds.NOT_A_FILE)
    except TooLarge as exc:
        return Problem(
            shown,
            1,
            1,
            "",
            f"expected a file of at most {MAX_FILE_BYTES // 2**20} MiB, "
            f"found {exc.size / 2**20:.1f} MiB",
            hint="trim long fields such as contexts and abstracts",
            kind=kinds.TOO_LARGE,
        )
    except OSError as exc:
        message = f"expected a readable file, found: {exc.strerror}"
        return Problem(shown, 1, 1, "", message, kind=kinds.UNREADABLE)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return Problem(
            shown,
            line,
            col,
            "",
            f"expected UTF-8 text, found the byte 0x{raw[exc.start]:02x}",
            hint="save the file as UTF-8",
            kind=kinds.NOT_UTF8,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), raw


def record_bytes(content_dir: Path, src: str) -> bytes:
    """Return the bytes of the record file ``src`` (relative to ``content_dir``), for its
    cache key; raise OSError for a file :func:`~generator.load.load_record` would refuse
    unread."""
    if name_problem(Path(src), src) is not None:
        raise OSError(errno.EILSEQ, "file name is not UTF-8")
    try:
        return read_below(content_dir, Path(src).parts, MAX_FILE_BYTES)
    except (Refused, TooLarge) as exc:
        raise OSError(errno.EINVAL, str(exc)) from exc
