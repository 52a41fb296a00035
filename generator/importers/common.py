"""Shared pieces of the importers: JSON loading, value cleaning and citation building."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import schema
from ..config_vocab import DEFAULT_ROLES
from ..urls import normalize_title, slugify

Record = dict[str, Any]
"""A hub record (or one citation in it) as plain YAML-ready data."""

# Key order of imported records: the order of the record format itself.
RECORD_KEYS = tuple(f.name for f in schema.HUB_FIELDS)
CITATION_KEYS = tuple(f.name for f in schema.CITATION_FIELDS)
"""Order of the keys of an imported citation."""


_SPACES = re.compile(r"\s+")
_URL_OK = re.compile(r"^https?://[^\s<>\"'{}|\\^`]+$", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)
# C0 controls other than tab and line ends, DEL, C1 controls other than NEL, U+FFFE, U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class ImportInputError(Exception):
    """An input file that cannot be imported; the message says what was expected and found."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message


def load_json(path: Path) -> Any:
    """Return the parsed JSON value of ``path``, text cleaned (see :func:`clean`), or raise."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportInputError(path, "expected a JSON file, found no such file") from None
    except IsADirectoryError:
        raise ImportInputError(path, "expected a JSON file, found a directory") from None
    except UnicodeDecodeError as exc:
        raise ImportInputError(
            path, f"expected UTF-8 JSON, found undecodable bytes at offset {exc.start}"
        ) from None
    except OSError as exc:
        raise ImportInputError(path, f"cannot read the file: {exc.strerror or exc}") from None
    return parse_json(path, text)


def parse_json(path: Path | str, source: str) -> Any:
    """Return the cleaned JSON value of ``source`` (read from ``path``), or raise."""
    try:
        return clean(json.loads(source))
    except json.JSONDecodeError as exc:
        hint = " (one JSON document per file; JSON Lines is not supported)"
        raise ImportInputError(
            path,
            f"expected JSON, found a syntax error at line {exc.lineno}, "
            f"column {exc.colno}: {exc.msg}{hint if exc.msg == 'Extra data' else ''}",
        ) from None
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits.
        raise ImportInputError(
            path, "expected JSON numbers of at most 4,300 digits, found a longer one"
        ) from None
    except RecursionError:
        raise ImportInputError(path, "expected JSON, found a value nested too deeply") from None


def clean(value: Any) -> Any:
    """Return ``value`` with every string made safe to write into a record.

    Control characters, U+FFFE and U+FFFF are removed and lone surrogates become U+FFFD:
    ``hubgen check`` refuses the first, and XML (the Atom feeds) forbids them all.
    """
    if isinstance(value, str):
        return _FORBIDDEN.sub("", _SURROGATE.sub("\ufffd", value))
    if isinstance(value, list):
        return [clean(item) for item in value]
    if isinstance(value, dict):
        return {clean(key): clean(item) for key, item in value.items()}  # keys: abstract words
    return value


def describe(value: Any) -> str:
    """Return a short phrase naming the JSON type of ``value`` (for error messages)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        keys = ", ".join(str(k) for k in list(value)[:6])
        more = ", ..." if len(value) > 6 else ""
        return f"an object with keys {keys}{more}" if keys else "an empty object"
    return type(value).__name__


def as_dict(value: Any) -> dict[str, Any]:
    """Return ``value`` if it is a JSON object, else an empty dict."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """Return ``value`` if it is a JSON array, else an empty list."""
    return value if isinstance(value, list) else []


def text(value: Any) -> str:
    """Return ``value`` as one line of text with collapsed whitespace ('' if not a string)."""
    if not isinstance(value, str):
        return ""
    return _SPACES.sub(" ", value).strip()


def block_text(value: Any) -> str:
    """Return multi-line text with line ends normalised and trailing spaces removed."""
    if not isinstance(value, str):
        return ""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def year(value: Any) -> int | None:
    """Return a plausible publication year from an int or digit string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        digits = value.strip()
        # isdigit() alone accepts '²' and other digits int() refuses.
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 4):
            return None
        value = int(digits)
    if isinstance(value, int) and 0 < value < 10000:
        return value
    return None


def url(value: Any) -> str:
    """Return ``value`` if it is a clean http(s) URL, else ''."""
    candidate = text(value)
    return candidate if _URL_OK.match(candidate) else ""


def bare_doi(value: Any) -> str:
    """Return a DOI without any resolver prefix, lowercased ('' if there is none)."""
    doi = _DOI_PREFIX.sub("", text(value)).lower()
    return doi if doi.startswith("10.") and " " not in doi else ""


