"""Derive stage: every number and relation shown on the site, computed from the model.

All functions are pure. Cross-hub facts (co-citation, cross-links) are computed once,
in one pass over the whole corpus, before anything is rendered.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from operator import attrgetter
from typing import Any, TypeAlias

from .config import SiteConfig
from .labels import LabelRule
from .model import Citation, Hub, constructor_reduce
from .sentences import label_sentence

MAX_YEAR_SPAN = 60
"""Up to this many years, the per-year counts include the years without citing papers."""
NONE_SENTENCE = "No citing papers recorded yet."
_ID = attrgetter("id")
_COUNT = attrgetter("count")


@dataclass(frozen=True, slots=True)
class Share:
    """How many citing papers (or role labels) have one value, and its share."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Every cached hub carries a dozen, mostly the same few: loaded through a cache.
        return (_interned_share, (self.name, self.count, self.percent))

    name: str
    count: int
    percent: int
    """Rounded half up to a whole number."""


@dataclass(frozen=True, slots=True)
class Summary:
    """The derived summary of one hub."""

    __reduce__ = constructor_reduce  # summaries are cached: load them fast

    label: str
    """e.g. "Mixed citations"."""
    label_key: str
    """The key of the label rule that holds (by default few, unclassified, contested,
    supportive, neutral or mixed)."""
    sentence: str
    """e.g. "Mixed citation behavior. Most common role is background (47%)."."""
    roles: tuple[Share, ...]
    """Every role of the vocabulary, in vocabulary order; shares of all role labels."""
    polarities: tuple[Share, ...]
    """Every polarity, shares of the citing papers that have a polarity."""
    total: int
    role_labels: int
    with_role: int
    """Citing papers that have at least one role."""
    with_polarity: int
    years: tuple[tuple[int, int], ...]
    """(year, citing papers) for every year from the first to the last citing year."""
    top_role: Share | None


@dataclass(frozen=True, slots=True)
class HubFacts:
    """What derive needs of one hub's citing papers: computed with the record, cached with it.

    With these, derive never reads the citing papers of a hub from the cache (see
    model.Citations), unless some citing paper in the corpus lacks an id.
    """

    __reduce__ = constructor_reduce  # summaries are cached: load them fast

    ids: tuple[str, ...]
    """The id of each citation ('' for one without)."""
    summary: Summary


def hub_facts(hub: Hub, config: SiteConfig) -> HubFacts:
    """Return the facts of one hub (its summary depends on the vocabularies and labels)."""
    return HubFacts(tuple(map(_ID, hub.citations)), summarize(hub.citations, config))


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
class HubView:
    """A hub with everything derived about it."""

    hub: Hub
    summary: Summary
    cocited: tuple[CoCited, ...]
    citation_slugs: tuple[str, ...]
    """For each citation, the slug of the hub it is ('' when it is no hub)."""

    def derived_text(self) -> str:
        """Return an unambiguous text of what derive found about the hub: every field of
        its co-cited works and its citation slugs. It changes whenever any of them does.

        It goes into the hub's page key, so it is built for speed: the values joined by
        NUL, after how many there are, which is unambiguous as long as no value holds a
        NUL (counted; if one does, ``repr`` instead). ``repr`` alone, even of plain
        tuples, is several times slower: it escapes every character.
        """
        works, slugs = self.cocited, self.citation_slugs
        texts = [
            f"{w.title}\0{w.id}\0{w.slug}\0{w.url}\0{w.shared} {w.curated}\0{w.note}" for w in works
        ]
        texts += slugs
        text = "\0".join(texts)
        if text.count("\0") == 5 * len(works) + max(len(texts) - 1, 0):
            return f"{len(works)} {len(slugs)}\0{text}"  # starts with a digit
        fields = [(w.title, w.id, w.slug, w.url, w.shared, w.curated, w.note) for w in works]
        return repr((fields, slugs))  # starts with "("


@dataclass(frozen=True, slots=True)
class Corpus:
    """Every hub with its derived data, in index order (title, then slug)."""

    hubs: tuple[HubView, ...]
    config: SiteConfig


def percent(count: int, total: int) -> int:
    """Return ``count / total`` as a whole percentage, rounded half up; 0 when total is 0."""
    if total <= 0:
        return 0
    return (200 * count + total) // (2 * total)


@lru_cache(maxsize=8192)
def _interned_share(name: str, count: int, rounded: int) -> Share:
    """Return the Share with these values (one object for equal values, as unpickled)."""
    return Share(name, count, rounded)


def _share(name: str, count: int, total: int) -> Share:
    """Return one Share (the interned one: the same few recur across hubs)."""
    return _interned_share(name, count, percent(count, total))


def shares(counts: Mapping[str, int], names: Sequence[str], total: int) -> tuple[Share, ...]:
    """Return one Share per name, in the given order."""
    return tuple(map(_share, names, map(counts.get, names, repeat(0)), repeat(total)))


def choose_label(
    polarity: Mapping[str, int], total: int, with_polarity: int, rules: Sequence[LabelRule]
) -> LabelRule:
    """Return the first rule whose conditions all hold (shares unrounded); the last has none."""
    for rule in rules:
        if rule.citing_below is not None and total >= rule.citing_below:
            continue
        if rule.with_polarity_below is not None and with_polarity >= rule.with_polarity_below:
            continue
        if rule.at_least is not None and not (
            with_polarity and polarity.get(rule.polarity, 0) * 100 >= rule.at_least * with_polarity
        ):
            continue
        return rule
    return rules[-1]  # only for rules made in code: site.yaml's last rule always holds


