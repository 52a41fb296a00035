"""Search stage: the Pagefind index, run on the written site.

Pagefind covers search over http(s). Browsers block Pagefind from ``file://``; there
``static/search.js`` searches the offline index instead, written with the site's other
files (:mod:`generator.search_offline`).

The Pagefind index is built in shards: every page belongs to one shard by a hash of its
path, each shard is an index of its own in ``pagefind/<shard>/``, and ``static/search.js``
merges them at query time (Pagefind's ``mergeIndex``), listed in ``pagefind/shards.json``.
A shard whose pages did not change since the last build is not indexed again, so an edit
re-indexes about a thousand pages, not the whole site; shards are indexed side by side,
one Pagefind process per core, each with a fraction of the memory one run would need.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import site
from .errors import HubgenError
from .site.paths import lstat_kind

SHARDS_FILE = f"{site.SEARCH_DIR}/shards.json"
SHARD_PAGES = 1000
"""About this many pages per shard: an edit re-indexes one shard (1-2 s at this size)."""
BODY_MARK = b"data-pagefind-body"
"""Pagefind indexes only pages with this attribute once any page of a run has it."""
PAGEFIND_OPTIONS = ("--keep-index-url", "--silent")


@dataclass(frozen=True, slots=True)
class Shard:
    """One part of the Pagefind index: its folder name, its pages and their hash."""

    name: str
    pages: tuple[str, ...]
    """Site paths of its pages, sorted."""
    key: str
    """Hash of the pages' paths and digests and of the indexer: equal keys, equal index."""

    @property
    def folder(self) -> str:
        """The shard's folder in the site (``pagefind/03``)."""
        return f"{site.SEARCH_DIR}/{self.name}"


def shard_count(pages: int) -> int:
    """Return how many shards ``pages`` pages get: a power of two, about SHARD_PAGES each.

    A power of two, so the count (and with it every page's shard) changes only when the
    site doubles or halves.
    """
    count = 1
    while count * SHARD_PAGES < pages:
        count *= 2
    return count


def _shard_index(path: str, count: int) -> int:
    digest = hashlib.blake2b(path.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


def indexed_pages(manifest: Mapping[str, str], marked: Iterable[str]) -> list[str]:
    """Return the pages Pagefind indexes, as one run over the whole site would.

    That is every HTML file, or, when some page has ``data-pagefind-body`` (``marked``),
    only those pages: Pagefind applies the rule per run, so the build applies it for the
    whole site before splitting it into shards.
    """
    marked = sorted(marked)
    return marked or sorted(p for p in manifest if p.endswith(".html"))


def plan_shards(
    manifest: Mapping[str, str],
    marked: Iterable[str],
    version: str,
    keys: Mapping[str, str] | None = None,
) -> list[Shard]:
    """Return the shards of the site whose files (``{path: digest}``) are ``manifest``.

    A shard's key hashes its pages' ``keys`` (what each page's index entry depends on),
    falling back to the page's digest.
    """
    keys = keys or {}
    pages = indexed_pages(manifest, marked)
    count = shard_count(len(pages))
    width = max(2, len(str(count - 1)))
    groups: list[list[str]] = [[] for _ in range(count)]
    for page in pages:
        groups[_shard_index(page, count)].append(page)
    shards = []
    for i, group in enumerate(groups):
        h = hashlib.blake2b(digest_size=16)
        for part in (
            version,
            *PAGEFIND_OPTIONS,
            *(f"{p}\0{keys.get(p, manifest[p])}" for p in group),
        ):
            h.update(part.encode("utf-8") + b"\n")
        shards.append(Shard(f"{i:0{width}d}", tuple(group), h.hexdigest()))
    return shards


def shards_file(shards: Sequence[Shard]) -> bytes:
    """Return ``pagefind/shards.json``: the shard folders search.js merges."""
    body = {"shards": [s.name for s in shards if s.pages]}
    return (json.dumps(body, indent=1) + "\n").encode("ascii")


def _pagefind_command(site_dir: Path, output: Path) -> list[str]:
    site, out = str(site_dir), str(output)
    return [sys.executable, "-m", "pagefind_bin", "--site", site, "--output-path", out] + list(
        PAGEFIND_OPTIONS
    )


def pagefind_version() -> str:
    """Return the version of the Pagefind package (part of every shard's key)."""
    try:
        return importlib.metadata.version("pagefind-bin")
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def _failure(stderr: str, stdout: str) -> HubgenError:
    if "No module named pagefind_bin" in stderr:
        return HubgenError(
            "the search index needs the pagefind-bin package: "
            "pip install pagefind-bin (or build with --no-search)"
        )
    detail = (stderr or stdout).strip().splitlines()
    return HubgenError("Pagefind failed to index the site: " + " | ".join(detail[-5:]))


def run_pagefind(jobs: Sequence[tuple[Path, Path]], parallel: int) -> None:
    """Run Pagefind once per (pages folder, output folder), ``parallel`` runs at a time."""
    pending = list(jobs)
    running: list[subprocess.Popen[str]] = []
    try:
        while pending or running:
            while pending and len(running) < max(1, parallel):
                site_dir, output = pending.pop(0)
                try:
                    running.append(
                        subprocess.Popen(
                            _pagefind_command(site_dir, output),
                            stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL,
                            text=True,
                        )
                    )
                except OSError as exc:
                    raise HubgenError(f"could not run Pagefind ({exc}); reinstall hubgen") from None
            proc = running.pop(0)
            stdout, stderr = proc.communicate()
            if proc.returncode != 0:
                raise _failure(stderr or "", stdout or "")
    finally:
        for proc in running:
            proc.kill()
            proc.wait()


def index_site(
    staged: site.Staged,
    marked: Iterable[str],
    keys: Mapping[str, str],
    previous: Mapping[str, str],
    parallel: int,
) -> tuple[dict[str, str], list[str]]:
    """Index the staged site's pages, shard by shard, into its staging folder.

    ``keys`` are the pages' search keys (see :func:`plan_shards`). ``previous`` holds the
    shard keys of the last build's index; a shard with the same key whose folder the site
    still holds is kept, not indexed again. Returns the keys of every shard (for the next
    build) and the names of the shards indexed now.
    """
    version = pagefind_version()
    shards = [s for s in plan_shards(staged.manifest, marked, version, keys) if s.pages]
    live = staged.out / site.SEARCH_DIR
    keep: list[str] = []
    todo: list[Shard] = []
    for shard in shards:
        entry = live / shard.name / "pagefind-entry.json"
        real = lstat_kind(live) == lstat_kind(live / shard.name) == "dir"
        if previous.get(shard.name) == shard.key and real and lstat_kind(entry) == "file":
            keep.append(shard.folder)
        else:
            todo.append(shard)
    scratches: list[Path] = []
    try:
        jobs = []
        for shard in todo:
            pages = {p: site.staged_or_live(staged, p) for p in shard.pages}
            scratches.append(site.scratch_tree(staged.out, pages))
            jobs.append((scratches[-1], staged.path / shard.folder))
            staged.search_dirs.append(shard.folder)
        run_pagefind(jobs, parallel)
    finally:
        for scratch in scratches:
            site.discard(scratch)
    site.stage_search(staged, keep, {SHARDS_FILE: shards_file(shards)})
    return {s.name: s.key for s in shards}, [s.name for s in todo]
