"""Atom feeds: one per hub (its newest 10 citing papers, in record order) and one for the site.

Feeds carry no build timestamp: ``updated`` comes from the data (the latest citing year),
so rebuilding unchanged content gives byte-identical files. Not even ``SOURCE_DATE_EPOCH``
is read: a hub's files are cached by their inputs, and the environment is not one.
Entry ids are ``tag:`` URIs built from the hub slug and the citing
paper's id (or its title), so they survive reordering and rebuilding. Every value goes
through :mod:`generator.xmltext`, which cannot emit a character XML forbids.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from urllib.parse import quote, urlsplit

from .config import SiteConfig
from .derive import Corpus, DerivedHub
from .markdown import plain_text
from .metadata import paper_link
from .model import Citation
from .urls import INDEX_PATH, absolute_url, hub_path, relative_url, slugify
from .xmltext import escape, fit, quoteattr

HUB_FEED = "feed.xml"
"""File name of a hub's feed, next to its page."""
SITE_FEED = "feed.xml"
"""Path of the site feed, at the site root."""
MEDIA_TYPE = "application/atom+xml"
TAG_DATE = "2024"
"""Date part of every tag: id. Fixed on purpose: changing it would change every id."""
FALLBACK_AUTHORITY = "hubgen.invalid"
"""Tag authority when the site has no base_url (``.invalid`` is reserved for such use)."""


def authority(config: SiteConfig) -> str:
    """Return the host name that scopes this site's tag: ids."""
    host = urlsplit(config.base_url).hostname if config.base_url else None
    return host or FALLBACK_AUTHORITY


def tag_id(config: SiteConfig, *parts: str) -> str:
    """Return a stable ``tag:`` URI for the given path parts."""
    # fit(): a lone surrogate cannot be percent-encoded (it has no UTF-8 form).
    specific = "/".join(quote(fit(p), safe=":@!$&'()*+,;=-._~") for p in parts)
    return f"tag:{authority(config)},{TAG_DATE}:{specific}"


def entry_key(c: Citation) -> str:
    """Return what identifies a citing paper inside its hub: its id, else its title."""
    return c.id or "title:" + (slugify(c.title_key, limit=120) or "untitled")


def year_stamp(year: int) -> str:
    """Return the Atom timestamp of the first moment of ``year``."""
    return f"{year:04d}-01-01T00:00:00Z"


def updated_stamp(years: Iterable[int | None]) -> str:
    """Return the feed's ``updated``: the start of the latest year in the data."""
    known = [y for y in years if y is not None]
    return year_stamp(max(known)) if known else year_stamp(1970)


def _link(href: str, rel: str = "alternate", media: str = "text/html") -> str:
    return f"<link rel={quoteattr(rel)} type={quoteattr(media)} href={quoteattr(href)}/>"


def _entry(
    view: DerivedHub, c: Citation, config: SiteConfig, page_href: str, fallback: str, site: bool
) -> str:
    """Return one entry. A site feed's also names the hub, links its page and gives roles
    and polarity as categories; a hub feed's title and link name the hub for all of its
    entries, and its summary alone gives roles and polarity (readers show it; a hub feed
    is fetched whole on every poll, so it stays small)."""
    hub = view.hub
    lines = [
        "<entry>",
        f"<id>{escape(tag_id(config, hub.slug, entry_key(c)))}</id>",
        f"<title>{escape(c.title)}</title>",
        f"<updated>{year_stamp(c.year) if c.year is not None else fallback}</updated>",
    ]
    lines += [f"<author><name>{escape(name)}</name></author>" for name in c.authors]
    # rel defaults to alternate (RFC 4287 4.2.7.2): the link to the paper, else its hub page.
    lines.append(f"<link href={quoteattr(paper_link(c.id, c.url) or page_href)}/>")
    if site:
        lines.append(f'<link rel="related" href={quoteattr(page_href)}/>')
        lines += [f"<category term={quoteattr(t)}/>" for t in (*c.roles, c.polarity) if t]
    about = [f"Cites {hub.title}."] if site else []
    if c.roles:
        about.append("Role: " + ", ".join(c.roles) + ".")
    if c.polarity:
        about.append(f"Polarity: {c.polarity}.")
    if c.summary:
        about.append(plain_text(c.summary))
    if about:
        lines.append(f"<summary>{escape(' '.join(about))}</summary>")
    lines.append("</entry>")
    return "\n".join(lines)


