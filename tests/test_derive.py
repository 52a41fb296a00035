"""Derived numbers: shares, rounding, labels, summary sentences, co-citation, cross-links."""

from __future__ import annotations

from collections import Counter
from dataclasses import fields, replace

import pytest
from conftest import cite, hub

from generator.config import SiteConfig
from generator.derive import CoCited, cocitation_counts, derive
from generator.incremental.keys import derived_text
from generator.labels import DEFAULT_LABELS, LabelRule, rules_with
from generator.model import CuratedCoCited
from generator.papers import citation_keys, paper_keys
from generator.summary import choose_label, percent, summarize

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


def test_tied_roles_are_all_named_in_vocabulary_order() -> None:
    s = summarize(
        [
            cite(roles=("method",), polarity="neutral"),
            cite(roles=("background",), polarity="neutral"),
            cite(roles=("critique",), polarity="neutral"),
        ],
        CONFIG,
    )
    assert s.top_role is not None and s.top_role.name == "background"
    assert s.sentence == (
        "Neutral citation behavior. Most common roles are background, method and critique"
        " (33% each)."
    )
    two = summarize([cite(roles=("data", "method"), polarity="neutral")] * 3, CONFIG)
    assert two.sentence.endswith(" Most common roles are method and data (50% each).")


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
    ("counts", "total", "label"),
    [
        ({"contrasting": 3, "supporting": 7}, 10, "contested"),  # exactly 30%: contested first
        ({"contrasting": 2, "supporting": 6, "neutral": 2}, 10, "supportive"),  # exactly 60%
        ({"contrasting": 2, "supporting": 5, "neutral": 3}, 10, "mixed"),
        ({"neutral": 6, "supporting": 4}, 10, "neutral"),
        ({"neutral": 2}, 2, "few"),
        ({}, 0, "few"),
        ({"neutral": 2}, 3, "unclassified"),  # 3 citing papers, 2 with a polarity
        ({}, 1001, "unclassified"),
        ({"neutral": 3}, 3, "neutral"),
        ({"contrasting": 29, "supporting": 71}, 100, "supportive"),
    ],
)
def test_label_rules_in_documented_order(counts: dict[str, int], total: int, label: str) -> None:
    c = Counter(counts)
    assert choose_label(c, total, sum(c.values()), DEFAULT_LABELS).key == label


def test_thresholds_compare_unrounded_shares() -> None:
    # 299/1000 = 29.9% rounds to 30% but is below the contested threshold.
    c = Counter({"contrasting": 299, "neutral": 701})
    assert choose_label(c, 1000, 1000, DEFAULT_LABELS).key == "neutral"


def test_thresholds_are_configurable() -> None:
    c = Counter({"contrasting": 2, "neutral": 8})
    assert choose_label(c, 10, 10, rules_with({"contested": 20})).key == "contested"
    two = rules_with({"min_citations": 2})  # the older name sets both count rules
    assert choose_label(Counter({"neutral": 2}), 2, 2, two).key == "neutral"
    assert choose_label(Counter({"neutral": 1}), 5, 1, two).key == "unclassified"
    assert choose_label(Counter({"neutral": 1}), 1, 1, two).key == "few"


def test_rules_may_name_any_polarity() -> None:
    rules = (
        LabelRule("disputed", "Disputed", "Disputed", polarity="refutes", at_least=50),
        LabelRule("other", "Other", "Other"),
    )
    config = SiteConfig(polarities=("refutes", "agrees"), labels=rules)
    s = summarize([cite(polarity="refutes"), cite(polarity="agrees")], config)
    assert (s.label, s.label_key, s.sentence) == (
        "Disputed",
        "disputed",
        "Disputed citation behavior.",
    )
    s = summarize([cite(polarity="agrees")], config)
    assert (s.label, s.sentence) == ("Other", "Other citation behavior.")
    assert summarize([cite()], config).label == "Other"  # no polarity: no share holds


def test_few_and_empty_sentences() -> None:
    few = summarize([cite(roles=("data",), polarity="neutral")], CONFIG)
    assert few.label == "Few citations"
    assert few.sentence == "Too few citations to characterise. Most common role is data (100%)."
    empty = summarize([], CONFIG)
    assert empty.label == "Few citations"
    assert empty.sentence == "No citing papers recorded yet."
    no_roles = summarize([cite(polarity="supporting")] * 3, CONFIG)
    assert no_roles.sentence == "Supportive citation behavior."


def test_unclassified_sentence_says_how_many_have_a_polarity() -> None:
    # The imported Turing hub: 1,001 citing papers, one with intents, none with a polarity.
    s = summarize([cite(roles=("background", "method", "comparison"))] + [cite()] * 1000, CONFIG)
    assert (s.label, s.label_key) == ("Unclassified citations", "unclassified")
    assert s.sentence == (
        "Unclassified citation behavior (0 of 1,001 citing papers have a polarity)."
        " Most common roles are background, method and comparison"
        " (33% each; 1 of 1,001 citing papers has a role)."
    )
    assert (s.total, s.with_role, s.role_labels, s.with_polarity) == (1001, 1, 3, 0)
    one = summarize([cite(polarity="neutral"), cite(), cite(), cite()], CONFIG)
    assert one.sentence == ("Unclassified citation behavior (1 of 4 citing papers has a polarity).")
    two = summarize([cite(polarity="neutral", roles=("data",))] * 2 + [cite()], CONFIG)
    assert two.sentence == (
        "Unclassified citation behavior (2 of 3 citing papers have a polarity)."
        " Most common role is data (100%; 2 of 3 citing papers have a role)."
    )


