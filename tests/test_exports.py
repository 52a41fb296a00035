"""Per-hub downloads: BibTeX, RIS, CSL-JSON, CSV and JSON parse back to the record's fields."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURES, build_project

from generator import plugins
from generator.exports import bib_escape

DOWNLOADS = [o for o in plugins.hub_outputs() if o.label]

ALPHA = FIXTURES / "example" / "content" / "hubs" / "alpha.yaml"


@pytest.fixture(scope="module")
def alpha() -> dict[str, Any]:
    """The alpha record as written, read independently of hubgen."""
    data: dict[str, Any] = yaml.safe_load(ALPHA.read_text("utf-8"))
    return data


def papers_of(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The hub paper followed by its citing papers, as the exports list them."""
    return [record] + list(record["citations"])


# --- tiny parsers, written from the formats' descriptions -----------------------------------

_UNESCAPE = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\{": "{",
    r"\}": "}",
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
}
_UNESCAPE_RE = re.compile("|".join(re.escape(k) for k in _UNESCAPE))


def parse_bibtex(text: str) -> list[dict[str, str]]:
    """Parse entries of the form @type{key, name = {value}, ...} with nested braces."""
    entries = []
    pos = 0
    while (at := text.find("@", pos)) >= 0:
        open_brace = text.index("{", at)
        comma = text.index(",", open_brace)
        entry = {"ENTRYTYPE": text[at + 1 : open_brace], "ID": text[open_brace + 1 : comma]}
        pos = comma + 1
        while True:
            match = re.compile(r"\s*(\w+)\s*=\s*\{").match(text, pos)
            if not match:
                break
            depth, i = 1, match.end()
            while depth:
                if text[i] == "\\":
                    i += 2
                    continue
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            raw = text[match.end() : i - 1]
            entry[match.group(1)] = _UNESCAPE_RE.sub(lambda m: _UNESCAPE[m.group(0)], raw)
            pos = i
            if text[pos] == ",":
                pos += 1
        entries.append(entry)
        pos = text.index("}", pos) + 1
    return entries


def parse_ris(text: str) -> list[dict[str, list[str]]]:
    """Parse 'TAG  - value' lines into records ended by ER."""
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - ?(.*)", line)
        assert match, f"not a RIS line: {line!r}"
        tag, value = match.groups()
        if tag == "ER":
            records.append(current)
            current = {}
        else:
            current.setdefault(tag, []).append(value)
    assert not current, "last record has no ER"
    return records


def family_given(name: str) -> str:
    """'Ada Alpha' → 'Alpha, Ada' (how the exports invert names)."""
    *given, family = name.split()
    return f"{family}, {' '.join(given)}" if given else family


# --- round trips ------------------------------------------------------------------------------


def test_hub_page_links_every_download(built_example: Path) -> None:
    page = BeautifulSoup(
        (built_example / "hubs/alpha/index.html").read_text("utf-8"), "html.parser"
    )
    links = page.select("#tools .downloads a")
    assert [a["href"] for a in links] == [d.name for d in DOWNLOADS]
    for a in links:
        assert (built_example / "hubs/alpha" / a["href"]).is_file()


def test_bibtex_round_trip(built_example: Path, alpha: dict[str, Any]) -> None:
    entries = parse_bibtex((built_example / "hubs/alpha/citations.bib").read_text("utf-8"))
    papers = papers_of(alpha)
    assert [e["title"] for e in entries] == [p["title"] for p in papers]
    assert len({e["ID"] for e in entries}) == len(entries), "citation keys must be unique"
    for entry, paper in zip(entries, papers, strict=True):
        assert entry.get("year") == (str(paper["year"]) if "year" in paper else None)
        authors = " and ".join(family_given(a) for a in paper.get("authors", []))
        assert entry.get("author", "") == authors
        assert entry.get("journal", "") == paper.get("venue", "")
        pid = paper.get("id", "")
        if pid.startswith("doi:"):
            assert entry["doi"] == pid.removeprefix("doi:")
    assert entries[0]["ENTRYTYPE"] == "article"  # alpha has a venue
    assert entries[0]["url"] == alpha["url"]


def test_bibtex_escapes_latex_specials() -> None:
    text = r"50% of R&D_costs {x} $5 #1 ~^\ "
    entry = parse_bibtex("@misc{k,\n  title = {" + bib_escape(text) + "}\n}\n")[0]
    assert entry["title"] == text


def test_ris_round_trip(built_example: Path, alpha: dict[str, Any]) -> None:
    records = parse_ris((built_example / "hubs/alpha/citations.ris").read_text("utf-8"))
    papers = papers_of(alpha)
    assert len(records) == len(papers)
    for record, paper in zip(records, papers, strict=True):
        assert record["TI"] == [" ".join(paper["title"].split())]
        assert record.get("AU", []) == [family_given(a) for a in paper.get("authors", [])]
        assert record.get("PY") == ([str(paper["year"])] if "year" in paper else None)
        assert record.get("ID") == ([paper["id"]] if "id" in paper else None)
        assert record["TY"] == ["JOUR" if paper.get("venue") else "GEN"]


def test_csl_json_round_trip(built_example: Path, alpha: dict[str, Any]) -> None:
    items = json.loads((built_example / "hubs/alpha/citations.csl.json").read_text("utf-8"))
    papers = papers_of(alpha)
    assert [i["title"] for i in items] == [p["title"] for p in papers]
    for item, paper in zip(items, papers, strict=True):
        names = [f"{a['given']} {a['family']}" for a in item.get("author", [])]
        assert names == paper.get("authors", [])
        year = item.get("issued", {}).get("date-parts", [[None]])[0][0]
        assert year == paper.get("year")
        assert item.get("container-title", "") == paper.get("venue", "")
        assert item.get("note", "") == paper.get("id", "")
    bib = parse_bibtex((built_example / "hubs/alpha/citations.bib").read_text("utf-8"))
    assert [i["id"] for i in items] == [e["ID"] for e in bib], "same keys in both formats"


def test_csv_rows_are_the_explorer_rows(built_example: Path) -> None:
    rows = list(
        csv.DictReader(io.StringIO((built_example / "hubs/alpha/citations.csv").read_text("utf-8")))
    )
    page = BeautifulSoup(
        (built_example / "hubs/alpha/index.html").read_text("utf-8"), "html.parser"
    )
    items = page.select("#citation-list > li")
    assert len(rows) == len(items)
    for row, li in zip(rows, items, strict=True):
        assert li["id"] == f"cite-{row['number']}"
        assert row["title"] == li["data-title"]
        assert row["year"] == li["data-year"]
        assert row["roles"].split("; ") == li["data-roles"].split(" ")
        assert row["polarity"] == li["data-polarity"]
        assert (row["representative"] == "yes") == (li["data-representative"] == "true")


def test_full_json_has_record_and_derived_summary(built_example: Path) -> None:
    data = json.loads((built_example / "hubs/alpha/hub.json").read_text("utf-8"))
    page = BeautifulSoup(
        (built_example / "hubs/alpha/index.html").read_text("utf-8"), "html.parser"
    )
    assert data["record"]["title"] == page.h1.get_text(strip=True)
    assert data["derived"]["label"] == page.select_one(".hub-kind .badge").get_text(strip=True)
    shown = {
        tr.th.get_text(strip=True): int(tr.select("td.num")[0].get_text())
        for tr in page.select("table.bars-role tbody tr")
    }
    assert {r["name"]: r["count"] for r in data["derived"]["roles"]} == shown
    assert sum(y["count"] for y in data["derived"]["years"]) == len(data["record"]["citations"])


def test_exports_are_deterministic(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(FIXTURES / "example", tmp_path / "p")
    build_project(tmp_path / "p", tmp_path / "one")
    build_project(tmp_path / "p", tmp_path / "two")
    for d in DOWNLOADS:
        one = (tmp_path / "one/hubs/alpha" / d.name).read_bytes()
        assert one == (tmp_path / "two/hubs/alpha" / d.name).read_bytes(), d.name


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    record = {
        "id": "doi:10.1/x",
        "title": "X",
        "citations": [
            {"title": '=HYPERLINK("https://evil.example")', "summary": "+1", "venue": "@SUM(A1)"}
        ],
    }
    (tmp_path / "content" / "hubs").mkdir(parents=True)
    (tmp_path / "content" / "hubs" / "x.yaml").write_text(yaml.safe_dump(record), "utf-8")
    build_project(tmp_path)
    text = (tmp_path / "site/hubs/x/citations.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    cells = [v for row in rows for v in row.values() if v]
    assert not any(cell[0] in "=+-@" for cell in cells), cells
    assert '\'=HYPERLINK("https://evil.example")' in cells


def test_bibtex_keeps_urls_verbatim(tmp_path: Path) -> None:
    record = {
        "id": "doi:10.1/x",
        "title": "X",
        "url": "https://example.org/a_b%20c",
        "citations": [{"title": "Y_z", "url": "https://example.org/p_q"}],
    }
    (tmp_path / "content" / "hubs").mkdir(parents=True)
    (tmp_path / "content" / "hubs" / "x.yaml").write_text(yaml.safe_dump(record), "utf-8")
    build_project(tmp_path)
    bib = (tmp_path / "site/hubs/x/citations.bib").read_text("utf-8")
    assert "url = {https://example.org/a_b%20c}" in bib
    assert "url = {https://example.org/p_q}" in bib
    assert "title = {Y\\_z}" in bib  # ordinary fields are still LaTeX-escaped
