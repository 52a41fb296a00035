"""Placeholder texts that ``hubgen new`` writes make ``hubgen check`` warn until replaced."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.placeholders import PLACEHOLDERS


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def new_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # messages show paths relative to the working directory
    code, output = run("new", "A Real Title", "--id", "arxiv:2303.08112")
    assert code == 0, output
    return Path("content/hubs/a-real-title.yaml")


def uncomment(text: str) -> str:
    """Return the record with every commented example turned into data, as a user might."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#  "):  # an example list entry: "#  - text: ..."
            line = line[1:]
        elif re.match(r"# [a-z_]+: ", line):  # an optional field: "# venue: ..."
            line = line[2:]
        # "claims: []" opens the uncommented entries; "authors: []  # [A, B]" takes the example
        line = re.sub(r": \[\]\s*(?:# (\[.*\]))?$", lambda m: ": " + (m[1] or ""), line)
        lines.append(line.rstrip())
    return "\n".join(lines) + "\n"


def test_the_abstract_placeholder_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = new_record(tmp_path, monkeypatch)
    line = path.read_text("utf-8").splitlines().index("abstract: |") + 1
    code, output = run("check")
    assert code == 0, output
    assert (
        f"{path}:{line}:11: abstract: warning: expected the paper's own text, found the "
        "placeholder text from 'hubgen new' ('Paste the abstract here.') "
        "(replace it, or delete the field)"
    ) in output.splitlines()
    code, output = run("check", "--strict")
    assert code == 1, output


def test_every_placeholder_of_the_template_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = new_record(tmp_path, monkeypatch)
    path.write_text(uncomment(path.read_text("utf-8")), "utf-8")
    code, output = run("check", "--all-warnings")  # 14 of one kind: grouped otherwise
    assert code == 0, output
    warned = re.findall(r"^\S+:\d+:\d+: (\S+): warning: .*'hubgen new' \('(.*)'\)", output, re.M)
    assert warned == [
        ("authors[0]", "First Author"),
        ("authors[1]", "Second Author"),
        ("venue", "Journal or conference"),
        ("url", "https://doi.org/..."),
        ("code", "https://github.com/..."),
        ("abstract", "Paste the abstract here."),
        ("claims[0].text", "The main result, in one sentence."),
        ("cocited[0].title", "A related paper"),
        ("cocited[0].note", "Why it belongs next to this one."),
        ("citations[0].title", "A citing paper"),
        ("citations[0].id", "doi:10.1000/example"),
        ("citations[0].authors[0]", "Someone Else"),
        ("citations[0].summary", "One line on what it finds."),
        ("citations[0].context", "The sentence in which it cites this paper."),
    ]
    # Every placeholder the check knows is one the template writes.
    assert {text for _field, text in warned} == set().union(*PLACEHOLDERS.values())


def test_real_values_do_not_warn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = new_record(tmp_path, monkeypatch)
    text = path.read_text("utf-8").replace("Paste the abstract here.", "We paste nothing here.")
    path.write_text(text.replace("authors: []", "authors: [Journal or conference]"), "utf-8")
    code, output = run("check", "--strict")  # a placeholder counts only in its own field
    assert code == 0, output
