"""Hostile YAML is refused cheaply: aliases that expand past the size cap, and records of
many unknown keys, which once took minutes to report (the lookup of each key's line was
linear in the keys of its mapping)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check import read_content
from generator.cli import cli
from generator.errors import ContentError, YamlProblem
from generator.textfiles import MAX_FILE_BYTES
from generator.yamlguards import MAX_EXPANDED_CHARS
from generator.yamltext import parse

BIG = "x" * 200_000


def aliased(times: int) -> str:
    """A record whose abstract (200,000 characters) is aliased ``times`` times."""
    items = "".join("  - {title: *a}\n" for _ in range(times))
    return f'id: doi:10.1/x\ntitle: T\nabstract: &a "{BIG}"\ncitations:\n{items}'


def test_aliases_expanding_past_the_size_cap_are_refused() -> None:
    assert MAX_EXPANDED_CHARS == MAX_FILE_BYTES == 4 * 2**20
    with pytest.raises(YamlProblem) as caught:
        parse(aliased(30))  # 6 MB once expanded, from a 200 KB file
    assert (caught.value.line, caught.value.column) == (5, 3)
    assert caught.value.message == (
        "expected a document of at most 4 MiB once its aliases are expanded (the size cap "
        "of a file), found aliases that expand to more"
    )


def test_aliases_within_the_cap_are_fine() -> None:
    data = parse(aliased(15))  # 3 MB expanded
    assert len(data["citations"]) == 15 and data["citations"][14]["title"] == BIG


def test_check_reports_the_alias_bomb_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hubs = tmp_path / "content" / "hubs"
    hubs.mkdir(parents=True)
    (hubs / "bomb.yaml").write_text(aliased(300), "utf-8")  # the 60 MB site of the issue
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[0].startswith(
        "content/hubs/bomb.yaml:5:3: expected a document of at most 4 MiB once its aliases"
    )


@pytest.mark.slow  # times checks of 400,000 unknown keys
def test_many_unknown_keys_are_checked_in_linear_time(tmp_path: Path) -> None:
    keys = 40_000  # about 84 s when each key's line was found by a scan of its mapping
    top = "".join(f"unknown_{i}: {i}\n" for i in range(keys // 2))
    nested = "".join(f"    extra_{i}: {i}\n" for i in range(keys // 2))
    hubs = tmp_path / "content" / "hubs"
    hubs.mkdir(parents=True)
    record = f"id: doi:10.1/x\ntitle: T\n{top}citations:\n  - title: C\n{nested}"
    (hubs / "keys.yaml").write_text(record, "utf-8")
    start = time.perf_counter()
    with pytest.raises(ContentError):  # an error, so that the warnings are all raised
        read_content(tmp_path / "content", strict=True)
    seconds = time.perf_counter() - start
    assert seconds < 15, f"{keys} unknown keys took {seconds:.1f} s"
