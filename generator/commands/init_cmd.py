"""``hubgen init DIR``: scaffold a new hub repository, one push away from a published site.

The scaffold ships inside the package (``generator/scaffold/``). Names starting with
``dot-`` become dotfiles on the way out (``dot-gitignore`` → ``.gitignore``), because
package data globs skip hidden files. ``requirements.txt`` is written here: it installs
the hubgen that ran ``init`` (see ``install_source.py``), so CI builds with it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..jsonschema import SCHEMA_FILE
from ..reporting import reports_errors
from .install_source import PLACEHOLDER, InstallSource, installed_source, requirement_problem
from .schema_cmd import write_schema

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

DOT_PREFIX = "dot-"
README_NOTE = b"<!-- hubgen init: install note -->\n"
"""The line of the scaffold's README that init replaces with what the user must do about
requirements.txt (or removes, when nothing)."""


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


def requirements_txt(source: InstallSource) -> bytes:
    """Return the new repository's ``requirements.txt``: the line that installs hubgen."""
    if source.problem:
        head = (  # the problem itself (it names paths of this machine) goes to the terminal
            "# hubgen init ran from a hubgen installed from a local folder or path, which\n"
            "# GitHub's runners cannot reach. Change the last line to hubgen's git repository\n"
            f"# at the commit you want, e.g.\n#   {PLACEHOLDER}\n"
        )
    else:
        head = (
            "# What the Pages workflow (and you) install to build the site: the hubgen that\n"
            "# created this repository, at the exact commit or version it ran.\n"
        )
    return f"{head}{source.line}\n".encode()


def readme_note(source: InstallSource) -> bytes:
    """Return the README paragraph saying what to change in requirements.txt ('' if nothing)."""
    if not source.problem:
        return b""
    return (
        "**Before the first push:** `hubgen init` ran from a hubgen installed from a local\n"
        "folder or path, which GitHub's runners cannot reach. Change the last line of\n"
        "`requirements.txt` to hubgen's git repository at the commit you want, for example:\n"
        f"\n    {PLACEHOLDER}\n"
    ).encode()


def scaffold_files(source: InstallSource) -> list[ScaffoldFile]:
    """Return every file ``hubgen init`` writes, sorted by path."""
    found = []
    for item in _walk(files("generator") / "scaffold", ""):
        if item.path == "README.md":
            item = ScaffoldFile(item.path, item.data.replace(README_NOTE, readme_note(source)))
        found.append(item)
    found.append(ScaffoldFile("requirements.txt", requirements_txt(source)))
    return sorted(found, key=lambda f: f.path)


def write_scaffold(target: Path, force: bool, source: InstallSource) -> tuple[list[str], list[str]]:
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
    for item in scaffold_files(source):
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


def _check_requirement(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    problem = requirement_problem(value)
    if problem:
        raise click.BadParameter(problem)
    return value.strip()


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Scaffold into a non-empty folder (existing files are kept, never overwritten).",
)
@click.option(
    "--requirement",
    "requirement",
    metavar="SPEC",
    callback=_check_requirement,
    help="The requirements.txt line that installs hubgen, e.g. "
    f"'{PLACEHOLDER}'  [default: the hubgen running init, from how it was installed]",
)
@reports_errors
def init_command(directory: Path, force: bool, requirement: str | None) -> None:
    """Create a new hub repository in DIRECTORY.

    Writes content/ with one example hub and site.yaml, a GitHub Pages workflow
    (.github/workflows/pages.yml), .gitignore, .gitattributes, requirements.txt and a
    README. requirements.txt installs the hubgen running init: installed from a git URL,
    that URL at the exact commit; from a package index, that version. Installed from a
    local folder, it holds a placeholder to replace (init says so, and so does the
    README); --requirement names the line instead. Refuses a non-empty DIRECTORY unless
    --force; existing files are never overwritten.
    """
    source = InstallSource(requirement) if requirement else installed_source()
    written, skipped = write_scaffold(directory, force, source)
    for path in written:
        click.echo(f"  created {directory / path}", err=True)
    for path in skipped:
        click.echo(f"  kept existing {directory / path}", err=True)
    if source.problem and "requirements.txt" in written:
        click.echo(
            f"note: {source.problem}, which GitHub's runners cannot reach.\n"
            "Before the first push, change the last line of requirements.txt to hubgen's git\n"
            f"repository at the commit you want, e.g.\n  {PLACEHOLDER}\n"
            "(or run init again with --requirement SPEC).",
            err=True,
        )
    click.echo(
        f"Created a hub repository in {directory}. Next (its README.md says more):\n"
        f"  cd {directory} && hubgen build   # then open site/index.html\n"
        "  Create an empty repository on GitHub and set its Settings → Pages → Source to\n"
        "  'GitHub Actions' BEFORE the first push, then push: git init -b main && git add .\n"
        "  && git commit -m 'First hubs' && git remote add origin URL && git push -u origin main",
        err=True,
    )
