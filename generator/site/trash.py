"""Old sites and leftovers: deleted only when hubgen made them (see :mod:`.owned`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .owned import is_ours, working_folders
from .paths import JOURNAL, lstat_kind


def throw_away(folder: Path, trash: Path | None) -> None:
    """Move a marked folder to ``trash`` (emptied by the next build), or delete it now."""
    if trash is not None:
        try:
            trash.mkdir(parents=True, exist_ok=True)
            folder.rename(trash / folder.name)
            return
        except OSError:
            pass  # another file system, say: delete it now
    shutil.rmtree(folder, ignore_errors=True)


def remove_leftovers(out: Path) -> list[Path]:
    """Delete the working folders killed builds of ``out`` left; return foreign ones.

    A site left mid-swap by a killed build on a file system without atomic exchange
    (no ``out``, only its old copy) is put back first.
    """
    ours, foreign = working_folders(out)
    ours = [f for f in ours if lstat_kind(f / JOURNAL) == "missing"]  # a damaged patch stays
    if not out.exists():
        old = [f for f in ours if f.name.endswith("-old")]
        if old:
            old[-1].rename(out)
            ours.remove(old[-1])
    for folder in ours:
        shutil.rmtree(folder, ignore_errors=True)
    return foreign


_EMPTY_TRASH = """
import shutil, sys
for path in sys.argv[1:]:
    shutil.rmtree(path, ignore_errors=True)
"""


def empty_trash(trash: Path) -> tuple[subprocess.Popen[bytes] | None, list[Path]]:
    """Start deleting the old sites in ``trash`` in a child process; return it and the
    folders left alone because hubgen did not make them.

    A process, not a thread: the build forks its worker pools meanwhile, and forking a
    process that runs threads is unsafe. The caller waits for it before returning.
    """
    if not trash.is_dir() or trash.is_symlink():
        return None, []
    made = {e: is_ours(e) for e in sorted(trash.iterdir())}  # one signature check each
    ours = [str(e) for e, mine in made.items() if mine]
    foreign = [e for e, mine in made.items() if not mine]
    if not ours:
        return None, foreign
    command = [sys.executable, "-c", _EMPTY_TRASH, *ours]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL), foreign


def discard(staging: Path) -> None:
    """Delete a staging folder after a failed build."""
    shutil.rmtree(staging, ignore_errors=True)
