"""A site changed by hand is repaired: hubgen believes its own files only while untouched.

Kept files are checked against the size and modification time they had when hubgen
wrote them, a no-change build checks every entry of the site, and ``--clean`` believes
nothing at all: its site is byte for byte a build into an empty folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, build_project

from generator.cli import cli

PAGE = Path("hubs") / "alpha" / "index.html"


def files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and "pagefind" not in p.parts
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "example", root)
    build_project(root)
    return root


@pytest.fixture
def fresh(tmp_path: Path) -> dict[str, bytes]:
    """The example built into an empty folder, for comparison."""
    root = tmp_path / "fresh"
    shutil.copytree(FIXTURES / "example", root)
    build_project(root)
    return files(root / "site")


def deface(site: Path) -> None:
    with (site / PAGE).open("a", encoding="utf-8") as handle:
        handle.write("<script>alert(1)</script>\n")


@pytest.mark.parametrize("how", ["build", "clean", "clean-without-cache", "same-size-and-time"])
def test_a_defaced_page_is_repaired(project: Path, fresh: dict[str, bytes], how: str) -> None:
    site = project / "site"
    assert (site / PAGE).is_file()
    if how == "same-size-and-time":  # only --clean can tell: it believes nothing
        original = site / PAGE
        stat = original.stat()
        text = original.read_text("utf-8").replace("<h1", "<h2", 1)
        original.write_text(text, "utf-8")
        import os

        os.utime(original, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    else:
        deface(site)
    if how == "clean-without-cache":
        shutil.rmtree(project / ".hubgen-cache")
    build_project(project, clean=how != "build")
    assert files(site) == fresh


def test_a_deleted_page_comes_back_on_the_next_build(
    project: Path, fresh: dict[str, bytes]
) -> None:
    site = project / "site"
    (site / PAGE).unlink()
    result = build_project(project)
    assert not result.skipped
    assert files(site) == fresh


def test_a_cache_file_replaced_by_a_folder_fails_before_the_site_moves(project: Path) -> None:
    site = project / "site"
    before = files(site)
    state = project / ".hubgen-cache" / "state.pickle"
    state.unlink()
    state.mkdir()
    record = project / "content" / "hubs" / "alpha.yaml"
    record.write_text(record.read_text("utf-8").replace("title: ", "title: Edited ", 1))
    result = CliRunner().invoke(
        cli, ["build", "--no-search", "--content", str(project / "content"), "--out", str(site)]
    )
    assert result.exit_code == 1, result.output
    assert "state.pickle: expected a file of the build cache, found a folder" in result.output
    assert files(site) == before


def test_an_edited_search_file_is_made_again_even_with_its_hash_in_the_marker(
    project: Path, fresh: dict[str, bytes]
) -> None:
    import json

    site = project / "site"
    docs = site / "search" / "docs" / "0.js"
    planted = b"alert('planted');" + docs.read_bytes()
    docs.write_bytes(planted)
    marker = json.loads((site / ".hubgen-build").read_text("utf-8"))
    from generator.digests import file_digest

    marker["files"]["search/docs/0.js"] = file_digest(planted)  # a careful forger
    (site / ".hubgen-build").write_text(json.dumps(marker), "utf-8")
    record = project / "content" / "hubs" / "gamma.yaml"
    record.write_text(record.read_text("utf-8") + "\n", "utf-8")  # a build with work
    build_project(project)
    assert b"planted" not in docs.read_bytes()


def test_an_edited_search_shard_is_indexed_again(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "example", root)
    build_project(root, search=True)
    script = next((root / "site" / "pagefind").glob("*/pagefind.js"))
    script.write_text(script.read_text("utf-8") + "alert('planted')\n", "utf-8")
    result = build_project(root, search=True)
    assert result.indexed_shards  # the shard's folder changed by hand: made again
    assert "planted" not in script.read_text("utf-8")
