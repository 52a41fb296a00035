"""``hubgen import s2|openalex``: saved API responses become hub records, merged safely."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import ProjectMaker, build_project, soup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import cli
from generator.importers import (
    MergeConflict,
    dump_record,
    import_openalex,
    import_s2,
    merge_records,
    normalise_title,
    rebuild_abstract,
    slugify,
)

FIXTURES = Path(__file__).parent / "fixtures" / "import"
S2_PAPER = FIXTURES / "s2_paper.json"
S2_PAGE = FIXTURES / "s2_citations_page.json"
S2_LIST = FIXTURES / "s2_citations_list.json"
OA_WORK = FIXTURES / "openalex_work.json"
OA_PAGE = FIXTURES / "openalex_cites_page.json"
OA_LIST = FIXTURES / "openalex_works_list.json"
EXISTING = FIXTURES / "existing_hub.yaml"


def s2(paper: Path, pages: Sequence[Path] = ()) -> dict[str, Any]:
    return import_s2(paper, pages).record


def oa(work: Path, pages: Sequence[Path] = ()) -> dict[str, Any]:
    return import_openalex(work, pages).record


def run(*args: str | Path) -> Result:
    # Through the root group, as a user runs it (a subgroup invoked alone caches its own
    # --help option, which changes the generated docs/cli.md for later tests).
    return CliRunner().invoke(cli, ["import", *(str(a) for a in args)])


def by_title(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["title"]: c for c in record["citations"]}


# Semantic Scholar


def test_s2_paper_fields_and_key_order() -> None:
    record = s2(S2_PAPER)
    assert list(record) == [
        "id",
        "slug",
        "title",
        "authors",
        "year",
        "venue",
        "url",
        "abstract",
        "coverage",
        "citations",
    ]
    assert record["slug"] == "sparse-probing-of-recurrent-memory-in-language-models"
    assert record["coverage"] == {"known": 4, "source": "Semantic Scholar"}
    assert record["id"] == "arxiv:2401.01234"  # ArXiv wins over DOI
    assert record["title"] == "Sparse Probing of Recurrent Memory in Language Models"
    assert record["authors"] == ["Ada Quill", "Bo Ferreira-Lund"]  # null name dropped
    assert record["venue"] == "Journal of Imaginary Results"  # empty venue → publicationVenue
    assert record["abstract"] == (
        "We probe recurrent memory in small language models.\n"
        "Probes are sparse and linear.\n\nCode is public."
    )


def test_s2_embedded_citations_ids_urls_and_venues() -> None:
    cites = s2(S2_PAPER)["citations"]
    assert [c["id"] for c in cites] == [
        "arxiv:2402.00001",
        "doi:10.5555/mixed.case.77",
        "acl:2024.fake-long.12",
        "s2:c0000000000000000000000000000000000000a4",
    ]
    survey, dialogue, note = cites[1], cites[2], cites[3]
    assert survey["url"] == "https://doi.org/10.5555/mixed.case.77"
    assert survey["venue"] == "Annals of Made-Up Science"
    assert "authors" not in survey  # empty list omitted
    assert "url" not in dialogue  # ftp url dropped, no arXiv/DOI to fall back on
    assert dialogue["venue"] == "Proceedings of Pretend NLP"
    assert note["year"] == 2022  # "2022" string accepted
    assert all("role" not in c and "context" not in c for c in cites)
    assert list(cites[0]) == ["title", "id", "year", "authors", "venue", "url"]


def test_s2_citations_page_roles_and_contexts() -> None:
    cites = by_title(s2(S2_PAPER, [S2_PAGE]))
    revisited = cites["Memory Probes Revisited"]  # embedded, then again in the page
    assert revisited["role"] == ["method", "comparison"]
    assert revisited["context"] == [
        "Following [12], we train sparse probes.",
        "Our results match the memory curves of [12].",
    ]
    assert revisited["venue"] == "arXiv.org"  # kept from the first sighting
    assert cites["Attention Is Not Memory"]["role"] == "background"  # unknown intent dropped
    no_intents = cites["A Paper With No Intents"]
    assert "role" not in no_intents and "context" not in no_intents
    assert cites["Intents Only Per Sentence"]["role"] == "method"  # from contextsWithIntent
    assert all("representative" not in c for c in cites.values())  # isInfluential ignored


def test_s2_bare_list_merges_a_paper_seen_twice() -> None:
    cites = s2(S2_PAPER, [S2_LIST])["citations"]
    assert [c["title"] for c in cites][-2:] == ["Listed Once, Seen Twice", "Dense Probes Win"]
    twice = cites[-2]
    assert twice["id"] == "doi:10.5555/list.one"
    assert twice["role"] == ["background", "comparison"]
    assert twice["context"] == ["As shown by [4], memory decays.", "We compare against [4]."]
    assert twice["venue"] == "Workshop on Pretend Results"  # filled from the second sighting


def test_s2_nulls_everywhere() -> None:
    record = s2(FIXTURES / "s2_nulls.json", [FIXTURES / "s2_citations_nulls.json"])
    assert record == {
        "id": "s2:9f00000000000000000000000000000000000000",
        "slug": "s2-9f00000000000000000000000000000000000000",  # no title: from the id
        "citations": [
            {
                "title": "Only A Title",
                "id": "s2:9f00000000000000000000000000000000000002",
                "context": ["A real sentence [1]."],
            }
        ],
    }


# OpenAlex


def test_openalex_work_and_rebuilt_abstract() -> None:
    record = oa(OA_WORK)
    assert record == {
        "id": "doi:10.5555/open.data.2021",
        "slug": "open-data-for-open-science",
        "title": "Open Data for Open Science",
        "authors": ["Mina Soto", "Noor Haddad", "Olu Adeyemi"],
        "year": 2021,
        "venue": "Journal of Pretend Openness",
        "url": "https://example.org/articles/open-data",
        "abstract": "Open data helps open science, and open data needs care.",
        "coverage": {"known": 3, "source": "OpenAlex"},
    }


def test_rebuild_abstract_skips_bad_positions() -> None:
    assert rebuild_abstract({"b": [2], "a": [0, "x", -1, True], "gap": [5]}) == "a b gap"
    assert rebuild_abstract(None) == ""


def test_openalex_cites_page_and_bare_list() -> None:
    record = oa(OA_WORK, [OA_PAGE, OA_LIST])
    cites = record["citations"]
    assert [c["id"] for c in cites] == [
        "doi:10.5555/citer.one",
        "openalex:W4100000002",
        "doi:10.5555/citer.three",
        "doi:10.5555/citer.four",
    ]
    assert cites[0]["venue"] == "Annals of Data Reuse"
    assert cites[1] == {
        "title": "A Preprint Without a DOI",
        "id": "openalex:W4100000002",
        "year": 2024,
    }  # javascript: url dropped, no DOI to fall back on
    assert cites[2]["url"] == "https://doi.org/10.5555/citer.three"  # malformed landing url
    assert cites[3]["venue"] == "Old-Schema Venue"  # host_venue of older responses
    assert all("role" not in c and "polarity" not in c for c in cites)


# Merge


def test_merge_keeps_edited_fields_and_adds_new_citations() -> None:
    existing = yaml.safe_load(EXISTING.read_text(encoding="utf-8"))
    merged, stats = merge_records(existing, s2(S2_PAPER, [S2_PAGE]))
    assert merged["slug"] == "sparse-probing"
    assert merged["abstract"] == "Edited abstract, written by hand.\n"
    assert merged["claims"] == existing["claims"]
    assert merged["cocited"] == existing["cocited"] and merged["tools"] == existing["tools"]
    assert merged["year"] == 2024 and merged["venue"] == "Journal of Imaginary Results"
    cites = merged["citations"]
    revisited = cites[0]
    assert revisited["role"] == "extension"  # the person's role wins
    assert revisited["summary"] == "Revisits the probes and finds them robust."
    assert revisited["polarity"] == "supporting" and revisited["representative"] is True
    assert revisited["notes"] == "keep me"
    assert revisited["year"] == 2024 and revisited["authors"] == ["Chen Wei"]
    assert revisited["context"] == [
        "Following [12], we train sparse probes.",
        "Our results match the memory curves of [12].",
    ]
    survey = cites[1]  # matched on its normalised title, so it gains the id
    assert survey["title"] == "A survey of probing!"
    assert survey["id"] == "doi:10.5555/mixed.case.77"
    assert survey["polarity"] == "neutral"
    assert cites[2]["title"] == "Hand Added Paper Not In Any API"  # never dropped
    assert [c["title"] for c in cites[3:5]] == ["Probing Dialogue Agents", "Untitled Workshop Note"]
    assert (stats.total, stats.new, stats.updated) == (8, 5, 2)
    assert stats.summary() == "8 citing papers (5 new, 2 updated, 1 kept)"
    assert existing["year"] == 2023  # the input is not modified


def test_merge_fills_role_only_when_the_person_set_none() -> None:
    existing = {"id": "x:1", "citations": [{"title": "A", "id": "doi:1"}]}
    imported = {"id": "x:1", "citations": [{"title": "A", "id": "doi:1", "role": "method"}]}
    merged, _ = merge_records(existing, imported)
    assert merged["citations"][0]["role"] == "method"


def test_merge_does_not_repeat_a_context_that_differs_only_in_spacing() -> None:
    existing = {"id": "x:1", "citations": [{"title": "A", "context": "As in  [3]."}]}
    imported = {"id": "x:1", "citations": [{"title": "A", "context": ["as in [3].", "New."]}]}
    merged, _ = merge_records(existing, imported)
    assert merged["citations"][0]["context"] == ["As in  [3].", "New."]


def test_merge_new_key_goes_to_its_place_in_order() -> None:
    existing = {"id": "x:1", "title": "T", "citations": []}
    merged, _ = merge_records(existing, {"id": "x:1", "title": "T", "year": 2020})
    assert list(merged) == ["id", "slug", "title", "year", "citations"]
    assert merged["slug"] == "t"  # pinned where the page is now


def test_merge_refuses_a_different_paper() -> None:
    with pytest.raises(MergeConflict):
        merge_records({"id": "doi:10.1/a", "title": "A"}, {"id": "doi:10.1/b", "title": "B"})
    merged, _ = merge_records(
        {"id": "doi:10.1/a", "title": "Same"}, {"id": "arxiv:1", "title": "same"}
    )
    assert merged["id"] == "doi:10.1/a"


def test_normalise_title() -> None:
    assert normalise_title("  A Survey:\tof  PROBING! ") == normalise_title("a survey of probing")


# YAML output


def test_output_is_deterministic_and_round_trips() -> None:
    first = dump_record(s2(S2_PAPER, [S2_PAGE, S2_LIST]))
    second = dump_record(s2(S2_PAPER, [S2_PAGE, S2_LIST]))
    assert first == second
    assert yaml.safe_load(first) == s2(S2_PAPER, [S2_PAGE, S2_LIST])
    assert "abstract: |" in first
    assert "&" not in first and "*" not in first


def test_yaml_style_no_aliases_no_folding() -> None:
    shared = ["Same Author"]
    long_title = "word " * 60
    record = {
        "id": "x:1",
        "title": long_title.strip(),
        "citations": [{"title": "A", "authors": shared}, {"title": "B", "authors": shared}],
    }
    text = dump_record(record)
    assert "&id" not in text and "*id" not in text
    assert text.count("Same Author") == 2
    assert f"title: {long_title.strip()}\n" in text  # one line, not folded
    assert "\n  - title: A\n" in text  # block style, indented lists


@settings(max_examples=200, deadline=None)
@given(
    abstract=st.text(),
    title=st.text(),
    context=st.lists(st.text(), max_size=3),
)
def test_any_text_round_trips(abstract: str, title: str, context: list[str]) -> None:
    record = {
        "id": "x:1",
        "title": title,
        "abstract": abstract,
        "citations": [{"title": title, "context": context}],
    }
    assert yaml.safe_load(dump_record(record)) == record


def test_slugify() -> None:
    assert slugify("Straße: Æsop’s Łódź!") == "strasse-aesops-lodz"
    assert slugify("日本語") == ""
    long = slugify("Eliciting Latent Predictions from Transformers with the Tuned Lens " * 2)
    assert len(long) <= 60 and not long.endswith("-")
    assert long == "eliciting-latent-predictions-from-transformers-with-the"


# Command line


def test_cli_writes_default_path_and_reports(tmp_path: Path) -> None:
    content = tmp_path / "content"
    result = run("s2", S2_PAPER, S2_PAGE, "--content", content)
    assert result.exit_code == 0, result.output
    target = content / "hubs" / "sparse-probing-of-recurrent-memory-in-language-models.yaml"
    assert target.is_file()
    assert result.stderr == (
        "left out 1 intent that has no role on this site (futurework: 1); "
        "intent_roles: in site.yaml maps intents to roles\n"
        "imported 7 citing papers (Semantic Scholar citationCount: 4)\n"
        f"wrote {target}: 7 citing papers (7 new, 0 updated)\n"
    )
    assert yaml.safe_load(target.read_text(encoding="utf-8")) == s2(S2_PAPER, [S2_PAGE])


def test_cli_stdout(tmp_path: Path) -> None:
    result = run("openalex", OA_WORK, OA_PAGE, "-o", "-")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout) == oa(OA_WORK, [OA_PAGE])
    assert result.stderr == (
        "imported 3 of 3 known citing papers (OpenAlex cited_by_count)\n"
        "wrote <stdout>: 3 citing papers (3 new, 0 updated)\n"
    )


def test_cli_reimport_is_idempotent(tmp_path: Path) -> None:
    target = tmp_path / "hub.yaml"
    target.write_text(EXISTING.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("s2", S2_PAPER, S2_PAGE, S2_LIST, "-o", target).exit_code == 0
    once = target.read_bytes()
    again = run("s2", S2_PAPER, S2_PAGE, S2_LIST, "-o", target)
    assert again.exit_code == 0, again.output
    assert target.read_bytes() == once
    assert "(0 new, 9 updated, 1 kept)" in again.stderr


def test_cli_merges_into_markdown_and_keeps_body(tmp_path: Path) -> None:
    target = tmp_path / "hub.md"
    body = "## Notes\n\nA person wrote this.\n---\nStill the body.\n"
    target.write_text(
        f"---\nid: doi:10.5555/open.data.2021\nslug: open\n---\n{body}", encoding="utf-8"
    )
    result = run("openalex", OA_WORK, OA_PAGE, "-o", target)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    front, rest = text[4:].split("\n---\n", 1)
    assert rest == body
    record = yaml.safe_load(front)
    assert record["slug"] == "open" and len(record["citations"]) == 3


@pytest.mark.parametrize(
    "front",
    [
        "---\nid: doi:10.5555/open.data.2021\n...\nBody.\n",  # YAML's end marker
        "--- \nid: doi:10.5555/open.data.2021\n---\nBody.\n",  # a space after '---'
        "id: doi:10.5555/open.data.2021\n",  # no front matter at all
    ],
)
def test_markdown_front_matter_is_split_as_check_splits_it(tmp_path: Path, front: str) -> None:
    # One rule: a record that hubgen check refuses is not merged into either.
    hubs = tmp_path / "content" / "hubs"
    hubs.mkdir(parents=True)
    (hubs / "hub.md").write_text(front, encoding="utf-8")
    checked = CliRunner().invoke(cli, ["check", "--content", str(tmp_path / "content")])
    assert checked.exit_code == 1 and "front matter" in checked.output, checked.output
    result = run("openalex", OA_WORK, OA_PAGE, "-o", hubs / "hub.md")
    assert result.exit_code == 1, result.output
    assert "expected a Markdown record to merge into: expected" in result.output
    assert "front matter" in result.output
    assert (hubs / "hub.md").read_text(encoding="utf-8") == front


def test_cli_finds_a_renamed_hub_by_id(tmp_path: Path) -> None:
    hubs = tmp_path / "content" / "hubs"
    hubs.mkdir(parents=True)
    (hubs / "sparse-probing.yaml").write_text(
        EXISTING.read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = run("s2", S2_PAPER, "--content", tmp_path / "content")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in hubs.iterdir()) == ["sparse-probing.yaml"]


def test_cli_finds_a_hub_of_the_same_title_under_another_id(tmp_path: Path) -> None:
    hubs = tmp_path / "content" / "hubs"
    hubs.mkdir(parents=True)
    hub = hubs / "open.yaml"
    hub.write_text("id: arxiv:2101.99999\ntitle: 'Open data for open science.'\n", encoding="utf-8")
    result = run("openalex", OA_WORK, OA_PAGE, "--content", tmp_path / "content")
    assert result.exit_code == 0, result.output
    assert [p.name for p in hubs.iterdir()] == ["open.yaml"]
    record = yaml.safe_load(hub.read_text(encoding="utf-8"))
    assert record["id"] == "arxiv:2101.99999" and record["title"] == "Open data for open science."
    assert len(record["citations"]) == 3


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["s2", "{bad}"], "expected JSON, found a syntax error at line 1"),
        (["s2", "{missing}"], "expected a JSON file, found no such file"),
        (["s2", str(S2_PAGE)], "expected a Semantic Scholar paper object"),
        (["s2", str(S2_PAPER), "{bad}"], "expected JSON"),
        (["s2", str(S2_PAPER), str(S2_PAPER)], "expected a citations page"),
        (["s2", str(S2_PAPER), "{refs}"], "this is a /references page"),
        (["openalex", str(OA_PAGE)], "expected a single OpenAlex Work"),
        (["openalex", "{list}"], "expected a single OpenAlex Work"),
        (["openalex", str(OA_WORK), "{numbers}"], "item 0: expected a Work object, found a number"),
    ],
)
def test_cli_bad_input_names_the_file(tmp_path: Path, args: list[str], expected: str) -> None:
    files = {
        "bad": tmp_path / "bad.json",
        "missing": tmp_path / "missing.json",
        "refs": tmp_path / "refs.json",
        "list": tmp_path / "list.json",
        "numbers": tmp_path / "numbers.json",
    }
    files["bad"].write_text('{"paperId": "x",', encoding="utf-8")
    files["refs"].write_text('{"data": [{"citedPaper": {"title": "T"}}]}', encoding="utf-8")
    files["list"].write_text("[]", encoding="utf-8")
    files["numbers"].write_text("[1, 2]", encoding="utf-8")
    argv = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    result = run(*argv, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    named = next(a for a in reversed(argv) if a.endswith(".json") and a in result.stderr)
    assert result.stderr.startswith(f"Error: {named}: ")
    assert expected in result.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_cli_refuses_to_merge_another_paper(tmp_path: Path) -> None:
    target = tmp_path / "other.yaml"
    target.write_text("id: doi:10.9999/other\ntitle: Another Paper\n", encoding="utf-8")
    result = run("s2", S2_PAPER, "-o", target)
    assert result.exit_code == 1
    assert f"Error: {target}: expected a record of the same paper" in result.stderr
    assert target.read_text(encoding="utf-8") == "id: doi:10.9999/other\ntitle: Another Paper\n"


def test_cli_rejects_an_existing_file_that_is_not_a_record(tmp_path: Path) -> None:
    target = tmp_path / "list.yaml"
    target.write_text("- a\n- b\n", encoding="utf-8")
    result = run("s2", S2_PAPER, "-o", target)
    assert result.exit_code == 1
    assert "expected a record (a YAML mapping) to merge into, found a list of 2 items" in (
        result.stderr
    )


def test_cli_warns_about_a_paper_without_title() -> None:
    result = run("s2", FIXTURES / "s2_nulls.json", "-o", "-")
    assert result.exit_code == 0, result.output
    assert "warning: the paper has no title" in result.stderr


# Importers check what they are given (issue 11, section 3)

OA_ERROR = '{"error": "Invalid query parameters error.", "message": "filter is not valid"}'
S2_RATE_LIMIT = '{"message": "Too Many Requests. Please wait and try again.", "code": "429"}'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "named", "expected"),
    [
        (["s2", OA_WORK], OA_WORK, "found an OpenAlex Work: use 'hubgen import openalex'"),
        (["s2", S2_PAPER, OA_PAGE], OA_PAGE, "found an OpenAlex works page: use 'hubgen import"),
        (["openalex", S2_PAPER], S2_PAPER, "found a Semantic Scholar paper object: use 'hubgen"),
        (["openalex", OA_WORK, S2_PAGE], S2_PAGE, "found a Semantic Scholar citations page"),
        (["openalex", OA_WORK, S2_LIST], S2_LIST, "found a list of items like a Semantic"),
    ],
)
def test_a_file_of_the_other_service_is_refused(
    tmp_path: Path, args: list[Path | str], named: Path, expected: str
) -> None:
    out = tmp_path / "out.yaml"
    result = run(*args, "-o", out)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {named}: expected ")
    assert expected in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("command", "body", "message"),
    [
        ("s2", S2_RATE_LIMIT, "Too Many Requests. Please wait and try again. (code 429)"),
        ("s2", '{"error": "Paper with id X not found"}', "Paper with id X not found"),
        ("openalex", OA_ERROR, "filter is not valid"),
    ],
)
def test_a_saved_error_body_is_named_as_one(
    tmp_path: Path, command: str, body: str, message: str
) -> None:
    error = write(tmp_path / "error.json", body)
    paper = S2_PAPER if command == "s2" else OA_WORK
    out = tmp_path / "out.yaml"
    for args in ([error], [paper, error]):  # as the paper, and as a page of citing papers
        result = run(command, *args, "-o", out)
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(
            f"Error: {error}: this is an error response from the API: {message}"
        )
        assert "keys" not in result.stderr
        assert not out.exists()


def test_openalex_skips_works_that_do_not_cite_the_hub(tmp_path: Path) -> None:
    page = write(
        tmp_path / "page.json",
        """{"meta": {"count": 3}, "results": [
          {"id": "https://openalex.org/W9", "display_name": "Cites It",
           "referenced_works": ["https://openalex.org/W1", "https://openalex.org/W4000000001"]},
          {"id": "https://openalex.org/W8", "display_name": "Cites Something Else",
           "referenced_works": ["https://openalex.org/W1"]},
          {"id": "https://openalex.org/W7", "display_name": "References Not Given"}
        ]}""",
    )
    result = run("openalex", OA_WORK, page, "-o", "-")
    assert result.exit_code == 0, result.output
    titles = [c["title"] for c in yaml.safe_load(result.stdout)["citations"]]
    assert titles == ["Cites It", "References Not Given"]
    assert "skipped 1 work that does not cite W4000000001" in result.stderr


def test_coverage_is_printed_and_stored(tmp_path: Path) -> None:
    paper = json_copy(S2_PAPER, tmp_path / "paper.json", citationCount=10059)
    target = tmp_path / "hub.yaml"
    result = run("s2", paper, S2_PAGE, "-o", target)
    assert result.exit_code == 0, result.output
    assert "imported 7 of 10,059 known citing papers (Semantic Scholar citationCount)" in (
        result.stderr
    )
    record = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert record["coverage"] == {"known": 10059, "source": "Semantic Scholar"}
    # A re-import refreshes the count; a paper file without one keeps the stored count.
    run("s2", json_copy(S2_PAPER, paper, citationCount=10060), "-o", target)
    assert yaml.safe_load(target.read_text("utf-8"))["coverage"]["known"] == 10060
    result = run("s2", json_copy(S2_PAPER, paper, citationCount=None), "-o", target)
    assert "the service gave no count" in result.stderr
    assert yaml.safe_load(target.read_text("utf-8"))["coverage"]["known"] == 10060


def json_copy(source: Path, target: Path, **changes: Any) -> Path:
    data = json.loads(source.read_text(encoding="utf-8"))
    data.update(changes)
    return write(target, json.dumps(data))


def test_hub_page_shows_coverage_and_label_sources(scratch_project: ProjectMaker) -> None:
    root = scratch_project({"content/site.yaml": "title: T\n"})
    paper = json_copy(S2_PAPER, root / "paper.json", citationCount=10059)
    result = run("s2", paper, S2_PAGE, "--content", root / "content")
    assert result.exit_code == 0, result.output
    build_project(root)
    page = soup(root / "site/hubs/sparse-probing-of-recurrent-memory-in-language-models/index.html")
    header = page.select_one(".hub-header")
    assert header is not None
    coverage = header.select_one(".coverage")
    assert coverage is not None
    assert coverage.get_text(strip=True) == "7 of 10,059 known citing papers (Semantic Scholar)"
    notes = {
        item.cite.get_text(strip=True): item.select_one(".label-source")
        for item in page.select("#citation-list > li")
    }
    revisited = notes["Memory Probes Revisited"]
    assert revisited is not None
    assert revisited.get_text(strip=True) == "role from Semantic Scholar intents"
    assert notes["A Paper With No Intents"] is None  # no role, no note


def test_coverage_wording_when_the_service_counts_fewer(scratch_project: ProjectMaker) -> None:
    root = scratch_project(
        {
            "content/hubs/a.yaml": """
                id: doi:10.1/a
                title: A
                coverage: {known: 1, source: OpenAlex}
                citations: [{title: One}, {title: Two}]
            """
        }
    )
    build_project(root)
    coverage = soup(root / "site/hubs/a/index.html").select_one(".coverage")
    assert coverage is not None
    assert coverage.get_text(strip=True) == "2 citing papers (OpenAlex counts 1)"


def test_imported_records_pin_their_slug(tmp_path: Path) -> None:
    target = tmp_path / "hub.yaml"
    assert run("openalex", OA_WORK, "-o", target).exit_code == 0
    assert yaml.safe_load(target.read_text("utf-8"))["slug"] == "open-data-for-open-science"
    # A hand-made record without a slug gets the one its page has now, not the import's.
    write(target, "id: doi:10.5555/open.data.2021\ntitle: Open data (draft title)\n")
    assert run("openalex", OA_WORK, "-o", target).exit_code == 0
    record = yaml.safe_load(target.read_text("utf-8"))
    assert record["slug"] == "open-data-draft-title"
    assert record["title"] == "Open data (draft title)"


# Label provenance


def test_s2_roles_record_their_source() -> None:
    cites = by_title(s2(S2_PAPER, [S2_PAGE]))
    assert cites["Attention Is Not Memory"]["role_source"] == "Semantic Scholar intents"
    assert list(cites["Attention Is Not Memory"])[-3:] == ["role", "role_source", "context"]
    assert "role_source" not in cites["A Paper With No Intents"]


def test_reimport_updates_imported_labels_and_keeps_curated_ones() -> None:
    existing = {
        "id": "x:1",
        "citations": [
            {"title": "A", "id": "doi:1", "role": "background", "role_source": "S2 intents"},
            {"title": "B", "id": "doi:2", "role": "extension"},  # a person's role
            {"title": "C", "id": "doi:3", "role": "method", "role_source": "S2 intents"},
        ],
    }
    imported = {
        "id": "x:1",
        "citations": [
            {"title": "A", "id": "doi:1", "role": "method", "role_source": "Semantic Scholar"},
            {"title": "B", "id": "doi:2", "role": "method", "role_source": "Semantic Scholar"},
            {"title": "C", "id": "doi:3"},  # no intents this time: the old label stays
        ],
    }
    merged, _ = merge_records(existing, imported)
    a, b, c = merged["citations"]
    assert (a["role"], a["role_source"]) == ("method", "Semantic Scholar")
    assert b == {"title": "B", "id": "doi:2", "role": "extension"}
    assert (c["role"], c["role_source"]) == ("method", "S2 intents")


def test_cli_reimport_keeps_a_hand_edited_role(tmp_path: Path) -> None:
    target = tmp_path / "hub.yaml"
    assert run("s2", S2_PAPER, S2_PAGE, "-o", target).exit_code == 0
    record = yaml.safe_load(target.read_text("utf-8"))
    attention = next(c for c in record["citations"] if c["title"] == "Attention Is Not Memory")
    attention["role"] = "critique"  # edited by hand: the marker removed with it
    del attention["role_source"]
    target.write_text(dump_record(record), encoding="utf-8")
    write(tmp_path / "content/site.yaml", "roles: [background, method, comparison, critique]\n")
    result = run("s2", S2_PAPER, S2_PAGE, "-o", target, "--content", tmp_path / "content")
    assert result.exit_code == 0, result.output
    again = by_title(yaml.safe_load(target.read_text("utf-8")))
    assert again["Attention Is Not Memory"]["role"] == "critique"
    assert "role_source" not in again["Attention Is Not Memory"]
    assert again["Memory Probes Revisited"]["role_source"] == "Semantic Scholar intents"


# Every written record passes `hubgen check`

HOSTILE = "Bell\x07 nul\x00 esc\x1b[31m del\x7f c1\x9b nonchar\ufffe\uffff lone\ud800 end"


def hostile_json(value: Any) -> str:
    return json.dumps(value)  # json.dumps escapes the surrogate as \\ud800, as an API would


def test_hostile_text_never_reaches_a_record(tmp_path: Path) -> None:
    content = tmp_path / "content"
    paper = write(
        tmp_path / "paper.json",
        hostile_json(
            {
                "paperId": "p1",
                "externalIds": {"ArXiv": "2401 99999", "DOI": "10.1/has space"},
                "title": "Hostile " + HOSTILE,
                "abstract": "Line one " + HOSTILE + "\nLine two",
                "authors": [{"name": HOSTILE}],
                "venue": HOSTILE,
                "year": "²",
                "citationCount": 3,
            }
        ),
    )
    page = write(
        tmp_path / "page.json",
        hostile_json(
            {
                "data": [
                    {
                        "intents": ["methodology"],
                        "contexts": [HOSTILE, "\x00\x07"],
                        "citingPaper": {"paperId": "c1", "title": "Citing " + HOSTILE},
                    }
                ]
            }
        ),
    )
    work = write(
        tmp_path / "work.json",
        hostile_json(
            {
                "id": "https://openalex.org/W5",
                "display_name": "Other " + HOSTILE,
                "authorships": [{"author": {"display_name": HOSTILE}}],
                "abstract_inverted_index": {HOSTILE: [0]},
                "publication_year": "²",
            }
        ),
    )
    works = write(
        tmp_path / "works.json",
        hostile_json([{"id": "https://openalex.org/W6", "display_name": "Citing " + HOSTILE}]),
    )
    assert run("s2", paper, page, "--content", content).exit_code == 0
    assert run("openalex", work, works, "--content", content).exit_code == 0
    files = sorted((content / "hubs").iterdir())
    assert len(files) == 2
    for path in files:
        text = path.read_text("utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]", text)
        assert "lone\ufffd end" in yaml.safe_load(text)["title"]
    ids = sorted(yaml.safe_load(path.read_text("utf-8"))["id"] for path in files)
    assert ids == ["openalex:W5", "s2:p1"]  # the arXiv id and DOI with spaces were left out
    checked = CliRunner().invoke(cli, ["check", "--content", str(content)])
    assert checked.exit_code == 0, checked.output
    assert "Checked 2 hubs" in checked.stderr


def test_year_with_a_superscript_digit_is_left_out(tmp_path: Path) -> None:
    paper = write(tmp_path / "p.json", '{"paperId": "abc", "title": "T", "year": "²"}')
    result = run("s2", paper, "-o", "-")
    assert result.exit_code == 0, result.output
    assert "year" not in yaml.safe_load(result.stdout)


def test_json_integer_of_over_4300_digits(tmp_path: Path) -> None:
    paper = write(
        tmp_path / "p.json", '{"paperId": "abc", "title": "T", "year": ' + "9" * 5000 + "}"
    )
    result = run("s2", paper, "-o", "-")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {paper}: expected JSON numbers of at most 4,300 digits, found a longer one\n"
    )


def test_merging_into_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["id: s2:abc", "title: T", "a: &a [" + ", ".join(["lol"] * 9) + "]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    bomb = write(tmp_path / "bomb.yaml", "\n".join(lines) + "\n")
    before = bomb.read_bytes()
    paper = write(tmp_path / "p.json", '{"paperId": "abc", "title": "T"}')
    result = run("s2", paper, "-o", bomb)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bomb}: expected a YAML record to merge into, found")
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert bomb.read_bytes() == before


def test_reimport_finds_a_record_in_a_subfolder(tmp_path: Path) -> None:
    hubs = tmp_path / "content" / "hubs"
    nested = write(hubs / "probing" / "sparse.yaml", EXISTING.read_text(encoding="utf-8"))
    result = run("s2", S2_PAPER, "--content", tmp_path / "content")
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(hubs).as_posix() for p in hubs.rglob("*.yaml")) == [
        "probing/sparse.yaml"
    ]
    assert f"wrote {nested}:" in result.stderr


def test_a_symlinked_record_is_not_replaced(tmp_path: Path) -> None:
    real = write(tmp_path / "elsewhere" / "hub.yaml", EXISTING.read_text(encoding="utf-8"))
    hubs = tmp_path / "content" / "hubs"
    hubs.mkdir(parents=True)
    link = hubs / "sparse-probing.yaml"
    link.symlink_to(real)
    result = run("s2", S2_PAPER, "--content", tmp_path / "content")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {link}: expected a regular file to write, found a")
    assert link.is_symlink() and real.read_text("utf-8") == EXISTING.read_text("utf-8")
    assert sorted(p.name for p in hubs.iterdir()) == ["sparse-probing.yaml"]


@pytest.mark.parametrize("name", ["hub.markdown", "hub.txt", ".hidden.yaml", "hub.YAML"])
def test_only_file_names_that_load_reads_are_written(tmp_path: Path, name: str) -> None:
    result = run("s2", S2_PAPER, "-o", tmp_path / name)
    assert result.exit_code == 1
    assert "expected a record file name ending in .yaml, .yml, .md" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_dois_match_whatever_their_case() -> None:
    existing = {
        "id": "DOI:10.5555/OPEN.DATA.2021",
        "title": "Another title entirely",
        "citations": [{"title": "Old title", "id": "doi:10.5555/CITER.ONE", "summary": "Kept."}],
    }
    merged, stats = merge_records(existing, oa(OA_WORK, [OA_PAGE]))
    assert merged["id"] == "DOI:10.5555/OPEN.DATA.2021"  # same paper: merged, id kept
    first = merged["citations"][0]
    assert first["summary"] == "Kept." and first["id"] == "doi:10.5555/CITER.ONE"
    assert stats.updated == 1 and len(merged["citations"]) == 3


def test_cli_finds_the_hub_by_a_doi_in_another_case(tmp_path: Path) -> None:
    hubs = tmp_path / "content" / "hubs"
    hub = write(hubs / "mine.yaml", "id: doi:10.5555/Open.Data.2021\ntitle: Mine\n")
    result = run("openalex", OA_WORK, "--content", tmp_path / "content")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in hubs.iterdir()) == ["mine.yaml"]
    assert yaml.safe_load(hub.read_text("utf-8"))["title"] == "Mine"


def test_import_refuses_to_write_what_check_refuses(tmp_path: Path) -> None:
    # Imported roles are always the site's own (tests/test_intent_roles.py); a role a person
    # wrote into the record, which the site does not allow, is not.
    content = tmp_path / "content"
    write(content / "site.yaml", "roles: [background, comparison]\n")
    existing = f"id: {s2(S2_PAPER)['id']}\ntitle: Mine\ncitations:\n- title: A\n  role: method\n"
    hub = write(content / "hubs" / "mine.yaml", existing)
    result = run("s2", S2_PAPER, S2_PAGE, "--content", content)
    assert result.exit_code == 1
    assert "expected a record that 'hubgen check' accepts, found citations[" in result.stderr
    assert "unknown role 'method'" in result.stderr
    assert hub.read_text("utf-8") == existing


def test_a_paper_without_a_title_is_not_written(tmp_path: Path) -> None:
    result = run("s2", FIXTURES / "s2_nulls.json", "--content", tmp_path / "content")
    assert result.exit_code == 1
    assert "title: required field missing" in result.stderr
    assert not (tmp_path / "content" / "hubs").exists()
