"""Small changes are patched into the site in place, and a patch cut short is rolled back.

A build that renders a few hubs moves just the changed files (and search shards) into
the site, under a journal with hard-linked backups. These tests stop such a build at
every rename it makes (the child process exits on the spot, as under ``kill -9``) and
check that the next build restores the previous site before building on it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import REPO

from generator import site as site_pkg
from generator.build import BuildOptions, build
from generator.search import pagefind as search

SHARD_PAGES = 2


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of a site with its bytes (the search index included)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository's content, built once with a search index in several shards."""
    monkeypatch.setattr(search, "SHARD_PAGES", SHARD_PAGES)
    shutil.copytree(REPO / "content", tmp_path / "content")
    build(options(tmp_path))
    return tmp_path


def options(root: Path, clean: bool = False) -> BuildOptions:
    return BuildOptions(root / "content", root / "site", search=True, clean=clean)


def edit(root: Path) -> None:
    """Change one hub's abstract, remove another hub and add a third."""
    hubs = root / "content" / "hubs"
    record = hubs / "tuned-lens.yaml"
    text = record.read_text("utf-8")
    record.write_text(text.replace("  Looks at", "  Patched. Looks at", 1), "utf-8")
    (hubs / "roberta.yaml").unlink()
    (hubs / "added-hub.yaml").write_text(
        "id: doi:10.9/added\ntitle: An added hub\nyear: 2024\ncitations: []\n", "utf-8"
    )


def test_a_small_change_is_patched_in_place(project: Path) -> None:
    site = project / "site"
    folder_inode = site.stat().st_ino
    stamps = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    edit(project)
    result = build(options(project))
    assert site.stat().st_ino == folder_inode  # the same folder: patched, not swapped
    assert result.kept and result.written
    for rel in result.kept:  # every unchanged file is the very same file
        path = site / rel
        assert (path.stat().st_ino, path.stat().st_mtime_ns) == stamps[path], rel
    assert "hubs/an-added-hub/index.html" in result.written
    assert "hubs/roberta/index.html" in result.removed
    assert not (site / "hubs" / "roberta").exists()  # its emptied folder went too
    assert not [p for p in project.iterdir() if p.name.startswith(site_pkg.STAGE_PREFIX)]
    patched = snapshot(site)
    build(options(project, clean=True))  # a whole new site, swapped in
    clean = snapshot(site)
    assert {k for k in patched if not k.startswith("pagefind/")} == {
        k for k in clean if not k.startswith("pagefind/")
    }
    for path, data in clean.items():
        if not path.startswith("pagefind/"):
            assert patched[path] == data, path


CHILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from generator.search import pagefind as search
    from generator.build import BuildOptions, build

    search.SHARD_PAGES = int(sys.argv[2])
    root = Path(sys.argv[1])
    site = str(root / "site")
    left = int(sys.argv[3])

    made = 0

    def dying(real):
        def call(src, dst, *args, **kwargs):
            global made
            if os.fspath(dst).startswith(site):
                if made == left:
                    os._exit(9)  # as if killed: no cleanup, no rollback
                made += 1
            return real(src, dst, *args, **kwargs)
        return call

    os.replace = dying(os.replace)
    os.rename = dying(os.rename)
    build(BuildOptions(root / "content", root / "site", search=True))
    print(made)  # with left = -1: how many renames into the site the whole patch made
    """
)


def run_child(project: Path, renames: int) -> subprocess.CompletedProcess[str]:
    """Build ``project`` in a child that dies before its rename number ``renames``."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", CHILD, str(project), str(SHARD_PAGES), str(renames)]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def patch_renames(tmp_path_factory: pytest.TempPathFactory) -> int:
    """How many renames into the site the patch of ``edit`` makes, start to end."""
    root = tmp_path_factory.mktemp("count")
    shutil.copytree(REPO / "content", root / "content")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", SHARD_PAGES)
        build(options(root))
    edit(root)
    child = run_child(root, -1)
    assert child.returncode == 0, child.stderr
    return int(child.stdout.split()[-1])


@pytest.mark.slow  # seven builds killed at seven moments, each rolled back
@pytest.mark.parametrize("at", [0.0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.99])
def test_a_patch_killed_half_way_is_rolled_back_by_the_next_build(
    project: Path, patch_renames: int, at: float
) -> None:
    assert patch_renames > 10  # files, the manifest, and search folders out and in
    site = project / "site"
    before = snapshot(site)
    edit(project)
    child = run_child(project, int(at * patch_renames))
    assert child.returncode == 9, child.stderr  # it died in the middle of the patch
    assert site_pkg.pending_patch(site)

    assert site_pkg.recover(site)[0]
    assert snapshot(site) == before  # exactly the previous site, search index included
    assert not site_pkg.pending_patch(site)

    result = build(options(project))
    assert "hubs/an-added-hub/index.html" in result.written
    assert "Patched." in (site / "hubs" / "tuned-lens" / "index.html").read_text("utf-8")


def test_an_error_half_way_rolls_the_patch_back_at_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = project / "site"
    before = snapshot(site)
    edit(project)
    real = os.replace
    calls = {"n": 0}

    def failing(src: str, dst: str) -> None:
        if str(dst).startswith(str(site)):
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError, match="No space left"):
        build(options(project))
    monkeypatch.setattr(os, "replace", real)
    assert snapshot(site) == before
    assert not [p for p in project.iterdir() if p.name.startswith(site_pkg.STAGE_PREFIX)]
    again = build(options(project))  # the failed build's shards were never recorded...
    assert again.indexed_shards  # ...so the shards of the edited pages are indexed now


def test_a_patch_without_search_takes_the_search_index_away(project: Path) -> None:
    site = project / "site"
    edit(project)
    no_search = BuildOptions(project / "content", site, search=False)
    build(no_search)
    assert not (site / "pagefind").exists()  # as a whole new site would have it
    record = project / "content" / "hubs" / "bert.md"
    record.write_text(record.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    result = build(options(project))  # search back on: every shard is indexed again
    assert (site / "pagefind" / "shards.json").is_file()
    assert len(result.indexed_shards) >= 3


def test_a_rollback_cut_short_and_run_again_restores_the_previous_site(
    project: Path, patch_renames: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.site import journal

    site = project / "site"
    before = snapshot(site)
    edit(project)
    assert run_child(project, int(0.9 * patch_renames)).returncode == 9
    real = journal.roll_back

    def cut_short(out: Path, staging: Path, recorded: journal.Journal) -> None:
        real(out, staging, recorded)
        raise KeyboardInterrupt  # killed right after restoring, before cleaning up

    monkeypatch.setattr(journal, "roll_back", cut_short)
    with pytest.raises(KeyboardInterrupt):
        site_pkg.recover(site)
    monkeypatch.setattr(journal, "roll_back", real)
    site_pkg.recover(site)  # again: must not remove what the first one restored
    assert snapshot(site) == before


def test_a_killed_patch_is_rolled_back_even_when_the_content_has_errors(
    project: Path, patch_renames: int
) -> None:
    from generator.errors import ContentError

    site = project / "site"
    before = snapshot(site)
    edit(project)
    assert run_child(project, int(0.5 * patch_renames)).returncode == 9
    broken = project / "content" / "hubs" / "gpt-3.yaml"
    broken.write_text(broken.read_text("utf-8") + "year: [\n", "utf-8")
    with pytest.raises(ContentError):
        build(options(project))
    assert snapshot(site) == before  # rolled back first, whatever the content says
    assert not site_pkg.pending_patch(site)
