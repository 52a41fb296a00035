"""Command-line options that several commands share, declared once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .reporting import GROUP_FROM

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def content_option(
    help: str = "Directory holding site.yaml and hubs/.", exists: bool = False
) -> Decorator:
    """Return the ``--content DIR`` option (default ./content); ``exists``: it must exist."""
    return click.option(
        "--content",
        "content_dir",
        type=click.Path(path_type=Path, file_okay=False, exists=exists),
        default=Path("content"),
        show_default=True,
        help=help,
    )


def _default_templates(ctx: click.Context, param: click.Parameter, value: Path | None) -> Any:
    """Use ./templates when --templates is not given and that folder exists."""
    if value is None and Path("templates").is_dir():
        return Path("templates")
    return value


templates_option: Decorator = click.option(
    "--templates",
    "templates_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    callback=_default_templates,
    help="Templates overriding the default theme  [default: ./templates if present]",
)

out_option: Decorator = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Output directory (replaced only if hubgen built it).",
)

strict_option: Decorator = click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings as errors (warnings silenced in site.yaml excepted).",
)

all_warnings_option: Decorator = click.option(
    "--all-warnings",
    "all_warnings",
    is_flag=True,
    help=f"List every warning on its own line (otherwise {GROUP_FROM} or more of one kind in "
    "one file share a line).",
)

record_output_option: Decorator = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Record file to write or merge into ('-': stdout). "
    "[default: CONTENT/hubs/<slug>.yaml, or the hub file that has the same id]",
)
