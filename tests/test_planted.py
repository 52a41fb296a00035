"""Planted working files never make a build delete, move or publish anything.

A pull request or a shared zip can carry folders named like hubgen's own staging folders,
a hand-made journal or backup, or an edited site manifest. hubgen proves that a working
folder is its own (a signature made with the user's secret) before it acts on it, checks
every path it reads back from disk, and never moves a symbolic link into the site.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, build_project

from generator import site as write
from generator.site.paths import BACKUP, JOURNAL, MARKER, STAGE_MARKER, STAGE_PREFIX


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The small example project, built once; victims live next to it in tmp_path."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "example", root)
    build_project(root)
    (tmp_path / "victim_file.txt").write_text("keep me", "utf-8")
    (tmp_path / "victim_dir").mkdir()
    (tmp_path / "victim_dir" / "inside.txt").write_text("keep me too", "utf-8")
    return root


def edit_one_hub(root: Path) -> None:
    record = root / "content" / "hubs" / "alpha.yaml"
    record.write_text(record.read_text("utf-8").replace("title: ", "title: Edited ", 1), "utf-8")


def victims_intact(tmp_path: Path) -> None:
    assert (tmp_path / "victim_file.txt").read_text("utf-8") == "keep me"
    assert (tmp_path / "victim_dir" / "inside.txt").read_text("utf-8") == "keep me too"


def plant_stage(root: Path, journal: dict[str, list[str]], marker: bytes = b"") -> Path:
    """Plant a folder that looks like a patch killed half-way."""
    stage = root / f"{STAGE_PREFIX}site-planted1"  # as mkdtemp names them
    stage.mkdir()
    (stage / STAGE_MARKER).write_bytes(marker)
    (stage / JOURNAL).write_text(json.dumps(journal), "utf-8")
    return stage


def test_a_planted_staging_folder_deletes_nothing(project: Path, tmp_path: Path) -> None:
    stage = plant_stage(
        project,
        {"files": ["hubs/../../../victim_file.txt"], "dirs": ["hubs/../../../victim_dir"]},
    )
    build_project(project)  # nothing changed
    victims_intact(tmp_path)
    edit_one_hub(project)
    result = build_project(project)
    victims_intact(tmp_path)
    assert stage.is_dir(), "a folder hubgen did not make is left alone"
    assert any("not made by" in w.message for w in result.warnings), result.warnings


def test_a_planted_staging_folder_is_left_alone_even_with_a_copied_marker(
    project: Path, tmp_path: Path
) -> None:
    # A marker copied from another machine's staging folder signs another folder's name.
    stage = plant_stage(project, {"files": ["hubs/../../../victim_file.txt"], "dirs": []})
    (stage / STAGE_MARKER).write_bytes(b"0" * 64)
    edit_one_hub(project)
    build_project(project)
    victims_intact(tmp_path)
    assert stage.is_dir()


def test_a_planted_backup_brings_nothing_into_the_site(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private", "utf-8")
    stage = plant_stage(project, {"files": ["hubs/alpha/index.html"], "dirs": []})
    backup = stage / BACKUP
    (backup / "hubs" / "alpha").mkdir(parents=True)
    (backup / "planted.html").write_text("<p>planted</p>", "utf-8")
    (backup / "hubs" / "alpha" / "feed.xml").symlink_to(secret)
    build_project(project)
    edit_one_hub(project)
    build_project(project)
    site = project / "site"
    assert not (site / "planted.html").exists()
    assert not any(p.is_symlink() for p in site.rglob("*"))


def test_recovery_of_our_own_patch_restores_only_journalled_regular_files(
    project: Path, tmp_path: Path
) -> None:
    """Even a staging folder hubgen made is read as untrusted: paths and file types."""
    site = project / "site"
    before = (site / "hubs" / "alpha" / "index.html").read_bytes()
    stage = write.open_stage(site, write.read_manifest(site), patch=True)
    staging = Path(stage.staging)
    (staging / JOURNAL).write_text(
        json.dumps({"files": ["hubs/../../../victim_file.txt"], "dirs": ["../victim_dir"]}),
        "utf-8",
    )
    backup = staging / BACKUP
    (backup / "hubs" / "alpha").mkdir(parents=True)
    (backup / "hubs" / "alpha" / "link.html").symlink_to(tmp_path / "victim_file.txt")
    (backup / "extra.html").write_text("not in the journal", "utf-8")
    build_project(project)
    victims_intact(tmp_path)
    assert (site / "hubs" / "alpha" / "index.html").read_bytes() == before
    assert not (site / "hubs" / "alpha" / "link.html").exists()
    assert not (site / "extra.html").exists()


def test_a_symlink_put_into_the_site_is_not_kept(project: Path, tmp_path: Path) -> None:
    site = project / "site"
    (site / "hubs" / "alpha" / "planted.bib").symlink_to(tmp_path / "victim_file.txt")
    result = build_project(project, clean=True)
    assert not any(p.is_symlink() for p in site.rglob("*"))
    assert any("symbolic link" in w.message for w in result.warnings), result.warnings
    victims_intact(tmp_path)


def test_manifest_paths_outside_the_site_are_never_deleted(project: Path, tmp_path: Path) -> None:
    site = project / "site"
    (project / "victim_rel.txt").write_text("keep me", "utf-8")
    marker = json.loads((site / MARKER).read_text("utf-8"))
    marker["files"]["../victim_rel.txt"] = "00"
    marker["files"]["/etc/hostname"] = "00"
    (site / MARKER).write_text(json.dumps(marker), "utf-8")
    edit_one_hub(project)
    build_project(project)
    assert (project / "victim_rel.txt").read_text("utf-8") == "keep me"
    build_project(project, clean=True)
    assert (project / "victim_rel.txt").read_text("utf-8") == "keep me"


def test_a_manifest_cannot_claim_a_file_hubgen_did_not_write(project: Path) -> None:
    """A CNAME the user added survives even when an edited manifest lists it as ours."""
    site = project / "site"
    (site / "CNAME").write_text("hubs.example.org\n", "utf-8")
    build_project(project)
    marker = json.loads((site / MARKER).read_text("utf-8"))
    marker["files"]["CNAME"] = "00"
    (site / MARKER).write_text(json.dumps(marker), "utf-8")
    edit_one_hub(project)
    build_project(project)
    assert (site / "CNAME").read_text("utf-8") == "hubs.example.org\n"
    build_project(project, clean=True)
    assert (site / "CNAME").read_text("utf-8") == "hubs.example.org\n"


def test_a_planted_trash_folder_is_not_emptied(project: Path) -> None:
    trash = project / ".hubgen-cache" / "trash"
    planted = trash / f"{STAGE_PREFIX}site-abcdefgh"
    planted.mkdir(parents=True)
    (planted / STAGE_MARKER).write_bytes(b"")
    (planted / "keep.txt").write_text("mine", "utf-8")
    edit_one_hub(project)
    build_project(project)
    edit_one_hub(project)
    build_project(project)
    assert (planted / "keep.txt").read_text("utf-8") == "mine"


def test_our_own_leftovers_are_still_cleaned_up(project: Path) -> None:
    """Signed staging folders of a killed build are removed by the next build."""
    site = project / "site"
    sink = write.open_stage(site, write.read_manifest(site))
    staging = Path(sink.staging)
    (staging / "half-written.html").write_text("...", "utf-8")
    edit_one_hub(project)
    build_project(project)
    assert not staging.exists()


def test_a_link_planted_as_the_sites_marker_is_refused_and_never_written_through(
    project: Path, tmp_path: Path
) -> None:
    site = project / "site"
    (site / STAGE_MARKER).symlink_to(tmp_path / "victim_file.txt")
    (project / "content" / "site.yaml").write_text("title: A new title\n", "utf-8")  # a swap
    from generator.errors import OutputError

    with pytest.raises(OutputError, match="found a symbolic link; remove it"):
        build_project(project)
    victims_intact(tmp_path)


def test_a_staging_folder_with_a_damaged_journal_is_kept_and_reported(project: Path) -> None:
    site = project / "site"
    sink = write.open_stage(site, write.read_manifest(site), patch=True)
    staging = Path(sink.staging)
    (staging / JOURNAL).write_bytes(b"not a signed journal")
    (staging / BACKUP).mkdir()
    (staging / BACKUP / "index.html").write_text("the only copy", "utf-8")
    edit_one_hub(project)
    result = build_project(project)
    assert (staging / BACKUP / "index.html").read_text("utf-8") == "the only copy"
    assert any(w.kind == "damaged-journal" for w in result.warnings), result.warnings


def test_a_site_named_with_glob_characters_finds_its_own_working_folders(
    tmp_path: Path,
) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "example", root)
    out = root / "site[1]"
    build_project(root, out)
    sink = write.open_stage(out, write.read_manifest(out))
    edit_one_hub(root)
    build_project(root, out)
    assert not Path(sink.staging).exists()  # recognised as ours, and removed


def test_a_site_inside_the_cache_or_the_templates_is_refused(project: Path) -> None:
    from generator.errors import OutputError

    (project / "templates").mkdir()
    for out in (project / ".hubgen-cache" / "trash" / "x", project / "templates" / "static"):
        with pytest.raises(OutputError, match="it would replace"):
            build_project(project, out, templates_dir=project / "templates")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_planted_cache_entries_are_misses_not_hangs(project: Path) -> None:
    cache = project / ".hubgen-cache"
    os.mkfifo(cache / "documents-00.pickle")  # opening it must not wait for a writer
    for entry in (cache / "records").iterdir():
        for record in entry.iterdir():
            record.unlink()
            record.symlink_to("/dev/zero")  # reading it must not run out of memory
    edit_one_hub(project)
    result = build_project(project, search=True)
    assert result.indexed_shards  # the documents were made again
    (cache / "pages.pickle").unlink()
    os.mkfifo(cache / "pages.pickle")
    from generator.errors import OutputError

    with pytest.raises(OutputError, match=r"pages\.pickle: expected a file of the build cache"):
        build_project(project)
