"""Reading and writing record files: stable YAML, Markdown front matter, slugs."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, YamlProblem
from ..frontmatter import is_markdown, split_front_matter
from ..textfiles import read_text
from ..urls import slugify
from ..yamltext import parse
from .common import ImportInputError, Record, describe

__all__ = ["is_markdown", "slugify"]

_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


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


def front_matter(text: str, path: Path) -> tuple[str, str]:
    """Return (front matter, body) of a Markdown record, split as ``hubgen check`` splits it;
    raise ImportInputError when it has no front matter."""
    split = split_front_matter(text, str(path))
    if isinstance(split, Problem):
        raise ImportInputError(path, f"expected a Markdown record to merge into: {split.message}")
    return split


def read_record_file(path: Path) -> tuple[Record, str | None]:
    """Return the record in an existing file and its Markdown body (None for YAML files).

    The file is read as ``hubgen check`` reads records: size limit, alias limits, no
    duplicate keys, so a hostile file fails here with a message instead of exploding.
    """
    mode = path.lstat().st_mode
    if not stat.S_ISREG(mode):
        raise ImportInputError(path, "expected a regular file to merge into, found something else")
    read = read_text(path, str(path))
    if not isinstance(read, tuple):
        raise ImportInputError(path, f"cannot merge into the existing record: {read.message}")
    text = read[0]
    body: str | None = None
    source, offset = text, 0
    if is_markdown(path):
        source, body = front_matter(text, path)
        offset = 1
    try:
        data = parse(source, offset)
    except YamlProblem as exc:
        raise ImportInputError(
            path,
            f"expected a YAML record to merge into, found at line {exc.line}: {exc.message}",
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
