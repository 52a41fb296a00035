"""What the offline search index holds of one hub: its search record.

Made by the render worker that renders the hub's page and cached with the page entry as
bytes (:func:`record_bytes`); the site-wide step (:mod:`generator.search.offline`) reads
records back with :func:`record_from_bytes`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

from ..derive import DerivedHub
from ..markdown import plain_text
from ..urls import hub_path
from .terms import DIGITS, MAX_COUNT, posting_code, words

EXCERPT_CHARS = 1200
"""Text kept per hub for snippets: its abstract, then its claims (then its notes)."""

_PLAIN = r'[^"\\\x00-\x1f\u2028\u2029]*'
_STRING = rf'"{_PLAIN}(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{{4}}){_PLAIN})*"'
_DOC_ROW = re.compile(rf"\[{_STRING},{_STRING},{_STRING}\]")
"""A JSON array of three strings with nothing JavaScript reads differently."""
_GROUP = rf"[{re.escape(DIGITS[: 2 * MAX_COUNT])}] [^\n]+"
_GROUPS = re.compile(rf"(?:{_GROUP}(?:\n{_GROUP})*)?")
"""Lines of a record's terms: a posting code, a space, words."""
_UNSAFE_TERMS = ('"', "\\", "\r", "\u2028", "\u2029")
"""Characters that would end a string in a terms file (words never hold them)."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One hub in the offline index: its row in a docs file and its terms."""

    doc: str
    """A JSON array of the hub's link, title and excerpt: its row in a docs file."""
    terms: str
    """Its terms, one line per posting code (see terms.posting_code): the code, a
    space and the terms that have it, sorted and separated by spaces. Text, not tuples:
    records come back from the cache, and text loads fastest."""

    def codes(self) -> dict[str, str]:
        """Return ``{term: posting code}``."""
        found = {}
        for line in self.terms.split("\n") if self.terms else ():
            code, *terms = line.split()
            found.update(dict.fromkeys(terms, code))
        return found


def hub_search_text(view: DerivedHub) -> str:
    """Return the searchable text of one hub, beyond its title."""
    hub = view.hub
    parts = [", ".join(hub.authors), hub.venue, plain_text(hub.abstract), plain_text(hub.notes)]
    parts += [plain_text(c.text) for c in hub.claims]
    for c in hub.citations:
        parts.append(c.title)
        if c.summary:
            parts.append(plain_text(c.summary))
    return " ".join(p for p in parts if p)


def excerpt(view: DerivedHub) -> str:
    """Return the text a result's snippet is cut from: abstract, claims, notes, capped."""
    hub = view.hub
    parts = [plain_text(hub.abstract), *(plain_text(c.text) for c in hub.claims)]
    parts.append(plain_text(hub.notes))
    text = " ".join(" ".join(p.split()) for p in parts if p)
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text.rfind(" ", 0, EXCERPT_CHARS)  # at a word's end when there is one
    return text[: cut if cut > EXCERPT_CHARS // 2 else EXCERPT_CHARS] + "…"


def script_json(value: object) -> str:
    """Return ``value`` as JSON that reads the same as JavaScript, UTF-8 kept."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # U+2028 and U+2029 end a line in older JavaScript: escaped like control characters
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def hub_record(view: DerivedHub, text: str | None = None) -> SearchRecord:
    """Return the offline search record of one hub (``text``: its
    :func:`hub_search_text`, when the caller has it already)."""
    hub = view.hub
    title = words(hub.title)
    counts = Counter(title)
    counts.update(words(hub_search_text(view) if text is None else text))
    in_title = set(title)
    groups: dict[str, list[str]] = {}
    for term, count in counts.items():
        groups.setdefault(posting_code(count, term in in_title), []).append(term)
    return SearchRecord(
        script_json([hub_path(hub.slug), hub.title, excerpt(view)]),
        "\n".join(f"{code} {' '.join(sorted(terms))}" for code, terms in sorted(groups.items())),
    )


def record_bytes(record: SearchRecord) -> bytes:
    """Return ``record`` as bytes (for the build cache): its row, then its terms."""
    return f"{record.doc}\n{record.terms}".encode()


def record_from_bytes(data: bytes) -> SearchRecord | None:
    """Return the record :func:`record_bytes` made, or None when ``data`` is not one.

    Read back from the cache, so checked: whatever it holds, it cannot end a string in
    the scripts it goes into (whole-text scans and regular expressions, no loops).
    """
    try:
        doc, terms = data.decode("utf-8").split("\n", 1)
    except (UnicodeDecodeError, ValueError):
        return None
    if not _DOC_ROW.fullmatch(doc) or not _GROUPS.fullmatch(terms):
        return None
    if any(c in terms for c in _UNSAFE_TERMS):
        return None
    return SearchRecord(doc, terms)
