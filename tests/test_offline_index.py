"""The offline search index (search/): words folded like search.js folds them, per-hub
records, terms files split by prefix, the filters table, and searches from disk on a
site of a few hundred hubs that load only a small part of the index.

The browser tests are slow (a 300-hub build, then Chromium); the suite has no marker for
browser tests yet, so they run with the others and skip when Chromium is missing.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, build_project

from generator import search_offline, search_terms
from generator.build import check
from generator.cache import BuildCache
from generator.derive import Corpus, HubView, derive
from generator.labels import DEFAULT_LABELS
from generator.search_offline import IndexedHub, offline_files
from generator.search_records import (
    SearchRecord,
    hub_record,
    hub_search_text,
    record_bytes,
    record_from_bytes,
)
from generator.search_terms import DIGITS, file_name, partition, term_line, words
from generator.urls import hub_path

FOLDED = [
    ("Crème Brûlée", ["creme", "brulee"]),
    ("STRASSE Straße STRAẞE", ["strasse", "straße", "straße"]),
    ("ΟΔΟΣ Οδός", ["οδος", "οδος"]),
    ("İstanbul", ["istanbul"]),
    ("東京大学の研究", ["東京大学の研究"]),
    ("GPT-3 uses 1,000 x_y", ["gpt", "3", "uses", "1", "000", "x", "y"]),
    ("l'été don’t", ["l", "ete", "don", "t"]),
    ("nai\u0308ve Ærø ½", ["naive", "ærø", "½"]),
    ("𐐀𐐁 ﬁnal", ["𐐨𐐩", "ﬁnal"]),
]
"""Tricky text and its words: accents (composed or not), ß, Greek final sigma, dotted I,
CJK, digits and punctuation, apostrophes, letters beyond the BMP, a ligature."""
LABEL_NAMES = [rule.label for rule in DEFAULT_LABELS]


def corpus_of(content: Path) -> Corpus:
    """Load and derive a content folder as the build does."""
    checked = check(content)
    return derive(checked.hubs, checked.config, checked.facts)


def indexed(view: HubView, record: bytes | None = None) -> IndexedHub:
    """``view`` as the offline index takes it (with a record of its own, or its real one)."""
    s = view.summary
    return IndexedHub(
        record_bytes(hub_record(view)) if record is None else record,
        None,
        s.label,
        tuple(r.name for r in s.roles if r.count),
        tuple(p.name for p in s.polarities if p.count),
    )


def index_files(corpus: Corpus) -> dict[str, bytes]:
    """Every offline index file of ``corpus``."""
    config = corpus.config
    hubs = [indexed(v) for v in corpus.hubs]
    return offline_files(hubs, LABEL_NAMES, config.roles, config.polarities)


def script_data(data: bytes) -> Any:
    """The JSON argument a ``window.HUBGEN_SEARCH_*(...)`` script passes (its last one)."""
    text = data.decode("utf-8")
    start = min(i for i in (text.find("{", text.index("(")), text.find("[")) if i >= 0)
    return json.loads(text[start : text.rindex(")")])


def number(digits: str, base: int) -> int:
    """The number ``digits`` (of search_terms.DIGITS) stand for."""
    value = 0
    for digit in digits:
        value = value * base + DIGITS.index(digit)
    return value


def decode_postings(text: str, width: int) -> dict[int, tuple[int, bool]]:
    """``{hub number: (count, in title)}`` of one term's postings."""
    found = {}
    for k in range(0, len(text), width + 1):
        code = DIGITS.index(text[k + width])
        found[number(text[k : k + width], 64)] = (code // 2 + 1, bool(code % 2))
    return found


@pytest.fixture(scope="module")
def example() -> Corpus:
    return corpus_of(FIXTURES / "example" / "content")


# --- Words --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), FOLDED)
def test_words_are_folded_and_split_as_search_js_does(text: str, expected: list[str]) -> None:
    assert words(text) == expected


# --- Records ------------------------------------------------------------------------------


def test_a_record_round_trips_through_bytes(example: Corpus) -> None:
    for view in example.hubs:
        record = hub_record(view)
        assert record_from_bytes(record_bytes(record)) == record


def test_a_record_counts_every_word_of_the_hub_and_flags_title_words(example: Corpus) -> None:
    view = next(v for v in example.hubs if v.hub.slug == "alpha")
    record = hub_record(view)
    counts = Counter(words(view.hub.title + " " + hub_search_text(view)))
    coded = {}
    for line in record.terms.split("\n"):
        code, *terms = line.split(" ")
        coded.update(dict.fromkeys(terms, DIGITS.index(code)))
    assert set(coded) == set(counts)
    for term, code in coded.items():
        assert code // 2 + 1 == min(counts[term], 20), term
        assert code % 2 == (term in words(view.hub.title)), term
    assert "things" in coded and "counted" in coded  # title, abstract


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"hubs/alpha/index.html"', '"hubs/alpha/index.html"]);alert(1);//"'),  # row ends
        ('"hubs/alpha/index.html"', '"x\\"'),  # string never closes
        ("\n- ", '\n- a"b '),  # a quote in a term
        ("\n- ", "\n- a\\b "),  # a backslash in a term
        ("\n- ", "\n- a\u2028b "),  # a line break for JavaScript
        ("\n- ", "\n! "),  # no posting code
        (',"Alpha Paper on Things",', ","),  # two strings, not three
    ],
)
def test_a_record_that_could_break_a_script_is_refused(example: Corpus, old: str, new: str) -> None:
    data = record_bytes(hub_record(next(v for v in example.hubs if v.hub.slug == "alpha")))
    text = data.decode("utf-8")
    assert old in text
    assert record_from_bytes(text.replace(old, new, 1).encode("utf-8")) is None
    assert record_from_bytes(data[:-1] + b"\xff") is None  # not UTF-8
    assert record_from_bytes(b"") is None


