"""The journal of a patch, and the rollback of a patch that was killed half-way.

While a patch is applied its staging folder holds a signed journal naming every path it
moves into or out of the site, and hard links to every file it replaces or removes. A
build killed then leaves both behind; the next build rolls the site back before it does
anything else (:func:`recover`). Everything read back here is checked: the folder must
be hubgen's own (:mod:`.owned`), the journal must carry this user's signature, every
path must be a plain path inside the site, and only regular files come back.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..plainfiles import read_regular
from ..signing import sign, unsign
from .owned import working_folders
from .paths import BACKUP, JOURNAL, MARKER, SEARCH_DIR, is_site_path, lstat_kind, real_parents

MAX_JOURNAL_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Journal:
    """What a patch moves: files in, files out, search folders in and out."""

    written: tuple[str, ...]
    removed: tuple[str, ...]
    dirs_in: tuple[str, ...]
    """Search folders moved from the staging folder into the site."""
    dirs_out: tuple[str, ...]
    """Search folders of the site moved into the backup (replaced or gone)."""
    new: tuple[str, ...] = ()
    """Files and folders written where the site had nothing: a rollback removes them. One
    that replaced something is never removed, only restored from the backup while the
    backup holds it (so a rollback cut short and run again undoes nothing twice)."""


def write_journal(staging: Path, journal: Journal) -> None:
    """Write the signed journal into the patch's staging folder."""
    body = {
        "written": list(journal.written),
        "removed": list(journal.removed),
        "dirs_in": list(journal.dirs_in),
        "dirs_out": list(journal.dirs_out),
        "new": list(journal.new),
    }
    (staging / JOURNAL).write_bytes(sign(json.dumps(body, sort_keys=True).encode("utf-8")))


def _is_search_folder(rel: object) -> bool:
    return (
        is_site_path(rel)
        and isinstance(rel, str)
        and rel.count("/") == 1
        and (rel.startswith(SEARCH_DIR + "/"))
    )


def read_journal(staging: Path) -> Journal | None:
    """Return the journal of a staging folder; None when it is missing, foreign or bad."""
    blob = read_regular(staging / JOURNAL, MAX_JOURNAL_BYTES)
    data = unsign(blob) if blob is not None else None
    if data is None:
        return None
    try:
        body = json.loads(data.decode("utf-8"))
        files = (tuple(body["written"]), tuple(body["removed"]))
        dirs = (tuple(body["dirs_in"]), tuple(body["dirs_out"]))
        new = tuple(body["new"])
    except (ValueError, KeyError, TypeError):
        return None
    if not all(is_site_path(rel) or rel == MARKER for rel in files[0] + files[1]):
        return None
    if not all(_is_search_folder(rel) for rel in dirs[0] + dirs[1]):
        return None
    if not all(rel in files[0] + dirs[0] for rel in new):
        return None
    return Journal(files[0], files[1], dirs[0], dirs[1], new)


def pending_patch(out: Path) -> bool:
    """True when a killed patch left the site half-applied (the next build rolls it back)."""
    ours, _foreign = working_folders(out)
    return any(lstat_kind(folder / JOURNAL) == "file" for folder in ours)


def _restore(backup: Path, out: Path, rel: str) -> bool:
    """Move the backed-up regular file ``rel`` back into the site; True when there was one."""
    if lstat_kind(backup / rel) != "file" or not real_parents(out, rel):
        return False
    (out / rel).parent.mkdir(parents=True, exist_ok=True)
    os.replace(backup / rel, out / rel)
    return True


def _remove_added(out: Path, rel: str) -> None:
    """Remove a file the patch had added where there was none (never a folder or link)."""
    if real_parents(out, rel) and lstat_kind(out / rel) == "file":
        (out / rel).unlink()
        prune_empty(out, (out / rel).parent)


def roll_back(out: Path, staging: Path, journal: Journal) -> None:
    """Undo what the journalled patch did to the site ``out``."""
    backup = staging / BACKUP
    for folder in journal.dirs_in:  # the patch's own folders, if they were moved in
        moved = lstat_kind(staging / folder) == "missing"
        old_waiting = lstat_kind(backup / folder) == "dir"  # not yet put back
        ours = moved and (folder in journal.new or old_waiting)
        if ours and real_parents(out, folder) and lstat_kind(out / folder) == "dir":
            shutil.rmtree(out / folder)
    for folder in journal.dirs_out:
        waiting = lstat_kind(backup / folder) == "dir" and lstat_kind(out / folder) == "missing"
        if waiting and lstat_kind(out / SEARCH_DIR) in ("dir", "missing"):
            (out / SEARCH_DIR).mkdir(exist_ok=True)
            os.rename(backup / folder, out / folder)
    for rel in journal.written:
        restored = _restore(backup, out, rel)
        if not restored and rel in journal.new and lstat_kind(staging / rel) == "missing":
            _remove_added(out, rel)  # it was new: moved in
    for rel in journal.removed + (MARKER,):
        _restore(backup, out, rel)


def recover(out: Path) -> tuple[bool, list[Path], list[Path]]:
    """Roll back every killed patch of ``out``; return (one was rolled back, foreign
    folders, folders whose journal is damaged).

    Folders named like hubgen's working folders that hubgen did not make (their marker
    does not verify), and hubgen's own whose journal does not read back, are returned
    untouched, for the caller to report (:func:`generator.site.trash.remove_leftovers`
    keeps every folder that holds a journal).
    """
    ours, foreign = working_folders(out)
    damaged: list[Path] = []
    rolled = False
    for staging in ours:
        if lstat_kind(staging / JOURNAL) == "missing":
            continue
        journal = read_journal(staging)
        if journal is None:  # ours, but its journal is damaged: leave it for a person
            damaged.append(staging)
            continue
        roll_back(out, staging, journal)
        (staging / JOURNAL).unlink()  # rolled back: never again, even if cut short now
        shutil.rmtree(staging, ignore_errors=True)
        rolled = True
    return rolled, sorted(foreign), damaged


def prune_empty(out: Path, folder: Path) -> None:
    """Remove ``folder`` and its parents up to ``out`` while they are empty."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
