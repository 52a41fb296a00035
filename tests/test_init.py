"""``hubgen init``: a new hub repository that checks, builds and is ready for GitHub Pages."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, soup
from wheels import copy_working_tree, offline_pip, run, wheelhouse

from generator.build import BuildOptions, build
from generator.cli import cli
from generator.commands import install_source

PROJECT_WORKFLOW = ".github/workflows/pages.yml"


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


IGNORED = [".venv/bin/python", "site/index.html", "site.zip", ".hubgen-cache/x"]
WORKING = [".hubgen-stage-site-1a2b/hubs/x.html", ".site.hubgen-lock", ".hubgen-backup/x"]


def ignored_by(gitignore: Path, tmp_path: Path, paths: list[str]) -> list[str]:
    """Return which of ``paths`` git ignores in a repository with that .gitignore."""
    repo = tmp_path / "ignore-check"
    repo.mkdir()
    shutil.copy(gitignore, repo / ".gitignore")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    proc = subprocess.run(
        ["git", "check-ignore", "--no-index", *paths], cwd=repo, capture_output=True, text=True
    )
    return proc.stdout.split()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_scaffold_ignores_build_output_and_hides_pagefind_from_diffs(tmp_path: Path) -> None:
    code, output = init(tmp_path / "repo")
    assert code == 0, output
    paths = [*IGNORED, *WORKING, "content/hubs/x.yaml", "requirements.txt"]
    ignored = ignored_by(tmp_path / "repo" / ".gitignore", tmp_path, paths)
    assert ignored == IGNORED + WORKING
    attributes = [
        line.split()
        for line in (tmp_path / "repo" / ".gitattributes").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert ["site/pagefind/**", "linguist-generated=true", "-diff"] in attributes


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_this_repository_ignores_hubgens_working_folders(tmp_path: Path) -> None:
    assert ignored_by(REPO / ".gitignore", tmp_path, WORKING + ["content/site.yaml"]) == WORKING


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


NODE24_MAJORS = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/configure-pages": 6,
    "actions/cache": 5,
    "actions/upload-artifact": 6,
    "actions/upload-pages-artifact": 5,  # composite: runs upload-artifact@v7
    "actions/deploy-pages": 5,
}
"""The first major of each action the workflows use that runs on Node 24."""
MAIN_ONLY = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"


def workflow_of(where: str, tmp_path: Path) -> dict[str, Any]:
    """Return the parsed Pages workflow of a new repository, or of this one."""
    if where == "project":
        return cast(dict[str, Any], yaml.safe_load((REPO / PROJECT_WORKFLOW).read_text("utf-8")))
    code, output = init(tmp_path / "repo")
    assert code == 0, output
    text = (tmp_path / "repo" / PROJECT_WORKFLOW).read_text("utf-8")
    return cast(dict[str, Any], yaml.safe_load(text))


@pytest.mark.parametrize("where", ["scaffold", "project"])
def test_workflows_use_actions_that_run_on_node_24(tmp_path: Path, where: str) -> None:
    workflow = workflow_of(where, tmp_path)
    used = [s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert {u.split("@")[0] for u in used} == set(NODE24_MAJORS)
    for use in used:
        action, ref = use.split("@")
        assert ref.startswith("v") and int(ref[1:]) >= NODE24_MAJORS[action], use


@pytest.mark.parametrize("where", ["scaffold", "project"])
def test_only_main_is_deployed(tmp_path: Path, where: str) -> None:
    workflow = workflow_of(where, tmp_path)
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert triggers["push"] == {"branches": ["main"]} and "pull_request" in triggers
    assert workflow["jobs"]["deploy"]["if"] == MAIN_ONLY
    steps = {s.get("uses", "").split("@")[0]: s for s in workflow["jobs"]["build"]["steps"]}
    for pages_step in ("actions/configure-pages", "actions/upload-pages-artifact"):
        assert steps[pages_step]["if"] == MAIN_ONLY
    assert "if" not in workflow["jobs"]["build"]  # pull requests are checked and built
    setup = steps["actions/setup-python"]["with"]
    assert setup["cache"] == "pip"
    expected = "requirements.txt" if where == "scaffold" else "pyproject.toml"
    assert setup["cache-dependency-path"] == expected
    # No ${{ }} pasted into a script: values reach it through env.
    assert not [s for s in workflow["jobs"]["build"]["steps"] if "${{" in s.get("run", "")]


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
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "python -m pip install ." in runs
    assert "hubgen check" in runs
    [build_step] = [s for s in steps if "hubgen build" in s.get("run", "")]
    assert build_step["env"] == {"BASE_URL": "${{ steps.pages.outputs.base_url }}"}
    assert 'hubgen build --base-url "$BASE_URL"' in build_step["run"]


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


# --- requirements.txt installs the hubgen that ran init ----------------------------------

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def fake_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, record: dict[str, Any] | str | None
) -> None:
    """Make init see hubgen 0.3.1 installed as ``record`` (a direct_url.json) tells."""
    info = tmp_path / "site-packages" / "hubgen-0.3.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: hubgen\nVersion: 0.3.1\n")
    if record is not None:
        text = record if isinstance(record, str) else json.dumps(record)
        (info / "direct_url.json").write_text(text, "utf-8")
    dist = importlib.metadata.PathDistribution(info)
    monkeypatch.setattr(install_source, "distribution", lambda name: dist)


def requirement_line(repo: Path) -> str:
    """Return the one requirement line of a new repository's requirements.txt."""
    text = (repo / "requirements.txt").read_text("utf-8")
    [line] = [line for line in text.splitlines() if line and not line.startswith("#")]
    return line


