"""``hubgen import s2|openalex``: saved API responses become hub records, merged safely."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.commands.import_cmd import import_cmd
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


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(import_cmd, [str(a) for a in args])


def by_title(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["title"]: c for c in record["citations"]}


# Semantic Scholar


def test_s2_paper_fields_and_key_order() -> None:
    record = import_s2(S2_PAPER)
    assert list(record) == [
        "id",
        "title",
        "authors",
        "year",
        "venue",
        "url",
        "abstract",
        "citations",
    ]
    assert record["id"] == "arxiv:2401.01234"  # ArXiv wins over DOI
    assert record["title"] == "Sparse Probing of Recurrent Memory in Language Models"
    assert record["authors"] == ["Ada Quill", "Bo Ferreira-Lund"]  # null name dropped
    assert record["venue"] == "Journal of Imaginary Results"  # empty venue → publicationVenue
    assert record["abstract"] == (
        "We probe recurrent memory in small language models.\n"
        "Probes are sparse and linear.\n\nCode is public."
    )


def test_s2_embedded_citations_ids_urls_and_venues() -> None:
    cites = import_s2(S2_PAPER)["citations"]
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
    cites = by_title(import_s2(S2_PAPER, [S2_PAGE]))
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
    cites = import_s2(S2_PAPER, [S2_LIST])["citations"]
    assert [c["title"] for c in cites][-2:] == ["Listed Once, Seen Twice", "Dense Probes Win"]
    twice = cites[-2]
    assert twice["id"] == "doi:10.5555/list.one"
    assert twice["role"] == ["background", "comparison"]
    assert twice["context"] == ["As shown by [4], memory decays.", "We compare against [4]."]
    assert twice["venue"] == "Workshop on Pretend Results"  # filled from the second sighting


def test_s2_nulls_everywhere() -> None:
    record = import_s2(FIXTURES / "s2_nulls.json", [FIXTURES / "s2_citations_nulls.json"])
    assert record == {
        "id": "s2:9f00000000000000000000000000000000000000",
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
    record = import_openalex(OA_WORK)
    assert record == {
        "id": "doi:10.5555/open.data.2021",
        "title": "Open Data for Open Science",
        "authors": ["Mina Soto", "Noor Haddad", "Olu Adeyemi"],
        "year": 2021,
        "venue": "Journal of Pretend Openness",
        "url": "https://example.org/articles/open-data",
        "abstract": "Open data helps open science, and open data needs care.",
    }


def test_rebuild_abstract_skips_bad_positions() -> None:
    assert rebuild_abstract({"b": [2], "a": [0, "x", -1, True], "gap": [5]}) == "a b gap"
    assert rebuild_abstract(None) == ""


def test_openalex_cites_page_and_bare_list() -> None:
    record = import_openalex(OA_WORK, [OA_PAGE, OA_LIST])
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
    merged, stats = merge_records(existing, import_s2(S2_PAPER, [S2_PAGE]))
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
    assert list(merged) == ["id", "title", "year", "citations"]


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
    first = dump_record(import_s2(S2_PAPER, [S2_PAGE, S2_LIST]))
    second = dump_record(import_s2(S2_PAPER, [S2_PAGE, S2_LIST]))
    assert first == second
    assert yaml.safe_load(first) == import_s2(S2_PAPER, [S2_PAGE, S2_LIST])
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
    assert result.stderr == f"wrote {target}: 7 citing papers (7 new, 0 updated)\n"
    assert yaml.safe_load(target.read_text(encoding="utf-8")) == import_s2(S2_PAPER, [S2_PAGE])


def test_cli_stdout(tmp_path: Path) -> None:
    result = run("openalex", OA_WORK, OA_PAGE, "-o", "-")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout) == import_openalex(OA_WORK, [OA_PAGE])
    assert result.stderr == "wrote <stdout>: 3 citing papers (3 new, 0 updated)\n"


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
        (["s2", str(S2_PAGE)], "expected a paper object"),
        (["s2", str(S2_PAPER), "{bad}"], "expected JSON"),
        (["s2", str(S2_PAPER), str(S2_PAPER)], "expected a citations page"),
        (["s2", str(S2_PAPER), "{refs}"], "this is a /references page"),
        (["openalex", str(OA_PAGE)], "expected a single OpenAlex Work"),
        (["openalex", "{list}"], "expected an OpenAlex Work"),
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
    result = CliRunner().invoke(import_cmd, [*argv, "-o", str(tmp_path / "out.yaml")])
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