def _feed(
    config: SiteConfig,
    feed_id: str,
    title: str,
    self_path: str,
    page_path: str,
    body: list[str],
    subtitle: str = "",
) -> str:
    """Return a complete Atom document around the rendered entries."""
    self_url = absolute_url(config.base_url, self_path)
    page_url = absolute_url(config.base_url, page_path) or relative_url(self_path, page_path)
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"<id>{escape(feed_id)}</id>",
        f"<title>{escape(title)}</title>",
    ]
    if subtitle:
        head.append(f"<subtitle>{escape(subtitle)}</subtitle>")
    head += body[:1]  # the <updated> line
    if self_url:
        head.append(_link(self_url, rel="self", media=MEDIA_TYPE))
    head.append(_link(page_url))
    head.append(f"<author><name>{escape(config.title)}</name></author>")
    head.append("<generator>hubgen</generator>")
    return "\n".join(head + body[1:] + ["</feed>"]) + "\n"


def _page_href(config: SiteConfig, feed_path: str, slug: str) -> str:
    target = hub_path(slug)
    return absolute_url(config.base_url, target) or relative_url(feed_path, target)


HUB_FEED_LIMIT = 10
"""Most entries in a hub's feed (its newest citing papers): readers fetch the whole file
on every poll, and the hub page lists them all (ten keep the feed under 4 KB)."""


def _newest_of_hub(citations: Sequence[Citation]) -> list[Citation]:
    """Return the ``HUB_FEED_LIMIT`` newest citing papers (by year, then record order; no
    year last), kept in record order."""
    if len(citations) <= HUB_FEED_LIMIT:
        return list(citations)
    ranked = sorted(
        range(len(citations)),
        key=lambda i: (citations[i].year is None, -(citations[i].year or 0), i),
    )
    return [citations[i] for i in sorted(ranked[:HUB_FEED_LIMIT])]


def hub_feed(view: DerivedHub, config: SiteConfig) -> str:
    """Return the Atom feed of one hub's newest citing papers, in record order."""
    hub = view.hub
    path = posixpath.join(posixpath.dirname(hub_path(hub.slug)), HUB_FEED)
    updated = updated_stamp([c.year for c in hub.citations] + [hub.year])
    href = _page_href(config, path, hub.slug)
    entries = _newest_of_hub(hub.citations)
    body = [f"<updated>{updated}</updated>"]
    body += [_entry(view, c, config, href, updated, site=False) for c in entries]
    title = f"Papers citing {hub.title}"
    capped = (  # said in the feed itself
        f"The {len(entries)} newest of {len(hub.citations):,} citing papers; "
        "the hub page lists them all."
        if len(entries) < len(hub.citations)
        else ""
    )
    feed_id = tag_id(config, hub.slug)
    return _feed(config, feed_id, title, path, hub_path(hub.slug), body, capped)


SITE_FEED_LIMIT = 200
"""Most entries in the site feed: feed readers fetch the whole file on every poll."""


def _newest(corpus: Corpus, limit: int) -> list[tuple[DerivedHub, Citation]]:
    """Return the ``limit`` newest citing papers: by year, then index order, then record order.

    Chosen from each hub's citations per year (its summary), so only the hubs that hold
    one of them have their citing papers read (a cached hub's are decoded on first use).
    A paper without a year comes after every dated one.
    """
    groups: list[tuple[int, int, int]] = []  # (-year, hub index, papers of that year)
    for h, view in enumerate(corpus.hubs):
        s = view.summary
        dated = 0
        for year, count in s.years:
            if count:
                groups.append((-year, h, count))
                dated += count
        if s.total > dated:
            groups.append((0, h, s.total - dated))
    groups.sort()
    chosen: list[tuple[DerivedHub, Citation]] = []
    for minus_year, h, count in groups:
        if len(chosen) >= limit:
            break
        view = corpus.hubs[h]
        take = min(count, limit - len(chosen))
        found = [c for c in view.hub.citations if -(c.year or 0) == minus_year]
        chosen += [(view, c) for c in found[:take]]
    return chosen


def site_feed(corpus: Corpus) -> str:
    """Return the Atom feed of the newest citing papers across all hubs.

    Entries are the ``SITE_FEED_LIMIT`` citing papers with the latest years; papers of
    the same year keep index order, then record order.
    """
    config = corpus.config
    newest = _newest(corpus, SITE_FEED_LIMIT)
    years = [c.year for _view, c in newest]
    updated = updated_stamp(years + [v.hub.year for v in corpus.hubs])
    body = [f"<updated>{updated}</updated>"]
    for view, c in newest:
        href = _page_href(config, SITE_FEED, view.hub.slug)
        body.append(_entry(view, c, config, href, updated, site=True))
    title = f"{config.title}: citing papers"
    return _feed(config, tag_id(config, "site"), title, SITE_FEED, INDEX_PATH, body)
