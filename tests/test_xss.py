"""A record full of script injections builds a site where none of it runs.

Every field of two hubs, the Markdown notes and the site settings carry ``<script>``,
``onerror=``, ``"><svg onload=`` and ``javascript:`` attempts. The built site is checked
twice: an HTML parser walks every element and attribute of every page, and a real browser
opens every page, searches and filters, and must never see a dialog.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from conftest import build_project, serve_directory

from generator.errors import ContentError

TAG = "<script>alert('tag')</script>"
IMG = "<img src=x onerror=alert('img')>"
BREAK_OUT = "\"><svg onload=alert('attr')>"
SINGLE = "'><svg/onload=alert('single')>"
CLOSE = "</script><script>alert('close')</script>"
JS = "javascript:alert('js')"
PAYLOAD = " ".join([TAG, IMG, BREAK_OUT, SINGLE, CLOSE, JS])
MARKDOWN = "\n".join(
    [
        PAYLOAD,
        "",
        "[a](javascript:alert('md')) [b](JAVASCRIPT:alert(1)) [c]( javascript:alert(1))",
        "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [e](vbscript:x)",
        "![i](javascript:alert('img')) ![j](x\" onerror=\"alert(1)) <javascript:alert(1)>",
        "[f](&#106;avascript:alert(1)) [g](java%0ascript:alert(1)) [ref][r]",
        '<a href="javascript:alert(1)">raw</a> <div onclick=alert(1)>raw</div>',
        "",
        "[r]: javascript:alert('ref')",
    ]
)
INLINE = "*x* [a](javascript:alert('in')) ![i](data:image/svg+xml,<svg onload=alert(1)>) " + PAYLOAD
URL = "https://example.org/\"><script>alert('url')</script>?a=' onmouseover='alert(1)"
MAIL = "mailto:\"><svg onload=alert('mail')>@example.org"
ROLE = "<b onmouseover=alert('role')>method"
POLARITY = "\"><svg onload=alert('polarity')>"

SETTINGS = {
    "title": "Hubs " + PAYLOAD,
    "description": PAYLOAD,
    # Vocabulary names are limited to a-z, 0-9, '-' and '_' (see the test at the end).
    "roles": ["background", "method"],
}


def citation(n: int, **extra: Any) -> dict[str, Any]:
    return {
        "title": f"Citing {n} {PAYLOAD}",
        "id": f"arxiv:'><img/src=x/onerror=alert({n})>",
        "year": 2020 + n,
        "authors": [PAYLOAD, "Ada <b>Bold</b>"],
        "venue": PAYLOAD,
        "url": URL,
        "summary": INLINE,
        "role": ["background", "method"],
        "polarity": "neutral",
        "representative": True,
        "context": [PAYLOAD, INLINE],
        **extra,
    }


ATTACK = {
    "id": "doi:\"><svg/onload=alert('id')>",
    "slug": "xss",
    "title": "Attack " + PAYLOAD,
    "authors": [PAYLOAD],
    "year": 2019,
    "venue": PAYLOAD,
    "url": URL,
    "code": MAIL,
    "abstract": MARKDOWN,
    "claims": [{"text": MARKDOWN, "source": PAYLOAD}, {"text": INLINE}],
    "cocited": [
        {"title": PAYLOAD, "id": "doi:'><script>alert(9)</script>", "url": URL, "note": INLINE},
    ],
    "tools": [{"label": PAYLOAD, "url": URL}, {"label": JS, "url": MAIL}],
    "citations": [citation(1), citation(2, id="doi:<script>alert('hub')</script>"), citation(3)],
}
SECOND = {
    "id": "doi:<script>alert('hub')</script>",
    "title": "Second " + TAG,  # no slug: the title is slugified
    "citations": [citation(4, id=ATTACK["id"]), citation(5)],
}

# Handlers the theme itself writes; anything else starting with "on" came from a record.
THEME_HANDLERS = {("form", "onsubmit", "return false")}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "poster", "srcset", "data", "cite",
    "background", "xlink:href", "ping", "manifest", "icon", "longdesc", "codebase",
}  # fmt: skip
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
SCRIPT_FOLDERS = ("static", "pagefind")


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The attack project, built with its search index; returns site/."""
    root = tmp_path_factory.mktemp("xss") / "project"
    hubs = root / "content" / "hubs"
    hubs.mkdir(parents=True)
    (root / "content" / "site.yaml").write_text(yaml.safe_dump(SETTINGS), "utf-8")
    (hubs / "attack.md").write_text(
        "---\n" + yaml.safe_dump(ATTACK, sort_keys=False) + "---\n" + MARKDOWN + "\n", "utf-8"
    )
    (hubs / "second.yaml").write_text(yaml.safe_dump(SECOND, sort_keys=False), "utf-8")
    result = build_project(root, search=True)
    assert result.hubs == 2
    return root / "site"


