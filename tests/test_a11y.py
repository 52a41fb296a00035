"""Accessibility: axe-core finds no WCAG 2 A/AA violations; the explorer works by keyboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import serve_directory

axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")

WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}


def violations(page: Any) -> list[str]:
    """Return one line per axe violation on the current page."""
    results = axe_playwright.Axe().run(page, options=WCAG)
    found = results.response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in found]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_index_hub_and_search_results_have_no_violations(
    built_content: Path, browser: Any, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        with serve_directory(built_content) as base:
            page.goto(base + "index.html")
            assert violations(page) == []
            page.goto(base + "hubs/tuned-lens/index.html")
            page.wait_for_selector("#explorer-controls:not([hidden])")
            assert violations(page) == []
            page.goto(base + "index.html")
            page.fill("#search-input", "lens")
            page.wait_for_selector("#search-results li")
            assert violations(page) == []
    finally:
        context.close()


def test_explorer_can_be_used_with_the_keyboard_alone(built_example: Path, page: Any) -> None:
    with serve_directory(built_example) as base:
        page.goto(base + "hubs/alpha/index.html")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        for _ in range(80):  # walk the page in tab order until the explorer's text filter
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "filter-text":
                break
        else:
            pytest.fail("Tab never reached the explorer's filter")
        page.keyboard.type("counting")
        assert page.locator("#citation-list > li:not([hidden])").count() == 1
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "filter-role"
        page.keyboard.press("ArrowDown")  # a closed select changes value with the arrow keys
        chosen = page.input_value("#filter-role")
        assert chosen
        shown = page.eval_on_selector_all(  # each shown item's role tags (b without a class)
            "#citation-list > li:not([hidden])",
            "els => els.map(e => [...e.querySelectorAll(':scope > b:not([class])')]"
            ".map(b => b.textContent))",
        )
        assert shown and all(chosen in roles for roles in shown)
        focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert focused != "none", "the focused control shows a focus ring"
