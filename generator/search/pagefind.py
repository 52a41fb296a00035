"""The online search index: Pagefind, run over one small document per hub.

Pagefind covers search over http(s); browsers block it from ``file://``, where
``static/search.js`` searches the offline index instead (:mod:`.offline`). Both index the
same text: each hub's title and what :func:`.records.hub_search_text` gives (authors,
venue, abstract, notes, claims, citing papers' titles and summaries), so the two agree,
and Pagefind reads a few kilobytes per hub instead of the hub's whole page.

The index is built in shards: every hub belongs to one shard by a hash of its page path,
each shard is an index of its own in ``pagefind/<shard>/``, and ``static/search.js``
merges them at query time (Pagefind's ``mergeIndex``), listed in ``pagefind/shards.json``.
A shard whose hubs' documents did not change since the last build is kept, so an edit
re-indexes one shard, not the whole site; shards are indexed side by side, one Pagefind
process per core.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..derive import DerivedHub
from ..errors import HubgenError
from ..site.paths import SEARCH_DIR
from .records import hub_search_text

SHARDS_FILE = f"{SEARCH_DIR}/shards.json"
SHARD_PAGES = 600
"""How many pages a shard holds at most on average (at least half as many, once there
are two; a page's shard is a hash of its path, so one shard may hold a few more).
Pagefind takes about 1.5 ms a page, and an edit re-indexes the edited page's shard; a
query reads from every shard. At 10,000 hubs (32 shards of about 310 pages) an edit's
shard takes 0.6-0.7 s, and the first result online comes in 1.35-1.75 s (162 requests),
against 1.0-1.2 s and 1.27 s with 16 shards, and 2.95-3.33 s for one index of every page.
2,000 hubs get 4 shards (benchmarks/README.md)."""
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
"""What Pagefind writes into every index for its own search interfaces, which
``static/search.js`` does not load: 417 KB a shard, 6.7 MB of a 10,000-hub site."""
PAGEFIND_OPTIONS = ("--keep-index-url", "--silent")


@dataclass(frozen=True, slots=True)
class Shard:
    """One part of the Pagefind index: its folder name, its pages and their hash."""

    name: str
    pages: tuple[str, ...]
    """Site paths of its hubs' pages, sorted."""
    key: str
    """Hash of its pages' search keys and of the indexer: equal keys, equal index."""

    @property
    def folder(self) -> str:
        """The shard's folder in the site (``pagefind/03``)."""
        return f"{SEARCH_DIR}/{self.name}"


@dataclass(frozen=True, slots=True)
class ShardPlan:
    """Which shards to index now and which to keep from the last build."""

    shards: list[Shard]
    todo: list[Shard]
    keep: list[str]
    """Folders of the previous site's index taken over as they are."""

    def recorded(self, digest_of: Callable[[str], str | None]) -> dict[str, tuple[str, str]]:
        """Return ``{shard name: (key, digest of its folder)}``, for the next build."""
        return {s.name: (s.key, digest_of(s.folder) or "") for s in self.shards}


def shard_count(pages: int) -> int:
    """Return how many shards ``pages`` pages get: a power of two, with SHARD_PAGES pages
    a shard at most on average.

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


def plan_shards(keys: Mapping[str, str], version: str) -> list[Shard]:
    """Return the shards of the hub pages ``keys`` (``{page path: search key}``)."""
    pages = sorted(keys)
    count = shard_count(len(pages))
    width = max(2, len(str(count - 1)))
    groups: list[list[str]] = [[] for _ in range(count)]
    for page in pages:
        groups[_shard_index(page, count)].append(page)
    shards = []
    for i, group in enumerate(groups):
        h = hashlib.blake2b(digest_size=16)
        made = (version, *PAGEFIND_OPTIONS, *UNUSED_FILES)  # how the folder is made
        for part in (*made, *(f"{p}\0{keys[p]}" for p in group)):
            h.update(part.encode("utf-8") + b"\n")
        shards.append(Shard(f"{i:0{width}d}", tuple(group), h.hexdigest()))
    return [s for s in shards if s.pages]


def plan(
    keys: Mapping[str, str],
    previous: Mapping[str, tuple[str, str]],
    digest_of: Callable[[str], str | None],
) -> ShardPlan:
    """Return the shard plan: ``previous`` holds the last build's shards, ``{name: (key,
    digest of its folder)}``; ``digest_of(folder)`` gives the site's folder as it is now.
    A shard is kept when its key is the same and its folder untouched since."""
    shards = plan_shards(keys, pagefind_version())
    keep = [s.folder for s in shards if previous.get(s.name) == (s.key, digest_of(s.folder))]
    todo = [s for s in shards if s.folder not in keep]
    return ShardPlan(shards, todo, keep)


def shards_file(shards: Sequence[Shard]) -> bytes:
    """Return ``pagefind/shards.json``: the shard folders search.js merges."""
    body = {"shards": [s.name for s in shards]}  # plan_shards makes no empty one
    return (json.dumps(body, indent=1) + "\n").encode("ascii")


def document(view: DerivedHub, language: str, text: str | None = None) -> bytes:
    """Return the HTML Pagefind indexes for one hub: its title, filters and text
    (``text``: its :func:`hub_search_text`, when the caller has it already)."""
    hub, summary = view.hub, view.summary
    filters = [("label", summary.label)]
    filters += [("role", r.name) for r in summary.roles if r.count]
    filters += [("polarity", p.name) for p in summary.polarities if p.count]
    title = html.escape(hub.title)
    tags = "".join(
        f'<span data-pagefind-filter="{html.escape(f"{k}:{v}")}"></span>' for k, v in filters
    )
    return (
        f'<!doctype html>\n<html lang="{html.escape(language)}"><head><meta charset="utf-8">'
        f"<title>{title}</title></head>\n<body data-pagefind-body>\n"
        f'<h1 data-pagefind-meta="title">{title}</h1>{tags}\n'
        f"<p>{html.escape(hub_search_text(view) if text is None else text)}</p>\n</body></html>\n"
    ).encode()


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


def index(
    todo: Iterable[Shard],
    documents: Callable[[Shard], Mapping[str, bytes]],
    working_folder: Callable[[], Path],
    parallel: int,
) -> dict[str, Path]:
    """Index the shards ``todo``; return ``{shard folder in the site: built folder}``.

    ``documents(shard)`` gives its hubs' documents by page path; ``working_folder()`` a
    fresh folder next to the site (its owner removes it).
    """
    jobs = []
    built: dict[str, Path] = {}
    for shard in todo:
        pages = working_folder()
        for path, data in documents(shard).items():
            target = pages / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        output = working_folder() / "index"
        jobs.append((pages, output))
        built[shard.folder] = output
    run_pagefind(jobs, parallel)
    for folder in built.values():
        for name in UNUSED_FILES:
            (folder / name).unlink(missing_ok=True)  # in our own working folder
    return built
