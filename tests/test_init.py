"""``hubgen init``: a new hub repository that checks, builds and is ready for GitHub Pages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import soup

from generator.build import BuildOptions, build
from generator.cli import cli


def init(target: Path, *extra: str) -> tuple[int, str]:
    """Run ``hubgen init`` and return (exit code, output)."""
    result = CliRunner().invoke(cli, ["init", str(target), *extra])
    return result.exit_code, result.output


def test_scaffold_builds_into_a_site(tmp_path: Path) -> None:
    target = tmp_path / "hubs-repo"
    code, output = init(target)
    assert code == 0, output
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert files == [
        ".gitattributes",
        ".github/workflows/pages.yml",
        ".gitignore",
        "README.md",
        "content/hub.schema.json",
        "content/hubs/example-hub.yaml",
        "content/site.yaml",
        "requirements.txt",
    ]
    record = (target / "content/hubs/example-hub.yaml").read_text("utf-8")
    assert record.startswith("# yaml-language-server: $schema=../hub.schema.json\n")
    result = build(BuildOptions(target / "content", target / "site", search=False, strict=True))
    assert result.hubs == 1
    index = soup(target / "site" / "index.html")
    link = index.select_one("#hub-table a")
    assert link is not None
    assert (target / "site" / str(link["href"])).is_file()


def test_scaffold_ignores_build_output_and_hides_pagefind_from_diffs(tmp_path: Path) -> None:
    code, output = init(tmp_path / "repo")
    assert code == 0, output
    ignored = (tmp_path / "repo" / ".gitignore").read_text("utf-8").split()
    assert {"site/", ".hubgen-cache/", ".site.hubgen-lock"} <= set(ignored)
    attributes = [
        line.split()
        for line in (tmp_path / "repo" / ".gitattributes").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert ["site/pagefind/**", "linguist-generated=true", "-diff"] in attributes


def test_workflow_checks_builds_and_deploys(tmp_path: Path) -> None:
    code, output = init(tmp_path / "repo")
    assert code == 0, output
    workflow = yaml.safe_load((tmp_path / "repo/.github/workflows/pages.yml").read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert "hubgen check" in runs and "hubgen build --base-url" in runs
    assert "actions/configure-pages" in uses and "actions/upload-pages-artifact" in uses
    deploy = [s.get("uses", "").split("@")[0] for s in workflow["jobs"]["deploy"]["steps"]]
    assert deploy == ["actions/deploy-pages"]
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


@pytest.mark.parametrize("existing", ["notes.txt", "content/site.yaml"])
def test_refuses_a_non_empty_folder(tmp_path: Path, existing: str) -> None:
    target = tmp_path / "busy"
    (target / existing).parent.mkdir(parents=True, exist_ok=True)
    (target / existing).write_text("mine\n", "utf-8")
    code, output = init(target)
    assert code == 2
    assert "not empty" in output
    assert sorted(p.name for p in target.rglob("*") if p.is_file()) == [Path(existing).name]


def test_force_adds_missing_files_but_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    (target / "content").mkdir(parents=True)
    (target / "content" / "site.yaml").write_text("title: Mine\n", "utf-8")
    code, output = init(target, "--force")
    assert code == 0, output
    assert (target / "content" / "site.yaml").read_text("utf-8") == "title: Mine\n"
    assert (target / "content" / "hubs" / "example-hub.yaml").is_file()
    assert "kept existing" in output


def test_project_workflow_builds_this_repository() -> None:
    root = Path(__file__).parent.parent
    workflow = yaml.safe_load((root / ".github/workflows/pages.yml").read_text("utf-8"))
    runs = [s.get("run", "") for s in workflow["jobs"]["build"]["steps"]]
    assert "python -m pip install ." in runs
    assert "hubgen check" in runs
    assert any("steps.pages.outputs.base_url" in r for r in runs if "hubgen build" in r)


@pytest.mark.parametrize("where", ["scaffold", "project"])
def test_workflows_restore_the_last_build_before_building(tmp_path: Path, where: str) -> None:
    if where == "scaffold":
        code, output = init(tmp_path / "repo")
        assert code == 0, output
        path = tmp_path / "repo/.github/workflows/pages.yml"
    else:
        path = Path(__file__).parent.parent / ".github/workflows/pages.yml"
    steps = yaml.safe_load(path.read_text("utf-8"))["jobs"]["build"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    names = [s.get("name", "") for s in steps]
    cache = steps[uses.index("actions/cache")]
    assert uses.index("actions/cache") < names.index("Build the site")
    paths = cache["with"]["path"].split()
    # the cache, its site, and the signing key without which no entry would be trusted
    assert {".hubgen-cache", "site", "~/.cache/hubgen", "!.hubgen-cache/trash"} <= set(paths)
    assert cache["with"]["restore-keys"]  # any earlier run's cache will do
