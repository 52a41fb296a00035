"""Field-kind checks: one ``check_<kind>`` method per kind of :mod:`generator.schema`
(strings, numbers, ids, slugs, URLs, names, the site's roles and polarities, ...).

The walk over a record that calls them is :class:`generator.validate_walk.RecordWalk`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import kinds, schema
from .errors import did_you_mean
from .load import type_name
from .schema import Field
from .urls import MAX_SLUG_LENGTH, is_safe_url, slug_problem, slugify
from .validate_walk import Path_, RecordWalk

MIN_YEAR, MAX_YEAR = 1, 9999


class FieldChecker(RecordWalk):
    """Checks each field of one record against its declared kind."""

    def check_records(self, f: Field, value: Any, path: Path_) -> None:
        if not isinstance(value, list):
            self.report(kinds.WRONG_TYPE, path, f"expected a list, found {type_name(value)}")
            return
        for i, item in enumerate(value):
            if isinstance(item, dict):
                self.mapping(item, f.items, path + (i,))
            else:
                expected = f"expected a mapping with {f.items[0].name}: ..."
                self.report(kinds.WRONG_TYPE, path + (i,), f"{expected}, found {type_name(item)}")

    def check_string(self, f: Field, value: Any, path: Path_) -> None:
        if not isinstance(value, str):
            self.report(kinds.WRONG_TYPE, path, f"expected a string, found {type_name(value)}")
        elif f.required and not value.strip():
            self.report(
                kinds.MISSING_FIELD, path, "expected a non-empty string, found an empty one"
            )
        elif f.kind != schema.MARKDOWN and "\n" in value.strip():
            hint = "join the lines, or use a folded block (>-)"
            message = "expected one line of text, found several"
            self.report(kinds.MULTILINE_TEXT, path, message, hint)

    check_inline = check_markdown = check_string

    def check_mapping(self, f: Field, value: Any, path: Path_) -> None:
        if isinstance(value, dict):
            self.mapping(value, f.items, path)
        else:
            found = type_name(value)
            expected = f"expected a mapping of {f.items[0].name}: ..."
            self.report(kinds.WRONG_TYPE, path, f"{expected}, found {found}")

    def check_extra(self, f: Field, value: Any, path: Path_) -> None:
        if not isinstance(value, dict):
            found = type_name(value)
            self.report(
                kinds.WRONG_TYPE, path, f"expected a mapping of your own keys, found {found}"
            )

    def check_integer(self, f: Field, value: Any, path: Path_) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            self.report(
                kinds.WRONG_TYPE, path, f"expected a whole number, found {type_name(value)}"
            )
        elif f.name == "year" and not MIN_YEAR <= value <= MAX_YEAR:
            expected = f"expected a year from {MIN_YEAR} to {MAX_YEAR}"
            self.report(kinds.OUT_OF_RANGE, path, f"{expected}, found {value}")
        elif f.name == "known" and value < 0:
            self.report(kinds.OUT_OF_RANGE, path, f"expected a count of 0 or more, found {value}")

    def check_boolean(self, f: Field, value: Any, path: Path_) -> None:
        if not isinstance(value, bool):
            self.report(kinds.WRONG_TYPE, path, f"expected true or false, found {type_name(value)}")

    def check_url(self, f: Field, value: Any, path: Path_) -> None:
        self.url(value, path)

    def check_id(self, f: Field, value: Any, path: Path_) -> None:
        if not isinstance(value, str) or not schema.is_id(value):
            found = type_name(value) if not isinstance(value, str) else repr(value)
            self.report(
                kinds.BAD_ID,
                path,
                "expected an id of the form scheme:value "
                f"(doi:10.1000/xyz, arxiv:2303.08112), found {found}",
            )

    def check_slug(self, f: Field, value: Any, path: Path_) -> None:
        if not isinstance(value, str):
            self.report(kinds.WRONG_TYPE, path, f"expected a string, found {type_name(value)}")
        elif reason := slug_problem(value):
            if len(value) > MAX_SLUG_LENGTH:  # it would fail as a folder name, at write time
                message = (
                    f"expected a slug of at most {MAX_SLUG_LENGTH} characters, "
                    f"found one of {len(value)}"
                )
            else:
                message = (
                    "expected a slug of letters, digits, '-', '_' and '.' that "
                    f"stays inside hubs/, found {reason}"
                )
            suggestion = slugify(value)
            self.report(
                kinds.BAD_SLUG, path, message, hint=f"try '{suggestion}'" if suggestion else ""
            )

    def check_names(self, f: Field, value: Any, path: Path_) -> None:
        if isinstance(value, list):
            self.strings(value, path, "a name")
        else:
            hint = "write authors: [First Author, Second Author]" if isinstance(value, str) else ""
            self.report(
                kinds.WRONG_TYPE, path, f"expected a list of names, found {type_name(value)}", hint
            )

    def check_texts(self, f: Field, value: Any, path: Path_) -> None:
        if isinstance(value, list):
            self.strings(value, path, "a string")
        elif not isinstance(value, str):
            found = type_name(value)
            self.report(
                kinds.WRONG_TYPE, path, f"expected a string or a list of strings, found {found}"
            )

    def check_roles(self, f: Field, value: Any, path: Path_) -> None:
        self.vocabulary(value, path, self.config.roles, "role", allow_list=True)

    def check_polarity(self, f: Field, value: Any, path: Path_) -> None:
        self.vocabulary(value, path, self.config.polarities, "polarity", allow_list=False)

    def strings(self, items: list[Any], path: Path_, what: str) -> None:
        # Each wrong item is reported at its own line (context[1], not just context).
        for i, item in enumerate(items):
            if not isinstance(item, str):
                self.report(
                    kinds.WRONG_TYPE, path + (i,), f"expected {what}, found {type_name(item)}"
                )

    def url(self, value: Any, path: Path_) -> None:
        if not isinstance(value, str):
            self.report(kinds.WRONG_TYPE, path, f"expected a URL, found {type_name(value)}")
        elif not is_safe_url(value):
            shown = value if len(value) <= 60 else value[:59] + "…"
            message = f"expected an http, https or mailto URL, found {shown!r}"
            self.report(kinds.UNSAFE_URL, path, message)

    def vocabulary(
        self, value: Any, path: Path_, allowed: Sequence[str], what: str, allow_list: bool
    ) -> None:
        items: list[tuple[Path_, Any]]
        if allow_list and isinstance(value, list):
            items = [(path + (i,), v) for i, v in enumerate(value)]
            if not value:
                message = f"expected at least one {what}, found an empty list"
                self.report(kinds.UNKNOWN_LABEL, path, message)
        else:
            items = [(path, value)]
        for where, item in items:
            if not isinstance(item, str):
                self.report(
                    kinds.WRONG_TYPE, where, f"expected a {what} name, found {type_name(item)}"
                )
            elif item not in allowed:
                hint = did_you_mean(item, allowed)
                message = f"unknown {what} {item!r}: expected one of {', '.join(allowed)}"
                self.report(kinds.UNKNOWN_LABEL, where, message, hint)
