"""``hubgen schema``: print or write the JSON Schema of hub records."""

from __future__ import annotations

from pathlib import Path

import click

from generator.config import SiteConfig, load_config
from generator.jsonschema import SCHEMA_FILE, schema_text

from ..options import content_option
from ..reporting import reports_errors


def site_config(content_dir: Path) -> SiteConfig:
    """Return the site config of ``content_dir``; a broken site.yaml is a ClickException."""
    config, problems = load_config(content_dir)
    errors = [p.format() for p in problems if p.level == "error"]
    if errors:
        raise click.ClickException("site.yaml has errors:\n" + "\n".join(errors))
    return config


def write_schema(content_dir: Path) -> Path:
    """Write ``content_dir/hub.schema.json`` for this site's config; return its path."""
    path = content_dir / SCHEMA_FILE
    text = schema_text(site_config(content_dir))
    if not path.is_file() or path.read_text("utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return path


@click.command("schema")
@content_option("Directory holding site.yaml (its roles and polarities go into the schema).")
@click.option(
    "--write",
    "write",
    is_flag=True,
    help=f"Write CONTENT/{SCHEMA_FILE} (the file new records point to) instead of printing.",
)
@reports_errors
def schema_command(content_dir: Path, write: bool) -> None:
    """Print the JSON Schema of hub records, for editors that validate YAML as you type.

    Records made by 'hubgen new' start with a comment such as
    '# yaml-language-server: $schema=../hub.schema.json', which editors using the YAML
    language server follow. The roles and polarities come from site.yaml.
    """
    if write:
        click.echo(f"Wrote {write_schema(content_dir)}", err=True)
    else:
        click.echo(schema_text(site_config(content_dir)), nl=False)
