"""Merge a freshly imported record into an existing one without losing anything a person wrote."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from ..model import effective_slug
from ..sentences import papers as citing_papers
from ..urls import normalize_title
from .common import (
    CITATION_KEYS,
    RECORD_KEYS,
    Record,
    contexts_of,
    id_key,
    text,
    unique,
)

REFRESHED = ("authors", "year", "venue", "url", "coverage")
"""Fields that a re-import updates (bibliography, the service's count); the rest are kept."""

LABELS = (("role", "role_source"), ("polarity", "polarity_source"))
"""Labels a tool may set, each with the key that records where it came from."""

FILLED = ("id", "title", "abstract")
"""Fields a re-import sets only when the existing record lacks them."""


class MergeConflict(Exception):
    """The existing record describes a different paper than the import."""


@dataclass(frozen=True)
class MergeStats:
    """Counts of citing papers after an import."""

    total: int
    new: int
    updated: int

    def summary(self) -> str:
        """Return e.g. ``12 citing papers (3 new, 9 updated)``, plus the untouched ones."""
        kept = self.total - self.new - self.updated
        extra = f", {kept:,} kept" if kept > 0 else ""
        return f"{citing_papers(self.total)} ({self.new:,} new, {self.updated:,} updated{extra})"


def normalise_title(title: Any) -> str:
    """Return a title folded for matching: casefolded, punctuation removed, single spaces."""
    return normalize_title(title) if isinstance(title, str) else ""


def put(record: Record, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set ``record[key]``; a new key goes after the keys that precede it in ``order``."""
    if key in record or key not in order:
        record[key] = value
        return
    earlier = set(order[: order.index(key)])
    items = list(record.items())
    position = 0
    for index, (existing, _value) in enumerate(items):
        if existing in earlier:
            position = index + 1
    items.insert(position, (key, value))
    record.clear()
    record.update(items)


def _refresh(target: Record, source: Record, order: tuple[str, ...]) -> None:
    for key in REFRESHED:
        if key in source:
            put(target, key, source[key], order)
    for key in FILLED:
        if key in source and not target.get(key):
            put(target, key, source[key], order)


def _update_labels(existing: Record, imported: Record) -> None:
    # A label without a source is a person's (or predates sources): it is never replaced.
    for label, source in LABELS:
        value = imported.get(label)
        if value in (None, "", []):
            continue
        if existing.get(label) in (None, "", []) or existing.get(source):
            put(existing, label, value, CITATION_KEYS)
            if imported.get(source):
                put(existing, source, imported[source], CITATION_KEYS)
            else:
                existing.pop(source, None)


def _update_citation(existing: Record, imported: Record) -> None:
    _refresh(existing, imported, CITATION_KEYS)
    _update_labels(existing, imported)
    old_contexts = contexts_of(existing)
    known = {text(c).casefold() for c in old_contexts}
    added = [c for c in contexts_of(imported) if text(c).casefold() not in known]
    if added:
        put(existing, "context", unique(old_contexts + added), CITATION_KEYS)


class _Index:
    """Finds existing citations by id, then by normalised title."""

    def __init__(self, citations: list[Any]) -> None:
        self.by_id: dict[str, Record] = {}
        self.by_title: dict[str, Record] = {}
        self.matched: set[int] = set()
        for citation in citations:
            if isinstance(citation, dict):
                self.remember(citation)

    def remember(self, citation: Record) -> None:
        cid = id_key(citation.get("id"))
        if cid:
            self.by_id.setdefault(cid, citation)
        title = normalise_title(citation.get("title"))
        if title:
            self.by_title.setdefault(title, citation)

    def find(self, citation: Record) -> Record | None:
        found = self.by_id.get(id_key(citation.get("id")))
        if found is None:
            # A title only matches a citation nothing else matched, so two distinct imported
            # papers that share a title stay two entries.
            found = self.by_title.get(normalise_title(citation.get("title")))
            if found is None or id(found) in self.matched:
                return None
        self.matched.add(id(found))
        return found


def same_paper(existing: Record, imported: Record) -> bool:
    """Return True unless the two records clearly describe different papers."""
    old_id, new_id = id_key(existing.get("id")), id_key(imported.get("id"))
    if not old_id or not new_id or old_id == new_id:
        return True
    old_title = normalise_title(existing.get("title"))
    return bool(old_title) and old_title == normalise_title(imported.get("title"))


def merge_records(existing: Record, imported: Record) -> tuple[Record, MergeStats]:
    """Return ``existing`` updated from ``imported`` (edited fields kept), and the counts."""
    if not same_paper(existing, imported):
        raise MergeConflict(
            f"the file holds {existing.get('id')} ({existing.get('title', 'untitled')!r}), "
            f"the import is {imported.get('id')} ({imported.get('title', 'untitled')!r})"
        )
    merged = copy.deepcopy(existing)
    _refresh(merged, imported, RECORD_KEYS)
    if not merged.get("slug") and (effective_slug(merged) or imported.get("slug")):
        # Pin the page where it is now, so a later title edit does not move it.
        put(merged, "slug", effective_slug(merged) or imported["slug"], RECORD_KEYS)
    old = merged.get("citations")
    citations: list[Any] = list(old) if isinstance(old, list) else []
    index = _Index(citations)
    new = updated = 0
    for citation in imported.get("citations", []):
        match = index.find(citation)
        if match is None:
            added = copy.deepcopy(citation)
            citations.append(added)
            index.remember(added)
            new += 1
        else:
            _update_citation(match, citation)
            updated += 1
    if citations:
        put(merged, "citations", citations, RECORD_KEYS)
    return merged, MergeStats(len(citations), new, updated)
