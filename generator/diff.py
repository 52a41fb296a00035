"""What changed between two versions of the content, field by field, as a reviewer sees it.

Pure functions: :func:`compare` turns the derived hubs of two versions into a
:class:`~generator.diff_report.ChangeReport`, which ``diff_json.py`` renders as JSON and
``diff_markdown.py`` for a pull request. Loading each side (a folder or a git revision) is
the command's job (``commands/diff_cmd.py``).

Every field shown on a hub page is compared (``diff_fields.py`` says which, and how list
entries are matched across versions).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .derive import DerivedHub
from .diff_fields import LISTS, Entry, Fields, hub_fields, hub_lists
from .diff_report import ChangeReport, EntryChange, FieldChange, HubChange, HubEntry, ShareChange


def field_changes(
    old: Fields, new: Fields, follows: frozenset[str] = frozenset()
) -> tuple[FieldChange, ...]:
    """Return the fields whose values differ (both sides list the same fields), but for
    those in ``follows``."""
    return tuple(
        FieldChange(name, a, b)
        for (name, a), (_, b) in zip(old, new, strict=True)
        if a != b and name not in follows
    )


def entry_changes(old: Sequence[Entry], new: Sequence[Entry]) -> tuple[EntryChange, ...]:
    """Return the entries added, removed and changed, in that order."""
    before = {e.key: e for e in old}
    after = {e.key: e for e in new}
    added = [EntryChange(e.key, e.name, "added", e.fields) for e in new if e.key not in before]
    removed = [EntryChange(e.key, e.name, "removed", e.fields) for e in old if e.key not in after]
    changed = []
    for e in new:
        if e.key in before:
            old_entry = before[e.key]
            changes = field_changes(old_entry.fields, e.fields, old_entry.follows & e.follows)
            if changes:
                changed.append(EntryChange(e.key, e.name, "changed", (), changes))
    return tuple(added + removed + changed)


def _share_changes(old: Sequence[Any], new: Sequence[Any]) -> tuple[ShareChange, ...]:
    before = {s.name: (s.count, s.percent) for s in old}
    after = {s.name: (s.count, s.percent) for s in new}
    names = list(dict.fromkeys([*before, *after]))
    changes = []
    for name in names:
        (oc, op), (nc, np) = before.get(name, (0, 0)), after.get(name, (0, 0))
        if (oc, op) != (nc, np):
            changes.append(ShareChange(name, oc, nc, op, np))
    return tuple(changes)


def compare_hub(old: DerivedHub, new: DerivedHub) -> HubChange:
    """Return how one hub changed between two versions."""
    a, b = old.hub, new.hub
    sa, sb = old.summary, new.summary
    lists_a, lists_b = hub_lists(old, new)
    lists = ((name, entry_changes(lists_a[name], lists_b[name])) for name in LISTS)
    return HubChange(
        id=b.id,
        slug=b.slug,
        title=b.title,
        old_id=a.id,
        old_slug=a.slug,
        old_title=a.title,
        derived=field_changes(
            (("label", sa.label), ("sentence", sa.sentence)),
            (("label", sb.label), ("sentence", sb.sentence)),
        ),
        roles=_share_changes(sa.roles, sb.roles),
        polarities=_share_changes(sa.polarities, sb.polarities),
        fields=field_changes(hub_fields(old), hub_fields(new)),
        lists=tuple((name, changes) for name, changes in lists if changes),
    )


def _entry(view: DerivedHub) -> HubEntry:
    hub = view.hub
    return HubEntry(hub.id, hub.slug, hub.title, view.summary.label, len(hub.citations))


def pair_hubs(
    old: Sequence[DerivedHub], new: Sequence[DerivedHub]
) -> tuple[list[tuple[DerivedHub, DerivedHub]], list[DerivedHub], list[DerivedHub]]:
    """Match hubs across versions by id, then by slug; return (pairs, removed, added).

    Ids and slugs are unique within one version (validation guarantees it).
    """
    by_id = {v.hub.id: v for v in new}
    pairs, leftover = _match(old, by_id, lambda v: v.hub.id)
    # A hub whose id changed but whose slug (its URL) stayed is the same page.
    by_slug = {v.hub.slug: v for v in by_id.values()}
    renamed, removed = _match(leftover, by_slug, lambda v: v.hub.slug)
    return pairs + renamed, removed, list(by_slug.values())


def _match(
    old: Sequence[DerivedHub],
    candidates: dict[str, DerivedHub],
    key: Callable[[DerivedHub], str],
) -> tuple[list[tuple[DerivedHub, DerivedHub]], list[DerivedHub]]:
    """Pair each old hub with the candidate of the same key (taking it); return the rest."""
    pairs: list[tuple[DerivedHub, DerivedHub]] = []
    unmatched: list[DerivedHub] = []
    for view in old:
        match = candidates.pop(key(view), None)
        if match is None:
            unmatched.append(view)
        else:
            pairs.append((view, match))
    return pairs, unmatched


def _same_page(old: DerivedHub, new: DerivedHub) -> bool:
    """Return True when the hub cannot have changed: the same record bytes, and the same
    derived summary and co-cited works (a quick test that spares comparing every field)."""
    return (
        old.hub.digest == new.hub.digest
        and old.summary == new.summary
        and old.cocited == new.cocited
    )


def _by_title(views: Iterable[DerivedHub]) -> list[DerivedHub]:
    return sorted(views, key=lambda v: (v.hub.title.casefold(), v.hub.slug))


def compare(
    old: Sequence[DerivedHub],
    new: Sequence[DerivedHub],
    old_name: str = "old",
    new_name: str = "new",
) -> ChangeReport:
    """Return the changes from ``old`` to ``new``; hubs that did not change are left out."""
    pairs, removed, added = pair_hubs(old, new)
    changes = [compare_hub(a, b) for a, b in pairs if not _same_page(a, b)]
    changed = [c for c in changes if c.renamed or c.content_changed]
    changed.sort(key=lambda c: (c.title.casefold(), c.slug))
    return ChangeReport(
        old_name=old_name,
        new_name=new_name,
        old_hubs=len(old),
        new_hubs=len(new),
        added=tuple(map(_entry, _by_title(added))),
        removed=tuple(map(_entry, _by_title(removed))),
        changed=tuple(changed),
    )
