"""Scan stage: every record file under ``content/hubs``, with the digest of its bytes.

A file is read and hashed unless the last build saw it with the same stamp (size, times
and inode), as git's index does; the stamps to trust come from the build cache.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .load import find_record_files
from .textfiles import MAX_FILE_BYTES, record_bytes

Stamp = tuple[int, int, int, int]
"""What ``lstat`` says of a file: size, mtime and ctime in nanoseconds, inode."""


@dataclass(frozen=True, slots=True)
class RecordFile:
    """One record file found under ``content/hubs``."""

    path: Path
    src: str
    """Its path relative to the content folder, as the OS spells it."""
    stamp: Stamp | None = None
    """Its stamp when the digest was taken (None: it moved while read, or is unreadable)."""
    digest: str = ""
    """Hash of its bytes ('' when it cannot be read: load reports why)."""


def stamp_of(st: os.stat_result) -> Stamp:
    """Return the stamp of a file from its ``lstat``."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def bytes_digest(data: bytes) -> str:
    """Return the digest of a record file's bytes (as the load stage computes it too)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def scan(
    content_dir: Path, known: Mapping[str, tuple[Stamp, str]] | None = None
) -> list[RecordFile]:
    """Return every record file with its digest.

    ``known`` holds stamps and digests of files as the last build read them; a file
    whose stamp is among them is not read again.
    """
    known = known or {}
    base = str(content_dir)
    prefix = os.path.join(base, "")  # the walk yields paths below it: cut, not relpath
    files = []
    for path in find_record_files(content_dir):
        digest = ""
        stamp = None
        text = str(path)
        src = text[len(prefix) :] if text.startswith(prefix) else os.path.relpath(path, base)
        try:
            stamp = stamp_of(path.lstat())  # the entry's own: a link is refused, not followed
            if stamp[0] <= MAX_FILE_BYTES:
                seen = known.get(src)
                digest = seen[1] if seen is not None and seen[0] == stamp else ""
                if not digest:
                    stamp, digest = _hash_file(content_dir, src, path)
        except OSError:
            stamp = None  # unreadable: load reports it
        files.append(RecordFile(path, src, stamp, digest))
    return files


def _hash_file(content_dir: Path, src: str, path: Path) -> tuple[Stamp | None, str]:
    """Return the stamp and digest of one read of the record file ``src``.

    The stamp is None (not to be trusted next time) when the file changed while it was
    read: an editor saving in place.
    """
    before = stamp_of(os.lstat(path))
    data = record_bytes(content_dir, src)
    after = stamp_of(os.lstat(path))
    return (before if before == after else None), bytes_digest(data)
