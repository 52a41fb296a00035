"""Every kind of problem hubgen reports, declared once.

Each :class:`~generator.errors.Problem` names one of these kinds. The kind decides its
level (error or warning), how repeats are grouped on one line, whether ``site.yaml`` may
silence it (``warnings: {ignore: [...]}``), and its row in docs/errors.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of problem: its code, level and a one-line description."""

    code: str
    level: Level
    about: str
    """One line for docs/errors.md."""
    many: str = ""
    """For warnings: what ``{n}`` of them on one grouped line are, e.g. "citing papers have
    no summary"."""
    silenceable: bool = False
    """A content warning a site may accept (output-folder warnings cannot be silenced)."""


KINDS: dict[str, Kind] = {}
"""Every kind, by code, in the order docs/errors.md lists them."""


def _error(code: str, about: str) -> str:
    KINDS[code] = Kind(code, "error", about)
    return code


def _warning(code: str, about: str, many: str, silenceable: bool = True) -> str:
    KINDS[code] = Kind(code, "warning", about, many, silenceable)
    return code


# Files and folders.
NO_CONTENT_FOLDER = _error("no-content-folder", "The `--content` folder does not exist.")
NO_HUBS_FOLDER = _error(
    "no-hubs-folder", "`content/hubs` is missing, or is a file or a link, not a folder."
)
NOT_A_FILE = _error(
    "not-a-file",
    "An entry under `content/` that is not a regular file or folder (a link, a pipe, a "
    "device), or a folder that cannot be listed.",
)
UNREADABLE = _error("unreadable", "A file that cannot be read (permissions, I/O error).")
FILE_NAME = _error("file-name", "A record file whose name is not UTF-8.")
TOO_LARGE = _error(
    "too-large",
    "A file over 4 MiB, aliases that expand beyond the caps, a document nested too "
    "deeply, or an integer of more than 4,300 digits.",
)
NOT_UTF8 = _error("not-utf8", "A file that is not UTF-8 text.")

# YAML and the shape of a record.
FRONT_MATTER = _error(
    "front-matter", "A `.md` record without a `---` line opening or closing its front matter."
)
YAML_SYNTAX = _error(
    "yaml-syntax", "A YAML syntax error, a second document in one file, or a YAML tag."
)
DUPLICATE_KEY = _error("duplicate-key", "A key written twice in one mapping.")
EMPTY_RECORD = _error(
    "empty-record", "A file that is empty, holds only comments, or has empty front matter."
)
NOT_A_MAPPING = _error(
    "not-a-mapping", "A record or `site.yaml` that is a list or a single value, not a mapping."
)

# Fields.
MISSING_FIELD = _error("missing-field", "A required field that is absent or empty.")
WRONG_TYPE = _error("wrong-type", "A value of the wrong type (a number where text goes, ...).")
OUT_OF_RANGE = _error("out-of-range", "A year outside 1 to 9999, or a negative count.")
BAD_ID = _error("bad-id", "An `id` that is not of the form `scheme:value`.")
BAD_SLUG = _error(
    "bad-slug",
    "A slug that is too long or would leave `site/hubs/`, or a title with nothing to make "
    "a slug from.",
)
UNSAFE_URL = _error("unsafe-url", "A URL whose scheme is not `http`, `https` or `mailto`.")
UNKNOWN_LABEL = _error(
    "unknown-label", "A role or polarity that `site.yaml` does not allow, or an empty role list."
)
XML_CHARACTER = _error(
    "xml-character",
    "A character XML cannot carry (a control character, a lone surrogate, a noncharacter).",
)
DUPLICATE_ID = _error("duplicate-id", "The same `id` in two records.")
DUPLICATE_SLUG = _error("duplicate-slug", "The same slug (ignoring case) in two records.")
BAD_SETTING = _error("bad-setting", "A setting of `site.yaml` with a value it cannot take.")

# Warnings about the content: a site may silence these.
UNKNOWN_FIELD = _warning(
    "unknown-field",
    "A field the record format does not know, or a key that is not text.",
    "unknown fields",
)
MULTILINE_TEXT = _warning(
    "multiline-text",
    "Several lines of text in a field meant to hold one line.",
    "fields meant for one line hold several",
)
MISSING_SUMMARY = _warning(
    "missing-summary", "A citing paper without a `summary`.", "citing papers have no summary"
)
YEAR_BEFORE_CITED = _warning(
    "year-before-cited",
    "A citing paper whose year is before the cited paper's year.",
    "citing papers are dated before the cited paper",
)
DUPLICATE_CITATION = _warning(
    "duplicate-citation",
    "The same citing paper (same `id`) twice in one hub.",
    "citing papers appear twice",
)
PLACEHOLDER_TEXT = _warning(
    "placeholder-text",
    "A placeholder text that `hubgen new` writes (`Paste the abstract here.`), left in place.",
    "placeholder texts from 'hubgen new' are left in place",
)
UNKNOWN_SETTING = _warning(
    "unknown-setting", "A setting `site.yaml` does not know.", "unknown settings"
)
UNKNOWN_INTENT = _warning(
    "unknown-intent",
    "An `intent_roles` key in `site.yaml` that is not a Semantic Scholar intent.",
    "intent_roles keys are not Semantic Scholar intents",
)
UNREACHABLE_LABEL_RULE = _warning(
    "unreachable-label-rule",
    "A label rule without conditions before the last rule: no hub reaches the rules after it.",
    "label rules without conditions come before the last rule",
)

# Warnings that cannot be silenced: about the list of silenced kinds, and the output folder.
UNKNOWN_WARNING_KIND = _warning(
    "unknown-warning-kind",
    "A name in `warnings: {ignore: [...]}` that is not a warning kind a site can silence.",
    "names in warnings.ignore are not kinds a site can silence",
    silenceable=False,
)
FOREIGN_FOLDER = _warning(
    "foreign-folder",
    "A folder named like hubgen's working folders that hubgen did not make; left alone.",
    "folders named like hubgen's were left alone",
    silenceable=False,
)
DAMAGED_JOURNAL = _warning(
    "damaged-journal",
    "A killed build's staging folder whose journal does not read back: the site may be "
    "part old, part new; the folder (with the backup of what it replaced) is kept.",
    "staging folders with a damaged journal were kept",
    silenceable=False,
)
BAD_MANIFEST_ENTRY = _warning(
    "bad-manifest-entry",
    "An entry of the site's marker file naming a path outside the site; ignored.",
    "entries of the marker file were ignored",
    silenceable=False,
)
LINK_IN_SITE = _warning(
    "link-in-site",
    "A symbolic link found in the site; left out of the new site.",
    "symbolic links were left out of the new site",
    silenceable=False,
)


def silenceable_codes() -> list[str]:
    """Return the codes a site may list under ``warnings: {ignore: [...]}``."""
    return [k.code for k in KINDS.values() if k.silenceable]
