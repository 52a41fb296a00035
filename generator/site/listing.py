"""A digest of a site folder as it stands: every entry, its kind, size and mtime."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Listing:
    """What a walk of the site found."""

    digest: str
    """Hash of every entry's path, kind, size and modification time ('' when no site)."""
    links: tuple[str, ...]
    """Symbolic links in the site (hubgen never makes one)."""


def site_listing(out: Path) -> Listing:
    """Walk the site ``out`` without following links; return its :class:`Listing`.

    A build that finds the listing its predecessor recorded knows no file was touched,
    added, replaced by a link or deleted since (as ``git status`` trusts its index).
    """
    if not out.is_dir() or out.is_symlink():
        return Listing("", ())
    h = hashlib.blake2b(digest_size=16)
    links: list[str] = []
    pending = [("", os.fspath(out))]
    while pending:
        prefix, folder = pending.pop()
        try:
            entries = os.scandir(folder)
        except OSError:  # a folder removed meanwhile (a build running): not as left
            return Listing("changed", tuple(links))
        with entries:
            for entry in sorted(entries, key=lambda e: e.name):
                rel = prefix + entry.name
                st = entry.stat(follow_symlinks=False)
                kind = "d" if stat.S_ISDIR(st.st_mode) else "f"
                if stat.S_ISLNK(st.st_mode):
                    kind = "l"
                    links.append(rel)
                elif kind == "d":
                    pending.append((rel + "/", entry.path))
                elif not stat.S_ISREG(st.st_mode):
                    kind = "o"
                # A folder by its name alone: its times change when a build links a copy.
                times = "" if kind == "d" else f"{st.st_size}\0{st.st_mtime_ns}"
                h.update(f"{rel}\0{kind}\0{times}\n".encode())
    return Listing(h.hexdigest(), tuple(sorted(links)))
