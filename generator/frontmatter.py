"""Markdown records: which files hold YAML front matter, and splitting it from the body."""

from __future__ import annotations

from pathlib import Path

from . import kinds
from .errors import Problem

MARKDOWN_SUFFIX = ".md"
"""Records with this suffix hold YAML front matter and a Markdown body."""


def is_markdown(path: Path) -> bool:
    """Return True when ``path`` names a Markdown record (front matter and a body)."""
    return path.suffix == MARKDOWN_SUFFIX


def split_front_matter(text: str, shown: str) -> tuple[str, str] | Problem:
    """Split a Markdown record into (front matter YAML, body).

    The front matter opens with a ``---`` line and ends at the next ``---`` line (or a
    ``---`` that ends the file). ``text`` has ``\n`` line endings (see
    :func:`generator.textfiles.read_text`).
    """
    if not text.startswith("---\n"):
        return Problem(
            shown,
            1,
            1,
            "",
            "expected YAML front matter opening with a '---' line, "
            f"found {text.splitlines()[0][:40]!r}"
            if text.strip()
            else "expected YAML front matter opening with a '---' line, found an empty file",
            hint="start the file with '---', the record's fields, then another '---'",
            kind=kinds.FRONT_MATTER,
        )
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return Problem(
                shown,
                1,
                1,
                "",
                "expected the front matter to end with a '---' line, found none",
                hint="add a line with '---' after the record's fields",
                kind=kinds.FRONT_MATTER,
            )
    return text[4 : end + 1], text[end + 5 :]
