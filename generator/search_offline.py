"""The offline search index: small scripts a page opened from disk loads a few at a time.

Browsers block Pagefind on ``file://``, so ``static/search.js`` searches this index there
instead. It is an inverted index cut into files by term prefix, so that a query loads the
manifest and only the files its terms and its first results need, whatever the site's
size:

- ``search/index.js``: which file holds which terms, and a filters table (each hub's
  label, roles and polarities), loaded when search starts;
- ``search/terms/<name>.js``: terms in code point order, one a line, each with the hubs it
  occurs in (numbered in index order), how often (capped) and whether in the title;
- ``search/docs/<n>.js``: what a result shows (link, title, text for the snippet) for
  DOCS_PER_FILE hubs.

Every file is a plain script calling a ``window.HUBGEN_SEARCH_*`` function (file:// allows
neither fetch nor modules). A hub's share is its :class:`SearchRecord`, made when its page
is rendered and cached with the page as bytes (:mod:`generator.search_terms` has the
words and the file layout).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .derive import HubView
from .markdown import plain_text
from .search_terms import (
    DIGITS,
    MAX_COUNT,
    bits,
    encode_number,
    number_width,
    posting_code,
    term_files,
    words,
)
from .urls import hub_path

INDEX_FILE = "search/index.js"
DOCS_DIR = "search/docs"
DOCS_PER_FILE = 32
"""Hubs per docs file: a page of results loads at most one file per result shown."""
EXCERPT_CHARS = 1200
"""Text kept per hub for snippets: its abstract, then its claims (then its notes)."""
FILTER_ROW = 64
"""Hubs per line of the filters table (lines keep diffs small)."""
FORMAT = 1
"""Told to search.js in the manifest: bumped when the layout of the files changes."""

_PLAIN = r'[^"\\\x00-\x1f\u2028\u2029]*'
_STRING = rf'"{_PLAIN}(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{{4}}){_PLAIN})*"'
_DOC_ROW = re.compile(rf"\[{_STRING},{_STRING},{_STRING}\]")
_GROUP = rf"[{re.escape(DIGITS[: 2 * MAX_COUNT])}] [^\n]+"
_GROUPS = re.compile(rf"(?:{_GROUP}(?:\n{_GROUP})*)?")
"""Lines of a record's terms: a posting code, a space, words."""
_UNSAFE_TERMS = ('"', "\\", "\r", "\u2028", "\u2029")
"""Characters that would end a string in a terms file (words never hold them)."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """What the offline index holds of one hub: display row, filter values, its terms."""

    doc: str
    """The hub's row in a docs file: a JSON array of its link, title and excerpt."""
    label: str
    roles: tuple[str, ...]
    """The roles that some citing paper of the hub has."""
    polarities: tuple[str, ...]
    terms: str
    """Its terms, one line per posting code (see search_terms.posting_code): the code, a
    space and the terms that have it, sorted and separated by spaces. Text, not tuples:
    records of kept hubs come from the cache on every build, and text loads fastest."""


def hub_search_text(view: HubView) -> str:
    """Return the searchable text of one hub, beyond its title."""
    hub = view.hub
    parts = [", ".join(hub.authors), hub.venue, plain_text(hub.abstract), plain_text(hub.notes)]
    parts += [plain_text(c.text) for c in hub.claims]
    for c in hub.citations:
        parts.append(c.title)
        if c.summary:
            parts.append(plain_text(c.summary))
    return " ".join(p for p in parts if p)


