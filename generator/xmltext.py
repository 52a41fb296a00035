"""Text that XML can carry: the check ``check`` runs on records, and the escaping of writers.

XML 1.0 forbids most C0 control characters, lone surrogates, U+FFFE and U+FFFF: a feed
holding one is not XML at all, and a feed reader drops it whole. Records and settings
with such characters are refused (with C1 controls and the other noncharacters, which
XML discourages and no text needs), and the writers of feeds and the sitemap replace
any that get past the check with U+FFFD, so that they cannot emit them.
"""

from __future__ import annotations

import re

_CONTROL_RANGES = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F))  # tab, LF, CR stay
_UNFIT_RANGES = (
    *_CONTROL_RANGES,
    (0xD800, 0xDFFF),  # surrogates: only ever half a character
    (0xFDD0, 0xFDEF),
    *((plane << 16 | 0xFFFE, plane << 16 | 0xFFFF) for plane in range(17)),
)


def _char_class(ranges: tuple[tuple[int, int], ...]) -> re.Pattern[str]:
    return re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]")


_CONTROL = _char_class(_CONTROL_RANGES)
_UNFIT = _char_class(_UNFIT_RANGES)
REPLACEMENT = "\ufffd"

# One table per context: str.translate makes one C-level pass over each value.
_DROPPED = {code: REPLACEMENT for a, b in _UNFIT_RANGES for code in range(a, b + 1)}
_TEXT = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"} | _DROPPED
_ATTR = _TEXT | {ord("\n"): "&#10;", ord("\r"): "&#13;", ord("\t"): "&#9;"}


def first_unfit(text: str) -> int:
    """Return the index of the first character of ``text`` XML cannot carry, or -1."""
    bad = _UNFIT.search(text)
    return -1 if bad is None else bad.start()


def unfit_character(text: str) -> tuple[str, str]:
    """Return (message, hint) for the first character of ``text`` that XML cannot carry,
    or ('', '') when there is none."""
    at = first_unfit(text)
    if at < 0:
        return "", ""
    message, hint = unfit_message(text[at])
    return f"{message} at character {at + 1}", hint


def unfit_message(char: str) -> tuple[str, str]:
    """Return (message, hint) refusing ``char``, one that XML cannot carry."""
    found = f"found U+{ord(char):04X}"
    if _CONTROL.match(char):
        return (
            f"expected text without control characters, {found}",
            "remove it; only tabs and line breaks are allowed",
        )
    return (
        f"expected text without noncharacters or lone surrogates, {found}",
        "remove it; XML forbids it, so no feed could carry it",
    )


def fit(text: str) -> str:
    """Return ``text`` with every character XML cannot carry replaced by U+FFFD."""
    return text.translate(_DROPPED)


def escape(text: str) -> str:
    """Return ``text`` escaped for XML character data (what ``xml.sax.saxutils.escape``
    gives), with every character XML cannot carry replaced by U+FFFD."""
    return text.translate(_TEXT)


def quoteattr(value: str) -> str:
    """Return ``value`` escaped and quoted as an XML attribute value (as
    ``xml.sax.saxutils.quoteattr`` does it), characters XML cannot carry replaced."""
    value = value.translate(_ATTR)
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'
