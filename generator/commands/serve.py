"""``hubgen serve``: build, serve on 127.0.0.1, rebuild on change and reload open pages.

When a build fails, every page request gets an error page listing the problems (and the
terminal prints them); the server keeps running and the page reloads itself once the
content is fixed. Only a folder that a build of this session made is served: when the
first build refuses the output folder, serve stops there (see serve_http for the rest).
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from pathlib import Path

import click

from generator.build import BuildOptions, build
from generator.errors import ContentError, HubgenError, OutputError, printable, summarize
from generator.load import display_path
from generator.site import STAGE_PREFIX

from ..options import content_option, out_option, templates_option
from ..reporting import print_problems, problem_lines, reports_errors, waiting_notice
from .serve_http import ServeState, start_server
from .serve_pages import error_page


def run_build(options: BuildOptions, state: ServeState, first: bool = False) -> bool:
    """Build once; show problems in the terminal and (through ``state``) in the browser.

    The first build re-raises OutputError: an output folder the build refuses (``/``, a
    home folder) is never served. Later, such a refusal stops serving files.
    """
    start = time.perf_counter()
    lines: list[str]
    root = state.snapshot()[2]
    try:
        result = build(options, on_wait=waiting_notice(options.out_dir))
    except OutputError as exc:
        if first:
            raise
        lines, title, root = [str(exc)], "output folder refused", None
    except ContentError as exc:  # the lines check and build print
        lines, title = problem_lines(exc.problems), summarize(exc.problems)
    except HubgenError as exc:
        lines, title = [str(exc)], "error"
    except Exception as exc:  # a bug must not stop the preview; show it like a content error
        lines = traceback.format_exception_only(type(exc), exc)
        lines.append(traceback.format_exc())
        title = type(exc).__name__
    else:
        print_problems(result.warnings)
        seconds = time.perf_counter() - start
        status = f"; {summarize(result.warnings)}" if result.warnings else ""
        click.echo(f"Built {result.hubs} hubs in {seconds:.2f} s{status}.", err=True)
        state.update(None, options.out_dir.resolve())
        return True
    for line in lines:
        click.echo(line.rstrip(), err=True)
    click.echo(f"Build failed: {title}. Still serving; fix the content and save.", err=True)
    state.update(error_page(title, lines), root)
    return False


def watch_paths(options: BuildOptions) -> list[Path]:
    """Return the folders whose changes trigger a rebuild (site.yaml lives in content/)."""
    paths = [options.content_dir]
    if options.templates_dir is not None:
        paths.append(options.templates_dir)
    return paths


def watch_and_rebuild(
    options: BuildOptions, state: ServeState, on_ready: Callable[[], None]
) -> None:
    """Call ``on_ready`` once the watcher runs, then rebuild after every batch of changes."""
    import watchfiles

    out = options.out_dir.resolve()
    ready = False
    # yield_on_timeout makes the first (empty) batch arrive once the watcher is running, so
    # "Serving ..." is printed only when an edit can no longer slip past unnoticed.
    for changes in watchfiles.watch(
        *watch_paths(options), raise_interrupt=False, rust_timeout=300, yield_on_timeout=True
    ):
        if not ready:
            ready = True
            on_ready()
        changed = sorted({p for _, p in changes if _is_source(Path(p), out)})
        if not changed:
            continue
        shown = ", ".join(display_path(Path(p)) for p in changed[:3]) + (
            " …" if len(changed) > 3 else ""
        )
        click.echo(printable(f"Changed: {shown}"), err=True)
        run_build(options, state)


def _is_source(path: Path, out: Path) -> bool:
    """Return False for the build's own output (and staging), which must not retrigger it."""
    if any(part.startswith(STAGE_PREFIX) for part in path.parts):
        return False
    return not path.resolve().is_relative_to(out)


@click.command("serve")
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: any).")
@content_option(exists=True)
@templates_option
@out_option
@click.option("--search", is_flag=True, help="Also build the Pagefind index (slower rebuilds).")
@reports_errors
def serve_command(
    port: int, content_dir: Path, templates_dir: Path | None, out_dir: Path, search: bool
) -> None:
    """Build the site, serve it on http://127.0.0.1:PORT/ and rebuild when files change.

    Watches the content folder (records and site.yaml) and the templates folder. Open
    pages reload after each rebuild. A content error is printed here and shown in the
    browser instead of the site; the server keeps running. Stop it with Ctrl+C.
    """
    options = BuildOptions(content_dir, out_dir, templates_dir, None, search, False)
    state = ServeState()
    run_build(options, state, first=True)
    server = start_server(port, state)
    url = f"http://127.0.0.1:{server.port}/"
    try:
        watch_and_rebuild(
            options, state, lambda: click.echo(f"Serving {url} (Ctrl+C stops)", err=True)
        )
    finally:
        server.close()
