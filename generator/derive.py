"""Derive stage: every number and relation shown on the site, computed from the model.

All functions are pure. Cross-hub facts (co-citation, cross-links) are computed once,
in one pass over the whole corpus, before anything is rendered.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .config import SiteConfig, Thresholds
from .model import Citation, Hub

LABELS = {
    "contested": ("Contested citations", "Contested"),
    "supportive": ("Supportive citations", "Supportive"),
    "neutral": ("Neutral citations", "Neutral"),
    "mixed": ("Mixed citations", "Mixed"),
    "few": ("Few citations", ""),
}
MAX_YEAR_SPAN = 60
"""Up to this many years, the per-year counts include the years without citing papers."""
FEW_SENTENCE = "Too few citations to characterise."
NONE_SENTENCE = "No citing papers recorded yet."


@dataclass(frozen=True, slots=True)
class Share:
    """How many citing papers (or role labels) have one value, and its share."""

    name: str
    count: int
    percent: int
    """Rounded half up to a whole number."""


@dataclass(frozen=True, slots=True)
class Summary:
    """The derived summary of one hub."""

    label: str
    """e.g. "Mixed citations"."""
    label_key: str
    """contested, supportive, neutral, mixed or few."""
    sentence: str
    """e.g. "Mixed citation behavior. Most common role is background (47%)."."""
    roles: tuple[Share, ...]
    """Every role of the vocabulary, in vocabulary order; shares of all role labels."""
    polarities: tuple[Share, ...]
    """Every polarity, shares of the citing papers that have a polarity."""
    total: int
    role_labels: int
    with_polarity: int
    years: tuple[tuple[int, int], ...]
    """(year, citing papers) for every year from the first to the last citing year."""
    top_role: Share | None


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


def shares(counts: Mapping[str, int], names: Sequence[str], total: int) -> tuple[Share, ...]:
    """Return one Share per name, in the given order."""
    return tuple(Share(n, counts.get(n, 0), percent(counts.get(n, 0), total)) for n in names)


def choose_label(polarity: Mapping[str, int], with_polarity: int, t: Thresholds) -> str:
    """Return the label key from unrounded polarity shares, checked in the documented order."""
    if with_polarity < t.min_citations:
        return "few"
    if polarity.get("contrasting", 0) * 100 >= t.contested * with_polarity:
        return "contested"
    if polarity.get("supporting", 0) * 100 >= t.supportive * with_polarity:
        return "supportive"
    if polarity.get("neutral", 0) * 100 >= t.neutral * with_polarity:
        return "neutral"
    return "mixed"


def summarize(citations: Sequence[Citation], config: SiteConfig) -> Summary:
    """Return the derived summary of one hub's citing papers."""
    roles: dict[str, int] = {}  # plain dicts: this loop runs for every citation of the corpus
    polarity: dict[str, int] = {}
    years: dict[int, int] = {}
    for c in citations:
        for role in c.roles:
            roles[role] = roles.get(role, 0) + 1
        if c.polarity:
            polarity[c.polarity] = polarity.get(c.polarity, 0) + 1
        if c.year is not None:
            years[c.year] = years.get(c.year, 0) + 1
    role_labels = sum(roles.values())
    with_polarity = sum(polarity.values())
    role_shares = shares(roles, config.roles, role_labels)
    top = max(role_shares, key=lambda s: s.count, default=None)  # first max wins: vocab order
    if top is not None and top.count == 0:
        top = None
    key = choose_label(polarity, with_polarity, config.labels)
    label, word = LABELS[key]
    if not citations:
        sentence = NONE_SENTENCE
    else:
        sentence = FEW_SENTENCE if key == "few" else f"{word} citation behavior."
        if top is not None:
            sentence += f" Most common role is {top.name} ({top.percent}%)."
    year_span: tuple[tuple[int, int], ...] = ()
    if years and max(years) - min(years) < MAX_YEAR_SPAN:
        year_span = tuple((y, years.get(y, 0)) for y in range(min(years), max(years) + 1))
    elif years:  # a wide span (a 1950 paper cited today) lists only the years with papers
        year_span = tuple(sorted(years.items()))
    return Summary(
        label,
        key,
        sentence,
        role_shares,
        shares(polarity, config.polarities, with_polarity),
        len(citations),
        role_labels,
        with_polarity,
        year_span,
        top,
    )


def paper_keys(hubs: Sequence[Hub]) -> list[list[str]]:
    """Return, per hub, the distinct keys of its citing papers.

    Two citations are the same paper when they share an id, or, when either has no id,
    the same normalised title.
    """
    title_to_id: dict[str, str] = {}
    for hub in hubs:
        for c in hub.citations:
            if c.id and c.title_key:
                title_to_id.setdefault(c.title_key, c.id)
    out: list[list[str]] = []
    for hub in hubs:
        keys = []
        for c in hub.citations:
            if c.id:
                keys.append("id:" + c.id)
            elif c.title_key:
                known = title_to_id.get(c.title_key)
                keys.append("id:" + known if known else "title:" + c.title_key)
        out.append(list(dict.fromkeys(keys)))
    return out


def cocitation_counts(hubs: Sequence[Hub]) -> list[Counter[int]]:
    """Return, per hub index, how many citing papers it shares with each other hub index."""
    citing: defaultdict[str, list[int]] = defaultdict(list)
    for index, keys in enumerate(paper_keys(hubs)):
        for key in keys:
            citing[key].append(index)
    counts: list[Counter[int]] = [Counter() for _ in hubs]
    for group in citing.values():
        if len(group) < 2:
            continue
        for a in group:
            counts[a].update(group)  # counted in C; the hub's count of itself goes below
    for index, row in enumerate(counts):
        row.pop(index, None)
    return counts


def _cocited_for(
    index: int, hubs: Sequence[Hub], counts: Counter[int], position: dict[str, int], limit: int
) -> tuple[CoCited, ...]:
    """Return the co-cited works of hub ``index``: ranked derived ones, then curated ones."""
    # ``hubs`` is in index order (title, then slug), so the index itself breaks ties.
    ranked = heapq.nsmallest(limit, counts.items(), key=lambda kv: (-kv[1], kv[0]))
    derived = {
        hubs[i].id: CoCited(hubs[i].title, hubs[i].id, hubs[i].slug, hubs[i].url, n, False, "")
        for i, n in ranked
    }
    curated: list[CoCited] = []
    for entry in hubs[index].cocited:
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


def derive(hubs: Sequence[Hub], config: SiteConfig) -> Corpus:
    """Return the corpus: hubs in index order, each with its summary and relations."""
    ordered = sorted(hubs, key=lambda h: (h.title.casefold(), h.slug))
    by_id = {h.id: h for h in ordered}
    position = {h.id: i for i, h in enumerate(ordered)}
    counts = cocitation_counts(ordered)
    views = []
    for i, hub in enumerate(ordered):
        slugs = tuple(
            by_id[c.id].slug if c.id in by_id and by_id[c.id] is not hub else ""
            for c in hub.citations
        )
        views.append(
            HubView(
                hub,
                summarize(hub.citations, config),
                _cocited_for(i, ordered, counts[i], position, config.cocited_limit),
                slugs,
            )
        )
    return Corpus(tuple(views), config)