def test_a_hub_without_citations_is_indexed_by_its_title(example: Corpus) -> None:
    view = next(v for v in example.hubs if not v.hub.citations)
    record = hub_record(view)
    assert sorted(record.terms.split()[1:]) == sorted(words(view.hub.title))
    assert json.loads(record.doc) == [hub_path(view.hub.slug), view.hub.title, ""]


# --- Site-wide files ----------------------------------------------------------------------


def test_postings_give_back_every_hubs_counts_and_title_flags(example: Corpus) -> None:
    files = index_files(example)
    index = script_data(files[search_offline.INDEX_FILE])
    assert index["hubs"] == len(example.hubs)
    terms: dict[str, str] = {}
    for _bound, name in index["terms"]:
        terms.update(script_data(files[f"{search_terms.TERMS_DIR}/{name}.js"]))
    expected: dict[str, dict[int, tuple[int, bool]]] = {}
    for n, view in enumerate(example.hubs):
        title = set(words(view.hub.title))
        for term, count in Counter(words(view.hub.title + " " + hub_search_text(view))).items():
            expected.setdefault(term, {})[n] = (min(count, 20), term in title)
    assert {t: decode_postings(p, index["width"]) for t, p in terms.items()} == expected


def test_the_filters_table_codes_each_hubs_label_roles_and_polarities(example: Corpus) -> None:
    index = script_data(index_files(example)[search_offline.INDEX_FILE])
    labels, roles, polarities = index["labels"], index["roles"], index["polarities"]
    size = sum(index["fields"])
    codes = "".join(index["filters"])
    assert all(len(row) == size * index["filterRow"] for row in index["filters"][:-1])
    for n, view in enumerate(example.hubs):
        code = codes[n * size : (n + 1) * size]
        label_digits, role_digits = index["fields"][:2]
        flags = number(code[label_digits:][::-1], 32)  # least significant digit first
        summary = view.summary
        assert labels[number(code[:label_digits], 32)] == summary.label
        assert [r for i, r in enumerate(roles) if flags >> i & 1] == [
            r.name for r in summary.roles if r.count
        ]
        flags >>= 5 * role_digits
        assert [p for i, p in enumerate(polarities) if flags >> i & 1] == [
            p.name for p in summary.polarities if p.count
        ]


