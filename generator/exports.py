"""Downloadable files of each hub: BibTeX, RIS, CSL-JSON, CSV and the full data as JSON.

Every exporter is a pure function of the derived hub, so two builds of the same content
give byte-identical files. The built-in hub outputs (:mod:`generator.plugins.builtin`)
call them through :data:`EXPORTERS`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .config import SiteConfig
from .derive import DerivedHub
from .markdown import plain_text
from .metadata import paper_ids, paper_link


@dataclass(frozen=True, slots=True)
class Paper:
    """The fields every bibliographic format needs, for the hub paper or a citing paper."""

    title: str
    id: str
    year: int | None
    authors: tuple[str, ...]
    venue: str
    url: str


def papers(view: DerivedHub) -> list[Paper]:
    """Return the hub paper followed by its citing papers, in record order."""
    hub = view.hub
    out = [Paper(hub.title, hub.id, hub.year, hub.authors, hub.venue, hub.url)]
    out += [Paper(c.title, c.id, c.year, c.authors, c.venue, c.url) for c in hub.citations]
    return out


def split_name(name: str) -> tuple[str, str]:
    """Return (family, given) of a name: 'Ada Lovelace' or 'Lovelace, Ada' → ('Lovelace', 'Ada')."""
    if "," in name:
        family, _, given = name.partition(",")
        return family.strip(), given.strip()
    parts = name.split()
    if len(parts) < 2:
        return name.strip(), ""
    return parts[-1], " ".join(parts[:-1])


def inverted_name(name: str) -> str:
    """Return 'Family, Given' (or just the name when it has one part)."""
    return ", ".join(part for part in split_name(name) if part)


# --- BibTeX ------------------------------------------------------------------------------

_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


_BIB_TABLE = str.maketrans(_BIB_SPECIAL)


def bib_escape(text: str) -> str:
    """Return ``text`` with LaTeX's special characters escaped (Unicode stays as it is)."""
    return text.translate(_BIB_TABLE)


