"""The build cache in ``.hubgen-cache/`` next to the content directory.

Five things are kept, each keyed by a hash of everything it depends on, so a stale entry
is never found rather than ever used:

- ``records/``: per record file, the validated Hub and its problems (pickled), keyed by
  the file's bytes, its path, the vocabularies it is validated against and the code.
- ``pages.pickle``: per hub, the key of its page inputs and the digests of the files it
  produced; an unchanged key whose files the previous site still holds is not rendered.
- ``state.pickle``: the hash of every input of the last successful build and the digest of
  the manifest it wrote, for the no-change fast path.
- ``shards.pickle``: the key of every shard of the last Pagefind index, so that a shard
  whose pages did not change is taken over instead of indexed again.
- ``stamps.pickle``: per record file, its size, times and inode with the hash of its bytes,
  so that the next scan reads only files whose stamp changed (as git's index does).

Pickled entries are signed with a secret kept in the user's own cache directory (not the
project), and an entry whose signature does not check out is a miss: a ``.hubgen-cache/``
committed to a repository can never make a build unpickle someone else's data.

Any unreadable entry counts as a miss. ``hubgen build --clean`` reads nothing from the
cache (and refreshes it).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..plainfiles import read_regular, write_atomic
from ..scan import RecordFile
from ..scan import Stamp as Stamp4
from ..signing import sign, unsign
from ..site import Stamp
from ..site.paths import is_site_path, lstat_kind
from .keys import FORMAT

CACHE_DIR = ".hubgen-cache"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)


@dataclass(frozen=True, slots=True)
class PageEntry:
    """What one hub's files were made from, and their digests."""

    key: str
    """The hub's page key (keys.page_key): what its files were made from."""
    files: dict[str, str]
    """``{path: digest}`` of its files."""
    stamps: dict[str, Stamp] = field(default_factory=dict)
    """Size and modification time of each file as written: a file whose stamp differs
    was touched since, and is rendered again rather than believed."""
    search: bytes = b""
    """The hub's offline search record (search.records.record_bytes): the next build
    changes the offline index where it differs from the hub's new one."""


@dataclass(slots=True)
class BuildState:
    """The last successful build: its input hash, its manifest's digest, what it reported."""

    inputs: str
    manifest: str
    hubs: int
    warnings: list[Any] = field(default_factory=list)
    listing: str = ""
    """Hash of every entry of the site with its kind, size and modification time: a
    no-change build is skipped only when the site is exactly as this build left it."""


MAX_ENTRY_BYTES = 1 << 30
"""No file of the cache is read past this (a link to /dev/zero would never end)."""
SIGNED_FILES = ("pages.pickle", "state.pickle", "shards.pickle", "stamps.pickle")