def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert len(found) >= 4
    return found


def scheme_of(value: str) -> str:
    """Return the lowercased start of a URL the way browsers read it (no blanks, no controls)."""
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


def check_script(page: Path, site: Path, script: Tag) -> None:
    src = script.get("src")
    if src is None:
        kind = script.get("type", "")
        assert kind in DATA_SCRIPT_TYPES, f"{page}: inline script {script}"
        json.loads(script.string or "")  # a data block that stayed one piece of JSON
        return
    assert isinstance(src, str)
    target = PurePosixPath(page.parent.relative_to(site).as_posix()) / src
    parts: list[str] = []
    for part in target.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    assert parts and parts[0] in SCRIPT_FOLDERS, f"{page}: script from {src}"


def check_element(page: Path, site: Path, element: Tag) -> None:
    assert element.name not in {"iframe", "object", "embed", "frame", "base"}, f"{page}: {element}"
    if element.name == "script":
        check_script(page, site, element)
    for name, value in element.attrs.items():
        text = " ".join(value) if isinstance(value, list) else str(value)
        if name.lower().startswith("on"):
            assert (element.name, name, text) in THEME_HANDLERS, f"{page}: {name}={text!r}"
        if name.lower() in URL_ATTRIBUTES:
            assert not scheme_of(text).startswith(BAD_SCHEMES), f"{page}: {name}={text!r}"
        if name.lower() == "style":
            assert "expression(" not in text and "url(" not in text, f"{page}: style={text!r}"
        if name.lower() == "http-equiv":
            assert text.lower() != "refresh", f"{page}: meta refresh"


def test_no_record_text_becomes_markup(xss_site: Path) -> None:
    for page in pages(xss_site):
        doc = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for element in doc.find_all(True):
            check_element(page, xss_site, element)


def test_the_attacks_are_shown_as_text(xss_site: Path) -> None:
    doc = BeautifulSoup(
        (xss_site / "hubs" / "xss" / "index.html").read_text("utf-8"), "html.parser"
    )
    h1 = doc.find("h1")
    assert h1 is not None and h1.get_text() == ATTACK["title"]
    text = doc.get_text()
    for attack in (TAG, IMG, BREAK_OUT, SINGLE, CLOSE):
        assert attack in text
    # Markdown links with unsafe schemes stay text, never links: every link is relative,
    # a fragment, or http(s)/mailto.
    for a in doc.find_all("a"):
        scheme = re.match(r"([a-z][a-z0-9+.-]*):", scheme_of(str(a.get("href", ""))))
        assert scheme is None or scheme.group(1) in {"http", "https", "mailto"}, a
    assert "[a](javascript:alert('md'))" in text


def test_other_files_stay_well_formed(xss_site: Path) -> None:
    for path in sorted(xss_site.rglob("*.xml")):
        ET.parse(path)  # raw record text would break the XML
    for path in sorted(xss_site.rglob("*.json")):
        json.loads(path.read_text("utf-8"))


# Fire the events injected handlers would wait for, on every element of the page.
FIRE_EVENTS = """() => {
  for (const el of document.querySelectorAll("*")) {
    for (const type of ["mouseover", "mouseenter", "focus", "error", "load", "animationstart"]) {
      el.dispatchEvent(new Event(type));
    }
  }
}"""


def test_nothing_runs_in_a_browser(xss_site: Path, page: Any) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    with serve_directory(xss_site) as base:
        for path in pages(xss_site):
            page.goto(base + path.relative_to(xss_site).as_posix())
            page.evaluate(FIRE_EVENTS)
        page.goto(base + "hubs/xss/index.html")
        page.fill("#filter-text", "script")
        page.select_option("#filter-role", index=1)
        for link in page.locator("#tools a[data-format]").all():  # made from the page's text
            with page.expect_download():
                link.click()
        page.goto(base + "index.html")
        page.fill("#search-input", "alert script")
        page.locator("#search-results li").first.wait_for()
        page.wait_for_load_state("networkidle")
    assert dialogs == []


def test_hostile_vocabulary_names_are_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "hubs").mkdir(parents=True)
    settings = {"roles": ["background", ROLE], "polarities": ["supporting", "neutral", POLARITY]}
    (content / "site.yaml").write_text(yaml.safe_dump(settings), "utf-8")
    with pytest.raises(ContentError) as caught:
        build_project(tmp_path)
    fields = {p.field for p in caught.value.problems}
    assert fields == {"roles", "polarities"}
    assert not (tmp_path / "site").exists()
