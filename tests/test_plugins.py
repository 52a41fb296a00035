"""An installed plugin adds a download and a hub-page section, through an entry point.

The plugin (tests/fixtures/plugin) is a real package: pip installs it into a folder of
its own, and a build in a child process finds it through the ``hubgen`` entry-point group
(this process never sees it, so no other test's output changes).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, REPO

from generator import plugins

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plugin, installed with pip into a folder of its own."""
    target = tmp_path_factory.mktemp("plugins")
    source = tmp_path_factory.mktemp("source") / "plugin"
    shutil.copytree(FIXTURES / "plugin", source)
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    command += ["--no-build-isolation", "--no-index", "--target", str(target), str(source)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert list(target.glob("hubgen_plain_list-*.dist-info/entry_points.txt"))
    return target


def hubgen(project: Path, plugins_dir: Path | None, *args: str) -> subprocess.CompletedProcess[str]:
    path = [str(plugins_dir)] if plugins_dir else []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*path, str(REPO)])}
    command = [sys.executable, "-m", "generator", *args]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "example", tmp_path / "project")
    return tmp_path / "project"


def test_a_plugin_adds_a_download_and_a_section(project: Path, installed: Path) -> None:
    done = hubgen(project, installed, "build", "--no-search")
    assert done.returncode == 0, done.stderr
    folder = project / "site" / "hubs" / "alpha"
    listing = (folder / "citing-papers.txt").read_text("utf-8")
    assert listing.startswith("Papers citing Alpha Paper on Things\n")
    assert "Citer 01" in listing

    page = BeautifulSoup((folder / "index.html").read_text("utf-8"), "html.parser")
    links = {a.get_text(): a["href"] for a in page.select("#tools .downloads a[href]")}
    assert links["Plain list"] == "citing-papers.txt"
    section = page.find(id="newest")
    assert section is not None
    assert section.find("h2").get_text() == "NEWEST CITING PAPERS"  # the plugin's filter
    assert len(section.find_all("li")) == 3  # its template value: the three newest
    ids = [s["id"] for s in page.select("article > section, article > nav")]
    assert ids.index("claims") < ids.index("newest") < ids.index("cocited")  # order 65
    contents = [a["href"] for a in page.select("#tools ul:not(.downloads) a")]
    assert "#newest" in contents


def test_installing_a_plugin_rebuilds_what_it_changes(project: Path, installed: Path) -> None:
    done = hubgen(project, None, "build", "--no-search")
    assert done.returncode == 0, done.stderr
    assert not (project / "site" / "hubs" / "alpha" / "citing-papers.txt").exists()
    done = hubgen(project, installed, "build", "--no-search")
    assert done.returncode == 0, done.stderr
    assert "nothing changed" not in done.stderr  # its name and version are in every key
    assert (project / "site" / "hubs" / "alpha" / "citing-papers.txt").is_file()


def test_builtins_register_through_the_same_hooks() -> None:
    names = [o.name for o in plugins.hub_outputs()]
    assert names[0] == "index.html" and "feed.xml" in names
    sections = [s.name for s in plugins.hub_sections()]
    assert sections[:2] == ["abstract", "tools"] and sections[-1] == "explorer"
    assert {c.name for c in plugins.importers()} >= {"s2", "openalex"}
    assert "thousands" in plugins.jinja_filters()


class _Broken:
    """A plugin whose download fails: the message must blame it, not hubgen."""

    @staticmethod
    @plugins.hookimpl
    def hub_outputs() -> list[Any]:
        from generator.outputs import HubOutput

        def fail(ctx: Any, view: Any) -> str:
            raise KeyError("no such field")

        return [HubOutput("broken.txt", "Broken", "text/plain", fail)]


def test_an_error_in_a_plugin_names_the_plugin(project: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    broken = _Broken()
    plugins.manager().register(broken, name="broken-example")
    try:
        result = CliRunner().invoke(
            cli,
            [
                "build",
                "--no-search",
                "--content",
                str(project / "content"),
                "--out",
                str(project / "site"),
            ],
        )
    finally:
        plugins.manager().unregister(broken)
    assert result.exit_code == 1, result.output
    assert "error in a plugin (" in result.output and "test_plugins.py" in result.output
    assert "bug in hubgen" not in result.output
    assert not (project / "site").exists()  # nothing was written


def test_a_change_to_a_plugins_template_rebuilds_its_pages(
    project: Path, installed: Path, tmp_path: Path
) -> None:
    plugins_dir = tmp_path / "editable"
    shutil.copytree(installed, plugins_dir)  # an editable install: same version, new code
    assert hubgen(project, plugins_dir, "build", "--no-search").returncode == 0
    template = plugins_dir / "hubgen_plain_list" / "templates" / "sections" / "newest.html"
    template.write_text(template.read_text("utf-8").replace("<ol", "<ol data-new"), "utf-8")
    done = hubgen(project, plugins_dir, "build", "--no-search")
    assert done.returncode == 0, done.stderr
    page = (project / "site" / "hubs" / "alpha" / "index.html").read_text("utf-8")
    assert "data-new" in page


class _Escaping:
    """A plugin whose output would leave the hub's folder."""

    @staticmethod
    @plugins.hookimpl
    def hub_outputs() -> list[Any]:
        from generator.outputs import HubOutput

        return [HubOutput("../../../escape.txt", "Escape", "text/plain", lambda c, v: "x")]


def test_an_output_outside_the_site_is_refused(project: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    escaping = _Escaping()
    plugins.manager().register(escaping, name="escaping-example")
    try:
        out = ["--content", str(project / "content"), "--out", str(project / "site")]
        result = CliRunner().invoke(cli, ["build", "--no-search", *out])
    finally:
        plugins.manager().unregister(escaping)
    assert result.exit_code == 1, result.output
    assert "expected a plain path inside it" in result.output
    assert not (project.parent / "escape.txt").exists()
