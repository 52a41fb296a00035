"""The index comes in pages of a few hundred hubs, browsable without JavaScript; sorting
sorts every hub, loading the full table only when asked."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, build_project, serve_directory, soup

from generator import indexpages

ROWS = 3


@pytest.fixture
def paged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository's content (9 hubs) built with 3 hubs an index page."""
    monkeypatch.setattr(indexpages, "PAGE_ROWS", ROWS)
    shutil.copytree(REPO / "content", tmp_path / "content")
    build_project(tmp_path)
    return tmp_path / "site"


def titles(page: Path) -> list[str]:
    return [a.get_text() for a in soup(page).select("#hub-table tbody td:first-child a")]


def test_every_hub_is_on_exactly_one_page_in_title_order(paged: Path) -> None:
    pages = [paged / indexpages.page_path(n) for n in (1, 2, 3)]
    assert all(p.is_file() for p in pages) and not (paged / "index-4.html").exists()
    seen = [t for p in pages for t in titles(p)]
    assert len(seen) == 9 and len(set(seen)) == 9
    assert seen == sorted(seen, key=str.casefold)


def test_pages_link_to_each_other_without_javascript(paged: Path) -> None:
    for n in (1, 2, 3):
        page = soup(paged / indexpages.page_path(n))
        nav = page.find(id="pager")
        assert nav is not None
        for a in nav.find_all("a"):
            assert (paged / a["href"]).is_file(), a["href"]
        current = nav.find("a", attrs={"aria-current": "page"})
        assert current is not None and current.get_text() == str(n)
        assert (nav.find("a", rel="prev") is None) == (n == 1)
        assert (nav.find("a", rel="next") is None) == (n == 3)


def test_the_first_page_weighs_the_same_whatever_the_number_of_hubs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexpages, "PAGE_ROWS", 5)
    sizes = []
    for hubs in (12, 60):
        root = tmp_path / str(hubs)
        for i in range(hubs):
            record = root / "content" / "hubs" / f"h{i:03d}.yaml"
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(f"id: doi:10.1/{i}\ntitle: Hub {i:03d}\nyear: 2020\n", "utf-8")
        build_project(root)
        sizes.append(len((root / "site" / "index.html").read_bytes()))
    assert abs(sizes[1] - sizes[0]) < 200  # only the counts and the page list differ


def test_one_page_sites_have_no_pager_and_no_table_load(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    build_project(tmp_path)
    page = soup(tmp_path / "site" / "index.html")
    assert page.find(id="pager") is None
    assert len(titles(tmp_path / "site" / "index.html")) == 9


def test_the_table_script_holds_every_row_as_data(paged: Path) -> None:
    text = (paged / indexpages.TABLE_FILE).read_text("utf-8")
    assert text.startswith("window.HUBGEN_TABLE([\n") and text.endswith("]);\n")
    assert text.count('"hubs/') == 9 and "<" not in text.replace("<\\/", "")


@pytest.mark.parametrize("how", ["http", "file"])
def test_sorting_sorts_every_hub_not_just_the_page(paged: Path, page: Any, how: str) -> None:
    if how == "http":
        with serve_directory(paged) as base:
            check_sorting(page, base + "index.html")
    else:
        check_sorting(page, (paged / "index.html").as_uri())


def check_sorting(page: Any, url: str) -> None:
    page.goto(url)
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url))
    page.click("#hub-table th[data-sort='year'] button")
    page.wait_for_function("document.querySelectorAll('#hub-table tbody tr').length === 3")
    page.wait_for_function("window.HUBGEN_TABLE_ROWS !== undefined")
    assert any(u.endswith("hubs-table.js") for u in loaded)
    years = page.eval_on_selector_all(
        "#hub-table tbody tr td:nth-child(2)", "cells => cells.map(c => c.textContent)"
    )
    every = page.evaluate("window.HUBGEN_TABLE_ROWS.map(r => r[2])")
    assert years == [str(y) for y in sorted(every)[:3]]  # the oldest of all hubs
    assert page.is_hidden("#pager")
    page.click("#show-more")
    page.wait_for_function("document.querySelectorAll('#hub-table tbody tr').length === 6")
    link = page.eval_on_selector("#hub-table tbody a", "a => a.getAttribute('href')")
    assert link.startswith("hubs/") and link.endswith("/index.html")


def test_one_page_sorting_loads_nothing(tmp_path: Path, page: Any) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    build_project(tmp_path)
    page.goto((tmp_path / "site" / "index.html").as_uri())
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url))
    page.click("#hub-table th[data-sort='total'] button")
    page.click("#hub-table th[data-sort='total'] button")  # descending
    totals = page.eval_on_selector_all(
        "#hub-table tbody td.num", "cells => cells.map(c => Number(c.textContent))"
    )
    assert totals == sorted(totals, reverse=True)
    page.click("#hub-table th[data-sort='label'] button")  # the rows' cells are the keys
    labels = page.eval_on_selector_all(
        "#hub-table tbody .badge", "cells => cells.map(c => c.textContent)"
    )
    assert labels == sorted(labels, key=str.casefold) and len(set(labels)) > 1
    page.click("#hub-table th[data-sort='title'] button")
    page.click("#hub-table th[data-sort='title'] button")  # descending
    titles = page.eval_on_selector_all(
        "#hub-table tbody td:first-child a", "links => links.map(a => a.textContent)"
    )
    assert titles == sorted(titles, key=str.casefold, reverse=True)
    assert not [u for u in loaded if u.endswith("hubs-table.js")]
