"""Load stage: each record file read, parsed, validated and modelled, in parallel.

Everything about one record depends on that file alone plus the vocabularies, so it is
done per file in worker processes (through a memo of the build cache when there is one:
:mod:`generator.incremental.memo`). Checks across records (unique ids and slugs) run
afterwards over the outcomes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .config import SiteConfig
from .errors import Problem
from .load import RawRecord, load_record
from .model import Hub, build_hub, effective_slug
from .parallel import map_items
from .scan import RecordFile
from .summary import RecordFacts, record_facts
from .validate import validate_record, validate_unique

State = tuple[Path, SiteConfig]
Work = Callable[[State, Path], "tuple[str, RecordOutcome]"]


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    """What reading, validating and modelling one record file gave."""

    load_problem: Problem | None
    """Why the file could not be parsed into a record (then nothing else is set)."""
    problems: tuple[Problem, ...]
    """The record's own validation problems, errors and warnings."""
    hub: Hub | None
    """The model, when the record has no errors."""
    id: str | None
    """The record's id as written, for the uniqueness check."""
    slug: str
    """The slug it will be written under ('' when it has none)."""
    facts: RecordFacts | None = None
    """What derive needs of the hub's citing papers (with ``hub``)."""


class Memo(Protocol):
    """Outcomes remembered from earlier builds (see :mod:`generator.incremental.memo`)."""

    def load(
        self, files: Sequence[RecordFile], work: Work, state: State
    ) -> list[tuple[str, RecordOutcome]]:
        """Return (digest read, outcome) per file, remembered or made with ``work``."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """The load stage's outcome."""

    outcomes: list[RecordOutcome]
    """One per record file, in scan order."""
    changed: list[Path]
    """Files whose bytes changed between the scan and their parsing (an editor saving
    in place): what was built is not what the scan saw."""


def record_outcome(state: State, path: Path) -> tuple[str, RecordOutcome]:
    """Return the digest of the bytes read and the outcome made from them (in a worker).

    The digest is '' when the file could not be parsed."""
    content_dir, config = state
    loaded = load_record(path, content_dir)
    if isinstance(loaded, Problem):
        return "", RecordOutcome(loaded, (), None, None, "")
    problems = tuple(validate_record(loaded, config))
    hub = facts = None
    if not any(p.level == "error" for p in problems):
        hub = build_hub(loaded)
        facts = record_facts(hub, config)
    raw_id = loaded.data.get("id")
    outcome = RecordOutcome(
        None,
        problems,
        hub,
        raw_id if isinstance(raw_id, str) else None,
        effective_slug(loaded.data),
        facts,
    )
    return loaded.digest.hex(), outcome


def load_outcomes(
    content_dir: Path, config: SiteConfig, files: Sequence[RecordFile], memo: Memo | None = None
) -> Loaded:
    """Return the outcome of every record file (through ``memo`` when there is one)."""
    state = (content_dir, config)
    if memo is not None:
        made = memo.load(files, record_outcome, state)
    else:
        made = list(map_items(record_outcome, [f.path for f in files], _state, state))
    changed = [f.path for f, (digest, _o) in zip(files, made, strict=True) if digest != f.digest]
    return Loaded([outcome for _digest, outcome in made], changed)


def _state(content_dir: Path, config: SiteConfig) -> State:
    return content_dir, config


def unique_problems(
    content_dir: Path, files: Sequence[RecordFile], outcomes: Sequence[RecordOutcome]
) -> list[Problem]:
    """Return problems for ids and slugs shared by several records (naming both files)."""
    ids: dict[str, int] = {}
    slugs: dict[str, int] = {}
    for o in outcomes:
        if o.load_problem is None:
            if o.id is not None:
                ids[o.id] = ids.get(o.id, 0) + 1
            if o.slug:  # casefolded: Foo and foo are one folder on macOS and Windows
                slugs[o.slug.casefold()] = slugs.get(o.slug.casefold(), 0) + 1
    clashing = [
        f.path
        for f, o in zip(files, outcomes, strict=True)
        if o.load_problem is None
        and ((o.id is not None and ids[o.id] > 1) or (o.slug and slugs[o.slug.casefold()] > 1))
    ]
    if not clashing:
        return []
    # Rare: re-read just the clashing files, so messages can point at lines.
    raws = [r for r in (load_record(p, content_dir) for p in clashing) if isinstance(r, RawRecord)]
    return validate_unique(raws, {r.src_path: effective_slug(r.data) for r in raws})
