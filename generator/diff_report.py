"""What :mod:`generator.diff` finds between two versions: the shape of its ChangeReport.

The report is plain data; :mod:`generator.diff_json` and :mod:`generator.diff_markdown`
render it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from .diff_fields import Fields, Value

Status: TypeAlias = Literal["added", "removed", "changed"]


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field whose value differs between the versions."""

    field: str
    before: Value
    after: Value


@dataclass(frozen=True, slots=True)
class EntryChange:
    """An entry of a hub's list (citing paper, claim, co-cited work, tool link) that changed."""

    key: str
    """How the entry is matched across versions, e.g. ``doi:10.1/x`` or ``title:a title``."""
    name: str
    """How it is shown: its title, text or label (in the newer version when it has one)."""
    status: Status
    fields: Fields
    """``changed``: unused (see ``changes``); else every field of the entry added or removed."""
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True, slots=True)
class ShareChange:
    """One role or polarity whose count or share changed."""

    name: str
    old_count: int
    new_count: int
    old_percent: int
    new_percent: int


@dataclass(frozen=True, slots=True)
class HubChange:
    """How one hub present in both versions changed (empty fields: no change there)."""

    id: str
    slug: str
    title: str
    old_id: str
    old_slug: str
    old_title: str
    derived: tuple[FieldChange, ...] = ()
    """The label and the summary sentence."""
    roles: tuple[ShareChange, ...] = ()
    polarities: tuple[ShareChange, ...] = ()
    fields: tuple[FieldChange, ...] = ()
    """The hub's own fields besides its name: authors, year, venue, url, code, abstract, notes."""
    lists: tuple[tuple[str, tuple[EntryChange, ...]], ...] = ()
    """(list name, its changed entries) for each of LISTS with a change, in that order."""

    @property
    def renamed(self) -> bool:
        """True when the id, slug or title differ between the versions."""
        return (self.old_id, self.old_slug, self.old_title) != (self.id, self.slug, self.title)

    @property
    def content_changed(self) -> bool:
        """True when anything besides the name changed."""
        return bool(self.derived or self.roles or self.polarities or self.fields or self.lists)


@dataclass(frozen=True, slots=True)
class HubEntry:
    """A hub added or removed, with enough to recognise it."""

    id: str
    slug: str
    title: str
    label: str
    citations: int


@dataclass(frozen=True, slots=True)
class ChangeReport:
    """Every change between two versions; unchanged hubs are not listed."""

    old_name: str
    new_name: str
    old_hubs: int
    new_hubs: int
    added: tuple[HubEntry, ...] = ()
    removed: tuple[HubEntry, ...] = ()
    changed: tuple[HubChange, ...] = ()
    """Hubs present in both versions that were renamed or changed, in title order."""

    @property
    def empty(self) -> bool:
        """True when the two versions show the same hubs."""
        return not (self.added or self.removed or self.changed)
