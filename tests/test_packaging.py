"""The wheel carries the default theme, and a build from the installed wheel uses it.

``pip install -e .`` never exercises packaging: an editable install reads the theme from
the checkout's templates/ folder. Here the wheel is built as a package index would get
it, installed into a fresh venv (its dependencies from wheels of this environment, no
network, no system site-packages), and run outside the checkout.
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, build_project
from wheels import copy_working_tree, offline_pip, run, wheelhouse

WHERE = (
    "import generator, generator.render as r; print(generator.__file__); print(r.default_theme())"
)


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git lists the files to package")
def test_the_wheel_carries_the_theme_and_a_build_from_it_uses_it(tmp_path: Path) -> None:
    src, dist, venv = tmp_path / "src", tmp_path / "dist", tmp_path / "venv"
    copy_working_tree(src)  # a copy: building a wheel writes build/ and *.egg-info
    env = offline_pip(tmp_path / "wheels", tmp_path / "pip-cache")
    pip_wheel = ["pip", "wheel", "--no-deps", "--no-build-isolation", "-w", dist, src]
    run([sys.executable, "-m", *pip_wheel], tmp_path, env)
    [wheel] = dist.glob("hubgen-*.whl")

    theme = [p.relative_to(src / "templates").as_posix() for p in (src / "templates").rglob("*")]
    theme = [rel for rel in theme if (src / "templates" / rel).is_file()]
    assert "base.html" in theme and "static/hubgen.css" in theme
    with zipfile.ZipFile(wheel) as archive:
        packed = set(archive.namelist())
    missing = [rel for rel in theme if f"generator/templates/{rel}" not in packed]
    assert not missing, f"theme files not in the wheel: {missing}"

    wheelhouse(tmp_path / "wheels")
    run([sys.executable, "-m", "venv", venv], tmp_path, env)
    run([venv / "bin/python", "-m", "pip", "install", wheel], tmp_path, env)
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "example", project)
    run([venv / "bin/hubgen", "build", "--no-search"], project, env)

    package, templates = run([venv / "bin/python", "-c", WHERE], project, env).split()
    site_packages = next((venv / "lib").glob("python*/site-packages"))
    assert Path(package).is_relative_to(site_packages), package
    assert Path(templates) == site_packages / "generator" / "templates"
    assert not Path(templates).is_relative_to(REPO)

    # The same site, byte for byte, as this checkout builds from its own templates/.
    here = tmp_path / "here"
    shutil.copytree(FIXTURES / "example", here)
    build_project(here)
    assert site_files(project / "site") == site_files(here / "site")
