"""Reading and writing record files: stable YAML, Markdown front matter, slugs."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ..urls import slugify
from .common import ImportInputError, Record, describe

__all__ = ["slugify"]

MARKDOWN_SUFFIXES = (".md", ".markdown")

_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


class _Literal(str):
    """A string that is always written as a ``|`` literal block."""


class _Dumper(yaml.SafeDumper):
    """Block style, indented lists, literal blocks for multi-line text, never aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if isinstance(data, _Literal) or "\n" in data else None
    if _ODD_BREAKS.search(data):
        # PyYAML writes these raw in plain, quoted and block scalars, where a reader folds
        # them into spaces or newlines; only double quotes escape them.
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Literal, _represent_str)


def dump_record(record: Record) -> str:
    """Return ``record`` as a deterministic block-style YAML document."""
    data = dict(record)
    if isinstance(data.get("abstract"), str):
        data["abstract"] = _Literal(data["abstract"])
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=float("inf"),
        indent=2,
    )
    return text


def render_file(record: Record, body: str | None) -> str:
    """Return the file text: plain YAML, or front matter plus ``body`` when body is not None."""
    document = dump_record(record)
    if body is None:
        return document
    return f"---\n{document}---\n{body}"


def is_markdown(path: Path) -> bool:
    """Return True when ``path`` names a Markdown file (record in front matter)."""
    return path.suffix.lower() in MARKDOWN_SUFFIXES


def split_front_matter(text: str) -> tuple[str, str] | None:
    """Return (front matter, body) of a Markdown text, or None when it has no front matter."""
    first, newline, rest = text.partition("\n")
    if first.rstrip() != "---" or not newline:
        return None
    end = _FRONT_MATTER_END.search(rest)
    if end is None:
        return None
    body = rest[end.end() :]
    return rest[: end.start()], body[1:] if body.startswith("\n") else body


def read_record_file(path: Path) -> tuple[Record, str | None]:
    """Return the record in an existing file and its Markdown body (None for YAML files)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportInputError(path, f"cannot read the existing record: {exc}") from None
    body: str | None = None
    source = text
    if is_markdown(path):
        parts = split_front_matter(text)
        source, body = parts if parts else ("", text)
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        raise ImportInputError(
            path, f"expected a YAML record to merge into, found invalid YAML: {exc}"
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ImportInputError(
            path, f"expected a record (a YAML mapping) to merge into, found {describe(data)}"
        )
    if "citations" in data and not isinstance(data["citations"], (list, type(None))):
        raise ImportInputError(
            path, f"expected 'citations' to be a list, found {describe(data['citations'])}"
        )
    return data, body


def write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(tmp, mode)  # mkstemp makes the file private; keep a normal mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
