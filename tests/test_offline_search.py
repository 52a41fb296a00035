"""A person searches the site: from disk (offline index) and over http (Pagefind).

The same built site is used both ways: opened as ``file://.../index.html``, where
browsers block Pagefind, and served under a sub-path, where Pagefind does the search.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import serve_directory, soup

from generator.search_offline import DOCS_DIR, INDEX_FILE

HUB = "tuned-lens"
"""The hub whose abstract the searches use (from the repository's content/)."""
WORD = re.compile(r"[A-Za-z]{6,}")


def abstract_words(page: Path) -> set[str]:
    """Return the long words of a hub page's abstract, lowercased."""
    section = soup(page).find(id="abstract")
    assert section is not None
    return {w.lower() for w in WORD.findall(section.get_text(" "))}


@pytest.fixture(scope="module")
def query(built_content: Path) -> str:
    """A word from the hub's abstract that no other hub's abstract uses."""
    pages = sorted(built_content.glob("hubs/*/index.html"))
    own = abstract_words(built_content / "hubs" / HUB / "index.html")
    others = set().union(*(abstract_words(p) for p in pages if p.parent.name != HUB))
    candidates = sorted(own - others, key=lambda w: (-len(w), w))
    assert candidates, "the hub's abstract has no word of its own"
    return candidates[0]


def hub_title(site: Path) -> str:
    """Return the title of the hub the searches look for."""
    h1 = soup(site / "hubs" / HUB / "index.html").find("h1")
    assert h1 is not None
    return h1.get_text(strip=True)


def search_and_follow(page: Any, query: str, site: Path) -> None:
    """Type ``query``, check the hub is among the results with a snippet, and open it."""
    page.fill("#search-input", query)
    link = page.locator(f'#search-results li a[href$="hubs/{HUB}/index.html"]')
    link.first.wait_for()
    item = BeautifulSoup(page.inner_html("#search-results"), "html.parser")
    found = [
        li for li in item.find_all("li") if li.a and li.a["href"].endswith(f"{HUB}/index.html")
    ]
    snippet = found[0].find(class_="snippet")
    assert snippet is not None and query in snippet.get_text().lower()
    assert found[0].a.get_text() == hub_title(site)
    link.first.click()
    page.wait_for_url(re.compile(rf"hubs/{HUB}/index\.html$"))
    assert page.locator("h1").inner_text() == hub_title(site)


def test_search_from_disk_uses_the_offline_index(
    built_content: Path, page: Any, query: str
) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((built_content / "index.html").as_uri())
    search_and_follow(page, query, built_content)
    assert any(url.endswith("/" + INDEX_FILE) for url in requests)
    assert not any("/pagefind/" in url for url in requests)


def test_search_over_http_under_a_sub_path_uses_pagefind(
    built_content: Path, page: Any, query: str
) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    with serve_directory(built_content, "user/repo") as base:
        page.goto(base + "index.html")
        search_and_follow(page, query, built_content)
        assert page.url == base + f"hubs/{HUB}/index.html"
    assert base + "pagefind/shards.json" in requests
    assert base + "pagefind/00/pagefind.js" in requests
    assert any(url.endswith(".pf_fragment") for url in requests)  # Pagefind loaded results
    assert not any("/search/" in url for url in requests)  # no fallback


def test_the_offline_index_shows_every_hub_once_in_index_order(built_content: Path) -> None:
    rows = []
    for n in range(len(list((built_content / DOCS_DIR).iterdir()))):
        text = (built_content / DOCS_DIR / f"{n}.js").read_text("utf-8")
        rows += json.loads(text[text.index(",") + 1 : text.rindex(")")])
    pages = built_content.glob("hubs/*/index.html")
    assert sorted(url for url, *_ in rows) == sorted(
        p.relative_to(built_content).as_posix() for p in pages
    )
    assert rows == sorted(rows, key=lambda row: (row[1].casefold(), row[0]))  # by title
