"""What a reviewer sees of one hub, as the diff compares it: its fields and keyed lists.

Entries of a hub's lists are matched by a key, never by position, so reordering a list
changes nothing: citing papers by derive's rule for "the same paper" (its id, DOIs in any
case, else its normalised title), claims by their normalised text, co-cited works by id
or normalised title, tool links by label.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from .derive import DerivedHub
from .papers import PaperKey, citation_keys, paper_id
from .urls import normalize_title

Value: TypeAlias = "str | int | bool | tuple[str, ...] | None"
Fields: TypeAlias = "tuple[tuple[str, Value], ...]"


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a hub's list as compared: its key, its shown name and its fields."""

    key: str
    name: str
    fields: Fields
    follows: frozenset[str] = frozenset()
    """Fields that follow another hub (a co-cited hub's title and link): that hub's own
    change lists them, so they are not compared here."""


_FOLLOWS_HUB = frozenset({"title", "url"})
LISTS = ("tools", "claims", "cocited", "citations")
"""The hub's keyed lists, in page order (citing papers, the longest, last)."""


def hub_fields(view: DerivedHub) -> Fields:
    """Return the hub's own reviewable fields besides id, slug and title, in page order."""
    hub = view.hub
    return (
        ("authors", hub.authors),
        ("year", hub.year),
        ("venue", hub.venue),
        ("url", hub.url),
        ("code", hub.code),
        ("abstract", hub.abstract),
        ("notes", hub.notes),
    )


def _keyed(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """Return the entries, a repeated key numbered (``key#2``) so each stays distinct."""
    seen: dict[str, int] = {}
    out = []
    for e in entries:
        seen[e.key] = n = seen.get(e.key, 0) + 1
        out.append(e if n == 1 else Entry(f"{e.key}#{n}", e.name, e.fields, e.follows))
    return tuple(out)


def _paper_key(key: PaperKey) -> str:
    return key if isinstance(key, str) else "title:" + key[0]


def hub_lists(old: DerivedHub, new: DerivedHub) -> tuple[dict[str, tuple[Entry, ...]], ...]:
    """Return each version's keyed lists; citing papers are keyed by derive's rule over
    both versions, so a paper that gained an id is still the same paper."""
    keys = citation_keys([old.hub, new.hub])
    return tuple(_lists(view, hub_keys) for view, hub_keys in zip((old, new), keys, strict=True))


def _lists(view: DerivedHub, keys: Sequence[PaperKey]) -> dict[str, tuple[Entry, ...]]:
    hub = view.hub
    return {
        "tools": _keyed(
            Entry(t.label, t.label, (("label", t.label), ("url", t.url))) for t in hub.tools
        ),
        "claims": _keyed(
            Entry(normalize_title(c.text), c.text, (("text", c.text), ("source", c.source)))
            for c in hub.claims
        ),
        "cocited": _keyed(
            Entry(
                paper_id(w.id) if w.id else "title:" + normalize_title(w.title),
                w.title,
                (
                    ("title", w.title),
                    ("id", w.id),
                    ("url", w.url),
                    ("hub", bool(w.slug)),  # whether it has a page; a rename is listed once
                    ("shared", w.shared),
                    ("curated", w.curated),
                    ("note", w.note),
                ),
                _FOLLOWS_HUB if w.slug else frozenset(),
            )
            for w in view.cocited
        ),
        "citations": _keyed(
            Entry(
                _paper_key(key),
                c.title,
                (
                    ("title", c.title),
                    ("id", c.id),
                    ("authors", c.authors),
                    ("year", c.year),
                    ("venue", c.venue),
                    ("url", c.url),
                    ("summary", c.summary),
                    ("role", c.roles),
                    ("polarity", c.polarity),
                    ("representative", c.representative),
                    ("context", c.contexts),
                ),
            )
            for c, key in zip(hub.citations, keys, strict=True)
        ),
    }
