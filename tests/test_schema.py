"""The JSON Schema of hub records: generated from the declarations, accepts every real record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from conftest import FIXTURES, REPO

from generator.cli import cli
from generator.config import SiteConfig, load_config
from generator.jsonschema import record_schema
from generator.schema import HUB_FIELDS

RECORD_DIRS = [FIXTURES / "example" / "content", REPO / "content"]


def record_data(path: Path) -> Any:
    """Return a record's data (the front matter of a Markdown record)."""
    text = path.read_text("utf-8")
    if path.suffix == ".md":
        text = text.split("---\n")[1]
    return yaml.safe_load(text)


def records() -> list[Path]:
    return sorted(p for d in RECORD_DIRS for p in (d / "hubs").rglob("*") if p.is_file())


@pytest.mark.parametrize("path", records(), ids=lambda p: f"{p.parent.parent.parent.name}/{p.name}")
def test_schema_accepts_every_record(path: Path) -> None:
    config, problems = load_config(path.parent.parent)
    assert not problems
    jsonschema.Draft202012Validator(record_schema(config)).validate(record_data(path))


def test_schema_is_valid_and_lists_every_field() -> None:
    schema = record_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(schema["properties"]) == [f.name for f in HUB_FIELDS]
    assert schema["required"] == [f.name for f in HUB_FIELDS if f.required]
    for f in HUB_FIELDS:
        assert schema["properties"][f.name]["description"] == f.help


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"title": ""}, ["title"]),
        ({"id": "no scheme"}, ["id"]),
        ({"slug": "../escape"}, ["slug"]),
        ({"url": "javascript:alert(1)"}, ["url"]),
        ({"year": "2020"}, ["year"]),
        ({"abstarct": "typo"}, []),
        ({"citations": [{"title": "T", "role": "praise"}]}, ["citations", 0, "role"]),
        ({"citations": [{"title": "T", "role": []}]}, ["citations", 0, "role"]),
        ({"citations": [{"title": "T", "polarity": "angry"}]}, ["citations", 0, "polarity"]),
        ({"citations": [{"role": "method"}]}, ["citations", 0]),
    ],
)
def test_schema_rejects_what_check_rejects(change: dict[str, Any], path: list[Any]) -> None:
    record = {"id": "doi:10.1/x", "title": "X"} | change
    errors = list(jsonschema.Draft202012Validator(record_schema()).iter_errors(record))
    assert errors
    assert any(list(e.absolute_path) == path for e in errors), [e.message for e in errors]


def test_schema_uses_the_sites_vocabulary() -> None:
    config = SiteConfig(roles=("uses", "refutes"), polarities=("pro", "con"))
    validator = jsonschema.Draft202012Validator(record_schema(config))
    ok = {
        "id": "x:1",
        "title": "T",
        "citations": [{"title": "C", "role": ["uses"], "polarity": "con"}],
    }
    assert validator.is_valid(ok)
    assert not validator.is_valid(ok | {"citations": [{"title": "C", "role": "method"}]})


def test_schema_command_prints_and_writes(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("roles: [uses, refutes]\n", "utf-8")
    printed = CliRunner().invoke(cli, ["schema", "--content", str(content)])
    assert printed.exit_code == 0, printed.output
    schema = json.loads(printed.stdout)
    role = schema["properties"]["citations"]["items"]["properties"]["role"]
    assert role["anyOf"][0]["enum"] == ["uses", "refutes"]
    written = CliRunner().invoke(cli, ["schema", "--content", str(content), "--write"])
    assert written.exit_code == 0, written.output
    assert json.loads((content / "hub.schema.json").read_text("utf-8")) == schema
