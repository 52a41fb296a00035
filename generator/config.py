"""Site settings: ``content/site.yaml``, its defaults, and command-line overrides."""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import kinds
from .errors import Problem
from .labels import DEFAULT_LABELS, LabelRule, missing_polarities, read_labels
from .load import display_path, read_text, type_name, yaml_problem
from .xmltext import unfit_character
from .yamlpos import Locator, field_label
from .yamltext import FieldPath, YamlProblem, parse

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DEFAULT_ROLES = (
    "background",
    "method",
    "comparison",
    "extension",
    "motivation",
    "critique",
    "data",
    "other",
)
DEFAULT_POLARITIES = ("supporting", "neutral", "contrasting")


S2_INTENTS = ("background", "methodology", "result")
"""The citation intents Semantic Scholar gives."""
DEFAULT_INTENT_ROLES = (
    ("background", "background"),
    ("methodology", "method"),
    ("result", "comparison"),
)


@dataclass(frozen=True, slots=True)
class WarningSettings:
    """What ``site.yaml`` says about warnings: the kinds it accepts (``ignore``)."""

    ignore: tuple[str, ...] = ()


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
            "help": "Citation roles allowed in records; the order breaks ties and orders charts."
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
    path = content_dir / "site.yaml"
    if not os.path.lexists(path):  # a dangling link is refused below, not taken for absent
        return SiteConfig(), []
    shown = display_path(path)
    read = read_text(path, shown, content_dir)
    if isinstance(read, Problem):
        return SiteConfig(), [read]
    text = read[0]
    try:
        data = parse(text) if text.strip() else {}
    except YamlProblem as exc:
        return SiteConfig(), [yaml_problem(exc, shown)]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        message = f"expected a mapping of settings, found {type_name(data)}"
        return SiteConfig(), [Problem(shown, 1, 1, "", message, kind=kinds.NOT_A_MAPPING)]
    return _build(data, text, shown)


def settings_bytes(content_dir: Path) -> bytes:
    """Return the bytes of ``site.yaml`` for the build's input hash (read as load_config
    reads it: never through a link), or a stand-in naming why there are none."""
    path = content_dir / "site.yaml"
    if not os.path.lexists(path):
        return b"-"
    read = read_text(path, "site.yaml", content_dir)
    return read.format().encode("utf-8", "replace") if isinstance(read, Problem) else read[1]


