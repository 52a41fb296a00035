"""Label rules come from site.yaml: names, words, polarities, thresholds, order.

Messages for bad rules are in tests/fixtures/invalid/label-rules/expected.txt.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from conftest import ProjectMaker, build_project, cite, soup

from generator.config import load_config
from generator.labels import DEFAULT_LABELS, LabelRule, rules_with
from generator.summary import summarize

OWN_VOCABULARY = """
polarities: [agrees, refutes, unsure]
labels:
  - key: thin
    label: Thin evidence
    sentence: Not enough papers yet.
    citing_below: 2
  - key: disputed
    label: Disputed
    word: Disputed
    polarity: refutes
    at_least: 50
  - key: settled
    label: Settled
    word: Settled
"""

HUB = """
id: doi:10.1000/{n}
title: Hub {n}
citations:
{citations}
"""


def citations(*polarities: str) -> str:
    return "\n".join(
        f"  - {{title: Citer {i}, polarity: {p}, summary: s}}" for i, p in enumerate(polarities)
    )


def thresholds(rules: Sequence[LabelRule]) -> dict[str, tuple[float | None, ...]]:
    """Return each rule's (citing_below, with_polarity_below, at_least)."""
    return {r.key: (r.citing_below, r.with_polarity_below, r.at_least) for r in rules}


def problems(content: Path) -> list[str]:
    return [p.format() for p in load_config(content)[1]]


def test_defaults_are_todays_labels_in_todays_order(tmp_path: Path) -> None:
    config, found = load_config(tmp_path)
    assert found == []
    assert config.labels == DEFAULT_LABELS
    assert [(r.key, r.label) for r in config.labels] == [
        ("few", "Few citations"),
        ("unclassified", "Unclassified citations"),
        ("contested", "Contested citations"),
        ("supportive", "Supportive citations"),
        ("neutral", "Neutral citations"),
        ("mixed", "Mixed citations"),
    ]
    assert thresholds(DEFAULT_LABELS) == {
        "few": (3, None, None),
        "unclassified": (None, 3, None),
        "contested": (None, None, 30),
        "supportive": (None, None, 60),
        "neutral": (None, None, 60),
        "mixed": (None, None, None),
    }


def test_a_site_names_its_own_labels_and_polarities(scratch_project: ProjectMaker) -> None:
    root = scratch_project(
        {
            "content/site.yaml": OWN_VOCABULARY,
            "content/hubs/a.yaml": HUB.format(n="a", citations=citations("refutes", "agrees")),
            "content/hubs/b.yaml": HUB.format(n="b", citations=citations("agrees", "unsure")),
            "content/hubs/c.yaml": HUB.format(n="c", citations=citations("refutes")),
        }
    )
    assert problems(root / "content") == []
    build_project(root)
    site = root / "site"
    seen = {}
    for slug in ("hub-a", "hub-b", "hub-c"):
        page = soup(site / "hubs" / slug / "index.html")
        badge = page.find(class_="badge")
        seen[slug] = (
            badge.get_text(),
            badge["class"],
            page.find(class_="summary-sentence").get_text(),
        )
    assert seen == {
        "hub-a": ("Disputed", ["badge", "badge-disputed"], "Disputed citation behavior."),
        "hub-b": ("Settled", ["badge", "badge-settled"], "Settled citation behavior."),
        "hub-c": ("Thin evidence", ["badge", "badge-thin"], "Not enough papers yet."),
    }
    index = soup(site / "index.html")
    options = [o.get_text() for o in index.find(id="search-label").find_all("option")]
    assert options == ["Any label", "Thin evidence", "Disputed", "Settled"]
    rows = index.find(id="hub-table").tbody.find_all("tr")
    labels = [r.select_one(".badge").get_text() for r in rows]
    assert labels == ["Disputed", "Settled", "Thin evidence"]


