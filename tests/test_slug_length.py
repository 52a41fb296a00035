"""A slug long enough to fail as a file name is refused by check, not by the writer.

The record case (a 300-character slug) is the fixture slug-too-long in
tests/fixtures/invalid/, run through check and build by test_invalid.py.
"""

from __future__ import annotations

from conftest import ProjectMaker, build_project

from generator.urls import MAX_SLUG_LENGTH, slug_problem, slugify


def test_a_slug_at_the_limit_builds(scratch_project: ProjectMaker) -> None:
    slug = "a" * MAX_SLUG_LENGTH
    assert slug_problem(slug) == "" and slug_problem(slug + "a") != ""
    root = scratch_project({"content/hubs/x.yaml": f"id: doi:10.1/x\ntitle: X\nslug: {slug}\n"})
    build_project(root)
    assert (root / "site" / "hubs" / slug / "index.html").is_file()


def test_a_long_title_gives_a_short_slug_and_builds(scratch_project: ProjectMaker) -> None:
    title = " ".join(["Words"] * 60)  # 359 characters
    root = scratch_project({"content/hubs/x.yaml": f"id: doi:10.1/x\ntitle: {title}\n"})
    slug = slugify(title)
    assert slug and len(slug) <= MAX_SLUG_LENGTH and not slug_problem(slug)
    build_project(root)
    assert (root / "site" / "hubs" / slug / "index.html").is_file()
