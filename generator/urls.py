"""Paths and URLs: the one place that turns a slug into a file path and a link."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from urllib.parse import urlsplit

INDEX_PATH = "index.html"
NOT_FOUND_PATH = "404.html"
SAFE_SCHEMES = ("http://", "https://", "mailto:")

_NON_WORD = re.compile(r"[^a-z0-9]+")
# Letters that NFKD does not split into an ASCII letter plus accents (after casefold).
_TRANSLITERATE = str.maketrans(
    {"æ": "ae", "œ": "oe", "þ": "th", "ø": "o", "ł": "l", "đ": "d", "\u0131": "i"}
)
_APOSTROPHES = re.compile("['`\u2019]")
_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SLUG_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_SLUG_LENGTH = 100
"""Longest slug: a folder name, well under the 255 bytes file systems allow, so that the
site's paths stay short enough for Windows and zip tools too."""


def slugify(title: str, limit: int = 60) -> str:
    """Return an ASCII, lowercase, hyphenated slug of at most ``limit`` chars ('' if none)."""
    folded = unicodedata.normalize("NFKD", title.casefold().translate(_TRANSLITERATE))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    slug = _NON_WORD.sub("-", _APOSTROPHES.sub("", ascii_text)).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1]  # one more, so a hyphen right at the limit is a word boundary
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:limit]
    return slug


def slug_problem(slug: str) -> str:
    """Return why ``slug`` cannot name a folder under ``hubs/``, or '' when it can."""
    if not slug:
        return "an empty slug"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in slug):
        return "a slug with control characters"
    if "/" in slug or "\\" in slug:
        return f"a slug with a path separator ({slug!r})"
    if slug in (".", "..") or ".." in slug:
        return f"a slug that leaves the hubs folder ({slug!r})"
    if not _SLUG_OK.match(slug):
        return f"{slug!r}"
    if len(slug) > MAX_SLUG_LENGTH:
        return f"a slug of {len(slug)} characters (at most {MAX_SLUG_LENGTH})"
    return ""


def normalize_title(title: str) -> str:
    """Return a title folded for matching: casefolded, no punctuation, single spaces."""
    folded = unicodedata.normalize("NFKC", title).casefold().replace("_", " ")  # \w keeps "_"
    return _SPACES.sub(" ", _PUNCT.sub(" ", folded)).strip()


def hub_path(slug: str) -> str:
    """Return the site-relative file path of a hub page."""
    return f"hubs/{slug}/index.html"


def hub_file(slug: str, name: str) -> str:
    """Return the site-relative path of file ``name`` in a hub's folder (next to its page)."""
    return f"hubs/{slug}/{name}"


_ONE_HUB = re.compile(r"hubs/(?!\.\.?\Z)[^/]+\Z")
"""A hub's folder, relative to the site root (not ``hubs/.`` or ``hubs/..``)."""


def relative_url(from_path: str, to_path: str) -> str:
    """Return a relative link from the page at ``from_path`` to the file at ``to_path``."""
    start = posixpath.dirname(from_path)
    if start.startswith("hubs/") and to_path.startswith("hubs/") and _ONE_HUB.match(start):
        # between hubs' folders (every hub page links to 60 others): no relpath either
        folder, sep, name = to_path[5:].partition("/")
        plain = "/" not in name and name not in ("", ".", "..")
        if sep and plain and _ONE_HUB.match("hubs/" + folder):
            return name if folder == start[5:] else f"../{folder}/{name}"
    if not start and to_path[:1] not in ("", "/") and ".." not in to_path.split("/"):
        return posixpath.normpath(to_path)  # from the root (10,000 index rows): no relpath
    return posixpath.relpath(to_path, start or ".")


def root_prefix(page_path: str) -> str:
    """Return the relative prefix ('' or '../../') from a page to the site root."""
    depth = page_path.count("/")
    return "../" * depth


def is_safe_url(url: str) -> bool:
    """Return True for http, https and mailto URLs (the only schemes a record may link to)."""
    return url.strip().lower().startswith(SAFE_SCHEMES)


def absolute_url(base_url: str, path: str) -> str:
    """Return ``path`` resolved against ``base_url`` ('' when no base URL is set)."""
    if not base_url:
        return ""
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    # base_url is checked where it is read; a line break that got past the check (a
    # library caller's) is percent-encoded, so that it cannot add lines to robots.txt.
    url = base_url.rstrip("/") + "/" + path
    return NOT_IN_URL.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


NOT_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f]|\s")
"""What no URL holds as it is: spaces, tabs, line breaks and control characters."""


def is_absolute_http_url(url: str) -> bool:
    """Return True for a well-formed absolute http(s) URL with a host.

    A space, tab, line break or control character anywhere refuses it: urlsplit would
    quietly drop some of them, and a line break would add lines to robots.txt.
    """
    if NOT_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def normalize_base_url(url: str) -> str:
    """Return ``url`` with exactly one trailing slash ('' stays '')."""
    return url.rstrip("/") + "/" if url else ""
