"""Characters XML 1.0 forbids never reach a feed or a sitemap.

``check`` refuses them in records and site.yaml (fixtures xml-characters and
xml-characters-site in tests/fixtures/invalid/); these tests make sure the XML writers
cannot emit them even when a value gets past the check.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest
from conftest import cite, hub
from hypothesis import given
from hypothesis import strategies as st

from generator import feeds, sitefiles
from generator.config import SiteConfig
from generator.derive import derive
from generator.load import RawRecord
from generator.validate import validate_record
from generator.yamltext import parse

BAD = "\x00\x01\x08\x0b\x0c\x1b\x7f\x85\x9f\ud800\udfff\ufdd0\ufffe\uffff\U0001fffe\U0010ffff"


def xml_allowed(ch: str) -> bool:
    """XML 1.0's Char production."""
    code = ord(ch)
    return (
        ch in "\t\n\r"
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


@given(st.text(alphabet=st.sampled_from(list(BAD + "a&<>\"'\n\t é"))))
def test_escaped_text_holds_only_characters_xml_allows(text: str) -> None:
    for escaped in (feeds.escape(text), feeds.quoteattr(text)):
        assert all(xml_allowed(ch) for ch in escaped), repr(escaped)
        assert not set(BAD) & set(escaped)


def test_feeds_parse_even_when_a_value_got_past_the_check() -> None:
    bad_hub = dataclasses.replace(
        hub("doi:10.1/x", f"Title {BAD}", [cite(f"Citer {BAD}", id=f"doi:10.1/{BAD}", year=2024)]),
        authors=(f"Author {BAD}",),
    )
    config = SiteConfig(title=f"Site {BAD}", base_url="https://example.org/")
    corpus = derive([bad_hub], config)
    for text in (feeds.hub_feed(corpus.hubs[0], config), feeds.site_feed(corpus)):
        root = ET.fromstring(text.encode("utf-8"))
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"
        assert not set(BAD) & set(text)


def test_the_sitemap_parses_even_with_a_bad_base_url() -> None:
    config = SiteConfig(base_url=f"https://example.org/{BAD}/")
    corpus = derive([hub("doi:10.1/x", "X", [])], config)
    data = sitefiles.sitemap(corpus)
    locs = [
        el.text
        for el in ET.fromstring(data).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert len(locs) == 2
    assert not set(BAD) & set(data.decode("utf-8"))


def test_a_lone_surrogate_is_refused() -> None:
    # libyaml refuses "\\ud800" escapes itself; PyYAML's pure-Python loader and JSON do not.
    text = 'id: doi:10.1/x\ntitle: "half \\ud800"\n'  # the escape such a loader reads
    data = {"id": "doi:10.1/x", "title": "half \ud800"}
    raw = RawRecord("hubs/x.yaml", "content/hubs/x.yaml", text, data, "", 0, b"")
    [problem] = validate_record(raw, SiteConfig())
    assert problem.format() == (
        # libyaml cannot place what it refuses to read: the message points at the file's start.
        "content/hubs/x.yaml:1:1: title: expected text without noncharacters or lone "
        "surrogates, found U+D800 at character 6 (remove it; XML forbids it, so no feed "
        "could carry it)"
    )


@pytest.mark.parametrize("escape", ["\\0", "\\a", "\\b", "\\e", "\\v", "\\f", "\\N", "\\x01"])
def test_every_escape_that_makes_a_control_character_is_refused(escape: str) -> None:
    # validate looks at each value only when the text has an escape that could make one.
    text = f'id: doi:10.1/x\ntitle: "in {escape} an escape"\n'
    raw = RawRecord("hubs/x.yaml", "content/hubs/x.yaml", text, parse(text), "", 0, b"")
    [problem] = validate_record(raw, SiteConfig())
    assert problem.field == "title"
    assert "control characters" in problem.message


def test_escapes_that_make_fit_characters_are_not_refused() -> None:
    text = 'id: doi:10.1/x\ntitle: "tab\\t quote\\" slash\\\\ nbsp\\_ end"\n'
    raw = RawRecord("hubs/x.yaml", "content/hubs/x.yaml", text, parse(text), "", 0, b"")
    assert validate_record(raw, SiteConfig()) == []
