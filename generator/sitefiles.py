"""Files every published site needs besides pages: sitemap, robots.txt, .nojekyll."""

from __future__ import annotations

from collections.abc import Callable

from .derive import Corpus
from .urls import INDEX_PATH, absolute_url, hub_path
from .xmltext import escape


def sitemap(corpus: Corpus) -> bytes:
    """Return ``sitemap.xml`` (absolute URLs from ``base_url``)."""
    base = corpus.config.base_url
    paths = [INDEX_PATH] + [hub_path(v.hub.slug) for v in corpus.hubs]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines += [f"<url><loc>{escape(absolute_url(base, p))}</loc></url>" for p in paths]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(corpus: Corpus) -> bytes:
    """Return ``robots.txt``, pointing at the sitemap when the site has a base URL."""
    text = "User-agent: *\nAllow: /\n"
    if corpus.config.base_url:
        text += f"Sitemap: {absolute_url(corpus.config.base_url, 'sitemap.xml')}\n"
    return text.encode("utf-8")


def sitemap_file(corpus: Corpus) -> bytes | None:
    """Return ``sitemap.xml`` when the site has a base URL (its URLs must be absolute)."""
    return sitemap(corpus) if corpus.config.base_url else None


FILES: dict[str, Callable[[Corpus], bytes | None]] = {
    "robots.txt": robots,
    "sitemap.xml": sitemap_file,
    ".nojekyll": lambda corpus: b"",  # GitHub Pages: publish as is, no Jekyll
}
"""The site-root files crawlers and hosts read, by path (None: not written)."""
