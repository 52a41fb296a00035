"""``build --zip PATH`` never writes into the content, the templates, the cache or the site.

``build --zip content/site.yaml`` once replaced the settings file with the archive.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import FIXTURES

from generator.archive import write_zip
from generator.cli import cli
from generator.errors import HubgenError


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "example", root)
    (root / "templates").mkdir()
    monkeypatch.chdir(root)
    return root


def zip_build(target: str) -> Result:
    return CliRunner().invoke(cli, ["build", "--no-search", "--zip", target])


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "target",
    [
        "content/site.yaml",
        "content/hubs/alpha.yaml",
        "content/new.zip",
        "content",
        "templates/theme.zip",
        "site",
        "site/index.html",
        ".hubgen-cache/site.zip",
    ],
)
def test_zip_paths_inside_the_project_folders_are_refused(project: Path, target: str) -> None:
    before = snapshot(project / "content")
    result = zip_build(target)
    assert result.exit_code == 2, result.output
    assert "--zip" in result.output and "inside" in result.output, result.output
    assert snapshot(project / "content") == before
    assert not (project / "site").exists()  # refused before anything was built


def test_a_link_into_content_is_refused_too(project: Path) -> None:
    (project / "settings.zip").symlink_to(project / "content" / "site.yaml")
    before = (project / "content" / "site.yaml").read_bytes()
    result = zip_build("settings.zip")
    assert result.exit_code == 2, result.output
    assert (project / "content" / "site.yaml").read_bytes() == before


def test_a_zip_beside_the_site_is_written(project: Path) -> None:
    result = zip_build("downloads/site.zip")
    assert result.exit_code == 0, result.output
    assert (project / "downloads" / "site.zip").is_file()
    result = CliRunner().invoke(cli, ["build", "--no-search", "--zip"])
    assert result.exit_code == 0, result.output
    assert (project / "site.zip").is_file()


def test_write_zip_refuses_protected_folders_itself(project: Path) -> None:
    assert zip_build("site.zip").exit_code == 0
    with pytest.raises(HubgenError, match="inside"):
        write_zip(project / "site", project / "content" / "x.zip", protected=[project / "content"])
    assert not (project / "content" / "x.zip").exists()
