"""How the command line reports errors: one line per problem, no traceback for bad content.

Every command wraps its function in :func:`reports_errors`. Everything printed passes
through :func:`~generator.errors.printable`: names and values come from content, and a
file name holding ``ESC ]0;...`` must not retitle the terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import ContentError, HubgenError, Problem, printable, summarize

F = TypeVar("F", bound=Callable[..., Any])


MAX_SHOWN_PER_FILE = 50
"""Problems printed per file; a file with more gets one line counting the rest."""


def print_problems(problems: list[Problem]) -> None:
    """Print problems sorted by file and line, at most MAX_SHOWN_PER_FILE per file."""
    shown: dict[str, int] = {}
    for problem in sorted(problems, key=Problem.sort_key):
        shown[problem.path] = shown.get(problem.path, 0) + 1
        if shown[problem.path] <= MAX_SHOWN_PER_FILE:
            click.echo(problem.format(), err=True)
    # An importer gone wrong can give thousands of problems in one file: a few say enough.
    for path, count in shown.items():
        if count > MAX_SHOWN_PER_FILE:
            more = count - MAX_SHOWN_PER_FILE
            click.echo(printable(f"{path}: ... and {more} more problems in this file"), err=True)


def waiting_notice(out_dir: Path) -> Callable[[], None]:
    """Return what a build prints when another build into ``out_dir`` holds the lock."""

    def notice() -> None:
        message = f"hubgen: another build into {out_dir} is running; waiting for it to finish"
        click.echo(printable(message), err=True)

    return notice


def reports_errors(func: F) -> F:
    """Turn hubgen's own exceptions into messages and exit codes (tracebacks with --debug)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return func(*args, **kwargs)
        except ContentError as exc:
            if debug:
                raise
            print_problems(exc.problems)
            click.echo(f"Aborted: {summarize(exc.problems)}.", err=True)
            sys.exit(exc.exit_code)
        except HubgenError as exc:
            if debug:
                raise
            click.echo(printable(f"hubgen: error: {exc}"), err=True)
            sys.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click prints these itself (usage errors exit 2)
        except OSError as exc:
            if debug:
                raise
            click.echo(printable(f"hubgen: error: {exc}"), err=True)
            sys.exit(1)
        except Exception as exc:
            # Bad content must never show a traceback; anything reaching here is a bug.
            if debug:
                raise
            click.echo(
                printable(f"hubgen: internal error: {type(exc).__name__}: {exc}") + "\n"
                "This is a bug in hubgen; run again with --debug for the traceback and report it.",
                err=True,
            )
            sys.exit(1)

    return wrapper  # type: ignore[return-value]
