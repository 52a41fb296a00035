"""The theme's pages and assets: the render functions of the built-in outputs.

Each takes the render context (:class:`generator.outputs.OutputContext`): the corpus, the
settings and the theme's templates.
"""

from __future__ import annotations

from collections.abc import Mapping

from .context import page_context
from .derive import DerivedHub
from .hubcontext import hub_context
from .markdown import plain_text
from .outputs import OutputContext
from .urls import NOT_FOUND_PATH, hub_path


def hub_page(ctx: OutputContext, view: DerivedHub) -> str:
    """Return one hub page: ``hubs/<slug>.html`` when the project has one, else hub.html."""
    hub, config = view.hub, ctx.config
    path = hub_path(hub.slug)
    description = view.summary.sentence
    if hub.abstract:
        description = plain_text(hub.abstract)[:300]
    page = page_context(path, f"{hub.title} · {config.title}", description, config)
    context = hub_context(view, config, ctx.hub_downloads, ctx.hub_sections)
    candidates = [f"hubs/{hub.slug}.html", "hub.html"]
    return ctx.render_page(candidates, path, view, page=page, hub=context)


def not_found_page(ctx: OutputContext) -> str:
    """Return the 404 page."""
    config = ctx.config
    page = page_context(NOT_FOUND_PATH, f"Page not found · {config.title}", "", config)
    return ctx.render_page(["404.html"], NOT_FOUND_PATH, page=page)


def static_files(ctx: OutputContext) -> Mapping[str, bytes]:
    """Return the theme's assets as ``{"static/...": bytes}``; the project's files win."""
    files: dict[str, bytes] = {}
    for base in ctx.theme_dirs:
        folder = base / "static"
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            parts = path.relative_to(folder).parts
            if path.is_file() and not any(part.startswith(".") for part in parts):
                files["static/" + path.relative_to(folder).as_posix()] = path.read_bytes()
    return dict(sorted(files.items()))
