"""Site settings: the schema of ``content/site.yaml`` (one help text per key), its
defaults, reading it, and command-line overrides.

Each key of the file is read by :class:`generator.config_read.SettingsReader`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import kinds
from .config_read import SettingsReader
from .config_vocab import (
    DEFAULT_INTENT_ROLES,
    DEFAULT_POLARITIES,
    DEFAULT_ROLES,
    WarningSettings,
)
from .errors import Problem, YamlProblem
from .labels import DEFAULT_LABELS, LabelRule
from .load import display_path, type_name, yaml_problem
from .textfiles import read_text
from .urls import normalize_base_url
from .yamltext import parse


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Every setting of ``content/site.yaml``; each has a default."""

    title: str = field(
        default="Citation hubs", metadata={"help": "Site title, shown on every page."}
    )
    description: str = field(
        default="",
        metadata={"help": "One sentence about the site, for the index page and search engines."},
    )
    base_url: str = field(
        default="",
        metadata={
            "help": "Absolute URL the site is published "
            "at, e.g. `https://user.github.io/repo/`. Used only where absolute "
            "URLs are required (canonical links, sitemap, feeds, Open Graph); "
            "every link between pages stays relative."
        },
    )
    language: str = field(default="en", metadata={"help": "Language of the pages (`lang`)."})
    roles: tuple[str, ...] = field(
        default=DEFAULT_ROLES,
        metadata={
            "help": "Citation roles allowed in records; the order lists tied roles, orders charts."
        },
    )
    polarities: tuple[str, ...] = field(
        default=DEFAULT_POLARITIES, metadata={"help": "Citation polarities allowed in records."}
    )
    labels: tuple[LabelRule, ...] = field(
        default=DEFAULT_LABELS,
        metadata={
            "help": "The rules that give each hub its label and summary sentence, checked in "
            "order: see [Labels](#labels). The short form `{contested: 25, few: 5}` changes "
            "only the thresholds of the default rules."
        },
    )
    intent_roles: tuple[tuple[str, str], ...] = field(
        default=DEFAULT_INTENT_ROLES,
        metadata={
            "help": "The role each Semantic Scholar citation intent becomes in `hubgen import "
            "s2` and `hubgen fetch s2`, as `intent: role`; an intent not listed, or whose role "
            "is not in `roles`, gets no role (the import says how many)."
        },
    )
    cocited_limit: int = field(
        default=20, metadata={"help": "Most derived co-cited works shown on a hub page."}
    )
    extra: Mapping[str, Any] = field(
        default_factory=dict,
        metadata={
            "help": "Data of your own for your theme's templates (`site.extra`); hubgen "
            "does not check or show it."
        },
    )
    warnings: WarningSettings = field(
        default_factory=WarningSettings,
        metadata={
            "help": "`ignore`: warning kinds this site accepts, e.g. `{ignore: "
            "[missing-summary]}`; they are counted, not printed, and `--strict` lets them "
            "pass (kinds: [errors.md](errors.md#kinds))."
        },
    )

    def intent_map(self) -> dict[str, str]:
        """Return ``{S2 intent: role}`` for the intents whose role this site allows."""
        return {intent: role for intent, role in self.intent_roles if role in self.roles}

    def with_overrides(self, **changes: Any) -> SiteConfig:
        """Return a copy with the given non-None settings replaced."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def setting_docs() -> list[tuple[str, str, str]]:
    """Return (key, default as Markdown, help) for every setting, for the generated docs."""
    rows = []
    for f in dataclasses.fields(SiteConfig):
        default: Any = (
            f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        )
        if f.name == "intent_roles":
            default = dict(default)
        elif isinstance(default, WarningSettings):
            default = {"ignore": list(default.ignore)}
        elif isinstance(default, tuple):
            default = list(default)
        shown = "[the rules below](#labels)" if f.name == "labels" else f"`{default!r}`"
        rows.append((f.name, shown, f.metadata["help"]))
    return rows


def load_config(content_dir: Path) -> tuple[SiteConfig, list[Problem]]:
    """Read ``site.yaml`` from ``content_dir``; return the config and any problems."""
    config, problems, _read = _load_config(content_dir)
    return config, problems


def _load_config(content_dir: Path) -> tuple[SiteConfig, list[Problem], bytes]:
    """Return the config, its problems and the bytes they come from (for the build's
    input key: a stand-in naming why there are none)."""
    path = content_dir / "site.yaml"
    if not os.path.lexists(path):  # a dangling link is refused below, not taken for absent
        return SiteConfig(), [], b"-"
    shown = display_path(path)
    read = read_text(path, shown, content_dir)
    if isinstance(read, Problem):
        return SiteConfig(), [read], f"{read.kind}: {read.message}".encode("utf-8", "replace")
    text, raw = read
    try:
        data = parse(text) if text.strip() else {}
    except YamlProblem as exc:
        return SiteConfig(), [yaml_problem(exc, shown)], raw
    if data is None:
        data = {}
    if not isinstance(data, dict):
        message = f"expected a mapping of settings, found {type_name(data)}"
        problem = Problem(shown, 1, 1, "", message, kind=kinds.NOT_A_MAPPING)
        return SiteConfig(), [problem], raw
    return (*_build(data, text, shown), raw)


def _build(data: dict[str, Any], text: str, shown: str) -> tuple[SiteConfig, list[Problem]]:
    settings = SettingsReader(text, shown)
    names = {f.name for f in dataclasses.fields(SiteConfig)}
    for key, value in data.items():
        if key in names:
            settings.setting(key, value)
        else:
            settings.unknown(key, names)
    settings.vocabularies()
    return SiteConfig(**settings.values), settings.problems


def read_settings(
    content_dir: Path, base_url: str | None
) -> tuple[SiteConfig, list[Problem], bytes]:
    """Return the site's settings with ``--base-url`` applied, their problems, and the
    bytes of ``site.yaml`` they come from (one read: the build's input key holds them)."""
    config, problems, read = _load_config(content_dir)
    config = config.with_overrides(base_url=base_url)
    return config.with_overrides(base_url=normalize_base_url(config.base_url)), problems, read