def summarize(citations: Sequence[Citation], config: SiteConfig) -> Summary:
    """Return the derived summary of one hub's citing papers."""
    roles: dict[str, int] = {}  # plain dicts: this loop runs for every citation of the corpus
    polarity: dict[str, int] = {}
    years: dict[int, int] = {}
    with_role = 0
    for c in citations:
        its_roles = c.roles
        if its_roles:
            with_role += 1
            for role in its_roles:
                roles[role] = roles.get(role, 0) + 1
        value = c.polarity
        if value:
            polarity[value] = polarity.get(value, 0) + 1
        year = c.year
        if year is not None:
            years[year] = years.get(year, 0) + 1
    role_labels = sum(roles.values())
    with_polarity = sum(polarity.values())
    role_shares = shares(roles, config.roles, role_labels)
    top = max(role_shares, key=_COUNT, default=None)  # first max wins: vocab order
    if top is not None and top.count == 0:
        top = None
    total = len(citations)
    rule = choose_label(polarity, total, with_polarity, config.labels)
    if not citations:
        sentence = NONE_SENTENCE
    else:
        sentence = label_sentence(rule, total, with_polarity)
        if top is not None:
            sentence += f" Most common role is {top.name} ({top.percent}%)."
    year_span: tuple[tuple[int, int], ...] = ()
    if years:
        first, last = min(years), max(years)
        if last - first < MAX_YEAR_SPAN:
            span = range(first, last + 1)
            year_span = tuple(zip(span, map(years.get, span, repeat(0)), strict=True))
        else:  # a wide span (a 1950 paper cited today) lists only the years with papers
            year_span = tuple(sorted(years.items()))
    return Summary(
        rule.label,
        rule.key,
        sentence,
        role_shares,
        shares(polarity, config.polarities, with_polarity),
        total,
        role_labels,
        with_role,
        with_polarity,
        year_span,
        top,
    )


PaperKey: TypeAlias = "str | tuple[str]"
"""A citing paper's identity: its id, or ``(normalised title,)`` when no citation of it
has an id (a tuple never equals an id, so the two kinds cannot collide)."""


def citation_ids(hubs: Sequence[Hub]) -> list[tuple[str, ...]]:
    """Return, per hub, the id of each of its citations ('' for one without id)."""
    return [tuple(map(_ID, hub.citations)) for hub in hubs]


def paper_id(value: str) -> str:
    """Return a citing paper's id as compared: DOIs are case-insensitive, so lowercased."""
    return value.lower() if value[:4].lower() == "doi:" else value


def paper_keys(
    hubs: Sequence[Hub], ids: Sequence[Sequence[str]] | None = None
) -> list[list[PaperKey]]:
    """Return, per hub, the distinct keys of its citing papers, in citation order.

    Two citations are the same paper when they share an id (DOIs in any case), or, when
    either has no id, the same normalised title: a citation without id takes the id of
    the first citation (in hub order) with its title, if any. A citation with neither has
    no key. ``ids`` is ``citation_ids(hubs)``, when known.
    """
    if ids is None:
        ids = citation_ids(hubs)
    title_to_id: dict[str, str] | None = None  # built only when a citation lacks an id
    out: list[list[PaperKey]] = []
    for hub, hub_ids in zip(hubs, ids, strict=True):
        if all(hub_ids):  # the common case, handled without a Python-level loop
            joined = "".join(hub_ids)
            if joined.lower() != joined:  # some id has capitals: fold the DOIs among them
                hub_ids = list(map(paper_id, hub_ids))
            out.append(list(dict.fromkeys(hub_ids)))
            continue
        if title_to_id is None:
            title_to_id = _title_ids(hubs)
        keys = dict.fromkeys(_citation_keys(hub, title_to_id))
        out.append([k for k in keys if k != ("",)])
    return out


def citation_keys(hubs: Sequence[Hub]) -> list[list[PaperKey]]:
    """Return, per hub, the paper key of each citation (see :func:`paper_keys`), in order.

    A citation with neither id nor title gets ``("",)``.
    """
    title_to_id = _title_ids(hubs)
    return [_citation_keys(hub, title_to_id) for hub in hubs]


def _citation_keys(hub: Hub, title_to_id: Mapping[str, str]) -> list[PaperKey]:
    return [
        paper_id(c.id) if c.id else (title_to_id.get(c.title_key) or (c.title_key,))
        for c in hub.citations
    ]


def _title_ids(hubs: Sequence[Hub]) -> dict[str, str]:
    """Return ``{normalised title: id}`` from the first citation with both, in hub order."""
    title_to_id: dict[str, str] = {}
    for hub in hubs:
        for c in hub.citations:
            if c.id and c.title_key:
                title_to_id.setdefault(c.title_key, paper_id(c.id))
    return title_to_id


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
    hubs: Sequence[Hub], config: SiteConfig, facts: Mapping[str, HubFacts] | None = None
) -> Corpus:
    """Return the corpus: hubs in index order, each with its summary and relations.

    ``facts`` maps a hub's ``src_path`` to its :class:`HubFacts`, when the load stage has
    them (computed from the same hub with the same settings); others are computed here.
    """
    ordered = sorted(hubs, key=lambda h: (h.title.casefold(), h.slug))
    known = facts or {}
    every = [known.get(h.src_path) or hub_facts(h, config) for h in ordered]
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
            HubView(
                hub,
                every[i].summary,
                _cocited_for(i, ordered, counts[i], position, limit, derived_works),
                _citation_slugs(hub, ids[i], slugs, by_id),
            )
        )
    return Corpus(tuple(views), config)
