"""The ``labels:`` setting: the rules that give each hub its label and summary sentence.

A hub gets the label of the first rule whose conditions all hold; a rule without
conditions holds for every hub, so the last rule must have none. The rules are read
here (with a Problem for each bad value) and applied in :func:`generator.derive.choose_label`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import kinds
from .errors import did_you_mean
from .load import type_name
from .xmltext import unfit_character
from .yamlnodes import FieldPath

Report = Callable[..., None]
"""``report(path, message, hint="", kind=kinds.BAD_SETTING)``: records one Problem at ``path``."""

VOCABULARY_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
"""What a role, polarity or label key may be called: lowercase letters, digits, - and _."""
_COUNTS = ("citing_below", "with_polarity_below")
"""The conditions on a number of citing papers (whole numbers)."""


def _h(text: str) -> dict[str, str]:
    return {"help": text}


@dataclass(frozen=True, slots=True)
class LabelRule:
    """One rule of ``labels:``; a hub gets the first rule whose conditions all hold."""

    key: str = field(
        metadata=_h(
            "Required. Name of the rule (a-z, 0-9, '-', '_'): the pages' `label_key` and the "
            "badge's CSS class `badge-<key>`."
        )
    )
    label: str = field(metadata=_h("Required. The label shown, e.g. `Contested citations`."))
    word: str = field(
        default="",
        metadata=_h(
            "The summary sentence's word: `<word> citation behavior.` "
            "Required unless `sentence` is set."
        ),
    )
    sentence: str = field(
        default="",
        metadata=_h("A fixed first sentence instead of the word's, e.g. for `few`."),
    )
    citing_below: int | None = field(
        default=None, metadata=_h("Condition: the hub has fewer citing papers than this.")
    )
    with_polarity_below: int | None = field(
        default=None,
        metadata=_h(
            "Condition: fewer citing papers than this have a polarity. The sentence then says "
            "how many do: `<word> citation behavior (0 of 1,001 citing papers have a polarity).`"
        ),
    )
    polarity: str = field(
        default="",
        metadata=_h(
            "Condition, with `at_least`: a polarity of the site's `polarities` whose share of "
            "the citing papers that have a polarity is at least `at_least` percent "
            "(unrounded). It never holds when no citing paper has a polarity."
        ),
    )
    at_least: float | None = field(
        default=None, metadata=_h("The share (0 to 100) that `polarity` needs.")
    )

    @property
    def conditions(self) -> tuple[str, ...]:
        """Return the names of the conditions this rule sets (none: it always holds)."""
        names = ("citing_below", "with_polarity_below", "polarity")
        return tuple(n for n in names if getattr(self, n) not in (None, ""))


DEFAULT_LABELS = (
    LabelRule(
        "few", "Few citations", sentence="Too few citations to characterise.", citing_below=3
    ),
    LabelRule("unclassified", "Unclassified citations", "Unclassified", with_polarity_below=3),
    LabelRule("contested", "Contested citations", "Contested", polarity="contrasting", at_least=30),
    LabelRule(
        "supportive", "Supportive citations", "Supportive", polarity="supporting", at_least=60
    ),
    LabelRule("neutral", "Neutral citations", "Neutral", polarity="neutral", at_least=60),
    LabelRule("mixed", "Mixed citations", "Mixed"),
)
"""The default labels: fewer than 3 citing papers, then fewer than 3 with a polarity, then
the polarity shares in this order, and "Mixed citations" for every other hub."""

BOTH_COUNTS = "min_citations"
"""The older threshold mapping's key for the count below which a hub was 'Few citations':
it sets both count rules (few, and unclassified: together, the hubs it used to cover)."""


def threshold_name(rule: LabelRule) -> str:
    """Return the field holding a default rule's threshold ('' for one without)."""
    if rule.polarity:
        return "at_least"
    return next((n for n in _COUNTS if getattr(rule, n) is not None), "")


def rules_with(thresholds: Mapping[str, float]) -> tuple[LabelRule, ...]:
    """Return the default rules with the thresholds named by rule key (or min_citations)."""
    changed = []
    for rule in DEFAULT_LABELS:
        value = thresholds.get(rule.key)
        if value is None and threshold_name(rule) in _COUNTS:
            value = thresholds.get(BOTH_COUNTS)
        if value is not None:
            changes: dict[str, Any] = {threshold_name(rule): value}
            rule = dataclasses.replace(rule, **changes)
        changed.append(rule)
    return tuple(changed)


def label_docs() -> list[tuple[str, str]]:
    """Return (field, help) for every field of a rule, for the generated docs."""
    return [(f.name, f.metadata["help"]) for f in dataclasses.fields(LabelRule)]


def default_yaml() -> str:
    """Return the default rules as the YAML a site would write, for the generated docs."""
    lines = ["labels:"]
    for rule in DEFAULT_LABELS:
        first = True
        for f in dataclasses.fields(LabelRule):
            value = getattr(rule, f.name)
            if value in (None, ""):
                continue
            shown = int(value) if isinstance(value, float) and value.is_integer() else value
            lines.append(f"  {'- ' if first else '  '}{f.name}: {shown}")
            first = False
    return "\n".join(lines)


