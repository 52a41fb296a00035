"""Read the mapping of ``content/site.yaml`` into settings, one Problem per bad key.

:func:`generator.config.load_config` parses the file and builds the SiteConfig from the
values read here.
"""

from __future__ import annotations

from typing import Any

from . import kinds
from .config_vocab import (
    DEFAULT_POLARITIES,
    DEFAULT_ROLES,
    WarningSettings,
    read_ignored_warnings,
    read_intent_roles,
)
from .errors import Problem, did_you_mean
from .labels import (
    DEFAULT_LABELS,
    VOCABULARY_NAME,
    is_whole,
    missing_polarities,
    read_labels,
)
from .load import type_name
from .urls import NOT_IN_URL, is_absolute_http_url
from .xmltext import unfit_character
from .yamlnodes import FieldPath
from .yamlpos import Locator, field_label


class SettingsReader:
    """Reads a site.yaml mapping into SiteConfig values, collecting a Problem per bad key."""

    def __init__(self, text: str, shown: str) -> None:
        self.shown = shown
        self.locator = Locator(text)  # composed once, however many settings are wrong
        self.values: dict[str, Any] = {}
        """The settings read so far, by SiteConfig field name."""
        self.later: dict[str, object] = {}
        self.problems: list[Problem] = []

    def report(
        self,
        path: FieldPath,
        message: str,
        hint: str = "",
        kind: str = kinds.BAD_SETTING,
    ) -> None:
        """Record one Problem at the setting ``path``."""
        line, col = self.locator.value(path)
        label = field_label(path)
        self.problems.append(Problem(self.shown, line, col, label, message, hint, kind=kind))

    def bad(self, key: str | tuple[str, str], expected: str, value: object) -> None:
        """Report a value of the wrong type: what was expected, and its type."""
        path = key if isinstance(key, tuple) else (key,)
        self.report(path, f"expected {expected}, found {type_name(value)}")

    def unknown(self, key: object, names: set[str]) -> None:
        """Report a key that names no setting, with the closest setting's name."""
        hint = did_you_mean(str(key), sorted(names), "known: " + ", ".join(sorted(names)))
        self.report((str(key),), "unknown setting", hint, kinds.UNKNOWN_SETTING)

    def vocabulary(self, key: str, value: object) -> None:
        """Read ``roles`` or ``polarities``: a list of distinct names."""
        names = value if isinstance(value, list) else []
        wrong = next(
            (v for v in names if not (isinstance(v, str) and VOCABULARY_NAME.match(v))), value
        )
        if names and wrong is value and len(set(names)) == len(names):
            self.values[key] = tuple(names)
        else:
            self.bad(key, "a non-empty list of distinct names of a-z, 0-9, '-' and '_'", wrong)

    def setting(self, key: str, value: object) -> None:
        """Read one known setting's value, or report why it is refused."""
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
            if is_whole(value):
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
            self.values[key] = WarningSettings(read_ignored_warnings(value, self.report))
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
            roles = self.values.get("roles", DEFAULT_ROLES)
            pairs = read_intent_roles(self.later["intent_roles"], roles, self.report)
            if pairs is not None:
                self.values["intent_roles"] = pairs
