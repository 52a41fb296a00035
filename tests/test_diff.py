"""``hubgen diff``: changes between git revisions and the working tree, as Markdown and JSON."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import FIXTURES, REPO
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


def changes_of(hub: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Return one changed hub's changes as ``{field path: (before, after)}``."""
    found = {c["field"]: (c["before"], c["after"]) for c in hub["changes"]}
    assert len(found) == len(hub["changes"]), "a field path is listed twice"
    return found


def render(markdown: str) -> BeautifulSoup:
    """Render Markdown as GitHub would: CommonMark, tables, strikethrough, bare links."""
    md = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "strikethrough", "table"])
    return BeautifulSoup(md.render(markdown), "html.parser")


def test_json_between_revisions_lists_every_edit(repo: Path) -> None:
    report = json.loads(run_diff("v1", "main", "--format", "json"))
    assert (report["old_name"], report["new_name"]) == ("v1", "main")
    assert report["added"] == [] and report["removed"] == []
    changed = changed_by_slug(report)
    assert set(changed) == {"alpha", "gamma-renamed"}  # beta and the empty hub did not change

    alpha = changes_of(changed["alpha"])
    assert alpha["label"] == ("Mixed citations", "Contested citations")
    assert alpha["sentence"][1].startswith("Contested citation behavior.")
    added = alpha["citations[doi:10.1000/c21]"]
    assert added[0] is None and added[1]["title"] == "A Brand New Citer"
    assert added[1]["role"] == ["extension"] and added[1]["year"] == 2025
    claim = alpha["claims[counting scales to a million things]"]
    assert claim == (None, {"text": "Counting scales to a million things.", "source": "Table 4"})
    for n in ("12", "13"):
        assert alpha[f"citations[doi:10.1000/c{n}].polarity"] == ("supporting", "contrasting")
    assert alpha["polarities[contrasting]"] == (
        {"count": 3, "percent": 17},
        {"count": 6, "percent": 32},
    )
    assert alpha["polarities[supporting]"][1]["count"] == 6
    assert alpha["roles[extension]"][0]["count"] == 2 and alpha["roles[extension]"][1]["count"] == 3
    assert changed["alpha"]["renamed"] is False
    assert not any(f.startswith("citations[doi:10.1000/c0") for f in alpha)  # untouched papers

    gamma = changed["gamma-renamed"]
    assert gamma["renamed"] is True and gamma["content_changed"] is False
    assert changes_of(gamma) == {"slug": ("gamma-a-paper-with-few-citations", "gamma-renamed")}
    assert gamma["old_id"] == gamma["id"]


def test_markdown_reads_as_a_pull_request_comment(repo: Path) -> None:
    text = run_diff("v1", "main")
    html = render(text)
    headings = [h.get_text() for h in html.find_all(["h2", "h3"])]
    assert headings[0] == "Hub changes: v1 → main"
    assert headings[1:] == ["Renamed hubs", "Alpha Paper on Things (alpha)"]
    items = [li.get_text(" ", strip=True) for li in html.find_all("li")]
    assert any(i.startswith("Label: Mixed citations → Contested citations") for i in items)
    assert "A Brand New Citer" in items
    assert "Counting scales to a million things. (Table 4)" in items
    assert "Citer 12: polarity “supporting” → “contrasting”" in items
    rename = next(i for i in items if "gamma-renamed" in i)
    assert "slug" in rename
    # Unchanged hubs are not listed anywhere.
    assert "Beta Paper on Stuff" not in html.get_text()
    assert "Delta With No Citations" not in html.get_text()


def test_a_short_list_reads_item_by_item(repo: Path) -> None:
    edit(
        repo / ALPHA,
        "2021, role: background, polarity: neutral, summary: s05",
        "2021, role: [background, data], polarity: supporting, summary: s05",
    )
    items = [li.get_text(" ", strip=True) for li in render(run_diff("main")).find_all("li")]
    # Fields are parted by "; ", so list items are quoted and parted by commas.
    assert "Citer 05: role “background” → “background”, “data”; polarity" in " ".join(items)


ALPHA = "content/hubs/alpha.yaml"
C05 = "{title: Citer 05, id: doi:10.1000/c05, year: 2021, role: background, polarity: neutral, summary: s05}"  # noqa: E501
C20 = "citations[title:citer 20 script alert 1 script]"

