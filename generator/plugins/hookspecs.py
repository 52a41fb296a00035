"""The hooks a plugin can implement. ``docs/plugins.md`` is generated from these.

A plugin is a module (or any object) with functions named after these hooks and
decorated with ``@generator.plugins.hookimpl``; an installed package makes hubgen find it
with an entry point in the ``hubgen`` group. hubgen's own outputs, sections, filters and
importers are registered through the same hooks (``generator/plugins/builtin.py``).
Every hook is optional; each returns a value, never touches a file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import pluggy

if TYPE_CHECKING:
    from ..config import SiteConfig
    from ..derive import DerivedHub
    from ..outputs import HubDownload, HubOutput, HubSection, SiteOutput

hookspec = pluggy.HookspecMarker("hubgen")


@hookspec
def hub_outputs() -> Sequence[HubOutput]:  # type: ignore[empty-body]
    """Files to make for every hub, next to its page; a labelled one is a download."""


@hookspec
def hub_downloads() -> Sequence[HubDownload]:  # type: ignore[empty-body]
    """Entries of the hub page's download list besides the labelled hub outputs: files the
    reader's browser builds from the page, or unlabelled hub outputs to offer."""


@hookspec
def site_outputs() -> Sequence[SiteOutput]:  # type: ignore[empty-body]
    """Files to make once for the whole site."""


@hookspec
def hub_sections() -> Sequence[HubSection]:  # type: ignore[empty-body]
    """Sections of the hub page, each rendered from its own template, placed by order."""


@hookspec
def template_context(
    template: str, hub: DerivedHub | None, config: SiteConfig
) -> Mapping[str, Any] | None:
    """Extra values for a template (``hub`` is None outside hub pages)."""


@hookspec
def template_dirs() -> Sequence[Path]:  # type: ignore[empty-body]
    """Folders of templates (and ``static/`` assets) the plugin ships, searched after the
    project's ``templates/`` and before the default theme."""


@hookspec
def jinja_filters() -> Mapping[str, Callable[..., Any]]:  # type: ignore[empty-body]
    """Jinja filters every template can use, by name."""


@hookspec
def importers() -> Sequence[click.Command]:  # type: ignore[empty-body]
    """Commands to add under ``hubgen import``, each turning saved data into a record."""
