"""Shared fixtures: small example projects, a session-wide build, scratch projects."""

from __future__ import annotations

import functools
import http.server
import importlib.util
import shutil
import socketserver
import sys
import tempfile
import textwrap
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from bs4 import BeautifulSoup

from generator.build import BuildOptions, BuildResult, build
from generator.model import Citation, Hub
from generator.search import pagefind as search
from generator.urls import normalize_title

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


def benchmark_module(name: str) -> ModuleType:
    """Import ``benchmarks/<name>.py`` (a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / f"benchmarks/{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


ProjectMaker = Callable[[dict[str, str]], Path]


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden``: rewrite tests/golden/ from a fresh build (see test_golden.py)."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current build instead of comparing with it",
    )


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
    """The repository's own content/ built once, search index included; returns site/.

    Its search index comes in several shards (3 pages each, not 1,000), so every search
    test also checks that the shards are merged at query time.
    """
    root = tmp_path_factory.mktemp("content-build")
    shutil.copytree(REPO / "content", root / "content")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", 3)
        build(BuildOptions(root / "content", root / "site", search=True))
    return root / "site"


def soup(path: Path) -> BeautifulSoup:
    """Parse an HTML file."""
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


# --- Browser tests ---------------------------------------------------------------------------

BROWSER_FIXTURES = {"browser", "page"}
BROWSER_TIMEOUT = 180
"""Seconds a browser test may take (Playwright's own waits are 30 s each)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives Chromium ``browser``, and give it a shorter timeout, so
    ``pytest -m "not browser"`` skips them and a hung page fails fast."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(BROWSER_TIMEOUT))


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """Return the path of a system Chromium, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium driven by Playwright; skips when either is missing."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium installed (apt-get install chromium); .ci/run installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page; JavaScript errors on it fail the test."""
    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_directory(root: Path, prefix: str = "") -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 under ``/prefix/``; yield the base URL."""
    serve_root = root
    tmp: Path | None = None
    if prefix:
        tmp = Path(tempfile.mkdtemp())
        link = tmp / prefix.strip("/")
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(root.resolve(), target_is_directory=True)
        serve_root = tmp
    handler = functools.partial(_QuietHandler, directory=str(serve_root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    try:
        with running(server):
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            yield base + (prefix.strip("/") + "/" if prefix else "")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def running(server: socketserver.BaseServer) -> Iterator[None]:
    """Serve with ``server`` in a thread until the block ends, then close it.

    It checks for shutdown every 0.05 s: at the default 0.5 s, stopping the server was
    half a second of every test that used one.
    """
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


# --- Model objects for unit tests --------------------------------------------------------


def cite(
    title: str = "T",
    id: str = "",
    roles: tuple[str, ...] = (),
    polarity: str = "",
    year: int | None = None,
) -> Citation:
    return Citation(
        title, id, year, (), "", "", "", roles, polarity, False, (), normalize_title(title)
    )


def hub(id: str, title: str, citations: list[Citation]) -> Hub:
    return Hub(
        id,
        title.lower().replace(" ", "-"),
        title,
        (),
        None,
        "",
        "",
        "",
        "",
        "",
        (),
        (),
        (),
        tuple(citations),
        f"{id}.yaml",
        f"{id}.yaml",
        b"",
    )
