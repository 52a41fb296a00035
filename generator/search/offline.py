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
neither fetch nor modules). Each hub's share is its search record
(:mod:`generator.search.records`), cached with its page.

Every build writes these files from all hubs, but it does not invert every hub's terms
again: when the hubs are those of the last build, in the same order, it takes the terms
files that build wrote and changes the postings of the hubs whose records changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .records import SearchRecord, record_from_bytes, script_json
from .terms import (
    MAX_COUNT,
    TERMS_DIR,
    bits,
    encode_number,
    find_line,
    invert,
    number_width,
    read_terms_file,
    set_posting,
    term_files,
    term_line,
    term_lines,
)

INDEX_FILE = "search/index.js"
DOCS_DIR = "search/docs"
DOCS_PER_FILE = 32
"""Hubs per docs file: a page of results loads at most one file per result shown."""
FILTER_ROW = 64
"""Hubs per line of the filters table (lines keep diffs small)."""
FORMAT = 1
"""Told to search.js in the manifest: bumped when the layout of the files changes."""

Reader = Callable[[str], bytes | None]
"""The previous site's file at a path, when it is one hubgen wrote (else None)."""


@dataclass(frozen=True, slots=True)
class IndexedHub:
    """One hub, as the site-wide step sees it."""

    record: bytes
    """Its search record (records.record_bytes)."""
    old: bytes | None
    """The record the last build indexed it with (None: not known)."""
    label: str
    roles: tuple[str, ...]
    """The roles that some citing paper of the hub has."""
    polarities: tuple[str, ...]


def _patch(
    lines: list[str], hubs: Sequence[IndexedHub], record: Callable[[int], SearchRecord]
) -> bool:
    """Change the terms' ``lines`` from the hubs' old records to their records
    (``record(n)``); False when an old record does not read back (``lines`` are then of
    no use)."""
    width = number_width(len(hubs))
    for n, hub in enumerate(hubs):
        if hub.old is None or hub.old == hub.record:
            continue
        was = record_from_bytes(hub.old)
        if was is None:
            return False
        old, new = was.codes(), record(n).codes()
        number = encode_number(n, width)
        for term in old.keys() | new.keys():
            if new.get(term) == old.get(term):
                continue
            at, found = find_line(lines, term)
            postings = set_posting(found or "", number, new.get(term))
            if postings and found is not None:
                lines[at] = term_line(term, postings)
            elif postings:
                lines.insert(at, term_line(term, postings))
            elif found is not None:
                del lines[at]
    return True


def _index_key(digests: Iterable[bytes]) -> str:
    """Return the hash of the hubs' records' digests, in order, and of this index's layout.

    The index is made from these alone, so it says what it was made from: a build takes
    over the last build's files only when they were made from the records it knows.
    """
    h = hashlib.sha256(f"{FORMAT} {DOCS_PER_FILE} {MAX_COUNT}".encode())
    for digest in digests:
        h.update(digest)
    return h.hexdigest()[:32]


def _previous_lines(old_key: str | None, read: Reader) -> list[str] | None:
    """Return the lines of the terms files the last build wrote, when it made them from
    the records the hubs' ``old`` ones are (its key is ``old_key``); else None."""
    if old_key is None:
        return None
    data = read(INDEX_FILE)
    text = data.decode("utf-8", "replace") if data else ""
    start, end = text.find("("), text.rfind(")")
    try:
        index = json.loads(text[start + 1 : end]) if 0 <= start < end else {}
    except ValueError:
        return None
    if not isinstance(index, dict) or index.get("key") != old_key:
        return None
    terms = index.get("terms")
    if not isinstance(terms, list):
        return None
    lines: list[str] = []
    for entry in terms:
        name = entry[1] if isinstance(entry, list) and len(entry) == 2 else None
        data = read(f"{TERMS_DIR}/{name}.js") if isinstance(name, str) else None
        found = read_terms_file(data, str(name)) if data is not None else None
        if found is None:
            return None
        lines += found
    return lines


def _docs_files(
    hubs: Sequence[IndexedHub], record: Callable[[int], SearchRecord], read: Reader | None
) -> dict[str, bytes]:
    """Return the docs files; one whose hubs did not change is taken from the last build
    (``read``, when that build indexed these hubs)."""
    files = {}
    for start in range(0, len(hubs), DOCS_PER_FILE):
        n = start // DOCS_PER_FILE
        path = f"{DOCS_DIR}/{n}.js"
        chunk = hubs[start : start + DOCS_PER_FILE]
        same = read is not None and all(h.old == h.record for h in chunk)
        kept = read(path) if read is not None and same else None
        if kept is None:
            rows = ",\n".join(record(i).doc for i in range(start, start + len(chunk)))
            kept = f"window.HUBGEN_SEARCH_DOCS({n},[\n{rows}\n]);\n".encode()
        files[path] = kept
    return files


