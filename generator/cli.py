"""The ``hubgen`` command line: parses options and calls the library; prints, never builds.

Exit codes: 0 success, 1 content errors (or a build that could not finish), 2 usage errors.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from . import __version__
from .archive import default_zip_path, write_zip, zip_target_problem
from .build import BuildOptions, build
from .check import read_content
from .errors import printable, summarize
from .options import (
    all_warnings_option,
    content_option,
    out_option,
    strict_option,
    templates_option,
)
from .reporting import print_problems, reports_errors, waiting_notice
from .urls import is_absolute_http_url


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="hubgen")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
def cli(debug: bool) -> None:
    """hubgen builds static citation hub sites from hub records.

    Records live in content/hubs/ (YAML, or Markdown with YAML front matter);
    the site is written to site/. Run 'hubgen COMMAND --help' for details.
    """


@cli.command("build")
@content_option()
@templates_option
@out_option
@click.option(
    "--base-url",
    default=None,
    help="Absolute URL the site is published at; overrides base_url in site.yaml.",
)
@click.option("--no-search", is_flag=True, help="Skip the Pagefind index (faster drafts).")
@strict_option
@all_warnings_option
@click.option("--clean", is_flag=True, help="Ignore the build cache and rebuild everything.")
@click.option(
    "--zip",
    "zip_path",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[PATH]",
    help="Also write the built site as a reproducible zip, not inside the content, templates, "
    "cache or site folders  [default PATH: site.zip next to --out]",
)
@reports_errors
def build_command(
    content_dir: Path,
    templates_dir: Path | None,
    out_dir: Path,
    base_url: str | None,
    no_search: bool,
    strict: bool,
    all_warnings: bool,
    zip_path: str | None,
    clean: bool,
) -> None:
    """Check the content, then build the site.

    Builds are incremental: .hubgen-cache/ (next to the content folder) remembers every
    record and every hub's files, so a build reads only records that changed, renders only
    hubs whose inputs changed (their record, their co-cited works, the templates, the
    settings), and re-indexes only the search shards holding changed pages. Every file
    outside pagefind/ is byte-for-byte what a --clean build writes.

    Nothing reaches the site until the whole build (search index included) succeeded, so a
    failed build leaves the previous site untouched. A large change is written to a staging
    folder that replaces the site in one rename; a small one is moved into the site file by
    file under a journal, and a build killed while doing so is rolled back by the next one.
    Exit code 1 when the content has errors (every problem is listed), 2 for bad options.
    """
    if base_url is not None and not is_absolute_http_url(base_url):
        raise click.BadParameter("expected an absolute http(s) URL", param_hint="--base-url")
    options = BuildOptions(
        content_dir, out_dir, templates_dir, base_url, not no_search, strict, clean
    )
    protected = list(options.protected().sources)  # nor may the zip go into them
    target = None
    if zip_path is not None:  # refused before building: the zip could replace content
        target = Path(zip_path) if zip_path else default_zip_path(out_dir)
        if problem := zip_target_problem(target, out_dir, protected):
            raise click.BadParameter(printable(problem), param_hint="--zip")
    start = time.perf_counter()
    progress = _progress_line() if sys.stderr.isatty() else None
    result = build(options, on_progress=progress, on_wait=waiting_notice(out_dir))
    print_problems(result.warnings, all_warnings)
    seconds = time.perf_counter() - start
    hubs = "hub" if result.hubs == 1 else "hubs"
    done = (
        "nothing changed"
        if result.skipped
        else f"{len(result.written):,} files written, {len(result.kept):,} unchanged"
    )
    built = f"Built {result.hubs:,} {hubs} in {seconds:.1f} s into {out_dir} ({done})"
    built += f"; {summarize(result.warnings)}." if result.warnings else "."
    click.echo(printable(built), err=True)
    if target is not None:
        count = write_zip(out_dir, target, protected=protected)
        click.echo(printable(f"Wrote {target} ({count} files)."), err=True)


def _progress_line() -> Callable[[int, int], None]:
    """Return a progress hook that redraws one line on stderr (for terminals only)."""
    shown = [-1]

    def show(done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if total < 200 or percent == shown[0]:
            return
        shown[0] = percent
        bar = "#" * (percent // 4)
        end = "\n" if done == total else ""
        sys.stderr.write(f"\rRendering {bar:<25} {done:,}/{total:,} hubs{end}")
        sys.stderr.flush()

    return show


@cli.command("check")
@content_option()
@strict_option
@all_warnings_option
@reports_errors
def check_command(content_dir: Path, strict: bool, all_warnings: bool) -> None:
    """Validate every record without writing anything.

    Prints one line per error (path:line:column: field: expected, found), then the
    warnings (repeats of one kind in one file on one line, unless --all-warnings), and a
    summary. Exit code 0 when the content is valid, 1 when it has errors (or warnings
    with --strict).
    """
    checked = read_content(content_dir, strict=strict)
    print_problems(checked.warnings, all_warnings)
    n = len(checked.hubs)
    status = summarize(checked.warnings)
    click.echo(f"Checked {n} {'hub' if n == 1 else 'hubs'}: {status}.", err=True)


def main() -> None:
    """Entry point of the ``hubgen`` script."""
    cli(prog_name="hubgen")


from .commands.fetch_cmd import fetch_cmd  # noqa: E402
from .commands.import_cmd import import_cmd  # noqa: E402  (commands register themselves last)

cli.add_command(import_cmd)
cli.add_command(fetch_cmd)

from .commands.diff_cmd import diff_command  # noqa: E402
from .commands.init_cmd import init_command  # noqa: E402

cli.add_command(init_command)
cli.add_command(diff_command)

from .commands.new_cmd import new_command  # noqa: E402
from .commands.schema_cmd import schema_command  # noqa: E402
from .commands.serve import serve_command  # noqa: E402

cli.add_command(serve_command)
cli.add_command(new_command)
cli.add_command(schema_command)
