"""``hubgen import``: write a hub record from saved Semantic Scholar or OpenAlex responses."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
import yaml

from generator.importers import (
    ImportInputError,
    MergeConflict,
    MergeStats,
    Record,
    dump_record,
    import_openalex,
    import_s2,
    merge_records,
    normalise_title,
    read_record_file,
    render_file,
    slugify,
)
from generator.importers.yamlout import is_markdown, write_text

from ..reporting import reports_errors

RECORD_SUFFIXES = (".yaml", ".yml", ".md")
"""Suffixes tried, in order, when looking for an existing record file of a hub."""

F = TypeVar("F", bound=Callable[..., Any])


def _output_options(command: F) -> F:
    command = click.option(
        "--content",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("content"),
        show_default=True,
        help="Content folder whose hubs/ folder receives the record.",
    )(command)
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
        help="Record file to write or merge into ('-': stdout). "
        "[default: CONTENT/hubs/<slug>.yaml, or the hub file that has the same id]",
    )(command)


@click.group("import")
def import_cmd() -> None:
    """Create or update a hub record from saved API responses (JSON files)."""


@import_cmd.command("s2")
@click.argument("paper", type=click.Path(path_type=Path))
@click.argument("citations", nargs=-1, type=click.Path(path_type=Path))
@_output_options
@reports_errors
def s2_command(paper: Path, citations: Sequence[Path], output: Path | None, content: Path) -> None:
    """Import a Semantic Scholar paper (PAPER) and pages of its citations (CITATIONS).

    PAPER is a saved /graph/v1/paper/{id} response; CITATIONS are saved
    /graph/v1/paper/{id}/citations pages (or lists of their elements). An existing
    record file is merged into, never overwritten: edited fields are kept.
    """
    _run(lambda: import_s2(paper, citations), output, content)


@import_cmd.command("openalex")
@click.argument("work", type=click.Path(path_type=Path))
@click.argument("citing_works", nargs=-1, type=click.Path(path_type=Path))
@_output_options
@reports_errors
def openalex_command(
    work: Path, citing_works: Sequence[Path], output: Path | None, content: Path
) -> None:
    """Import an OpenAlex Work (WORK) and pages of the works citing it (CITING_WORKS).

    WORK is a saved /works/W... response; CITING_WORKS are saved
    /works?filter=cites:W... pages (or lists of Works). An existing record file is
    merged into, never overwritten: edited fields are kept.
    """
    _run(lambda: import_openalex(work, citing_works), output, content)


def _run(load: Callable[[], Record], output: Path | None, content: Path) -> None:
    try:
        record = load()
    except ImportInputError as exc:
        raise click.ClickException(str(exc)) from None
    if not record.get("title"):
        click.echo("warning: the paper has no title; add one before building the site", err=True)
    count = len(record.get("citations", []))
    if output is not None and str(output) == "-":
        click.echo(dump_record(record), nl=False)
        click.echo(f"wrote <stdout>: {MergeStats(count, count, 0).summary()}", err=True)
        return
    target = output or default_target(record, content)
    text, stats = _merged_text(record, target)
    try:
        write_text(target, text)
    except OSError as exc:
        raise click.ClickException(f"{target}: cannot write: {exc.strerror or exc}") from None
    click.echo(f"wrote {target}: {stats.summary()}", err=True)


def _merged_text(record: Record, target: Path) -> tuple[str, MergeStats]:
    count = len(record.get("citations", []))
    if not target.exists():
        body = "" if is_markdown(target) else None
        return render_file(record, body), MergeStats(count, count, 0)
    try:
        existing, body = read_record_file(target)
        merged, stats = merge_records(existing, record)
    except ImportInputError as exc:
        raise click.ClickException(str(exc)) from None
    except MergeConflict as exc:
        raise click.ClickException(
            f"{target}: expected a record of the same paper to merge into, but {exc}; "
            "choose another file with -o"
        ) from None
    return render_file(merged, body), stats


def default_target(record: Record, content: Path) -> Path:
    """Return the record file for ``record``: the hub of the same paper, else a new one."""
    hubs = content / "hubs"
    title, rid = str(record.get("title", "")), str(record.get("id", ""))
    found = find_existing(hubs, rid, title)
    if found is not None:
        return found
    slug = slugify(title) or slugify(rid.replace(":", "-")) or "hub"
    for suffix in RECORD_SUFFIXES:
        candidate = hubs / f"{slug}{suffix}"
        if candidate.exists():
            return candidate
    return hubs / f"{slug}.yaml"


def find_existing(hubs: Path, record_id: str, title: str) -> Path | None:
    """Return the record file in ``hubs`` with this id, else the one with this title."""
    if not hubs.is_dir():
        return None
    wanted = normalise_title(title)
    by_title: Path | None = None
    for path in sorted(hubs.iterdir()):
        if path.suffix.lower() not in RECORD_SUFFIXES or not path.is_file():
            continue
        fields = _top_level_fields(path)
        if record_id and fields.get("id") == record_id:
            return path
        if by_title is None and wanted and normalise_title(fields.get("title")) == wanted:
            by_title = path
    return by_title


_TOP_LEVEL = re.compile(r"^(?:id|title):.*$", re.MULTILINE)


def _top_level_fields(path: Path) -> dict[str, Any]:
    # Reads only the top-level id and title lines, so scanning many large hubs stays cheap.
    try:
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
