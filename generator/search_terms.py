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
from collections.abc import Mapping

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
"""Letters and digits: in Python's ``re``, word characters but the underscore."""
_PLAIN_NAME = re.compile(r"[a-z0-9]+")
_POSTINGS = rf"[{re.escape(DIGITS)}]+"
_TERM_LINE = re.compile(rf'^"([^\W_]+)":"({_POSTINGS})"', re.MULTILINE)
_TERMS_BODY = re.compile(rf'"[^\W_]+":"{_POSTINGS}"(?:,\n"[^\W_]+":"{_POSTINGS}")*')
"""The lines of a terms file: a word, its postings."""
_RESERVED = {"con", "prn", "aux", "nul", *(f"{d}{i}" for d in ("com", "lpt") for i in range(10))}
"""File names Windows refuses, whatever their extension."""


def fold(text: str) -> str:
    """Return ``text`` decomposed, lowercased and without combining accents."""
    return _MARKS.sub("", unicodedata.normalize("NFD", text).lower())


def words(text: str) -> list[str]:
    """Return the folded words of ``text``, in order: the terms the index holds."""
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


def _groups(terms: list[str], prefix: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Return (key, start, end) of the terms ``terms[start:end]`` (which all begin with
    ``prefix``) grouped by their next character; the term ``prefix`` itself is first."""
    found = []
    at = start
    if terms[at] == prefix:
        found.append((prefix, at, at + 1))
        at += 1
    depth = len(prefix) + 1
    while at < end:
        key = terms[at][:depth]
        stop = bisect.bisect_left(terms, key + _LAST, at, end)
        found.append((key, at, stop))
        at = stop
    return found


def partition(terms: list[str], sizes: list[int], limit: int) -> list[tuple[str, int, int]]:
    """Return the files of sorted ``terms`` as (first prefix, start, end): by prefix, split
    by one more character while a file is over ``limit`` (``sizes[i]`` is the size of
    ``terms[i]``'s line); small neighbours under one prefix share a file.

    Only terms under a prefix move when it changes: files stay put from build to build.
    """
    total = [0]
    for size in sizes:
        total.append(total[-1] + size)
    files: list[tuple[str, int, int]] = []
    pending: list[tuple[str, int, int]] = []

    def flush() -> None:
        if pending:
            files.append((pending[0][0], pending[0][1], pending[-1][2]))
            pending.clear()

    todo: list[tuple[str, int, int] | None] = [("", 0, len(terms))] if terms else []
    while todo:  # depth first, in term order; None closes a prefix's files
        group = todo.pop()
        if group is None:
            flush()
            continue
        key, start, end = group
        size = total[end] - total[start]
        if size > limit and end - start > 1 and len(key) < MAX_KEY:
            flush()
            todo.append(None)
            todo.extend(reversed(_groups(terms, key, start, end)))
            continue
        if pending and total[end] - total[pending[0][1]] > limit:
            flush()
        pending.append(group)
    flush()
    return files


def term_files(postings: Mapping[str, str]) -> tuple[dict[str, bytes], list[list[str]]]:
    """Return the terms files, ``{path: bytes}``, and their listing ``[[first prefix,
    file name], ...]`` in order, from each term's postings."""
    terms = sorted(postings)
    lines = [f'"{t}":"{postings[t]}"' for t in terms]
    files: dict[str, bytes] = {}
    listing = []
    for key, start, end in partition(terms, [len(line) + 2 for line in lines], FILE_BYTES):
        name = file_name(key)
        body = ",\n".join(lines[start:end])
        text = f'window.HUBGEN_SEARCH_TERMS("{name}",{{\n{body}\n}});\n'
        files[f"{TERMS_DIR}/{name}.js"] = text.encode("utf-8")
        listing.append([key, name])
    return files, listing


def read_terms_file(data: bytes, name: str) -> list[tuple[str, str]] | None:
    """Return the (term, postings) pairs of a terms file :func:`term_files` wrote as
    ``name``, in order, or None when ``data`` is not such a file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    head = f'window.HUBGEN_SEARCH_TERMS("{name}",{{\n'
    if not (
        text.startswith(head)
        and text.endswith("\n});\n")
        and _TERMS_BODY.fullmatch(text, len(head), len(text) - 5)
    ):
        return None
    return _TERM_LINE.findall(text, len(head))
