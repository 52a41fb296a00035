"""End-to-end build of the example project, checked with an HTML parser."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import soup

SECTIONS = [
    "abstract",
    "tools",
    "roles",
    "polarity",
    "years",
    "claims",
    "cocited",
    "representative",
    "explorer",
]


def hub_page(site: Path, slug: str) -> BeautifulSoup:
    return soup(site / "hubs" / slug / "index.html")


def test_site_has_index_hubs_and_404(built_example: Path) -> None:
    for rel in [
        "index.html",
        "404.html",
        "hubs/alpha/index.html",
        "hubs/beta-paper-on-stuff/index.html",
        "static/hubgen.css",
        "search/index.js",
        ".nojekyll",
        "robots.txt",
        "sitemap.xml",
    ]:
        assert (built_example / rel).is_file(), rel


def test_hub_page_sections_in_order(built_example: Path) -> None:
    page = hub_page(built_example, "alpha")
    article = page.find("article")
    ids = [el["id"] for el in article.find_all(["section", "nav"], recursive=False)]
    assert ids == SECTIONS
    header = article.find("header")
    assert header.find(class_="badge").get_text() == "Mixed citations"
    assert header.find("h1").get_text() == "Alpha Paper on Things"
    assert header.find(class_="summary-sentence").get_text() == (
        "Mixed citation behavior. Most common role is background (45%)."
    )
    links = {a.get_text(): a["href"] for a in header.find_all("a")}
    assert links == {"Paper": "https://example.org/alpha", "Code": "https://example.org/alpha-code"}


def test_role_and_polarity_numbers(built_example: Path) -> None:
    page = hub_page(built_example, "alpha")

    def rows(section: str) -> dict[str, tuple[str, str]]:
        table = page.find(id=section).find("table")
        return {
            tr.th.get_text(): (tr.find_all("td")[0].get_text(), tr.find_all("td")[1].get_text())
            for tr in table.tbody.find_all("tr")
        }

    roles = rows("roles")
    assert roles["background"] == ("9", "45%")
    assert roles["method"] == ("5", "25%")
    assert roles["comparison"] == ("3", "15%")
    assert roles["extension"] == ("2", "10%")
    assert roles["critique"] == ("1", "5%")
    assert rows("polarity") == {
        "supporting": ("8", "44%"),
        "neutral": ("7", "39%"),
        "contrasting": ("3", "17%"),
    }


def test_tools_link_every_section_and_extra_tools(built_example: Path) -> None:
    nav = hub_page(built_example, "alpha").find(id="tools")
    hrefs = [a["href"] for a in nav.find_all("a", href=True)]
    assert hrefs[:7] == [
        "#roles",
        "#polarity",
        "#years",
        "#claims",
        "#cocited",
        "#representative",
        "#explorer",
    ]
    assert "https://example.org/data" in hrefs


def test_claims_cocited_and_representative(built_example: Path) -> None:
    page = hub_page(built_example, "alpha")
    claims = page.find(id="claims").find_all("li")
    assert len(claims) == 2
    assert "Section 3" in claims[0].get_text()
    cocited = page.find(id="cocited").find_all("li")
    titles = [li.find(string=True, recursive=True).strip() or li.get_text() for li in cocited]
    first = cocited[0]
    assert first.a.get_text() == "Beta Paper on Stuff"
    assert first.a["href"] == "../beta-paper-on-stuff/index.html"
    assert "3 shared citing papers" in first.get_text()
    assert any("curated" in li.get_text() for li in cocited), titles
    rep = page.find(id="representative").find_all("li")
    assert [li.a.get_text() for li in rep] == ["Citer 01", "Citer 15"]


def test_explorer_lists_every_citation_with_data(built_example: Path) -> None:
    page = hub_page(built_example, "alpha")
    items = page.find(id="citation-list").find_all("li", recursive=False)
    assert len(items) == 20
    first = items[0]
    assert first["id"] == "cite-1"
    ids = json.loads(page.find(id="citation-ids").string)  # one list, for the downloads
    assert ids[0] == "doi:10.1000/c01" and ids[19] == "" and len(ids) == 20
    assert first.cite.get_text() == "Citer 01"
    assert first.find("time", recursive=False).get_text() == "2020"
    tags = [(b.get("class"), b.get_text()) for b in first.find_all("b", recursive=False)]
    assert tags == [(None, "background"), (["supporting"], "supporting")]
    assert first.find("strong").get_text() == "representative"
    cross = items[18]
    assert cross.find("a")["href"] == "../beta-paper-on-stuff/index.html"
    assert page.find(id="explorer-controls") is None  # made by static/explorer.js


def test_record_text_is_escaped(built_example: Path) -> None:
    page = hub_page(built_example, "alpha")
    # JSON-LD may hold the title as data (with "<" escaped), never as a runnable script.
    runnable = page.find_all("script", type=lambda t: t != "application/ld+json")
    assert not [s for s in runnable if "alert" in s.get_text()]
    assert not [
        b for b in page.find_all("b") if "raw" in b.get_text()
    ]  # Markdown's HTML stays text
    text = page.find(id="citation-list").get_text()
    assert "<script>alert(1)</script>" in text
    assert "<b>raw html</b>" in text


def test_markdown_body_renders_as_notes(built_example: Path) -> None:
    page = hub_page(built_example, "beta-paper-on-stuff")
    notes = page.find(class_="notes")
    assert notes.find("strong").get_text() == "notes"
    assert len(notes.find_all("li")) == 2


def test_few_and_empty_hubs_still_build(built_example: Path) -> None:
    gamma = hub_page(built_example, "gamma-a-paper-with-few-citations")
    assert gamma.find(class_="badge").get_text() == "Few citations"
    assert (
        gamma.find(class_="summary-sentence")
        .get_text()
        .startswith("Too few citations to characterise.")
    )
    empty = hub_page(built_example, "delta-with-no-citations")
    assert empty.find(class_="summary-sentence").get_text() == "No citing papers recorded yet."
    assert empty.find(id="explorer").find(class_="empty") is not None


def test_index_lists_every_hub(built_example: Path) -> None:
    page = soup(built_example / "index.html")
    rows = page.find(id="hub-table").tbody.find_all("tr")
    assert [r.a.get_text() for r in rows] == [
        "Alpha Paper on Things",
        "Beta Paper on Stuff",
        "Delta With No Citations",
        "Gamma, a Paper With Few Citations",
    ]
    assert rows[0].find_all("td")[3].get_text() == "20"
    assert page.find("input", attrs={"type": "search"}) is not None


def test_title_matching_cocites_papers_without_ids(built_example: Path) -> None:
    beta = hub_page(built_example, "beta-paper-on-stuff")
    first = beta.find(id="cocited").find("li")
    # Citer 01, Citer 02 by id and "Citer 20 <script>..." by title (case folded).
    assert "3 shared citing papers" in first.get_text()
