"""Hub downloads: BibTeX, RIS, CSL-JSON, CSV and JSON, made in the reader's browser from the
hub page (static/exports.js), parse back to the record's fields; the Atom feed stays a file."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, build_project, serve_directory, soup

from generator import plugins
from generator.errors import HubgenError
from generator.outputs import HubDownload

DOWNLOADS = plugins.hub_downloads()
MADE = [d for d in DOWNLOADS if d.format]
"""What the browser makes: every download but the Atom feed."""

ALPHA = FIXTURES / "example" / "content" / "hubs" / "alpha.yaml"


@pytest.fixture(scope="module")
def alpha() -> dict[str, Any]:
    """The alpha record as written, read independently of hubgen."""
    data: dict[str, Any] = yaml.safe_load(ALPHA.read_text("utf-8"))
    return data


def papers_of(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The hub paper followed by its citing papers, as the exports list them."""
    return [record] + list(record["citations"])


# --- what a reader downloads ----------------------------------------------------------------


def download_all(browser: Any, url: str) -> dict[str, bytes]:
    """Open ``url`` in a fresh page, click every browser-made download and return
    ``{file name: bytes}``; a JavaScript error fails."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    got: dict[str, bytes] = {}
    try:
        page.goto(url)
        for d in MADE:
            link = page.get_by_role("link", name=d.label, exact=True)
            assert link.get_attribute("type") == d.media_type
            with page.expect_download() as info:
                link.click()
            assert info.value.suggested_filename == d.name
            got[d.name] = Path(info.value.path()).read_bytes()
    finally:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"
    return got


@pytest.fixture(scope="module")
def downloads(built_example: Path, browser: Any) -> dict[str, bytes]:
    """Every browser-made download of the alpha hub page, served over http."""
    with serve_directory(built_example) as base:
        return download_all(browser, base + "hubs/alpha/index.html")


def downloaded(downloads: dict[str, bytes], name: str) -> str:
    return downloads[name].decode("utf-8")


def hub_of(tmp_path: Path, record: dict[str, Any], browser: Any) -> dict[str, bytes]:
    """Build a one-hub project from ``record`` and download what its page makes."""
    (tmp_path / "content" / "hubs").mkdir(parents=True)
    (tmp_path / "content" / "hubs" / "x.yaml").write_text(yaml.safe_dump(record), "utf-8")
    build_project(tmp_path)
    with serve_directory(tmp_path / "site") as base:
        slug = next(p.name for p in (tmp_path / "site" / "hubs").iterdir())
        return download_all(browser, base + f"hubs/{slug}/index.html")


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


# --- the download list ----------------------------------------------------------------------


def test_hub_page_lists_every_download(built_example: Path) -> None:
    page = soup(built_example / "hubs/alpha/index.html")
    links = page.select("#tools .downloads a")
    assert [a.get_text() for a in links] == [d.label for d in DOWNLOADS]
    assert [d.name for d in DOWNLOADS] == [
        "citations.bib",
        "citations.ris",
        "citations.csl.json",
        "citations.csv",
        "hub.json",
        "feed.xml",
    ]
    for a, d in zip(links, DOWNLOADS, strict=True):
        if d.format:  # made by the browser: no file, no link until the script runs
            assert not a.has_attr("href")
            assert (a["data-format"], a["data-name"], a["data-type"]) == (
                d.format,
                d.name,
                d.media_type,
            )
            assert not (built_example / "hubs/alpha" / d.name).exists()
        else:
            assert a["href"] == d.name and a["type"] == d.media_type
            assert (built_example / "hubs/alpha" / a["href"]).is_file()


def test_without_javascript_the_list_says_so_and_the_feed_works(
    built_example: Path, browser: Any
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        with serve_directory(built_example) as base:
            page.goto(base + "hubs/alpha/index.html")
            note = page.locator("#tools .downloads-note")
            assert note.is_visible()
            assert "need JavaScript" in note.inner_text()
            for d in MADE:
                assert d.label in note.inner_text()
                assert page.get_by_role("link", name=d.label, exact=True).count() == 0
            feed = page.get_by_role("link", name="Atom feed", exact=True)
            response = page.request.get(base + "hubs/alpha/" + str(feed.get_attribute("href")))
            assert response.ok and b"<feed" in response.body()
    finally:
        context.close()


def test_with_javascript_the_note_is_not_shown(built_example: Path, page: Any) -> None:
    with serve_directory(built_example) as base:
        page.goto(base + "hubs/alpha/index.html")
        assert not page.locator("#tools .downloads-note").is_visible()
        for d in MADE:
            assert page.get_by_role("link", name=d.label, exact=True).is_visible()


# --- round trips ------------------------------------------------------------------------------


def test_bibtex_round_trip(downloads: dict[str, bytes], alpha: dict[str, Any]) -> None:
    entries = parse_bibtex(downloaded(downloads, "citations.bib"))
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
    assert entries[0]["ID"] == "alpha2019alpha"
    assert entries[0]["url"] == alpha["url"]
    # The citing paper that has a hub page keeps its own link, not the hub page's.
    beta = next(e for e in entries if e["title"] == "Beta Paper on Stuff")
    assert beta["url"] == "https://doi.org/10.1000/beta"


def test_ris_round_trip(downloads: dict[str, bytes], alpha: dict[str, Any]) -> None:
    records = parse_ris(downloaded(downloads, "citations.ris"))
    papers = papers_of(alpha)
    assert len(records) == len(papers)
    for record, paper in zip(records, papers, strict=True):
        assert record["TI"] == [" ".join(paper["title"].split())]
        assert record.get("AU", []) == [family_given(a) for a in paper.get("authors", [])]
        assert record.get("PY") == ([str(paper["year"])] if "year" in paper else None)
        assert record.get("ID") == ([paper["id"]] if "id" in paper else None)
        assert record["TY"] == ["JOUR" if paper.get("venue") else "GEN"]


def test_csl_json_round_trip(downloads: dict[str, bytes], alpha: dict[str, Any]) -> None:
    items = json.loads(downloaded(downloads, "citations.csl.json"))
    papers = papers_of(alpha)
    assert [i["title"] for i in items] == [p["title"] for p in papers]
    for item, paper in zip(items, papers, strict=True):
        names = [f"{a['given']} {a['family']}" for a in item.get("author", [])]
        assert names == paper.get("authors", [])
        year = item.get("issued", {}).get("date-parts", [[None]])[0][0]
        assert year == paper.get("year")
        assert item.get("container-title", "") == paper.get("venue", "")
        assert item.get("note", "") == paper.get("id", "")
    bib = parse_bibtex(downloaded(downloads, "citations.bib"))
    assert [i["id"] for i in items] == [e["ID"] for e in bib], "same keys in both formats"


def test_csv_rows_are_the_explorer_rows(
    built_example: Path, downloads: dict[str, bytes], alpha: dict[str, Any]
) -> None:
    rows = list(csv.DictReader(io.StringIO(downloaded(downloads, "citations.csv"), newline="")))
    items = soup(built_example / "hubs/alpha/index.html").select("#citation-list > li")
    assert len(rows) == len(items) == len(alpha["citations"])
    for row, li, paper in zip(rows, items, alpha["citations"], strict=True):
        assert li["id"] == f"cite-{row['number']}"
        assert row["title"] == paper["title"]
        assert row["id"] == paper.get("id", "")
        assert row["year"] == str(paper.get("year", ""))
        roles = paper["role"] if isinstance(paper["role"], list) else [paper["role"]]
        assert row["roles"].split("; ") == roles
        assert row["polarity"] == paper.get("polarity", "")
        assert (row["representative"] == "yes") == bool(paper.get("representative"))
        assert row["context"] == " | ".join(paper.get("context", []))
    # Summaries are plain text: Markdown and the HTML it makes are gone.
    assert rows[-1]["summary"] == "Critique with code and <b>raw html</b>."


def test_full_json_has_record_and_derived_summary(
    built_example: Path, downloads: dict[str, bytes], alpha: dict[str, Any]
) -> None:
    data = json.loads(downloaded(downloads, "hub.json"))
    page = soup(built_example / "hubs/alpha/index.html")
    record, derived = data["record"], data["derived"]
    for key in ("id", "slug", "title", "authors", "year", "venue", "url", "code"):
        assert record[key] == alpha[key], key
    assert [c["title"] for c in record["citations"]] == [c["title"] for c in alpha["citations"]]
    assert record["tools"] == alpha["tools"]
    assert [c["source"] for c in record["claims"]] == ["Section 3", ""]
    assert "<strong>things</strong>" in record["abstract_html"]
    assert record["cocited"] == [
        {
            "title": "A Curated Companion",
            "id": "",
            "url": "https://example.org/companion",
            "note_html": "Often read together.",
        }
    ]
    assert derived["label"] == page.select_one(".hub-kind .badge").get_text(strip=True)
    assert derived["label_key"] == "mixed"
    shown = {
        tr.th.get_text(strip=True): int(tr.select("td")[0].get_text())
        for tr in page.select("table.bars-role tbody tr")
    }
    assert {r["name"]: r["count"] for r in derived["roles"]} == shown
    assert derived["role_labels"] == sum(shown.values())
    assert sum(y["count"] for y in derived["years"]) == len(record["citations"])
    assert derived["cocited"][0] == {
        "title": "Beta Paper on Stuff",
        "id": "",
        "hub": "beta-paper-on-stuff",
        "shared": 3,
        "curated": False,
    }


def test_downloads_from_disk_are_the_same_bytes(
    built_example: Path, browser: Any, downloads: dict[str, bytes]
) -> None:
    """Opened from file:// (an unzipped copy), the page makes the same files."""
    from_disk = download_all(browser, (built_example / "hubs/alpha/index.html").as_uri())
    assert from_disk == downloads


