"""Load stage: find record files under ``content/hubs`` and parse them into RawRecords.

Nothing here interprets fields; that is the validator's job. Each file becomes either a
:class:`RawRecord` or one :class:`~generator.errors.Problem`. Reading a file safely is
:mod:`generator.textfiles`' job, splitting a Markdown record :mod:`generator.frontmatter`'s.
"""

from __future__ import annotations

import datetime
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import kinds
from .digests import raw_digest
from .errors import ContentError, Problem, YamlProblem
from .frontmatter import MARKDOWN_SUFFIX, is_markdown, split_front_matter
from .plainfiles import LINK_HINT, kind
from .textfiles import name_problem, read_text
from .yamlpos import field_label
from .yamltext import parse

RECORD_SUFFIXES = (".yaml", ".yml", MARKDOWN_SUFFIX)
"""The names of record files end in one of these; other files under hubs/ are ignored."""


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One parsed record file, before validation."""

    src_path: str
    """Path relative to the content directory, always ``/``-separated."""
    display_path: str
    """Path shown in messages."""
    text: str
    """The YAML text (front matter only, for Markdown files), newlines normalised."""
    data: Any
    """The parsed YAML value (a mapping for a well-formed record)."""
    body: str
    """Markdown body after the front matter ('' for YAML files)."""
    line_offset: int
    """Lines before ``text`` starts in the file (1 for front matter)."""
    digest: bytes
    """Hash of the file's bytes, for the build cache."""


def find_record_files(content_dir: Path) -> list[Path]:
    """Return every record file under ``content_dir/hubs``, in a stable order.

    Entries that are not plain files or folders (links, pipes, devices) and folders that
    cannot be listed are returned too, so that :func:`load_record` reports them; the walk
    never follows a link. Hidden names (``.git``, editor lock files) are skipped.
    """
    hubs_dir = content_dir / "hubs"
    found: list[Path] = []
    pending = [hubs_dir]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            if folder != hubs_dir:  # hubs_problem speaks for the top folder
                found.append(folder)
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            elif entry.is_symlink() or entry.name.endswith(RECORD_SUFFIXES):
                found.append(Path(entry.path))
    cut = len(str(hubs_dir)) + 1  # each path is below it: cut, not relative_to
    return sorted(found, key=lambda p: str(p)[cut:].replace(os.sep, "/"))


def hubs_problem(content_dir: Path) -> Problem | None:
    """Return why ``content_dir/hubs`` is not a folder of records, or None when it is one.

    A missing folder is an error, not an empty site: a build would remove every hub page.
    """
    hubs = content_dir / "hubs"
    try:
        mode = os.lstat(hubs).st_mode
    except FileNotFoundError:
        found, hint = "nothing", "create it; an empty folder is a site without hubs"
    except OSError as exc:
        found, hint = f"an entry that cannot be read ({exc.strerror})", ""
    else:
        if stat.S_ISDIR(mode):
            return None
        found = kind(mode)
        hint = LINK_HINT if stat.S_ISLNK(mode) else "records go into a folder named hubs"
    return Problem(
        display_path(hubs),
        0,
        0,
        "",
        f"expected a folder of hub records, found {found}",
        hint,
        kind=kinds.NO_HUBS_FOLDER,
    )


def require_content(content_dir: Path) -> None:
    """Raise ContentError unless ``content_dir`` is a folder holding a ``hubs`` folder."""
    if not content_dir.is_dir():
        problem: Problem | None = Problem(
            str(content_dir),
            0,
            0,
            "",
            "expected a content directory, found none",
            hint="pass --content DIR",
            kind=kinds.NO_CONTENT_FOLDER,
        )
    else:  # a missing hubs/ is not an empty site: building it would remove every hub page
        problem = hubs_problem(content_dir)
    if problem is not None:
        raise ContentError([problem])


def display_path(path: Path) -> str:
    """Return ``path`` relative to the working directory when it lies below it.

    Links are not resolved (a message names the entry, not where a link points), except
    in a folder that lies below the working directory only through a link. Plain string
    work: a build shows 10,000 paths, and only those outside the working directory pay
    for resolving their folder.
    """
    cwd = os.getcwd()
    shown = _below(cwd, os.path.abspath(path))
    if shown is None:
        folder = os.path.realpath(os.path.join(cwd, os.fspath(path.parent)))
        shown = _below(cwd, os.path.join(folder, path.name))
    return path.as_posix() if shown is None else shown


def _below(cwd: str, candidate: str) -> str | None:
    """Return the absolute ``candidate`` relative to ``cwd`` ('.' for ``cwd`` itself,
    ``/``-separated), or None when it does not lie below it."""
    if candidate == cwd:
        return "."
    inside = cwd.rstrip(os.sep) + os.sep
    return candidate[len(inside) :].replace(os.sep, "/") if candidate.startswith(inside) else None


def load_record(path: Path, content_dir: Path) -> RawRecord | Problem:
    """Read and parse one record file."""
    shown = display_path(path)
    bad_name = name_problem(path.relative_to(content_dir), shown)
    if bad_name is not None:
        return bad_name
    read = read_text(path, shown, content_dir)
    if isinstance(read, Problem):
        return read
    text, raw = read
    body, offset = "", 0
    if is_markdown(path):
        split = split_front_matter(text, shown)
        if isinstance(split, Problem):
            return split
        text, body = split
        offset = 1
    if not text.strip():
        found = "empty front matter" if offset else "an empty file"
        message = f"expected a hub record, found {found}"
        return Problem(shown, 1, 1, "", message, kind=kinds.EMPTY_RECORD)
    try:
        data = parse(text, offset)
    except YamlProblem as exc:
        return yaml_problem(exc, shown)
    if data is None:  # only comments and blank lines
        message = "expected a hub record, found only comments or blank lines"
        return Problem(shown, 1 + offset, 1, "", message, kind=kinds.EMPTY_RECORD)
    if not isinstance(data, dict):
        return Problem(
            shown,
            1 + offset,
            1,
            "",
            f"expected a mapping of fields (id: ..., title: ...), found {type_name(data)}",
            kind=kinds.NOT_A_MAPPING,
        )
    src = path.relative_to(content_dir).as_posix()
    digest = raw_digest(raw)
    return RawRecord(src, shown, text, data, body, offset, digest)


def yaml_problem(exc: YamlProblem, shown: str) -> Problem:
    """Return the Problem of a YAML document that cannot be used."""
    label = field_label(exc.field)
    return Problem(shown, exc.line, exc.column, label, exc.message, exc.hint, kind=exc.kind)


def type_name(value: object) -> str:
    """Describe a YAML value's type in user terms ("a list", "a number", ...)."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({_short(value)!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"a date ({value.isoformat()})"
    if isinstance(value, bytes):
        return "binary data"
    return f"a {type(value).__name__}"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
