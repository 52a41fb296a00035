"""Every key of the build cache, built here and nowhere else.

A key is a hash of everything a cached value depends on, so a stale entry is never found
rather than ever used. None depends on where the project lies or on the working
directory: paths in keys are relative to the content folder or the site.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__

if TYPE_CHECKING:
    from ..derive import DerivedHub
    from ..scan import RecordFile

FORMAT = "8"
"""Bumped when the layout of anything cached changes."""
SHAPING = ("jinja2", "markdown-it-py", "pyyaml", "markupsafe", "pagefind-bin")
"""Packages whose versions shape the output."""


def hash_parts(*parts: str | bytes) -> str:
    """Return a hex digest of the given parts (each length-prefixed, so they cannot blur)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _version(dist: str) -> str:
    try:
        return f"{dist}=={importlib.metadata.version(dist)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{dist}: missing"


@lru_cache(maxsize=1)
def code_key() -> str:
    """Return a hash of hubgen's sources, the packages that shape its output and the
    installed plugins with their versions (a change of any is a miss)."""
    from ..plugins import plugin_versions  # the plugins import the pipeline, not the reverse

    package = Path(__file__).resolve().parent.parent
    parts: list[str | bytes] = [FORMAT, __version__, *map(_version, SHAPING)]
    parts += plugin_versions()
    for path in sorted(package.rglob("*.py")):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return hash_parts(*parts)


def tree_key(dirs: Iterable[Path | None]) -> str:
    """Return a hash of the names and bytes of every file below the given folders."""
    parts: list[str | bytes] = []
    for base in dirs:
        if base is None or not base.is_dir():
            parts.append("-")
            continue
        parts.append("+")  # a folder's place in the list, not where it lies
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                parts += [path.relative_to(base).as_posix(), path.read_bytes()]
    return hash_parts(*parts)


def record_key(vocabularies: str, src: str, digest: str) -> str:
    """Return the key of one record file's outcome: its path in the content folder, its
    bytes' digest, the vocabularies it is checked against, and the code."""
    return hash_parts(code_key(), vocabularies, src, digest)


def input_key(
    settings: bytes, templates: str, options: Sequence[object], files: Iterable[RecordFile]
) -> str:
    """Return the hash of every input of a build: settings, templates, the options that
    shape the output, each record file's path and digest, and the code."""
    parts: list[str | bytes] = [code_key(), settings, templates, repr(tuple(options))]
    for f in files:
        parts += [os.fsencode(f.src), f.digest or "unread"]  # a name need not be UTF-8
    return hash_parts(*parts)


def render_key(templates: str, config: object) -> str:
    """Return the hash of what every page depends on: code, templates and settings."""
    return hash_parts(code_key(), templates, repr(config))


def derived_text(view: DerivedHub) -> str:
    """Return an unambiguous text of what derive found about a hub: every field of its
    co-cited works and its citation slugs. It changes whenever any of them does.

    It goes into the hub's page key, so it is built for speed: the values joined by NUL,
    after how many there are, which is unambiguous as long as no value holds a NUL
    (counted; if one does, ``repr`` instead). ``repr`` alone, even of plain tuples, is
    several times slower: it escapes every character.
    """
    works, slugs = view.cocited, view.citation_slugs
    texts = [
        f"{w.title}\0{w.id}\0{w.slug}\0{w.url}\0{w.shared} {w.curated}\0{w.note}" for w in works
    ]
    texts += slugs
    text = "\0".join(texts)
    if text.count("\0") == 5 * len(works) + max(len(texts) - 1, 0):
        return f"{len(works)} {len(slugs)}\0{text}"  # starts with a digit
    fields = [(w.title, w.id, w.slug, w.url, w.shared, w.curated, w.note) for w in works]
    return repr((fields, slugs))  # starts with "("


def page_key(common: str, view: DerivedHub) -> str:
    """Return the hash of everything one hub's files depend on (``common``: render_key)."""
    hub = view.hub
    return hash_parts(common, hub.src_path, hub.digest, derived_text(view))


def search_key(common: str, view: DerivedHub) -> str:
    """Return the hash of what one hub's search document depends on: its record alone
    (``common``: render_key without templates; documents use no template)."""
    hub = view.hub
    return hash_parts(common, hub.src_path, hub.digest)
