"""The record memo: each record file's outcome, remembered by the bytes it was made from.

A file's outcome is cached under the key of the very bytes the worker parsed (not those
the scan hashed): a file saved while the build reads it is built as read and not cached.
Problems are cached without the path they are shown with (it depends on the working
directory); they get it back when read.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Sequence
from pathlib import Path

from ..load import display_path
from ..outcomes import RecordOutcome, State, Work
from ..parallel import map_items
from ..scan import RecordFile
from . import reducers
from .keys import record_key
from .store import Store

reducers.register()


def _without_paths(outcome: RecordOutcome) -> RecordOutcome:
    problems = tuple(dataclasses.replace(p, path="") for p in outcome.problems)
    return dataclasses.replace(outcome, problems=problems)


def _with_paths(outcome: RecordOutcome, shown: str) -> RecordOutcome:
    problems = tuple(dataclasses.replace(p, path=shown) for p in outcome.problems)
    return dataclasses.replace(outcome, problems=problems)


def _encoded(state: tuple[Work, State], path: Path) -> tuple[str, bytes]:
    """Run the load stage's work on one file and pickle it (in a worker process)."""
    work, inner = state
    digest, outcome = work(inner, path)
    return digest, pickle.dumps(_without_paths(outcome), pickle.HIGHEST_PROTOCOL)


def _worker_state(work: Work, inner: State) -> tuple[Work, State]:
    return work, inner


class RecordMemo:
    """Outcomes of record files, kept in the build cache's ``records/`` folder."""

    def __init__(self, store: Store, vocabularies: str) -> None:
        self.store = store
        self.vocabularies = vocabularies
        """What validation depends on besides the file: part of each key."""

    def _key(self, f: RecordFile) -> str:
        return record_key(self.vocabularies, f.src, f.digest) if f.digest else ""

    def load(
        self, files: Sequence[RecordFile], work: Work, state: State
    ) -> list[tuple[str, RecordOutcome]]:
        """Return (digest read, outcome) per file: remembered, or made by ``work``."""
        keys = [self._key(f) for f in files]
        found: dict[int, bytes] = {}
        for i, key in enumerate(keys):
            data = self.store.record(key) if key else None
            if data is not None:
                found[i] = data
        missing = [i for i in range(len(files)) if i not in found]
        digests = {i: files[i].digest for i in found}
        made = map_items(_encoded, [files[i].path for i in missing], _worker_state, (work, state))
        for i, (digest, data) in zip(missing, made, strict=True):
            found[i], digests[i] = data, digest
            if digest == files[i].digest and keys[i]:  # key and outcome from the same bytes
                self.store.put_record(keys[i], data)
        self.store.prune_records({key for key in keys if key})
        return [
            (digests[i], _with_paths(pickle.loads(found[i]), display_path(f.path)))
            for i, f in enumerate(files)
        ]
