"""``hubgen fetch``: download a paper and its citing papers, then import them as ``import`` does."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.fetch import openalex, s2
from generator.fetch.download import Download, Progress
from generator.fetch.http import MAX_WAIT, RETRIES, Client, FetchError
from generator.fetch.store import DEFAULT_DIR, Stage, default_save_dir
from generator.importers import Imported, ImportInputError, import_openalex, import_s2
from generator.importers.output import refuse_unreadable_target
from generator.load import display_path
from generator.urls import is_absolute_http_url

from ..reporting import reports_errors
from .import_cmd import output_options, run_import, site_intent_roles

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Service:
    """One API: how to download from it, how its responses are saved and imported."""

    name: str
    paper_file: str
    page_name: str
    fetch: Callable[[Client, str, int | None, bool, Progress | None], Download]
    load: Callable[[Path, Sequence[Path], Path], Imported]
    """Imports the saved responses (paper, pages) for the content folder's site."""


S2 = Service(
    "s2",
    "paper.json",
    "citations",
    s2.fetch_s2,
    lambda paper, pages, content: import_s2(paper, pages, site_intent_roles(content)),
)
OPENALEX = Service(
    "openalex",
    "work.json",
    "citing",
    openalex.fetch_openalex,
    lambda work, pages, _content: import_openalex(work, pages),
)


@dataclass(frozen=True)
class Options:
    """What every fetch is told on the command line."""

    max_citing: int | None
    save: Path | None
    allow_partial: bool
    output: Path | None
    content_dir: Path


def _api_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not is_absolute_http_url(value):
        raise click.BadParameter(f"expected an absolute http(s) URL, found {value!r}")
    return value


def _fetch_options(command: F) -> F:
    for option in reversed(
        [
            click.option(
                "--max",
                "max_citing",
                type=click.IntRange(min=1),
                help="Stop after this many citing papers.",
            ),
            click.option(
                "--api-url",
                metavar="URL",
                callback=_api_url,
                help="Base URL of the API  [default: the service's own]",
            ),
            click.option(
                "--save",
                type=click.Path(file_okay=False, path_type=Path),
                help="Folder that keeps the raw responses, to review them or re-import "
                f"them offline  [default: {DEFAULT_DIR}/ next to the content folder]",
            ),
            click.option(
                "--allow-partial",
                is_flag=True,
                help="Write the record even when a page of citing papers failed for good.",
            ),
        ]
    ):
        command = option(command)
    return output_options(command)


FETCH_HELP = f"""Fetch a paper and every paper citing it, then write or merge its hub record.

The record is written exactly as 'hubgen import' writes it, from the responses, which are
kept in a folder (--save) so they can be reviewed and re-imported offline. Requests that
get 429, 5xx or time out are retried up to {RETRIES} times with backoff, honouring
Retry-After up to {MAX_WAIT} seconds a wait. Nothing is written unless every page arrived
(see --allow-partial); the record file is replaced in one step.
"""


@click.group("fetch", help=FETCH_HELP)
def fetch_cmd() -> None:
    """Group of the ``fetch`` commands (help: FETCH_HELP)."""


@fetch_cmd.command("s2")
@click.argument("paper_id")
@_fetch_options
@reports_errors
def s2_command(paper_id: str, api_url: str | None, **options: Any) -> None:
    """Fetch a paper and its citations from Semantic Scholar (PAPER_ID).

    PAPER_ID is any id the Graph API accepts: a paper sha, CorpusId:…, DOI:…, ARXIV:…,
    ACL:…, PMID:… or URL:…. Set S2_API_KEY to send your API key (as x-api-key).
    """
    key = os.environ.get(s2.KEY_VARIABLE, "")
    client = Client(
        api_url or s2.API_URL,
        headers={"x-api-key": key} if key else None,
        secrets=[key],
        key_hint=f"{'check' if key else 'set'} {s2.KEY_VARIABLE}",
    )
    _run(S2, paper_id, client, Options(**options))


@fetch_cmd.command("openalex")
@click.argument("work_id")
@click.option(
    "--mailto",
    metavar="EMAIL",
    envvar=openalex.MAILTO_VARIABLE,
    help=f"Your email, for OpenAlex's polite pool  [env: {openalex.MAILTO_VARIABLE}]",
)
@_fetch_options
@reports_errors
def openalex_command(work_id: str, mailto: str | None, api_url: str | None, **options: Any) -> None:
    """Fetch a work and the works citing it from OpenAlex (WORK_ID: W… or a DOI).

    Set OPENALEX_API_KEY to send your API key.
    """
    key = os.environ.get(openalex.KEY_VARIABLE, "")
    params = {"mailto": mailto} if mailto else {}
    if key:
        params["api_key"] = key
    client = Client(
        api_url or openalex.API_URL,
        params=params,
        secrets=[key],
        key_hint=f"{'check' if key else 'set'} {openalex.KEY_VARIABLE}",
    )
    _run(OPENALEX, work_id, client, Options(**options))


def _run(service: Service, item_id: str, client: Client, opts: Options) -> None:
    progress = _progress() if sys.stderr.isatty() else None
    try:
        if opts.output is not None and str(opts.output) != "-":
            refuse_unreadable_target(opts.output)  # before the download, not after it
    except ImportInputError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        fetched = service.fetch(client, item_id, opts.max_citing, opts.allow_partial, progress)
    except FetchError as exc:
        raise click.ClickException(client.scrub(str(exc))) from None
    finally:
        if progress:
            sys.stderr.write("\n")
    stage = Stage(opts.save or default_save_dir(opts.content_dir), service.name, item_id)
    try:
        paths = stage.write(fetched, service.paper_file, service.page_name)
        if fetched.stopped:
            pages = f"{len(fetched.pages):,} page{'' if len(fetched.pages) == 1 else 's'}"
            stopped = client.scrub(fetched.stopped)
            click.echo(f"warning: stopped after {pages}: {stopped}", err=True)
        imported = service.load(paths[0], paths[1:], opts.content_dir)
        run_import(imported, opts.output, opts.content_dir, "fetched")
        folder = stage.keep()
    except ImportInputError as exc:
        stage.discard()
        raise click.ClickException(client.scrub(str(exc))) from None
    except BaseException:  # Ctrl-C included: no half-kept responses
        stage.discard()
        raise
    click.echo(f"saved {len(paths)} responses in {display_path(folder)}", err=True)


def _progress() -> Progress:
    """Return a hook that redraws one line on stderr: a bar, pages, citing papers."""
    pages = [0]

    def show(citing: int, known: int | None) -> None:
        pages[0] += 1
        bar = ""
        if known:
            done = min(citing, known) * 25 // known
            bar = f"[{'#' * done:<25}] "
        of = f" of {known:,}" if known is not None else ""
        sys.stderr.write(f"\rFetching {bar}{pages[0]:,} pages, {citing:,}{of} citing papers")
        sys.stderr.flush()

    return show