class Store:
    """The cache of one content directory; every read tolerates a missing or broken file."""

    def __init__(self, content_dir: Path, read: bool = True) -> None:
        self.root = content_dir.resolve().parent / CACHE_DIR
        self.records_dir = self.root / "records"
        self.records_path = str(self.records_dir)
        self.read = read
        """False for ``--clean``: nothing is taken from the cache, but it is refreshed."""

    @property
    def trash(self) -> Path:
        """Where old sites wait to be deleted by the next build (see generator.site)."""
        return self.root / "trash"

    def save_build(
        self,
        pages: Mapping[str, PageEntry],
        shards: dict[str, tuple[str, str]] | None,
        state: BuildState,
    ) -> None:
        """Record a build that succeeded: its page entries, its search shards (None: it
        built none, the last ones stay), its state for the no-change check."""
        self.save_pages(pages)
        if shards is not None:
            self.save_shards(shards)
        self.save_state(state)

    # --- records -------------------------------------------------------------------------

    def record(self, key: str) -> bytes | None:
        """Return the pickled RecordOutcome stored under ``key``, or None."""
        if not self.read:
            return None
        # A planted link is a miss; a planted pipe does not block the open.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:  # plain strings: this runs for every record of the site
            fd = os.open(os.path.join(self.records_path, key[:2], key), flags)
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as handle:
                blob = handle.read(MAX_ENTRY_BYTES + 1)
        except OSError:  # a folder, a device: a miss
            return None
        return unsign(blob) if len(blob) <= MAX_ENTRY_BYTES else None

    def put_record(self, key: str, data: bytes) -> None:
        """Store a pickled RecordOutcome under ``key``."""
        if lstat_kind(self.records_dir / key[:2]) not in ("dir", "missing"):
            return  # something planted where the entry's folder goes: do not cache
        _write_atomic(self.records_dir / key[:2] / key, sign(data))

    def prune_records(self, keep: set[str]) -> None:
        """Delete record entries not in ``keep`` (so the cache does not grow forever).

        Only regular files in real folders: a link planted in the cache is never followed.
        """
        if lstat_kind(self.records_dir) != "dir":
            return
        for sub in self.records_dir.iterdir():
            if lstat_kind(sub) != "dir":
                continue
            for entry in sub.iterdir():
                if entry.name not in keep and lstat_kind(entry) == "file":
                    entry.unlink(missing_ok=True)

    def check(self) -> None:
        """Refuse a cache whose files are not files (before the build touches the site).

        A build writes these after the new site is in place; finding out only then would
        leave a finished site and a failed build.
        """
        expected = {".": "dir", "records": "dir", "trash": "dir"}
        expected.update({name: "file" for name in SIGNED_FILES})
        for name, kind in expected.items():
            path = self.root / name if name != "." else self.root
            found = lstat_kind(path)
            if found not in (kind, "missing"):
                what = {"dir": "a folder", "file": "a file", "link": "a symbolic link"}
                raise OutputError(
                    f"{path}: expected {what[kind]} of the build cache, found "
                    f"{what.get(found, 'something else')}; remove it (or the whole "
                    f"{CACHE_DIR} folder) and build again"
                )

    # --- pages ---------------------------------------------------------------------------

    def pages(self) -> dict[str, PageEntry]:
        """Return the page entries of the last build, by hub slug."""
        pages = self.load("pages.pickle")
        if not isinstance(pages, dict):
            return {}
        try:
            entries = {slug: PageEntry(*entry) for slug, entry in pages.items()}
        except TypeError:  # another layout: a miss
            return {}
        # Signed by us, yet joined to the site's folder: a path must stay inside it.
        return {
            slug: e
            for slug, e in entries.items()
            if all(is_site_path(rel) for rel in e.files) and e.stamps.keys() == e.files.keys()
        }

    def save_pages(self, pages: Mapping[str, PageEntry]) -> None:
        """Replace the page entries (plain tuples: 10,000 of them load in milliseconds)."""
        rows = {slug: (e.key, e.files, e.stamps, e.search) for slug, e in pages.items()}
        self.save("pages.pickle", rows)

    # --- signed pickles: the last build's state, the record files' stamps -----------------

    def load(self, name: str) -> Any:
        """Return the value kept as ``name`` (a plain file name), or None (missing, broken
        or foreign)."""
        if not self.read:
            return None
        blob = read_regular(self.root / name, MAX_ENTRY_BYTES)  # no link, no device
        try:
            data = None if blob is None else unsign(blob)
            found = None if data is None else pickle.loads(data)
        except Exception:  # a broken or foreign file is simply a miss
            return None
        # Each file carries the cache's format: another hubgen's layout is a miss.
        if isinstance(found, tuple) and len(found) == 2 and found[0] == FORMAT:
            return found[1]
        return None

    def save(self, name: str, value: Any) -> None:
        """Keep ``value`` as ``name`` (a plain file name), signed."""
        data = pickle.dumps((FORMAT, value), pickle.HIGHEST_PROTOCOL)
        _write_atomic(self.root / name, sign(data))

    def state(self) -> BuildState | None:
        """Return the state of the last successful build, or None."""
        state = self.load("state.pickle")
        return state if isinstance(state, BuildState) else None

    def save_state(self, state: BuildState) -> None:
        """Record a successful build."""
        self.save("state.pickle", state)

    def shards(self) -> dict[str, tuple[str, str]]:
        """Return ``{shard name: (key, folder digest)}`` of the last build's search index."""
        shards = self.load("shards.pickle")
        return shards if isinstance(shards, dict) else {}

    def save_shards(self, shards: dict[str, tuple[str, str]]) -> None:
        """Keep the keys of the search index's shards (see search.plan_shards)."""
        self.save("shards.pickle", shards)

    def stamps(self) -> dict[str, tuple[Stamp4, str]]:
        """Return ``{record path: (stat stamp, digest)}`` saved by the last build."""
        stamps = self.load("stamps.pickle")
        return stamps if isinstance(stamps, dict) else {}

    def keep_stamps(
        self, files: Iterable[RecordFile], scanned_ns: int, known: dict[str, tuple[Stamp4, str]]
    ) -> None:
        """Keep the stamps of the record files the next scan may trust (unless they are
        ``known`` already), so that it reads only changed files."""
        stamps = trusted_stamps(files, scanned_ns)
        if stamps != known:
            self.save("stamps.pickle", stamps)


TRUST_AFTER_NS = 2_000_000_000
"""A file's stamp vouches for its bytes only once it is this much older than the scan that
hashed it: an edit in the same clock tick (or within a coarse filesystem's 2 s) as that
scan could otherwise keep size and times, and would go unseen."""


def trusted_stamps(files: Iterable[RecordFile], scanned_ns: int) -> dict[str, tuple[Stamp4, str]]:
    """Return the stamps of ``files`` the next scan may trust (see ``TRUST_AFTER_NS``)."""
    return {
        f.src: (f.stamp, f.digest)
        for f in files
        if f.stamp is not None and f.digest and f.stamp[1] < scanned_ns - TRUST_AFTER_NS
    }
