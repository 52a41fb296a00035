"""hubgen's own outputs, hub-page sections, filters and importers, registered through the
same hooks as any plugin's (see :mod:`generator.plugins.hookspecs`).

The render functions import what they use when called: the plugin manager is built
before the modules that render.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click
import pluggy

from ..outputs import HubDownload, HubOutput, HubSection, OutputContext, SiteOutput

if TYPE_CHECKING:
    from ..derive import DerivedHub

hookimpl = pluggy.HookimplMarker("hubgen")


def _page(ctx: OutputContext, view: DerivedHub) -> str:
    from ..pages import hub_page

    return hub_page(ctx, view)


def _hub_feed(ctx: OutputContext, view: DerivedHub) -> str:
    from ..feeds import hub_feed

    return hub_feed(view, ctx.config)


@hookimpl
def hub_outputs() -> Sequence[HubOutput]:
    """The hub page and its Atom feed."""
    return [
        HubOutput("index.html", "", "text/html", _page, "The hub page."),
        HubOutput(
            "feed.xml",
            "Atom feed",
            "application/atom+xml",
            _hub_feed,
            "The hub's 10 newest citing papers, for feed readers.",
        ),
    ]


@hookimpl
def hub_downloads() -> Sequence[HubDownload]:
    """The hub's data in five formats, made by the reader's browser from the page (a file
    each would be most of the site's weight)."""
    papers = "The hub paper and its citing papers."
    return [
        HubDownload("citations.bib", "BibTeX", "application/x-bibtex", "bib", papers),
        HubDownload("citations.ris", "RIS", "application/x-research-info-systems", "ris", papers),
        HubDownload(
            "citations.csl.json",
            "CSL-JSON",
            "application/vnd.citationstyles.csl+json",
            "csl",
            papers,
        ),
        HubDownload(
            "citations.csv",
            "CSV (explorer table)",
            "text/csv",
            "csv",
            "The explorer's table, one row per citing paper.",
        ),
        HubDownload(
            "hub.json",
            "Full data (JSON)",
            "application/json",
            "json",
            "The hub as its page shows it, and what is derived from it.",
        ),
    ]


def _index(ctx: OutputContext) -> Mapping[str, bytes]:
    from ..indexpages import index_pages

    return index_pages(ctx)


def _table(ctx: OutputContext) -> bytes:
    from ..indexpages import table_script

    return table_script(ctx.corpus)


def _not_found(ctx: OutputContext) -> str:
    from ..pages import not_found_page

    return not_found_page(ctx)


def _static(ctx: OutputContext) -> Mapping[str, bytes]:
    from ..pages import static_files

    return static_files(ctx)


def _crawl(name: str) -> Callable[[OutputContext], bytes | None]:
    def render(ctx: OutputContext) -> bytes | None:
        from .. import sitefiles

        return sitefiles.FILES[name](ctx.corpus)

    return render


def _site_feed(ctx: OutputContext) -> str:
    from ..feeds import site_feed

    return site_feed(ctx.corpus)


@hookimpl
def site_outputs() -> Sequence[SiteOutput]:
    """The index and 404 pages, the theme's assets, the files crawlers and hosts read and
    the site's Atom feed (the search indexes are the search stage's)."""
    return [
        SiteOutput(
            "index.html",
            "Index pages",
            "text/html",
            _index,
            "Every hub in a table, a few hundred a page: index.html, index-2.html, …",
        ),
        SiteOutput(
            "hubs-table.js",
            "Index table data",
            "text/javascript",
            _table,
            "Every hub's row, loaded when a reader sorts the index.",
        ),
        SiteOutput("404.html", "Not-found page", "text/html", _not_found),
        SiteOutput("static/", "Theme assets", "", _static, "The theme's CSS and scripts."),
        SiteOutput("robots.txt", "robots.txt", "text/plain", _crawl("robots.txt")),
        SiteOutput(
            "sitemap.xml",
            "Sitemap",
            "application/xml",
            _crawl("sitemap.xml"),
            "Written when base_url is set.",
        ),
        SiteOutput(".nojekyll", ".nojekyll", "", _crawl(".nojekyll"), "For GitHub Pages."),
        SiteOutput(
            "feed.xml", "Site feed", "application/atom+xml", _site_feed, "Newest citing papers."
        ),
    ]


SECTIONS = (
    ("abstract", ""),
    ("tools", ""),
    ("roles", "Citation roles"),
    ("polarity", "Citation polarity"),
    ("years", "Citations per year"),
    ("claims", "Claims ledger"),
    ("cocited", "Co-cited works"),
    ("representative", "Representative citing papers"),
    ("explorer", "Citing papers explorer"),
)
"""The default hub page after its header, in order: (name, entry in the hub tools)."""


@hookimpl
def hub_sections() -> Sequence[HubSection]:
    """The default hub page's sections, ordered 10, 20, … so plugins can go between."""
    return [
        HubSection(name, f"sections/{name}.html", 10 * (i + 1), title)
        for i, (name, title) in enumerate(SECTIONS)
    ]


@hookimpl
def jinja_filters() -> Mapping[str, Callable[..., Any]]:
    """``thousands``: 10000 → '10,000'."""
    return {"thousands": lambda n: f"{n:,}"}


@hookimpl
def importers() -> Sequence[click.Command]:
    """``hubgen import s2`` and ``hubgen import openalex``."""
    from ..commands.import_cmd import openalex_command, s2_command

    return [s2_command, openalex_command]
