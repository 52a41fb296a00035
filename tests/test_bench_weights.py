"""benchmarks/weights.py: every output file lands in one kind, unknown ones in "other"."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import benchmark_module

weights = benchmark_module("weights")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("hubs/hub-00001/index.html", "hub pages"),
        ("hubs/hub-00001/hub.json", "hub.json"),
        ("hubs/hub-00001/feed.xml", "feeds"),
        ("feed.xml", "feeds"),
        ("index.xml", "feeds"),
        ("hubs/hub-00001/citations.csv", "csv"),
        ("hubs/hub-00001/citations.bib", "bib/ris/csl"),
        ("hubs/hub-00001/citations.ris", "bib/ris/csl"),
        ("hubs/hub-00001/citations.csl.json", "bib/ris/csl"),
        ("search-index.js", "offline search"),
        ("pagefind/03/fragment/en_1a2b.pf_fragment", "pagefind"),
        ("pagefind/shards.json", "pagefind"),
        ("index.html", "index page(s)"),
        ("index-12.html", "index page(s)"),
        ("hubs-table.js", "index page(s)"),
        ("search/index.js", "offline search"),
        ("search/terms/0042.js", "offline search"),
        ("static/search.js", "static"),
        ("robots.txt", "site files"),
        (".hubgen-build", "build manifest"),
        ("hubs/hub-00001/graph.svg", "other"),
        ("hubs/index.html", "other"),
    ],
)
def test_classify(path: str, kind: str) -> None:
    assert weights.classify(path) == kind


def test_weigh_counts_every_file_once(tmp_path: Path) -> None:
    files = {
        "index.html": 10,
        "hubs/a/index.html": 100,
        "hubs/b/index.html": 50,
        "hubs/a/hub.json": 7,
        "pagefind/00/x.pf_index": 3,
        "new-kind/data.bin": 1000,
    }
    for rel, size in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x" * size)
    tallies, largest = weights.weigh(tmp_path)
    assert (tallies["hub pages"].files, tallies["hub pages"].bytes) == (2, 150)
    assert (tallies["other"].files, tallies["other"].bytes) == (1, 1000)
    assert sum(t.files for t in tallies.values()) == len(files)
    assert sum(t.bytes for t in tallies.values()) == sum(files.values())
    assert largest == ("new-kind/data.bin", 1000)


def test_first_load_adds_scripts_and_stylesheets(tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static/a.css").write_bytes(b"c" * 30)
    (tmp_path / "static/b.js").write_bytes(b"j" * 20)
    (tmp_path / "late.js").write_bytes(b"l" * 999)
    html = (
        '<link rel="stylesheet" href="static/a.css"><link rel="alternate" href="late.js">'
        '<script src="/static/b.js?v=1" defer></script><script src="https://cdn.example/x.js">'
        "</script><p>late.js is loaded by a script, not at start</p>"
    )
    (tmp_path / "index.html").write_text(html, "utf-8")
    loaded = weights.first_load(tmp_path)
    assert loaded == [
        ("index.html", len(html)),
        ("static/a.css", 30),
        ("/static/b.js", 20),
    ]
