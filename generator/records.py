"""Record files → validated Hubs, one file at a time, in parallel and through the cache.

Everything about one record (read, parse, validate against the schema, model) depends on
that file alone plus the vocabularies, so it is done per file in worker processes and its
outcome is cached by the file's bytes. Checks across records (unique ids and slugs) run
afterwards over the outcomes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .cache import BuildCache, code_fingerprint, hash_parts
from .config import SiteConfig
from .derive import HubFacts, hub_facts
from .errors import Problem
from .load import MAX_FILE_BYTES, RawRecord, find_record_files, load_record, record_bytes
from .model import Citations, Hub, build_hub, constructor_reduce, effective_slug
from .parallel import map_items
from .validate import validate_record, validate_unique

Stamp = tuple[int, int, int, int]
"""What ``stat`` says of a file: size, mtime and ctime in nanoseconds, inode."""

TRUST_AFTER_NS = 2_000_000_000
"""A file's stamp vouches for its bytes only once it is this much older than the scan that
hashed it: an edit in the same clock tick (or within a coarse filesystem's 2 s) as that
scan could otherwise keep size and times, and would go unseen."""


@dataclass(frozen=True, slots=True)
class RecordFile:
    """One record file found under ``content/hubs``, with the key of its cache entry."""

    path: Path
    key: str
    """Hash of the file's bytes, its paths, the vocabularies and the code ('' = never cached)."""
    stamp: Stamp | None = None
    digest: str = ""
    """Hash of the file's bytes alone (with ``stamp``, what the next scan may trust)."""
    src: str = ""
    """Its path relative to the content directory, as the OS spells it."""


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    """What reading, validating and modelling one record file gave."""

    __reduce__ = constructor_reduce  # 10,000 of them are loaded from the cache per build

    load_problem: Problem | None
    """Why the file could not be parsed into a record (then nothing else is set)."""
    problems: tuple[Problem, ...]
    """The record's own validation problems, errors and warnings."""
    hub: Hub | None
    """The model, when the record has no errors."""
    id: str | None
    """The record's id as written, for the uniqueness check."""
    slug: str
    """The slug it will be written under ('' when it has none)."""
    facts: HubFacts | None = None
    """What derive needs of the hub's citing papers (with ``hub``)."""


def record_slug(raw: RawRecord) -> str:
    """Return the slug a record will be written under ('' when it has none)."""
    return effective_slug(raw.data)


def _stamp(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def scan(
    content_dir: Path, config: SiteConfig, known: Mapping[str, tuple[Stamp, str]] | None = None
) -> list[RecordFile]:
    """Return every record file with its cache key.

    A file is read and hashed unless ``known`` (the stamps and digests the last build
    saved, see :func:`trusted_stamps`) holds its current stamp, as git's index does.
    """
    # Messages show paths relative to the working directory, so that is part of the key.
    common = (
        code_fingerprint(),
        repr((config.roles, config.polarities, config.labels)),
        str(Path.cwd()),
    )
    known = known or {}
    base = str(content_dir)
    prefix = os.path.join(base, "")  # the walk yields paths below it: cut, not relpath
    files = []
    for path in find_record_files(content_dir):
        key = digest = ""
        stamp = None
        text = str(path)
        src = text[len(prefix) :] if text.startswith(prefix) else os.path.relpath(path, base)
        try:
            stamp = _stamp(path.lstat())  # the entry's own: a link is refused, not followed
            if stamp[0] <= MAX_FILE_BYTES:
                seen = known.get(src)
                digest = seen[1] if seen is not None and seen[0] == stamp else ""
                if not digest:
                    stamp, digest = _hash_file(content_dir, src, path)
                key = hash_parts(*common, base, src, digest)
        except OSError:
            pass  # unreadable: load_record reports it, and it is never cached
        files.append(RecordFile(path, key, stamp, digest, src))
    return files


def _hash_file(content_dir: Path, src: str, path: Path) -> tuple[Stamp | None, str]:
    """Return the stamp and digest of one read of the record file ``src``.

    The stamp is None (not to be trusted next time) when the file changed while it was
    read: an editor saving in place.
    """
    before = _stamp(os.lstat(path))
    data = record_bytes(content_dir, src)
    after = _stamp(os.lstat(path))
    return (before if before == after else None), bytes_digest(data)


def bytes_digest(data: bytes) -> str:
    """Return the digest of a record file's bytes (as the load stage computes it too)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def trusted_stamps(files: list[RecordFile], scanned_ns: int) -> dict[str, tuple[Stamp, str]]:
    """Return the stamps of ``files`` the next scan may trust (see ``TRUST_AFTER_NS``)."""
    return {
        f.src: (f.stamp, f.digest)
        for f in files
        if f.stamp is not None and f.digest and f.stamp[1] < scanned_ns - TRUST_AFTER_NS
    }


def process_record(state: tuple[Path, SiteConfig], path: Path) -> tuple[str, bytes]:
    """Return the digest of the bytes read and the pickled RecordOutcome made from them
    (runs in a worker process). The digest is '' when the file could not be parsed."""
    content_dir, config = state
    loaded = load_record(path, content_dir)
    digest = ""
    if isinstance(loaded, Problem):
        outcome = RecordOutcome(loaded, (), None, None, "")
    else:
        digest = loaded.digest.hex()
        problems = tuple(validate_record(loaded, config))
        hub = facts = None
        if not any(p.level == "error" for p in problems):
            hub = build_hub(loaded)
            facts = hub_facts(hub, config)
            # Cached (and sent to the parent) with its citing papers as bytes: decoded
            # only where used (see model.Citations).
            hub = dataclasses.replace(hub, citations=Citations.of(hub.citations))
        raw_id = loaded.data.get("id")
        outcome = RecordOutcome(
            None,
            problems,
            hub,
            raw_id if isinstance(raw_id, str) else None,
            record_slug(loaded),
            facts,
        )
    return digest, pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)


def _state(content_dir: Path, config: SiteConfig) -> tuple[Path, SiteConfig]:
    return content_dir, config


def load_outcomes(
    content_dir: Path, config: SiteConfig, files: list[RecordFile], cache: BuildCache | None
) -> tuple[list[RecordOutcome], list[Path]]:
    """Return the outcome of every file, from the cache where it holds one, and the files
    that changed between the scan and their parsing.

    A file parsed here is cached only under the key of the very bytes it was parsed
    from; one saved meanwhile (an editor writing it in place) is not cached at all, and
    the build that read it does not count as a build of the scanned content.
    """
    found: dict[int, bytes] = {}
    if cache is not None:
        for i, f in enumerate(files):
            data = cache.record(f.key) if f.key else None
            if data is not None:
                found[i] = data
    missing = [i for i in range(len(files)) if i not in found]
    paths = [files[i].path for i in missing]
    made = map_items(process_record, paths, _state, (content_dir, config))
    changed: list[Path] = []
    for i, (digest, data) in zip(missing, made, strict=True):
        found[i] = data
        if digest != files[i].digest:  # saved since the scan: what was parsed is newer
            changed.append(files[i].path)
        elif cache is not None and files[i].key:  # key and outcome from the same bytes
            cache.put_record(files[i].key, data)
    if cache is not None:
        cache.prune_records({f.key for f in files if f.key})
    return [pickle.loads(found[i]) for i in range(len(files))], changed


def unique_problems(
    content_dir: Path, files: list[RecordFile], outcomes: list[RecordOutcome]
) -> list[Problem]:
    """Return problems for ids and slugs shared by several records (naming both files)."""
    ids: dict[str, int] = {}
    slugs: dict[str, int] = {}
    for o in outcomes:
        if o.load_problem is None:
            if o.id is not None:
                ids[o.id] = ids.get(o.id, 0) + 1
            if o.slug:  # casefolded: Foo and foo are one folder on macOS and Windows
                slugs[o.slug.casefold()] = slugs.get(o.slug.casefold(), 0) + 1
    clashing = [
        f.path
        for f, o in zip(files, outcomes, strict=True)
        if o.load_problem is None
        and ((o.id is not None and ids[o.id] > 1) or (o.slug and slugs[o.slug.casefold()] > 1))
    ]
    if not clashing:
        return []
    # Rare: re-read just the clashing files, so messages can point at lines.
    raws = [r for r in (load_record(p, content_dir) for p in clashing) if isinstance(r, RawRecord)]
    return validate_unique(raws, {r.src_path: record_slug(r) for r in raws})