class _Settings:
    """Reads a site.yaml mapping into SiteConfig values, collecting a Problem per bad key."""

    def __init__(self, text: str, shown: str) -> None:
        self.shown = shown
        self.locator = Locator(text)  # composed once, however many settings are wrong
        self.values: dict[str, Any] = {}
        self.later: dict[str, object] = {}
        self.problems: list[Problem] = []

    def report(
        self,
        path: FieldPath,
        message: str,
        hint: str = "",
        kind: str = kinds.BAD_SETTING,
    ) -> None:
        line, col = self.locator.value(path)
        label = field_label(path)
        self.problems.append(Problem(self.shown, line, col, label, message, hint, kind=kind))

    def bad(self, key: str | tuple[str, str], expected: str, value: object) -> None:
        path = key if isinstance(key, tuple) else (key,)
        self.report(path, f"expected {expected}, found {type_name(value)}")

    def unknown(self, key: object, names: set[str]) -> None:
        close = difflib.get_close_matches(str(key), sorted(names), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(sorted(names))
        self.report((str(key),), "unknown setting", hint, kinds.UNKNOWN_SETTING)

    def vocabulary(self, key: str, value: object) -> None:
        names = value if isinstance(value, list) else []
        wrong = next((v for v in names if not (isinstance(v, str) and _NAME.match(v))), value)
        if names and wrong is value and len(set(names)) == len(names):
            self.values[key] = tuple(names)
        else:
            self.bad(key, "a non-empty list of distinct names of a-z, 0-9, '-' and '_'", wrong)

    def setting(self, key: str, value: object) -> None:
        if key in ("title", "description", "base_url", "language"):
            message, hint = unfit_character(value) if isinstance(value, str) else ("", "")
            if message:  # the title and language go into every feed
                self.report((key,), message, hint, kinds.XML_CHARACTER)
            elif isinstance(value, str):
                self.values[key] = value
            else:
                self.bad(key, "a string", value)
        elif key in ("roles", "polarities"):
            self.vocabulary(key, value)
        elif key == "cocited_limit":
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                self.values[key] = value
            else:
                self.bad(key, "a whole number >= 0", value)
        elif key == "extra":
            if isinstance(value, dict):
                self.values[key] = value
            else:
                self.bad(key, "a mapping of your own keys", value)
        elif key in ("labels", "intent_roles"):
            self.later[key] = value  # they name roles and polarities: read once those are known
        elif key == "warnings":
            self.values[key] = WarningSettings(self.ignored_warnings(value))
        base = self.values.get("base_url") if key == "base_url" else None
        if base and not is_absolute_http_url(base):
            hint = "a URL holds no spaces, tabs or line breaks" if NOT_IN_URL.search(base) else ""
            self.report((key,), f"expected an absolute http(s) URL, found {base!r}", hint)
            self.values.pop(key)

    def vocabularies(self) -> None:
        """Read ``labels`` and ``intent_roles``, which must name the site's own words."""
        polarities = self.values.get("polarities", DEFAULT_POLARITIES)
        given = self.later.get("labels")
        rules = DEFAULT_LABELS if given is None else read_labels(given, polarities, self.report)
        if rules is not None:
            self.values["labels"] = rules
        missing = missing_polarities(rules or (), polarities)
        if missing and not isinstance(given, list):  # a listed rule's polarity is checked itself
            self.report(
                ("polarities",) if given is None else ("labels",),
                f"expected every polarity the label rules name, found no {', '.join(missing)}",
                "add them, or give labels: rules that name yours, see docs/record-format.md#labels",
            )
        if "intent_roles" in self.later:
            self.intent_roles(self.later["intent_roles"], self.values.get("roles", DEFAULT_ROLES))

    def intent_roles(self, value: object, roles: tuple[str, ...]) -> None:
        if not isinstance(value, dict):
            self.bad("intent_roles", "a mapping of intent: role", value)
            return
        pairs, ok = [], True
        for intent, role in value.items():
            path = ("intent_roles", str(intent))
            if role is not None and role not in roles:
                ok = False
                expected = f"one of the site's roles ({', '.join(roles)}), or nothing"
                self.bad(path, expected, role)
            elif intent not in S2_INTENTS:  # kept: Semantic Scholar may add intents
                close = difflib.get_close_matches(str(intent), S2_INTENTS, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(S2_INTENTS)
                self.report(path, "not a Semantic Scholar intent", hint, kinds.UNKNOWN_INTENT)
            if role is not None:
                pairs.append((str(intent), role))
        if ok:
            self.values["intent_roles"] = tuple(pairs)

    def ignored_warnings(self, value: object) -> tuple[str, ...]:
        """Return the kinds of ``warnings: {ignore: [...]}`` a site may silence; a name that
        is not one is a warning (a typo must not fail a build that ran before it)."""
        if not isinstance(value, dict):
            self.bad("warnings", "a mapping such as {ignore: [missing-summary]}", value)
            return ()
        for key in value:
            if key != "ignore":
                self.report(
                    ("warnings", str(key)),
                    "unknown setting",
                    "known: ignore",
                    kinds.UNKNOWN_SETTING,
                )
        names = [] if value.get("ignore") is None else value["ignore"]
        if not isinstance(names, list):
            self.bad(("warnings", "ignore"), "a list of warning kinds", names)
            return ()
        allowed = kinds.silenceable_codes()
        for i, name in enumerate(names):
            if name not in allowed:
                message, hint = _unsilenceable(name, allowed)
                self.report(("warnings", "ignore", i), message, hint, kinds.UNKNOWN_WARNING_KIND)
        return tuple(n for n in names if n in allowed)


def _unsilenceable(name: object, allowed: list[str]) -> tuple[str, str]:
    """Return the message and hint for a name in ``warnings.ignore`` that cannot be used."""
    known = kinds.KINDS.get(name) if isinstance(name, str) else None
    if known is not None:
        what = "an error" if known.level == "error" else "a warning about the output folder"
        return f"expected a warning kind a site can silence, found {name!r}, {what}", ""
    close = difflib.get_close_matches(str(name), allowed, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "kinds: " + ", ".join(allowed)
    return f"unknown warning kind {name!r}", hint


def _build(data: dict[str, Any], text: str, shown: str) -> tuple[SiteConfig, list[Problem]]:
    settings = _Settings(text, shown)
    names = {f.name for f in dataclasses.fields(SiteConfig)}
    for key, value in data.items():
        if key in names:
            settings.setting(key, value)
        else:
            settings.unknown(key, names)
    settings.vocabularies()
    return SiteConfig(**settings.values), settings.problems


NOT_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f]|\s")
"""What no URL holds as it is: spaces, tabs, line breaks and control characters."""


def is_absolute_http_url(url: str) -> bool:
    """Return True for a well-formed absolute http(s) URL with a host.

    A space, tab, line break or control character anywhere refuses it: urlsplit would
    quietly drop some of them, and a line break would add lines to robots.txt.
    """
    if NOT_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def read_settings(content_dir: Path, base_url: str | None) -> tuple[SiteConfig, list[Problem]]:
    """Return the site's settings with ``--base-url`` applied, and their problems."""
    config, problems = load_config(content_dir)
    config = config.with_overrides(base_url=base_url)
    return config.with_overrides(base_url=normalize_base_url(config.base_url)), problems


def normalize_base_url(url: str) -> str:
    """Return ``url`` with exactly one trailing slash ('' stays '')."""
    return url.rstrip("/") + "/" if url else ""
