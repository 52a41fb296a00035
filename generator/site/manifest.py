"""The site's manifest (``.hubgen-build``): every file hubgen wrote, with its hash.

It is read back by the next build, so it is untrusted input: entries whose path could
leave the site, or whose hash is malformed, are dropped (and reported); a manifest that
is not a regular file, is too large or is not JSON counts as none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..digests import file_digest
from ..plainfiles import read_regular
from .paths import MARKER, is_site_path

MAX_MANIFEST_BYTES = 256 * 1024 * 1024
_DIGEST = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True, slots=True)
class Manifest:
    """The manifest of the site in place, as far as it can be believed."""

    files: dict[str, str]
    """``{path: digest}`` of the files it lists whose paths and digests are well-formed."""
    digest: str = ""
    """Hash of the manifest file's bytes ('' when there is none): the build cache records
    the one it wrote, and a match vouches for every entry (see :mod:`.stage`)."""
    dropped: tuple[str, ...] = ()
    """Entries it listed that no site can hold (``../x``, ``/etc/x``): never acted on."""


def read_manifest(out: Path) -> Manifest:
    """Return the manifest of the site ``out`` (no files when there is none)."""
    data = read_regular(out / MARKER, MAX_MANIFEST_BYTES)
    if data is None:
        return Manifest({})
    try:
        body = json.loads(data.decode("utf-8"))
    except ValueError:
        return Manifest({}, file_digest(data))
    files = body.get("files") if isinstance(body, dict) else None
    if not isinstance(files, dict):
        return Manifest({}, file_digest(data))
    good = {
        rel: digest
        for rel, digest in files.items()
        if is_site_path(rel) and isinstance(digest, str) and _DIGEST.fullmatch(digest)
    }
    dropped = tuple(sorted(str(rel) for rel in files if rel not in good))
    return Manifest(good, file_digest(data), dropped)


def manifest_bytes(files: Mapping[str, str]) -> bytes:
    """Return the manifest file: one file per line, written by the C encoder (``indent``
    would switch ``json`` to its pure-Python one: 0.2 s for 70,000 files)."""
    body = {"files": dict(files), "generator": "hubgen"}
    return (json.dumps(body, sort_keys=True, separators=(",\n", ": ")) + "\n").encode("utf-8")
