"""Scholarly metadata on hub pages: Highwire citation_* tags, schema.org JSON-LD, Open Graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURES, build_project

HUBS = FIXTURES / "example" / "content" / "hubs"


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def meta(doc: BeautifulSoup, name: str) -> list[str]:
    return [str(m["content"]) for m in doc.find_all("meta", attrs={"name": name})]


def prop(doc: BeautifulSoup, name: str) -> str:
    tag = doc.find("meta", attrs={"property": name})
    return str(tag["content"]) if tag else ""


def json_ld(doc: BeautifulSoup) -> dict[str, Any]:
    scripts = doc.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data: dict[str, Any] = json.loads(scripts[0].string)
    return data


def test_highwire_tags_describe_the_hub_paper(built_example: Path) -> None:
    record = yaml.safe_load((HUBS / "alpha.yaml").read_text("utf-8"))
    doc = page(built_example / "hubs/alpha/index.html")
    assert meta(doc, "citation_title") == [record["title"]]
    assert meta(doc, "citation_author") == record["authors"]
    assert meta(doc, "citation_publication_date") == [str(record["year"])]
    assert meta(doc, "citation_doi") == [record["id"].removeprefix("doi:")]
    assert meta(doc, "citation_journal_title") == [record["venue"]]
    assert meta(doc, "citation_arxiv_id") == []


def test_arxiv_ids_become_citation_arxiv_id(scratch_project: Any) -> None:
    root = scratch_project(
        {"content/hubs/t.yaml": "id: arxiv:2303.08112\ntitle: Tuned\nauthors: [A B]\n"}
    )
    build_project(root)
    doc = page(root / "site/hubs/tuned/index.html")
    assert meta(doc, "citation_arxiv_id") == ["2303.08112"]
    assert meta(doc, "citation_doi") == []
    assert meta(doc, "citation_publication_date") == []


def test_json_ld_is_a_collection_page_about_the_paper(built_example: Path) -> None:
    record = yaml.safe_load((HUBS / "alpha.yaml").read_text("utf-8"))
    data = json_ld(page(built_example / "hubs/alpha/index.html"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "CollectionPage"
    assert data["url"] == "https://example.org/hubs/hubs/alpha/"
    paper = data["mainEntity"]
    assert paper["@type"] == "ScholarlyArticle"
    assert paper["name"] == record["title"]
    assert [a["name"] for a in paper["author"]] == record["authors"]
    assert paper["datePublished"] == str(record["year"])
    assert paper["identifier"] == record["id"]
    assert paper["isPartOf"] == {"@type": "Periodical", "name": record["venue"]}
    # The citing papers are counted, not listed again: the page lists them.
    listing = data["hasPart"]
    assert listing == {
        "@type": "ItemList",
        "name": "Citing papers",
        "numberOfItems": len(record["citations"]),
    }


def test_json_ld_cannot_close_its_script_element(scratch_project: Any) -> None:
    title = "Citer </script><script>alert(1)</script> <!-- & more"
    root = scratch_project({"content/hubs/t.yaml": f"id: doi:10.1/t\ntitle: '{title}'\n"})
    build_project(root)
    path = next((root / "site/hubs").glob("*/index.html"))
    raw = path.read_text("utf-8")
    start = raw.index('<script type="application/ld+json">')
    body = raw[start : raw.index("</script>", start)]
    assert "<" not in body.split(">", 1)[1], "a '<' in a title must be escaped inside JSON-LD"
    assert json_ld(page(path))["mainEntity"]["name"] == title


def test_open_graph_tags(built_example: Path) -> None:
    doc = page(built_example / "hubs/alpha/index.html")
    assert prop(doc, "og:title") == "Alpha Paper on Things"
    assert prop(doc, "og:type") == "article"
    assert prop(doc, "og:url") == "https://example.org/hubs/hubs/alpha/"
    assert prop(doc, "og:site_name") == "Example hubs"
    assert prop(doc, "og:description")
    index = page(built_example / "index.html")
    assert prop(index, "og:type") == "website"
    assert prop(index, "og:url") == "https://example.org/hubs/"
