"""How problems are reported: every problem has a kind from one table; errors come first
and are never cut; repeated warnings are grouped per file and kind; a site can silence a
kind of warning; check, build and serve print the same lines."""

from __future__ import annotations

import ast
import pickle
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from conftest import FIXTURES, REPO

from generator import docgen, kinds
from generator.build import BuildOptions
from generator.cli import cli
from generator.commands.serve import run_build
from generator.commands.serve_http import ServeState
from generator.errors import Problem
from generator.reporting import GROUP_FROM, problem_lines

FLOOD = 1001  # citing papers in the imported Turing hub of issue 11


def record(citations: int, year: str = "2019", extra: str = "") -> str:
    """Return a hub record whose citing papers have no summary (and are dated ``year``)."""
    lines = ["id: doi:10.1/turing", "title: Computing Machinery", "year: 1950", extra]
    lines.append("citations:")
    for i in range(citations):
        lines += [f"  - title: Paper {i}", f"    year: {year}"]
    return "\n".join(lines) + "\n"


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "project"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    (root / "content" / "hubs").mkdir(parents=True, exist_ok=True)
    return root


def run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(root)  # messages show paths relative to the working directory
    return CliRunner().invoke(cli, list(args))


def test_every_kind_is_used_and_documented() -> None:
    constants = {
        name for name, code in vars(kinds).items() if isinstance(code, str) and code in kinds.KINDS
    }
    assert len(constants) == len(kinds.KINDS)
    used = set()
    for path in (REPO / "generator").rglob("*.py"):
        if path.name != "kinds.py":
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "kinds":
                    used.add(node.attr)
    assert constants <= used, f"declared but never reported: {sorted(constants - used)}"
    table = docgen.errors_reference()
    for kind in kinds.KINDS.values():
        assert re.search(
            rf"^\| `{kind.code}` \| {kind.level}.* \| {re.escape(kind.about)} \|$", table, re.M
        )
        assert kind.level == "error" or kind.many, kind.code  # a warning can be grouped


def test_a_problem_has_a_declared_kind_which_sets_its_level() -> None:
    with pytest.raises(TypeError):
        Problem("x.yaml", 1, 1, "", "m")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="unknown problem kind"):
        Problem("x.yaml", 1, 1, "", "m", kind="no-such-kind")
    assert Problem("x.yaml", 1, 1, "", "m", kind=kinds.BAD_ID).level == "error"
    warning = Problem("x.yaml", 1, 1, "", "m", kind=kinds.MISSING_SUMMARY)
    assert warning.level == "warning"
    silenced = Problem("x.yaml", 1, 1, "", "m", kind=kinds.MISSING_SUMMARY, silenced=True)
    assert silenced.level == "silenced"
    assert pickle.loads(pickle.dumps(silenced)) == silenced  # cached with the build state


def test_an_import_prints_one_line_per_file_and_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path, {"content/hubs/turing.yaml": record(FLOOD, year="1949")})
    result = run(root, monkeypatch, "check")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "content/hubs/turing.yaml:6:5: warning: 1,001 citing papers have no summary "
        "(first: citations[0].summary)",
        "content/hubs/turing.yaml:7:11: warning: 1,001 citing papers are dated before the "
        "cited paper (first: citations[0].year)",
        "(2,002 warnings grouped by file and kind; hubgen check --all-warnings lists each)",
        "Checked 1 hub: 2,002 warnings in 1 file.",
    ]


def test_a_few_warnings_of_a_kind_keep_a_line_each() -> None:
    warnings = [
        Problem("a.yaml", i, 1, f"f{i}", "unknown field", kind=kinds.UNKNOWN_FIELD)
        for i in range(1, GROUP_FROM)
    ]
    assert problem_lines(warnings) == [p.format() for p in warnings]


def test_all_warnings_lists_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURES / "invalid/keys-not-strings/content", tmp_path / "content")
    grouped = run(tmp_path, monkeypatch, "check").output.splitlines()
    each = run(tmp_path, monkeypatch, "check", "--all-warnings").output.splitlines()
    assert len(grouped) == 3 and grouped[0].endswith("warning: 4 unknown fields (first: 3)")
    assert len(each) == 5
    assert all(": warning: expected a field name, found " in line for line in each[:4])
    assert each[-1] == grouped[-1] == "Checked 1 hub: 4 warnings in 1 file."


