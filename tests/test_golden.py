"""The example site's built files, byte for byte, as stored in tests/golden/example/.

Any change to what a build writes (a template, a label, an export, a feed) shows here as
a diff. When the change is meant, regenerate the stored copy and review it with git:

    .venv/bin/pytest tests/test_golden.py --update-golden && git diff --stat tests/golden
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, build_project

from generator.site import MARKER

GOLDEN = Path(__file__).parent / "golden" / "example"
CONTEXT_LINES = 3
SHOWN_LINES = 40  # of the first differing file's diff


def site_files(site: Path) -> dict[str, bytes]:
    """Return every file of a built site but its marker (hubgen's own bookkeeping)."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def first_difference(name: str, want: bytes, got: bytes) -> str:
    """Return the start of a unified diff of one file (or say it is binary)."""
    try:
        old, new = want.decode("utf-8"), got.decode("utf-8")
    except UnicodeDecodeError:
        return f"{name}: binary files differ"
    diff = difflib.unified_diff(
        old.splitlines(), new.splitlines(), f"golden/{name}", f"built/{name}", lineterm=""
    )
    lines = list(diff)
    more = f"\n... {len(lines) - SHOWN_LINES} more diff lines" if len(lines) > SHOWN_LINES else ""
    return "\n".join(lines[:SHOWN_LINES]) + more


def compare(golden: dict[str, bytes], built: dict[str, bytes]) -> str:
    """Return a readable account of how ``built`` differs from ``golden`` ('' if it does not)."""
    missing = sorted(golden.keys() - built.keys())
    extra = sorted(built.keys() - golden.keys())
    changed = sorted(k for k in golden.keys() & built.keys() if golden[k] != built[k])
    if not (missing or extra or changed):
        return ""
    report = [
        f"missing (in golden, not built): {missing}" if missing else "",
        f"new (built, not in golden): {extra}" if extra else "",
        f"changed: {changed}" if changed else "",
    ]
    if changed:
        report.append(first_difference(changed[0], golden[changed[0]], built[changed[0]]))
    report.append("if the change is meant: pytest tests/test_golden.py --update-golden")
    return "\n".join(line for line in report if line)


def test_the_example_site_is_byte_for_byte_the_golden_copy(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    project = tmp_path / "example"
    shutil.copytree(FIXTURES / "example", project)
    build_project(project)
    built = site_files(project / "site")
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in built.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    differences = compare(site_files(GOLDEN), built)
    assert not differences, differences


def test_a_difference_is_shown_as_the_first_differing_lines() -> None:
    golden = {"a.html": b"<p>one</p>\n<p>two</p>\n", "gone.txt": b"x"}
    built = {"a.html": b"<p>one</p>\n<p>2</p>\n", "new.txt": b"y"}
    report = compare(golden, built).splitlines()
    assert "missing (in golden, not built): ['gone.txt']" in report
    assert "new (built, not in golden): ['new.txt']" in report
    assert "-<p>two</p>" in report and "+<p>2</p>" in report
    assert compare(golden, dict(golden)) == ""
