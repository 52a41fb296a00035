"""Semantic Scholar intents become this site's roles, as site.yaml's ``intent_roles`` says.

The fixture page's citing papers and their intents:
Memory Probes Revisited (result, methodology), Attention Is Not Memory (background,
futurework), A Paper With No Intents (none), Intents Only Per Sentence (methodology,
from contextsWithIntent).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.commands import fetch_cmd
from generator.config import SiteConfig, load_config
from generator.fetch.download import Download
from generator.importers import import_s2
from generator.importers.s2 import IntentRoles

FIXTURES = Path(__file__).parent / "fixtures" / "import"
S2_PAPER = FIXTURES / "s2_paper.json"
S2_PAGE = FIXTURES / "s2_citations_page.json"
HUB = "sparse-probing-of-recurrent-memory-in-language-models.yaml"
OWN_ROLES = "roles: [uses, builds-on, disputes]\n"
OWN_MAP = "intent_roles:\n  background: builds-on\n  methodology: uses\n"


def project(tmp_path: Path, site: str) -> Path:
    content = tmp_path / "content"
    (content / "hubs").mkdir(parents=True)
    (content / "site.yaml").write_text(site, "utf-8")
    return content


def roles(content: Path) -> dict[str, Any]:
    record = yaml.safe_load((content / "hubs" / HUB).read_text("utf-8"))
    return {c["title"]: (c.get("role"), c.get("role_source")) for c in record["citations"]}


def checks_clean(content: Path) -> None:
    checked = CliRunner().invoke(cli, ["check", "--content", str(content)])
    assert checked.exit_code == 0, checked.output


def import_s2_cli(content: Path) -> Result:
    argv = ["import", "s2", str(S2_PAPER), str(S2_PAGE), "--content", str(content)]
    return CliRunner().invoke(cli, argv)


def test_import_writes_the_sites_roles(tmp_path: Path) -> None:
    content = project(tmp_path, OWN_ROLES + OWN_MAP)
    result = import_s2_cli(content)
    assert result.exit_code == 0, result.output
    source = "Semantic Scholar intents"
    found = roles(content)
    assert {title: found[title] for title in found if found[title][0]} == {
        "Memory Probes Revisited": ("uses", source),
        "Attention Is Not Memory": ("builds-on", source),
        "Intents Only Per Sentence": ("uses", source),
    }
    assert result.stderr.splitlines()[0] == (
        "left out 2 intents that have no role on this site (result: 1, futurework: 1); "
        "intent_roles: in site.yaml maps intents to roles"
    )
    checks_clean(content)  # before, such a site refused the imported record


def test_a_site_with_its_own_roles_and_no_map_gets_no_foreign_role(tmp_path: Path) -> None:
    content = project(tmp_path, OWN_ROLES)
    result = import_s2_cli(content)
    assert result.exit_code == 0, result.output
    assert {role for role, _source in roles(content).values()} == {None}
    assert result.stderr.splitlines()[0] == (
        "left out 5 intents that have no role on this site (result: 1, methodology: 2, "
        "background: 1, futurework: 1); intent_roles: in site.yaml maps intents to roles"
    )
    checks_clean(content)


def test_several_roles_follow_the_sites_order() -> None:
    config = SiteConfig(
        roles=("uses", "builds-on"),
        intent_roles=(("result", "builds-on"), ("methodology", "uses")),
    )
    imported = import_s2(S2_PAPER, [S2_PAGE], IntentRoles.of(config))
    [both] = [c for c in imported.record["citations"] if c["title"] == "Memory Probes Revisited"]
    assert both["role"] == ["uses", "builds-on"]


def test_default_map_is_todays() -> None:
    imported = import_s2(S2_PAPER, [S2_PAGE])
    by_title = {c["title"]: c.get("role") for c in imported.record["citations"]}
    assert by_title["Memory Probes Revisited"] == ["method", "comparison"]
    assert by_title["Attention Is Not Memory"] == "background"
    assert imported.notes == (
        "left out 1 intent that has no role on this site (futurework: 1); "
        "intent_roles: in site.yaml maps intents to roles",
    )


def test_fetch_writes_the_sites_roles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def downloaded(*_args: Any) -> Download:  # the responses the service would send
        return Download(S2_PAPER.read_bytes(), None, [S2_PAGE.read_bytes()])

    monkeypatch.setattr(fetch_cmd, "S2", dataclasses.replace(fetch_cmd.S2, fetch=downloaded))
    content = project(tmp_path, OWN_ROLES + OWN_MAP)
    argv = ["fetch", "s2", "ARXIV:2401.00001", "--content", str(content)]
    result = CliRunner().invoke(cli, argv, env={"S2_API_KEY": None})
    assert result.exit_code == 0, result.output
    assert roles(content)["Attention Is Not Memory"] == ("builds-on", "Semantic Scholar intents")
    assert "left out 2 intents that have no role on this site" in result.stderr
    checks_clean(content)


def test_the_setting_as_documented(tmp_path: Path) -> None:
    # docs/importers.md's example; bad values are in tests/fixtures/invalid/label-rules.
    content = project(tmp_path, OWN_ROLES + OWN_MAP + "  result: ~\n")
    config, problems = load_config(content)
    assert problems == []
    assert config.intent_map() == {"background": "builds-on", "methodology": "uses"}
    # The defaults name roles this site lacks: they are left out, not written.
    assert load_config(project(tmp_path / "b", OWN_ROLES))[0].intent_map() == {}
    assert SiteConfig().intent_map() == {
        "background": "background",
        "methodology": "method",
        "result": "comparison",
    }
