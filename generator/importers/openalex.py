"""OpenAlex: a Work object plus pages of the works citing it, as a hub record."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .common import (
    CITATION_KEYS,
    RECORD_KEYS,
    CitationSet,
    ImportInputError,
    Record,
    as_dict,
    as_list,
    bare_doi,
    build,
    describe,
    load_json,
    names,
    text,
    url,
    year,
)

OPENALEX_PREFIX = "https://openalex.org/"


def rebuild_abstract(inverted: Any) -> str:
    """Return the abstract text from an ``abstract_inverted_index`` ('' if there is none)."""
    placed: dict[int, str] = {}
    for word, positions in as_dict(inverted).items():
        for position in as_list(positions):
            if isinstance(position, int) and not isinstance(position, bool) and position >= 0:
                placed.setdefault(position, word)
    return " ".join(placed[p] for p in sorted(placed)).strip()


def work_id(work: dict[str, Any]) -> str:
    """Return ``doi:…`` when the work has a DOI, else ``openalex:W…`` ('' when it has neither)."""
    doi = bare_doi(work.get("doi")) or bare_doi(as_dict(work.get("ids")).get("doi"))
    if doi:
        return f"doi:{doi}"
    openalex = text(work.get("id")) or text(as_dict(work.get("ids")).get("openalex"))
    if openalex.startswith(OPENALEX_PREFIX):
        openalex = openalex[len(OPENALEX_PREFIX) :]
    return f"openalex:{openalex}" if openalex else ""


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
    if isinstance(data, dict) and "results" in data:
        raise ImportInputError(
            path,
            "expected a single OpenAlex Work, found a list page (an object with "
            "'results'); pass the Work file first and citing-works pages after it",
        )
    if not isinstance(data, dict) or not (data.get("id") or data.get("display_name")):
        raise ImportInputError(
            path, f"expected an OpenAlex Work with 'id' or 'display_name', found {describe(data)}"
        )
    return data


def _works(path: Path, data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return list(data["results"])
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and str(data.get("id", "")).startswith(OPENALEX_PREFIX):
        return [data]  # one Work saved on its own
    raise ImportInputError(
        path,
        'expected a works page ({"results": [...]}), a list of Works or one Work, '
        f"found {describe(data)}",
    )


def import_openalex(work_path: Path, citing_paths: Sequence[Path] = ()) -> Record:
    """Return a hub record from a saved OpenAlex Work file and saved citing-works pages."""
    work = _check_work(work_path, load_json(work_path))
    citations = CitationSet()
    for path in citing_paths:
        for index, item in enumerate(_works(path, load_json(path))):
            if item is None:
                continue
            if not isinstance(item, dict):
                raise ImportInputError(
                    path, f"item {index}: expected a Work object, found {describe(item)}"
                )
            citation = citation_from_work(item)
            if citation.get("title"):  # an untitled work cannot be listed on a hub page
                citations.add(citation)
    record = work_record(work)
    found = citations.records()
    if found:
        record["citations"] = found
    return record