def test_a_rule_naming_a_polarity_the_site_lacks_is_refused(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(
        "polarities: [agrees, refutes]\n"
        "labels:\n"
        "  - {key: odd, label: Odd, word: Odd, polarity: contrasting, at_least: 10}\n"
        "  - {key: rest, label: Rest, word: Rest}\n",
        "utf-8",
    )
    assert problems(tmp_path) == [
        f"{tmp_path / 'site.yaml'}:3:49: labels[0].polarity: expected one of the site's "
        "polarities (agrees, refutes), found a string ('contrasting')"
    ]


def test_own_polarities_without_own_rules_are_refused(tmp_path: Path) -> None:
    # The default rules name contrasting, supporting and neutral.
    (tmp_path / "site.yaml").write_text("polarities: [supporting, neutral, unsure]\n", "utf-8")
    assert problems(tmp_path) == [
        f"{tmp_path / 'site.yaml'}:1:13: polarities: expected every polarity the label rules "
        "name, found no contrasting (add them, or give labels: rules that name yours, see "
        "docs/record-format.md#labels)"
    ]
    # More polarities than the defaults are fine: the rules need only the ones they name.
    (tmp_path / "site.yaml").write_text(
        "polarities: [supporting, neutral, contrasting, unsure]\n", "utf-8"
    )
    assert problems(tmp_path) == []


def test_the_threshold_mapping_still_works(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(
        "labels: {contested: 20, min_citations: 2, neutral: 55}\n", "utf-8"
    )
    config, found = load_config(tmp_path)
    assert found == []
    assert config.labels == rules_with({"contested": 20, "min_citations": 2, "neutral": 55})
    assert thresholds(config.labels) == {
        "few": (2, None, None),
        "unclassified": (None, 2, None),
        "contested": (None, None, 20),
        "supportive": (None, None, 60),
        "neutral": (None, None, 55),
        "mixed": (None, None, None),
    }
    (tmp_path / "site.yaml").write_text("labels: {unclassified: 5, few: 1}\n", "utf-8")
    config, found = load_config(tmp_path)
    assert found == []
    assert [(r.citing_below, r.with_polarity_below) for r in config.labels[:2]] == [
        (1, None),
        (None, 5),
    ]


def test_the_last_rule_must_hold_for_every_hub(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(
        "labels:\n  - {key: few, label: Few, word: Few, citing_below: 3}\n", "utf-8"
    )
    assert problems(tmp_path) == [
        f"{tmp_path / 'site.yaml'}:2:5: labels[0]: expected a last rule without conditions "
        "(the label of every other hub), found one with citing_below (end with a rule such "
        "as {key: mixed, label: Mixed citations, word: Mixed})"
    ]
    config = load_config(tmp_path)[0]
    assert config.labels == DEFAULT_LABELS  # a refused setting keeps the default


def test_repeated_keys_and_unreachable_rules(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(
        "labels:\n"
        "  - {key: all, label: All, word: All}\n"
        "  - {key: few, label: Few, word: Few, citing_below: 3}\n"
        "  - {key: few, label: Also, word: Also}\n",
        "utf-8",
    )
    shown = tmp_path / "site.yaml"
    assert problems(tmp_path) == [
        f"{shown}:2:5: labels[0]: warning: rule 'all' has no condition: no hub reaches the "
        "rules after it (never used: few, few)",
        f"{shown}:4:11: labels[2].key: expected each key once, found 'few' again",
    ]


def test_a_site_adds_and_removes_rules(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(
        "labels:\n"
        "  - {key: one-sided, label: One-sided, word: One-sided, polarity: supporting,"
        " at_least: 90}\n"
        "  - {key: contested, label: Contested citations, word: Contested,"
        " polarity: contrasting, at_least: 30}\n"
        "  - {key: mixed, label: Mixed citations, word: Mixed}\n",
        "utf-8",
    )
    config, found = load_config(tmp_path)
    assert found == []
    one_sided = summarize([cite(polarity="supporting")] * 9 + [cite(polarity="neutral")], config)
    assert (one_sided.label_key, one_sided.sentence) == (
        "one-sided",
        "One-sided citation behavior.",
    )
    # Without the few and unclassified rules, a hub with one paper gets a share's label...
    assert summarize([cite(polarity="contrasting")], config).label_key == "contested"
    # ... and papers without a polarity never meet a share's threshold.
    assert summarize([cite()] * 5, config).sentence == "Mixed citation behavior."