def test_a_role_share_from_some_papers_says_how_many() -> None:
    papers = [cite(roles=("method",), polarity="neutral")] * 3 + [cite(polarity="neutral")] * 2
    s = summarize(papers, CONFIG)
    assert s.sentence == (
        "Neutral citation behavior. Most common role is method (100%; 3 of 5 citing papers"
        " have a role)."
    )
    every = summarize([cite(roles=("method",), polarity="neutral")] * 3, CONFIG)
    assert every.sentence == "Neutral citation behavior. Most common role is method (100%)."


def test_summary_counts_papers_with_a_role() -> None:
    s = summarize([cite(roles=("data", "method")), cite(roles=("data",)), cite()], CONFIG)
    assert (s.total, s.with_role, s.role_labels) == (3, 2, 3)


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


def test_an_id_never_matches_a_title_key() -> None:
    # "p one" as an id, and as the normalised title of a paper no citation gives an id.
    a = hub("x:a", "A", [cite("Whatever", "p one")])
    b = hub("x:b", "B", [cite("P One")])
    assert b.citations[0].title_key == "p one"
    assert cocitation_counts([a, b]) == [Counter(), Counter()]
    assert paper_keys([a, b]) == [["p one"], [("p one",)]]


def test_cocited_ties_break_by_index_order_and_limit_cuts() -> None:
    shared = [cite("P", "doi:p")]
    hubs = [hub(f"x:{n}", n, shared) for n in ("Delta", "Alpha", "Charlie", "Bravo")]
    alpha = derive(hubs, CONFIG).hubs[0]
    assert [w.title for w in alpha.cocited] == ["Bravo", "Charlie", "Delta"]
    assert derive(hubs, SiteConfig(cocited_limit=2)).hubs[0].cocited[1].title == "Charlie"
    assert derive(hubs, SiteConfig(cocited_limit=0)).hubs[0].cocited == ()


def test_curated_entries_merge_with_derived_ones() -> None:
    a = hub("x:a", "Alpha", [cite("P", "doi:p"), cite("Q", "doi:q")])
    a = replace(
        a,
        cocited=(
            CuratedCoCited("Own title", "x:b", "https://b", "a note"),
            CuratedCoCited("Elsewhere", "", "https://e", ""),
            CuratedCoCited("Charlie", "x:c", "", ""),
        ),
    )
    b = hub("x:b", "Beta", [cite("P", "doi:p"), cite("Q", "doi:q")])
    c = hub("x:c", "Charlie", [cite("P", "doi:p")])
    corpus = derive([a, b, c], SiteConfig(cocited_limit=1))
    assert corpus.hubs[0].cocited == (
        CoCited("Beta", "x:b", "beta", "https://b", 2, True, "a note"),
        CoCited("Elsewhere", "", "", "https://e", 0, True, ""),
        CoCited("Charlie", "x:c", "charlie", "", 1, True, ""),
    )


def test_a_hub_citing_itself_gets_no_link() -> None:
    a = hub("x:a", "Alpha", [cite("Alpha", "x:a"), cite("Beta", "x:b"), cite("Q")])
    b = hub("x:b", "Beta", [cite("Alpha", "x:a")])
    corpus = derive([a, b], CONFIG)
    assert [v.citation_slugs for v in corpus.hubs] == [("", "beta", ""), ("alpha",)]


def test_derived_text_changes_with_every_derived_value() -> None:
    a = hub("x:a", "Alpha", [cite("Beta", "x:b"), cite("P", "doi:p")])
    b = hub("x:b", "Beta", [cite("P", "doi:p")])
    view = derive([a, b], CONFIG).hubs[0]
    work = view.cocited[0]
    variants = [view, replace(view, cocited=()), replace(view, citation_slugs=())]
    for f in fields(CoCited):  # a field added to CoCited must reach the page key
        value = getattr(work, f.name)
        if isinstance(value, bool):
            value = not value
        elif isinstance(value, int):
            value += 1
        else:
            value += "x"
        variants.append(replace(view, cocited=(replace(work, **{f.name: value}),)))
    texts = [derived_text(v) for v in variants]
    assert len(set(texts)) == len(texts)


def test_derived_text_is_unambiguous_when_values_hold_nul() -> None:
    a = hub("x:a", "Alpha", [])
    view = derive([a], CONFIG).hubs[0]
    texts = [
        derived_text(replace(view, citation_slugs=slugs))
        for slugs in [(), ("",), ("", ""), ("a\0b",), ("a", "b"), ("a\0", "b"), ("a", "\0b")]
    ]
    assert len(set(texts)) == len(texts)


def test_doi_ids_are_one_paper_in_any_case() -> None:
    a = hub("x:a", "A", [cite("P", "doi:10.1/ABC"), cite("Q", "arxiv:X")])
    b = hub("x:b", "B", [cite("P", "DOI:10.1/abc"), cite("Q", "arxiv:x")])
    assert cocitation_counts([a, b]) == [Counter({1: 1}), Counter({0: 1})]  # arXiv ids: as is
    assert paper_keys([a, b]) == [["doi:10.1/abc", "arxiv:X"], ["doi:10.1/abc", "arxiv:x"]]
    c = hub("x:c", "C", [cite("p"), cite("")])
    assert citation_keys([a, c]) == [["doi:10.1/abc", "arxiv:X"], ["doi:10.1/abc", ("",)]]