def test_the_same_records_give_the_same_bytes(example: Corpus) -> None:
    files = index_files(example)
    assert index_files(corpus_of(FIXTURES / "example" / "content")) == files
    assert all(b"\r" not in data for data in files.values())
    assert all(path.startswith("search/") for path in files)


def files_for(listing: list[list[str]], term: str) -> list[int]:
    """The files search.js loads for a query term of two characters or more."""
    bounds = [bound for bound, _name in listing]
    at = max((i for i, b in enumerate(bounds) if b <= term), default=-1)
    found = [at] if at >= 0 else []
    return found + [i for i in range(at + 1, len(bounds)) if bounds[i].startswith(term)]


def lines_of(terms: list[str], length: int) -> list[str]:
    """Lines of a terms file for ``terms``, each ``length`` characters long."""
    return [term_line(t, "-" * (length - len(t) - 5)) for t in terms]


def test_terms_files_split_by_prefix_while_over_the_limit() -> None:
    terms = sorted(
        [f"th{c}{i}" for c in "aeiou" for i in range(8)]  # a crowded prefix
        + ["t", "th", "tz", "zebra", "zero", "zeta", "a", "ab", "abc"]
    )
    sizes = [14] * len(terms)  # with the line break
    files = partition(lines_of(terms, 12), 140)
    assert [t for _key, start, end in files for t in terms[start:end]] == terms  # in order
    for (key, start, end), following in zip(files, [*files[1:], ("~", 0, 0)], strict=True):
        assert key <= terms[start] and terms[end - 1] < following[0]  # a file is a range
        assert all(t.startswith(key[:-1]) for t in terms[start:end])  # of one parent prefix
        assert sum(sizes[start:end]) <= 140 or end - start == 1
    keys = [key for key, _start, _end in files]
    # "t" and "th" are split, the others not; "th" and its first child share a file
    assert keys == ["a", "t", "th", "the", "thi", "tho", "thu", "tz", "z"]
    listing = [[key, file_name(key)] for key, _s, _e in files]
    for prefix in ["th", "the", "the1", "tz", "ze", "ab", "qq"]:
        held = {t for i in files_for(listing, prefix) for t in terms[files[i][1] : files[i][2]]}
        assert {t for t in terms if t.startswith(prefix)} <= held, prefix
        assert len(files_for(listing, prefix)) == (5 if prefix == "th" else 1)


def test_a_change_under_one_prefix_leaves_the_other_files_alone() -> None:
    terms = sorted(f"{a}{b}{i}" for a in "abc" for b in "xyz" for i in range(20))
    before = partition(lines_of(terms, 12), 420)
    grown = sorted([*terms, "by99", "by98"])
    after = partition(lines_of(grown, 12), 420)
    unchanged = [(k, [terms[i] for i in range(s, e)]) for k, s, e in before if k[0] != "b"]
    kept = [(k, [grown[i] for i in range(s, e)]) for k, s, e in after if k[0] != "b"]
    assert unchanged == kept


# --- Taking over the last build's files -------------------------------------------------

WORDS = [f"w{i}" for i in range(60)] + ["a", "é", "東京", "𐐨x"]


def made_up(rng: random.Random, n: int) -> bytes:
    """The record of a made-up hub ``n``: some words, counts and title flags at random."""
    groups: dict[str, list[str]] = {}
    for word in rng.sample(WORDS, rng.randint(0, 12)):
        code = search_terms.posting_code(rng.choice([1, 1, 2, 5, 30]), rng.random() < 0.2)
        groups.setdefault(code, []).append(word)
    terms = "\n".join(f"{c} {' '.join(sorted(w))}" for c, w in sorted(groups.items()))
    return record_bytes(SearchRecord(f'["hubs/{n}/index.html","Hub {n}","{rng.random()}"]', terms))


def site_of(records: list[bytes], old: list[bytes | None]) -> list[IndexedHub]:
    """Made-up hubs with these records (and these of the last build)."""
    return [
        IndexedHub(r, o, LABEL_NAMES[n % 5], ("method",) * (n % 2), ())
        for n, (r, o) in enumerate(zip(records, old, strict=True))
    ]


