"""The Pagefind index comes in shards: merged at query time, and re-indexed only where
pages changed."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, serve_directory, soup

from generator.build import BuildOptions, build
from generator.search import pagefind as search

WORD = re.compile(r"[A-Za-z]{6,}")


def shard_folders(site: Path) -> list[str]:
    listing = json.loads((site / "pagefind" / "shards.json").read_text("utf-8"))
    return list(listing["shards"])


def title_words(site: Path) -> dict[str, str]:
    """Return, per hub slug, a long word of its title that no other hub's title has."""
    titles = {
        page.parent.name: {w.lower() for w in WORD.findall(soup(page).h1.get_text(" "))}
        for page in sorted(site.glob("hubs/*/index.html"))
    }
    counts = Counter(w for words in titles.values() for w in words)
    found = {}
    for slug, words in titles.items():
        own = sorted((w for w in words if counts[w] == 1), key=lambda w: (-len(w), w))
        if own:
            found[slug] = own[0]
    return found


def indexed_urls(shard: Path) -> set[str]:
    """Return the page URLs a Pagefind index folder holds (from its gzipped fragments)."""
    urls = set()
    for fragment in shard.glob("fragment/*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        urls.add(json.loads(data)["url"])
    return urls


def test_shards_hold_what_search_js_loads_and_not_pagefinds_own_interfaces(
    built_content: Path,
) -> None:
    for name in shard_folders(built_content):
        shard = built_content / "pagefind" / name
        kept = {p.name for p in shard.iterdir()}
        assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"} <= kept
        assert any(n.startswith("wasm.") for n in kept)
        assert not kept & set(search.UNUSED_FILES), name


def test_the_index_is_split_into_shards_that_hold_every_hub_once(built_content: Path) -> None:
    shards = shard_folders(built_content)
    assert len(shards) >= 3  # the fixture asks for 3 pages a shard
    held = Counter(
        url for name in shards for url in indexed_urls(built_content / "pagefind" / name)
    )
    pages = {"/" + p.relative_to(built_content).as_posix() for p in built_content.rglob("*.html")}
    hubs = {p for p in pages if p.startswith("/hubs/")}
    assert set(held) == hubs  # hub pages only: the others have no data-pagefind-body
    assert set(held.values()) == {1}


def test_search_over_http_finds_hubs_of_every_shard(built_content: Path, page: Any) -> None:
    words = title_words(built_content)
    assert len(words) >= 5
    with serve_directory(built_content, "user/repo") as base:
        page.goto(base + "index.html")
        for slug, word in words.items():
            page.fill("#search-input", word)
            link = f'#search-results a[href$="hubs/{slug}/index.html"]'
            page.locator(link).first.wait_for()
    homes = {
        name
        for name in shard_folders(built_content)
        for slug in words
        if f"/hubs/{slug}/index.html" in indexed_urls(built_content / "pagefind" / name)
    }
    assert len(homes) >= 2  # the hubs found really came from different shards


def test_shard_count_grows_by_doubling() -> None:
    pages = (0, 1, 600, 601, 1200, 1201, 2002, 10_002)  # n hubs make n + 2 pages
    sizes = [search.shard_count(n) for n in pages]
    assert sizes == [1, 1, 1, 2, 2, 4, 4, 32]


def test_pagefind_reads_a_small_document_of_each_hub_not_its_page(built_content: Path) -> None:
    """The online index holds what the offline one does: no context quotes, no chrome."""
    from generator.check import read_content
    from generator.derive import derive

    checked = read_content(REPO / "content")
    corpus = derive(checked.hubs, checked.config, checked.facts)
    view = next(v for v in corpus.hubs if v.hub.slug == "tuned-lens")
    page = BeautifulSoup(search.document(view, "en"), "html.parser")
    assert page.body is not None and page.body.has_attr("data-pagefind-body")
    assert page.find(attrs={"data-pagefind-meta": "title"}).get_text() == view.hub.title
    filters = [
        t["data-pagefind-filter"] for t in page.find_all(attrs={"data-pagefind-filter": True})
    ]
    assert f"label:{view.summary.label}" in filters
    text = page.get_text(" ")
    with_summary = next(c for c in view.hub.citations if c.summary)
    assert with_summary.title in text
    quotes = [q for c in view.hub.citations for q in c.contexts]
    assert quotes and not any(q in text for q in quotes)


@pytest.fixture
def sharded_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*")}


def test_an_edit_reindexes_only_the_shard_of_the_edited_page(sharded_project: Path) -> None:
    options = BuildOptions(sharded_project / "content", sharded_project / "site", search=True)
    first = build(options)
    site = options.out_dir
    assert len(first.indexed_shards) == len(shard_folders(site)) >= 3
    before = {name: inodes(site / "pagefind" / name) for name in shard_folders(site)}

    record = options.content_dir / "hubs" / "tuned-lens.yaml"
    text = record.read_text("utf-8")
    record.write_text(text.replace("  Looks at", "  Zanzibarian. Looks at", 1), "utf-8")
    second = build(options)

    count = search.shard_count(len(list(site.glob("hubs/*/index.html"))))
    home = f"{search._shard_index('hubs/tuned-lens/index.html', count):02d}"
    assert second.indexed_shards == [home]
    for name, files in before.items():
        if name != home:
            assert inodes(site / "pagefind" / name) == files, name  # kept, not rewritten

    third = build(BuildOptions(options.content_dir, site, search=True, clean=True))
    assert len(third.indexed_shards) == len(before)  # --clean indexes everything again


def test_co_citation_changes_on_other_hubs_do_not_reindex_their_shards(
    sharded_project: Path,
) -> None:
    options = BuildOptions(sharded_project / "content", sharded_project / "site", search=True)
    build(options)
    site, hubs = options.out_dir, options.content_dir / "hubs"
    count = search.shard_count(len(list(site.glob("hubs/*/index.html"))))

    def shard(slug: str) -> str:
        return f"{search._shard_index(f'hubs/{slug}/index.html', count):02d}"

    home = shard("tuned-lens")
    other = next(p for p in sorted(hubs.glob("*.yaml")) if shard(p.stem) != home)
    neighbour = yaml.safe_load(other.read_text("utf-8"))
    record = yaml.safe_load((hubs / "tuned-lens.yaml").read_text("utf-8"))
    have = {c.get("id") for c in record["citations"]}
    shared = next(c for c in neighbour["citations"] if c.get("id") and c["id"] not in have)
    record["citations"].append(shared)  # the neighbour's co-cited works change with it
    (hubs / "tuned-lens.yaml").write_text(yaml.safe_dump(record, sort_keys=False), "utf-8")

    result = build(options)
    assert f"hubs/{other.stem}/index.html" in result.written  # its page changed...
    assert result.indexed_shards == [home]  # ...but only the edited hub's shard is indexed


def test_a_shard_made_another_way_is_made_again(
    sharded_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site built before hubgen dropped Pagefind's interface files loses them too: what
    the index folder keeps is part of every shard's key."""
    options = BuildOptions(sharded_project / "content", sharded_project / "site", search=True)
    build(options)
    monkeypatch.setattr(search, "UNUSED_FILES", search.UNUSED_FILES[1:])  # keep pagefind-ui.js
    (sharded_project / ".hubgen-cache" / "state.pickle").unlink()  # as new code would
    again = build(options)
    site = options.out_dir
    assert len(again.indexed_shards) == len(shard_folders(site))
    assert all(
        (site / "pagefind" / name / "pagefind-ui.js").is_file() for name in shard_folders(site)
    )
