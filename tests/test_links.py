"""Every internal link and asset of the built site resolves: from disk and under a sub-path.

From disk (file://) the rules are strict: no root-absolute paths, every link names a file
(directory links end in ``index.html``), and every ``#fragment`` exists on its page.
Over http the same site is served under ``/some/sub-path/`` and crawled from the index.
"""

from __future__ import annotations

import posixpath
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import serve_directory
from hypothesis import assume, given
from hypothesis import strategies as st

from generator.urls import relative_url

LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "form": "action",
}
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
SCRIPT_FILES = ("search/index.js", "pagefind/shards.json")
"""Files static/search.js loads relative to the search box's data-root."""


def links(page: BeautifulSoup) -> Iterator[str]:
    """Yield every link and asset reference of a page, as written."""
    for tag, attribute in LINK_ATTRIBUTES.items():
        for element in page.find_all(tag):
            value = element.get(attribute)
            if isinstance(value, str):
                yield value
    for box in page.select("[data-root]"):
        for name in SCRIPT_FILES:
            yield str(box["data-root"]) + name


def ids(page: BeautifulSoup) -> set[str]:
    """Return every fragment target of a page (ids and named anchors)."""
    found = {str(e["id"]) for e in page.find_all(id=True)}
    return found | {str(a["name"]) for a in page.find_all("a", attrs={"name": True})}


def parse(path: Path) -> BeautifulSoup:
    """Parse one built HTML file."""
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def file_problems(site: Path, page_path: str, base_url: str) -> list[str]:
    """Return the broken internal links of one page under file:// rules."""
    page = parse(site / page_path)
    here = posixpath.dirname(page_path)
    base = page.find("base")
    if base is not None:
        # 404.html sets <base href=base_url> so it works at any depth on a server; its
        # links then resolve against the site root.
        assert base.get("href") == base_url, f"{page_path}: unexpected <base>"
        here = ""
    problems = []
    for raw in links(page):
        if EXTERNAL.match(raw):
            continue
        where = f"{page_path}: {raw!r}"
        if raw.startswith("/"):
            problems.append(f"{where} is root-absolute")
            continue
        target, fragment = urldefrag(raw)
        target_path = posixpath.normpath(posixpath.join(here, target)) if target else page_path
        if target_path.startswith("../"):
            problems.append(f"{where} leaves the site")
            continue
        file = site / target_path
        if file.is_dir():
            problems.append(f"{where} names a folder (file:// shows a listing, not index.html)")
        elif not file.is_file():
            problems.append(f"{where} does not exist")
        elif fragment and target_path.endswith(".html") and fragment not in ids(parse(file)):
            problems.append(f"{where}: no id {fragment!r} on {target_path}")
    return problems


def html_pages(site: Path) -> list[str]:
    """Return every HTML page of a site (Pagefind's own UI files excluded)."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.relative_to(site).parts[0] != "pagefind"
    )


@pytest.mark.slow  # parses every page of the sharded content build
def test_every_internal_link_resolves_from_disk(built_content: Path) -> None:
    base_url = "https://example.github.io/hubgen/"  # content/site.yaml
    pages = html_pages(built_content)
    assert "index.html" in pages and "404.html" in pages
    assert sum(p.startswith("hubs/") for p in pages) >= 5
    problems = [p for page in pages for p in file_problems(built_content, page, base_url)]
    assert problems == []


def test_not_found_page_resolves_its_links_from_the_site_root(built_content: Path) -> None:
    page = parse(built_content / "404.html")
    base = page.find("base")
    assert base is not None and base.get("href") == "https://example.github.io/hubgen/"
    # A <base> only applies to URLs after it: the stylesheet must not be fetched first.
    before = base.find_all_previous(lambda tag: tag.has_attr("href") or tag.has_attr("src"))
    assert before == []


def test_stylesheet_references_resolve(built_content: Path) -> None:
    for css in built_content.glob("static/*.css"):
        for ref in CSS_URL.findall(css.read_text("utf-8")):
            if EXTERNAL.match(ref) or ref.startswith("#"):
                continue
            assert not ref.startswith("/"), f"{css.name}: root-absolute {ref}"
            assert (css.parent / ref.split("#")[0]).is_file(), f"{css.name}: {ref}"


def fetch(url: str) -> tuple[int, bytes, str]:
    """GET ``url``; return (status, body, content type)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        return exc.code, b"", ""


def crawl(start: str) -> tuple[set[str], list[str]]:
    """Follow every internal link from ``start``; return (pages seen, broken links)."""
    prefix = start.rsplit("/", 1)[0] + "/"
    seen: set[str] = set()
    broken: list[str] = []
    queue = [start]
    checked: set[str] = set()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body, kind = fetch(url)
        if status != 200:
            broken.append(f"{url}: HTTP {status}")
            continue
        if kind != "text/html":
            continue
        page = BeautifulSoup(body.decode("utf-8"), "html.parser")
        for raw in links(page):
            target = urldefrag(urljoin(url, raw))[0]
            if urlsplit(target).netloc != urlsplit(start).netloc:
                continue  # external
            if not target.startswith(prefix):
                broken.append(f"{url}: {raw!r} leaves the sub-path")
            elif target.endswith(".html"):
                queue.append(target)
            elif target not in checked:
                checked.add(target)
                status, _, _ = fetch(target)
                if status != 200:
                    broken.append(f"{url}: {raw!r} → HTTP {status}")
    return seen, broken


@pytest.mark.parametrize("prefix", ["", "user/repo/"])
def test_crawl_over_http_finds_no_broken_link(built_content: Path, prefix: str) -> None:
    with serve_directory(built_content, prefix) as base:
        seen, broken = crawl(base + "index.html")
    assert broken == []
    hub_pages = {url for url in seen if "/hubs/" in url}
    on_disk = [p for p in html_pages(built_content) if p.startswith("hubs/")]
    assert len(hub_pages) == len(on_disk)  # every hub page is reachable from the index


_SEGMENT = st.sampled_from(["hubs", "a", "b", "index.html", ".", "..", "", "static", "x.css"])


@given(st.lists(_SEGMENT, min_size=1, max_size=4), st.lists(_SEGMENT, min_size=1, max_size=4))
def test_relative_urls_are_what_posixpath_computes(source: list[str], target: list[str]) -> None:
    from_path, to_path = "/".join(source), "/".join(target)
    assume(to_path)  # a link always has a target
    expected = posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
    assert relative_url(from_path, to_path) == expected