def filter_fields(vocabularies: dict[str, list[str]]) -> list[int]:
    """Return the digits of each part of a hub's filter code: label, roles, polarities."""
    width = 1
    while 32**width < len(vocabularies["labels"]):
        width += 1
    roles, polarities = len(vocabularies["roles"]), len(vocabularies["polarities"])
    return [width, -(-roles // 5), -(-polarities // 5)]


def _filters(hubs: Sequence[IndexedHub], vocabularies: dict[str, list[str]]) -> list[str]:
    """Return the filters table's lines: each hub's label, roles and polarities, coded.

    A hub's code is its label's number (base 32, ``fields[0]`` digits), then its roles and
    its polarities as flags (5 to a base-32 digit), in vocabulary order.
    """
    width = filter_fields(vocabularies)[0]
    at = {kind: {name: i for i, name in enumerate(names)} for kind, names in vocabularies.items()}
    sizes = {kind: len(names) for kind, names in vocabularies.items()}
    known: dict[tuple[str, tuple[str, ...], tuple[str, ...]], str] = {}  # a few hundred kinds
    codes = []
    for hub in hubs:
        kind = (hub.label, hub.roles, hub.polarities)
        code = known.get(kind)
        if code is None:
            roles = [at["roles"][n] for n in hub.roles if n in at["roles"]]
            polarities = [at["polarities"][n] for n in hub.polarities if n in at["polarities"]]
            code = known[kind] = (
                encode_number(at["labels"][hub.label], width, 32)
                + bits(roles, sizes["roles"])
                + bits(polarities, sizes["polarities"])
            )
        codes.append(code)
    return ["".join(codes[i : i + FILTER_ROW]) for i in range(0, len(codes), FILTER_ROW)]


class _Records:
    """The hubs' records, read back (and checked) only where they are needed, and their
    digests (see :func:`_index_key`)."""

    def __init__(self, hubs: Sequence[IndexedHub], remake: Callable[[int], bytes] | None):
        self.hubs, self.remake = hubs, remake
        self.digests = [hashlib.sha256(hub.record).digest() for hub in hubs]
        self.read: dict[int, SearchRecord] = {}
        """Records already read back: a full index reads each for its terms and its row."""

    def __call__(self, n: int) -> SearchRecord:
        """Return hub ``n``'s record (made again when the one given does not read back)."""
        if n not in self.read:
            self.read[n] = self._read(n)
        return self.read[n]

    def _read(self, n: int) -> SearchRecord:
        found = record_from_bytes(self.hubs[n].record)
        if found is None and self.remake is not None:
            data = self.remake(n)
            self.digests[n] = hashlib.sha256(data).digest()
            found = record_from_bytes(data)
        if found is None:
            raise ValueError(f"hub {n}: its search record does not read back")
        return found

    def old_key(self) -> str | None:
        """Return the key of an index of the hubs' old records (None: some are unknown)."""
        if any(hub.old is None for hub in self.hubs):
            return None
        return _index_key(
            d if h.old is h.record else hashlib.sha256(h.old or b"").digest()
            for h, d in zip(self.hubs, self.digests, strict=True)
        )


def _index_file(
    hubs: Sequence[IndexedHub],
    vocabularies: dict[str, list[str]],
    listing: list[list[str]],
    key: str,
) -> bytes:
    """Return ``search/index.js``: settings, vocabularies, filters table, terms files."""
    head = {
        "docsPerFile": DOCS_PER_FILE,
        "fields": filter_fields(vocabularies),
        "filterRow": FILTER_ROW,
        "format": FORMAT,
        "hubs": len(hubs),
        "key": key,
        "maxCount": MAX_COUNT,
        "width": number_width(len(hubs)),
        **vocabularies,
    }
    lines = [
        "window.HUBGEN_SEARCH_INDEX({",
        *(f"{script_json(k)}:{script_json(v)}," for k, v in sorted(head.items())),
        '"filters":[',
        ",\n".join(script_json(row) for row in _filters(hubs, vocabularies)),
        '],"terms":[',
        ",\n".join(script_json(entry) for entry in listing),
        "]});",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def offline_files(
    hubs: Sequence[IndexedHub],
    labels: Sequence[str],
    roles: Sequence[str],
    polarities: Sequence[str],
    read: Reader = lambda path: None,
    remake: Callable[[int], bytes] | None = None,
) -> dict[str, bytes]:
    """Return every file of the offline index, ``{site path: bytes}``.

    ``hubs`` are in index order; the vocabularies are what the search box's filters
    offer, in order; ``read`` gives the last build's files (terms and docs files are
    taken over from them where they can); ``remake(n)`` makes hub ``n``'s record again
    when the one given does not read back (it comes from the cache).
    """
    known = list(labels)
    known += sorted({hub.label for hub in hubs} - set(known))  # a guard: labels are known
    vocabularies = {"labels": known, "roles": list(roles), "polarities": list(polarities)}
    records = _Records(hubs, remake)
    lines = _previous_lines(records.old_key(), read)
    previous = read if lines is not None and _patch(lines, hubs, records) else None
    if lines is None or previous is None:
        lines = term_lines(invert([records(n).terms for n in range(len(hubs))]))
    files, listing = term_files(lines)
    files.update(_docs_files(hubs, records, previous))
    files[INDEX_FILE] = _index_file(hubs, vocabularies, listing, _index_key(records.digests))
    return dict(sorted(files.items()))
