"""``hubgen diff``: changes between git revisions and the working tree, as Markdown and JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import FIXTURES
from markdown_it import MarkdownIt

from generator.cli import cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

NEW_CITER = "  - {title: A Brand New Citer, id: doi:10.1000/c21, year: 2025, role: extension, polarity: contrasting, summary: new}\n"  # noqa: E501
NEW_CLAIM = "  - text: Counting scales to a million things.\n    source: Table 4\n"


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity; return its output."""
    env_args = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    proc = subprocess.run(
        ["git", *env_args, *args], cwd=repo, capture_output=True, text=True, check=True
    )
    return proc.stdout


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact occurrence of ``old`` in a file."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the example content in two commits (v1, then edits)."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "example", root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "v1")
    git(root, "tag", "v1")
    alpha = root / "content" / "hubs" / "alpha.yaml"
    # Two supporting papers turn contrasting and one contrasting paper is added:
    # contrasting goes from 3/18 to 6/19 (>= 30 %), so the label becomes Contested.
    for n in ("12", "13"):
        edit(
            alpha,
            f"polarity: supporting, summary: s{n}}}",
            f"polarity: contrasting, summary: s{n}}}",
        )
    edit(alpha, "  - title: Citer 20 <script>", NEW_CITER + "  - title: Citer 20 <script>")
    edit(
        alpha,
        "  - text: Counting needs no *labels*.\n",
        "  - text: Counting needs no *labels*.\n" + NEW_CLAIM,
    )
    edit(
        root / "content" / "hubs" / "gamma.yaml",
        "title: Gamma,",
        "slug: gamma-renamed\ntitle: Gamma,",
    )
    git(root, "commit", "-q", "-am", "v2")
    monkeypatch.chdir(root)
    return root


def run_diff(*args: str) -> str:
    """Run ``hubgen diff`` and return its output (exit code 0 is required)."""
    result = CliRunner().invoke(cli, ["diff", *args])
    assert result.exit_code == 0, result.output
    return result.output


def changed_by_slug(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Index the JSON report's changed hubs by their new slug."""
    return {c["slug"]: c for c in report["changed"]}


def test_json_between_revisions_lists_every_edit(repo: Path) -> None:
    report = json.loads(run_diff("v1", "main", "--format", "json"))
    assert (report["old_name"], report["new_name"]) == ("v1", "main")
    assert report["added"] == [] and report["removed"] == []
    changed = changed_by_slug(report)
    assert set(changed) == {"alpha", "gamma-renamed"}  # beta and the empty hub did not change

    alpha = changed["alpha"]
    assert (alpha["old_label"], alpha["new_label"]) == ("Mixed citations", "Contested citations")
    assert alpha["old_sentence"] != alpha["new_sentence"]
    assert alpha["new_sentence"].startswith("Contested citation behavior.")
    assert alpha["citations_added"] == ["A Brand New Citer"]
    assert alpha["citations_removed"] == []
    assert alpha["claims_added"] == ["Counting scales to a million things."]
    assert alpha["claims_removed"] == []
    retagged = {p["title"]: (p["old_polarity"], p["new_polarity"]) for p in alpha["retagged"]}
    assert retagged == {
        "Citer 12": ("supporting", "contrasting"),
        "Citer 13": ("supporting", "contrasting"),
    }
    polarity = {p["name"]: (p["old_count"], p["new_count"]) for p in alpha["polarities"]}
    assert polarity["contrasting"] == (3, 6)
    assert polarity["supporting"] == (8, 6)
    roles = {r["name"]: (r["old_count"], r["new_count"]) for r in alpha["roles"]}
    assert roles["extension"] == (2, 3)
    assert alpha["renamed"] is False

    gamma = changed["gamma-renamed"]
    assert gamma["renamed"] is True and gamma["content_changed"] is False
    assert gamma["old_slug"] != "gamma-renamed"
    assert gamma["old_id"] == gamma["id"]


def test_markdown_reads_as_a_pull_request_comment(repo: Path) -> None:
    text = run_diff("v1", "main")
    html = BeautifulSoup(MarkdownIt("commonmark").render(text), "html.parser")
    headings = [h.get_text() for h in html.find_all(["h2", "h3"])]
    assert headings[0] == "Hub changes: v1 → main"
    assert headings[1:] == ["Renamed hubs", "Alpha Paper on Things (alpha)"]
    items = [li.get_text(" ", strip=True) for li in html.find_all("li")]
    assert any(i.startswith("Label: Mixed citations → Contested citations") for i in items)
    assert "A Brand New Citer" in items
    assert "Counting scales to a million things." in items
    rename = next(i for i in items if "gamma-renamed" in i)
    assert "slug" in rename
    # Unchanged hubs are not listed anywhere.
    assert "Beta Paper on Stuff" not in html.get_text()
    assert "Delta With No Citations" not in html.get_text()


def test_default_new_side_is_the_working_tree(repo: Path) -> None:
    (repo / "content" / "hubs" / "empty.yaml").unlink()
    (repo / "content" / "hubs" / "epsilon.yaml").write_text(
        "id: doi:10.1000/eps\ntitle: Epsilon, Added Later\n", "utf-8"
    )
    report = json.loads(run_diff("main", "--format", "json"))
    assert report["new_name"] == "working tree"
    assert [h["title"] for h in report["added"]] == ["Epsilon, Added Later"]
    assert [h["title"] for h in report["removed"]] == ["Delta With No Citations"]
    assert report["changed"] == []
    assert (report["old_hubs"], report["new_hubs"]) == (4, 4)


def test_same_slug_with_a_new_id_is_a_rename(repo: Path) -> None:
    edit(repo / "content" / "hubs" / "empty.yaml", "id: openalex:W1", "id: openalex:W2")
    report = json.loads(run_diff("main", "--format", "json"))
    assert report["added"] == [] and report["removed"] == []
    [change] = report["changed"]
    assert (change["old_id"], change["id"]) == ("openalex:W1", "openalex:W2")
    assert change["renamed"] is True


def test_folders_and_no_changes(repo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(repo / "content", copy / "content")
    text = run_diff(str(copy))  # a project folder: its content/ is used
    html = BeautifulSoup(MarkdownIt("commonmark").render(text), "html.parser")
    assert html.find("p").get_text() == "No hub changed (4 hubs)."


def test_broken_side_is_reported_with_its_revision(repo: Path) -> None:
    edit(repo / "content" / "hubs" / "beta.md", "title: Beta Paper on Stuff", "title: [oops")
    git(repo, "commit", "-q", "-am", "broken")
    result = CliRunner().invoke(cli, ["diff", "v1", "HEAD"])
    assert result.exit_code == 1
    assert "HEAD:content/hubs/beta.md" in result.output
    assert "the content of HEAD has errors" in result.output


def test_unknown_side(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["diff", "no-such-thing"])
    assert result.exit_code == 1
    assert "neither a folder nor a git revision" in result.output