def _key_word(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", ascii_text)


def bib_keys(items: Sequence[Paper]) -> list[str]:
    """Return one unique citation key per paper: family name, year, first title word."""
    keys: list[str] = []
    seen: dict[str, int] = {}
    for p in items:
        family = _key_word(split_name(p.authors[0])[0]).lower() if p.authors else ""
        word = first = ""
        for raw in p.title.split():  # the first word longer than three letters, else the first
            candidate = _key_word(raw).lower()
            first = first or candidate
            if len(candidate) > 3:
                word = candidate
                break
        word = word or first or "untitled"
        base = f"{family or 'anon'}{p.year or ''}{word}"
        n = seen.get(base, 0)
        seen[base] = n + 1
        keys.append(base if n == 0 else f"{base}-{n + 1}")
    return keys


_VERBATIM = frozenset({"url", "doi", "eprint"})
"""BibTeX fields copied verbatim (no LaTeX escapes); braces would unbalance the entry."""


def _bib_value(name: str, value: str) -> str:
    if name in _VERBATIM:
        return value.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")
    return bib_escape(value)


def bib_entry(key: str, p: Paper) -> str:
    """Return one BibTeX entry (@article with a venue, @misc without)."""
    fields: list[tuple[str, str]] = [("title", p.title)]
    if p.authors:
        fields.append(("author", " and ".join(inverted_name(a) for a in p.authors)))
    if p.year is not None:
        fields.append(("year", str(p.year)))
    if p.venue:
        fields.append(("journal", p.venue))
    ids = paper_ids(p.id, p.url)
    if ids.doi:
        fields.append(("doi", ids.doi))
    if ids.arxiv:
        fields += [("eprint", ids.arxiv), ("archiveprefix", "arXiv")]
    link = paper_link(p.id, p.url)
    if link:
        fields.append(("url", link))
    if p.id and not (ids.doi or ids.arxiv):
        fields.append(("note", p.id))
    kind = "article" if p.venue else "misc"
    body = ",\n".join(f"  {name} = {{{_bib_value(name, value)}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def bibtex(
    view: DerivedHub, items: Sequence[Paper] | None = None, keys: Sequence[str] | None = None
) -> str:
    """Return the hub paper and its citing papers as BibTeX."""
    items = papers(view) if items is None else items
    keys = bib_keys(items) if keys is None else keys
    return "\n".join(bib_entry(k, p) for k, p in zip(keys, items, strict=True))


# --- RIS ---------------------------------------------------------------------------------


def ris_record(p: Paper) -> str:
    """Return one RIS record (JOUR with a venue, GEN without)."""
    lines = [("TY", "JOUR" if p.venue else "GEN"), ("TI", p.title)]
    lines += [("AU", inverted_name(a)) for a in p.authors]
    if p.year is not None:
        lines.append(("PY", str(p.year)))
    if p.venue:
        lines.append(("JO", p.venue))
    ids = paper_ids(p.id, p.url)
    if ids.doi:
        lines.append(("DO", ids.doi))
    link = paper_link(p.id, p.url)
    if link:
        lines.append(("UR", link))
    if p.id:
        lines.append(("ID", p.id))
    lines.append(("ER", ""))
    # RIS values are single lines; a stray newline in a title would start a bogus tag.
    return "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines)


def ris(view: DerivedHub) -> str:
    """Return the hub paper and its citing papers as RIS."""
    return "\n".join(ris_record(p) for p in papers(view))


# --- CSL-JSON ----------------------------------------------------------------------------


def csl_item(key: str, p: Paper) -> dict[str, Any]:
    """Return one CSL-JSON item."""
    item: dict[str, Any] = {"id": key, "type": "article-journal" if p.venue else "article"}
    item["title"] = p.title
    if p.authors:
        item["author"] = [
            {"family": f, "given": g} if g else {"literal": f}
            for f, g in (split_name(a) for a in p.authors)
        ]
    if p.year is not None:
        item["issued"] = {"date-parts": [[p.year]]}
    if p.venue:
        item["container-title"] = p.venue
    ids = paper_ids(p.id, p.url)
    if ids.doi:
        item["DOI"] = ids.doi
    link = paper_link(p.id, p.url)
    if link:
        item["URL"] = link
    if p.id:
        item["note"] = p.id
    return item


def line_json(value: Any, depth: int = 2, indent: int = 0) -> str:
    """Return JSON with the outer ``depth`` levels spread one item per line.

    Deeper values are written compactly by the C encoder (``json`` falls back to its
    slow pure-Python encoder whenever ``indent`` is set). One citing paper per line keeps
    exports quick to write and small to diff.
    """
    if depth <= 0 or not isinstance(value, (dict, list)) or not value:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    pad = "  " * (indent + 1)
    if isinstance(value, dict):
        rows = [
            f"{pad}{json.dumps(k, ensure_ascii=False)}: {line_json(v, depth - 1, indent + 1)}"
            for k, v in value.items()
        ]
        opening, closing = "{", "}"
    else:
        rows = [pad + line_json(v, depth - 1, indent + 1) for v in value]
        opening, closing = "[", "]"
    return opening + "\n" + ",\n".join(rows) + "\n" + "  " * indent + closing


def csl_json(
    view: DerivedHub, items: Sequence[Paper] | None = None, keys: Sequence[str] | None = None
) -> str:
    """Return the hub paper and its citing papers as a CSL-JSON array."""
    items = papers(view) if items is None else items
    keys = bib_keys(items) if keys is None else keys
    data = [csl_item(k, p) for k, p in zip(keys, items, strict=True)]
    return line_json(data, depth=1) + "\n"


# --- CSV and JSON ------------------------------------------------------------------------

CSV_COLUMNS = (
    "number",
    "title",
    "id",
    "year",
    "authors",
    "venue",
    "url",
    "roles",
    "polarity",
    "representative",
    "summary",
    "context",
)


def csv_rows(view: DerivedHub) -> list[dict[str, str]]:
    """Return the explorer's rows (one per citing paper, record order) as CSV cells."""
    rows = []
    for number, c in enumerate(view.hub.citations, start=1):
        rows.append(
            {
                "number": str(number),
                "title": c.title,
                "id": c.id,
                "year": "" if c.year is None else str(c.year),
                "authors": "; ".join(c.authors),
                "venue": c.venue,
                "url": c.url,
                "roles": "; ".join(c.roles),
                "polarity": c.polarity,
                "representative": "yes" if c.representative else "no",
                "summary": plain_text(c.summary) if c.summary else "",
                "context": " | ".join(c.contexts),
            }
        )
    return rows


def csv_text(view: DerivedHub) -> str:
    """Return the explorer table as CSV (RFC 4180 line endings, header row first)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: _inert(v) for k, v in row.items()} for row in csv_rows(view))
    return out.getvalue()


def _inert(value: Any) -> Any:
    """Keep spreadsheets from running a cell as a formula (a leading ' shows it as text)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _shares(items: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"name": s.name, "count": s.count, "percent": s.percent} for s in items]


def full_data(view: DerivedHub) -> dict[str, Any]:
    """Return the hub's record and everything derived from it, as plain JSON data."""
    hub, s = view.hub, view.summary
    record = {
        "id": hub.id,
        "slug": hub.slug,
        "title": hub.title,
        "authors": list(hub.authors),
        "year": hub.year,
        "venue": hub.venue,
        "url": hub.url,
        "code": hub.code,
        "abstract": hub.abstract,
        "notes": hub.notes,
        "claims": [{"text": c.text, "source": c.source} for c in hub.claims],
        "cocited": [
            {"title": c.title, "id": c.id, "url": c.url, "note": c.note} for c in hub.cocited
        ],
        "tools": [{"label": t.label, "url": t.url} for t in hub.tools],
        "citations": [
            {
                "title": c.title,
                "id": c.id,
                "year": c.year,
                "authors": list(c.authors),
                "venue": c.venue,
                "url": c.url,
                "summary": c.summary,
                "role": list(c.roles),
                "polarity": c.polarity,
                "representative": c.representative,
                "context": list(c.contexts),
            }
            for c in hub.citations
        ],
    }
    derived = {
        "label": s.label,
        "label_key": s.label_key,
        "sentence": s.sentence,
        "total": s.total,
        "role_labels": s.role_labels,
        "with_polarity": s.with_polarity,
        "roles": _shares(s.roles),
        "polarities": _shares(s.polarities),
        "years": [{"year": y, "count": n} for y, n in s.years],
        "cocited": [
            {"title": c.title, "id": c.id, "hub": c.slug, "shared": c.shared, "curated": c.curated}
            for c in view.cocited
        ],
    }
    return {"record": record, "derived": derived}


def full_json(view: DerivedHub) -> str:
    """Return :func:`full_data` as JSON text, one citing paper per line."""
    return line_json(full_data(view), depth=3) + "\n"


EXPORTERS: dict[str, Callable[[DerivedHub, SiteConfig], str]] = {
    "bib": lambda view, config: bibtex(view),
    "ris": lambda view, config: ris(view),
    "csl": lambda view, config: csl_json(view),
    "csv": lambda view, config: csv_text(view),
    "json": lambda view, config: full_json(view),
}
"""Each export format's writer, by the name the built-in outputs declare."""