def build_index(
    hubs: list[IndexedHub], previous: dict[str, bytes] | None = None
) -> dict[str, bytes]:
    """The offline index of made-up hubs, taking over what it can from ``previous``."""
    vocab = (LABEL_NAMES, ["method", "data"], ["neutral"])
    return offline_files(hubs, *vocab, (previous or {}).get)


@pytest.mark.parametrize("seed", range(6))
def test_an_index_changed_from_the_last_one_is_the_one_made_afresh(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    inverted: list[int] = []  # how many hubs' terms each build inverted
    invert = search_offline.invert
    monkeypatch.setattr(
        search_offline, "invert", lambda hubs: inverted.append(len(hubs)) or invert(hubs)
    )
    rng = random.Random(seed)
    count = 70  # hub numbers of two digits
    records = [made_up(rng, n) for n in range(count)]
    files = build_index(site_of(records, [None] * count))
    for _round in range(3):
        old = list(records)
        for n in rng.sample(range(count), rng.randint(1, 8)):
            records[n] = made_up(rng, n)
        records[0] = records[0][:1] + records[0][1:]  # equal bytes, another object
        inverted.clear()
        changed = build_index(site_of(records, old), files)  # type: ignore[arg-type]
        assert inverted == []  # taken over from the last build's files
        assert changed == build_index(site_of(records, [None] * count))
        assert inverted == [count]
        files = changed


def test_an_index_that_does_not_fit_the_last_build_is_made_afresh() -> None:
    rng = random.Random(1)
    records = [made_up(rng, n) for n in range(40)]
    files = build_index(site_of(records, [None] * 40))
    hub = next(n for n, r in enumerate(records) if len(r.split()) > 6)  # with some terms
    edited = [made_up(rng, n) if n in (hub, 5) else r for n, r in enumerate(records)]
    afresh = build_index(site_of(edited, [None] * 40))
    moved: list[bytes | None] = list(records)
    moved[hub] = made_up(rng, hub)  # not what the last index was made from
    assert build_index(site_of(edited, moved), files) == afresh
    broken = {p: d for p, d in files.items() if "/terms/" not in p}  # files missing
    assert build_index(site_of(edited, list(records)), broken) == afresh
    unreadable: list[bytes | None] = [b"broken" if n == 5 else r for n, r in enumerate(records)]
    assert build_index(site_of(edited, unreadable), files) == afresh


def test_file_names_are_distinct_ascii_on_every_file_system() -> None:
    keys = ["", "ab", "con", "aux", "ß", "σ", "ς", "東京", "𐐨", "a" * 50, "a" * 49 + "b"]
    names = [file_name(k) for k in keys]
    assert len(set(names)) == len(keys)
    assert all(re.fullmatch(r"[a-z0-9_-]{1,41}", n) for n in names), names
    assert file_name("con") != "con" and file_name("ab") == "ab"


def test_a_broken_cached_record_is_made_again(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "example", root)
    build_project(root)
    cache = BuildCache(root / "content")
    pages = cache.pages()
    good = pages["alpha"].search
    cache.save_pages({**pages, "alpha": replace(pages["alpha"], search=b"broken")})
    beta = root / "content" / "hubs" / "beta.md"
    beta.write_text(beta.read_text("utf-8").replace("about beta", "about Beta"), "utf-8")
    assert build_project(root).rendered_hubs == 1  # beta; alpha is kept
    assert cache.pages()["alpha"].search == good
    clean = tmp_path / "clean"
    shutil.copytree(root / "content", clean / "content")
    build_project(clean, clean=True)
    search = Path("search")
    for path in sorted((clean / "site" / search).rglob("*")):
        rel = path.relative_to(clean / "site")
        assert path.is_dir() or (root / "site" / rel).read_bytes() == path.read_bytes(), rel


# --- Searching from disk ----------------------------------------------------------------

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "pa"]
VOCABULARY = ["a", "x", *(f"{p}{q}{r}" for p in SYLLABLES for q in SYLLABLES for r in "nst")]
"""Words of the generated hubs: two one-letter words and 300 of three syllables' worth."""
ROLES = ["background", "method", "comparison", "extension", "critique"]
POLARITIES = ["supporting", "neutral", "contrasting"]
SHOWN = 30
"""Results search.js shows (MAX_RESULTS)."""


