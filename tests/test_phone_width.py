"""The index table fits a 360 px wide phone: every column on screen, no sideways scrolling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import ProjectMaker, build_project, serve_directory

PHONE = {"width": 360, "height": 740}

MEASURE = """() => {
  const table = document.getElementById("hub-table");
  const cells = [...table.querySelectorAll("th, td")].filter(c => c.offsetParent !== null);
  return {
    viewport: document.documentElement.clientWidth,
    scrolled: document.documentElement.scrollWidth,
    headers: [...table.tHead.rows[0].cells].filter(c => c.offsetParent !== null)
      .map(c => [c.textContent.trim(), c.getBoundingClientRect().right]),
    widest: Math.max(...cells.map(c => c.getBoundingClientRect().right)),
  };
}"""


def measure(page: Any, url: str) -> dict[str, Any]:
    page.set_viewport_size(PHONE)
    page.goto(url)
    page.wait_for_selector("#hub-table th button")  # sort.js has turned headers into buttons
    result: dict[str, Any] = page.evaluate(MEASURE)
    return result


def assert_fits(found: dict[str, Any]) -> None:
    viewport = found["viewport"]
    assert viewport == PHONE["width"]
    off_screen = [(name, right) for name, right in found["headers"] if right > viewport]
    assert off_screen == [], found
    assert found["widest"] <= viewport, found
    assert found["scrolled"] <= viewport, found


def test_index_table_fits_a_phone(built_content: Path, page: Any) -> None:
    with serve_directory(built_content) as base:
        found = measure(page, base + "index.html")
    assert [name for name, _right in found["headers"]] == ["Paper", "Label", "Citing papers"]
    assert_fits(found)


def test_long_words_and_labels_still_fit(scratch_project: ProjectMaker, page: Any) -> None:
    long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2
    citations = "".join(f"  - {{title: C{i}, polarity: supporting}}\n" for i in range(1234))
    root = scratch_project(
        {
            "content/hubs/a.yaml": f"id: x:a\ntitle: {long_word} revisited\nyear: 2024\n"
            f"citations:\n{citations}",
            "content/hubs/b.yaml": "id: x:b\ntitle: Unclassified and short\n"
            "citations: [{title: A}, {title: B}, {title: C}]\n",
        }
    )
    build_project(root)
    with serve_directory(root / "site") as base:
        assert_fits(measure(page, base + "index.html"))
