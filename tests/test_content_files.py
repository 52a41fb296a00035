"""Only regular files under content/ are read: links, pipes, devices and odd names are refused.

Each refusal is one line naming the path, what was expected and what was found, comes in
seconds, and reads nothing from the refused entry. Special files are made in tmp_path by
the tests (git cannot hold them). Commands that could hang or eat memory on a regression
run in a subprocess with a timeout and a memory cap.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import FIXTURES

from generator.cli import cli
from generator.load import find_record_files, load_record

RECORD = textwrap.dedent(
    """\
    id: arxiv:2303.08112
    title: Outside record
    citations:
      - {title: A citer, year: 2024, summary: It cites.}
    """
)
LINK = (
    "expected a regular file or folder, found a symbolic link "
    "(hubgen follows no links under content/: replace the link with what it points to)"
)


def make_project(tmp_path: Path) -> Path:
    """A copy of the example project, built once, in tmp_path/project."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "example", project)
    return project


def run(project: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(project)
    return CliRunner().invoke(cli, args)


def refused(project: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> list[str]:
    """Run hubgen, check it failed with exit code 1 and no internal error; return its lines."""
    result = run(project, args, monkeypatch)
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    return result.output.splitlines()


def run_guarded(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run hubgen in a child process that may take 60 s and 1 GiB at most."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
        check=False,
    )


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_link_to_a_record_outside_content_is_refused_and_not_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    outside = tmp_path / "outside.yaml"
    outside.write_text(RECORD, "utf-8")
    assert run(project, ["build", "--no-search"], monkeypatch).exit_code == 0
    before = snapshot(project / "site")
    (project / "content/hubs/outside.yaml").symlink_to(outside)

    for args in (["check"], ["build", "--no-search"]):
        lines = refused(project, monkeypatch, args)
        assert f"content/hubs/outside.yaml: {LINK}" in lines, lines
    assert snapshot(project / "site") == before
    assert not (project / "site/hubs/outside-record").exists()


def test_a_link_to_a_text_file_is_not_quoted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=hunter2-do-not-print\nmore\n", "utf-8")
    (project / "content/hubs/notes.md").symlink_to(secret)
    lines = refused(project, monkeypatch, ["check"])
    assert f"content/hubs/notes.md: {LINK}" in lines, lines
    assert not [line for line in lines if "hunter2" in line]


def test_a_link_inside_content_to_a_record_inside_content_is_refused_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    (project / "content/hubs/alias.yaml").symlink_to("alpha.yaml")
    lines = refused(project, monkeypatch, ["check"])
    assert f"content/hubs/alias.yaml: {LINK}" in lines, lines


def test_a_link_to_dev_zero_is_refused_in_seconds(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "content/hubs/zero.yaml").symlink_to("/dev/zero")
    result = run_guarded(project, "check")
    assert result.returncode == 1, result.stderr
    assert f"content/hubs/zero.yaml: {LINK}" in result.stderr.splitlines()[0], result.stderr


def test_a_named_pipe_is_refused_in_seconds(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    os.mkfifo(project / "content/hubs/x.yaml")
    for args in (("check",), ("build", "--no-search")):
        result = run_guarded(project, *args)
        assert result.returncode == 1, result.stderr
        expected = "content/hubs/x.yaml: expected a regular file, found a named pipe (FIFO)"
        assert expected in result.stderr.splitlines(), result.stderr


def test_a_link_loop_is_refused_without_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    hubs = project / "content/hubs"
    (hubs / "a.yaml").symlink_to("b.yaml")
    (hubs / "b.yaml").symlink_to("a.yaml")
    lines = refused(project, monkeypatch, ["check"])
    assert f"content/hubs/a.yaml: {LINK}" in lines and f"content/hubs/b.yaml: {LINK}" in lines


def test_a_linked_subfolder_is_reported_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    elsewhere = tmp_path / "more-hubs"
    elsewhere.mkdir()
    (elsewhere / "outside.yaml").write_text(RECORD, "utf-8")
    (project / "content/hubs/more").symlink_to(elsewhere, target_is_directory=True)
    lines = refused(project, monkeypatch, ["check"])
    assert f"content/hubs/more: {LINK}" in lines, lines


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_subfolder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    private = project / "content/hubs/private"
    private.mkdir()
    private.chmod(0)
    try:
        lines = refused(project, monkeypatch, ["check"])
    finally:
        private.chmod(0o755)
    expected = "content/hubs/private: expected a readable folder, found: Permission denied"
    assert expected in lines, lines


@pytest.mark.parametrize("kind", ["link", "pipe", "link-to-zero"])
def test_site_yaml_must_be_a_regular_file(tmp_path: Path, kind: str) -> None:
    project = make_project(tmp_path)
    settings = project / "content/site.yaml"
    text = settings.read_text("utf-8")
    settings.unlink()
    if kind == "link":
        (tmp_path / "real.yaml").write_text(text, "utf-8")
        settings.symlink_to(tmp_path / "real.yaml")
        expected = f"content/site.yaml: {LINK}"
    elif kind == "pipe":
        os.mkfifo(settings)
        expected = "content/site.yaml: expected a regular file, found a named pipe (FIFO)"
    else:
        settings.symlink_to("/dev/zero")
        expected = f"content/site.yaml: {LINK}"
    for args in (("check",), ("build", "--no-search")):
        result = run_guarded(project, *args)
        assert result.returncode == 1, result.stderr
        assert expected in result.stderr.splitlines(), result.stderr


def test_a_file_swapped_for_a_link_after_the_walk_is_not_followed(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    content = project / "content"
    secret = tmp_path / "secret.yaml"
    secret.write_text(RECORD, "utf-8")
    found = find_record_files(content)
    alpha = content / "hubs/alpha.yaml"
    assert alpha in found
    alpha.unlink()
    alpha.symlink_to(secret)  # swapped between the walk and the read

    loaded = load_record(alpha, content)
    assert not hasattr(loaded, "data"), loaded
    assert LINK in loaded.format()


def test_a_folder_swapped_for_a_link_after_the_walk_is_not_followed(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    content = project / "content"
    sub = content / "hubs/sub"
    sub.mkdir()
    (sub / "inner.yaml").write_text(RECORD, "utf-8")
    found = find_record_files(content)
    assert sub / "inner.yaml" in found
    elsewhere = tmp_path / "elsewhere"
    sub.rename(elsewhere)
    sub.symlink_to(elsewhere, target_is_directory=True)

    loaded = load_record(sub / "inner.yaml", content)
    assert not hasattr(loaded, "data"), loaded
    assert "found a symbolic link at hubs/sub" in loaded.format()


def test_a_file_name_that_is_not_utf8_gets_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    hubs = os.fsencode(project / "content/hubs")
    os.rename(hubs + b"/alpha.yaml", hubs + b"/al\xffpha.yaml")
    for args in (["check"], ["build", "--no-search"]):
        lines = refused(project, monkeypatch, args)
        expected = (
            "content/hubs/al\\xffpha.yaml: expected a file name in UTF-8, found the byte 0xff "
            "(rename the file)"
        )
        assert expected in lines, lines


@pytest.mark.parametrize("kind", ["missing", "file", "link"])
def test_content_hubs_must_be_a_folder(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    assert run(project, ["build", "--no-search"], monkeypatch).exit_code == 0
    before = snapshot(project / "site")
    hubs = project / "content/hubs"
    if kind == "missing":
        hubs.rename(project / "content/hubs-renamed")
        found = "nothing"
    elif kind == "file":
        shutil.rmtree(hubs)
        hubs.write_text("not a folder\n", "utf-8")
        found = "a regular file"
    else:
        hubs.rename(project / "hubs-elsewhere")
        hubs.symlink_to(project / "hubs-elsewhere", target_is_directory=True)
        found = "a symbolic link"
    for args in (["check"], ["build", "--no-search"], ["build", "--no-search", "--clean"]):
        lines = refused(project, monkeypatch, args)
        assert lines[0].startswith(
            f"content/hubs: expected a folder of hub records, found {found}"
        ), lines
        assert snapshot(project / "site") == before


def test_an_empty_hubs_folder_is_a_new_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / "content/hubs").mkdir(parents=True)
    result = run(project, ["check"], monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Checked 0 hubs: no problems."
    result = run(project, ["build", "--no-search"], monkeypatch)
    assert result.exit_code == 0, result.output