def test_downloads_follow_the_record_not_the_explorers_sort(
    built_example: Path, page: Any, downloads: dict[str, bytes]
) -> None:
    with serve_directory(built_example) as base:
        page.goto(base + "hubs/alpha/index.html#filter:sort=title&role=method")
        with page.expect_download() as info:
            page.get_by_role("link", name="CSV (explorer table)", exact=True).click()
        assert Path(info.value.path()).read_bytes() == downloads["citations.csv"]


# --- escaping, on records made for it -------------------------------------------------------


def test_bibtex_escapes_latex_specials_and_keeps_urls_verbatim(
    tmp_path: Path, browser: Any
) -> None:
    special = r"50% of R&D_costs {x} $5 #1 ~^\ "
    record = {
        "id": "doi:10.1/x",
        "title": "X " + special.strip(),
        "url": "https://example.org/a_b%20c",
        "citations": [
            {"title": "Y_z", "url": "https://example.org/p_q"},
            {"title": special.strip(), "authors": ["Ångström, Anders"], "year": 2020},
        ],
    }
    bib = hub_of(tmp_path, record, browser)["citations.bib"].decode("utf-8")
    entries = parse_bibtex(bib)
    assert [e["title"] for e in entries] == [p["title"] for p in papers_of(record)]
    assert "url = {https://example.org/a_b%20c}" in bib
    assert "url = {https://example.org/p_q}" in bib
    assert "title = {Y\\_z}" in bib  # ordinary fields are still LaTeX-escaped
    # A name written 'Family, Given' stays one author; the key is plain ASCII.
    assert entries[2]["author"] == "Ångström, Anders"
    assert entries[2]["ID"] == "angstrom2020rdcosts"


