"""How cached values are pickled: registered here, so the model stays plain dataclasses.

The cache holds 10,000 hubs and 400,000 citing papers, unpickled on every build; the
defaults for slotted dataclasses (the state protocol) are several times slower to load
than a call to the constructor, and a hub's citing papers are stored as bytes of their
own and decoded only when used (:class:`LazyCitations`): an edit renders a handful of
hubs, and derive needs of the others only what :class:`RecordFacts` holds.
"""

from __future__ import annotations

import copyreg
import pickle
from collections.abc import Iterator, Sequence
from dataclasses import fields
from functools import cache
from typing import Any, overload

from ..derive import CoCited
from ..errors import Problem
from ..model import Citation, Claim, Coverage, CuratedCoCited, Hub, ToolLink
from ..outcomes import RecordOutcome
from ..summary import RecordFacts, Share, Summary, interned_share


class LazyCitations(Sequence[Citation]):
    """A hub's citing papers, kept as the bytes the cache holds until first used.

    Compares, hashes and prints as the tuple it stands for.
    """

    __slots__ = ("_blob", "_items")

    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        self._items: tuple[Citation, ...] | None = None

    def _all(self) -> tuple[Citation, ...]:
        if self._items is None:
            self._items = pickle.loads(self._blob)  # from a signed cache entry (store.py)
        return self._items

    @overload
    def __getitem__(self, index: int) -> Citation: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Citation, ...]: ...
    def __getitem__(self, index: int | slice) -> Citation | tuple[Citation, ...]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[Citation]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyCitations):
            return self._all() == other._all()
        if isinstance(other, tuple):
            return self._all() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


def _citations_blob(citations: Sequence[Citation]) -> bytes:
    if isinstance(citations, LazyCitations):
        return citations._blob
    return pickle.dumps(tuple(citations), pickle.HIGHEST_PROTOCOL)


@cache
def _hub_fields() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Hub))


def _hub(*values: Any) -> Hub:
    """Rebuild a Hub whose ``citations`` came as bytes."""
    named = dict(zip(_hub_fields(), values, strict=True))
    named["citations"] = LazyCitations(named["citations"])
    return Hub(**named)


def _reduce_hub(hub: Hub) -> tuple[Any, tuple[Any, ...]]:
    values = [getattr(hub, name) for name in _hub_fields()]
    values[_hub_fields().index("citations")] = _citations_blob(hub.citations)
    return (_hub, tuple(values))


def _problem(
    path: str, line: int, column: int, field: str, message: str, hint: str, kind: str, silent: bool
) -> Problem:
    """Rebuild a Problem (its keyword-only fields cannot be passed by position)."""
    return Problem(path, line, column, field, message, hint, kind=kind, silenced=silent)


def _reduce_problem(p: Problem) -> tuple[Any, tuple[Any, ...]]:
    fields = (p.path, p.line, p.column, p.field, p.message, p.hint, p.kind, p.silenced)
    return (_problem, fields)


def _by_constructor(cls: type[Any]) -> None:
    names = tuple(f.name for f in fields(cls))
    copyreg.pickle(cls, lambda obj: (cls, tuple(getattr(obj, n) for n in names)))


def register() -> None:
    """Register every reducer (done once, when the cache is first used)."""
    for cls in (Claim, CuratedCoCited, ToolLink, Coverage, Summary, RecordFacts, CoCited):
        _by_constructor(cls)
    _by_constructor(RecordOutcome)
    copyreg.pickle(Problem, _reduce_problem)  # a record of 400,000 unknown keys has as many
    copyreg.pickle(Hub, _reduce_hub)
    # tuple.__new__ straight from C; a named tuple's own __new__ is Python code
    copyreg.pickle(Citation, lambda c: (tuple.__new__, (Citation, tuple(c))))
    copyreg.pickle(Share, lambda s: (interned_share, (s.name, s.count, s.percent)))
