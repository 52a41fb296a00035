"""Shared fixtures: small example projects, a session-wide build, scratch projects."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import BuildOptions, BuildResult, build

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent

ProjectMaker = Callable[[dict[str, str]], Path]


@pytest.fixture
def scratch_project(tmp_path: Path) -> ProjectMaker:
    """Return a function writing ``{relative path: text}`` into a fresh project folder."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "project"
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), "utf-8")
        (root / "content" / "hubs").mkdir(parents=True, exist_ok=True)
        return root

    return make


def build_project(
    root: Path, out: Path | None = None, search: bool = False, **options: object
) -> BuildResult:
    """Build the project at ``root`` into ``out`` (default root/site)."""
    out = out or root / "site"
    return build(BuildOptions(root / "content", out, search=search, **options))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def example_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of tests/fixtures/example, the small demo project."""
    root = tmp_path_factory.mktemp("example") / "project"
    shutil.copytree(FIXTURES / "example", root)
    return root


@pytest.fixture(scope="session")
def built_example(example_project: Path) -> Path:
    """The example project built once (without the Pagefind index); returns site/."""
    build_project(example_project)
    return example_project / "site"


@pytest.fixture(scope="session")
def built_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content/ built once, search index included; returns site/."""
    root = tmp_path_factory.mktemp("content-build")
    shutil.copytree(REPO / "content", root / "content")
    build(BuildOptions(root / "content", root / "site", search=True))
    return root / "site"


def soup(path: Path) -> BeautifulSoup:
    """Parse an HTML file."""
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")
