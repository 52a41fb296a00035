"""Words and term files of the offline search index (see :mod:`generator.search_offline`).

``static/search.js`` folds a query exactly as :func:`fold` and :func:`words` do here, so a
word typed in any case or with any accents finds the terms written by the build:
decomposed (NFD), lowercased, combining accents (U+0300-U+036F) dropped, split on
everything that is not a letter or a digit (Unicode categories L and N).
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from itertools import accumulate

DIGITS = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
"""Digits of the numbers in the index files (base 64; base 32 uses the first 32), in
ASCII order: numbers of one width compare as their digits do."""
MAX_COUNT = 20
"""Occurrences of a term in one hub counted at most (as the ranking counts them)."""
TERMS_DIR = "search/terms"
FILE_BYTES = 64 * 1024
"""A terms file is split by the next letter of its terms while it is larger than this."""
MAX_KEY = 12
"""Prefixes are not split beyond this many characters (one file holds the rest)."""
_LAST = "\U0010ffff"
"""Sorts after every letter or digit that can follow a prefix (it is neither)."""
_MARKS = re.compile("[\u0300-\u036f]+")
_WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
"""Letters and digits: in Python's ``re``, word characters but the underscore."""
_PLAIN_NAME = re.compile(r"[a-z0-9]+")
_TEXT = r'[^"\\\n\r\u2028\u2029]+'
_TERMS_BODY = re.compile(rf'"{_TEXT}":"{_TEXT}"(?:,\n"{_TEXT}":"{_TEXT}")*')
"""The lines of a terms file: two strings that hold nothing to end them early."""
_RESERVED = {"con", "prn", "aux", "nul", *(f"{d}{i}" for d in ("com", "lpt") for i in range(10))}
"""File names Windows refuses, whatever their extension."""


def fold(text: str) -> str:
    """Return ``text`` decomposed, lowercased and without combining accents."""
    return _MARKS.sub("", unicodedata.normalize("NFD", text).lower())


def words(text: str) -> list[str]:
    """Return the folded words of ``text``, in order: the terms the index holds."""
    if text.isascii():  # the same words, twice as fast: nothing to decompose
        return _ASCII_WORD.findall(text.lower())
    return _WORD.findall(fold(text))


def posting_code(count: int, in_title: bool) -> str:
    """Return the one-character code of a term's count in a hub (capped) and title flag."""
    return DIGITS[(min(count, MAX_COUNT) - 1) * 2 + in_title]


def number_width(count: int) -> int:
    """Return how many base-64 digits number ``count`` hubs (at least one)."""
    width = 1
    while 64**width < count:
        width += 1
    return width


def encode_number(n: int, width: int, base: int = 64) -> str:
    """Return ``n`` in ``width`` digits of ``base`` (64 or 32), most significant first."""
    digits = []
    for _ in range(width):
        n, digit = divmod(n, base)
        digits.append(DIGITS[digit])
    return "".join(reversed(digits))


def bits(positions: list[int], size: int) -> str:
    """Return the set ``positions`` of ``size`` flags as base-32 digits, 5 flags each."""
    value = sum(1 << p for p in set(positions))
    return "".join(DIGITS[(value >> shift) & 31] for shift in range(0, size, 5))


def file_name(key: str) -> str:
    """Return the file name (without ``.js``) of the terms file whose first prefix is ``key``.

    ASCII letters and digits stay, anything else becomes ``_<hex>_``: names are the same
    on every file system, whatever their rules on case and Unicode.
    """
    name = "".join(c if _PLAIN_NAME.fullmatch(c) else f"_{ord(c):x}_" for c in key) or "_"
    if len(name) > 40:
        name = name[:24] + "-" + hashlib.blake2b(key.encode("utf-8"), digest_size=6).hexdigest()
    return name + "_" if name in _RESERVED else name


def term_line(term: str, postings: str) -> str:
    """Return the line of ``term`` in a terms file.

    Lines sort as their terms do (the quote after a term sorts before any letter), so the
    index keeps lines alone: a term's line is where the term would be.
    """
    return f'"{term}":"{postings}"'


def find_line(lines: list[str], term: str) -> tuple[int, str | None]:
    """Return where ``term``'s line is or would be in sorted ``lines``, and its postings
    (None when it has no line)."""
    at = bisect.bisect_left(lines, f'"{term}"')
    head = f'"{term}":"'
    found = at < len(lines) and lines[at].startswith(head)
    return at, lines[at][len(head) : -1] if found else None


