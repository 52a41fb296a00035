"""``hubgen import``: write a hub record from saved Semantic Scholar or OpenAlex responses."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from generator.config import load_config
from generator.importers import Imported, ImportInputError, import_openalex, import_s2
from generator.importers.output import coverage_line, write_import
from generator.importers.s2 import IntentRoles

from ..options import content_option, record_output_option
from ..reporting import reports_errors

F = TypeVar("F", bound=Callable[..., Any])


def output_options(command: F) -> F:
    """Add ``--content`` and ``-o/--output`` (shared by import and fetch)."""
    content = content_option("Content folder whose hubs/ folder receives the record.")
    return cast(F, record_output_option(content(command)))


@click.group("import")
def import_cmd() -> None:
    """Create or update a hub record from saved API responses (JSON files)."""


@import_cmd.command("s2")
@click.argument("paper", type=click.Path(path_type=Path))
@click.argument("citations", nargs=-1, type=click.Path(path_type=Path))
@output_options
@reports_errors
def s2_command(
    paper: Path, citations: Sequence[Path], output: Path | None, content_dir: Path
) -> None:
    """Import a Semantic Scholar paper (PAPER) and pages of its citations (CITATIONS).

    PAPER is a saved /graph/v1/paper/{id} response; CITATIONS are saved
    /graph/v1/paper/{id}/citations pages (or lists of their elements). An existing
    record file is merged into, never overwritten: edited fields are kept.
    """
    roles = site_intent_roles(content_dir)
    _run(lambda: import_s2(paper, citations, roles), output, content_dir)


@import_cmd.command("openalex")
@click.argument("work", type=click.Path(path_type=Path))
@click.argument("citing_works", nargs=-1, type=click.Path(path_type=Path))
@output_options
@reports_errors
def openalex_command(
    work: Path, citing_works: Sequence[Path], output: Path | None, content_dir: Path
) -> None:
    """Import an OpenAlex Work (WORK) and pages of the works citing it (CITING_WORKS).

    WORK is a saved /works/W... response; CITING_WORKS are saved
    /works?filter=cites:W... pages (or lists of Works). An existing record file is
    merged into, never overwritten: edited fields are kept.
    """
    _run(lambda: import_openalex(work, citing_works), output, content_dir)


def site_intent_roles(content: Path) -> IntentRoles:
    """Return the intents-to-roles map of the site in ``content`` (defaults if unreadable:
    the record is then checked against the same defaults before it is written)."""
    return IntentRoles.of(load_config(content)[0])


def _run(load: Callable[[], Imported], output: Path | None, content: Path) -> None:
    try:
        run_import(load(), output, content)
    except ImportInputError as exc:
        raise click.ClickException(str(exc)) from None


def run_import(imported: Imported, output: Path | None, content: Path, verb: str = "") -> None:
    """Write or merge ``imported`` (see write_import) and print what was done on stderr."""
    if not imported.record.get("title"):
        click.echo("warning: the paper has no title; add one before building the site", err=True)
    written = write_import(imported, output, content)
    if written.target == "<stdout>":
        click.echo(written.text, nl=False)
    for note in imported.notes:
        click.echo(note, err=True)
    click.echo(f"{verb or 'imported'} {coverage_line(imported)}", err=True)
    click.echo(f"wrote {written.target}: {written.stats.summary()}", err=True)