# (file, old text, new text, the field path that must be reported, its hub's slug)
EDITS = [
    (ALPHA, "authors: [Ada Alpha, Ben Beta]", "authors: [Ada Alpha]", "authors", "alpha"),
    (ALPHA, "year: 2019", "year: 2018", "year", "alpha"),
    (ALPHA, "venue: Journal of Examples", "venue: Proceedings", "venue", "alpha"),
    (ALPHA, "url: https://example.org/alpha\n", "url: https://example.org/a\n", "url", "alpha"),
    (ALPHA, "alpha-code", "alpha-src", "code", "alpha"),
    (ALPHA, "example.org/data", "example.org/data2", "tools[Dataset].url", "alpha"),
    (ALPHA, "*counted*.", "*measured*.", "abstract", "alpha"),
    (
        "content/hubs/beta.md",
        "Editorial **notes**",
        "Editorial notes",
        "notes",
        "beta-paper-on-stuff",
    ),
    (
        ALPHA,
        "source: Section 3",
        "source: Section 4",
        "claims[things can be counted in linear time].source",
        "alpha",
    ),
    (
        ALPHA,
        "Often read together.",
        "Rarely read together.",
        "cocited[title:a curated companion].note",
        "alpha",
    ),
    (ALPHA, "title: Citer 05,", "title: Citer Five,", "citations[doi:10.1000/c05].title", "alpha"),
    (
        ALPHA,
        "{title: Citer 05,",
        "{authors: [Ann Other], title: Citer 05,",
        "citations[doi:10.1000/c05].authors",
        "alpha",
    ),
    (
        ALPHA,
        "year: 2021, role: background, polarity: neutral, summary: s05",
        "year: 2020, role: background, polarity: neutral, summary: s05",
        "citations[doi:10.1000/c05].year",
        "alpha",
    ),
    (
        ALPHA,
        "{title: Citer 05,",
        "{venue: Some Venue, title: Citer 05,",
        "citations[doi:10.1000/c05].venue",
        "alpha",
    ),
    (
        ALPHA,
        "{title: Citer 05,",
        "{url: 'https://example.org/c05', title: Citer 05,",
        "citations[doi:10.1000/c05].url",
        "alpha",
    ),
    (
        ALPHA,
        "summary: s05}",
        "summary: s05 revised}",
        "citations[doi:10.1000/c05].summary",
        "alpha",
    ),
    (
        ALPHA,
        "2021, role: background, polarity: neutral, summary: s05",
        "2021, role: data, polarity: neutral, summary: s05",
        "citations[doi:10.1000/c05].role",
        "alpha",
    ),
    (
        ALPHA,
        "polarity: neutral, summary: s05",
        "polarity: supporting, summary: s05",
        "citations[doi:10.1000/c05].polarity",
        "alpha",
    ),
    (
        ALPHA,
        "summary: s05}",
        "summary: s05, representative: true}",
        "citations[doi:10.1000/c05].representative",
        "alpha",
    ),
    (ALPHA, "its counting result.", "its counting results.", f"{C20}.context", "alpha"),
]


@pytest.mark.parametrize(("path", "old", "new", "field", "slug"), EDITS, ids=[e[3] for e in EDITS])
def test_every_field_a_reviewer_sees_is_reported(
    repo: Path, path: str, old: str, new: str, field: str, slug: str
) -> None:
    edit(repo / path, old, new)
    report = json.loads(run_diff("main", "--format", "json"))
    changed = changed_by_slug(report)
    found = changes_of(changed[slug])
    assert field in found, found
    before, after = found[field]
    assert before != after
    assert changed[slug]["content_changed"] is True
    text = run_diff("main")
    assert "No hub changed" not in text
    # The Markdown names the field (its last part) in the changed hub's section.
    name = field.rsplit(".", 1)[-1].split("[")[0]
    section = text[text.index("###") :]
    assert name.casefold() in section.casefold(), section


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


