"""Problems found in content, and the exceptions that carry them (to the loader, to the CLI)."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from . import kinds
from .kinds import KINDS

if TYPE_CHECKING:
    from .yamlnodes import FieldPath

ProblemLevel = Literal["error", "warning", "silenced"]
"""A problem's level: its kind's, or "silenced" for a warning ``site.yaml`` accepts."""

# What a terminal would act on rather than show: C0 and C1 controls (ESC starts the
# sequences that retitle a window or rewrite the screen), lone surrogates (bytes of a
# file name that is not UTF-8), line separators and the bidi controls that reorder text.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def did_you_mean(name: str, known: Sequence[str], otherwise: str = "") -> str:
    """Return the hint "did you mean 'x'?" naming the known name closest to ``name``, or
    ``otherwise`` when none is close."""
    close = _closest(name, tuple(known))
    return f"did you mean '{close}'?" if close else otherwise


@functools.lru_cache(maxsize=4096)
def _closest(name: str, known: tuple[str, ...]) -> str:
    """Cached: an importer's stray field repeats in each of 10,000 citing papers."""
    close = difflib.get_close_matches(name, known, n=1)
    return close[0] if close else ""


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
    kind: str = dataclasses.field(kw_only=True)
    """Its code in :data:`generator.kinds.KINDS` (``missing-summary``), which sets its level."""
    silenced: bool = dataclasses.field(default=False, kw_only=True)
    """True for a warning of a kind ``site.yaml`` silences: counted, never printed."""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:  # a typo here would only show when the problem does
            raise ValueError(f"unknown problem kind {self.kind!r}")

    @property
    def level(self) -> ProblemLevel:
        """Return "error" or "warning" (from the kind), or "silenced"."""
        return "silenced" if self.silenced else KINDS[self.kind].level

    def where(self) -> str:
        """Return ``path:line:column`` (just the path when the line is unknown)."""
        return f"{self.path}:{self.line}:{self.column or 1}" if self.line else self.path

    def format(self) -> str:
        """Return the problem as one ``path:line:column: field: message`` line, printable."""
        parts = [self.where()]
        if self.field:
            parts.append(self.field)
        text = self.message
        if self.hint:
            text += f" ({self.hint})"
        if self.level != "error":
            text = "warning: " + text
        parts.append(text)
        return printable(": ".join(parts))

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order problems by file, then position."""
        return (self.path, self.line, self.column, self.field, self.message)


def silence(problems: Iterable[Problem], ignored: Collection[str]) -> list[Problem]:
    """Return ``problems`` with each warning of an ``ignored`` kind marked silenced."""
    return [
        dataclasses.replace(p, silenced=True)
        if p.kind in ignored and KINDS[p.kind].silenceable and not p.silenced
        else p
        for p in problems
    ]


def fails(problems: Iterable[Problem], strict: bool) -> bool:
    """Return True when ``problems`` stop a build: any error, or any warning if ``strict``."""
    stopping = ("error", "warning") if strict else ("error",)
    return any(p.level in stopping for p in problems)


def summarize(problems: Sequence[Problem]) -> str:
    """Return the closing line, e.g. ``2 errors, 1 warning in 2 files``.

    Silenced warnings are counted after a semicolon: ``no problems; 3 warnings silenced
    by site.yaml``.
    """
    counts = {"error": 0, "warning": 0, "silenced": 0}
    files = set()
    for p in problems:
        counts[p.level] += 1
        if not p.silenced:
            files.add(p.path)
    parts = [_plural(counts[level], level) for level in ("error", "warning") if counts[level]]
    text = f"{', '.join(parts)} in {_plural(len(files), 'file')}" if parts else "no problems"
    if counts["silenced"]:
        text += f"; {_plural(counts['silenced'], 'warning')} silenced by site.yaml"
    return text


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


class YamlProblem(Exception):
    """A YAML document that cannot be used; carries a 1-based line and column."""

    def __init__(
        self,
        message: str,
        line: int = 0,
        column: int = 0,
        hint: str = "",
        field: FieldPath = (),
        kind: str = kinds.YAML_SYNTAX,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        """Its problem kind (see :mod:`generator.kinds`)."""
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        self.field = tuple(field)
        """Where in the document, for a problem with one mapping (a key written twice)."""


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
