"""Render stage: templates + contexts → HTML strings, keyed by their path in the site."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import exports
from .context import hub_context, index_rows, page_context, site_context
from .derive import Corpus, HubView
from .errors import HubgenError
from .markdown import plain_text
from .search_offline import IndexedHub, Reader, offline_files
from .search_records import hub_record, record_bytes
from .sitefiles import site_files
from .urls import INDEX_PATH, NOT_FOUND_PATH, hub_path

DEFAULT_TEMPLATES = Path(__file__).resolve().parent / "templates"
"""The default theme: ``templates/`` in a checkout, shipped inside the package in a wheel."""


def default_templates_dir() -> Path:
    """Return the directory of the default theme."""
    source_tree = Path(__file__).resolve().parent.parent / "templates"
    if (source_tree / "base.html").is_file():
        return source_tree
    return DEFAULT_TEMPLATES


def make_environment(user_dir: Path | None) -> jinja2.Environment:
    """Return the Jinja environment: user templates first, defaults last, plus ``default:``."""
    default = jinja2.FileSystemLoader(default_templates_dir())
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        loaders.append(jinja2.FileSystemLoader(user_dir))
    loaders += [default, jinja2.PrefixLoader({"default": default}, delimiter=":")]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no need to stat templates per page
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    return env


def _template_location(exc: jinja2.TemplateError) -> str:
    """Return ``file:line`` of the template code that failed, as precisely as known."""
    lineno = getattr(exc, "lineno", None)
    filename = getattr(exc, "filename", None) or getattr(exc, "name", None)
    if filename and lineno:
        return f"{filename}:{lineno}"
    tb = exc.__traceback__
    found = ""
    while tb is not None:  # Jinja maps template frames to the template's file and line
        code = tb.tb_frame.f_code.co_filename
        if code.endswith((".html", ".xml", ".txt")):
            found = f"{code}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found or str(filename or "template")


@dataclass(frozen=True, slots=True)
class Page:
    """One rendered file."""

    path: str
    text: str


class Renderer:
    """Renders pages of one corpus; the environment's templates are compiled once."""

    def __init__(self, corpus: Corpus, user_templates: Path | None) -> None:
        self.corpus = corpus
        self.config = corpus.config
        self.user_templates = user_templates
        self.env = make_environment(user_templates)
        self.site = site_context(corpus.config)

    def _render(self, candidates: list[str], path: str, **context: object) -> Page:
        try:
            template = self.env.select_template(candidates)
            text = template.render(
                site=self.site,
                template_name=template.name,
                templates_considered=candidates,
                **context,
            )
        except jinja2.TemplateError as exc:
            raise HubgenError(
                f"{_template_location(exc)}: {exc.message or exc} (while rendering {path})"
            ) from None
        return Page(path, text)

    def hub_page(self, view: HubView) -> Page:
        """Return one hub page."""
        hub = view.hub
        path = hub_path(hub.slug)
        description = view.summary.sentence
        if hub.abstract:
            description = plain_text(hub.abstract)[:300]
        page = page_context(path, f"{hub.title} · {self.config.title}", description, self.config)
        return self._render(
            [f"hubs/{hub.slug}.html", "hub.html"],
            path,
            page=page,
            hub=hub_context(view, self.config),
        )

    def index_page(self) -> Page:
        """Return the index page."""
        page = page_context(
            INDEX_PATH, self.config.title, self.config.description or self.config.title, self.config
        )
        return self._render(["index.html"], INDEX_PATH, page=page, hubs=index_rows(self.corpus))

    def not_found_page(self) -> Page:
        """Return the 404 page."""
        page = page_context(
            NOT_FOUND_PATH, f"Page not found · {self.config.title}", "", self.config
        )
        return self._render(["404.html"], NOT_FOUND_PATH, page=page)

    def hub_files(self, view: HubView) -> dict[str, bytes]:
        """Return every file of one hub (its page and its exports): the unit the cache keeps.

        Anything added per hub belongs here, so that it is cached and rebuilt with the page.
        """
        page = self.hub_page(view)
        files = {page.path: page.text.encode("utf-8")}
        files.update(exports.hub_extra_files(view, self.config))
        return files

    def hub_output(self, view: HubView) -> tuple[dict[str, bytes], bytes]:
        """Return one hub's files and its offline search record (both cached together)."""
        return self.hub_files(view), record_bytes(hub_record(view))

    def site_files(
        self, search: Sequence[IndexedHub], read: Reader, remake: Callable[[int], bytes]
    ) -> dict[str, bytes]:
        """Return every file that is not one hub's: index, 404, assets, site-wide indexes.

        ``search`` holds every hub's offline search record, in index order (from the
        render workers, :meth:`hub_output`, or the build cache); ``read`` and ``remake``
        are as in :func:`generator.search_offline.offline_files`.
        """
        files = {
            page.path: page.text.encode("utf-8")
            for page in (self.index_page(), self.not_found_page())
        }
        files.update(static_files(self.user_templates))
        files.update(site_files(self.corpus))
        site = self.site
        vocabularies = (site.labels, site.roles, site.polarities)
        files.update(offline_files(search, *vocabularies, read, remake))
        files.update(exports.site_extra_files(self.corpus))
        return files


def static_files(user_dir: Path | None) -> dict[str, bytes]:
    """Return the theme's static assets as ``{"static/...": bytes}``; user files win."""
    files: dict[str, bytes] = {}
    dirs = [default_templates_dir() / "static"]
    if user_dir is not None:
        dirs.append(user_dir / "static")
    for base in dirs:
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            parts = path.relative_to(base).parts
            if path.is_file() and not any(part.startswith(".") for part in parts):
                files["static/" + path.relative_to(base).as_posix()] = path.read_bytes()
    return dict(sorted(files.items()))
