"""OpenAlex: a Work, then the works citing it (filter=cites:W…), 200 per page, cursor paging."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from ..importers.common import as_dict
from ..importers.openalex import openalex_key
from ..importers.shapes import OPENALEX_PREFIX, found, is_openalex_work
from .download import Download, Progress, get_page, known_count, page_size
from .http import Client, FetchError

API_URL = "https://api.openalex.org"
MAILTO_VARIABLE = "OPENALEX_MAILTO"
KEY_VARIABLE = "OPENALEX_API_KEY"
PER_PAGE = 200
"""The most works OpenAlex serves per page."""
SELECT = "id,ids,doi,display_name,title,publication_year,authorships,primary_location"
"""Fields of the citing works that the importer reads; the pages stay small."""

_WORK_KEY = re.compile(r"^W\d+$", re.IGNORECASE)
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.\S+)$", re.IGNORECASE)


def work_path(work_id: str) -> str:
    """Return the API path of ``W…``, ``https://openalex.org/W…`` or a DOI in any usual form."""
    cleaned = work_id.strip().removeprefix(OPENALEX_PREFIX)
    if _WORK_KEY.match(cleaned):
        return f"/works/{cleaned.upper()}"
    doi = _DOI.match(cleaned)
    if doi:
        return "/works/doi:" + quote(doi.group(1), safe="/:")
    raise FetchError(
        f"expected a work id (W2741809807) or a DOI (10.7717/peerj.4375), found {work_id!r}"
    )


def fetch_openalex(
    client: Client,
    work_id: str,
    max_citing: int | None = None,
    allow_partial: bool = False,
    progress: Progress | None = None,
) -> Download:
    """Return the Work and every page of the works citing it (or the first ``max_citing``)."""
    path = work_path(work_id)
    work = client.get(path)
    key = openalex_key(work.data) if isinstance(work.data, dict) else ""
    if not isinstance(work.data, dict) or not is_openalex_work(work.data) or not key:
        raise FetchError(
            f"{client.where(path)}: expected an OpenAlex Work, found {found(work.data)}"
        )
    download = Download(work.body, known_count(work.data.get("cited_by_count")))
    cursor: str | None = "*"
    while cursor and (size := page_size(PER_PAGE, download.citing, max_citing)) > 0:
        params: dict[str, str | int] = {
            "filter": f"cites:{key}",
            "per-page": size,
            "cursor": cursor,
            "select": SELECT,
        }
        page = get_page(client, "/works", params, download, allow_partial)
        if page is None:
            break
        results = _results(client, page.data)
        download.add(page, results, progress)
        next_cursor = as_dict(page.data.get("meta")).get("next_cursor")
        cursor = next_cursor if results and isinstance(next_cursor, str) else None
    return download


def _results(client: Client, data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return list(data["results"])
    raise FetchError(
        f'{client.where("/works")}: expected a works page ({{"results": [...]}}), '
        f"found {found(data)}"
    )
