"""Model stage: the hub records as frozen dataclasses. Pure data, no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .load import RawRecord
from .urls import normalize_title, slugify


@dataclass(frozen=True, slots=True)
class Claim:
    """One entry of the claims ledger."""

    text: str
    source: str


@dataclass(frozen=True, slots=True)
class CuratedCoCited:
    """A co-cited work named by hand in the record."""

    title: str
    id: str
    url: str
    note: str


@dataclass(frozen=True, slots=True)
class ToolLink:
    """An extra link for the hub tools box."""

    label: str
    url: str


class Citation(NamedTuple):
    """One paper citing the hub paper.

    A named tuple, not a frozen dataclass like the rest of the model: a 10,000-hub site
    has 400,000 of them, and a tuple is smaller and quicker to make.
    """

    title: str
    id: str
    year: int | None
    authors: tuple[str, ...]
    venue: str
    url: str
    summary: str
    roles: tuple[str, ...]
    polarity: str
    representative: bool
    contexts: tuple[str, ...]
    title_key: str
    """Normalised title, for matching papers that have no id."""
    role_source: str = ""
    """Where the roles came from when a tool set them ('' for a person's)."""
    polarity_source: str = ""
    """Where the polarity came from when a tool set it ('' for a person's)."""


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many citing papers a service knows of (the record's ``coverage``)."""

    known: int
    source: str


@dataclass(frozen=True, slots=True)
class Hub:
    """One cited paper and its citing papers, as written in its record."""

    id: str
    slug: str
    title: str
    authors: tuple[str, ...]
    year: int | None
    venue: str
    url: str
    code: str
    abstract: str
    notes: str
    claims: tuple[Claim, ...]
    cocited: tuple[CuratedCoCited, ...]
    tools: tuple[ToolLink, ...]
    citations: Sequence[Citation]
    """In record order: a tuple, or a sequence read on first use when the hub comes from
    the build cache (see :mod:`generator.incremental.memo`)."""
    src_path: str
    """Path of its record file relative to the content folder, ``/``-separated."""
    digest: bytes
    coverage: Coverage | None = None
    """The service's count of citing papers, when the record states it."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """The record's ``extra:`` mapping, for a theme (hubgen never reads it)."""


def _str(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str) and v.strip())
    return ()


def _year(data: dict[str, Any]) -> int | None:
    value = data.get("year")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def effective_slug(data: dict[str, Any]) -> str:
    """Return the slug a record is written under: its ``slug``, else its title slugified."""
    slug = data.get("slug")
    if isinstance(slug, str) and slug.strip():
        return slug.strip()
    title = data.get("title")
    return slugify(title) if isinstance(title, str) else ""


def build_citation(data: dict[str, Any]) -> Citation:
    """Return the Citation for one validated ``citations`` entry."""
    title = _str(data, "title")
    return Citation(
        title=title,
        id=_str(data, "id"),
        year=_year(data),
        authors=_texts(data.get("authors")),
        venue=_str(data, "venue"),
        url=_str(data, "url"),
        summary=_str(data, "summary"),
        roles=tuple(dict.fromkeys(_texts(data.get("role")))),
        polarity=_str(data, "polarity"),
        representative=data.get("representative") is True,
        contexts=_texts(data.get("context")),
        title_key=normalize_title(title),
        role_source=_str(data, "role_source"),
        polarity_source=_str(data, "polarity_source"),
    )


def build_coverage(value: Any) -> Coverage | None:
    """Return the Coverage of a validated ``coverage`` mapping (None when absent)."""
    if not isinstance(value, dict):
        return None
    known = value.get("known")
    if not isinstance(known, int) or isinstance(known, bool):
        return None
    return Coverage(known, _str(value, "source"))


def _records(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def build_hub(raw: RawRecord) -> Hub:
    """Return the Hub for one validated record."""
    data: dict[str, Any] = raw.data
    title = _str(data, "title")
    return Hub(
        id=_str(data, "id"),
        slug=effective_slug(data),
        title=title,
        authors=_texts(data.get("authors")),
        year=_year(data),
        venue=_str(data, "venue"),
        url=_str(data, "url"),
        code=_str(data, "code"),
        abstract=data["abstract"] if isinstance(data.get("abstract"), str) else "",
        notes=raw.body,
        claims=tuple(Claim(_str(c, "text"), _str(c, "source")) for c in _records(data, "claims")),
        cocited=tuple(
            CuratedCoCited(_str(c, "title"), _str(c, "id"), _str(c, "url"), _str(c, "note"))
            for c in _records(data, "cocited")
        ),
        tools=tuple(ToolLink(_str(t, "label"), _str(t, "url")) for t in _records(data, "tools")),
        citations=tuple(build_citation(c) for c in _records(data, "citations")),
        src_path=raw.src_path,
        digest=raw.digest,
        coverage=build_coverage(data.get("coverage")),
        extra=data["extra"] if isinstance(data.get("extra"), dict) else {},
    )
