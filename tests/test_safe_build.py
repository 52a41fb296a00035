"""Builds never damage what was there: killed builds, foreign output folders, parallel builds.

A build big enough to spend a good second writing its staging directory is started in a
subprocess; the test waits for the staging directory to fill, freezes the build with
SIGSTOP (so the moment is certain, not a race), checks it is still mid-write, and kills
it with SIGKILL.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, build_project

from generator.cli import cli
from generator.site import MARKER, STAGE_MARKER, STAGE_PREFIX, file_digest

pytestmark = [
    pytest.mark.skipif(
        not hasattr(signal, "SIGKILL"), reason="needs POSIX signals (SIGSTOP, SIGKILL)"
    ),
    pytest.mark.timeout(300),  # builds that wait for each other's lock could hang
]

HUBS = 500
CITATIONS = 20


def write_corpus(content: Path, title_word: str) -> None:
    """Write HUBS records; ``title_word`` changes every page when it changes."""
    hubs = content / "hubs"
    hubs.mkdir(parents=True, exist_ok=True)
    for i in range(HUBS):
        citations = "".join(
            f"  - {{title: Citing paper {i}-{j}, id: doi:10.9/{i}-{j}, year: 2021, "
            f"role: method, polarity: neutral, summary: Finds result {j} about hub {i}.}}\n"
            for j in range(CITATIONS)
        )
        (hubs / f"hub-{i:04d}.yaml").write_text(
            f"id: doi:10.1/{i}\ntitle: Hub {title_word} number {i}\nyear: 2020\n"
            f"abstract: The abstract of hub {i}.\ncitations:\n{citations}",
            "utf-8",
        )


def snapshot(root: Path) -> dict[str, bytes]:
    """Return every file below ``root`` with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def stages(project: Path) -> list[Path]:
    return [p for p in project.iterdir() if p.name.startswith(STAGE_PREFIX)]


def assert_site_matches_its_marker(site: Path) -> None:
    """The site holds exactly the files its marker lists, with the bytes it lists."""
    manifest = json.loads((site / MARKER).read_text("utf-8"))["files"]
    files = snapshot(site)
    files.pop(MARKER)
    assert sorted(files) == sorted(manifest)
    for rel, data in files.items():
        assert file_digest(data) == manifest[rel], rel


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of HUBS hubs, built once; its content is then changed on every page."""
    root = tmp_path_factory.mktemp("big") / "project"
    write_corpus(root / "content", "paper")
    build_project(root)
    write_corpus(root / "content", "article")
    return root


@pytest.fixture
def project(big_project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(big_project, copy, symlinks=True)
    return copy


def start_build(project: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--no-search", *args],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: worker processes die with it
    )


def freeze_mid_write(project: Path, process: subprocess.Popen[str]) -> Path:
    """Wait until the build has written some pages into its staging folder, then SIGSTOP it."""
    deadline = time.monotonic() + 300  # a safety net for a hung build, not a timing assertion
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        for staging in stages(project):
            hubs = staging / "hubs"
            if hubs.is_dir() and any(hubs.iterdir()):
                os.killpg(process.pid, signal.SIGSTOP)
                assert (staging / STAGE_MARKER).exists(), "the build got past writing"
                return staging
        time.sleep(0.002)
    pytest.fail("the build never started writing")


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    """Builds started by a test; any still running at the end are killed."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.slow
def test_killed_build_leaves_previous_site_and_next_build_succeeds(
    project: Path, processes: list[subprocess.Popen[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(project / "site")
    process = start_build(project)
    processes.append(process)
    staging = freeze_mid_write(project, process)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    assert snapshot(project / "site") == before
    assert staging.is_dir()  # the killed build's half-written folder is left behind...

    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["build", "--no-search"])
    assert result.exit_code == 0, result.output
    assert not stages(project)  # ...and the next build removes it
    assert_site_matches_its_marker(project / "site")
    page = (project / "site" / "hubs" / "hub-article-number-7" / "index.html").read_text("utf-8")
    assert "Hub article number 7" in page


@pytest.mark.slow
def test_concurrent_builds_wait_for_each_other(
    project: Path, processes: list[subprocess.Popen[str]]
) -> None:
    first = start_build(project)
    processes.append(first)
    freeze_mid_write(project, first)  # it holds the build lock, frozen

    second = start_build(project)
    processes.append(second)
    assert second.stderr is not None
    waiting = second.stderr.readline()
    assert "another build into site is running; waiting for it to finish" in waiting

    os.killpg(first.pid, signal.SIGCONT)
    assert first.wait() == 0
    rest = second.stderr.read()
    assert second.wait() == 0, rest
    assert not stages(project)
    assert_site_matches_its_marker(project / "site")


def invoke(project: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["build", "--no-search", *args])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    shutil.copytree(Path(__file__).parent / "fixtures" / "example", root)
    return root


def test_refuses_a_folder_hubgen_did_not_make(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = small_project / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("precious", "utf-8")
    output = invoke(small_project, monkeypatch, "--out", "mine")
    assert "refusing to write the site to mine: the directory is not empty" in output
    assert snapshot(mine) == {"thesis.tex": b"precious"}
    assert not stages(small_project)


@pytest.mark.parametrize("out", ["content", ".", "content/hubs", "content/hubs/inner", ".."])
def test_refuses_the_content_or_project_folder(
    small_project: Path, monkeypatch: pytest.MonkeyPatch, out: str
) -> None:
    before = snapshot(small_project)
    output = invoke(small_project, monkeypatch, "--out", out)
    assert f"refusing to write the site to {out}: it would replace" in output
    assert snapshot(small_project) == before


def test_refuses_a_file(small_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (small_project / "notes.txt").write_text("keep me", "utf-8")
    output = invoke(small_project, monkeypatch, "--out", "notes.txt")
    assert "it is a file, not a directory" in output
    assert (small_project / "notes.txt").read_text("utf-8") == "keep me"


def test_builds_into_an_empty_folder_and_then_replaces_its_own_site(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (small_project / "out").mkdir()
    monkeypatch.chdir(small_project)
    for _ in range(2):
        result = CliRunner().invoke(cli, ["build", "--no-search", "--out", "out", "--clean"])
        assert result.exit_code == 0, result.output
        assert_site_matches_its_marker(small_project / "out")


def test_files_hubgen_did_not_write_survive_rebuilds(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_project)
    assert CliRunner().invoke(cli, ["build", "--no-search"]).exit_code == 0
    site = small_project / "site"
    (site / "CNAME").write_text("hubs.example.org\n", "utf-8")
    (site / ".well-known").mkdir()
    (site / ".well-known" / "security.txt").write_text("Contact: x\n", "utf-8")
    hub = next((small_project / "content" / "hubs").iterdir())
    hub.write_text(hub.read_text("utf-8") + "\n# edited\n", "utf-8")
    result = CliRunner().invoke(cli, ["build", "--no-search", "--clean"])
    assert result.exit_code == 0, result.output
    assert (site / "CNAME").read_text("utf-8") == "hubs.example.org\n"
    assert (site / ".well-known" / "security.txt").is_file()
    (site / "CNAME").unlink()
    shutil.rmtree(site / ".well-known")
    assert_site_matches_its_marker(site)  # and nothing else is left over
