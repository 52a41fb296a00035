"""Semantic Scholar Graph API: a paper, then its citations, 1,000 per page (offset/next)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ..importers.shapes import S2_PAPER, found, kind
from .download import Download, Progress, get_page, known_count, page_size
from .http import Client, FetchError

API_URL = "https://api.semanticscholar.org/graph/v1"
KEY_VARIABLE = "S2_API_KEY"
BIBLIOGRAPHY = "title,year,venue,publicationVenue,journal,authors,externalIds,url"
PAPER_FIELDS = f"{BIBLIOGRAPHY},abstract,citationCount,tldr"
CITATION_FIELDS = f"contexts,intents,contextsWithIntent,isInfluential,{BIBLIOGRAPHY}"
"""The /citations endpoint serves no tldr for citing papers, so none is asked for."""
PAGE_LIMIT = 1000
"""The most citations the API serves per page."""


def paper_path(paper_id: str) -> str:
    """Return the API path of a paper id (sha, CorpusId:, DOI:, ARXIV:, ACL:, PMID:, URL:)."""
    return "/paper/" + quote(paper_id.strip(), safe=":/")


def fetch_s2(
    client: Client,
    paper_id: str,
    max_citing: int | None = None,
    allow_partial: bool = False,
    progress: Progress | None = None,
) -> Download:
    """Return the paper and every page of its citations (or the first ``max_citing``)."""
    path = paper_path(paper_id)
    paper = client.get(path, {"fields": PAPER_FIELDS})
    if kind(paper.data) != S2_PAPER:
        raise FetchError(
            f"{client.where(path)}: expected a Semantic Scholar paper object, "
            f"found {found(paper.data)}"
        )
    download = Download(paper.body, known_count(paper.data.get("citationCount")))
    offset = 0
    while (limit := page_size(PAGE_LIMIT, download.citing, max_citing)) > 0:
        params: dict[str, str | int] = {
            "fields": CITATION_FIELDS,
            "offset": offset,
            "limit": limit,
        }
        page = get_page(client, f"{path}/citations", params, download, allow_partial)
        if page is None:
            break
        items = _items(client, f"{path}/citations", page.data)
        download.add(page, items, progress)
        following = page.data.get("next")
        if not items or not isinstance(following, int) or following <= offset:
            break  # the last page has no 'next'
        offset = following
    return download


def _items(client: Client, path: str, data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        return list(data["data"])
    raise FetchError(
        f'{client.where(path)}: expected a citations page ({{"data": [...]}}), found {found(data)}'
    )