def test_long_text_says_what_changed_not_the_whole_text(repo: Path) -> None:
    long_old = "We study things and find that they can be counted, " * 8
    long_new = long_old.replace("they can be counted, ", "they can be weighed, ", 1)
    edit(repo / ALPHA, "find that they can be *counted*.", long_old)
    git(repo, "commit", "-q", "-am", "long abstract")
    edit(repo / ALPHA, long_old, long_new)
    found = changes_of(changed_by_slug(json.loads(run_diff("main", "--format", "json")))["alpha"])
    before, after = found["abstract"]
    assert long_old in before and long_new in after  # JSON carries the whole text
    items = [li.get_text(" ", strip=True) for li in render(run_diff("main")).find_all("li")]
    [line] = [i for i in items if i.startswith("Abstract:")]
    assert line.startswith(f"Abstract: changed ({len(before)} → {len(after)} characters)")
    assert "counted" in line and "weighed" in line  # the words that changed
    assert long_old.strip() not in line and len(line) < 300


def test_reordering_citing_papers_changes_nothing(repo: Path) -> None:
    path = repo / ALPHA
    lines = path.read_text("utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("  - {title: Citer 01"))
    flow = [line for line in lines[first:] if line.startswith("  - {")]
    assert len(flow) == 20
    lines[first : first + len(flow)] = flow[::-1]
    path.write_text("".join(lines), "utf-8")
    assert "No hub changed (4 hubs)." in run_diff("main")


def test_doi_ids_compare_case_insensitively(repo: Path) -> None:
    edit(repo / ALPHA, "id: doi:10.1000/c05,", "id: DOI:10.1000/C05,")
    found = changes_of(changed_by_slug(json.loads(run_diff("main", "--format", "json")))["alpha"])
    assert found == {"citations[doi:10.1000/c05].id": ("doi:10.1000/c05", "DOI:10.1000/C05")}


def test_a_paper_given_an_id_is_the_same_paper(repo: Path) -> None:
    edit(
        repo / ALPHA,
        "  - title: Citer 20 <script>",
        "  - id: doi:10.1000/c20\n    title: Citer 20 <script>",
    )
    found = changes_of(changed_by_slug(json.loads(run_diff("main", "--format", "json")))["alpha"])
    assert found == {"citations[doi:10.1000/c20].id": ("", "doi:10.1000/c20")}


def write_hubs(root: Path, hubs: int, papers: int, title: str) -> Path:
    """Write a content folder of ``hubs`` hubs with ``papers`` citing papers each."""
    folder = root / "content" / "hubs"
    folder.mkdir(parents=True)
    (root / "content" / "site.yaml").write_text("title: Big\n", "utf-8")
    for h in range(hubs):
        citations = "".join(
            f"  - {{title: '{title} {h}-{p}', id: 'doi:10.9/{h}-{p}', role: method,"
            f" polarity: supporting, summary: s}}\n"
            for p in range(papers)
        )
        listed = f"citations:\n{citations}" if citations else "citations: []\n"
        (folder / f"hub{h}.yaml").write_text(f"id: doi:10.9/hub{h}\ntitle: Hub {h:03d}\n{listed}")
    return root


LONG_TITLE = "A Rather Long Title About Citation Graphs and Their Many Uses in Practice"


def test_a_1500_paper_change_fits_one_comment(tmp_path: Path) -> None:
    old = write_hubs(tmp_path / "old", 1, 0, LONG_TITLE)
    new = write_hubs(tmp_path / "new", 1, 1500, LONG_TITLE)
    text = run_diff(str(old), str(new))
    assert len(text) <= 60_000
    items = [li.get_text(" ", strip=True) for li in render(text).find_all("li")]
    assert any(i.startswith("Citing papers added (1,500):") for i in items)
    listed = [i for i in items if i.startswith(LONG_TITLE)]
    more = next(i for i in items if i.startswith("… and "))
    assert more.startswith(f"… and {1500 - len(listed):,} more")
    assert "--format json" in more
    report = json.loads(run_diff(str(old), str(new), "--format", "json"))
    assert len(changes_of(report["changed"][0])) >= 1500  # JSON lists every one


def test_markdown_is_cut_to_one_comment_and_says_what_was_left_out(tmp_path: Path) -> None:
    old = write_hubs(tmp_path / "old", 40, 0, LONG_TITLE)
    new = write_hubs(tmp_path / "new", 40, 60, LONG_TITLE)
    full = run_diff(str(old), str(new), "--max-chars", "0")
    assert len(full) > 60_000 and full.count("\n### ") == 40
    text = run_diff(str(old), str(new))
    assert len(text) <= 60_000
    assert text.endswith("\n")
    last = text.rstrip("\n").rsplit("\n", 1)[-1]
    shown = text.count("\n### ")
    assert 0 < shown < 40
    left = full[len(text) - len(last) - 1 :]
    assert f"{40 - shown} of 40 changed hubs" in last or f"{40 - shown + 1} of 40" in last
    assert "--max-chars 0" in last and "--format json" in last
    assert len(left) > 0
    # What is shown is a prefix of the full report, cut at a line.
    kept = text[: text.rindex("\n\n")]
    assert full.startswith(kept)


INJECTION = (
    "Evil\\n## Approved by @maintainers <img src=x onerror=alert(1)> <!-- c -->"
    " [click](https://evil.example/x) https://evil.example/y www.evil.example see #12,"
    " GH-7 mail a@b.example &#64;maintainers *em* __strong__ ~~del~~ `code` | a | $x$ \\\\"
)


def test_record_text_cannot_inject_markdown(repo: Path) -> None:
    alpha = repo / ALPHA
    edit(alpha, "title: Alpha Paper on Things", f'title: "{INJECTION}"')
    edit(
        alpha,
        "  - {title: Citer 01,",
        f'  - {{title: "{INJECTION}", id: doi:10.9/evil}}\n  - {{title: Citer 01,',
    )
    for start in ("1. ordered", "- dash", "+ plus", "> quote", "# hash", "=== setext", "    code"):
        edit(alpha, "  - {title: Citer 01,", f'  - {{title: "{start}"}}\n  - {{title: Citer 01,')
    edit(alpha, "summary: s05}", f'summary: "{INJECTION}"}}')
    edit(alpha, "  - text: Counting needs no *labels*.\n", f'  - text: "{INJECTION}"\n')
    edit(alpha, "*counted*.", "*counted*. " + INJECTION.replace("\\n", " ") * 2)
    text = run_diff("main")
    md = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "strikethrough", "table"])
    tokens = md.parse(text)
    types = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not types & {"html_block", "html_inline", "link_open", "image", "code_block", "fence"}
    assert not types & {"blockquote_open", "ordered_list_open", "hr", "table_open"}
    headings = [t for t in tokens if t.type == "heading_open"]
    assert len(headings) == 3  # the report's title, "Renamed hubs", and the hub's section
    html = render(text)
    plain = html.get_text()
    assert "Approved by" in plain  # the text is there, as text
    assert not re.search(r"(?<![\w\u2060])@[A-Za-z0-9]", plain), "a mention survived"
    assert not re.search(r"https?://|www\.|#\d|GH-\d", plain), "a link GitHub would make survived"
    assert "<img" in plain and "<!--" in plain  # shown, not interpreted
    # Emphasis comes only from the report itself (the label, an excerpt's changed words).
    assert not [e for e in html.find_all(["em", "strong", "del"]) if e.get_text() in INJECTION]
    nested = [
        ul
        for ul in html.find_all("ul")
        if ul.find_parent("ul") and ul.find_parent("ul").find_parent("ul")
    ]
    assert nested == []  # no record text opened a list of its own


