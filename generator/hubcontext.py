"""The ``hub`` object of a hub page (:class:`generator.context.HubContext`), built from a
derived hub."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from .config import SiteConfig
from .context import (
    CitationContext,
    ClaimContext,
    CoCitedContext,
    DownloadContext,
    HubContext,
    LinkContext,
    SectionContext,
    YearBarContext,
)
from .derive import CoCited, DerivedHub
from .markdown import render_block, render_inline
from .metadata import highwire_tags, json_ld_text
from .model import Citation, Coverage
from .outputs import HubDownload, HubSection
from .sentences import polarity_coverage, role_coverage
from .summary import percent
from .urls import absolute_url, hub_file, hub_path, relative_url

FEED = "feed.xml"
"""The hub output the page's feed link points at (``<link rel=alternate>``)."""


def _citation(number: int, c: Citation, slug: str, page: str) -> CitationContext:
    return CitationContext(
        number,
        c.title,
        c.id,
        c.year,
        c.authors,
        c.venue,
        c.url,
        relative_url(page, hub_path(slug)) if slug else "",
        Markup(render_inline(c.summary)),
        c.roles,
        c.polarity,
        c.representative,
        c.contexts,
        c.role_source if c.roles else "",
        c.polarity_source if c.polarity else "",
    )


def coverage_text(total: int, coverage: Coverage | None) -> str:
    """Return e.g. '1,001 of 10,059 known citing papers (Semantic Scholar)', or ''."""
    if coverage is None:
        return ""
    source = f" ({coverage.source})" if coverage.source else ""
    if total > coverage.known:  # hand-added papers, or a count that lags its own lists
        counted = f"{coverage.source} counts" if coverage.source else "the service counts"
        return f"{total:,} citing papers ({counted} {coverage.known:,})"
    return f"{total:,} of {coverage.known:,} known citing papers{source}"


def _cocited(item: CoCited, page: str) -> CoCitedContext:
    url = relative_url(page, hub_path(item.slug)) if item.slug else item.url
    return CoCitedContext(
        item.title,
        url,
        bool(item.slug),
        item.shared,
        item.curated,
        Markup(render_inline(item.note)),
        item.id,
    )


def year_bars(years: tuple[tuple[int, int], ...]) -> tuple[YearBarContext, ...]:
    """Return the chart columns, each scaled to the busiest year."""
    peak = max((n for _, n in years), default=0)
    return tuple(YearBarContext(y, n, percent(n, peak)) for y, n in years)


def downloads(slug: str, declared: Sequence[HubDownload]) -> tuple[DownloadContext, ...]:
    """Return the hub's download list: files linked relative to the hub's page, and what
    the browser makes (no link)."""
    page = hub_path(slug)
    return tuple(
        DownloadContext(
            d.label,
            "" if d.format else relative_url(page, hub_file(slug, d.name)),
            d.media_type,
            d.name,
            d.format,
        )
        for d in declared
    )


def hub_context(
    view: DerivedHub,
    config: SiteConfig | None = None,
    declared: Sequence[HubDownload] = (),
    sections: Sequence[HubSection] = (),
) -> HubContext:
    """Return the ``hub`` object of one hub page (``config`` gives JSON-LD its page URL;
    ``declared`` (downloads) and ``sections`` are the declared ones: see
    generator.plugins)."""
    hub, summary = view.hub, view.summary
    page = hub_path(hub.slug)
    page_url = absolute_url(config.base_url, page) if config else ""
    citations = tuple(
        _citation(i + 1, c, slug, page)
        for i, (c, slug) in enumerate(zip(hub.citations, view.citation_slugs, strict=True))
    )
    return HubContext(
        hub.id,
        hub.slug,
        hub.title,
        hub.authors,
        hub.year,
        hub.venue,
        hub.url,
        hub.code,
        Markup(render_block(hub.abstract)),
        Markup(render_block(hub.notes)),
        summary.label,
        summary.label_key,
        summary.sentence,
        summary.total,
        summary.role_labels,
        summary.with_polarity,
        summary.roles,
        summary.polarities,
        summary.years,
        tuple(ClaimContext(Markup(render_block(c.text)), c.source) for c in hub.claims),
        tuple(_cocited(item, page) for item in view.cocited),
        tuple(LinkContext(t.label, t.url) for t in hub.tools),
        tuple(c for c in citations if c.representative),
        citations,
        year_bars(summary.years),
        downloads(hub.slug, declared),
        relative_url(page, hub_file(hub.slug, FEED)),
        highwire_tags(hub),
        Markup(json_ld_text(hub, page_url, summary.sentence)),
        coverage_text(summary.total, hub.coverage),
        summary.with_role,
        role_coverage(summary.total, summary.with_role, summary.role_labels),
        polarity_coverage(summary.total, summary.with_polarity),
        tuple(SectionContext(s.name, s.template, s.title) for s in sections),
        hub.extra,
    )