def test_csv_cells_never_start_a_formula(tmp_path: Path, browser: Any) -> None:
    record = {
        "id": "doi:10.1/x",
        "title": "X",
        "citations": [
            {
                "title": '=HYPERLINK("https://evil.example")',
                "summary": "+1",
                "venue": "@SUM(A1)",
                "authors": ["-Minus, Ann", "Bo Bee"],
                "context": ["a, b", 'say "hi"\nthen'],
            }
        ],
    }
    text = hub_of(tmp_path, record, browser)["citations.csv"].decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    cells = [v for row in rows for v in row.values() if v]
    assert not any(cell[0] in "=+-@" for cell in cells), cells
    assert rows[0]["title"] == '\'=HYPERLINK("https://evil.example")'
    assert rows[0]["authors"] == "'-Minus, Ann; Bo Bee"
    assert rows[0]["context"] == 'a, b | say "hi"\nthen'
    # Quoted as Python's csv module quotes, with RFC 4180 line endings.
    expected = io.StringIO(newline="")
    writer = csv.writer(expected, lineterminator="\r\n")
    writer.writerow(rows[0].keys())
    writer.writerows(row.values() for row in rows)
    assert text == expected.getvalue()


# --- declaring downloads ----------------------------------------------------------------------


# A plugin's file download (a labelled hub output) is tested for real, installed, in
# test_plugins.py.


@pytest.fixture
def with_plugin() -> Iterator[Any]:
    """Register plugin objects in this process for one test (unregistered after it)."""

    def register(plugin: object) -> None:
        plugins.manager().register(plugin)
        registered.append(plugin)

    registered: list[object] = []
    yield register
    for plugin in registered:
        plugins.manager().unregister(plugin)


class BadDownloads:
    @plugins.hookimpl
    def hub_downloads(self) -> list[HubDownload]:
        return [HubDownload("x.docx", "Word", "application/msword", "docx")]


def test_a_download_names_a_format_the_browser_makes(with_plugin: Any) -> None:
    with_plugin(BadDownloads())
    with pytest.raises(HubgenError, match="expected a format of bib, ris, csl, csv, json"):
        plugins.hub_downloads()
