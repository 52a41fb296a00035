"""JSON Schema of hub records, generated from :mod:`generator.schema` and the site config.

Editors that speak the YAML language server (VS Code's YAML extension, Neovim, Helix…)
use it to complete field names and flag mistakes as you type. ``hubgen check`` stays the
authority: the schema cannot express cross-record rules such as duplicate ids.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from . import schema
from .config import SiteConfig
from .schema import Field

SCHEMA_FILE = "hub.schema.json"
"""Where ``hubgen new`` and ``hubgen schema --write`` put the schema, inside content/."""
DIALECT = "https://json-schema.org/draft/2020-12/schema"
SLUG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
URL_PATTERN = r"^\s*([Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll][Tt][Oo]:)"


def _string_list() -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string"}}


def _kind(f: Field, config: SiteConfig) -> dict[str, Any]:
    """Return the JSON Schema of one value kind."""
    kind = f.kind
    if kind in (schema.STRING, schema.INLINE, schema.MARKDOWN):
        out: dict[str, Any] = {"type": "string"}
        if f.required:
            out["pattern"] = r"\S"
        return out
    if kind == schema.INTEGER:
        return {"type": "integer", "minimum": 0} if f.name == "known" else {"type": "integer"}
    if kind == schema.BOOLEAN:
        return {"type": "boolean"}
    if kind == schema.URL:
        return {"type": "string", "pattern": URL_PATTERN, "format": "uri"}
    if kind == schema.ID:
        return {"type": "string", "pattern": schema.ID_PATTERN}
    if kind == schema.SLUG:
        return {"type": "string", "pattern": SLUG_PATTERN, "not": {"pattern": r"\.\."}}
    if kind == schema.NAMES:
        return _string_list()
    if kind == schema.TEXTS:
        return {"anyOf": [{"type": "string"}, _string_list()]}
    if kind == schema.ROLES:
        one = {"enum": list(config.roles)}
        return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}
    if kind == schema.POLARITY:
        return {"enum": list(config.polarities)}
    if kind == schema.RECORDS:
        return {"type": "array", "items": _object(f.items, config)}
    if kind == schema.MAPPING:
        return _object(f.items, config)
    if kind == schema.EXTRA:
        return {"type": "object"}
    raise ValueError(f"no JSON Schema for field kind {kind!r}")


def _property(f: Field, config: SiteConfig) -> dict[str, Any]:
    out = _kind(f, config)
    out["description"] = f.help
    # The YAML language server renders markdownDescription in hovers, with the backticks.
    out["markdownDescription"] = f.help
    if f.example:
        example: Any = int(f.example) if f.kind == schema.INTEGER else f.example
        out["examples"] = [example]
    return out


def _object(fields: Sequence[Field], config: SiteConfig) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f.name: _property(f, config) for f in fields},
        "required": [f.name for f in fields if f.required],
        # Unknown keys are warnings for `hubgen check`; flagging them in the editor
        # catches typos such as `abstarct` while they are typed.
        "additionalProperties": False,
    }


def record_schema(config: SiteConfig | None = None) -> dict[str, Any]:
    """Return the JSON Schema of one hub record, with this site's roles and polarities."""
    config = config or SiteConfig()
    body = _object(schema.HUB_FIELDS, config)
    return {
        "$schema": DIALECT,
        "$id": "https://hubgen.invalid/hub.schema.json",
        "title": "hubgen hub record",
        "description": "One cited paper and the papers citing it (content/hubs/*.yaml).",
        **body,
    }


def schema_text(config: SiteConfig | None = None) -> str:
    """Return the schema as stable, indented JSON text ending in a newline."""
    return json.dumps(record_schema(config), indent=2, ensure_ascii=False) + "\n"


def modeline(schema_path: str) -> str:
    """Return the comment that points the YAML language server at ``schema_path``."""
    return f"# yaml-language-server: $schema={schema_path}\n"
