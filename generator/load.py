"""Load stage: find record files under ``content/hubs`` and parse them into RawRecords.

Nothing here interprets fields; that is the validator's job. Each file becomes either a
:class:`RawRecord` or one :class:`~generator.errors.Problem`.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import kinds
from .errors import ContentError, Problem
from .plainfiles import LINK_HINT, Refused, TooLarge, kind, read_below
from .yamlpos import field_label
from .yamltext import YamlProblem, parse

MARKDOWN_SUFFIX = ".md"
"""Records with this suffix hold YAML front matter and a Markdown body."""
RECORD_SUFFIXES = (".yaml", ".yml", MARKDOWN_SUFFIX)
"""The names of record files end in one of these; other files under hubs/ are ignored."""
MAX_FILE_BYTES = 4 * 1024 * 1024
"""Largest record file accepted (4 MiB, about 10,000 citing papers); larger files are
rejected from their size alone, before they are read."""


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

    Links are not resolved (a message names the entry, not where a link points).
    """
    cwd = Path.cwd()
    for candidate in (Path(os.path.abspath(path)), path.parent.resolve() / path.name):
        if candidate.is_relative_to(cwd):
            return candidate.relative_to(cwd).as_posix()
    return path.as_posix()


def name_problem(rel: Path, shown: str) -> Problem | None:
    """Return a Problem when the path ``rel`` (below the content folder) is not UTF-8."""
    try:
        str(rel).encode("utf-8")
    except UnicodeEncodeError as exc:
        byte = os.fsencode(str(rel)[exc.start])[0]
        return Problem(
            shown,
            0,
            0,
            "",
            f"expected a file name in UTF-8, found the byte 0x{byte:02x}",
            hint="rename the file",
            kind=kinds.FILE_NAME,
        )
    return None


def read_text(path: Path, shown: str, root: Path | None = None) -> tuple[str, bytes] | Problem:
    """Return the normalised text and raw bytes of a file, or the Problem that stops it.

    Only a regular file is read, and no link is followed below ``root`` (default: the
    file's folder); see :mod:`generator.plainfiles`.
    """
    root = path.parent if root is None else root
    try:
        raw = read_below(root, path.relative_to(root).parts, MAX_FILE_BYTES)
    except Refused as exc:
        return Problem(shown, 0, 0, "", exc.message, exc.hint, kind=kinds.NOT_A_FILE)
    except TooLarge as exc:
        return Problem(
            shown,
            1,
            1,
            "",
            f"expected a file of at most {MAX_FILE_BYTES // 2**20} MiB, "
            f"found {exc.size / 2**20:.1f} MiB",
            hint="trim long fields such as contexts and abstracts",
            kind=kinds.TOO_LARGE,
        )
    except OSError as exc:
        message = f"expected a readable file, found: {exc.strerror}"
        return Problem(shown, 1, 1, "", message, kind=kinds.UNREADABLE)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return Problem(
            shown,
            line,
            col,
            "",
            f"expected UTF-8 text, found the byte 0x{raw[exc.start]:02x}",
            hint="save the file as UTF-8",
            kind=kinds.NOT_UTF8,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), raw


def record_bytes(content_dir: Path, src: str) -> bytes:
    """Return the bytes of the record file ``src`` (relative to ``content_dir``), for its
    cache key; raise OSError for a file :func:`load_record` would refuse unread."""
    if name_problem(Path(src), src) is not None:
        raise OSError(errno.EILSEQ, "file name is not UTF-8")
    try:
        return read_below(content_dir, Path(src).parts, MAX_FILE_BYTES)
    except (Refused, TooLarge) as exc:
        raise OSError(errno.EINVAL, str(exc)) from exc


def is_markdown(path: Path) -> bool:
    """Return True when ``path`` names a Markdown record (front matter and a body)."""
    return path.suffix == MARKDOWN_SUFFIX


def split_front_matter(text: str, shown: str) -> tuple[str, str] | Problem:
    """Split a Markdown record into (front matter YAML, body).

    The front matter opens with a ``---`` line and ends at the next ``---`` line (or a
    ``---`` that ends the file). ``text`` has ``\n`` line endings (see :func:`read_text`).
    """
    if not text.startswith("---\n"):
        return Problem(
            shown,
            1,
            1,
            "",
            "expected YAML front matter opening with a '---' line, "
            f"found {text.splitlines()[0][:40]!r}"
            if text.strip()
            else "expected YAML front matter opening with a '---' line, found an empty file",
            hint="start the file with '---', the record's fields, then another '---'",
            kind=kinds.FRONT_MATTER,
        )
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return Problem(
                shown,
                1,
                1,
                "",
                "expected the front matter to end with a '---' line, found none",
                hint="add a line with '---' after the record's fields",
                kind=kinds.FRONT_MATTER,
            )
    return text[4 : end + 1], text[end + 5 :]


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
    digest = hashlib.blake2b(raw, digest_size=16).digest()
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