def _groups(lines: list[str], prefix: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Return (key, start, end) of the lines ``lines[start:end]`` (whose terms all begin
    with ``prefix``) grouped by their terms' next character; ``prefix`` itself first."""
    found = []
    at = start
    if lines[at].startswith(f'"{prefix}"'):
        found.append((prefix, at, at + 1))
        at += 1
    depth = len(prefix) + 2  # the quote, the prefix, one more character
    while at < end:
        key = lines[at][1:depth]
        stop = bisect.bisect_left(lines, f'"{key}{_LAST}', at, end)
        found.append((key, at, stop))
        at = stop
    return found


def invert(hubs: Sequence[str]) -> dict[str, str]:
    """Return every term's postings, from each hub's terms in index order (lines of a
    posting code and the terms that have it: search_records.SearchRecord.terms).

    A posting is a hub's number and its code. This is the one loop of the index that
    runs per term of every hub (a hundred or more a hub), on a cold build: kept as lean
    as Python allows.
    """
    found: dict[str, list[str]] = {}
    get = found.get
    width = number_width(len(hubs))
    for n, text in enumerate(hubs):
        number = encode_number(n, width)
        for line in text.split("\n") if text else ():
            terms = iter(line.split())
            posting = number + next(terms)  # shared by every term of the line
            for term in terms:
                postings = get(term)
                if postings is None:
                    found[term] = [posting]
                else:
                    postings.append(posting)
    return {term: "".join(postings) for term, postings in found.items()}


def set_posting(postings: str, number: str, code: str | None) -> str:
    """Return ``postings`` with hub ``number``'s code set to ``code`` (None: removed)."""
    step = len(number) + 1
    lo, hi = 0, len(postings) // step
    while lo < hi:  # numbers of one width sort as their digits do
        mid = (lo + hi) // 2
        if postings[mid * step : mid * step + step - 1] < number:
            lo = mid + 1
        else:
            hi = mid
    at = lo * step
    found = postings[at : at + step - 1] == number
    rest = postings[at + step :] if found else postings[at:]
    return postings[:at] + ("" if code is None else number + code) + rest


def partition(lines: list[str], limit: int) -> list[tuple[str, int, int]]:
    """Return the files of sorted ``lines`` as (first prefix, start, end): by their terms'
    prefix, split by one more character while a file is over ``limit`` bytes; small
    neighbours under one prefix share a file.

    Only terms under a prefix move when it changes: files stay put from build to build.
    """
    total = list(accumulate(map(len, lines), initial=0))

    def size(start: int, end: int) -> int:  # with the line breaks
        return total[end] - total[start] + 2 * (end - start)

    files: list[tuple[str, int, int]] = []
    pending: list[tuple[str, int, int]] = []

    def flush() -> None:
        if pending:
            files.append((pending[0][0], pending[0][1], pending[-1][2]))
            pending.clear()

    todo: list[tuple[str, int, int] | None] = [("", 0, len(lines))] if lines else []
    while todo:  # depth first, in term order; None closes a prefix's files
        group = todo.pop()
        if group is None:
            flush()
            continue
        key, start, end = group
        if size(start, end) > limit and end - start > 1 and len(key) < MAX_KEY:
            flush()
            todo.append(None)
            todo.extend(reversed(_groups(lines, key, start, end)))
            continue
        if pending and size(pending[0][1], end) > limit:
            flush()
        pending.append(group)
    flush()
    return files


def term_lines(postings: Mapping[str, str]) -> list[str]:
    """Return the lines of ``{term: postings}`` in a terms file, in order."""
    return [term_line(t, postings[t]) for t in sorted(postings)]


def term_files(lines: list[str]) -> tuple[dict[str, bytes], list[list[str]]]:
    """Return the terms files, ``{path: bytes}``, and their listing ``[[first prefix,
    file name], ...]`` in order, from the terms' lines in order."""
    files: dict[str, bytes] = {}
    listing = []
    for key, start, end in partition(lines, FILE_BYTES):
        name = file_name(key)
        body = ",\n".join(lines[start:end])
        text = f'window.HUBGEN_SEARCH_TERMS("{name}",{{\n{body}\n}});\n'
        files[f"{TERMS_DIR}/{name}.js"] = text.encode("utf-8")
        listing.append([key, name])
    return files, listing


def read_terms_file(data: bytes, name: str) -> list[str] | None:
    """Return the lines of a terms file :func:`term_files` wrote as ``name``, or None when
    ``data`` is not such a file.

    Read back from the last build's site: checked to hold only lines of a word and its
    postings, that nothing can end early (one regular expression over the whole text).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    head, tail = f'window.HUBGEN_SEARCH_TERMS("{name}",{{\n', "\n});\n"
    if not (text.startswith(head) and text.endswith(tail)):
        return None
    body = text[len(head) : -len(tail)]
    if not _TERMS_BODY.fullmatch(body):
        return None
    return body.split(",\n")
