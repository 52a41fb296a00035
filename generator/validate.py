"""Validate stage: check records against the schema and against each other.

Every problem is collected; nothing stops at the first one. Positions are looked up in
the YAML only for the fields that have a problem. Each field is checked by
:class:`~generator.validate_fields.FieldChecker`; the rules here span a whole record (a
citing paper listed twice, the Markdown body) or several records (ids and slugs used twice).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import kinds, schema
from .config import SiteConfig
from .errors import Problem
from .load import RawRecord
from .urls import slugify
from .validate_fields import MAX_YEAR, MIN_YEAR, FieldChecker
from .xmltext import first_unfit, unfit_message
from .yamlpos import Locator


def validate_record(raw: RawRecord, config: SiteConfig) -> list[Problem]:
    """Return every problem of one record (errors and warnings)."""
    checker = FieldChecker(raw, config)
    checker.mapping(raw.data, schema.HUB_FIELDS, ())
    _citation_warnings(checker, raw.data)
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


def _citation_warnings(checker: FieldChecker, data: dict[str, Any]) -> None:
    """Warn about citing papers without a summary, or older than the cited paper."""
    year = data.get("year")
    citations = data.get("citations")
    if not isinstance(citations, list):
        return
    for i, item in enumerate(citations):
        if not isinstance(item, dict):
            continue
        if not item.get("summary"):
            checker.report(
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
            checker.report(
                kinds.YEAR_BEFORE_CITED,
                ("citations", i, "year"),
                f"citing paper's year {cyear} is before the cited paper's year {year}",
            )


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


def _duplicate_citations(checker: FieldChecker, data: dict[str, Any]) -> None:
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
