"""The walk over one record: each mapping's fields against the schema, required and unknown
fields, and the checks every value gets (characters XML cannot carry, placeholder text).

Each field's own kind is checked by a ``check_<kind>`` method of the subclass,
:class:`generator.validate_fields.FieldChecker`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from . import kinds, schema
from .config import SiteConfig
from .errors import Problem, did_you_mean
from .load import RawRecord, type_name
from .placeholders import PLACEHOLDERS
from .schema import Field
from .xmltext import first_unfit, unfit_character
from .yamlpos import Locator, field_label

Path_ = tuple["str | int", ...]
_UNFIT_ESCAPE = re.compile(r"\\[0abefvNxuU]")
"""YAML escapes that can make a character XML cannot carry (\\t, \\n, \\" and the rest
cannot). A literal backslash before these letters matches too: it only costs a closer look."""


class RecordWalk:
    """Collects the problems of one record."""

    def __init__(self, raw: RawRecord, config: SiteConfig) -> None:
        self.raw = raw
        self.config = config
        self.locator = Locator(raw.text, raw.line_offset)
        self.problems: list[Problem] = []
        # YAML refuses most unfit characters in its input; the rest reach a value only as
        # themselves (looked for here, once) or through one of a double-quoted string's
        # escapes that can make them. Without either, no value needs a look of its own.
        self.plain_text = first_unfit(raw.text) < 0 and not _UNFIT_ESCAPE.search(raw.text)

    def report(
        self,
        kind: str,
        path: Path_,
        message: str,
        hint: str = "",
        at_key: bool = False,
        field: Path_ | None = None,
    ) -> None:
        """Record one Problem at the value (or, ``at_key``, the key) of ``path``."""
        line, col = self.locator.key(path) if at_key else self.locator.value(path)
        label = field_label(path if field is None else field)
        shown = self.raw.display_path
        self.problems.append(Problem(shown, line, col, label, message, hint, kind=kind))

    def mapping(self, data: dict[str, Any], fields: Sequence[Field], path: Path_) -> None:
        """Check a mapping's fields: each declared one, and any key that is not declared."""
        known = {f.name for f in fields}
        for f in fields:
            value = data.get(f.name)
            if value is None:
                if f.required:
                    # An absent field has no line: point at the mapping that lacks it.
                    where = path + (f.name,) if f.name in data else path
                    found = "an empty value" if f.name in data else "no such field"
                    self.report(
                        kinds.MISSING_FIELD,
                        where,
                        f"required field missing: expected {_expected(f)}, found {found}",
                        field=path + (f.name,),
                    )
                continue
            self.value(f, value, path + (f.name,))
        for key in data:
            if key not in known:
                known_fields = "known fields: " + ", ".join(f.name for f in fields)
                hint = did_you_mean(str(key), sorted(known), known_fields)
                message = (
                    f"unknown field '{key}'"
                    if isinstance(key, str)
                    else f"expected a field name, found {type_name(key)}"
                )
                where = path + (str(key),)
                self.report(kinds.UNKNOWN_FIELD, where, message, hint, at_key=True)

    def value(self, f: Field, value: Any, path: Path_) -> None:
        """Check one field's value against its declared kind."""
        if not self.control_characters(value, path):
            getattr(self, f"check_{f.kind}")(f, value, path)
            texts = PLACEHOLDERS.get(f.name)
            if texts is not None:
                self.placeholders(texts, value, path)

    def placeholders(self, texts: frozenset[str], value: Any, path: Path_) -> None:
        """Warn about each placeholder text of ``hubgen new`` left in the value."""
        items = enumerate(value) if isinstance(value, list) else [(-1, value)]
        for i, item in items:
            if isinstance(item, str) and item.strip() in texts:
                self.report(
                    kinds.PLACEHOLDER_TEXT,
                    path if i < 0 else path + (i,),
                    "expected the paper's own text, found the placeholder text from "
                    f"'hubgen new' ({item.strip()!r})",
                    hint="replace it, or delete the field",
                )

    def control_characters(self, value: Any, path: Path_) -> bool:
        """Report text XML cannot carry (control characters, noncharacters, lone surrogates:
        one breaks every feed); return True if there is any."""
        if self.plain_text:
            return False
        texts = [(path, value)] if isinstance(value, str) else []
        if isinstance(value, list):
            texts = [(path + (i,), v) for i, v in enumerate(value) if isinstance(v, str)]
        found = False
        for where, text in texts:
            message, hint = unfit_character(text)
            if message:
                self.report(kinds.XML_CHARACTER, where, message, hint)
                found = True
        return found


def _expected(f: Field) -> str:
    return {
        schema.ID: "an id such as arxiv:2303.08112",
        schema.STRING: "a string",
        schema.RECORDS: "a list",
        schema.URL: "a URL",
    }.get(f.kind, f.kind)