GIT = {"url": "https://github.com/someone/hubgen", "vcs_info": {"vcs": "git", "commit_id": COMMIT}}
SOURCES = {
    "git": (GIT, f"hubgen @ git+https://github.com/someone/hubgen@{COMMIT}"),
    "git, subdirectory": (
        {**GIT, "subdirectory": "tools/hubgen"},
        f"hubgen @ git+https://github.com/someone/hubgen@{COMMIT}#subdirectory=tools/hubgen",
    ),
    "package index": (None, "hubgen==0.3.1"),
    "archive": (
        {
            "url": "https://example.org/hubgen-0.3.1.tar.gz",
            "archive_info": {"hashes": {"sha256": "ab12"}},
        },
        "hubgen @ https://example.org/hubgen-0.3.1.tar.gz#sha256=ab12",
    ),
    "archive, old hash form": (
        {"url": "https://example.org/h.whl", "archive_info": {"hash": "sha256=cd34"}},
        "hubgen @ https://example.org/h.whl#sha256=cd34",
    ),
}


@pytest.mark.parametrize("how", sorted(SOURCES))
def test_requirements_install_the_hubgen_that_ran_init(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record, line = SOURCES[how]
    fake_install(monkeypatch, tmp_path, record)
    code, output = init(tmp_path / "repo")
    assert code == 0, output
    assert requirement_line(tmp_path / "repo") == line
    assert "note:" not in output
    readme = (tmp_path / "repo" / "README.md").read_text("utf-8")
    assert "Before the first push:** `hubgen init`" not in readme and "<!--" not in readme


@pytest.mark.parametrize(
    "record",
    [
        {"url": "file:///home/me/hubgen", "dir_info": {"editable": True}},
        {"url": "file:///home/me/hubgen", "dir_info": {}},
        "{not json",
        {"url": "https://x.org/r\nhubgen==6.6.6", "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
        {"url": "https://x.org/r", "vcs_info": {"vcs": "git", "commit_id": "a b"}},
    ],
    ids=["editable", "folder", "unreadable", "newline in url", "odd commit"],
)
def test_a_local_install_says_what_to_put_in_requirements(
    record: dict[str, Any] | str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_install(monkeypatch, tmp_path, record)
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "repo")])
    assert result.exit_code == 0, result.output
    placeholder = "hubgen @ git+https://github.com/OWNER/REPO@COMMIT"
    assert requirement_line(tmp_path / "repo") == placeholder
    assert "note: " in result.stderr and placeholder in result.stderr
    assert "6.6.6" not in (tmp_path / "repo" / "requirements.txt").read_text("utf-8")
    readme = (tmp_path / "repo" / "README.md").read_text("utf-8")
    assert "**Before the first push:** `hubgen init` ran from a hubgen installed" in readme
    assert f"\n    {placeholder}\n" in readme


def test_a_local_git_url_is_kept_and_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = {"url": "file:///srv/hubgen", "vcs_info": {"vcs": "git", "commit_id": COMMIT}}
    fake_install(monkeypatch, tmp_path, record)
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "repo")])
    assert result.exit_code == 0, result.output
    assert requirement_line(tmp_path / "repo") == f"hubgen @ git+file:///srv/hubgen@{COMMIT}"
    assert "a path on this machine ('file:///srv/hubgen')" in result.stderr


