"""Validate stage: check records against the schema and against each other.

Every problem is collected; nothing stops at the first one. Positions are looked up in
the YAML only for the fields that have a problem.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Sequence
from typing import Any

from . import kinds, schema
from .config import SiteConfig
from .errors import Problem
from .load import RawRecord, type_name
from .placeholders import PLACEHOLDERS
from .schema import Field
from .urls import MAX_SLUG_LENGTH, is_safe_url, slug_problem, slugify
from .xmltext import first_unfit, unfit_character, unfit_message
from .yamlpos import Locator, field_label

MIN_YEAR, MAX_YEAR = 1, 9999
Path_ = tuple["str | int", ...]


class _Checker:
    """Collects the problems of one record."""

    def __init__(self, raw: RawRecord, config: SiteConfig) -> None:
        self.raw = raw
        self.config = config
        self.locator = Locator(raw.text, raw.line_offset)
        self.problems: list[Problem] = []

    def report(
        self,
        kind: str,
        path: Path_,
        message: str,
        hint: str = "",
        at_key: bool = False,
        field: Path_ | None = None,
    ) -> None:
        line, col = self.locator.key(path) if at_key else self.locator.value(path)
        label = field_label(path if field is None else field)
        shown = self.raw.display_path
        self.problems.append(Problem(shown, line, col, label, message, hint, kind=kind))

    def mapping(self, data: dict[str, Any], fields: Sequence[Field], path: Path_) -> None:
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
        names = tuple(sorted(known))
        for key in data:
            if key not in known:
                close = _closest(str(key), names)
                hint = (
                    f"did you mean '{close}'?"
                    if close
                    else "known fields: " + ", ".join(f.name for f in fields)
                )
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
        elif len(value) > MAX_SLUG_LENGTH:  # it would fail as a folder name, at write time
            self.report(
                kinds.BAD_SLUG,
                path,
                f"expected a slug of at most {MAX_SLUG_LENGTH} characters, "
                f"found one of {len(value)}",
                hint=f"try '{slugify(value)}'" if slugify(value) else "",
            )
        elif reason := slug_problem(value):
            self.report(
                kinds.BAD_SLUG,
                path,
                "expected a slug of letters, digits, '-', '_' and '.' that "
                f"stays inside hubs/, found {reason}",
                hint=f"try '{slugify(value)}'" if slugify(value) else "",
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

    def control_characters(self, value: Any, path: Path_) -> bool:
        """Report text XML cannot carry (control characters, noncharacters, lone surrogates:
        one breaks every feed); return True if there is any."""
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
                close = difflib.get_close_matches(item, allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else ""
                message = f"unknown {what} {item!r}: expected one of {', '.join(allowed)}"
                self.report(kinds.UNKNOWN_LABEL, where, message, hint)

    def warnings(self, data: dict[str, Any]) -> None:
        year = data.get("year")
        citations = data.get("citations")
        if not isinstance(citations, list):
            return
        for i, item in enumerate(citations):
            if not isinstance(item, dict):
                continue
            if not item.get("summary"):
                self.report(
                    kinds.MISSING_SUMMARY,
                    ("citations", i),
                    "citing paper has no summary",
                    hint="add summary: one line on what it finds",
                    field=("citations", i, "summary"),
                )
            cyear = item.get("year")
            if (
                isinstance(year, int)
                and isinstance(cyear, int)
                and not isinstance(cyear, bool)
                and MIN_YEAR <= cyear < year <= MAX_YEAR
            ):
                self.report(
                    kinds.YEAR_BEFORE_CITED,
                    ("citations", i, "year"),
                    f"citing paper's year {cyear} is before the cited paper's year {year}",
                )


@functools.lru_cache(maxsize=4096)
def _closest(name: str, known: tuple[str, ...]) -> str:
    """Return the known name closest to ``name`` ('' if none is close). Cached: an
    importer's stray field repeats in each of 10,000 citing papers."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return close[0] if close else ""


def _expected(f: Field) -> str:
    return {
        schema.ID: "an id such as arxiv:2303.08112",
        schema.STRING: "a string",
        schema.RECORDS: "a list",
        schema.URL: "a URL",
    }.get(f.kind, f.kind)


def validate_record(raw: RawRecord, config: SiteConfig) -> list[Problem]:
    """Return every problem of one record (errors and warnings)."""
    checker = _Checker(raw, config)
    checker.mapping(raw.data, schema.HUB_FIELDS, ())
    checker.warnings(raw.data)
    _duplicate_citations(checker, raw.data)
    body = _body_problem(raw)
    if body is not None:
        checker.problems.append(body)
    title = raw.data.get("title")
    no_slug = raw.data.get("slug") is None
    if no_slug and isinstance(title, str) and title.strip() and not slugify(title):
        checker.report(
            kinds.BAD_SLUG,
            ("title",),
            "expected a title with ASCII letters or digits to make the slug from, found none",
            hint="add slug: my-hub",
        )
    return checker.problems


def _body_problem(raw: RawRecord) -> Problem | None:
    """Return the problem of a Markdown body holding a character XML cannot carry."""
    at = first_unfit(raw.body)
    if at < 0:
        return None
    # The body starts on the line after the front matter's closing '---'.
    first_line = raw.line_offset + raw.text.count("\n") + 2
    line = first_line + raw.body.count("\n", 0, at)
    column = at - raw.body.rfind("\n", 0, at)
    message, hint = unfit_message(raw.body[at])
    message = f"{message} in the Markdown body"
    return Problem(raw.display_path, line, column, "", message, hint, kind=kinds.XML_CHARACTER)


def _duplicate_citations(checker: _Checker, data: dict[str, Any]) -> None:
    citations = data.get("citations")
    if not isinstance(citations, list):
        return
    seen: dict[str, int] = {}
    for i, item in enumerate(citations):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            first = seen.setdefault(item["id"], i)
            if first != i:
                checker.report(
                    kinds.DUPLICATE_CITATION,
                    ("citations", i, "id"),
                    f"expected each citing paper once, "
                    f"found {item['id']!r} again (first at citations[{first}])",
                )


def validate_unique(records: Iterable[RawRecord], slugs: dict[str, str]) -> list[Problem]:
    """Return problems for ids and slugs used by more than one record (naming both files).

    ``slugs`` maps each record's ``src_path`` to the slug it will be written under.
    """
    problems: list[Problem] = []
    by_id: dict[str, RawRecord] = {}
    by_slug: dict[str, RawRecord] = {}
    for raw in records:
        hub_id = raw.data.get("id")
        if isinstance(hub_id, str):
            other = by_id.setdefault(hub_id, raw)
            if other is not raw:
                line, col = Locator(raw.text, raw.line_offset).value(("id",))
                problems.append(
                    Problem(
                        raw.display_path,
                        line,
                        col,
                        "id",
                        f"expected a unique id, found {hub_id!r}, already used "
                        f"by {other.display_path}",
                        kind=kinds.DUPLICATE_ID,
                    )
                )
        slug = slugs.get(raw.src_path)
        if slug:
            other = by_slug.setdefault(slug.casefold(), raw)
            if other is not raw:
                field = "slug" if "slug" in raw.data else "title"
                line, col = Locator(raw.text, raw.line_offset).value((field,))
                problems.append(
                    Problem(
                        raw.display_path,
                        line,
                        col,
                        field,
                        f"expected a unique slug, found {slug!r}, already used "
                        f"by {other.display_path}",
                        hint="set a different slug: in one of them",
                        kind=kinds.DUPLICATE_SLUG,
                    )
                )
    return problems
