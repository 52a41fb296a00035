"""The render stage with the cache: only hubs whose inputs changed are rendered.

A hub's files depend on its record, on what derive found about it across the corpus
(co-cited works, which of its citing papers are hubs), on the templates, the settings and
hubgen itself. Their hash is the hub's page key. When the key is the one of the last build
and the previous site still holds the files it produced, those files are taken over
unchanged (hard-linked by the writer) instead of being rendered again.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import BuildCache, PageEntry, code_fingerprint, hash_parts, tree_fingerprint
from .derive import Corpus, HubView
from .parallel import map_items
from .render import Renderer, default_templates_dir
from .search import BODY_MARK
from .search_offline import IndexedHub, Reader
from .search_records import hub_record, record_bytes
from .site import Manifest, Sink, Stamp, file_digest
from .site.manifest import read_bytes_nofollow
from .urls import hub_path

PATCH_HUBS = 100
PATCH_SHARE = 10
"""A build rendering some hubs but not all, at most PATCH_HUBS of them or one in
PATCH_SHARE, is small: its few changed files are patched into the site (see write.py)
rather than a whole new site hard-linked together and swapped in."""

ProgressHook = Callable[[int, int], None]
"""Called with (hubs done, hubs to render) while hub pages are rendered."""


@dataclass(slots=True)
class Rendered:
    """The render stage's output: a stream of new files, files kept, cache entries.

    ``files`` renders as it is consumed (so the site is never held in memory whole);
    ``pages`` is complete once ``files`` has been consumed.
    """

    files: Callable[[Sink], Iterator[tuple[str, str, bool, Stamp]]]
    """Renders into a sink, yielding (path, digest, written, stamp) of every file rendered."""
    reuse: dict[str, str] = field(default_factory=dict)
    """Files the previous site holds already, ``{path: digest}``."""
    pages: dict[str, PageEntry] = field(default_factory=dict)
    rendered_hubs: int = 0
    marked: set[str] = field(default_factory=set)
    """HTML files with ``data-pagefind-body`` (complete once ``files`` is consumed)."""
    small: bool = False
    """Few hubs change: the writer may patch the site in place instead of swapping it."""
    search_keys: dict[str, str] = field(default_factory=dict)
    """Per hub page, the hash of what its search index entry depends on (see search_key)."""
    previous: Manifest = field(default_factory=lambda: Manifest({}))
    """The manifest of the site in place, read once for the plan and the writer."""


def render_fingerprint(corpus: Corpus, templates_dir: Path | None) -> str:
    """Return a hash of what every page depends on: code, templates and settings."""
    templates = tree_fingerprint([default_templates_dir(), templates_dir])
    return hash_parts(code_fingerprint(), templates, repr(corpus.config))


def page_key(common: str, view: HubView) -> str:
    """Return the hash of everything one hub's files depend on."""
    hub = view.hub
    return hash_parts(common, hub.src_path, hub.digest, view.derived_text())


def search_key(common: str, view: HubView) -> str:
    """Return the hash of what one hub page's search index entry depends on.

    That is the page key without co-cited works: they come from other hubs, change
    whenever a neighbour's citations do, and the default theme keeps them out of the
    index (``data-pagefind-ignore``). Which citing papers have hub pages stays in, as it
    shows on the page as a tag.
    """
    hub = view.hub
    return hash_parts(common, hub.src_path, hub.digest, "\n".join(view.citation_slugs))


def _still_there(out: Path, site: int, entry: PageEntry, previous: dict[str, str]) -> bool:
    """True when the site ``out`` (open as folder descriptor ``site``, or -1) holds the
    files of ``entry`` untouched: the digests the manifest lists, and the size and
    modification time each had when the build wrote it (a hand edit changes them)."""
    for path, digest in entry.files.items():
        if previous.get(path) != digest:
            return False
        try:  # relative to the open folder: no walk from / for each of 70,000 files
            if site >= 0:
                st = os.stat(path, dir_fd=site, follow_symlinks=False)
            else:
                st = os.lstat(os.path.join(out, path))
        except OSError:
            return False
        if not stat.S_ISREG(st.st_mode) or (st.st_size, st.st_mtime_ns) != entry.stamps[path]:
            return False
    return True


@contextmanager
def _open_folder(path: Path) -> Iterator[int]:
    """Yield a descriptor of the folder ``path`` (-1 when it cannot be opened or used)."""
    if os.stat not in os.supports_dir_fd:  # Windows
        yield -1
        return
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield -1
        return
    try:
        yield fd
    finally:
        os.close(fd)


RenderState = tuple[Renderer, Sink]


def _render_state(corpus: Corpus, templates_dir: Path | None, sink: Sink) -> RenderState:
    return Renderer(corpus, templates_dir), sink


