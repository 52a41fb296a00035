"""The role and polarity summaries say which citing papers they cover, in honest units."""

from __future__ import annotations

from pathlib import Path

from conftest import ProjectMaker, build_project, soup

from generator.sentences import polarity_coverage, role_coverage


def citation(i: int) -> str:
    """Return citing paper ``i`` of 15: 5 with two roles, 7 with one, 3 with none;
    11 with a polarity."""
    role = "[background, method]" if i < 5 else "data" if i < 12 else None
    polarity = "neutral" if i < 11 else None
    fields = [f"title: Citer {i}", "summary: s"]
    fields += [f"role: {role}"] if role else []
    fields += [f"polarity: {polarity}"] if polarity else []
    return "  - {" + ", ".join(fields) + "}"


def test_hub_page_states_what_the_shares_cover(scratch_project: ProjectMaker) -> None:
    record = "id: doi:10.1000/x\ntitle: Covered\ncitations:\n"
    root = scratch_project(
        {"content/hubs/x.yaml": record + "\n".join(citation(i) for i in range(15))}
    )
    build_project(root)
    page = soup(root / "site" / "hubs" / "covered" / "index.html")
    roles, polarity = page.find(id="roles"), page.find(id="polarity")
    assert roles.find(class_="share-coverage").get_text() == (
        "Roles of 12 of 15 citing papers (3 have none); a paper may have several roles, "
        "so shares are of 17 role labels."
    )
    assert polarity.find(class_="share-coverage").get_text() == (
        "Polarities of 11 of 15 citing papers (4 have none); shares are of these 11."
    )
    # The role table counts labels, not papers: its column says so.
    headers = [th.get_text() for th in roles.find("table").thead.find_all("th")]
    assert headers[:3] == ["Role", "Role labels", "Share"]
    assert roles.find("caption").get_text() == "Role labels of the citing papers"
    cells = {tr.th.get_text(): tr.td.get_text() for tr in roles.find("table").tbody("tr")}
    assert (cells["background"], cells["method"], cells["data"]) == ("5", "5", "7")
    headers = [th.get_text() for th in polarity.find("table").thead.find_all("th")]
    assert headers[:3] == ["Polarity", "Papers", "Share"]


def test_bert_no_longer_reads_as_papers(built_content: Path) -> None:
    # BERT: 15 citing papers carry 19 role labels; background has 4 of them (21%).
    roles = soup(built_content / "hubs" / "bert" / "index.html").find(id="roles")
    assert roles.find(class_="share-coverage").get_text() == (
        "Roles of 15 of 15 citing papers; a paper may have several roles, "
        "so shares are of 19 role labels."
    )
    header = [th.get_text() for th in roles.find("table").thead.find_all("th")]
    row = next(tr for tr in roles.find("tbody").find_all("tr") if tr.th.get_text() == "background")
    assert (header[1], row.find_all("td")[0].get_text()) == ("Role labels", "4")


def test_coverage_sentences_in_every_number() -> None:
    assert role_coverage(1, 1, 1) == (
        "Roles of 1 of 1 citing paper; a paper may have several roles, "
        "so shares are of 1 role label."
    )
    assert role_coverage(1001, 1, 3) == (
        "Roles of 1 of 1,001 citing papers (1,000 have none); a paper may have several "
        "roles, so shares are of 3 role labels."
    )
    assert polarity_coverage(5, 4) == (
        "Polarities of 4 of 5 citing papers (1 has none); shares are of these 4."
    )
    assert polarity_coverage(3, 3) == "Polarities of 3 of 3 citing papers."
