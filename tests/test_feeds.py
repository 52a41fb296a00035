"""Atom feeds: one per hub and one for the site, citing papers in record order, stable ids."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax import saxutils

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURES, build_project, cite, hub
from hypothesis import given
from hypothesis import strategies as st

from generator import feeds
from generator.config import SiteConfig
from generator.derive import derive

ATOM = "{http://www.w3.org/2005/Atom}"
HUBS = FIXTURES / "example" / "content" / "hubs"


def feed(path: Path) -> ET.Element:
    """Parse an Atom file and return its root, checking it is a feed."""
    root = ET.parse(path).getroot()
    assert root.tag == ATOM + "feed"
    return root


def texts(root: ET.Element, path: str) -> list[str]:
    return [el.text or "" for el in root.findall(path)]


def newest_in_record_order(citations: list[dict[str, object]], limit: int) -> list[str]:
    """Titles of the ``limit`` newest citing papers (year, then record order; none last),
    in record order: what a capped hub feed lists."""
    years = [c.get("year") for c in citations]
    ranked = sorted(range(len(years)), key=lambda i: (years[i] is None, -(years[i] or 0), i))
    return [str(citations[i]["title"]) for i in sorted(ranked[:limit])]


def test_hub_feed_lists_its_newest_citing_papers_in_record_order(built_example: Path) -> None:
    record = yaml.safe_load((HUBS / "alpha.yaml").read_text("utf-8"))
    root = feed(built_example / "hubs/alpha/feed.xml")
    titles = texts(root, f"{ATOM}entry/{ATOM}title")
    assert titles == newest_in_record_order(record["citations"], feeds.HUB_FEED_LIMIT)
    ids = texts(root, f"{ATOM}entry/{ATOM}id")
    assert all(i.startswith("tag:example.org,") for i in ids)
    assert len(set(ids)) == len(ids)
    for name in ("id", "title", "updated"):
        assert root.find(ATOM + name) is not None, name
    # updated comes from the data: the latest citing year, not the build time.
    latest = max(c["year"] for c in record["citations"] if "year" in c)
    assert root.findtext(ATOM + "updated") == f"{latest}-01-01T00:00:00Z"
    # A hub feed's entries say roles and polarity in their summary, not as categories.
    first = root.find(ATOM + "entry")
    assert first is not None and first.findall(ATOM + "category") == []
    paper = next(c for c in record["citations"] if c["title"] == titles[0])
    summary = first.findtext(ATOM + "summary")
    assert summary == f"Role: {paper['role']}. Polarity: {paper['polarity']}. {paper['summary']}"


def test_site_feed_entries_name_their_hub_and_carry_categories(built_example: Path) -> None:
    root = feed(built_example / "feed.xml")
    for entry in root.findall(ATOM + "entry"):
        assert (entry.findtext(ATOM + "summary") or "").startswith("Cites ")
        related = entry.find(f"{ATOM}link[@rel='related']")
        assert related is not None and "/hubs/" in (related.get("href") or "")
    terms = {c.get("term") for c in root.iter(ATOM + "category")}
    assert {"background", "supporting"} <= terms


def test_site_feed_holds_the_newest_citing_papers(built_example: Path) -> None:
    root = feed(built_example / "feed.xml")
    years = []
    for path in HUBS.iterdir():
        text = path.read_text("utf-8")
        if path.suffix == ".md":
            text = text.split("---")[1]
        years += [c.get("year") or 0 for c in yaml.safe_load(text).get("citations") or []]
    entries = root.findall(ATOM + "entry")
    assert len(entries) == min(len(years), feeds.SITE_FEED_LIMIT)
    stamps = [e.findtext(ATOM + "updated") for e in entries]
    assert stamps == sorted(stamps, reverse=True)  # newest first
    assert stamps[0] == f"{max(years)}-01-01T00:00:00Z"
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == "https://example.org/hubs/feed.xml"


def test_pages_advertise_their_feeds(built_example: Path) -> None:
    page = BeautifulSoup(
        (built_example / "hubs/alpha/index.html").read_text("utf-8"), "html.parser"
    )
    hrefs = [
        link["href"] for link in page.find_all("link", rel="alternate", type="application/atom+xml")
    ]
    assert hrefs == ["../../feed.xml", "feed.xml"]
    for href in hrefs:
        assert (built_example / "hubs/alpha" / href).resolve().is_file()


def test_feeds_do_not_depend_on_build_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURES / "example", tmp_path / "p")
    build_project(tmp_path / "p", tmp_path / "one", clean=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build_project(tmp_path / "p", tmp_path / "two", clean=True)
    for rel in ("feed.xml", "hubs/alpha/feed.xml"):
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes()


def test_feed_without_base_url_uses_relative_links(scratch_project: object) -> None:
    make = scratch_project
    root = make(  # type: ignore[operator]
        {
            "content/hubs/x.yaml": """
            id: arxiv:2303.08112
            title: X & <Y>
            citations:
              - {title: "A <b>bold</b> citer", year: 2024, role: method}
            """
        }
    )
    build_project(root)
    doc = feed(root / "site/hubs/x-y/feed.xml")
    assert doc.findtext(f"{ATOM}entry/{ATOM}title") == "A <b>bold</b> citer"
    assert doc.findtext(ATOM + "title") == "Papers citing X & <Y>"
    assert doc.find(f"{ATOM}link[@rel='self']") is None
    alternate = doc.find(f"{ATOM}link[@rel='alternate']")
    assert alternate is not None and alternate.get("href") == "index.html"
    assert (doc.findtext(f"{ATOM}entry/{ATOM}id") or "").startswith("tag:hubgen.invalid,")


@given(st.text(alphabet=st.sampled_from(list("ab&<>\"'\n\r\t é\u2028")), max_size=20))
def test_escaping_matches_the_standard_library(text: str) -> None:
    assert feeds.escape(text) == saxutils.escape(text)
    assert feeds.quoteattr(text) == saxutils.quoteattr(text)


@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.integers(1950, 1960), st.integers(2000, 2003))),
        min_size=1,
        max_size=6,
    ),
    st.integers(0, 12),
)
def test_newest_papers_are_the_first_by_year_then_index_then_record_order(
    years: list[list[int | None]], limit: int
) -> None:
    hubs = [
        hub(f"doi:10.1/{h}", f"Hub {h}", [cite(f"Paper {h}-{i}", year=y) for i, y in enumerate(ys)])
        for h, ys in enumerate(years)
    ]
    corpus = derive(hubs, SiteConfig())
    every = [
        (-(c.year or 0), h, i, c)
        for h, view in enumerate(corpus.hubs)
        for i, c in enumerate(view.hub.citations)
    ]
    expected = [row[3] for row in sorted(every, key=lambda row: row[:3])[:limit]]
    assert [c for _view, c in feeds._newest(corpus, limit)] == expected


def test_a_hub_feed_holds_its_newest_citing_papers_up_to_the_cap(scratch_project: object) -> None:
    make = scratch_project
    years = [None if i % 11 == 0 else 1990 + (i * 7) % 30 for i in range(120)]
    rows = "".join(
        f"  - {{title: Paper {i}{'' if y is None else f', year: {y}'}}}\n"
        for i, y in enumerate(years)
    )
    root = make({"content/hubs/big.yaml": f"id: doi:10.1/big\ntitle: Big\ncitations:\n{rows}"})  # type: ignore[operator]
    build_project(root)
    doc = feed(root / "site/hubs/big/feed.xml")
    assert feeds.HUB_FEED_LIMIT == 10
    newest = sorted(range(120), key=lambda i: (years[i] is None, -(years[i] or 0), i))[:10]
    # The newest 10 by year, then record order; listed in record order.
    assert texts(doc, f"{ATOM}entry/{ATOM}title") == [f"Paper {i}" for i in sorted(newest)]
    assert doc.findtext(ATOM + "subtitle") == (
        "The 10 newest of 120 citing papers; the hub page lists them all."
    )
    assert doc.findtext(ATOM + "updated") == f"{max(y for y in years if y)}-01-01T00:00:00Z"


def test_a_hub_feed_under_the_cap_has_every_paper_and_no_subtitle(built_example: Path) -> None:
    doc = feed(built_example / "hubs/gamma-a-paper-with-few-citations/feed.xml")
    assert texts(doc, f"{ATOM}entry/{ATOM}title") == ["Citer 01", "Gamma Follow-up"]
    assert doc.find(ATOM + "subtitle") is None
