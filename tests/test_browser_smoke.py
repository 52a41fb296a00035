"""A person opens a hub page and uses the explorer (headless Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import serve_directory


def test_explorer_filters_by_role_and_keeps_state_in_hash(built_example: Path, page: Any) -> None:
    with serve_directory(built_example, "sub/path") as base:
        page.goto(base + "hubs/alpha/index.html")
        assert page.locator("#explorer-controls").is_visible()
        page.select_option("#filter-role", "method")
        visible = page.locator("#citation-list > li:visible")
        assert visible.count() == 5
        assert "Showing 5 of 20" in page.locator("#explorer-count").inner_text()
        assert "role=method" in page.evaluate("location.hash")
        shared = page.evaluate("location.href")
        page.goto(base + "index.html")
        page.goto(shared)
        assert page.locator("#citation-list > li:visible").count() == 5
        assert page.input_value("#filter-role") == "method"
