"""What a site is made of: every output and hub-page section, declared once.

Each file hubgen writes for a hub (its page, its feed) is a :class:`HubOutput`; each
file written once per site (the index, the 404 page, the sitemap, the feed, the offline
search index, the theme's assets) is a :class:`SiteOutput`; each part of the hub page is a
:class:`HubSection`. A hub page's download list is made of :class:`HubDownload` entries:
files the reader's browser builds from the page (``static/exports.js``), plus every hub
output with a label. The built-ins and plugins declare them through the same hooks
(:mod:`generator.plugins`); the renderer, the hub page's download links and the generated
docs all read these declarations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .config import SiteConfig
    from .derive import Corpus, DerivedHub

Made = bytes | str | Mapping[str, bytes]
"""What a render function returns: one file's bytes or text, or several files by path."""


class OutputContext(Protocol):
    """What a render function is given besides the hub: the site and its templates."""

    @property
    def config(self) -> SiteConfig: ...

    @property
    def corpus(self) -> Corpus: ...

    @property
    def theme_dirs(self) -> Sequence[Path]:
        """The theme's folders, the default theme first and the project's last."""

    @property
    def hub_downloads(self) -> Sequence[HubDownload]:
        """A hub page's download list, as declared (see :func:`generator.plugins.hub_downloads`)."""

    @property
    def hub_sections(self) -> Sequence[HubSection]:
        """The hub page's sections, as declared (see :func:`generator.plugins.hub_sections`)."""

    def render_page(
        self, candidates: Sequence[str], path: str, view: DerivedHub | None = None, **context: Any
    ) -> str:
        """Render the first of the templates ``candidates`` that exists, as the page at
        site path ``path`` (``site`` and every plugin's template values are added)."""


@dataclass(frozen=True, slots=True)
class HubOutput:
    """A file made for every hub, in the hub's folder next to its page."""

    name: str
    """File name in the hub's folder, e.g. ``feed.xml`` (``index.html``: the page)."""
    label: str
    """Link text among the hub's downloads, e.g. 'BibTeX' ('' = not a download)."""
    media_type: str
    """MIME type, for the link's ``type`` attribute and the docs."""
    render: Callable[[OutputContext, DerivedHub], bytes | str]
    """Makes the file from one hub (with everything derived about it)."""
    description: str = ""
    """One sentence for the docs."""


BROWSER_FORMATS = ("bib", "ris", "csl", "csv", "json")
"""The formats ``static/exports.js`` builds in the reader's browser from a hub page."""


@dataclass(frozen=True, slots=True)
class HubDownload:
    """An entry of a hub page's download list."""

    name: str
    """File name the reader saves, e.g. ``citations.bib``; for a file, the hub output's name."""
    label: str
    """Link text, e.g. 'BibTeX'."""
    media_type: str
    """MIME type of the file."""
    format: str = ""
    """What the browser builds (one of :data:`BROWSER_FORMATS`); '' = the hub output ``name``."""
    description: str = ""
    """One sentence for the docs."""


@dataclass(frozen=True, slots=True)
class SiteOutput:
    """A file (or folder of files) made once for the whole site."""

    path: str
    """Path in the site, e.g. ``sitemap.xml``; a folder ends with ``/``."""
    label: str
    """A short name for the docs, e.g. 'Sitemap'."""
    media_type: str
    render: Callable[[OutputContext], Made | None]
    """Makes the file, or ``{path: bytes}`` of every file of a folder output (None: no
    file this time, e.g. a sitemap without a base URL)."""
    description: str = ""


@dataclass(frozen=True, slots=True)
class HubSection:
    """A part of the hub page, rendered from its own template."""

    name: str
    """Its id on the page and the name of the block a theme overrides, e.g. ``claims``."""
    template: str
    """Template that renders it (sees ``hub``, ``page``, ``site`` and ``section``)."""
    order: int
    """Where it goes: sections are shown by ascending order (built-ins use 10, 20, …)."""
    title: str = ""
    """Heading and entry in the page's table of contents ('' = none)."""
