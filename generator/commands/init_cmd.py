"""``hubgen init DIR``: scaffold a new hub repository, one push away from a published site.

The scaffold ships inside the package (``generator/scaffold/``). Names starting with
``dot-`` become dotfiles on the way out (``dot-gitignore`` → ``.gitignore``), because
package data globs skip hidden files.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import __version__

from ..jsonschema import SCHEMA_FILE
from ..reporting import reports_errors
from .schema_cmd import write_schema

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

DOT_PREFIX = "dot-"


@dataclass(frozen=True, slots=True)
class ScaffoldFile:
    """One file of the scaffold: where it goes (POSIX, relative) and its bytes."""

    path: str
    data: bytes


def _target_name(name: str) -> str:
    return "." + name[len(DOT_PREFIX) :] if name.startswith(DOT_PREFIX) else name


def _walk(node: Traversable, prefix: str) -> Iterator[ScaffoldFile]:
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name == "__pycache__" or child.name.startswith("."):
            continue
        rel = prefix + _target_name(child.name)
        if child.is_dir():
            yield from _walk(child, rel + "/")
        else:
            yield ScaffoldFile(rel, child.read_bytes())


def requirements_txt() -> bytes:
    """Return the new repository's ``requirements.txt``, pinned to this hubgen version."""
    return (
        f"# What the Pages workflow (and you) install to build the site.\nhubgen=={__version__}\n"
    ).encode()


def scaffold_files() -> list[ScaffoldFile]:
    """Return every file ``hubgen init`` writes, sorted by path."""
    found = list(_walk(files("generator") / "scaffold", ""))
    found.append(ScaffoldFile("requirements.txt", requirements_txt()))
    return sorted(found, key=lambda f: f.path)


def write_scaffold(target: Path, force: bool) -> tuple[list[str], list[str]]:
    """Write the scaffold into ``target``; return (written, skipped) paths.

    Refuses a non-empty folder unless ``force``; even then, existing files are kept.
    """
    if target.exists() and not target.is_dir():
        raise click.UsageError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise click.UsageError(
            f"{target} is not empty; choose an empty folder, or pass --force to add the "
            "missing scaffold files (existing files are never overwritten)"
        )
    written: list[str] = []
    skipped: list[str] = []
    for item in scaffold_files():
        dest = target / item.path
        if dest.exists():
            skipped.append(item.path)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        with open(dest, "xb") as handle:  # "x": never replace a file created meanwhile
            handle.write(item.data)
        written.append(item.path)
    schema = target / "content" / SCHEMA_FILE  # the example record's first line names it
    if schema.exists():
        skipped.append(f"content/{SCHEMA_FILE}")
    else:
        write_schema(target / "content")
        written.append(f"content/{SCHEMA_FILE}")
    return written, skipped


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Scaffold into a non-empty folder (existing files are kept, never overwritten).",
)
@reports_errors
def init_command(directory: Path, force: bool) -> None:
    """Create a new hub repository in DIRECTORY.

    Writes content/ with one example hub and site.yaml, a GitHub Pages workflow
    (.github/workflows/pages.yml), .gitignore, .gitattributes, requirements.txt and a
    README. Refuses a non-empty DIRECTORY unless --force; existing files are never
    overwritten.
    """
    written, skipped = write_scaffold(directory, force)
    for path in written:
        click.echo(f"  created {directory / path}", err=True)
    for path in skipped:
        click.echo(f"  kept existing {directory / path}", err=True)
    click.echo(
        f"Created a hub repository in {directory}. Next:\n"
        f"  cd {directory} && hubgen build   # then open site/index.html\n"
        "  git init && git add . && git commit -m 'First hubs', push to GitHub and set\n"
        "  Settings → Pages → Source to 'GitHub Actions' to publish.",
        err=True,
    )
