"""What changed between two versions of the content, as a reviewer would want to read it.

Pure functions: :func:`snapshot` reduces a derived hub to the facts a review cares about,
:func:`compare` turns two lists of snapshots into a :class:`ChangeReport`, and
:func:`to_markdown` / :func:`to_json` render it. Loading each side (a folder or a git
revision) is the command's job (``commands/diff_cmd.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from .derive import HubView


@dataclass(frozen=True, slots=True)
class CitingPaper:
    """A citing paper as the diff sees it: a key to match it across versions, and tags."""

    key: str
    """``id:<id>`` when the paper has an id, else ``title:<normalised title>``."""
    title: str
    roles: tuple[str, ...]
    polarity: str


@dataclass(frozen=True, slots=True)
class HubSnapshot:
    """The reviewable facts of one hub in one version of the content."""

    id: str
    slug: str
    title: str
    label: str
    sentence: str
    roles: tuple[tuple[str, int, int], ...]
    """(role, citing-paper labels, percent) for every role of the vocabulary."""
    polarities: tuple[tuple[str, int, int], ...]
    """(polarity, citing papers, percent) for every polarity."""
    citations: tuple[CitingPaper, ...]
    claims: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ShareChange:
    """One role or polarity whose count or share changed."""

    name: str
    old_count: int
    new_count: int
    old_percent: int
    new_percent: int


@dataclass(frozen=True, slots=True)
class RetaggedPaper:
    """A citing paper present in both versions whose roles or polarity changed."""

    title: str
    old_roles: tuple[str, ...]
    new_roles: tuple[str, ...]
    old_polarity: str
    new_polarity: str


@dataclass(frozen=True, slots=True)
class HubChange:
    """How one hub present in both versions changed (empty fields: no change there)."""

    id: str
    slug: str
    title: str
    old_id: str
    old_slug: str
    old_title: str
    old_label: str = ""
    new_label: str = ""
    old_sentence: str = ""
    new_sentence: str = ""
    citations_added: tuple[str, ...] = ()
    citations_removed: tuple[str, ...] = ()
    retagged: tuple[RetaggedPaper, ...] = ()
    roles: tuple[ShareChange, ...] = ()
    polarities: tuple[ShareChange, ...] = ()
    claims_added: tuple[str, ...] = ()
    claims_removed: tuple[str, ...] = ()

    @property
    def renamed(self) -> bool:
        """True when the id, slug or title differ between the versions."""
        return (self.old_id, self.old_slug, self.old_title) != (self.id, self.slug, self.title)

    @property
    def content_changed(self) -> bool:
        """True when anything besides the name changed."""
        return bool(
            self.old_label != self.new_label
            or self.old_sentence != self.new_sentence
            or self.citations_added
            or self.citations_removed
            or self.retagged
            or self.roles
            or self.polarities
            or self.claims_added
            or self.claims_removed
        )


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


def snapshot(view: HubView) -> HubSnapshot:
    """Return the reviewable facts of one derived hub."""
    hub, s = view.hub, view.summary
    papers = tuple(
        CitingPaper(f"id:{c.id}" if c.id else f"title:{c.title_key}", c.title, c.roles, c.polarity)
        for c in hub.citations
    )
    return HubSnapshot(
        id=hub.id,
        slug=hub.slug,
        title=hub.title,
        label=s.label,
        sentence=s.sentence,
        roles=tuple((r.name, r.count, r.percent) for r in s.roles),
        polarities=tuple((p.name, p.count, p.percent) for p in s.polarities),
        citations=papers,
        claims=tuple(c.text for c in hub.claims),
    )


def _entry(hub: HubSnapshot) -> HubEntry:
    return HubEntry(hub.id, hub.slug, hub.title, hub.label, len(hub.citations))


def pair_hubs(
    old: Sequence[HubSnapshot], new: Sequence[HubSnapshot]
) -> tuple[list[tuple[HubSnapshot, HubSnapshot]], list[HubSnapshot], list[HubSnapshot]]:
    """Match hubs across versions by id, then by slug; return (pairs, removed, added).

    Ids and slugs are unique within one version (validation guarantees it).
    """
    by_id = {h.id: h for h in new}
    pairs, leftover = _match(old, by_id, lambda h: h.id)
    # A hub whose id changed but whose slug (its URL) stayed is the same page.
    by_slug = {h.slug: h for h in by_id.values()}
    renamed, removed = _match(leftover, by_slug, lambda h: h.slug)
    return pairs + renamed, removed, list(by_slug.values())


def _match(
    old: Sequence[HubSnapshot],
    candidates: dict[str, HubSnapshot],
    key: Callable[[HubSnapshot], str],
) -> tuple[list[tuple[HubSnapshot, HubSnapshot]], list[HubSnapshot]]:
    """Pair each old hub with the candidate of the same key (taking it); return the rest."""
    pairs: list[tuple[HubSnapshot, HubSnapshot]] = []
    unmatched: list[HubSnapshot] = []
    for hub in old:
        match = candidates.pop(key(hub), None)
        if match is None:
            unmatched.append(hub)
        else:
            pairs.append((hub, match))
    return pairs, unmatched


def _share_changes(
    old: Sequence[tuple[str, int, int]], new: Sequence[tuple[str, int, int]]
) -> tuple[ShareChange, ...]:
    before = {name: (count, pct) for name, count, pct in old}
    after = {name: (count, pct) for name, count, pct in new}
    names = list(dict.fromkeys([n for n, _, _ in old] + [n for n, _, _ in new]))
    changes = []
    for name in names:
        (oc, op), (nc, np) = before.get(name, (0, 0)), after.get(name, (0, 0))
        if (oc, op) != (nc, np):
            changes.append(ShareChange(name, oc, nc, op, np))
    return tuple(changes)


def _removed_in_order(items: Sequence[str], other: Sequence[str]) -> tuple[str, ...]:
    gone = set(items) - set(other)
    return tuple(dict.fromkeys(i for i in items if i in gone))


def compare_hub(old: HubSnapshot, new: HubSnapshot) -> HubChange:
    """Return how one hub changed between two versions."""
    old_papers = {p.key: p for p in old.citations}
    new_papers = {p.key: p for p in new.citations}
    retagged = tuple(
        RetaggedPaper(p.title, old_papers[k].roles, p.roles, old_papers[k].polarity, p.polarity)
        for k, p in new_papers.items()
        if k in old_papers
        and (old_papers[k].roles, old_papers[k].polarity) != (p.roles, p.polarity)
    )
    return HubChange(
        id=new.id,
        slug=new.slug,
        title=new.title,
        old_id=old.id,
        old_slug=old.slug,
        old_title=old.title,
        old_label=old.label,
        new_label=new.label,
        old_sentence=old.sentence,
        new_sentence=new.sentence,
        citations_added=tuple(p.title for k, p in new_papers.items() if k not in old_papers),
        citations_removed=tuple(p.title for k, p in old_papers.items() if k not in new_papers),
        retagged=retagged,
        roles=_share_changes(old.roles, new.roles),
        polarities=_share_changes(old.polarities, new.polarities),
        claims_added=_removed_in_order(new.claims, old.claims),
        claims_removed=_removed_in_order(old.claims, new.claims),
    )


def compare(
    old: Sequence[HubSnapshot],
    new: Sequence[HubSnapshot],
    old_name: str = "old",
    new_name: str = "new",
) -> ChangeReport:
    """Return the changes from ``old`` to ``new``; hubs that did not change are left out."""
    pairs, removed, added = pair_hubs(old, new)
    changes = [compare_hub(a, b) for a, b in pairs]
    changed = [c for c in changes if c.renamed or c.content_changed]
    changed.sort(key=lambda c: (c.title.casefold(), c.slug))
    return ChangeReport(
        old_name=old_name,
        new_name=new_name,
        old_hubs=len(old),
        new_hubs=len(new),
        added=tuple(_entry(h) for h in sorted(added, key=lambda h: (h.title.casefold(), h.slug))),
        removed=tuple(
            _entry(h) for h in sorted(removed, key=lambda h: (h.title.casefold(), h.slug))
        ),
        changed=tuple(changed),
    )


# --- Rendering -------------------------------------------------------------------------


def to_json(report: ChangeReport) -> str:
    """Return the report as indented JSON (stable key order)."""
    data = asdict(report)
    for change, raw in zip(report.changed, data["changed"], strict=True):
        raw["renamed"] = change.renamed
        raw["content_changed"] = change.content_changed
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else f"`` {text} ``"


def _md(text: str) -> str:
    """Escape the characters that would turn a title into Markdown markup."""
    out = text.replace("\\", "\\\\")
    for ch in "*_`[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out


def _shares_line(kind: str, changes: Sequence[ShareChange]) -> str:
    parts = [
        f"{c.name} {c.old_percent}% → {c.new_percent}% ({c.old_count} → {c.new_count})"
        for c in changes
    ]
    return f"- {kind}: " + "; ".join(parts)


def _retag_text(paper: RetaggedPaper) -> str:
    parts = []
    if paper.old_roles != paper.new_roles:
        old = ", ".join(paper.old_roles) or "none"
        new = ", ".join(paper.new_roles) or "none"
        parts.append(f"role {old} → {new}")
    if paper.old_polarity != paper.new_polarity:
        parts.append(f"polarity {paper.old_polarity or 'none'} → {paper.new_polarity or 'none'}")
    return f"{_md(paper.title)}: " + "; ".join(parts)


def _bullets(title: str, items: Sequence[str]) -> list[str]:
    if not items:
        return []
    return [f"- {title} ({len(items)}):"] + [f"  - {item}" for item in items]


def _hub_section(change: HubChange) -> list[str]:
    lines = [f"### {_md(change.title)} ({_code(change.slug)})", ""]
    if change.old_label != change.new_label:
        lines.append(f"- Label: {change.old_label} → **{change.new_label}**")
    if change.old_sentence != change.new_sentence:
        lines.append(f"- Summary: “{change.old_sentence}” → “{change.new_sentence}”")
    lines += _bullets("Citing papers added", [_md(t) for t in change.citations_added])
    lines += _bullets("Citing papers removed", [_md(t) for t in change.citations_removed])
    lines += _bullets("Citing papers re-tagged", [_retag_text(p) for p in change.retagged])
    if change.roles:
        lines.append(_shares_line("Roles", change.roles))
    if change.polarities:
        lines.append(_shares_line("Polarity", change.polarities))
    lines += _bullets("Claims added", [_md(t) for t in change.claims_added])
    lines += _bullets("Claims removed", [_md(t) for t in change.claims_removed])
    return lines + [""]


def _rename_line(change: HubChange) -> str:
    parts = []
    if change.old_slug != change.slug:
        parts.append(f"slug {_code(change.old_slug)} → {_code(change.slug)}")
    if change.old_title != change.title:
        parts.append(f"title “{_md(change.old_title)}” → “{_md(change.title)}”")
    if change.old_id != change.id:
        parts.append(f"id {_code(change.old_id)} → {_code(change.id)}")
    return f"- {_md(change.title)}: " + "; ".join(parts)


def _entry_line(entry: HubEntry) -> str:
    papers = "citing paper" if entry.citations == 1 else "citing papers"
    return f"- {_md(entry.title)} ({_code(entry.slug)}): {entry.label}, {entry.citations} {papers}"


def to_markdown(report: ChangeReport) -> str:
    """Return the report as Markdown fit for a pull-request comment."""
    lines = [f"## Hub changes: {_code(report.old_name)} → {_code(report.new_name)}", ""]
    if report.empty:
        return "\n".join(lines + [f"No hub changed ({report.new_hubs} hubs).", ""])
    renamed = [c for c in report.changed if c.renamed]
    edited = [c for c in report.changed if c.content_changed]
    counts = [
        f"{len(report.added)} added",
        f"{len(report.removed)} removed",
        f"{len(renamed)} renamed",
        f"{len(edited)} changed",
    ]
    lines += [f"{', '.join(counts)} ({report.old_hubs} → {report.new_hubs} hubs).", ""]
    for heading, entries in (("Added hubs", report.added), ("Removed hubs", report.removed)):
        if entries:
            lines += [f"### {heading}", ""] + [_entry_line(e) for e in entries] + [""]
    if renamed:
        lines += ["### Renamed hubs", ""] + [_rename_line(c) for c in renamed] + [""]
    for change in edited:
        lines += _hub_section(change)
    return "\n".join(lines)
