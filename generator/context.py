"""The template contract: exactly what each template receives, as typed dataclasses.

Templates see these objects and nothing else. Markdown fields arrive already rendered
(``*_html``, marked safe); every other string is escaped by Jinja's autoescape.
``docs/templates.md`` is generated from the ``help`` metadata below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from . import __version__
from .config import SiteConfig
from .summary import Share
from .urls import absolute_url, root_prefix


def _h(text: str) -> dict[str, str]:
    return {"help": text}


@dataclass(frozen=True, slots=True)
class SiteContext:
    """``site``: settings shared by every page."""

    title: str = field(metadata=_h("Site title."))
    description: str = field(metadata=_h("One sentence about the site."))
    base_url: str = field(metadata=_h("Absolute URL of the site ('' when unset)."))
    language: str = field(metadata=_h("Page language."))
    generator: str = field(metadata=_h("'hubgen X.Y.Z'."))
    roles: tuple[str, ...] = field(metadata=_h("Role vocabulary, in order."))
    polarities: tuple[str, ...] = field(metadata=_h("Polarity vocabulary, in order."))
    labels: tuple[str, ...] = field(
        metadata=_h("Every hub label, in the order their rules are checked (`labels:`).")
    )
    extra: Mapping[str, Any] = field(
        default_factory=dict,
        metadata=_h("site.yaml's `extra:` mapping, for a theme's own data (never checked)."),
    )


@dataclass(frozen=True, slots=True)
class PageContext:
    """``page``: facts about the page being rendered."""

    path: str = field(metadata=_h("Path of the page inside the site, e.g. hubs/x/index.html."))
    root: str = field(
        metadata=_h(
            "Relative prefix from this page to the site root "
            "('' or '../../'); prepend it to every internal link."
        )
    )
    canonical: str = field(metadata=_h("Absolute URL of the page ('' without base_url)."))
    title: str = field(metadata=_h("Text for <title>."))
    description: str = field(metadata=_h("Text for the description meta tag."))


@dataclass(frozen=True, slots=True)
class CitationContext:
    """One citing paper, as the explorer and the representative list show it."""

    number: int = field(metadata=_h("1-based position in the record."))
    title: str = field(metadata=_h("Title."))
    id: str = field(metadata=_h("Id ('' when none)."))
    year: int | None = field(metadata=_h("Year, or None."))
    authors: tuple[str, ...] = field(metadata=_h("Author names."))
    venue: str = field(metadata=_h("Venue."))
    paper_url: str = field(metadata=_h("Link to the paper ('' when none)."))
    hub_url: str = field(metadata=_h("Relative link to its hub page when it is a hub, else ''."))
    summary_html: Markup = field(metadata=_h("One-line summary, rendered."))
    roles: tuple[str, ...] = field(metadata=_h("Roles."))
    polarity: str = field(metadata=_h("Polarity ('' when none)."))
    representative: bool = field(metadata=_h("Marked representative."))
    contexts: tuple[str, ...] = field(metadata=_h("Citing sentences (plain text)."))
    role_source: str = field(
        default="", metadata=_h("Where the roles came from when a tool set them, else ''.")
    )
    polarity_source: str = field(
        default="", metadata=_h("Where the polarity came from when a tool set it, else ''.")
    )


@dataclass(frozen=True, slots=True)
class CoCitedContext:
    """One co-cited work."""

    title: str = field(metadata=_h("Title."))
    url: str = field(metadata=_h("Relative link to its hub, or its own URL, or ''."))
    is_hub: bool = field(metadata=_h("True when it has a hub page on this site."))
    shared: int = field(metadata=_h("Number of citing papers shared with this hub."))
    curated: bool = field(metadata=_h("Named by hand in the record."))
    note_html: Markup = field(metadata=_h("Curator's note, rendered."))
    id: str = field(default="", metadata=_h("Id ('' when none)."))


@dataclass(frozen=True, slots=True)
class ClaimContext:
    """One entry of the claims ledger."""

    text_html: Markup = field(metadata=_h("The claim, rendered."))
    source: str = field(metadata=_h("Where the paper states it."))


@dataclass(frozen=True, slots=True)
class LinkContext:
    """A labelled link."""

    label: str = field(metadata=_h("Link text."))
    url: str = field(metadata=_h("Target."))


@dataclass(frozen=True, slots=True)
class DownloadContext:
    """One entry of a hub's download list: a file next to its page, or one the reader's
    browser makes from the page (``static/exports.js``)."""

    label: str = field(metadata=_h("Link text, e.g. 'BibTeX'."))
    url: str = field(
        metadata=_h("Relative link from the hub page to the file ('' when made by the browser).")
    )
    media_type: str = field(metadata=_h("MIME type, for the link's type attribute."))
    name: str = field(default="", metadata=_h("File name the reader saves, e.g. 'citations.bib'."))
    format: str = field(
        default="",
        metadata=_h("What static/exports.js builds: bib, ris, csl, csv or json ('' for a file)."),
    )


@dataclass(frozen=True, slots=True)
class SectionContext:
    """One section of the hub page (see docs/plugins.md to add one)."""

    name: str = field(metadata=_h("Its id on the page and its block's name, e.g. 'claims'."))
    template: str = field(metadata=_h("The template that renders it."))
    title: str = field(metadata=_h("Its entry in the hub tools ('' = none)."))


@dataclass(frozen=True, slots=True)
class YearBarContext:
    """One column of the citations-per-year chart."""

    year: int = field(metadata=_h("The year."))
    count: int = field(metadata=_h("Citing papers from that year."))
    height: int = field(metadata=_h("Column height, percent of the busiest year (0-100)."))


@dataclass(frozen=True, slots=True)
class HubContext:
    """``hub``: one hub page."""

    id: str = field(metadata=_h("Id of the cited paper."))
    slug: str = field(metadata=_h("Folder name of the page."))
    title: str = field(metadata=_h("Title."))
    authors: tuple[str, ...] = field(metadata=_h("Author names."))
    year: int | None = field(metadata=_h("Year, or None."))
    venue: str = field(metadata=_h("Venue."))
    url: str = field(metadata=_h("Link to the paper."))
    code: str = field(metadata=_h("Link to the code."))
    abstract_html: Markup = field(metadata=_h("Abstract, rendered."))
    notes_html: Markup = field(metadata=_h("Editorial notes (Markdown body), rendered."))
    label: str = field(metadata=_h("Label, e.g. 'Mixed citations'."))
    label_key: str = field(
        metadata=_h(
            "Key of the label's rule: few, unclassified, contested, supportive, neutral or "
            "mixed, unless site.yaml's `labels:` names others."
        )
    )
    sentence: str = field(metadata=_h("Summary sentence."))
    total: int = field(metadata=_h("Number of citing papers."))
    role_labels: int = field(metadata=_h("Number of role labels (a paper may have several)."))
    with_polarity: int = field(metadata=_h("Citing papers that have a polarity."))
    roles: tuple[Share, ...] = field(metadata=_h("Role shares (name, count, percent)."))
    polarities: tuple[Share, ...] = field(metadata=_h("Polarity shares."))
    years: tuple[tuple[int, int], ...] = field(metadata=_h("(year, citing papers) pairs."))
    claims: tuple[ClaimContext, ...] = field(metadata=_h("Claims ledger."))
    cocited: tuple[CoCitedContext, ...] = field(metadata=_h("Co-cited works, ranked."))
    tools: tuple[LinkContext, ...] = field(metadata=_h("Extra tool links from the record."))
    representative: tuple[CitationContext, ...] = field(metadata=_h("Representative papers."))
    citations: tuple[CitationContext, ...] = field(
        metadata=_h("Every citing paper, in record order.")
    )
    year_bars: tuple[YearBarContext, ...] = field(
        metadata=_h("Citations-per-year chart columns, first to last citing year.")
    )
    downloads: tuple[DownloadContext, ...] = field(
        metadata=_h(
            "Downloads: BibTeX, RIS, CSL-JSON, CSV and full JSON (made by the browser), Atom feed."
        )
    )
    feed_url: str = field(metadata=_h("Relative link to the hub's Atom feed."))
    citation_meta: tuple[tuple[str, str], ...] = field(
        metadata=_h("Highwire (name, content) pairs for citation_* meta tags.")
    )
    json_ld: Markup = field(
        metadata=_h("schema.org JSON-LD of the page, safe to put inside a script element.")
    )
    coverage: str = field(
        default="",
        metadata=_h(
            "How much of the service's count the page lists, e.g. '1,001 of 10,059 known "
            "citing papers (Semantic Scholar)'; '' when the record has no coverage."
        ),
    )
    with_role: int = field(default=0, metadata=_h("Citing papers that have a role."))
    role_coverage: str = field(
        default="",
        metadata=_h(
            "What the role shares cover, e.g. 'Roles of 12 of 15 citing papers (3 have none); "
            "a paper may have several roles, so shares are of 17 role labels.'"
        ),
    )
    polarity_coverage: str = field(
        default="",
        metadata=_h(
            "What the polarity shares cover, e.g. 'Polarities of 4 of 5 citing papers "
            "(1 has none); shares are of these 4.'"
        ),
    )
    sections: tuple[SectionContext, ...] = field(
        default=(), metadata=_h("The page's sections after its header, in order.")
    )
    extra: Mapping[str, Any] = field(
        default_factory=dict,
        metadata=_h("The record's `extra:` mapping, for a theme's own data (never checked)."),
    )


@dataclass(frozen=True, slots=True)
class HubRowContext:
    """One row of the index table."""

    title: str = field(metadata=_h("Title."))
    url: str = field(metadata=_h("Relative link to the hub page."))
    year: int | None = field(metadata=_h("Year, or None."))
    label: str = field(metadata=_h("Label."))
    label_key: str = field(metadata=_h("Label key."))
    total: int = field(metadata=_h("Number of citing papers."))
    sentence: str = field(metadata=_h("Summary sentence."))


@dataclass(frozen=True, slots=True)
class PageLinkContext:
    """One link of the index's page list."""

    number: int = field(metadata=_h("Page number (0 for a gap: '…')."))
    url: str = field(metadata=_h("Relative link to that page ('' for a gap)."))
    current: bool = field(metadata=_h("True for the page being shown."))


