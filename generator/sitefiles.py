"""Files every published site needs besides pages: sitemap, robots.txt, .nojekyll."""

from __future__ import annotations

from collections.abc import Callable

from .derive import Corpus
from .urls import INDEX_PATH, NOT_IN_URL, absolute_url, hub_path
from .xmltext import escape


def _url(base: str, path: str) -> str:
    """Return the absolute URL of ``path``, any space or control character percent-encoded.

    ``base_url`` is checked where it is read; this keeps a line break that got past the
    check (a library caller's base_url) from adding lines to robots.txt.
    """
    url = absolute_url(base, path)
    return NOT_IN_URL.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def sitemap(corpus: Corpus) -> bytes:
    """Return ``sitemap.xml`` (absolute URLs from ``base_url``)."""
    base = corpus.config.base_url
    paths = [INDEX_PATH] + [hub_path(v.hub.slug) for v in corpus.hubs]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines += [f"<url><loc>{escape(_url(base, p))}</loc></url>" for p in paths]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(corpus: Corpus) -> bytes:
    """Return ``robots.txt``, pointing at the sitemap when the site has a base URL."""
    text = "User-agent: *\nAllow: /\n"
    if corpus.config.base_url:
        text += f"Sitemap: {_url(corpus.config.base_url, 'sitemap.xml')}\n"
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
