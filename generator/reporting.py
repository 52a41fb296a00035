"""How the command line reports problems: no traceback for bad content, errors first.

Every command wraps its function in :func:`reports_errors`, and every command that lists
problems (check, build, serve in the terminal and on its error page) takes its lines from
:func:`problem_lines`. Everything printed passes through :func:`~generator.errors.printable`:
names and values come from content, and a file name holding ``ESC ]0;...`` must not
retitle the terminal.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import ContentError, HubgenError, Problem, printable, summarize
from .kinds import KINDS

F = TypeVar("F", bound=Callable[..., Any])


ALL_WARNINGS_NOTE = "hubgen check --all-warnings lists each"
GROUP_FROM = 4
"""Warnings of one kind in one file print as one line from this many on: an import can
leave one on each of 10,000 citing papers, while two typos each keep their own line and
their own "did you mean"."""


def problem_lines(problems: Sequence[Problem], all_warnings: bool = False) -> list[str]:
    """Return the lines that report ``problems``: every error, then the warnings.

    Errors are never grouped nor cut. Warnings of one kind in one file are grouped on one
    line when there are GROUP_FROM or more, unless ``all_warnings``. Silenced warnings
    are left out; :func:`~generator.errors.summarize` counts them.
    """
    ordered = sorted(problems, key=Problem.sort_key)
    lines = [p.format() for p in ordered if p.level == "error"]
    warnings = [p for p in ordered if p.level == "warning"]
    if all_warnings:
        return lines + [p.format() for p in warnings]
    groups: dict[tuple[str, str], list[Problem]] = {}
    for p in warnings:
        groups.setdefault((p.path, p.kind), []).append(p)
    shown: list[tuple[Problem, str]] = []  # (where it sorts, its line)
    grouped = 0
    for group in groups.values():
        if len(group) < GROUP_FROM:
            shown += [(p, p.format()) for p in group]
        else:
            shown.append((group[0], _group_line(group)))
            grouped += len(group)
    lines += [line for _, line in sorted(shown, key=lambda item: item[0].sort_key())]
    if grouped:
        lines.append(f"({grouped:,} warnings grouped by file and kind; {ALL_WARNINGS_NOTE})")
    return lines


def _group_line(group: list[Problem]) -> str:
    """Return one line for several warnings of one kind in one file, at the first one."""
    first = group[0]
    text = f"{first.where()}: warning: {len(group):,} {KINDS[first.kind].many}"
    if first.field:
        text += f" (first: {first.field})"
    return printable(text)


def print_problems(problems: Sequence[Problem], all_warnings: bool = False) -> None:
    """Print :func:`problem_lines` on stderr."""
    for line in problem_lines(problems, all_warnings):
        click.echo(line, err=True)


def _bug(exc: BaseException) -> str:
    """Return the message for an unexpected exception: hubgen's bug, or a plugin's."""
    where = _plugin_frame(exc)
    what = f"{type(exc).__name__}: {exc}"
    if where:
        return (
            f"hubgen: error in a plugin ({where}): {what}\n"
            "This is a bug in that plugin; run again with --debug for the traceback."
        )
    return (
        f"hubgen: internal error: {what}\n"
        "This is a bug in hubgen; run again with --debug for the traceback and report it."
    )


def _plugin_frame(exc: BaseException) -> str:
    """Return ``file:line`` of the last traceback frame in an installed plugin's code
    ('' when no frame is: then the bug is hubgen's)."""
    from .plugins import manager

    modules = [
        p if inspect.ismodule(p) else inspect.getmodule(type(p)) for p in manager().get_plugins()
    ]
    files = [getattr(m, "__file__", None) for m in modules]
    package = Path(__file__).resolve().parent
    folders = [Path(f).resolve().parent for f in files if f]
    folders = [d for d in folders if not d.is_relative_to(package)]  # not the built-ins
    found = ""
    tb = exc.__traceback__
    while tb is not None:
        code = Path(tb.tb_frame.f_code.co_filename)
        if code.is_absolute() and any(code.resolve().is_relative_to(d) for d in folders):
            found = f"{code}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


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
            params = click.get_current_context().params
            print_problems(exc.problems, all_warnings=params.get("all_warnings", False))
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
            click.echo("\n".join(map(printable, _bug(exc).split("\n"))), err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]
