"""Where an imported record goes, and writing it: the one path `import` and `fetch` share."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..config import load_config
from ..digests import raw_digest
from ..errors import Problem, YamlProblem
from ..load import RECORD_SUFFIXES, RawRecord, find_record_files
from ..sentences import papers as citing_papers
from ..textfiles import MAX_FILE_BYTES
from ..validate import validate_record
from ..yamltext import parse
from .common import Imported, ImportInputError, Record, id_key
from .merge import MergeConflict, MergeStats, merge_records, normalise_title
from .yamlout import front_matter, is_markdown, read_record_file, render_file, write_text


@dataclass(frozen=True)
class Written:
    """What an import wrote: the file ('<stdout>' for -o -), the counts and the record text."""

    target: str
    stats: MergeStats
    text: str


def coverage_line(imported: Imported) -> str:
    """Return e.g. ``1,001 of 10,059 known citing papers (Semantic Scholar citationCount)``."""
    count = len(imported.record.get("citations", []))
    papers = citing_papers(count)
    known = imported.record.get("coverage")
    if not isinstance(known, dict):
        return f"{papers}; the service gave no count ({imported.count_field})"
    if count > known["known"]:  # the service's count lags behind its own citation lists
        return f"{papers} ({imported.count_field}: {known['known']:,})"
    return f"{count:,} of {known['known']:,} known citing papers ({imported.count_field})"


def write_import(imported: Imported, output: Path | None, content: Path) -> Written:
    """Write (or merge) the record into its file; raise ImportInputError and write nothing."""
    record = imported.record
    count = len(record.get("citations", []))
    if output is not None and str(output) == "-":
        return Written("<stdout>", MergeStats(count, count, 0), render_file(record, None))
    target = output or default_target(record, content)
    refuse_unreadable_target(target)
    text, stats = merged_text(record, target)
    verify(text, target, content)
    try:
        write_text(target, text)
    except OSError as exc:
        raise ImportInputError(target, f"cannot write: {exc.strerror or exc}") from None
    return Written(str(target), stats, text)


def refuse_unreadable_target(target: Path) -> None:
    """Raise unless ``target`` is a new or regular record file that ``hubgen`` loads."""
    name = target.name
    if name.startswith(".") or not name.endswith(RECORD_SUFFIXES):
        raise ImportInputError(
            target,
            f"expected a record file name ending in {', '.join(RECORD_SUFFIXES)} and not "
            f"starting with '.', found {name!r}: hubgen would not read it",
        )
    if target.is_symlink():
        raise ImportInputError(
            target,
            "expected a regular file to write, found a symbolic link: hubgen does not write "
            "through links; replace the link with the file, or choose another file with -o",
        )
    if target.exists() and not target.is_file():
        raise ImportInputError(target, "expected a regular file to write, found something else")


def merged_text(record: Record, target: Path) -> tuple[str, MergeStats]:
    """Return the text to write to ``target``: ``record``, merged into the file if it exists."""
    count = len(record.get("citations", []))
    if not target.exists():
        body = "" if is_markdown(target) else None
        return render_file(record, body), MergeStats(count, count, 0)
    existing, body = read_record_file(target)
    try:
        merged, stats = merge_records(existing, record)
    except MergeConflict as exc:
        raise ImportInputError(
            target,
            f"expected a record of the same paper to merge into, but {exc}; "
            "choose another file with -o",
        ) from None
    return render_file(merged, body), stats


def verify(text: str, target: Path, content: Path) -> None:
    """Raise ImportInputError when ``hubgen check`` would refuse the record ``text``."""
    source, offset, body = text, 0, ""
    if is_markdown(target):
        source, body = front_matter(text, target)
        offset = 1
    try:
        data = parse(source, offset)
    except YamlProblem as exc:  # the writer's own output: cannot happen unless it is broken
        raise ImportInputError(target, f"the record written would not parse: {exc}") from None
    config, _problems = load_config(content)
    digest = raw_digest(text.encode())
    raw = RawRecord(target.name, str(target), source, data, body, offset, digest)
    errors = [p for p in validate_record(raw, config) if p.level == "error"]
    if errors:
        raise ImportInputError(target, _refusal(errors))


def _refusal(errors: list[Problem]) -> str:
    first = errors[0]
    more = f" (and {len(errors) - 1:,} more)" if len(errors) > 1 else ""
    where = f"{first.field}: " if first.field else ""
    return (
        f"expected a record that 'hubgen check' accepts, found {where}{first.message}{more}; "
        "nothing written"
    )


def default_target(record: Record, content: Path) -> Path:
    """Return the record file for ``record``: the hub of the same paper, else a new one."""
    hubs = content / "hubs"
    title, rid = str(record.get("title", "")), str(record.get("id", ""))
    found = find_existing(content, rid, title)
    if found is not None:
        return found
    slug = str(record.get("slug") or "hub")
    for suffix in RECORD_SUFFIXES:
        candidate = hubs / f"{slug}{suffix}"
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return hubs / f"{slug}.yaml"


def find_existing(content: Path, record_id: str, title: str) -> Path | None:
    """Return the record file under content/hubs/ with this id, else the one with this title."""
    if not (content / "hubs").is_dir():
        return None
    wanted_id, wanted_title = id_key(record_id), normalise_title(title)
    by_title: Path | None = None
    for path in find_record_files(content):
        fields = _top_level_fields(path)
        if wanted_id and id_key(fields.get("id")) == wanted_id:
            return path
        if (
            by_title is None
            and wanted_title
            and normalise_title(fields.get("title")) == wanted_title
        ):
            by_title = path
    return by_title


_TOP_LEVEL = re.compile(r"^(?:id|title):.*$", re.MULTILINE)


def _top_level_fields(path: Path) -> dict[str, Any]:
    # Reads only the top-level id and title lines, so scanning many large hubs stays cheap.
    # A record behind a symlink is read (to be found, then refused); a FIFO or a device is not.
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return {}
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    fields: dict[str, Any] = {}
    for line in _TOP_LEVEL.findall(text):
        try:
            value = yaml.safe_load(line)
        except yaml.YAMLError:
            continue
        if isinstance(value, dict):
            for key, item in value.items():
                fields.setdefault(key, item)
    return fields