def generated_hub(rng: random.Random, n: int) -> str:
    """The YAML record of generated hub ``n``: words drawn with a long tail."""

    def text(count: int) -> str:
        picks = rng.choices(
            VOCABULARY, weights=[1 / (i + 1) for i in range(len(VOCABULARY))], k=count
        )
        return " ".join(picks)

    citations = [
        {
            "title": text(5),
            "year": 2020,
            "summary": text(6),
            "role": rng.choice(ROLES),
            **({"polarity": rng.choice(POLARITIES)} if rng.random() < 0.8 else {}),
        }
        for _ in range(rng.randint(0, 6))
    ]
    record = {
        "id": f"doi:10.1/{n}",
        "slug": f"hub-{n:03d}",
        "title": f"{text(3).capitalize()} {n}",
        "abstract": text(25),
        "claims": [{"text": text(6)}],
        "citations": citations,
    }
    return json.dumps(record, ensure_ascii=False)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus]:
    """A site of 300 generated hubs and the tricky ones (one per FOLDED text), built with
    small terms and docs files, so that the index has many; and its corpus."""
    root = tmp_path_factory.mktemp("offline") / "project"
    hubs = root / "content" / "hubs"
    hubs.mkdir(parents=True)
    (root / "content" / "site.yaml").write_text("title: Generated\n", "utf-8")
    rng = random.Random(7)
    for n in range(300):
        (hubs / f"hub-{n:03d}.yaml").write_text(generated_hub(rng, n), "utf-8")
    for n, (text, _words) in enumerate(FOLDED):
        record = {"id": f"doi:10.2/{n}", "slug": f"tricky-{n}", "title": f"Tricky {text}"}
        (hubs / f"tricky-{n}.yaml").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    # Words beyond the BMP and just below its end, in files of their own: they sort in
    # one order by code point (as Python does) and in another by UTF-16 unit.
    wide = " ".join(f"{c}{i}" for c in "\ufb01\U00010428" for i in range(200))
    record = {"id": "doi:10.3/1", "slug": "wide", "title": "Wide", "abstract": wide}
    (hubs / "wide.yaml").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_terms, "FILE_BYTES", 2048)
        patch.setattr(search_offline, "DOCS_PER_FILE", 8)
        build_project(root)
    return root / "site", corpus_of(root / "content")


def expected(corpus: Corpus, query: str, **filters: str) -> tuple[list[str], int]:
    """The first results and how many there are, as search.js ranked them before the
    index was split: by words of the whole text, title hits first, then counts."""
    terms = words(query)
    ranked = []
    for n, view in enumerate(corpus.hubs):
        s = view.summary
        if filters.get("label", s.label) != s.label:
            continue
        if "role" in filters and filters["role"] not in [r.name for r in s.roles if r.count]:
            continue
        if "polarity" in filters and filters["polarity"] not in [
            p.name for p in s.polarities if p.count
        ]:
            continue
        every = words(view.hub.title + " " + hub_search_text(view))
        title = words(view.hub.title)
        score = 0
        for term in terms:
            found = [w for w in every if (w == term if len(term) == 1 else w.startswith(term))]
            if not found:
                break
            score += 1 + 10 * any(w in found for w in title) + min(len(found), 20)
        else:
            ranked.append((-score, n, hub_path(view.hub.slug)))
    ranked.sort()
    return [url for _score, _n, url in ranked[:SHOWN]], len(ranked)


def search_from_disk(page: Any, site: Path, query: str, **filters: str) -> tuple[list[str], int]:
    """Search the site opened from disk; return the results' links and how many match."""
    page.goto((site / "index.html").as_uri())
    for name, value in filters.items():
        page.select_option(f"#search-{name}", value)
    page.fill("#search-input", query)
    done = f"“{query}”" if query else "match"
    page.wait_for_function(
        "done => document.getElementById('search-status').textContent.includes(done)", arg=done
    )
    status = page.inner_text("#search-status")
    links = page.eval_on_selector_all(
        "#search-results li > a", "els => els.map(e => e.getAttribute('href'))"
    )
    total = 0 if status.startswith("No hubs") else int(re.search(r"\d+", status)[0])  # type: ignore[index]
    return links, total


