"""Derive stage: every relation between hubs shown on the site, computed from the model.

All functions are pure. Cross-hub facts (co-citation, cross-links) are computed once,
in one pass over the whole corpus, before anything is rendered; each hub's own summary
comes from :mod:`generator.summary`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat

from .config import SiteConfig
from .model import Hub
from .papers import PaperKey, paper_keys
from .summary import RecordFacts, Summary, record_facts


@dataclass(frozen=True, slots=True)
class CoCited:
    """A work cited together with a hub: derived from shared citing papers, or curated."""

    title: str
    id: str
    slug: str
    """Slug of its hub page, '' when it has none."""
    url: str
    shared: int
    """Number of citing papers the two have in common (0 for curated-only entries)."""
    curated: bool
    note: str


@dataclass(frozen=True, slots=True)
class DerivedHub:
    """A hub with everything derived about it."""

    hub: Hub
    summary: Summary
    cocited: tuple[CoCited, ...]
    citation_slugs: tuple[str, ...]
    """For each citation, the slug of the hub it is ('' when it is no hub)."""


@dataclass(frozen=True, slots=True)
class Corpus:
    """Every hub with its derived data, in index order (title, then slug)."""

    hubs: tuple[DerivedHub, ...]
    config: SiteConfig


def cocitation_counts(
    hubs: Sequence[Hub], ids: Sequence[Sequence[str]] | None = None
) -> list[Counter[int]]:
    """Return, per hub index, how many citing papers it shares with each other hub index.

    ``ids`` is ``citation_ids(hubs)``, when known.
    """
    citing: defaultdict[PaperKey, list[int]] = defaultdict(list)
    group_of = citing.__getitem__
    groups_per_hub: list[list[list[int]]] = []
    for index, keys in enumerate(paper_keys(hubs, ids)):
        # For each of its papers, the (growing) list of hubs citing it: looked up once.
        groups = list(map(group_of, keys))
        for group in groups:
            group.append(index)
        groups_per_hub.append(groups)
    counts: list[Counter[int]] = []
    for index, groups in enumerate(groups_per_hub):
        row = Counter(chain.from_iterable(groups))  # counted in C
        del row[index]  # the hub itself, once per paper (a Counter ignores a missing key)
        counts.append(row)
    return counts


def _ranked(counts: Mapping[int, int], limit: int) -> Iterator[tuple[int, int]]:
    """Return the ``limit`` (index, shared) pairs sharing the most; ties by lower index."""
    shared = counts.__getitem__
    indices = sorted(counts)
    indices.sort(key=shared, reverse=True)  # stable, so ties stay in index order
    del indices[max(limit, 0) :]
    return zip(indices, map(shared, indices), strict=True)


class _Derived(dict[tuple[int, int], CoCited]):
    """Derived co-cited entries by (hub index, shared), each built on first use.

    The same entry recurs on many pages; being frozen, it is built once and shared.
    """

    def __init__(self, hubs: Sequence[Hub]) -> None:
        super().__init__()
        self.hubs = hubs

    def __missing__(self, pair: tuple[int, int]) -> CoCited:
        index, shared = pair
        hub = self.hubs[index]
        work = self[pair] = CoCited(hub.title, hub.id, hub.slug, hub.url, shared, False, "")
        return work


def _cocited_for(
    index: int,
    hubs: Sequence[Hub],
    counts: Mapping[int, int],
    position: Mapping[str, int],
    limit: int,
    derived_works: _Derived,
) -> tuple[CoCited, ...]:
    """Return the co-cited works of hub ``index``: ranked derived ones, then curated ones."""
    # ``hubs`` is in index order (title, then slug), so the index itself breaks ties.
    works = tuple(map(derived_works.__getitem__, _ranked(counts, limit)))
    entries = hubs[index].cocited
    if not entries and len(position) == len(hubs):  # nothing curated, every id unique
        return works
    # By id, as a curated entry may name a derived one (and a repeated id keeps one entry).
    derived = {w.id: w for w in works}
    curated: list[CoCited] = []
    for entry in entries:
        at = position.get(entry.id, -1) if entry.id else -1
        target = hubs[at] if at >= 0 else None
        if entry.id and entry.id in derived:
            found = derived[entry.id]
            derived[entry.id] = CoCited(
                found.title,
                found.id,
                found.slug,
                entry.url or found.url,
                found.shared,
                True,
                entry.note,
            )
            continue
        shared = counts.get(at, 0)
        curated.append(
            CoCited(
                entry.title,
                entry.id,
                target.slug if target else "",
                entry.url or (target.url if target else ""),
                shared,
                True,
                entry.note,
            )
        )
    return tuple(derived.values()) + tuple(curated)


def _citation_slugs(
    hub: Hub, ids: Sequence[str], slugs: Mapping[str, str], by_id: Mapping[str, Hub]
) -> tuple[str, ...]:
    """Return, per citation of ``hub``, the slug of the hub it is ('' when none, or itself)."""
    found = tuple(map(slugs.get, ids, repeat("")))
    if hub.id in ids and by_id[hub.id] is hub:  # it cites itself: no link to its own page
        found = tuple("" if i == hub.id else s for i, s in zip(ids, found, strict=True))
    return found


def derive(
    hubs: Sequence[Hub], config: SiteConfig, facts: Mapping[str, RecordFacts] | None = None
) -> Corpus:
    """Return the corpus: hubs in index order, each with its summary and relations.

    ``facts`` maps a hub's ``src_path`` to its :class:`RecordFacts`, when the load stage has
    them (computed from the same hub with the same settings); others are computed here.
    """
    ordered = sorted(hubs, key=lambda h: (h.title.casefold(), h.slug))
    known = facts or {}
    every = [known.get(h.src_path) or record_facts(h, config) for h in ordered]
    by_id = {h.id: h for h in ordered}
    slugs = {h.id: h.slug for h in ordered}
    position = {h.id: i for i, h in enumerate(ordered)}
    ids = [f.ids for f in every]
    counts = cocitation_counts(ordered, ids)
    limit = config.cocited_limit
    derived_works = _Derived(ordered)
    views = []
    for i, hub in enumerate(ordered):
        views.append(
            DerivedHub(
                hub,
                every[i].summary,
                _cocited_for(i, ordered, counts[i], position, limit, derived_works),
                _citation_slugs(hub, ids[i], slugs, by_id),
            )
        )
    return Corpus(tuple(views), config)