def render_and_place(
    state: RenderState, index: int
) -> tuple[dict[str, str], dict[str, tuple[bool, Stamp]], bytes, tuple[str, ...]]:
    """Render hub number ``index`` and place its files (a parallel.map_items task).

    Returns its files' digests, whether each was written and its stamp, its offline
    search record and its pages that mark a Pagefind body: what the cache keeps, not
    the bytes.
    """
    renderer, sink = state
    files, record = renderer.hub_output(renderer.corpus.hubs[index])
    digests = {path: file_digest(data) for path, data in files.items()}
    placed = {path: sink.place(path, data, digests[path]) for path, data in files.items()}
    return digests, placed, record, marked_pages(files)


def render_all(
    corpus: Corpus,
    templates_dir: Path | None,
    out: Path,
    cache: BuildCache,
    previous: Manifest,
    progress: ProgressHook | None = None,
) -> Rendered:
    """Return every file of the site, rendering only what the cache cannot vouch for.

    ``previous`` is the manifest of the site in place (:func:`generator.site.read_manifest`).
    """
    common = render_fingerprint(corpus, templates_dir)
    old_pages = cache.pages()
    todo: list[int] = []
    keys: list[str] = []
    reuse: dict[str, str] = {}
    pages: dict[str, PageEntry] = {}
    marked: set[str] = set()
    search_keys: dict[str, str] = {}
    listed = previous.files
    with _open_folder(out) as site:
        for i, view in enumerate(corpus.hubs):
            key = page_key(common, view)
            keys.append(key)
            search_keys[hub_path(view.hub.slug)] = search_key(common, view)
            old = old_pages.get(view.hub.slug)
            if old is not None and old.key == key and _still_there(out, site, old, listed):
                reuse.update(old.files)
                pages[view.hub.slug] = old
                marked.update(old.marked)
            else:
                todo.append(i)

    def stream(sink: Sink) -> Iterator[tuple[str, str, bool, Stamp]]:
        renderer = Renderer(corpus, templates_dir)  # templates compiled once in this process
        made = map_items(
            render_and_place,
            todo,
            _render_state,
            (corpus, templates_dir, sink),
            local=(renderer, sink),
        )
        for done, (i, (digests, placed, record, found)) in enumerate(
            zip(todo, made, strict=True), 1
        ):
            marked.update(found)
            yield from ((path, digest, *placed[path]) for path, digest in digests.items())
            stamps = {path: stamp for path, (_written, stamp) in placed.items()}
            pages[corpus.hubs[i].hub.slug] = PageEntry(keys[i], digests, found, stamps, record)
            if progress is not None:
                progress(done, len(todo))
        search = search_hubs(corpus, pages, old_pages)

        def remake(n: int) -> bytes:  # a record the cache held broken
            entry = pages[corpus.hubs[n].hub.slug]
            data = record_bytes(hub_record(corpus.hubs[n]))
            pages[corpus.hubs[n].hub.slug] = replace(entry, search=data)
            return data

        site = renderer.site_files(search, previous_file(out, previous), remake)
        marked.update(marked_pages(site))
        for path, data in site.items():
            digest = file_digest(data)
            yield (path, digest, *sink.place(path, data, digest))

    total = len(corpus.hubs)
    small = len(todo) < total and len(todo) <= max(PATCH_HUBS, total // PATCH_SHARE)
    return Rendered(stream, reuse, pages, len(todo), marked, small, search_keys, previous)


def search_hubs(
    corpus: Corpus, pages: dict[str, PageEntry], old: dict[str, PageEntry]
) -> list[IndexedHub]:
    """Return every hub as the offline index needs it, in index order: its record (from
    its page entry), the one the last build indexed (``old`` entries) and its filters."""
    hubs = []
    for view in corpus.hubs:
        entry, before, summary = pages[view.hub.slug], old.get(view.hub.slug), view.summary
        hubs.append(
            IndexedHub(
                entry.search,
                None if before is None else before.search,
                summary.label,
                tuple(r.name for r in summary.roles if r.count),
                tuple(p.name for p in summary.polarities if p.count),
            )
        )
    return hubs


def previous_file(out: Path, previous: Manifest) -> Reader:
    """Return a reader of the site's files that gives only those the manifest vouches
    for (hubgen wrote them, with these bytes): the offline index takes over terms and
    docs files of the last build from them."""

    def read(path: str) -> bytes | None:
        digest = previous.files.get(path)
        data = read_bytes_nofollow(out / path, 1 << 28) if digest else None
        return data if data is not None and file_digest(data) == digest else None

    return read


def marked_pages(files: dict[str, bytes]) -> tuple[str, ...]:
    """Return the HTML files among ``files`` that mark a Pagefind body."""
    return tuple(p for p, data in files.items() if p.endswith(".html") and BODY_MARK in data)
