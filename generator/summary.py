"""Per-hub summaries: role and polarity shares, the label and its sentence, years.

Each depends on one hub's citing papers and the site's vocabularies and label rules
alone, so it is computed per record while loading (see :func:`record_facts`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import attrgetter

from .config import SiteConfig
from .labels import LabelRule
from .model import Citation, Hub
from .sentences import label_sentence, role_part

MAX_YEAR_SPAN = 60
"""Up to this many years, the per-year counts include the years without citing papers."""
NONE_SENTENCE = "No citing papers recorded yet."
_ID = attrgetter("id")
_COUNT = attrgetter("count")


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
class RecordFacts:
    """What derive needs of one hub's citing papers, computed with its record.

    Loaded with the record (from the build cache on most builds), so derive need not go
    through every citing paper of every hub, unless some citing paper lacks an id.
    """

    ids: tuple[str, ...]
    """The id of each citation ('' for one without)."""
    summary: Summary


def record_facts(hub: Hub, config: SiteConfig) -> RecordFacts:
    """Return the facts of one hub (its summary depends on the vocabularies and labels)."""
    return RecordFacts(tuple(map(_ID, hub.citations)), summarize(hub.citations, config))


def percent(count: int, total: int) -> int:
    """Return ``count / total`` as a whole percentage, rounded half up; 0 when total is 0."""
    if total <= 0:
        return 0
    return (200 * count + total) // (2 * total)


@lru_cache(maxsize=8192)
def interned_share(name: str, count: int, rounded: int) -> Share:
    """Return the Share with these values: one object for equal values (the same few recur
    across thousands of hubs)."""
    return Share(name, count, rounded)


def _share(name: str, count: int, total: int) -> Share:
    """Return one Share (the interned one: the same few recur across hubs)."""
    return interned_share(name, count, percent(count, total))


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
            tied = [r.name for r in role_shares if r.count == top.count]  # the site's order
            sentence += role_part(tied, top.percent, total, with_role)
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
