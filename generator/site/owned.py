"""Working folders hubgen made: marked with their signed name, recognised by it.

A folder next to the site named like a staging folder, or one in the cache's trash, is
acted on (rolled back, deleted) only when its marker holds the signature of its own name
made with this user's secret (:mod:`generator.signing`). A planted folder, or one copied
from elsewhere, never verifies: it is left alone and reported.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ..signing import token, token_matches
from .paths import STAGE_MARKER, STAGE_PREFIX

PURPOSE = "working-folder"


def mark_ours(folder: Path) -> None:
    """Write the marker that proves ``folder`` is hubgen's (its signed name)."""
    (folder / STAGE_MARKER).write_bytes(token(PURPOSE, folder.name))


def is_ours(folder: Path) -> bool:
    """True when ``folder`` is a real folder whose marker signs its own name."""
    try:
        fd = os.open(folder / STAGE_MARKER, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        found = os.read(fd, 256)
    finally:
        os.close(fd)
    return not folder.is_symlink() and token_matches(PURPOSE, folder.name, found)


def make_working_folder(out: Path) -> Path:
    """Create a marked working folder next to the site ``out``; return it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{out.name}-", dir=out.parent))
    mark_ours(folder)
    return folder


def working_folders(out: Path) -> tuple[list[Path], list[Path]]:
    """Return (ours, foreign): folders next to ``out`` named like its working folders."""
    parent = out.parent
    ours: list[Path] = []
    foreign: list[Path] = []
    if not parent.is_dir():
        return ours, foreign
    # mkdtemp adds 8 characters: a folder of site "site-2" never matches site "site".
    name = re.compile(re.escape(f"{STAGE_PREFIX}{out.name}-") + r"[a-z0-9_]{8}(?:-old)?")
    for entry in sorted(parent.glob(f"{STAGE_PREFIX}{out.name}-*")):
        if name.fullmatch(entry.name):
            (ours if is_ours(entry) else foreign).append(entry)
    return ours, foreign
