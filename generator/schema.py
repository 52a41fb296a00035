"""The hub record format, declared once.

Validation (:mod:`generator.validate`), the JSON Schema (``hubgen schema``) and the
record-format documentation (``docs/record-format.md``) are all generated from these
declarations, so they cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Value kinds understood by the validator.
STRING = "string"  # one line of plain text
MARKDOWN = "markdown"  # block Markdown
INLINE = "inline"  # one line of inline Markdown
INTEGER = "integer"
BOOLEAN = "boolean"
URL = "url"  # http, https or mailto
ID = "id"  # scheme:value
SLUG = "slug"
NAMES = "names"  # list of strings
ROLES = "roles"  # one role or a list of roles
POLARITY = "polarity"
TEXTS = "texts"  # a string or a list of strings
RECORDS = "records"  # a list of mappings described by ``items``
MAPPING = "mapping"  # one mapping described by ``items``
EXTRA = "extra"  # a mapping of anything, for a theme (never checked beyond YAML)

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$"
"""What an id looks like, ``scheme:value`` (also the JSON Schema's pattern for ids)."""
_ID = re.compile(ID_PATTERN)


def is_id(value: str) -> bool:
    """Return True when ``value`` is an id of the form ``scheme:value``, whole."""
    return _ID.fullmatch(value) is not None  # fullmatch: '$' alone lets a final newline in


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a record (or of a mapping inside a record)."""

    name: str
    kind: str
    help: str
    required: bool = False
    items: tuple[Field, ...] = ()
    example: str = ""


CLAIM_FIELDS = (
    Field("text", MARKDOWN, "The claim, in Markdown.", required=True),
    Field("source", STRING, "Where the paper states it: `abstract`, `Section 4`, `Table 2`."),
)

COCITED_FIELDS = (
    Field("title", STRING, "Title of the co-cited work.", required=True),
    Field("id", ID, "Its id; when it is a hub's id, the entry links to that hub."),
    Field("url", URL, "Link to the work."),
    Field("note", INLINE, "Why it belongs next to this paper (inline Markdown)."),
)

TOOL_FIELDS = (
    Field("label", STRING, "Link text.", required=True),
    Field("url", URL, "Link target.", required=True),
)

CITATION_FIELDS = (
    Field("title", STRING, "Title of the citing paper.", required=True),
    Field(
        "id",
        ID,
        "Id of the citing paper. Matches the same paper across hubs (co-citation) "
        "and links to its hub when it has one.",
        example="arxiv:2304.01373",
    ),
    Field("year", INTEGER, "Publication year.", example="2024"),
    Field("authors", NAMES, "Author names, in order."),
    Field("venue", STRING, "Journal, conference or archive."),
    Field("url", URL, "Link to the citing paper."),
    Field("summary", INLINE, "One-line finding of the citing paper (inline Markdown)."),
    Field(
        "role",
        ROLES,
        "Why it cites the hub paper: one role or a list of roles.",
        example="background",
    ),
    Field(
        "role_source",
        STRING,
        "Where `role` came from when a tool set it, e.g. `Semantic Scholar intents` "
        "(written by `hubgen import s2` and `hubgen fetch s2`). A re-import replaces a role "
        "that has a source; a role without one is yours and is kept. When you change an "
        "imported role, delete this line.",
        example="Semantic Scholar intents",
    ),
    Field("polarity", POLARITY, "How it regards the hub paper.", example="neutral"),
    Field(
        "polarity_source",
        STRING,
        "Where `polarity` came from when a tool set it; as for `role_source`, a re-import "
        "replaces only a polarity that has a source.",
    ),
    Field("representative", BOOLEAN, "Show it among the representative citing papers."),
    Field("context", TEXTS, "The citing sentence(s): a string or a list of strings."),
)

COVERAGE_FIELDS = (
    Field(
        "known",
        INTEGER,
        "How many papers cite the hub paper according to the service: Semantic "
        "Scholar's `citationCount`, OpenAlex's `cited_by_count`.",
        required=True,
        example="10059",
    ),
    Field(
        "source",
        STRING,
        "The service that counted them: `Semantic Scholar` or `OpenAlex`.",
        required=True,
    ),
)

HUB_FIELDS = (
    Field(
        "id",
        ID,
        "Unique id of the cited paper, `scheme:value` (doi:, arxiv:, s2:, "
        "openalex:, acl:, or a scheme of your own).",
        required=True,
        example="arxiv:2303.08112",
    ),
    Field(
        "slug",
        SLUG,
        "Name of the page's folder: the page is written to "
        "`hubs/<slug>/index.html`. Default: the title, slugified.",
        example="tuned-lens",
    ),
    Field("title", STRING, "Title of the cited paper.", required=True),
    Field("authors", NAMES, "Author names, in order."),
    Field("year", INTEGER, "Publication year.", example="2023"),
    Field("venue", STRING, "Journal, conference or archive."),
    Field("url", URL, "Link to the paper."),
    Field("code", URL, "Link to the paper's code."),
    Field("abstract", MARKDOWN, "The abstract, in Markdown."),
    Field(
        "claims",
        RECORDS,
        "The claims ledger: what the paper claims, and where.",
        items=CLAIM_FIELDS,
    ),
    Field(
        "cocited",
        RECORDS,
        "Curated co-cited works, shown next to the derived ones.",
        items=COCITED_FIELDS,
    ),
    Field("tools", RECORDS, "Extra links for the hub tools box.", items=TOOL_FIELDS),
    Field(
        "coverage",
        MAPPING,
        "How many citing papers the service knows, written by `hubgen import` and "
        "`hubgen fetch`; the page then says, e.g., '1,001 of 10,059 known citing papers "
        "(Semantic Scholar)'.",
        items=COVERAGE_FIELDS,
    ),
    Field("citations", RECORDS, "The citing papers.", items=CITATION_FIELDS),
    Field(
        "extra",
        EXTRA,
        "Data of your own for your theme's templates (`hub.extra`); hubgen does not "
        "check or show it.",
    ),
)