@dataclass(frozen=True, slots=True)
class PagerContext:
    """``pager``: where an index page lies among the index pages (title order)."""

    number: int = field(metadata=_h("This page's number, from 1."))
    count: int = field(metadata=_h("How many index pages there are."))
    hubs: int = field(metadata=_h("How many hubs the site has in all."))
    first: int = field(metadata=_h("Position of this page's first hub, from 1."))
    last: int = field(metadata=_h("Position of this page's last hub."))
    previous_url: str = field(metadata=_h("Relative link to the page before ('' on the first)."))
    next_url: str = field(metadata=_h("Relative link to the page after ('' on the last)."))
    pages: tuple[PageLinkContext, ...] = field(
        metadata=_h("Links to the first, last and nearby pages, with gaps.")
    )
    table_url: str = field(
        metadata=_h("Relative link to every hub's row as a script (what sorting loads).")
    )


def site_context(config: SiteConfig) -> SiteContext:
    """Return the ``site`` object for every page."""
    return SiteContext(
        config.title,
        config.description,
        config.base_url,
        config.language,
        f"hubgen {__version__}",
        config.roles,
        config.polarities,
        tuple(rule.label for rule in config.labels),
        config.extra,
    )


def page_context(path: str, title: str, description: str, config: SiteConfig) -> PageContext:
    """Return the ``page`` object for the page at ``path``."""
    return PageContext(
        path, root_prefix(path), absolute_url(config.base_url, path), title, description
    )
