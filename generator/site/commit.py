"""Putting a finished staging folder in place: a swap, or a patch under a journal.

- **Swap** (a full build, or one that changes much): the staging folder holds the whole
  new site, and one atomic rename exchanges it with the site.
- **Patch** (a small change): the staging folder holds only the changed files; each is
  moved into the site with one atomic rename, after the file it replaces is hard-linked
  into a backup, under a journal (:mod:`.journal`). The manifest is replaced last and the
  journal deleted after it: that is the commit point.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import OutputError
from .journal import Journal, prune_empty, recover, write_journal
from .manifest import manifest_bytes
from .owned import mark_ours
from .paths import BACKUP, JOURNAL, MARKER, SEARCH_DIR, STAGE_MARKER, lstat_kind, real_parents
from .stage import Staged, link_or_copy
from .trash import throw_away


def commit(staged: Staged, trash: Path | None = None) -> None:
    """Put the finished staging folder in place of the site (a swap or a patch)."""
    if not staged.patch:
        _swap(staged, trash)
        return
    try:
        _apply_patch(staged, trash)
    except BaseException:
        recover(staged.out)  # an error half-way (a full disk, say): undo what was applied
        raise


def _swap(staged: Staged, trash: Path | None) -> None:
    """Exchange the staging folder (the whole new site) with the site; trash the old one.

    The old site is marked as hubgen's working folder before the exchange, under the name
    it takes after it, so a build killed at any moment leaves only folders the next build
    recognises and removes.
    """
    staging, out = staged.path, staged.out
    (staging / MARKER).write_bytes(manifest_bytes(staged.manifest))
    if not out.exists():
        (staging / STAGE_MARKER).unlink()
        staging.rename(out)
        return
    if _exchange_supported():
        mark_ours(out, staging.name)  # the name the old site has after the exchange
        _exchange(staging, out)
        old = staging  # after the exchange the staging path holds the previous site
    else:
        old = staging.with_name(staging.name + "-old")
        out.rename(old)
        mark_ours(old)
        staging.rename(out)
    (out / STAGE_MARKER).unlink(missing_ok=True)
    mark_ours(old)
    throw_away(old, trash)


def _journal(staged: Staged) -> Journal:
    """Return what the patch will move, before it moves anything."""
    out, staging = staged.out, staged.path
    live, new = out / SEARCH_DIR, staging / SEARCH_DIR
    old_dirs = {f"{SEARCH_DIR}/{p.name}" for p in _entries(live) if lstat_kind(p) == "dir"}
    gone_dirs = old_dirs - set(staged.search_keep) - set(staged.search_dirs)
    loose = [f"{SEARCH_DIR}/{p.name}" for p in _entries(new) if lstat_kind(p) == "file"]
    gone_loose = [f"{SEARCH_DIR}/{p.name}" for p in _entries(live) if lstat_kind(p) == "file"]
    replaced_dirs = [d for d in staged.search_dirs if d in old_dirs]
    written = tuple(staged.report.written) + tuple(loose)
    dirs_in = tuple(sorted(staged.search_dirs))
    fresh = tuple(rel for rel in written + dirs_in if lstat_kind(out / rel) == "missing")
    return Journal(
        written,
        tuple(staged.report.removed) + tuple(rel for rel in gone_loose if rel not in loose),
        dirs_in,
        tuple(sorted(gone_dirs | set(replaced_dirs))),
        fresh,
    )


def _apply_patch(staged: Staged, trash: Path | None) -> None:
    """Move the changed files into the site under a journal, backing up what they replace.

    The staging folder, then holding the replaced files and search folders, goes to
    ``trash``."""
    staging, out = staged.path, staged.out
    backup = staging / BACKUP
    journal = _journal(staged)
    unsafe = [rel for rel in journal.written + journal.removed if not real_parents(out, rel)]
    if unsafe:
        raise OutputError(
            f"refusing to patch {out}: expected folders, found a symbolic link on the way to "
            f"{unsafe[0]}; remove it (hubgen never writes through links) or build with --clean"
        )
    write_journal(staging, journal)
    for rel in journal.written:
        _backup(out, backup, rel)
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, out / rel)
    for rel in journal.removed:
        _backup(out, backup, rel)
        if lstat_kind(out / rel) == "file":
            (out / rel).unlink()
        prune_empty(out, (out / rel).parent)
    for folder in journal.dirs_out:
        (backup / folder).parent.mkdir(parents=True, exist_ok=True)
        (out / folder).rename(backup / folder)
    for folder in journal.dirs_in:
        (out / SEARCH_DIR).mkdir(exist_ok=True)
        (staging / folder).rename(out / folder)
    prune_empty(out, out / SEARCH_DIR)  # a build without search: its folder goes
    (staging / MARKER).write_bytes(manifest_bytes(staged.manifest))
    _backup(out, backup, MARKER)
    os.replace(staging / MARKER, out / MARKER)  # last: the site is whole again
    (staging / JOURNAL).unlink()  # the commit point
    throw_away(staging, trash)


def _entries(folder: Path) -> list[Path]:
    """Return the entries of ``folder``, sorted ([] when it is no real folder)."""
    return sorted(folder.iterdir()) if lstat_kind(folder) == "dir" else []


def _backup(out: Path, backup: Path, rel: str) -> None:
    """Hard-link the site's file ``rel`` (if any) into the backup, before it is touched."""
    source = out / rel
    if lstat_kind(source) != "file":
        return
    dest = backup / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    link_or_copy(source, dest)


def _libc_renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return None
    return getattr(ctypes.CDLL(libc_name, use_errno=True), "renameat2", None)


def _exchange_supported() -> bool:
    return _libc_renameat2() is not None


def _exchange(a: Path, b: Path) -> None:
    """Atomically swap two folders (Linux renameat2 with RENAME_EXCHANGE)."""
    renameat2 = _libc_renameat2()
    at_fdcwd, rename_exchange = -100, 2
    assert renameat2 is not None
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result != 0:
        err = ctypes.get_errno()
        if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            # The file system cannot exchange: two renames, the old site marked first.
            old = a.with_name(a.name + "-old")
            b.rename(old)
            mark_ours(old)
            a.rename(b)
            old.rename(a)
            return
        raise OSError(err, os.strerror(err), str(b))
