"""Semantic Scholar Graph API: a paper object plus pages of its citations, as a hub record."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..config import SiteConfig
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
    block_text,
    build,
    coverage,
    load_json,
    names,
    role_value,
    scheme_id,
    sort_roles,
    text,
    unique,
    url,
    year,
)
from .shapes import OPENALEX_WORK, S2_ELEMENT, S2_PAGE, S2_PAPER, found, kind, refuse_other_service

SOURCE = "Semantic Scholar"
COUNT_FIELD = "Semantic Scholar citationCount"
ROLE_SOURCE = "Semantic Scholar intents"
"""The ``role_source`` of roles made from S2 intents: marks them as re-importable."""
COMMAND = "hubgen import s2"


class IntentRoles:
    """Semantic Scholar intents and the roles they become on this site (``intent_roles``);
    counts the intents it leaves out, having no role for them."""

    def __init__(self, roles: Mapping[str, str], order: Sequence[str]) -> None:
        self.roles = roles
        self.order = order
        """The site's roles, in the order a citation's roles are written."""
        self.left_out: Counter[str] = Counter()

    @classmethod
    def of(cls, config: SiteConfig) -> IntentRoles:
        """Return the site's map: only roles it allows."""
        return cls(config.intent_map(), config.roles)

    def __call__(self, intents: Iterable[Any]) -> list[str]:
        """Return the roles for one citation's intents, in site order; count the others."""
        found = []
        for intent in dict.fromkeys(i for i in intents if isinstance(i, str)):
            role = self.roles.get(intent)
            if role is None:
                self.left_out[intent] += 1
            else:
                found.append(role)
        return sort_roles(found, self.order)

    def note(self) -> str:
        """Return the import summary's line on the left-out intents ('' when none)."""
        count = sum(self.left_out.values())
        if not count:
            return ""
        which = ", ".join(f"{intent}: {n:,}" for intent, n in self.left_out.items())
        return (
            f"left out {count:,} intent{'' if count == 1 else 's'} that "
            f"{'has' if count == 1 else 'have'} no role on this site ({which}); "
            "intent_roles: in site.yaml maps intents to roles"
        )


def paper_id(paper: dict[str, Any]) -> str:
    """Return the preferred ``scheme:value`` id of a paper ('' when it has none)."""
    external = as_dict(paper.get("externalIds"))
    doi = bare_doi(external.get("DOI"))
    return (
        scheme_id("arxiv", external.get("ArXiv"))
        or (f"doi:{doi}" if doi else "")
        or scheme_id("acl", external.get("ACL"))
        or scheme_id("s2", paper.get("paperId"))
    )


def paper_url(paper: dict[str, Any]) -> str:
    """Return the paper's S2 url, else an arXiv or DOI link, else ''."""
    own = url(paper.get("url"))
    if own:
        return own
    external = as_dict(paper.get("externalIds"))
    arxiv = text(external.get("ArXiv"))
    if arxiv:
        return url(f"https://arxiv.org/abs/{arxiv}")
    doi = bare_doi(external.get("DOI"))
    return url(f"https://doi.org/{doi}") if doi else ""


def _venue(paper: dict[str, Any]) -> str:
    return (
        text(paper.get("venue"))
        or text(as_dict(paper.get("publicationVenue")).get("name"))
        or text(as_dict(paper.get("journal")).get("name"))
    )


def _bibliography(paper: dict[str, Any]) -> dict[str, Any]:
    authors = [as_dict(a).get("name") for a in as_list(paper.get("authors"))]
    return {
        "id": paper_id(paper),
        "title": text(paper.get("title")),
        "authors": names(a for a in authors if isinstance(a, str)),
        "year": year(paper.get("year")),
        "venue": _venue(paper),
        "url": paper_url(paper),
    }


