"""The diff report as Markdown for one pull-request comment.

Record text is untrusted (a pull request from a stranger writes it), so every piece of it
is escaped: no heading, list, link, image, HTML, mention or issue reference can come from
a record (see :func:`text`). The output is cut to fit one comment (GitHub takes 65,536
characters); a closing line then says what was left out and how to see all of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from .diff_fields import Value
from .diff_report import ChangeReport, EntryChange, HubChange, HubEntry, ShareChange
from .sentences import papers as citing_papers

MAX_CHARS = 60_000
"""Default size of the Markdown report: one pull-request comment, with room to spare."""
SHORT = 80
"""Text up to this many characters is shown whole, before → after."""
LISTED = 50
"""Entries listed per group (citing papers added, ...); the rest are counted."""
NAME_LIMIT = 200
"""Record text longer than this (a title, say) is shortened where it is shown."""
_WORDS = 12  # at most this many changed words quoted in an excerpt
_CONTEXT = 4  # unchanged words shown on each side of a change
_MAX_DIFF_WORDS = 20_000  # longer texts get no excerpt (the word diff is quadratic)

_BREAK = "\u2060"  # WORD JOINER: invisible, and GitHub links no mention or URL across it
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"([\\`*_\[\]<>|#~&$])")
_LIST_START = re.compile(r"^([-+])|^(\d{1,9})([.)])")
_LINKY = re.compile(r"(@|:(?=//)|(?i:www)(?=\.)|#(?=\d)|(?i:\bgh)-(?=\d))")

HUB_FIELDS = {
    "authors": "Authors",
    "year": "Year",
    "venue": "Venue",
    "url": "URL",
    "code": "Code",
    "abstract": "Abstract",
    "notes": "Notes",
}
LIST_NAMES = {
    "tools": "Tool links",
    "claims": "Claims",
    "cocited": "Co-cited works",
    "citations": "Citing papers",
}


def _clean(value: str) -> str:
    """Return ``value`` on one line: no control or invisible characters, single spaces."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", value)).strip()


