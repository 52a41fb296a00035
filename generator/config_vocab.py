"""Words a site chooses in ``site.yaml`` beyond its labels: the default roles and
polarities, the role each Semantic Scholar intent becomes, and the warnings it silences.

The readers here report through the ``report`` callback of the settings being read
(:class:`generator.config_read.SettingsReader`), as :func:`generator.labels.read_labels`
does.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import kinds
from .errors import did_you_mean
from .labels import Report
from .load import type_name

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


DEFAULT_INTENT_ROLES = (
    ("background", "background"),
    ("methodology", "method"),
    ("result", "comparison"),
)
S2_INTENTS = tuple(intent for intent, _role in DEFAULT_INTENT_ROLES)
"""The citation intents Semantic Scholar gives."""


@dataclass(frozen=True, slots=True)
class WarningSettings:
    """What ``site.yaml`` says about warnings: the kinds it accepts (``ignore``)."""

    ignore: tuple[str, ...] = ()


def _bad(report: Report, path: tuple[str, ...], expected: str, value: object) -> None:
    report(path, f"expected {expected}, found {type_name(value)}")


def read_intent_roles(
    value: object, roles: tuple[str, ...], report: Report
) -> tuple[tuple[str, str], ...] | None:
    """Return the ``(intent, role)`` pairs of ``intent_roles``, or None after reporting why
    they are refused."""
    if not isinstance(value, dict):
        _bad(report, ("intent_roles",), "a mapping of intent: role", value)
        return None
    pairs, ok = [], True
    for intent, role in value.items():
        path = ("intent_roles", str(intent))
        if role is not None and role not in roles:
            ok = False
            expected = f"one of the site's roles ({', '.join(roles)}), or nothing"
            _bad(report, path, expected, role)
        elif intent not in S2_INTENTS:  # kept: Semantic Scholar may add intents
            hint = did_you_mean(str(intent), S2_INTENTS, "known: " + ", ".join(S2_INTENTS))
            report(path, "not a Semantic Scholar intent", hint, kinds.UNKNOWN_INTENT)
        if role is not None:
            pairs.append((str(intent), role))
    return tuple(pairs) if ok else None


def read_ignored_warnings(value: object, report: Report) -> tuple[str, ...]:
    """Return the kinds of ``warnings: {ignore: [...]}`` a site may silence; a name that
    is not one is a warning (a typo must not fail a build that ran before it)."""
    if not isinstance(value, dict):
        _bad(report, ("warnings",), "a mapping such as {ignore: [missing-summary]}", value)
        return ()
    for key in value:
        if key != "ignore":
            report(
                ("warnings", str(key)),
                "unknown setting",
                "known: ignore",
                kinds.UNKNOWN_SETTING,
            )
    names = [] if value.get("ignore") is None else value["ignore"]
    if not isinstance(names, list):
        _bad(report, ("warnings", "ignore"), "a list of warning kinds", names)
        return ()
    allowed = kinds.silenceable_codes()
    for i, name in enumerate(names):
        if name not in allowed:
            message, hint = _unsilenceable(name, allowed)
            report(("warnings", "ignore", i), message, hint, kinds.UNKNOWN_WARNING_KIND)
    return tuple(n for n in names if n in allowed)


def _unsilenceable(name: object, allowed: list[str]) -> tuple[str, str]:
    """Return the message and hint for a name in ``warnings.ignore`` that cannot be used."""
    known = kinds.KINDS.get(name) if isinstance(name, str) else None
    if known is not None:
        what = "an error" if known.level == "error" else "a warning about the output folder"
        return f"expected a warning kind a site can silence, found {name!r}, {what}", ""
    hint = did_you_mean(str(name), allowed, "kinds: " + ", ".join(allowed))
    return f"unknown warning kind {name!r}", hint