def excerpt(view: HubView) -> str:
    """Return the text a result's snippet is cut from: abstract, claims, notes, capped."""
    hub = view.hub
    parts = [plain_text(hub.abstract), *(plain_text(c.text) for c in hub.claims)]
    parts.append(plain_text(hub.notes))
    text = " ".join(" ".join(p.split()) for p in parts if p)
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text.rfind(" ", 0, EXCERPT_CHARS)  # at a word's end when there is one
    return text[: cut if cut > EXCERPT_CHARS // 2 else EXCERPT_CHARS] + "…"


def _json(value: object) -> str:
    # U+2028 and U+2029 end a line in older JavaScript: escaped like control characters
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def hub_record(view: HubView) -> SearchRecord:
    """Return the offline search record of one hub."""
    hub, summary = view.hub, view.summary
    title = words(hub.title)
    counts = Counter(title)
    counts.update(words(hub_search_text(view)))
    in_title = set(title)
    groups: dict[str, list[str]] = {}
    for term, count in counts.items():
        groups.setdefault(posting_code(count, term in in_title), []).append(term)
    return SearchRecord(
        _json([hub_path(hub.slug), hub.title, excerpt(view)]),
        summary.label,
        tuple(r.name for r in summary.roles if r.count),
        tuple(p.name for p in summary.polarities if p.count),
        "\n".join(f"{code} {' '.join(sorted(terms))}" for code, terms in sorted(groups.items())),
    )


def record_bytes(record: SearchRecord) -> bytes:
    """Return ``record`` as bytes (for the build cache): one line per part, UTF-8."""
    filters = _json([record.label, list(record.roles), list(record.polarities)])
    return "\n".join((record.doc, filters, record.terms)).encode("utf-8")


def record_from_bytes(data: bytes) -> SearchRecord | None:
    """Return the record :func:`record_bytes` made, or None when ``data`` is not one.

    Read back from the cache, so checked: whatever it holds, it cannot end a string in
    the scripts it goes into. Runs for every hub on every build: checks are whole-text
    scans and regular expressions, not loops over terms.
    """
    try:
        doc, filters, *rest = data.decode("utf-8").split("\n", 2)
        label, roles, polarities = json.loads(filters)
    except (UnicodeDecodeError, ValueError):
        return None
    names = [label, *roles, *polarities] if isinstance(roles, list) else [None]
    if not isinstance(polarities, list) or not all(isinstance(n, str) for n in names):
        return None
    groups = rest[0] if rest else ""
    if not _DOC_ROW.fullmatch(doc) or not _GROUPS.fullmatch(groups):
        return None
    if any(c in groups for c in _UNSAFE_TERMS):
        return None
    return SearchRecord(doc, label, tuple(roles), tuple(polarities), groups)


def _postings(records: Sequence[SearchRecord]) -> dict[str, list[str]]:
    """Return every term's postings, one string per hub (its number and code), in order.

    The one loop of the site-wide step that runs per term of every hub (a hundred or
    more a hub): kept as lean as Python allows.
    """
    found: dict[str, list[str]] = {}
    get = found.get
    width = number_width(len(records))
    for n, record in enumerate(records):
        number = encode_number(n, width)
        for line in record.terms.split("\n") if record.terms else ():
            terms = iter(line.split())
            posting = number + next(terms)  # shared by every term of the line
            for term in terms:
                postings = get(term)
                if postings is None:
                    found[term] = [posting]
                else:
                    postings.append(posting)
    return found


def _docs_files(records: Sequence[SearchRecord]) -> dict[str, bytes]:
    files = {}
    for start in range(0, len(records), DOCS_PER_FILE):
        n = start // DOCS_PER_FILE
        rows = ",\n".join(r.doc for r in records[start : start + DOCS_PER_FILE])
        text = f"window.HUBGEN_SEARCH_DOCS({n},[\n{rows}\n]);\n"
        files[f"{DOCS_DIR}/{n}.js"] = text.encode("utf-8")
    return files


def _filters(records: Sequence[SearchRecord], vocabularies: dict[str, list[str]]) -> list[str]:
    """Return the filters table's lines: each hub's label, roles and polarities, coded.

    A hub's code is its label's number (base 32, ``fields[0]`` digits), then its roles and
    its polarities as flags (5 to a base-32 digit), in vocabulary order.
    """
    labels, roles, polarities = (vocabularies[k] for k in ("labels", "roles", "polarities"))
    width = filter_fields(vocabularies)[0]
    label_at = {name: i for i, name in enumerate(labels)}
    role_at = {name: i for i, name in enumerate(roles)}
    polarity_at = {name: i for i, name in enumerate(polarities)}
    known: dict[tuple[str, tuple[str, ...], tuple[str, ...]], str] = {}  # a few hundred kinds

    def code(hub: SearchRecord) -> str:
        return (
            encode_number(label_at[hub.label], width, 32)
            + bits([role_at[n] for n in hub.roles if n in role_at], len(roles))
            + bits([polarity_at[n] for n in hub.polarities if n in polarity_at], len(polarities))
        )

    codes = []
    for r in records:
        kind = (r.label, r.roles, r.polarities)
        found = known.get(kind)
        if found is None:
            found = known[kind] = code(r)
        codes.append(found)
    return ["".join(codes[i : i + FILTER_ROW]) for i in range(0, len(codes), FILTER_ROW)]


def filter_fields(vocabularies: dict[str, list[str]]) -> list[int]:
    """Return the digits of each part of a hub's filter code: label, roles, polarities."""
    labels = len(vocabularies["labels"])
    width = 1
    while 32**width < labels:
        width += 1
    return [width, -(-len(vocabularies["roles"]) // 5), -(-len(vocabularies["polarities"]) // 5)]


def offline_files(
    records: Sequence[SearchRecord],
    labels: Sequence[str],
    roles: Sequence[str],
    polarities: Sequence[str],
) -> dict[str, bytes]:
    """Return every file of the offline index, ``{site path: bytes}``.

    ``records`` are the hubs' records in index order; the vocabularies are what the
    search box's filters offer, in order.
    """
    known = list(labels)
    known += sorted({r.label for r in records} - set(known))  # a guard: labels are known
    vocabularies = {"labels": known, "roles": list(roles), "polarities": list(polarities)}
    filters = _filters(records, vocabularies)
    terms, listing = term_files(_postings(records))
    head = {
        "format": FORMAT,
        "hubs": len(records),
        "width": number_width(len(records)),
        "docsPerFile": DOCS_PER_FILE,
        "fields": filter_fields(vocabularies),
        "filterRow": FILTER_ROW,
        "maxCount": MAX_COUNT,
        **vocabularies,
    }
    lines = [
        "window.HUBGEN_SEARCH_INDEX({",
        *(f"{_json(k)}:{_json(v)}," for k, v in sorted(head.items())),
        '"filters":[',
        ",\n".join(_json(row) for row in filters),
        '],"terms":[',
        ",\n".join(_json(entry) for entry in listing),
        "]});",
        "",
    ]
    files = {INDEX_FILE: "\n".join(lines).encode("utf-8")}
    files.update(terms)
    files.update(_docs_files(records))
    return files