def citation_from_edge(edge: dict[str, Any], roles: IntentRoles) -> Record:
    """Return a citation from one ``/citations`` element (``citingPaper`` plus intents)."""
    intents = as_list(edge.get("intents"))
    if not intents:
        for item in as_list(edge.get("contextsWithIntent")):
            intents += as_list(as_dict(item).get("intents"))
    fields = _bibliography(as_dict(edge.get("citingPaper")))
    fields["role"] = role_value(roles(intents))
    fields["role_source"] = ROLE_SOURCE if fields["role"] else None
    contexts = (text(c) for c in as_list(edge.get("contexts")))
    fields["context"] = unique(c for c in contexts if c)
    return build(CITATION_KEYS, fields)


def citation_from_paper(paper: dict[str, Any]) -> Record:
    """Return a citation (no role, no context) from a bare citing-paper object."""
    return build(CITATION_KEYS, _bibliography(paper))


def paper_record(paper: dict[str, Any]) -> Record:
    """Return the top-level fields of a hub record (no citations) from an S2 paper object."""
    fields = _bibliography(paper)
    fields["abstract"] = block_text(paper.get("abstract"))
    return build(RECORD_KEYS, fields)


def _check_paper(path: Path, data: Any) -> dict[str, Any]:
    expected = "a Semantic Scholar paper object (from /graph/v1/paper/{id})"
    refuse_other_service(path, data, expected, COMMAND)
    if kind(data) in (S2_PAGE, S2_ELEMENT):
        raise ImportInputError(
            path,
            f"expected {expected}, found {found(data)}; "
            "pass the paper file first and citation pages after it",
        )
    if not isinstance(data, dict) or kind(data) != S2_PAPER:
        raise ImportInputError(path, f"expected {expected} with 'paperId', found {found(data)}")
    return data


def _edges(path: Path, data: Any) -> list[Any]:
    refuse_other_service(path, data, "a Semantic Scholar citations page", COMMAND)
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        return list(data["data"])
    if isinstance(data, list):
        return data
    if kind(data) == S2_ELEMENT:
        return [data]  # one element saved on its own
    raise ImportInputError(
        path,
        'expected a citations page ({"data": [...]}), a list of its elements or '
        f"one element, found {found(data)}",
    )


def _citation(path: Path, index: int, element: Any, roles: IntentRoles) -> Record | None:
    if element is None:
        return None
    if not isinstance(element, dict) or kind(element) == OPENALEX_WORK:
        raise ImportInputError(
            path, f"item {index}: expected a citing paper (an object), found {found(element)}"
        )
    if "citedPaper" in element and "citingPaper" not in element:
        raise ImportInputError(
            path,
            f"item {index}: expected a citing paper ('citingPaper'), found 'citedPaper': "
            "this is a /references page, not /citations",
        )
    if "citingPaper" in element:
        return citation_from_edge(element, roles)
    return citation_from_paper(element)


def _add(citations: CitationSet, citation: Record | None) -> None:
    # A citing paper without a title cannot be listed on a hub page.
    if citation and citation.get("title"):
        citations.add(citation)


def import_s2(
    paper_path: Path, citation_paths: Sequence[Path] = (), roles: IntentRoles | None = None
) -> Imported:
    """Return a hub record from a saved S2 paper file and saved citation pages.

    ``roles`` turns intents into roles (default: the default settings' ``intent_roles``).
    """
    if roles is None:
        roles = IntentRoles.of(SiteConfig())
    paper = _check_paper(paper_path, load_json(paper_path))
    citations = CitationSet(roles.order)
    for embedded in as_list(paper.get("citations")):
        if isinstance(embedded, dict):
            _add(citations, _citation(paper_path, 0, embedded, roles))
    for path in citation_paths:
        for index, element in enumerate(_edges(path, load_json(path))):
            _add(citations, _citation(path, index, element, roles))
    known = coverage(paper.get("citationCount"), SOURCE)
    notes = (roles.note(),) if roles.left_out else ()
    return Imported(assemble(paper_record(paper), citations, known), COUNT_FIELD, notes)
