"""Problems found in content, and the exceptions that carry them to the CLI."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]

# What a terminal would act on rather than show: C0 and C1 controls (ESC starts the
# sequences that retitle a window or rewrite the screen), lone surrogates (bytes of a
# file name that is not UTF-8), line separators and the bidi controls that reorder text.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Return ``text`` with every character a terminal would act on written as an escape."""
    return _UNPRINTABLE.sub(_escaped, text)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one file: where it is, which field, what was expected and found."""

    path: str
    """File path as the user should see it (relative to the working directory when possible)."""
    line: int
    """1-based line, 0 when unknown."""
    column: int
    """1-based column, 0 when unknown."""
    field: str
    """Dotted field path such as ``citations[3].role``; empty for whole-file problems."""
    message: str
    """What was expected and what was found."""
    hint: str = ""
    """An optional suggestion ("did you mean 'background'?")."""
    level: Level = "error"

    def format(self) -> str:
        """Return the problem as one ``path:line:column: field: message`` line, printable."""
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        parts = [where]
        if self.field:
            parts.append(self.field)
        text = self.message
        if self.hint:
            text += f" ({self.hint})"
        if self.level == "warning":
            text = "warning: " + text
        parts.append(text)
        return printable(": ".join(parts))

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order problems by file, then position."""
        return (self.path, self.line, self.column, self.field, self.message)


def summarize(problems: Sequence[Problem]) -> str:
    """Return the closing line, e.g. ``2 errors, 1 warning in 2 files``."""
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level == "warning"]
    files = {p.path for p in problems}
    parts = []
    if errors:
        parts.append(_plural(len(errors), "error"))
    if warnings:
        parts.append(_plural(len(warnings), "warning"))
    if not parts:
        return "no problems"
    return f"{', '.join(parts)} in {_plural(len(files), 'file')}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class HubgenError(Exception):
    """Base class of every error hubgen reports to the user without a traceback."""

    exit_code = 1


class ContentError(HubgenError):
    """The content has errors; carries every problem found (warnings included)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__(summarize(self.problems))


class OutputError(HubgenError):
    """The output directory cannot be used safely (not ours, overlaps content, locked)."""

    exit_code = 1
