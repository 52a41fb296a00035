"""Theme overrides: a project's templates/ wins file by file and can extend the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ProjectMaker, build_project, soup

from generator.errors import HubgenError

RECORD = """
id: doi:10.1/x
slug: x
title: Paper X
citations:
  - {title: C1, role: method, polarity: neutral, summary: one}
"""


def test_project_template_extends_the_default(scratch_project: ProjectMaker) -> None:
    root = scratch_project(
        {
            "content/hubs/x.yaml": RECORD,
            "templates/hub.html": """
            {% extends "default:hub.html" %}
            {% block content %}<p class="banner">Curated by us.</p>{{ super() }}{% endblock %}
        """,
        }
    )
    build_project(root, templates_dir=root / "templates")
    page = soup(root / "site/hubs/x/index.html")
    assert page.find(class_="banner").get_text() == "Curated by us."
    assert page.find("h1").get_text() == "Paper X"  # the default block still renders


def test_per_hub_template_comes_first(scratch_project: ProjectMaker) -> None:
    root = scratch_project(
        {
            "content/hubs/x.yaml": RECORD,
            "templates/hubs/x.html": """
            {% extends "base.html" %}
            {% block content %}<h1>Special {{ hub.title }}</h1>{% endblock %}
        """,
        }
    )
    build_project(root, templates_dir=root / "templates")
    html = (root / "site/hubs/x/index.html").read_text("utf-8")
    assert soup(root / "site/hubs/x/index.html").find("h1").get_text() == "Special Paper X"
    assert "template: hubs/x.html (considered: hubs/x.html, hub.html)" in html


def test_static_files_override_and_add(scratch_project: ProjectMaker) -> None:
    root = scratch_project(
        {
            "content/hubs/x.yaml": RECORD,
            "templates/static/hubgen.css": "body { color: red; }\n",
            "templates/static/extra.js": "// extra\n",
        }
    )
    build_project(root, templates_dir=root / "templates")
    assert (root / "site/static/hubgen.css").read_text() == "body { color: red; }\n"
    assert (root / "site/static/extra.js").is_file()
    assert (root / "site/static/explorer.js").is_file()


def test_undefined_names_fail_with_the_template_named(scratch_project: ProjectMaker) -> None:
    root = scratch_project(
        {
            "content/hubs/x.yaml": RECORD,
            "templates/hub.html": "{{ hub.no_such_field }}",
        }
    )
    with pytest.raises(HubgenError, match=r"hub\.html.*no_such_field"):
        build_project(root, templates_dir=root / "templates")
    assert not (root / "site").exists()


def test_autoescape_in_project_templates(scratch_project: ProjectMaker) -> None:
    root = scratch_project(
        {
            "content/hubs/x.yaml": RECORD.replace("Paper X", "Paper <i>X</i>"),
            "templates/hubs/x.html": "<h1>{{ hub.title }}</h1>",
        }
    )
    build_project(root, templates_dir=root / "templates")
    assert soup(root / "site/hubs/x/index.html").find("i") is None


def test_default_theme_ships_with_the_package() -> None:
    from generator.render import default_theme

    base = default_theme()
    for name in ["base.html", "index.html", "hub.html", "404.html", "static/hubgen.css"]:
        assert (base / name).is_file(), name
    assert Path(base).name == "templates"
