"""An editor saving a record while a build reads it never poisons the build cache.

Editors save in place: truncate, then write. A build that hashes a file and parses it
from two separate reads can store what it parsed (an empty file, half a record) under
the hash of the whole file, and every later build would believe it. Here the save is
made to happen exactly between those two moments, every time.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, build_project, soup

from generator import check as build_module
from generator.errors import ContentError

RECORD = Path("content") / "hubs" / "alpha.yaml"
pytestmark = pytest.mark.timeout(120)  # a save stuck between two reads must not hang CI


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "example", root)
    return root


def save_during_load(monkeypatch: pytest.MonkeyPatch, path: Path, during: str) -> None:
    """Make the next load stage see ``during`` in ``path``; its bytes come back after."""
    real: Callable[..., Any] = build_module.load_outcomes
    whole = path.read_bytes()

    def racing(*args: Any, **kwargs: Any) -> Any:
        path.write_text(during, "utf-8")  # the editor truncated (and began to write)
        try:
            return real(*args, **kwargs)
        finally:
            path.write_bytes(whole)  # ...and finished saving

    monkeypatch.setattr(build_module, "load_outcomes", racing)


def citing_papers(site: Path) -> int:
    return len(soup(site / "hubs" / "alpha" / "index.html").select("#citation-list > li"))


@pytest.mark.parametrize("during", ["", "half"])
def test_a_save_during_the_build_is_read_again_by_the_next_one(
    project: Path, monkeypatch: pytest.MonkeyPatch, during: str
) -> None:
    path = project / RECORD
    text = path.read_text("utf-8")
    if during == "half":  # a valid record, cut after its third citing paper
        during = text[: text.index("  - {title: Citer 04")]
    with monkeypatch.context() as patch:
        save_during_load(patch, path, during)
        with contextlib.suppress(ContentError):  # an empty record fails this build: fine
            build_project(project)
    result = build_project(project)  # the file is whole again
    assert citing_papers(project / "site") == 20, result
    build_project(project, clean=True)
    assert citing_papers(project / "site") == 20
