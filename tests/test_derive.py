"""Derived numbers: shares, rounding, labels, summary sentences, co-citation, cross-links."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.config import SiteConfig, Thresholds
from generator.derive import choose_label, cocitation_counts, derive, percent, summarize
from generator.model import Citation, Hub


def cite(
    title: str = "T",
    id: str = "",
    roles: tuple[str, ...] = (),
    polarity: str = "",
    year: int | None = None,
) -> Citation:
    from generator.urls import normalize_title

    return Citation(
        title, id, year, (), "", "", "", roles, polarity, False, (), normalize_title(title)
    )


def hub(id: str, title: str, citations: list[Citation]) -> Hub:
    return Hub(
        id,
        title.lower().replace(" ", "-"),
        title,
        (),
        None,
        "",
        "",
        "",
        "",
        "",
        (),
        (),
        (),
        tuple(citations),
        f"{id}.yaml",
        f"{id}.yaml",
        b"",
    )


CONFIG = SiteConfig()


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [
        (1, 2, 50),
        (1, 3, 33),
        (2, 3, 67),
        (1, 8, 13),
        (1, 200, 1),
        (1, 201, 0),
        (0, 5, 0),
        (5, 0, 0),
        (9, 19, 47),
        (7, 15, 47),
    ],
)
def test_percent_rounds_half_up(count: int, total: int, expected: int) -> None:
    assert percent(count, total) == expected


def test_role_shares_count_every_label_once() -> None:
    citations = [
        cite(roles=("background", "method")),
        cite(roles=("background",)),
        cite(roles=("method",)),
        cite(),
    ]
    s = summarize(citations, CONFIG)
    shares = {r.name: (r.count, r.percent) for r in s.roles}
    assert s.role_labels == 4
    assert shares["background"] == (2, 50)
    assert shares["method"] == (2, 50)
    assert [r.name for r in s.roles] == list(CONFIG.roles)


def test_role_tie_breaks_by_vocabulary_order() -> None:
    s = summarize(
        [
            cite(roles=("method",), polarity="neutral"),
            cite(roles=("background",), polarity="neutral"),
            cite(roles=("critique",), polarity="neutral"),
        ],
        CONFIG,
    )
    assert s.top_role is not None and s.top_role.name == "background"
    assert s.sentence == "Neutral citation behavior. Most common role is background (33%)."


def test_polarity_shares_use_only_citations_with_polarity() -> None:
    s = summarize(
        [
            cite(polarity="supporting"),
            cite(polarity="contrasting"),
            cite(),
            cite(polarity="neutral"),
            cite(polarity="neutral"),
        ],
        CONFIG,
    )
    assert s.with_polarity == 4
    assert {p.name: p.percent for p in s.polarities} == {
        "supporting": 25,
        "neutral": 50,
        "contrasting": 25,
    }


@pytest.mark.parametrize(
    ("counts", "label"),
    [
        ({"contrasting": 3, "supporting": 7}, "contested"),  # exactly 30%: contested wins first
        ({"contrasting": 2, "supporting": 6, "neutral": 2}, "supportive"),  # exactly 60%
        ({"contrasting": 2, "supporting": 5, "neutral": 3}, "mixed"),
        ({"neutral": 6, "supporting": 4}, "neutral"),
        ({"neutral": 2}, "few"),
        ({}, "few"),
        ({"contrasting": 29, "supporting": 71}, "supportive"),
    ],
)
def test_label_thresholds_in_documented_order(counts: dict[str, int], label: str) -> None:
    c = Counter(counts)
    assert choose_label(c, sum(c.values()), Thresholds()) == label


def test_thresholds_compare_unrounded_shares() -> None:
    # 299/1000 = 29.9% rounds to 30% but is below the contested threshold.
    c = Counter({"contrasting": 299, "neutral": 701})
    assert choose_label(c, 1000, Thresholds()) == "neutral"


def test_thresholds_are_configurable() -> None:
    c = Counter({"contrasting": 2, "neutral": 8})
    assert choose_label(c, 10, Thresholds(contested=20)) == "contested"
    assert choose_label(Counter({"neutral": 2}), 2, Thresholds(min_citations=2)) == "neutral"


def test_few_and_empty_sentences() -> None:
    few = summarize([cite(roles=("data",), polarity="neutral")], CONFIG)
    assert few.label == "Few citations"
    assert few.sentence == "Too few citations to characterise. Most common role is data (100%)."
    empty = summarize([], CONFIG)
    assert empty.label == "Few citations"
    assert empty.sentence == "No citing papers recorded yet."
    no_roles = summarize([cite(polarity="supporting")] * 3, CONFIG)
    assert no_roles.sentence == "Supportive citation behavior."


def test_years_fill_the_whole_span() -> None:
    s = summarize([cite(year=2020), cite(year=2022), cite(year=2022)], CONFIG)
    assert s.years == ((2020, 1), (2021, 0), (2022, 2))


def test_cocitation_matches_ids_and_titles() -> None:
    a = hub("x:a", "A", [cite("P One", "doi:1"), cite("P Two"), cite("P Three", "doi:3")])
    b = hub("x:b", "B", [cite("P One", "doi:1"), cite("p  two!"), cite("P Three", "doi:other")])
    c = hub("x:c", "C", [cite("P one")])  # no id: matches doi:1 by title
    counts = cocitation_counts([a, b, c])
    assert counts[0] == Counter({1: 2, 2: 1})
    assert counts[1] == Counter({0: 2, 2: 1})
    assert counts[2] == Counter({0: 1, 1: 1})


def test_cocitation_never_pairs_a_hub_with_itself() -> None:
    a = hub("x:a", "A", [cite("P", "doi:1"), cite("P", "doi:1")])
    assert cocitation_counts([a]) == [Counter()]


def test_derive_ranks_cocited_and_links_citing_hubs() -> None:
    a = hub("x:a", "Alpha", [cite("Beta", "x:b"), cite("Q", "doi:q"), cite("R", "doi:r")])
    b = hub("x:b", "Beta", [cite("Q", "doi:q"), cite("R", "doi:r")])
    c = hub("x:c", "Charlie", [cite("Q", "doi:q")])
    corpus = derive([c, b, a], CONFIG)
    assert [v.hub.title for v in corpus.hubs] == ["Alpha", "Beta", "Charlie"]
    alpha = corpus.hubs[0]
    assert [(w.title, w.shared) for w in alpha.cocited] == [("Beta", 2), ("Charlie", 1)]
    assert alpha.citation_slugs == ("beta", "", "")


def test_underscores_count_as_spaces_in_title_matching() -> None:
    a = hub("x:a", "A", [cite("Foo_Bar baz")])
    b = hub("x:b", "B", [cite("Foo Bar  Baz")])
    assert cocitation_counts([a, b]) == [Counter({1: 1}), Counter({0: 1})]


def test_wide_year_spans_list_only_years_with_papers() -> None:
    s = summarize([cite(year=1950), cite(year=2024), cite(year=2024)], CONFIG)
    assert s.years == ((1950, 1), (2024, 2))
