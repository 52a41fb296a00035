"""Every kind of bad input ends in a clear message, exit code 1, and an untouched site.

Each folder in ``tests/fixtures/invalid/`` is a small project (``content/...``) and an
``expected.txt`` holding the lines ``hubgen check`` prints for it: one line per problem,
then the summary. A folder may hold ``grow.txt`` (``path bytes`` per line) naming files to
pad with YAML comments up to that size first, so that huge inputs need not be stored.

Cases whose expected lines are all warnings must pass without ``--strict`` and fail with it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.site import STAGE_PREFIX

INVALID = Path(__file__).parent / "fixtures" / "invalid"
CASE_DIRS = sorted(p for p in INVALID.iterdir() if p.is_dir())
SUMMARY_PREFIXES = ("Aborted: ", "Checked ")


@dataclass(frozen=True)
class Case:
    """One fixture folder and what it promises."""

    folder: Path
    lines: list[str]

    @property
    def problems(self) -> list[str]:
        """The expected problem lines, in the order they must appear."""
        return [line for line in self.lines if not line.startswith(SUMMARY_PREFIXES)]

    @property
    def summary(self) -> str:
        """The expected last line of ``hubgen check``."""
        return self.lines[-1]

    @property
    def warnings_only(self) -> bool:
        """True when nothing in the case is an error (it passes unless --strict)."""
        # A line in parentheses is a note (how many warnings were grouped), not a problem.
        return all(": warning: " in line or line.startswith("(") for line in self.problems)


def load_case(folder: Path) -> Case:
    lines = (folder / "expected.txt").read_text("utf-8").splitlines()
    return Case(folder, [line for line in lines if line.strip()])


def invocations() -> list[Any]:
    params = []
    for folder in CASE_DIRS:
        case = load_case(folder)
        commands = [["check"], ["build", "--no-search"]]
        if case.warnings_only:
            commands += [["check", "--strict"], ["build", "--no-search", "--strict"]]
        for args in commands:
            params.append(pytest.param(case, args, id=f"{folder.name}-{'-'.join(args)}"))
    return params


def snapshot(root: Path) -> dict[str, bytes]:
    """Return every file below ``root`` with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def grow(project: Path, folder: Path) -> None:
    """Pad the files listed in ``grow.txt`` with comment lines up to the given size."""
    spec = folder / "grow.txt"
    if not spec.exists():
        return
    for row in spec.read_text("utf-8").splitlines():
        rel, size = row.split()
        path = project / rel
        line = b"# " + b"padding " * 12 + b"\n"
        with path.open("ab") as handle:
            handle.write(line * (int(size) // len(line) + 1))


@pytest.fixture
def project_with_site(tmp_path: Path, built_example: Path) -> Path:
    """An empty project folder whose site/ holds a previous, good build."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(built_example, project / "site")
    return project


def run(project: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(project)  # messages show paths relative to the working directory
    return CliRunner().invoke(cli, args)


def assert_lines_in_order(output: str, expected: list[str]) -> None:
    printed = output.splitlines()
    position = 0
    for line in expected:
        assert line in printed[position:], f"missing or out of order: {line!r}\n{output}"
        position = printed.index(line, position) + 1


def test_every_case_has_expected_lines() -> None:
    assert len(CASE_DIRS) >= 30
    for folder in CASE_DIRS:
        case = load_case(folder)
        assert case.lines and case.summary.startswith(SUMMARY_PREFIXES), folder.name
        assert (folder / "content" / "hubs").is_dir(), folder.name


@pytest.mark.parametrize(("case", "args"), invocations())
def test_bad_input_is_reported_and_loses_nothing(
    case: Case, args: list[str], project_with_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = project_with_site
    shutil.copytree(case.folder / "content", project / "content")
    grow(project, case.folder)
    before = snapshot(project)
    site_before = snapshot(project / "site")

    result = run(project, args, monkeypatch)

    output = result.output
    assert "Traceback" not in output and "internal error" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    strict = "--strict" in args
    fails = not case.warnings_only or strict
    assert result.exit_code == (1 if fails else 0), output
    assert_lines_in_order(output, case.problems)
    last = output.splitlines()[-1]
    if fails:
        expected_summary = case.summary if not strict else last
        assert last == expected_summary and last.startswith("Aborted: "), output
        # Nothing was written: the earlier site is byte-for-byte the same, no staging left.
        assert snapshot(project / "site") == site_before
        assert not [p for p in project.iterdir() if p.name.startswith(STAGE_PREFIX)]
    elif args[0] == "check":
        assert last == case.summary, output
    if args[0] == "check":
        assert snapshot(project) == before  # check never writes anything


def test_debug_shows_the_traceback(
    project_with_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(INVALID / "yaml-syntax" / "content", project_with_site / "content")
    result = run(project_with_site, ["--debug", "check"], monkeypatch)
    assert result.exit_code != 0
    assert type(result.exception).__name__ == "ContentError"


def test_usage_errors_exit_2(project_with_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(INVALID / "warnings" / "content", project_with_site / "content")
    for args in (["build", "--no-such-option"], ["build", "--base-url", "example.org"]):
        result = run(project_with_site, args, monkeypatch)
        assert result.exit_code == 2, result.output


def test_missing_content_directory(
    project_with_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(project_with_site, ["check", "--content", "nowhere"], monkeypatch)
    assert result.exit_code == 1, result.output
    assert "nowhere: expected a content directory, found none (pass --content DIR)" in (
        result.output.splitlines()
    )


def test_every_field_kind_has_a_checker() -> None:
    from generator import schema
    from generator.validate_fields import FieldChecker

    kinds = {f.kind for f in schema.HUB_FIELDS}
    kinds |= {item.kind for f in schema.HUB_FIELDS for item in f.items}
    assert all(callable(getattr(FieldChecker, f"check_{kind}", None)) for kind in kinds)
