"""The citing papers explorer in a real browser: filters, sort, counts, URL state, 1,000 rows."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, build_project, serve_directory

ALPHA = FIXTURES / "example" / "content" / "hubs" / "alpha.yaml"
ROLES = ["background", "method", "comparison", "extension", "motivation", "critique", "data"]


@pytest.fixture(scope="module")
def citations() -> list[dict[str, Any]]:
    """Alpha's citing papers as written, with role always a list."""
    out = yaml.safe_load(ALPHA.read_text("utf-8"))["citations"]
    for c in out:
        c["role"] = c["role"] if isinstance(c.get("role"), list) else [c["role"]]
    return list(out)


@pytest.fixture
def alpha(built_example: Path, page: Any) -> Iterator[Any]:
    with serve_directory(built_example) as base:
        page.goto(base + "hubs/alpha/index.html")
        yield page


def shown_titles(page: Any) -> list[str]:
    """The titles of the items a reader sees, in order (an item's title is its first cite,
    or that cite's link when it has one)."""
    return list(
        page.eval_on_selector_all(
            "#citation-list > li:not([hidden])",
            "els => els.map(e => (e.querySelector(':scope > cite a')"
            " || e.querySelector(':scope > cite')).textContent)",
        )
    )


def count_text(page: Any) -> str:
    return str(page.locator("#explorer-count").inner_text())


def test_role_polarity_and_counts(alpha: Any, citations: list[dict[str, Any]]) -> None:
    assert count_text(alpha) == f"{len(citations)} citing papers"
    alpha.select_option("#filter-role", "background")
    want = [c["title"] for c in citations if "background" in c["role"]]
    assert shown_titles(alpha) == want
    assert count_text(alpha) == f"Showing {len(want)} of {len(citations)} citing papers"
    alpha.select_option("#filter-polarity", "neutral")
    want = [
        c["title"]
        for c in citations
        if "background" in c["role"] and c.get("polarity") == "neutral"
    ]
    assert shown_titles(alpha) == want
    # Option counts follow the other filters: roles among the neutral papers.
    label = alpha.locator("#filter-role option[value='method']").inner_text()
    n = sum(1 for c in citations if "method" in c["role"] and c.get("polarity") == "neutral")
    assert label == f"method ({n})"


def test_years_representative_and_text(alpha: Any, citations: list[dict[str, Any]]) -> None:
    alpha.fill("#filter-from", "2022")
    alpha.fill("#filter-to", "2023")
    want = [c["title"] for c in citations if 2022 <= c.get("year", 0) <= 2023]
    assert shown_titles(alpha) == want
    alpha.click("button[type=reset]")
    alpha.check("#filter-representative")
    assert shown_titles(alpha) == [c["title"] for c in citations if c.get("representative")]
    alpha.uncheck("#filter-representative")
    alpha.fill("#filter-text", "COUNTING result")  # matches the context quote, any case
    assert shown_titles(alpha) == [c["title"] for c in citations if "context" in c]
    alpha.fill("#filter-text", "no such words")
    assert shown_titles(alpha) == []
    assert count_text(alpha) == f"Showing 0 of {len(citations)} citing papers"


def test_sort_orders(alpha: Any, citations: list[dict[str, Any]]) -> None:
    alpha.select_option("#sort-order", "year-desc")
    years = [c.get("year") for c in citations]
    titles = [c["title"] for c in citations]
    by_year = sorted(range(len(citations)), key=lambda i: (-(years[i] or 0), i))
    assert shown_titles(alpha) == [titles[i] for i in by_year]
    alpha.select_option("#sort-order", "title")
    assert shown_titles(alpha) == sorted(titles, key=str.lower)
    alpha.select_option("#sort-order", "record")
    assert shown_titles(alpha) == titles


def test_state_round_trips_through_the_url_hash(
    built_example: Path, page: Any, citations: list[dict[str, Any]]
) -> None:
    with serve_directory(built_example) as base:
        page.goto(base + "hubs/alpha/index.html")
        page.select_option("#filter-role", "method")
        page.fill("#filter-from", "2024")
        page.check("#filter-representative")
        page.uncheck("#filter-representative")
        page.select_option("#sort-order", "year-desc")
        shared = page.evaluate("location.href")
        assert "#filter:" in shared
        expected = shown_titles(page)
        page.goto(base + "index.html")
        page.goto(shared)
        assert page.input_value("#filter-role") == "method"
        assert page.input_value("#filter-from") == "2024"
        assert page.input_value("#sort-order") == "year-desc"
        assert shown_titles(page) == expected
        want = [c["title"] for c in citations if "method" in c["role"] and c.get("year", 0) >= 2024]
        assert sorted(expected) == sorted(want)
        page.click("button[type=reset]")
        page.wait_for_function("location.hash === ''")


def big_record(n: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    citations = []
    for i in range(n):
        c: dict[str, Any] = {
            "title": f"Citing paper {i:04d} on {rng.choice(['lenses', 'probes', 'circuits'])}",
            "id": f"doi:10.5555/c{i}",
            "year": rng.randint(2005, 2025),
            "authors": [f"Author {rng.randint(1, 400)}"],
            "role": rng.sample(ROLES, rng.choice([1, 1, 2])),
            "summary": f"Finding {i}.",
            "representative": i % 97 == 0,
        }
        if pol := rng.choice(["supporting", "neutral", "contrasting", None]):
            c["polarity"] = pol
        citations.append(c)
    return {"id": "doi:10.5555/big", "title": "Big", "year": 2004, "citations": citations}


def test_a_thousand_citing_papers_stay_usable(
    scratch_project: Any, page: Any, record_property: Any
) -> None:
    record = big_record(1000)
    root = scratch_project({"content/hubs/big.yaml": yaml.safe_dump(record, sort_keys=False)})
    build_project(root)
    cites = record["citations"]
    with serve_directory(root / "site") as base:
        page.goto(base + "hubs/big/index.html")
        assert count_text(page) == "1000 citing papers"
        timings = {}
        steps = [
            ("#filter-role", "method"),
            ("#filter-polarity", "neutral"),
            ("#filter-from", "2015"),
            ("#filter-text", "lenses"),
        ]
        for selector, value in steps:
            timings[selector] = page.evaluate(
                """([selector, value]) => {
                  const el = document.querySelector(selector);
                  const start = performance.now();
                  el.value = value;
                  const type = el.tagName === "SELECT" ? "change" : "input";
                  el.dispatchEvent(new Event(type, {bubbles: true}));
                  document.body.getBoundingClientRect();  // include the layout it causes
                  return performance.now() - start;
                }""",
                [selector, value],
            )
        want = [
            c["title"]
            for c in cites
            if "method" in c["role"]
            and c.get("polarity") == "neutral"
            and c["year"] >= 2015
            and "lenses" in c["title"]
        ]
        assert shown_titles(page) == want
        assert count_text(page) == f"Showing {len(want)} of 1000 citing papers"
    record_property("filter_ms", {k: round(v, 1) for k, v in timings.items()})
    print("explorer filter time with 1,000 citing papers (ms):", timings)
