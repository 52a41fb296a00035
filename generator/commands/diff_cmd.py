"""``hubgen diff OLD [NEW]``: what changed between two versions of the content.

Each side is a content folder or a git revision; a revision's content is read with
``git archive`` into a temporary folder, so the working tree and the index are never
touched. Both sides go through the same check + derive as a build.
"""

from __future__ import annotations

import dataclasses
import io
import shlex
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from generator.check import read_content
from generator.derive import DerivedHub, derive
from generator.diff import compare
from generator.diff_json import to_json
from generator.diff_markdown import MAX_CHARS, to_markdown
from generator.errors import ContentError, HubgenError, printable, summarize

from ..options import content_option
from ..reporting import reports_errors


class SideError(HubgenError):
    """One side of the diff could not be read."""


def content_folder(path: Path) -> Path:
    """Return the content folder for ``path``: itself, or its ``content/`` child."""
    if not (path / "hubs").is_dir() and (path / "content").is_dir():
        return path / "content"
    return path


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise SideError(f"could not run git ({exc})") from None


def is_revision(spec: str, cwd: Path) -> bool:
    """Return True when ``spec`` names a commit of the git repository around ``cwd``."""
    proc = _git(["rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"], cwd)
    return proc.returncode == 0


def _extract(archive: bytes, dest: Path, revision: str) -> None:
    """Unpack ``git archive`` output: folders and regular files only.

    Only regular files are records, and a symbolic link in a revision must never be
    followed (it may point anywhere on this machine), so any other member is an error.
    """
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        members = tar.getmembers()
        odd = [m for m in members if not (m.isfile() or m.isdir())]
        for m in odd:
            kind = "a symbolic link" if m.issym() else "a link" if m.islnk() else "a special file"
            click.echo(
                f"{revision}:{printable(m.name)}: expected a regular file, found {kind}", err=True
            )
        if odd:
            raise SideError(
                f"revision {revision} has {len(odd)} entries under its content folder that are "
                "not regular files (records are files, and links are never followed)"
            )
        if hasattr(tarfile, "data_filter"):  # Python 3.12, and 3.8-3.11 security releases
            tar.extractall(dest, members, filter="data")
        else:  # pragma: no cover - older interpreters; links were refused above
            tar.extractall(dest, members)


@contextmanager
def revision_content(revision: str, content: Path, cwd: Path) -> Iterator[tuple[Path, Path]]:
    """Yield a temporary root and, inside it, the content folder as it is at ``revision``."""
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise SideError(f"{revision!r} is neither a folder nor a git revision")
    root = Path(top.stdout.decode().strip())
    try:
        inside = (cwd / content).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise SideError(f"{content} is not inside the git repository at {root}") from None
    proc = _git(["archive", "--format=tar", revision, "--", inside], root)
    if proc.returncode != 0:
        raise SideError(
            f"revision {revision} has no {inside}/ folder "
            f"({proc.stderr.decode(errors='replace').strip()})"
        )
    with tempfile.TemporaryDirectory(prefix="hubgen-diff-") as tmp:
        _extract(proc.stdout, Path(tmp), revision)
        yield Path(tmp), Path(tmp) / inside


def load_views(content_dir: Path, shown: str, tmp_root: Path | None = None) -> list[DerivedHub]:
    """Check and derive one side; problems in a revision are shown as ``REV:path``."""
    try:
        checked = read_content(content_dir)
    except ContentError as exc:
        problems = exc.problems
        if tmp_root is not None:
            prefix = tmp_root.as_posix().rstrip("/") + "/"
            problems = [
                dataclasses.replace(p, path=f"{shown}:{p.path.removeprefix(prefix)}")
                for p in problems
            ]
        for problem in problems:
            click.echo(problem.format(), err=True)
        raise SideError(f"the content of {shown} has errors: {summarize(problems)}") from None
    return list(derive(checked.hubs, checked.config, checked.facts).hubs)


def load_side(spec: str | None, content: Path, cwd: Path) -> tuple[str, list[DerivedHub]]:
    """Return a display name and the hubs of one side (a folder, a revision, or None)."""
    if spec is None:
        return "working tree", load_views(content_folder(cwd / content), str(content))
    folder = cwd / spec
    if folder.is_dir():
        return spec, load_views(content_folder(folder), spec)
    if not is_revision(spec, cwd):
        raise SideError(f"{spec!r} is neither a folder nor a git revision")
    with revision_content(spec, content, cwd) as (tmp_root, tmp_content):
        return spec, load_views(tmp_content, spec, tmp_root)


@click.command("diff")
@click.argument("old")
@click.argument("new", required=False)
@content_option("Content folder of the working tree (and its path inside git revisions).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="Markdown for a pull-request comment, or JSON (every change, whole) for scripts.",
)
@click.option(
    "--max-chars",
    type=click.IntRange(min=0),
    default=MAX_CHARS,
    show_default=True,
    help="Cut the Markdown to this many characters (one pull-request comment); 0: no limit.",
)
@reports_errors
def diff_command(
    old: str, new: str | None, content_dir: Path, output_format: str, max_chars: int
) -> None:
    """Show what changed in the hubs between OLD and NEW.

    OLD and NEW are content folders or git revisions (main, HEAD~1, a tag);
    NEW defaults to the working tree's content folder. Lists hubs added, removed and
    renamed and, per changed hub, every field shown on its page that changed: label,
    summary and shares, its own fields, and the tool links, claims, co-cited works and
    citing papers added, removed or edited (each citing paper's fields). Unchanged hubs
    are left out. Short values show before → after, long text what changed; --format
    json gives every change whole, with its field path. Exit code 0 whatever changed; 1
    when a side cannot be read.
    """
    cwd = Path.cwd()
    try:
        old_name, before = load_side(old, content_dir, cwd)
        new_name, after = load_side(new, content_dir, cwd)
    except HubgenError as exc:
        click.echo(printable(f"hubgen: error: {exc}"), err=True)
        sys.exit(exc.exit_code)
    report = compare(before, after, old_name, new_name)
    if output_format == "json":
        click.echo(to_json(report), nl=False)
        return
    words = ["hubgen", "diff", old, *([new] if new else [])]
    if content_dir != Path("content"):
        words += ["--content", str(content_dir)]
    click.echo(to_markdown(report, max_chars, shlex.join(words)), nl=False)