def loaded(page: Any, folder: str) -> list[str]:
    """The scripts under ``search/<folder>/`` the page has added."""
    sources = page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    return [s.split("/site/", 1)[1] for s in sources if f"/search/{folder}/" in s]


@pytest.mark.parametrize(
    "query",
    ["kalon", "ka", "mi", "rusat pavot", "KALON  loMIn", "x", "x kalon", "zzz", "mineka 17"],
)
def test_a_search_from_disk_ranks_as_the_whole_index_did(
    generated: tuple[Path, Corpus], page: Any, query: str
) -> None:
    site, corpus = generated
    links, total = search_from_disk(page, site, query)
    assert (links, total) == expected(corpus, query)
    index = script_data((site / search_offline.INDEX_FILE).read_bytes())
    listing = index["terms"]
    needed = {
        f"search/terms/{listing[i][1]}.js"
        for term in words(query)
        for i in files_for(listing, term)[: 1 if len(term) == 1 else None]
    }
    assert set(loaded(page, "terms")) == needed
    assert len(needed) <= len(listing) / 2  # split, and even "ka" needs under half of it
    number = {hub_path(v.hub.slug): n for n, v in enumerate(corpus.hubs)}
    docs = {f"search/docs/{number[url] // index['docsPerFile']}.js" for url in links}
    assert set(loaded(page, "docs")) == docs


def test_a_query_loads_a_small_part_of_the_index(generated: tuple[Path, Corpus], page: Any) -> None:
    site, _corpus = generated
    search_from_disk(page, site, "rusat pavot")
    every = sum(p.stat().st_size for p in (site / "search").rglob("*.js"))
    read = sum((site / p).stat().st_size for p in loaded(page, "terms") + loaded(page, "docs"))
    assert read + (site / "search" / "index.js").stat().st_size < every / 4


@pytest.mark.parametrize(
    "filters",
    [
        {"label": "Mixed citations"},
        {"role": "critique"},
        {"polarity": "contrasting", "role": "method"},
        {"label": "Few citations", "polarity": "neutral"},
    ],
)
@pytest.mark.parametrize("query", ["", "kalon"])
def test_filters_narrow_the_results_from_disk(
    generated: tuple[Path, Corpus], page: Any, query: str, filters: dict[str, str]
) -> None:
    site, corpus = generated
    links, total = search_from_disk(page, site, query, **filters)
    assert (links, total) == expected(corpus, query, **filters)
    assert total or filters.get("label") == "Few citations"


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("creme BRULEE", "tricky-0"),
        ("straße STRAẞE", "tricky-1"),
        ("οδος", "tricky-2"),
        ("Istanbul", "tricky-3"),
        ("東京大学", "tricky-4"),
        ("gpt 3 1 000 x_y", "tricky-5"),
        ("ÉTÉ l don't", "tricky-6"),
        ("NAÏVE ÆRØ ½", "tricky-7"),
        ("𐐀𐐁 ﬁn", "tricky-8"),
        ("𐐀77 ﬁ77", "wide"),
    ],
)
def test_search_js_folds_queries_as_the_index_folds_words(
    generated: tuple[Path, Corpus], page: Any, query: str, slug: str
) -> None:
    site, corpus = generated
    links, _total = search_from_disk(page, site, query)
    assert f"hubs/{slug}/index.html" in links
    assert (links, _total) == expected(corpus, query)


def test_the_snippet_marks_the_words_a_query_matches(
    generated: tuple[Path, Corpus], page: Any
) -> None:
    site, _corpus = generated
    search_from_disk(page, site, "Tricky creme")
    snippet = page.inner_html("#search-results li:first-child")
    soup = BeautifulSoup(snippet, "html.parser")
    assert [m.get_text() for m in soup.find_all("mark")] == []  # tricky hubs have no abstract
    search_from_disk(page, site, "kalon")
    first = BeautifulSoup(page.inner_html("#search-results"), "html.parser").find("li")
    assert first is not None
    marks = [m.get_text().lower() for m in first.find_all("mark")]
    assert marks and set(marks) == {"kalon"}
    assert not first.find_all("script")
