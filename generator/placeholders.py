"""The placeholder texts ``hubgen new`` writes into a record (some in commented examples),
by field name: ``hubgen check`` warns about any left in place."""

from __future__ import annotations

PLACEHOLDERS: dict[str, frozenset[str]] = {
    "abstract": frozenset({"Paste the abstract here."}),
    "venue": frozenset({"Journal or conference"}),
    "url": frozenset({"https://doi.org/..."}),
    "code": frozenset({"https://github.com/..."}),
    "authors": frozenset({"First Author", "Second Author", "Someone Else"}),
    "text": frozenset({"The main result, in one sentence."}),
    "title": frozenset({"A related paper", "A citing paper"}),
    "note": frozenset({"Why it belongs next to this one."}),
    "id": frozenset({"doi:10.1000/example"}),
    "summary": frozenset({"One line on what it finds."}),
    "context": frozenset({"The sentence in which it cites this paper."}),
}
"""Texts that are only ever placeholders; realistic examples (``source: Section 4``,
``year: 2024``, ``role: background``) are left out."""
