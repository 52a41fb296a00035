"""Incremental builds, beside the stages: what a build remembers and how it reuses it.

- :mod:`.keys`: every cache key, built in one place (no path of the machine in any);
- :mod:`.store`: the signed store in ``.hubgen-cache/`` and what it holds;
- :mod:`.reducers`: how cached values are pickled (the model stays plain dataclasses);
- :mod:`.memo`: each record file's outcome, remembered by its bytes;
- :mod:`.plan`: which hubs to render and which files the previous site lends;
- :mod:`.documents`: what the online search index read, per shard.

A build without this package (``--clean``) gives the same output, byte for byte.
"""

from . import keys
from .documents import documents_for
from .memo import RecordMemo
from .plan import Plan, plan
from .store import BuildState, PageEntry, Store

__all__ = [
    "BuildState",
    "PageEntry",
    "Plan",
    "RecordMemo",
    "Store",
    "documents_for",
    "keys",
    "plan",
]
