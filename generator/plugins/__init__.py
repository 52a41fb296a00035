"""Plugins: installed packages that add outputs, hub-page sections, template values,
Jinja filters and importers, through the hooks in :mod:`.hookspecs`.

An installed package declares an entry point in the ``hubgen`` group naming a module
with ``@hookimpl`` functions; hubgen's own features are registered through the same
hooks first (:mod:`.builtin`). The names and versions of the installed plugins are part
of every cache key, so installing or upgrading one rebuilds what it may change.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import click
import pluggy

from ..errors import HubgenError
from ..outputs import BROWSER_FORMATS, HubDownload, HubOutput, HubSection, SiteOutput
from . import builtin, hookspecs

ENTRY_POINT_GROUP = "hubgen"
hookimpl = pluggy.HookimplMarker("hubgen")
T = TypeVar("T")

__all__ = [
    "ENTRY_POINT_GROUP",
    "hookimpl",
    "hub_downloads",
    "hub_outputs",
    "hub_sections",
    "importers",
    "jinja_filters",
    "manager",
    "plugin_versions",
    "site_outputs",
    "template_context",
    "template_dirs",
]


@lru_cache(maxsize=1)
def _installed() -> tuple[tuple[str, str, importlib.metadata.EntryPoint], ...]:
    """Return (distribution, version, entry point) of every plugin, sorted by name: the
    order must not depend on how a machine lists its folders."""
    found = []
    for dist in importlib.metadata.distributions():
        for entry in dist.entry_points:
            if entry.group == ENTRY_POINT_GROUP:
                name = dist.metadata["Name"] or entry.name
                found.append((name, dist.version, entry))
    return tuple(sorted(found, key=lambda item: (item[0].lower(), item[2].name)))


@lru_cache(maxsize=1)
def manager() -> pluggy.PluginManager:
    """Return the plugin manager: the built-ins, then every installed plugin by name."""
    pm = pluggy.PluginManager("hubgen")
    pm.add_hookspecs(hookspecs)
    pm.register(builtin, name="hubgen")
    for dist, _version, entry in _installed():
        if pm.get_plugin(entry.name) is not None:
            continue  # the same entry point seen twice (two copies on the path)
        try:
            pm.register(entry.load(), name=entry.name)
        except Exception as exc:  # a broken plugin is the user's to fix: say which
            raise HubgenError(
                f"could not load the hubgen plugin {entry.name!r} of {dist}: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
    return pm


def plugin_versions() -> tuple[str, ...]:
    """Return ``name==version`` of every installed plugin (part of every cache key)."""
    return tuple(f"{dist}=={version}" for dist, version, _entry in _installed())


def _in_order(results: list[Iterable[T]]) -> list[T]:
    """Flatten hook results, built-ins first, then plugins in the order they loaded."""
    return [item for result in reversed(results) for item in result or ()]


def _unique(items: list[T], key: Callable[[T], str], what: str) -> list[T]:
    seen: set[str] = set()
    for item in items:
        name = key(item)
        if name in seen:
            raise HubgenError(f"two plugins declare the {what} {name!r}; uninstall one of them")
        seen.add(name)
    return items


def hub_outputs() -> list[HubOutput]:
    """Return every hub output, built-ins first."""
    found = _in_order(manager().hook.hub_outputs())
    return _unique(found, lambda o: o.name, "hub output")


def hub_downloads() -> list[HubDownload]:
    """Return a hub page's download list: the declared downloads, then every hub output
    with a label (built-ins first)."""
    declared = hub_outputs()
    outputs = {o.name for o in declared}
    found = _in_order(manager().hook.hub_downloads())
    for d in found:
        if d.format and d.format not in BROWSER_FORMATS:
            known = ", ".join(BROWSER_FORMATS)
            raise HubgenError(
                f"download {d.name!r}: expected a format of {known}, found {d.format!r}"
            )
        if not d.format and d.name not in outputs:
            raise HubgenError(
                f"download {d.name!r}: expected a format or a hub output of that name"
            )
    found += [
        HubDownload(o.name, o.label, o.media_type, "", o.description) for o in declared if o.label
    ]
    return _unique(found, lambda d: d.name, "download")


def site_outputs() -> list[SiteOutput]:
    """Return every site output, built-ins first."""
    found = _in_order(manager().hook.site_outputs())
    return _unique(found, lambda o: o.path, "site output")


def hub_sections() -> list[HubSection]:
    """Return every hub-page section, in page order (by ``order``, then as declared)."""
    found = _unique(_in_order(manager().hook.hub_sections()), lambda s: s.name, "hub section")
    return sorted(found, key=lambda s: s.order)


def template_dirs() -> list[Path]:
    """Return the template folders the plugins ship, in the order they loaded."""
    return _in_order(manager().hook.template_dirs())


def jinja_filters() -> dict[str, Callable[..., Any]]:
    """Return every Jinja filter the plugins add, by name."""
    filters: dict[str, Callable[..., Any]] = {}
    for result in reversed(manager().hook.jinja_filters()):
        for name, func in (result or {}).items():
            if name in filters:
                raise HubgenError(f"two plugins declare the Jinja filter {name!r}")
            filters[name] = func
    return filters


def template_context(template: str, hub: Any, config: Any) -> dict[str, Any]:
    """Return the extra template values the plugins give ``template``."""
    values: dict[str, Any] = {}
    found = manager().hook.template_context(template=template, hub=hub, config=config)
    for result in reversed(found):
        values.update(result or {})
    return values


def importers() -> list[click.Command]:
    """Return every ``hubgen import`` subcommand, built-ins first."""
    found = _in_order(manager().hook.importers())
    return _unique(found, lambda c: c.name or "", "importer")