def scheme_id(scheme: str, value: Any) -> str:
    """Return ``scheme:value``, or '' when the value is empty or has spaces (not an id)."""
    cleaned = text(value)
    return f"{scheme}:{cleaned}" if cleaned and " " not in cleaned else ""


def id_key(value: Any) -> str:
    """Return an id folded for comparison: scheme casefolded, DOIs casefolded whole.

    DOIs are case-insensitive (``doi:10.1/ABC`` and ``doi:10.1/abc`` are one paper);
    other schemes, such as arXiv and Semantic Scholar ids, keep the case of their value.
    """
    if not isinstance(value, str):
        return ""
    scheme, colon, rest = value.strip().partition(":")
    scheme = scheme.casefold()
    return f"{scheme}{colon}{rest.casefold() if scheme == 'doi' else rest}"


def names(values: Iterable[str]) -> list[str]:
    """Return the non-empty names, cleaned, in order."""
    return [name for name in (text(v) for v in values) if name]


def unique(values: Iterable[str]) -> list[str]:
    """Return the values without repeats, keeping first occurrences in order."""
    return list(dict.fromkeys(values))


def sort_roles(roles: Iterable[str], order: Sequence[str]) -> list[str]:
    """Return the roles without repeats, in the site's role ``order`` (others are dropped)."""
    seen = set(roles)
    return [role for role in order if role in seen]


def role_value(roles: list[str]) -> str | list[str] | None:
    """Return the YAML value for ``roles``: a string for one, a list for several, else None."""
    if not roles:
        return None
    return roles[0] if len(roles) == 1 else roles


def roles_of(citation: Record) -> list[str]:
    """Return the roles of a citation as a list, whatever form the record uses."""
    role = citation.get("role")
    if isinstance(role, str):
        return [role] if role.strip() else []
    return [r for r in as_list(role) if isinstance(r, str) and r.strip()]


def contexts_of(citation: Record) -> list[str]:
    """Return the citing sentences of a citation as a list, whatever form the record uses."""
    context = citation.get("context")
    if isinstance(context, str):
        return [context] if context.strip() else []
    return [c for c in as_list(context) if isinstance(c, str) and c.strip()]


def build(order: tuple[str, ...], values: dict[str, Any]) -> Record:
    """Return a record with the keys of ``order`` that have a non-empty value, in that order."""
    return {key: values[key] for key in order if _present(values.get(key))}


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


class CitationSet:
    """Citing papers in input order; a paper seen twice is merged into its first entry."""

    def __init__(self, role_order: Sequence[str] = DEFAULT_ROLES) -> None:
        self._by_key: dict[str, Record] = {}
        self.role_order = role_order
        """The site's roles: a merged citation's roles are written in this order."""

    def add(self, citation: Record) -> None:
        """Add ``citation``, merging roles, contexts and missing fields into an earlier copy."""
        key = id_key(citation.get("id")) or "title:" + normalize_title(citation.get("title", ""))
        earlier = self._by_key.get(key)
        if earlier is None:
            self._by_key[key] = citation
            return
        fields = {k: earlier.get(k) or citation.get(k) for k in CITATION_KEYS}
        roles = roles_of(earlier) + roles_of(citation)
        fields["role"] = role_value(sort_roles(roles, self.role_order))
        fields["context"] = unique(contexts_of(earlier) + contexts_of(citation))
        self._by_key[key] = build(CITATION_KEYS, fields)

    def records(self) -> list[Record]:
        """Return the citations, in the order they were first added."""
        return list(self._by_key.values())


@dataclass(frozen=True)
class Imported:
    """A record made from saved responses, and what the import has to say about it."""

    record: Record
    count_field: str
    """What ``coverage.known`` counts, e.g. 'Semantic Scholar citationCount'."""
    notes: tuple[str, ...] = ()
    """Lines to print, e.g. how many works were skipped."""


def coverage(known: Any, source: str) -> Record | None:
    """Return the ``coverage`` field for a service's count of citing papers (None if absent)."""
    if isinstance(known, bool) or not isinstance(known, int) or known < 0:
        return None
    return {"known": known, "source": source}


def record_slug(record: Record) -> str:
    """Return the slug to pin in a new record: its title's, else its id's ('' if neither)."""
    title, rid = str(record.get("title", "")), str(record.get("id", ""))
    return slugify(title) or slugify(rid.replace(":", "-"))


def assemble(top: Record, citations: CitationSet, known: Record | None) -> Record:
    """Return the hub record: top-level fields, a pinned slug, coverage and citations."""
    fields = {**top, "coverage": known, "citations": citations.records()}
    fields["slug"] = record_slug(top)
    return build(RECORD_KEYS, fields)
