"""Working folders hubgen made: marked with their signed name, recognised by it.

A folder next to the site named like a staging folder, or one in the cache's trash, is
acted on (rolled back, deleted) only when its marker holds the signature of its own name
made with this user's secret (:mod:`generator.signing`). A planted folder, or one copied
from elsewhere, never verifies: it is left alone and reported.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from ..plainfiles import read_regular, write_atomic
from ..signing import token, token_matches
from .paths import STAGE_MARKER, STAGE_PREFIX

PURPOSE = "working-folder"


def mark_ours(folder: Path, name: str | None = None) -> None:
    """Write the marker that proves ``folder`` is hubgen's: the signature of its name (or
    of ``name``, the name it is about to take).

    Written beside and renamed over whatever is there: a rename replaces a link planted
    in its place, it never writes through it.
    """
    # The .hubgen- prefix: a temporary file left by a kill is never taken for a site file.
    write_atomic(folder / STAGE_MARKER, token(PURPOSE, name or folder.name), ".hubgen-marker-")


def is_ours(folder: Path) -> bool:
    """True when ``folder`` is a real folder whose marker signs its own name."""
    found = read_regular(folder / STAGE_MARKER, 256)
    return (
        found is not None and not folder.is_symlink() and token_matches(PURPOSE, folder.name, found)
    )


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
    for entry in sorted(parent.iterdir()):  # not glob: a site's name may hold [ or *
        if name.fullmatch(entry.name):
            (ours if is_ours(entry) else foreign).append(entry)
    return ours, foreign
