"""The render plan: which hubs to render, and which files the previous site lends.

A hub's files depend on its record, on what derive found about it across the corpus
(co-cited works, which of its citing papers are hubs), on the templates, the settings and
hubgen itself: their hash is the hub's page key (:func:`.keys.page_key`). When the key is
the one of the last build and the previous site still holds the files it produced,
untouched, those files are taken over instead of being rendered again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from ..derive import Corpus
from ..render import HubFiles
from ..search.offline import IndexedHub
from ..search.records import hub_record, record_bytes
from ..site import Placed, Stamp
from ..urls import hub_path
from .keys import page_key, search_key
from .store import PageEntry

PATCH_HUBS = 100
PATCH_SHARE = 10
"""A build rendering some hubs but not all, at most PATCH_HUBS of them or one in
PATCH_SHARE, is small: its few changed files are patched into the site (see
generator.site) rather than a whole new site hard-linked together and swapped in."""

Intact = Callable[[Mapping[str, str], Mapping[str, Stamp]], bool]
"""Whether the previous site holds these files ({path: digest}) with these stamps."""


@dataclass(slots=True)
class Plan:
    """What to render, what to keep, and the cache entries of the new build."""

    todo: list[int]
    """Numbers (in corpus order) of the hubs to render."""
    keys: list[str]
    """Every hub's page key, in corpus order."""
    keep: dict[str, str]
    """Files the previous site holds as they must be, ``{path: digest}``."""
    pages: dict[str, PageEntry]
    """Per hub slug, its cache entry (complete once every rendered hub is recorded)."""
    old: dict[str, PageEntry]
    """The last build's entries."""
    search_keys: dict[str, str] = field(default_factory=dict)
    """Per hub page, the hash of what its search entry depends on."""

    @property
    def small(self) -> bool:
        """True when few hubs change: the site may be patched in place."""
        total = len(self.keys)
        return len(self.todo) < total and len(self.todo) <= max(PATCH_HUBS, total // PATCH_SHARE)

    def record(self, corpus: Corpus, hub: HubFiles, placed: Mapping[str, Placed]) -> None:
        """Keep the cache entry of a hub just rendered and written (``placed`` by path)."""
        digests = {path: placed[path][1] for path in hub.files}
        stamps = {path: placed[path][3] for path in hub.files}
        slug = corpus.hubs[hub.index].hub.slug
        self.pages[slug] = PageEntry(self.keys[hub.index], digests, stamps, hub.search)

    def remake_search(self, corpus: Corpus, index: int) -> bytes:
        """Make hub ``index``'s search record again (the one cached did not read back)."""
        view = corpus.hubs[index]
        data = record_bytes(hub_record(view))
        self.pages[view.hub.slug] = replace(self.pages[view.hub.slug], search=data)
        return data

    def search_hubs(self, corpus: Corpus) -> list[IndexedHub]:
        """Return every hub as the offline index needs it, in corpus order: its record,
        the one the last build indexed, and its filters."""
        hubs = []
        for view in corpus.hubs:
            slug, summary = view.hub.slug, view.summary
            before = self.old.get(slug)
            hubs.append(
                IndexedHub(
                    self.pages[slug].search,
                    None if before is None else before.search,
                    summary.label,
                    tuple(r.name for r in summary.roles if r.count),
                    tuple(p.name for p in summary.polarities if p.count),
                )
            )
        return hubs


def plan(
    corpus: Corpus, common: str, searched: str, old: dict[str, PageEntry], intact: Intact
) -> Plan:
    """Return the plan: ``common`` is the render key (keys.render_key), ``searched`` the
    same without templates (search documents use none), ``old`` the last build's page
    entries, ``intact`` asks the site whether it holds files untouched."""
    todo: list[int] = []
    keys: list[str] = []
    keep: dict[str, str] = {}
    pages: dict[str, PageEntry] = {}
    search_keys: dict[str, str] = {}
    for i, view in enumerate(corpus.hubs):
        key = page_key(common, view)
        keys.append(key)
        search_keys[hub_path(view.hub.slug)] = search_key(searched, view)
        entry = old.get(view.hub.slug)
        if entry is not None and entry.key == key and intact(entry.files, entry.stamps):
            keep.update(entry.files)
            pages[view.hub.slug] = entry
        else:
            todo.append(i)
    return Plan(todo, keys, keep, pages, old, search_keys)
