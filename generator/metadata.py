"""Scholarly metadata of a hub page: Highwire ``citation_*`` tags and schema.org JSON-LD.

Zotero and Google Scholar read the ``citation_*`` meta tags; search engines read the
JSON-LD. Both describe the hub *paper* (the page's main entity), so saving a hub page in
Zotero saves the paper it is about.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .markdown import plain_text
from .model import Hub


@dataclass(frozen=True, slots=True)
class PaperIds:
    """Identifiers recognised in a paper's id and URL."""

    doi: str
    arxiv: str


@lru_cache(maxsize=65536)  # asked for every paper by the page and by each export
def paper_ids(record_id: str, url: str = "") -> PaperIds:
    """Return the DOI and arXiv id found in ``record_id`` (``doi:…``, ``arxiv:…``) or ``url``."""
    scheme, _, value = record_id.partition(":")
    doi = value if scheme.lower() == "doi" else ""
    arxiv = value if scheme.lower() == "arxiv" else ""
    lowered = url.lower()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/"):
        if not doi and lowered.startswith(prefix):
            doi = url[len(prefix) :]
    for prefix in ("https://arxiv.org/abs/", "http://arxiv.org/abs/"):
        if not arxiv and lowered.startswith(prefix):
            arxiv = url[len(prefix) :]
    return PaperIds(doi, arxiv)


def paper_link(record_id: str, url: str) -> str:
    """Return the best link to a paper: its URL, else its DOI or arXiv page, else ''."""
    if url:
        return url
    ids = paper_ids(record_id)
    if ids.doi:
        return "https://doi.org/" + ids.doi
    if ids.arxiv:
        return "https://arxiv.org/abs/" + ids.arxiv
    return ""


def highwire_tags(hub: Hub) -> tuple[tuple[str, str], ...]:
    """Return the ``citation_*`` (name, content) pairs describing the hub paper."""
    tags = [("citation_title", hub.title)]
    tags += [("citation_author", name) for name in hub.authors]
    if hub.year is not None:
        tags += [("citation_publication_date", str(hub.year)), ("citation_year", str(hub.year))]
    ids = paper_ids(hub.id, hub.url)
    if ids.doi:
        tags.append(("citation_doi", ids.doi))
    if ids.arxiv:
        tags.append(("citation_arxiv_id", ids.arxiv))
    if hub.venue:
        tags.append(("citation_journal_title", hub.venue))
    if hub.abstract:
        tags.append(("citation_abstract", plain_text(hub.abstract)))
    return tuple(tags)


def _article(
    title: str, record_id: str, url: str, authors: tuple[str, ...], year: int | None, venue: str
) -> dict[str, Any]:
    """Return a schema.org ScholarlyArticle (only the properties we know)."""
    item: dict[str, Any] = {"@type": "ScholarlyArticle", "name": title, "headline": title[:110]}
    if authors:
        item["author"] = [{"@type": "Person", "name": name} for name in authors]
    if year is not None:
        item["datePublished"] = str(year)
    if venue:
        item["isPartOf"] = {"@type": "Periodical", "name": venue}
    link = paper_link(record_id, url)
    if link:
        item["url"] = link
    if record_id:
        ids = paper_ids(record_id, url)
        item["identifier"] = record_id
        if ids.doi:
            item["sameAs"] = "https://doi.org/" + ids.doi
    return item


HUB_PAPER_ID = "#paper"
"""JSON-LD node id of the hub paper, relative to the page."""


def json_ld(hub: Hub, page_url: str, description: str) -> dict[str, Any]:
    """Return the page as a schema.org CollectionPage about the hub paper.

    The citing papers are counted, not listed: a list repeated what the page shows, and
    was a fifth of a hub page's weight. The abstract is in the ``citation_abstract`` tag.
    """
    paper = _article(hub.title, hub.id, hub.url, hub.authors, hub.year, hub.venue)
    paper["@id"] = HUB_PAPER_ID
    page: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": f"Papers citing {hub.title}",
        "mainEntity": paper,
    }
    if description:
        page["description"] = description
    if page_url:
        page["url"] = page_url
    page["hasPart"] = {
        "@type": "ItemList",
        "name": "Citing papers",
        "numberOfItems": len(hub.citations),
    }
    return page


def json_ld_text(hub: Hub, page_url: str, description: str) -> str:
    """Return the JSON-LD as text that is safe inside a ``<script>`` element."""
    data = json_ld(hub, page_url, description)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script>" or "<!--" inside a title would end or confuse the script element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
