"""Nothing hubgen prints can act on a terminal: control characters in names and values
are printed as escapes (``\\x1b``), in problem lines and in every other message."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import kinds
from generator.cli import cli
from generator.errors import Problem, printable
from generator.reporting import GROUP_FROM, problem_lines

ESC_TITLE = "\x1b]0;pwned\x07"
RECORD = "id: doi:10.1/x\ntitle: X\n"


def unprintable(text: str) -> list[str]:
    """Return the characters of ``text`` a terminal would act on (newlines end lines)."""
    return [ch for ch in text if (ord(ch) < 32 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F]


def test_problem_lines_escape_control_characters() -> None:
    where = (f"content/hubs/{ESC_TITLE}.yaml", 2, 1, f"a{ESC_TITLE}")
    problem = Problem(*where, f"found {ESC_TITLE}", kind=kinds.WRONG_TYPE)
    line = problem.format()
    assert not unprintable(line)
    assert line.count("\\x1b]0;pwned\\x07") == 3, line


def test_grouped_warning_lines_escape_control_characters() -> None:
    where = (f"content/hubs/{ESC_TITLE}.yaml", 2, 1, f"a{ESC_TITLE}")
    warnings = [Problem(*where, "m", kind=kinds.MISSING_SUMMARY)] * GROUP_FROM
    [line, _note] = problem_lines(warnings)
    assert not unprintable(line)
    assert line.count("\\x1b]0;pwned\\x07") == 2, line


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain é text", "plain é text"),
        ("a\tb\nc\rd", "a\\x09b\\x0ac\\x0dd"),
        ("\x9b31m", "\\x9b31m"),  # the one-byte CSI of C1
        ("name\udcff.yaml", "name\\xff.yaml"),  # a byte of a name that is not UTF-8
        ("\u202egnp.exe", "\\u202egnp.exe"),  # right-to-left override
        ("\ud800", "\\ud800"),
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_a_record_named_with_an_escape_sequence_is_printed_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hubs = tmp_path / "content" / "hubs"
    hubs.mkdir(parents=True)
    (hubs / f"{ESC_TITLE}.yaml").write_text(RECORD + '"\\e[2Jkey": 1\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--strict"])
    assert result.exit_code == 1, result.output
    assert not unprintable(result.output), repr(result.output)
    assert "content/hubs/\\x1b]0;pwned\\x07.yaml:3:1: \\x1b[2Jkey: warning:" in result.output


def test_other_messages_are_escaped_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hubs = tmp_path / "content" / "hubs"
    hubs.mkdir(parents=True)
    (hubs / "x.yaml").write_text(RECORD, "utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / f"out{ESC_TITLE}").write_text("a file, not a folder\n", "utf-8")
    refused = CliRunner().invoke(cli, ["build", "--no-search", "--out", f"out{ESC_TITLE}"])
    assert refused.exit_code == 1, refused.output
    assert "out\\x1b]0;pwned\\x07" in refused.output and not unprintable(refused.output)

    built = CliRunner().invoke(cli, ["build", "--no-search", "--out", f"site{ESC_TITLE}"])
    assert built.exit_code == 0, built.output
    assert "into site\\x1b]0;pwned\\x07 (" in built.output and not unprintable(built.output)
