"""Reproducible output: same content, same bytes, whatever the machine; small line diffs.

Each build runs in its own interpreter (so the hash seed differs too) through a small
driver that shuffles what ``os.scandir``/``os.listdir`` return, which also shuffles
``os.walk``, ``Path.iterdir`` and ``Path.rglob``.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, REPO, build_project

DRIVER = """
import os, random, sys

rng = random.Random(int(os.environ["SHUFFLE_SEED"]))
real_scandir, real_listdir = os.scandir, os.listdir


class Shuffled:
    def __init__(self, entries):
        self.entries = iter(entries)
    def __iter__(self):
        return self
    def __next__(self):
        return next(self.entries)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return None
    def close(self):
        pass


def scandir(path="."):
    with real_scandir(path) as it:
        entries = list(it)
    rng.shuffle(entries)
    return Shuffled(entries)


def listdir(path="."):
    names = real_listdir(path)
    rng.shuffle(names)
    return names


os.scandir, os.listdir = scandir, listdir
from generator.cli import main
sys.argv = ["hubgen", *sys.argv[1:]]
main()
"""

MACHINES = [
    {
        "TZ": "UTC",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONHASHSEED": "1",
        "SHUFFLE_SEED": "1",
    },
    {
        "TZ": "Pacific/Kiritimati",
        "LANG": "tr_TR.UTF-8",
        "LC_ALL": "tr_TR.UTF-8",
        "PYTHONHASHSEED": "4242",
        "SHUFFLE_SEED": "7",
    },
]


def build_elsewhere(root: Path, machine: dict[str, str], *args: str) -> Path:
    """Copy the repository's content/ under ``root`` and build it there; return the site."""
    shutil.copytree(REPO / "content", root / "content")
    driver = root / "driver.py"
    driver.write_text(DRIVER, "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(machine)
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.run(
        [sys.executable, str(driver), "build", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return root / "site"


def tree(site: Path, skip_pagefind: bool = True) -> dict[str, bytes]:
    """Return ``{relative path: bytes}`` of every file of a site."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not (skip_pagefind and p.relative_to(site).parts[0] == "pagefind")
    }


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The repository's content built twice, on two 'machines', search and zip included."""
    first = build_elsewhere(tmp_path_factory.mktemp("one") / "a", MACHINES[0], "--zip")
    second = build_elsewhere(tmp_path_factory.mktemp("two") / "deeper" / "b", MACHINES[1], "--zip")
    return first, second


def test_every_file_outside_pagefind_is_byte_identical(two_builds: tuple[Path, Path]) -> None:
    first, second = (tree(site) for site in two_builds)
    assert len(first) > 10
    assert sorted(first) == sorted(second)
    different = [path for path in first if first[path] != second[path]]
    assert different == []
    assert (two_builds[0] / "pagefind" / "00" / "pagefind.js").is_file()  # search was built


def test_output_holds_no_absolute_path_or_build_time(two_builds: tuple[Path, Path]) -> None:
    site = two_builds[0]
    for path, data in tree(site).items():
        text = data.decode("utf-8", errors="replace")
        assert str(site.parent) not in text, path


def test_zips_have_the_same_entries_and_metadata(two_builds: tuple[Path, Path]) -> None:
    archives = [zipfile.ZipFile(site.parent / "site.zip") for site in two_builds]
    for archive in archives:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert all(name.startswith("site/") for name in names)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {(i.external_attr >> 16) & 0o7777 for i in infos} == {0o644, 0o755}
    # Pagefind's own file names and bytes vary between runs (see docs/publishing.md).
    stable = [
        {i.filename: i for i in a.infolist() if not i.filename.startswith("site/pagefind/")}
        for a in archives
    ]
    assert list(stable[0]) == list(stable[1])
    for name, info in stable[0].items():
        other = stable[1][name]
        assert (info.external_attr, info.compress_type) == (
            other.external_attr,
            other.compress_type,
        )
        assert archives[0].read(info) == archives[1].read(other), name


def test_zip_is_byte_identical_without_the_pagefind_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.archive import write_zip

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    zips = []
    for name in ("x", "y"):
        root = tmp_path / name
        shutil.copytree(FIXTURES / "example", root)
        build_project(root)
        zips.append(root / "site.zip")
        write_zip(root / "site", zips[-1])
    assert zips[0].read_bytes() == zips[1].read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_zip(tmp_path / "x" / "site", zips[0])
    stamps = {i.date_time for i in zipfile.ZipFile(zips[0]).infolist()}
    assert stamps == {(2023, 11, 14, 22, 13, 20)}


def test_zip_unzips_into_a_browsable_folder(two_builds: tuple[Path, Path], tmp_path: Path) -> None:
    with zipfile.ZipFile(two_builds[0].parent / "site.zip") as archive:
        archive.extractall(tmp_path)
    index = BeautifulSoup((tmp_path / "site" / "index.html").read_text("utf-8"), "html.parser")
    hub_link = index.select_one("#hub-table a")
    assert hub_link is not None
    assert (tmp_path / "site" / str(hub_link["href"])).is_file()
    assert (tmp_path / "site" / "search" / "index.js").is_file()


# --- Line-diff friendly HTML -----------------------------------------------------------

NEW_CITATION = """\
  - title: A Late Addition to the Citing Papers
    id: doi:10.1000/late
    year: 2025
    role: extension
    polarity: supporting
    summary: Extends the counting result.
"""


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """Return the (removed, added) lines of a line diff."""
    removed: list[str] = []
    added: list[str] = []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm=""):
        if line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
    return removed, added


def test_adding_a_citing_paper_changes_a_handful_of_lines(tmp_path: Path) -> None:
    pages = []
    for name, extra in (("before", ""), ("after", NEW_CITATION)):
        root = tmp_path / name
        shutil.copytree(FIXTURES / "example", root)
        record = root / "content" / "hubs" / "alpha.yaml"
        # Citations are shown in record order, so a paper appended to the record is
        # appended to the page and no other citation moves.
        record.write_text(record.read_text("utf-8") + extra, "utf-8")
        build_project(root)
        pages.append((root / "site" / "hubs" / "alpha" / "index.html").read_text("utf-8"))
    removed, added = changed_lines(*pages)
    # Only lines carrying derived numbers (counts, shares, year ranges) are rewritten ...
    assert all(re.search(r"\d", line) for line in removed), removed
    assert len(removed) <= 20, removed
    # ... no existing citation changes or moves ...
    old_items = BeautifulSoup(pages[0], "html.parser").select("#citation-list > li")
    new_items = BeautifulSoup(pages[1], "html.parser").select("#citation-list > li")
    assert [str(li) for li in new_items[:-1]] == [str(li) for li in old_items]
    assert "A Late Addition" in new_items[-1].get_text()
    # ... and the page grows by exactly the new citation's own lines.
    assert len(added) - len(removed) == str(new_items[-1]).count("\n") + 1
