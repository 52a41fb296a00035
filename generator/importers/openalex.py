"""OpenAlex: a Work object plus pages of the works citing it, as a hub record."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .common import (
    CITATION_KEYS,
    RECORD_KEYS,
    CitationSet,
    Imported,
    ImportInputError,
    Record,
    as_dict,
    as_list,
    assemble,
    bare_doi,
    build,
    coverage,
    load_json,
    names,
    scheme_id,
    text,
    url,
    year,
)
from .shapes import OPENALEX_PAGE, OPENALEX_PREFIX, found, is_openalex_work, refuse_other_service

SOURCE = "OpenAlex"
COUNT_FIELD = "OpenAlex cited_by_count"
COMMAND = "hubgen import openalex"


def rebuild_abstract(inverted: Any) -> str:
    """Return the abstract text from an ``abstract_inverted_index`` ('' if there is none)."""
    placed: dict[int, str] = {}
    for word, positions in as_dict(inverted).items():
        for position in as_list(positions):
            if isinstance(position, int) and not isinstance(position, bool) and position >= 0:
                placed.setdefault(position, word)
    return " ".join(placed[p] for p in sorted(placed)).strip()


def openalex_key(work: dict[str, Any]) -> str:
    """Return the work's OpenAlex key, ``W…`` without the URL prefix ('' when it has none)."""
    openalex = text(work.get("id")) or text(as_dict(work.get("ids")).get("openalex"))
    return openalex.removeprefix(OPENALEX_PREFIX)


def work_id(work: dict[str, Any]) -> str:
    """Return ``doi:…`` when the work has a DOI, else ``openalex:W…`` ('' when it has neither)."""
    doi = bare_doi(work.get("doi")) or bare_doi(as_dict(work.get("ids")).get("doi"))
    if doi:
        return f"doi:{doi}"
    return scheme_id("openalex", openalex_key(work))


def _location(work: dict[str, Any]) -> dict[str, Any]:
    # Older OpenAlex responses put the venue under ``host_venue`` instead.
    return as_dict(work.get("primary_location")) or as_dict(work.get("host_venue"))


def _venue(work: dict[str, Any]) -> str:
    location = _location(work)
    return text(as_dict(location.get("source")).get("display_name")) or text(
        location.get("display_name")
    )


def _url(work: dict[str, Any]) -> str:
    landing = url(_location(work).get("landing_page_url"))
    if landing:
        return landing
    doi = bare_doi(work.get("doi"))
    return url(f"https://doi.org/{doi}") if doi else ""


def _authors(work: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for authorship in as_list(work.get("authorships")):
        entry = as_dict(authorship)
        name = as_dict(entry.get("author")).get("display_name") or entry.get("raw_author_name")
        if isinstance(name, str):
            found.append(name)
    return names(found)


def _bibliography(work: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": work_id(work),
        "title": text(work.get("display_name")) or text(work.get("title")),
        "authors": _authors(work),
        "year": year(work.get("publication_year")),
        "venue": _venue(work),
        "url": _url(work),
    }


def work_record(work: dict[str, Any]) -> Record:
    """Return the top-level fields of a hub record (no citations) from an OpenAlex Work."""
    fields = _bibliography(work)
    fields["abstract"] = rebuild_abstract(work.get("abstract_inverted_index"))
    return build(RECORD_KEYS, fields)


def citation_from_work(work: dict[str, Any]) -> Record:
    """Return a citation from a citing Work (OpenAlex has no intents: no role, no context)."""
    return build(CITATION_KEYS, _bibliography(work))


def _check_work(path: Path, data: Any) -> dict[str, Any]:
    expected = "a single OpenAlex Work (from /works/W…)"
    refuse_other_service(path, data, expected, COMMAND)
    if isinstance(data, dict) and "results" in data:
        raise ImportInputError(
            path,
            f"expected {expected}, found {OPENALEX_PAGE} (an object with 'results'); "
            "pass the Work file first and citing-works pages after it",
        )
    if not isinstance(data, dict) or not is_openalex_work(data):
        raise ImportInputError(path, f"expected {expected}, found {found(data)}")
    return data


def _works(path: Path, data: Any) -> list[Any]:
    refuse_other_service(path, data, "an OpenAlex works page", COMMAND)
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return list(data["results"])
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and is_openalex_work(data):
        return [data]  # one Work saved on its own
    raise ImportInputError(
        path,
        'expected a works page ({"results": [...]}), a list of Works or one Work, '
        f"found {found(data)}",
    )


def cites(work: dict[str, Any], hub_key: str) -> bool:
    """Return False when the work's ``referenced_works`` is known and lacks ``hub_key``."""
    references = work.get("referenced_works")
    if not hub_key or not isinstance(references, list):
        return True  # nothing to check against: a list page saved with select=, say
    wanted = hub_key.casefold()
    return any(
        isinstance(ref, str) and ref.removeprefix(OPENALEX_PREFIX).casefold() == wanted
        for ref in references
    )


def import_openalex(work_path: Path, citing_paths: Sequence[Path] = ()) -> Imported:
    """Return a hub record from a saved OpenAlex Work file and saved citing-works pages."""
    work = _check_work(work_path, load_json(work_path))
    hub_key = openalex_key(work)
    citations = CitationSet()
    skipped = 0
    for path in citing_paths:
        for index, item in enumerate(_works(path, load_json(path))):
            if item is None:
                continue
            if not isinstance(item, dict) or not is_openalex_work(item):
                raise ImportInputError(
                    path, f"item {index}: expected a Work object, found {found(item)}"
                )
            if not cites(item, hub_key):
                skipped += 1
                continue
            citation = citation_from_work(item)
            if citation.get("title"):  # an untitled work cannot be listed on a hub page
                citations.add(citation)
    notes: tuple[str, ...] = ()
    if skipped:
        works = "work that does" if skipped == 1 else "works that do"
        notes = (f"skipped {skipped:,} {works} not cite {hub_key} (per referenced_works)",)
    known = coverage(work.get("cited_by_count"), SOURCE)
    return Imported(assemble(work_record(work), citations, known), COUNT_FIELD, notes)
