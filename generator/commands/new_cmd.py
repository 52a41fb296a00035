"""``hubgen new``: start a hub record from a commented template."""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator.commands.schema_cmd import site_config, write_schema
from generator.jsonschema import SCHEMA_FILE, modeline
from generator.load import RECORD_SUFFIXES
from generator.schema import is_id
from generator.urls import slug_problem, slugify

from ..options import content_option
from ..reporting import reports_errors

TEMPLATE = """\
{modeline}\
# A hub record: one cited paper and the papers citing it.
# Check it with `hubgen check`, preview it with `hubgen serve`.
# Every field is described in docs/record-format.md.

# Unique id of the cited paper, scheme:value (doi:, arxiv:, s2:, openalex:, ...).
id: {id}
title: {title}
# slug names the page's folder, hubs/<slug>/index.html.
slug: {slug}
authors: []            # [First Author, Second Author]
# year: 2024
# venue: Journal or conference
# url: https://doi.org/...
# code: https://github.com/...

# The abstract, in Markdown.
abstract: |
  Paste the abstract here.

# What the paper claims, and where.
claims: []
#  - text: The main result, in one sentence.
#    source: Section 4

# Co-cited works you want to name by hand (derived ones are found automatically).
cocited: []
#  - title: A related paper
#    id: arxiv:2304.01373
#    note: Why it belongs next to this one.

# The citing papers. role is one of, or a list of: {roles}.
# polarity is one of: {polarities}.
citations: []
#  - title: A citing paper
#    id: doi:10.1000/example
#    year: 2024
#    authors: [Someone Else]
#    role: background
#    polarity: neutral
#    summary: One line on what it finds.
#    representative: true
#    context: The sentence in which it cites this paper.
"""


def render_record(title: str, record_id: str, slug: str, roles: str, polarities: str) -> str:
    """Return the text of a new record (the schema is expected in the content folder)."""
    return TEMPLATE.format(
        modeline=modeline(f"../{SCHEMA_FILE}"),
        # A JSON string is a valid double-quoted YAML scalar, whatever the title holds.
        id=json.dumps(record_id, ensure_ascii=False),
        title=json.dumps(title, ensure_ascii=False),
        slug=slug,
        roles=roles,
        polarities=polarities,
    )


def existing_record(hubs_dir: Path, slug: str) -> Path | None:
    """Return a record file already named after ``slug``, or None."""
    for suffix in RECORD_SUFFIXES:
        path = hubs_dir / (slug + suffix)
        if path.exists():
            return path
    return None


@click.command("new")
@click.argument("title")
@click.option("--id", "record_id", default=None, help="Id of the paper (default: local:SLUG).")
@click.option("--slug", default=None, help="Folder name of the page (default: from the title).")
@content_option()
@reports_errors
def new_command(title: str, record_id: str | None, slug: str | None, content_dir: Path) -> None:
    """Write content/hubs/SLUG.yaml, a commented record for the paper TITLE.

    Never overwrites: exits with code 1 when a record with that slug exists. Also writes
    CONTENT/hub.schema.json, which the new record names in its first line so editors can
    complete and check fields as you type.
    """
    if not title.strip():
        raise click.BadParameter("expected a paper title, found an empty one", param_hint="TITLE")
    slug = slug or slugify(title)
    if reason := slug_problem(slug):
        raise click.BadParameter(f"cannot use {reason} as a slug", param_hint="--slug")
    record_id = record_id or f"local:{slug}"
    if not is_id(record_id):
        raise click.BadParameter(
            f"expected scheme:value (doi:10.1000/xyz, arxiv:2303.08112), found {record_id!r}",
            param_hint="--id",
        )
    hubs_dir = content_dir / "hubs"
    found = existing_record(hubs_dir, slug)
    if found is not None:
        raise click.ClickException(f"{found} already exists; choose another --slug")
    config = site_config(content_dir)
    text = render_record(
        title.strip(), record_id, slug, ", ".join(config.roles), ", ".join(config.polarities)
    )
    hubs_dir.mkdir(parents=True, exist_ok=True)
    path = hubs_dir / f"{slug}.yaml"
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": never clobber a racing write
            handle.write(text)
    except FileExistsError:
        raise click.ClickException(f"{path} already exists; choose another --slug") from None
    write_schema(content_dir)
    click.echo(f"Wrote {path}", err=True)
