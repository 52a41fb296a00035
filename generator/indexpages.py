"""The index, in pages: every hub in title order, a few hundred rows a page.

The first page is ``index.html``, page *n* is ``index-n.html``; each links to its
neighbours, the first and last pages, so the index is browsable without JavaScript and
its first page weighs the same at 100 hubs or 25,000. ``hubs-table.js`` holds every hub's
row for the index's sorting, which loads it only when asked to sort.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from .context import HubRowContext, PageLinkContext, PagerContext, page_context
from .derive import Corpus
from .outputs import OutputContext
from .urls import INDEX_PATH, hub_path, relative_url

PAGE_ROWS = 200
"""Hubs per index page."""
TABLE_FILE = "hubs-table.js"
NEARBY = 2
"""Pages linked on each side of the current one (besides the first and the last)."""


def page_path(number: int) -> str:
    """Return the site path of index page ``number`` (from 1)."""
    return INDEX_PATH if number == 1 else f"index-{number}.html"


def rows(corpus: Corpus) -> list[HubRowContext]:
    """Return every hub's row, in index order."""
    return [
        HubRowContext(
            v.hub.title,
            relative_url(INDEX_PATH, hub_path(v.hub.slug)),
            v.hub.year,
            v.summary.label,
            v.summary.label_key,
            v.summary.total,
            v.summary.sentence,
        )
        for v in corpus.hubs
    ]


def page_links(number: int, count: int) -> tuple[PageLinkContext, ...]:
    """Return the page list of page ``number``: first, last, nearby, and gaps between."""
    near = range(max(1, number - NEARBY), min(count, number + NEARBY) + 1)
    shown = sorted({1, count, *near})
    links: list[PageLinkContext] = []
    for n in shown:
        if links and n - links[-1].number > 1:
            links.append(PageLinkContext(0, "", False))
        links.append(PageLinkContext(n, page_path(n), n == number))
    return tuple(links)


def pager(number: int, count: int, hubs: int) -> PagerContext:
    """Return the ``pager`` of index page ``number`` of ``count`` (over ``hubs`` hubs)."""
    first = (number - 1) * PAGE_ROWS + 1
    return PagerContext(
        number,
        count,
        hubs,
        min(first, hubs),
        min(number * PAGE_ROWS, hubs),
        page_path(number - 1) if number > 1 else "",
        page_path(number + 1) if number < count else "",
        page_links(number, count),
        TABLE_FILE,
    )


def index_pages(ctx: OutputContext) -> Mapping[str, bytes]:
    """Return every index page, by path."""
    config, every = ctx.config, rows(ctx.corpus)
    count = max(1, -(-len(every) // PAGE_ROWS))
    pages: dict[str, bytes] = {}
    for number in range(1, count + 1):
        path = page_path(number)
        title = config.title if number == 1 else f"{config.title} · page {number} of {count}"
        page = page_context(path, title, config.description or config.title, config)
        shown = every[(number - 1) * PAGE_ROWS : number * PAGE_ROWS]
        info = pager(number, count, len(every))
        text = ctx.render_page(["index.html"], path, page=page, hubs=shown, pager=info)
        pages[path] = text.encode("utf-8")
    return pages


def table_script(corpus: Corpus) -> bytes:
    """Return ``hubs-table.js``: every hub's row, one a line, for the index's sorting."""
    lines = [
        json.dumps([r.url, r.title, r.year, r.label, r.label_key, r.total, r.sentence])
        for r in rows(corpus)
    ]
    body = ",\n".join(lines).replace("</", "<\\/")
    return f"window.HUBGEN_TABLE([\n{body}\n]);\n".encode()