def test_symlink_in_a_revision_is_a_clear_error(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: x:secret\ntitle: Secret\n", "utf-8")
    (repo / "content" / "hubs" / "evil.yaml").symlink_to(secret)
    (repo / "content" / "hubs" / "inner.yaml").symlink_to("alpha.yaml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "links")
    result = CliRunner().invoke(cli, ["diff", "HEAD"])
    assert result.exit_code == 1
    assert "internal error" not in result.output
    assert "HEAD:content/hubs/evil.yaml: expected a regular file, found a symbolic link" in (
        result.output
    )
    assert "HEAD:content/hubs/inner.yaml" in result.output
    assert "Secret" not in result.output


# --- The pull-request job of the workflows ----------------------------------------------

WORKFLOWS = {
    "scaffold": REPO / "generator/scaffold/dot-github/workflows/pages.yml",
    "project": REPO / ".github/workflows/pages.yml",
}
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def review_steps(which: str) -> dict[str, dict[str, Any]]:
    """Return the steps of a workflow's pull-request job, by name."""
    job = yaml.safe_load(WORKFLOWS[which].read_text("utf-8"))["jobs"]["review"]
    assert job["if"] == "github.event_name == 'pull_request'"
    return {s.get("name", s.get("uses", "")): s for s in job["steps"]}


def run_step(step: dict[str, Any], cwd: Path, context: dict[str, str], env: dict[str, str]) -> None:
    """Run a workflow step's script as Actions would (bash -e), its ${{ }} filled in."""
    step_env = {k: EXPRESSION.sub(lambda m: context[m[1]], v) for k, v in step["env"].items()}
    path = f"{env.pop('PATH_FIRST', '')}{Path(sys.executable).parent}:{os.environ['PATH']}"
    proc = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=cwd,
        env={**os.environ, **step_env, **env, "PATH": path},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A checkout like actions/checkout's for a pull request: only the merge commit, from
    an origin whose main has the example content and whose PR branch edits a summary."""
    origin = tmp_path / "origin"
    shutil.copytree(FIXTURES / "example", origin)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "v1")
    git(origin, "checkout", "-q", "-b", "feature")
    edit(origin / ALPHA, "summary: s05}", "summary: s05 says more}")
    git(origin, "commit", "-q", "-am", "edit")
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "-q")
    git(work, "remote", "add", "origin", origin.as_uri())
    git(work, "fetch", "-q", "--depth=1", "origin", "feature")
    git(work, "checkout", "-q", "FETCH_HEAD")
    return work


@pytest.mark.parametrize("which", sorted(WORKFLOWS))
def test_pull_requests_get_the_diff_in_the_job_summary(which: str, pull_request: Path) -> None:
    steps = review_steps(which)
    assert steps["actions/checkout@v5"]  # the merge commit; the step fetches the base itself
    summary = pull_request.parent / "summary.md"
    step = steps["Describe the hub changes in the run's summary"]
    run_step(step, pull_request, {"github.base_ref": "main"}, {"GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text("utf-8")
    assert text.startswith("## Hub changes: `origin/main` → `working tree`")
    assert "Citer 05: summary “s05” → “s05 says more”" in text
    assert (pull_request / "hub-changes.md").read_text("utf-8") == text


FAKE_GH = """#!/bin/sh
# Stands in for the GitHub CLI: logs each call; answers the comment listing from $GH_COMMENTS.
echo "$*" >> "$GH_LOG"
if [ "$1 $2" = "api --paginate" ]; then jq -r "$5" "$GH_COMMENTS"; exit; fi
for arg in "$@"; do case "$arg" in body=@*) cp "${arg#body=@}" "$GH_BODY";; esac; done
"""


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq stands in for gh's --jq")
@pytest.mark.parametrize("which", sorted(WORKFLOWS))
def test_pull_requests_get_one_comment_updated_in_place(which: str, tmp_path: Path) -> None:
    step = review_steps(which)["Post them as one pull-request comment, updated on every push"]
    assert step["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "gh").write_text(FAKE_GH, "utf-8")
    (tmp_path / "bin" / "gh").chmod(0o755)
    (tmp_path / "hub-changes.md").write_text("## Hub changes\n", "utf-8")
    context = {
        "github.token": "t",
        "github.event.pull_request.number": "7",
        "github.repository": "o/r",
    }
    comments = tmp_path / "comments.json"
    env = {
        "GH_LOG": str(tmp_path / "log"),
        "GH_BODY": str(tmp_path / "body"),
        "GH_COMMENTS": str(comments),
    }
    others = [
        {"id": 1, "user": {"login": "someone"}, "body": "<!-- hubgen diff -->\nnot ours"},
        {"id": 2, "user": {"login": "github-actions[bot]"}, "body": "another workflow's"},
    ]
    comments.write_text(json.dumps(others), "utf-8")
    run_step(step, tmp_path, context, {**env, "PATH_FIRST": f"{tmp_path / 'bin'}:"})
    assert (
        (tmp_path / "log")
        .read_text("utf-8")
        .splitlines()[-1]
        .startswith("api --method POST repos/o/r/issues/7/comments -F body=@")
    )
    assert (tmp_path / "body").read_text("utf-8") == "<!-- hubgen diff -->\n## Hub changes\n"
    ours = {"id": 3, "user": {"login": "github-actions[bot]"}, "body": "<!-- hubgen diff -->\nold"}
    comments.write_text(json.dumps([*others, ours]), "utf-8")
    run_step(step, tmp_path, context, {**env, "PATH_FIRST": f"{tmp_path / 'bin'}:"})
    assert (
        (tmp_path / "log")
        .read_text("utf-8")
        .splitlines()[-1]
        .startswith("api --method PATCH repos/o/r/issues/comments/3 -F body=@")
    )