class _Reader:
    """Reads the ``labels:`` list (or the older threshold mapping), reporting each bad value."""

    def __init__(self, report: Report, polarities: Sequence[str]) -> None:
        self.report = report
        self.polarities = polarities

    def bad(self, path: FieldPath, expected: str, value: object) -> None:
        self.report(path, f"expected {expected}, found {type_name(value)}")

    def read(self, value: object) -> tuple[LabelRule, ...] | None:
        if isinstance(value, dict):
            return self.thresholds(value)
        if not isinstance(value, list) or not value:
            self.bad(("labels",), "a non-empty list of label rules", value)
            return None
        rules = [self.rule(i, item) for i, item in enumerate(value)]
        found = tuple(r for r in rules if r is not None)
        return found if len(found) == len(rules) and self.whole(found) else None

    def thresholds(self, value: dict[Any, Any]) -> tuple[LabelRule, ...] | None:
        """Read the short form, ``{rule key: threshold}``, which changes the default rules."""
        counts = {r.key for r in DEFAULT_LABELS if threshold_name(r) in _COUNTS} | {BOTH_COUNTS}
        known = {r.key for r in DEFAULT_LABELS if threshold_name(r)} | counts
        out: dict[str, float] = {}
        for key, v in value.items():
            path = ("labels", str(key))
            if key not in known:
                self.bad(path, "one of " + ", ".join(sorted(known)), key)
            elif key in counts and not is_whole(v):
                self.bad(path, "a whole number >= 0", v)
            elif key not in counts and not _percent(v):
                self.bad(path, "a number from 0 to 100", v)
            else:
                out[key] = v
        return rules_with(out) if len(out) == len(value) else None

    def rule(self, index: int, item: object) -> LabelRule | None:
        path: FieldPath = ("labels", index)
        if not isinstance(item, dict):
            self.bad(path, "a label rule (a mapping with key:, label: and word:)", item)
            return None
        names = [f.name for f in dataclasses.fields(LabelRule)]
        fields: dict[str, Any] = {}
        for key, value in item.items():
            if key not in names:
                hint = did_you_mean(str(key), names)
                expected = "a field of a label rule (" + ", ".join(names) + ")"
                self.report((*path, str(key)), f"expected {expected}, found {key!r}", hint)
            elif self.value_ok((*path, key), key, value):
                fields[key] = value
        if len(fields) < len(item):
            return None
        return self.complete(path, fields)

    def value_ok(self, path: FieldPath, key: str, value: object) -> bool:
        """Return True for a good value of the rule field ``key``, else report it."""
        if key in _COUNTS:
            expected, good = "a whole number >= 0", is_whole(value)
        elif key == "at_least":
            expected, good = "a number from 0 to 100", _percent(value)
        elif key == "key":
            expected = "a name of a-z, 0-9, '-' and '_'"
            good = isinstance(value, str) and bool(VOCABULARY_NAME.match(value))
        elif key == "polarity":
            expected = "one of the site's polarities (" + ", ".join(self.polarities) + ")"
            good = value in self.polarities
        else:  # label, word, sentence: shown on pages and in every feed
            message, hint = unfit_character(value) if isinstance(value, str) else ("", "")
            if message:
                self.report(path, message, hint)
                return False
            expected = "one line of text"
            good = isinstance(value, str) and bool(value.strip()) and "\n" not in value.strip()
        if not good:
            self.bad(path, expected, value)
        return good

    def complete(self, path: FieldPath, fields: dict[str, Any]) -> LabelRule | None:
        """Return the rule, or None after reporting a field it lacks."""
        missing = [k for k in ("key", "label") if k not in fields]
        if "word" not in fields and "sentence" not in fields:
            missing.append("word (or sentence)")
        if missing:
            self.report(
                path, f"expected a rule with key, label and word, found no {', no '.join(missing)}"
            )
            return None
        if ("polarity" in fields) != ("at_least" in fields):
            given = "polarity" if "polarity" in fields else "at_least"
            self.report(path, f"expected polarity and at_least together, found only {given}")
            return None
        return LabelRule(**fields)

    def whole(self, rules: tuple[LabelRule, ...]) -> bool:
        """Report a repeated key or a last rule with conditions; return True if neither."""
        seen: set[str] = set()
        for i, rule in enumerate(rules):
            if rule.key in seen:
                self.report(
                    ("labels", i, "key"), f"expected each key once, found {rule.key!r} again"
                )
                return False
            seen.add(rule.key)
            if not rule.conditions and i < len(rules) - 1:
                later = ", ".join(r.key for r in rules[i + 1 :])
                message = f"rule {rule.key!r} has no condition: no hub reaches the rules after it"
                hint = f"never used: {later}"
                self.report(("labels", i), message, hint, kinds.UNREACHABLE_LABEL_RULE)
        if rules[-1].conditions:
            self.report(
                ("labels", len(rules) - 1),
                "expected a last rule without conditions (the label of every other hub), "
                f"found one with {', '.join(rules[-1].conditions)}",
                "end with a rule such as {key: mixed, label: Mixed citations, word: Mixed}",
            )
            return False
        return True


def is_whole(value: object) -> bool:
    """True for a whole number >= 0 (not a bool, which Python counts as an int)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _percent(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100


def read_labels(
    value: object, polarities: Sequence[str], report: Report
) -> tuple[LabelRule, ...] | None:
    """Return the rules of a ``labels:`` value, or None after reporting why it is refused."""
    return _Reader(report, polarities).read(value)


def missing_polarities(rules: Sequence[LabelRule], polarities: Sequence[str]) -> list[str]:
    """Return the polarities the rules name that the site does not have, in rule order."""
    named = (r.polarity for r in rules if r.polarity and r.polarity not in polarities)
    return list(dict.fromkeys(named))