def _shorten(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def text(value: str, limit: int = NAME_LIMIT) -> str:
    """Return record text as inert inline Markdown: it renders as the same words, on one
    line, and opens no block, emphasis, link, HTML, mention or issue reference."""
    out = _PUNCT.sub(r"\\\1", _shorten(_clean(value), limit))
    # At the start of a list item, "-", "+" or "1." would open a list of their own.
    out = _LIST_START.sub(lambda m: "\\" + m[1] if m[1] else f"{m[2]}\\{m[3]}", out)
    return _LINKY.sub(lambda m: m[1] + _BREAK, out)


def code(value: str) -> str:
    """Return ``value`` as one code span (fenced by more backticks than it contains)."""
    value = _shorten(_clean(value), NAME_LIMIT)
    if not value:
        return '""'
    fence = "`" * (max(map(len, re.findall("`+", value)), default=0) + 1)
    pad = " " if value[0] == "`" or value[-1] == "`" else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _quoted(value: str) -> str:
    return f"“{text(value)}”" if value else "none"


def _excerpt(before: str, after: str) -> str:
    """Return the first changed words with a little context: ~~removed~~ **added**."""
    a, b = before.split(), after.split()
    if len(a) + len(b) > _MAX_DIFF_WORDS:
        return ""
    edits = [
        op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"
    ]
    if not edits:
        return ": spacing only"
    _, i1, i2, j1, j2 = edits[0]
    parts = ["…"] if i1 > _CONTEXT else []
    parts += [text(" ".join(a[max(0, i1 - _CONTEXT) : i1]))]
    for marks, words in (("~~", a[i1:i2]), ("**", b[j1:j2])):
        if words:
            cut = " …" if len(words) > _WORDS else ""
            parts.append(f"{marks}{text(' '.join(words[:_WORDS]))}{cut}{marks}")
    parts += [text(" ".join(b[j2 : j2 + _CONTEXT]))] + (["…"] if j2 + _CONTEXT < len(b) else [])
    more = f" and {len(edits) - 1:,} more" if len(edits) > 1 else ""
    return ": “" + " ".join(p for p in parts if p) + "”" + more


def _describe_text(before: str, after: str) -> str:
    if len(before) <= SHORT and len(after) <= SHORT:
        return f"{_quoted(before)} → {_quoted(after)}"
    if not before:
        return f"added ({len(after):,} characters)"
    if not after:
        return f"removed ({len(before):,} characters)"
    return f"changed ({len(before):,} → {len(after):,} characters)" + _excerpt(before, after)


def _describe_list(before: tuple[str, ...], after: tuple[str, ...]) -> str:
    if max(len("; ".join(before)), len("; ".join(after))) <= SHORT:  # each item quoted:
        old = ", ".join(map(_quoted, before)) or "none"  # "; " parts the entry's fields
        new = ", ".join(map(_quoted, after)) or "none"
        return f"{old} → {new}"
    parts = []
    for verb, items in (
        ("added", [x for x in after if x not in before]),
        ("removed", [x for x in before if x not in after]),
    ):
        if items:
            shown = "; ".join(_quoted(_shorten(x, SHORT)) for x in items[:3])
            parts.append(
                f"{verb} {shown}" + (f" and {len(items) - 3:,} more" if len(items) > 3 else "")
            )
    return f"{len(before):,} → {len(after):,}: " + (", ".join(parts) or "reordered")


def describe(before: Value, after: Value) -> str:
    """Return ``before → after`` for short values, or what changed in long ones."""
    if isinstance(before, bool) or isinstance(after, bool):
        return f"{'yes' if before else 'no'} → {'yes' if after else 'no'}"
    if isinstance(before, tuple) or isinstance(after, tuple):
        return _describe_list(tuple(before or ()), tuple(after or ()))  # type: ignore[arg-type]
    if isinstance(before, str) or isinstance(after, str):
        return _describe_text(str(before or ""), str(after or ""))
    return f"{'none' if before is None else before} → {'none' if after is None else after}"


def _shares_line(kind: str, changes: Sequence[ShareChange]) -> str:
    parts = [
        f"{text(c.name)} {c.old_percent}% → {c.new_percent}% ({c.old_count:,} → {c.new_count:,})"
        for c in changes
    ]
    return f"- {kind}: " + "; ".join(parts)


def _entry_text(list_name: str, entry: EntryChange) -> str:
    name = text(entry.name) if entry.name.strip() else code(entry.key)
    if entry.status == "changed":
        return f"{name}: " + "; ".join(
            f"{f.field} {describe(f.before, f.after)}" for f in entry.changes
        )
    source = dict(entry.fields).get("source") if list_name == "claims" else ""
    return f"{name} ({text(str(source))})" if source else name


def _entry_groups(list_name: str, entries: Sequence[EntryChange], json_command: str) -> list[str]:
    lines = []
    for status in ("added", "removed", "changed"):
        group = [e for e in entries if e.status == status]
        if group:
            lines.append(f"- {LIST_NAMES[list_name]} {status} ({len(group):,}):")
            lines += [f"  - {_entry_text(list_name, e)}" for e in group[:LISTED]]
            if len(group) > LISTED:
                more = len(group) - LISTED
                lines.append(f"  - … and {more:,} more: {code(json_command)} lists every one")
    return lines


def _hub_section(change: HubChange, json_command: str) -> list[str]:
    lines = [f"### {text(change.title)} ({code(change.slug)})", ""]
    for f in change.derived:
        if f.field == "label":
            lines.append(f"- Label: {text(str(f.before))} → **{text(str(f.after))}**")
        else:
            lines.append(f"- Summary: {_quoted(str(f.before))} → {_quoted(str(f.after))}")
    if change.roles:
        lines.append(_shares_line("Roles", change.roles))
    if change.polarities:
        lines.append(_shares_line("Polarity", change.polarities))
    lines += [f"- {HUB_FIELDS[f.field]}: {describe(f.before, f.after)}" for f in change.fields]
    for list_name, entries in change.lists:
        lines += _entry_groups(list_name, entries, json_command)
    return lines + [""]


def _rename_line(change: HubChange) -> str:
    parts = []
    if change.old_slug != change.slug:
        parts.append(f"slug {code(change.old_slug)} → {code(change.slug)}")
    if change.old_title != change.title:
        parts.append(f"title {_quoted(change.old_title)} → {_quoted(change.title)}")
    if change.old_id != change.id:
        parts.append(f"id {code(change.old_id)} → {code(change.id)}")
    return f"- {text(change.title)}: " + "; ".join(parts)


def _entry_line(entry: HubEntry) -> str:
    papers = citing_papers(entry.citations)
    return f"- {text(entry.title)} ({code(entry.slug)}): {text(entry.label)}, {papers}"


def to_markdown(
    report: ChangeReport, max_chars: int = MAX_CHARS, command: str = "hubgen diff"
) -> str:
    """Return the report as Markdown for a pull-request comment, at most ``max_chars``
    characters (0: no limit). ``command`` is the ``hubgen diff`` call that made it, for
    the lines that say how to see what was left out."""
    lines = [f"## Hub changes: {code(report.old_name)} → {code(report.new_name)}", ""]
    if report.empty:
        return "\n".join(lines + [f"No hub changed ({report.new_hubs:,} hubs).", ""])
    renamed = [c for c in report.changed if c.renamed]
    edited = [c for c in report.changed if c.content_changed]
    counts = [
        f"{len(report.added):,} added",
        f"{len(report.removed):,} removed",
        f"{len(renamed):,} renamed",
        f"{len(edited):,} changed",
    ]
    lines += [f"{', '.join(counts)} ({report.old_hubs:,} → {report.new_hubs:,} hubs).", ""]
    for heading, entries in (("Added hubs", report.added), ("Removed hubs", report.removed)):
        if entries:
            lines += [f"### {heading}", ""] + [_entry_line(e) for e in entries] + [""]
    if renamed:
        lines += ["### Renamed hubs", ""] + [_rename_line(c) for c in renamed] + [""]
    sections: list[int] = []
    for change in edited:
        sections.append(len(lines))
        lines += _hub_section(change, f"{command} --format json")
    return _fit(lines, max_chars, sections, command)


def _fit(lines: list[str], max_chars: int, sections: list[int], command: str) -> str:
    """Return ``lines`` joined, or as many whole lines as fit in ``max_chars`` and a
    closing line saying what was left out and how to see it all."""
    full = "\n".join(lines) + "\n"
    if max_chars <= 0 or len(full) <= max_chars:
        return full
    budget = max_chars - 600  # the closing line: two commands (each at most ~220 characters)
    kept = 0
    size = 0
    while kept < len(lines) and size + len(lines[kept]) + 1 <= budget:
        size += len(lines[kept]) + 1
        kept += 1
    while kept and not lines[kept - 1]:
        kept -= 1
    whole = sum(1 for i, start in enumerate(sections) if _end(sections, i, len(lines)) <= kept)
    left = len(lines) - kept
    closing = (
        f"**Cut to fit one comment:** {len(sections) - whole:,} of {len(sections):,} changed "
        f"hubs not shown in full; {left:,} more lines ({len(full) - size:,} characters) left "
        f"out. See everything with {code(command + ' --max-chars 0')} or "
        f"{code(command + ' --format json')}."
    )
    return "\n".join(lines[:kept] + ["", closing, ""])


def _end(sections: list[int], index: int, total: int) -> int:
    """Return the line after section ``index`` (its trailing blank line excluded)."""
    end = sections[index + 1] if index + 1 < len(sections) else total
    return end - 1