@pytest.mark.parametrize(
    "spec",
    ["hubgen @ git+https://github.com/me/hubgen@abc123", "hubgen>=0.3,<0.4", " hubgen==1.0 "],
)
def test_requirement_option_names_the_line(
    spec: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_install(monkeypatch, tmp_path, {"url": "file:///x", "dir_info": {}})
    code, output = init(tmp_path / "repo", "--requirement", spec)
    assert code == 0, output
    assert requirement_line(tmp_path / "repo") == spec.strip()
    assert "note:" not in output


@pytest.mark.parametrize(
    "spec",
    [
        "hubgen\n--index-url https://evil.example/simple",
        "-e git+https://github.com/me/hubgen",
        "hubgen --extra-index-url https://evil.example",
        "--index-url=https://evil.example hubgen",
        "hubgen @ https://${GITHUB_TOKEN}@evil.example/x.whl",
        "other-package==1.0",
        "-r other.txt",
        "",
    ],
)
def test_requirement_option_refuses_anything_but_one_requirement(spec: str, tmp_path: Path) -> None:
    code, output = init(tmp_path / "repo", "--requirement", spec)
    assert code == 2
    assert "--requirement" in output and "expected" in output
    assert not (tmp_path / "repo").exists()


def test_readme_walks_a_first_time_user_through(tmp_path: Path) -> None:
    code, output = init(tmp_path / "repo")
    assert code == 0, output
    readme = (tmp_path / "repo" / "README.md").read_text("utf-8")
    steps = [
        "python3 -m venv .venv",
        "source .venv/bin/activate",
        "python -m pip install -r requirements.txt",
        "hubgen build",
        'set "Source" to **GitHub Actions**',
        "git push -u origin main",
    ]
    where = [readme.find(step) for step in steps]
    assert -1 not in where and where == sorted(where), dict(zip(steps, where, strict=True))
    assert "**Before the first push**" in readme and "actions/configure-pages" in readme
    assert "BEFORE the first push" in output  # and init's own closing words say so


# --- End to end: install from git, init, install as the workflow does, build ---------------


def working_tree_commit(dest: Path) -> str:
    """Commit this checkout's working tree (tracked and new files) in a fresh repository."""
    copy_working_tree(dest)
    ident = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    for args in (["init", "-q"], ["add", "-A"], [*ident, "commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *args], cwd=dest, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=dest, capture_output=True, text=True)
    return head.stdout.strip()


INSTALLED = (
    "import importlib.metadata as m, json; d = m.distribution('hubgen');"
    "print(json.dumps([d.version, json.loads(d.read_text('direct_url.json'))]))"
)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_workflow_installs_the_hubgen_that_ran_init_and_it_builds(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    commit = working_tree_commit(tmp_path / "src")
    wheelhouse(tmp_path / "wheels")
    env = offline_pip(tmp_path / "wheels", tmp_path / "pip-cache")
    # file://localhost/…, not file:///…: pip before 24 refuses "name @ git+file:///…".
    url = f"git+file://localhost{(tmp_path / 'src').as_posix()}"

    one = tmp_path / "one"
    run([sys.executable, "-m", "venv", one], tmp_path, env)
    run([one / "bin/python", "-m", "pip", "install", f"hubgen @ {url}@{commit}"], tmp_path, env)
    version, _ = json.loads(run([one / "bin/python", "-c", INSTALLED], tmp_path, env))
    run([one / "bin/hubgen", "init", "hubs"], tmp_path, env)
    repo = tmp_path / "hubs"
    assert requirement_line(repo) == f"hubgen @ {url}@{commit}"

    # A fresh venv, and the install step exactly as the generated workflow runs it.
    two = tmp_path / "two"
    run([sys.executable, "-m", "venv", two], tmp_path, env)
    workflow = yaml.safe_load((repo / PROJECT_WORKFLOW).read_text("utf-8"))
    [step] = [s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Install hubgen"]
    run(["bash", "-e", "-c", step["run"]], repo, {**env, "PATH": f"{two / 'bin'}:{env['PATH']}"})
    installed, direct = json.loads(run([two / "bin/python", "-c", INSTALLED], tmp_path, env))
    assert installed == version
    assert direct["vcs_info"]["commit_id"] == commit and direct["url"] == url.removeprefix("git+")
    run([two / "bin/hubgen", "build", "--no-search"], repo, env)
    assert soup(repo / "site" / "index.html").select_one("#hub-table a") is not None
