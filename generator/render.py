"""Render stage: every declared output of every hub and of the site, as bytes by path.

The outputs are declared once (:mod:`generator.outputs`, through the plugin hooks); this
module gives their render functions a context (the corpus, the settings, the theme's
templates) and collects what they make. Hubs are rendered in worker processes; nothing
here writes a file: the write stage puts what it returns into the site.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from . import plugins
from .context import site_context
from .derive import Corpus, DerivedHub
from .errors import HubgenError
from .outputs import Made
from .parallel import map_items
from .progress import ProgressHook
from .search.pagefind import document
from .search.records import hub_record, hub_search_text, record_bytes
from .urls import hub_file


def default_theme() -> Path:
    """Return the folder of the default theme: the ``templates`` package data of an
    installed hubgen, or the top-level ``templates/`` of a source checkout."""
    packaged = importlib.resources.files("generator") / "templates"
    if packaged.is_dir() and isinstance(packaged, Path):
        return packaged
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "templates" / "base.html").is_file():
        return checkout / "templates"
    raise HubgenError("hubgen's default theme is missing from its installation; reinstall it")


def theme_dirs(user_dir: Path | None) -> tuple[Path, ...]:
    """Return the theme's folders, most specific first: the project's ``templates/``, the
    plugins' template folders, the default theme."""
    first = () if user_dir is None else (user_dir,)
    return (*first, *plugins.template_dirs(), default_theme())


def make_environment(folders: Sequence[Path]) -> jinja2.Environment:
    """Return the Jinja environment over the theme's ``folders`` (see :func:`theme_dirs`),
    plus ``default:`` for the default theme (so an override can extend the template it
    replaces)."""
    default = jinja2.FileSystemLoader(default_theme())
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(d) for d in folders]
    loaders.append(jinja2.PrefixLoader({"default": default}, delimiter=":"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no need to stat templates per page
    )
    env.filters.update(plugins.jinja_filters())
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


def _as_bytes(made: Made | None, path: str) -> dict[str, bytes]:
    """Return what a render function made as ``{path: bytes}`` (nothing for None)."""
    if made is None:
        return {}
    if isinstance(made, str):
        return {path: made.encode("utf-8")}
    if isinstance(made, bytes):
        return {path: made}
    return dict(made)


class Renderer:
    """The render context of one build: the corpus and the compiled theme."""

    def __init__(self, corpus: Corpus, user_templates: Path | None) -> None:
        self.corpus = corpus
        self.config = corpus.config
        folders = theme_dirs(user_templates)
        self.theme_dirs: Sequence[Path] = tuple(reversed(folders))
        """Default theme first: a later folder's asset replaces an earlier one's."""
        self.env = make_environment(folders)
        self.site = site_context(corpus.config)
        self.hub_outputs = plugins.hub_outputs()
        self.site_outputs = plugins.site_outputs()
        self.hub_downloads = plugins.hub_downloads()  # asked once, not once a page
        self.hub_sections = plugins.hub_sections()

    def render_page(
        self, candidates: Sequence[str], path: str, view: DerivedHub | None = None, **context: Any
    ) -> str:
        """Render the first template of ``candidates`` that exists, as the page ``path``
        (``view``: the hub of a hub page, for the plugins' template values)."""
        try:
            template = self.env.select_template(list(candidates))
            extra = plugins.template_context(str(template.name), view, self.config)
            clash = sorted(extra.keys() & (context.keys() | {"site", "template_name"}))
            if clash:
                raise HubgenError(f"a plugin's template values replace hubgen's own: {clash}")
            return template.render(
                site=self.site,
                template_name=template.name,
                templates_considered=list(candidates),
                **extra,
                **context,
            )
        except jinja2.TemplateError as exc:
            raise HubgenError(
                f"{_template_location(exc)}: {exc.message or exc} (while rendering {path})"
            ) from None

    def hub_files(self, view: DerivedHub) -> dict[str, bytes]:
        """Return every output of one hub, by path: the unit the cache keeps."""
        files: dict[str, bytes] = {}
        for output in self.hub_outputs:
            path = hub_file(view.hub.slug, output.name)
            files.update(_as_bytes(output.render(self, view), path))
        return files

    def site_files(self) -> dict[str, bytes]:
        """Return every site output, by path (the search indexes are the search stage's)."""
        files: dict[str, bytes] = {}
        for output in self.site_outputs:
            files.update(_as_bytes(output.render(self), output.path))
        return files


@dataclass(frozen=True, slots=True)
class HubFiles:
    """What rendering one hub gave."""

    index: int
    """Its position in the corpus."""
    files: dict[str, bytes]
    """Every output, by path in the site."""
    search: bytes
    """Its offline search record (:mod:`generator.search.records`)."""
    document: bytes
    """What the online index reads of it (:func:`generator.search.pagefind.document`)."""


def render_hub(renderer: Renderer, index: int) -> HubFiles:
    """Render hub number ``index`` of the corpus (in a worker process)."""
    view = renderer.corpus.hubs[index]
    text = hub_search_text(view)  # what both search indexes read of it
    return HubFiles(
        index,
        renderer.hub_files(view),
        record_bytes(hub_record(view, text)),
        document(view, renderer.config.language, text),
    )


def _renderer(corpus: Corpus, templates_dir: Path | None) -> Renderer:
    return Renderer(corpus, templates_dir)


def render_hubs(
    renderer: Renderer,
    todo: Sequence[int],
    templates_dir: Path | None,
    progress: ProgressHook | None = None,
) -> Iterator[HubFiles]:
    """Yield the files of the hubs numbered ``todo``, in order, rendered in parallel."""
    made = map_items(render_hub, todo, _renderer, (renderer.corpus, templates_dir), local=renderer)
    for done, hub in enumerate(made, 1):
        if progress is not None:
            progress(done, len(todo))
        yield hub
