"""Command-line options that several commands share, declared once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def content_option(help: str = "Directory holding site.yaml and hubs/.") -> Decorator:
    """Return the ``--content DIR`` option (default ./content)."""
    return click.option(
        "--content",
        "content_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("content"),
        show_default=True,
        help=help,
    )


templates_option: Decorator = click.option(
    "--templates",
    "templates_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
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