def test_errors_print_first_and_none_is_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1,000 warnings, then an error at the very end of the same file; 60 errors in another.
    flood = record(1000) + "  - title: Late\n    year: soon\n"
    many = record(60, year="soon").replace("turing", "many").replace("Computing", "Many")
    root = project(tmp_path, {"content/hubs/a.yaml": flood, "content/hubs/b.yaml": many})
    for command in (["check"], ["build", "--no-search"]):
        result = run(root, monkeypatch, *command)
        assert result.exit_code == 1, result.output
        lines = result.output.splitlines()
        errors = [line for line in lines if "expected a whole number" in line]
        assert len(errors) == 61
        assert lines[:61] == errors, "every error comes before any warning"
        assert errors[0].startswith("content/hubs/a.yaml:2007:11: citations[1000].year: ")
        assert lines[-1] == "Aborted: 61 errors, 1,061 warnings in 2 files."
        assert not (root / "site").exists()


def test_a_site_can_silence_a_kind_of_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "content/site.yaml": "warnings:\n  ignore: [missing-summary]\n",
        "content/hubs/turing.yaml": record(FLOOD),
    }
    root = project(tmp_path, files)
    for command in (["check"], ["check", "--strict"], ["build", "--no-search", "--strict"]):
        result = run(root, monkeypatch, *command)
        assert result.exit_code == 0, result.output
        assert "summary" not in result.output
        assert result.output.splitlines()[-1].endswith(
            "no problems; 1,001 warnings silenced by site.yaml."
        ), result.output
    again = run(root, monkeypatch, "build", "--no-search", "--strict")  # from the cache
    assert "nothing changed" in again.output
    assert again.output.endswith("; no problems; 1,001 warnings silenced by site.yaml.\n")
    # The other warnings still count: one citing paper dated before the cited paper.
    (root / "content/hubs/turing.yaml").write_text(record(FLOOD) + "  - {title: Old, year: 1900}\n")
    strict = run(root, monkeypatch, "check", "--strict")
    assert strict.exit_code == 1, strict.output
    assert strict.output.splitlines()[-1] == (
        "Aborted: 1 warning in 1 file; 1,002 warnings silenced by site.yaml."
    )


def test_only_content_warnings_can_be_silenced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = "warnings:\n  ignore: [missing-summaries, bad-id, foreign-folder, unknown-field]\n"
    record_text = "id: nope\ntitle: T\nextras: 1\n"
    root = project(tmp_path, {"content/site.yaml": site, "content/hubs/t.yaml": record_text})
    result = run(root, monkeypatch, "check")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        "content/hubs/t.yaml:1:5: id: expected an id of the form scheme:value "
        "(doi:10.1000/xyz, arxiv:2303.08112), found 'nope'",
        "content/site.yaml:2:12: warnings.ignore[0]: warning: unknown warning kind "
        "'missing-summaries' (did you mean 'missing-summary'?)",
        "content/site.yaml:2:31: warnings.ignore[1]: warning: expected a warning kind a site "
        "can silence, found 'bad-id', an error",
        "content/site.yaml:2:39: warnings.ignore[2]: warning: expected a warning kind a site "
        "can silence, found 'foreign-folder', a warning about the output folder",
        "Aborted: 1 error, 3 warnings in 2 files; 1 warning silenced by site.yaml.",
    ]


def test_serve_shows_what_check_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    flood = record(FLOOD) + "  - title: Late\n    year: soon\n"
    root = project(tmp_path, {"content/hubs/turing.yaml": flood})
    checked = run(root, monkeypatch, "check").output.splitlines()
    assert len(checked) == 4  # the error, the grouped warnings, the note, the summary
    capsys.readouterr()
    state = ServeState()
    options = BuildOptions(Path("content"), Path("site"), None, None, False, False)
    assert not run_build(options, state)
    terminal = capsys.readouterr().err.splitlines()
    assert terminal[:3] == checked[:3]
    page = BeautifulSoup(state.snapshot()[1] or "", "html.parser")
    assert [li.get_text() for li in page.select("ul.problems li")] == checked[:3]
    assert checked[-1] == f"Aborted: {page.h1.get_text().removeprefix('Build failed: ')}."
