"""Search stage: the two search indexes of a site.

- online, over http(s): Pagefind, run over one small document per hub, in shards
  (:mod:`.pagefind`);
- offline, from ``file://``, where browsers block Pagefind: small script files a page
  loads a few at a time (:mod:`.offline`, with :mod:`.records` and :mod:`.terms`).

Both index the same text of each hub, so they find the same hubs. Neither touches the
site: they return files and folders the site transaction takes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ..derive import Corpus
from .offline import IndexedHub, Reader, offline_files
from .pagefind import SHARDS_FILE, Shard, ShardPlan, document, index, plan, shards_file

__all__ = [
    "SHARDS_FILE",
    "IndexedHub",
    "Shard",
    "ShardPlan",
    "document",
    "index",
    "loose_files",
    "offline_index",
    "plan",
    "shards_file",
]


def loose_files(shards: ShardPlan) -> dict[str, bytes]:
    """Return the online index's files beside its shard folders: the list of shards."""
    return {SHARDS_FILE: shards_file(shards.shards)}


class Indexed(Protocol):
    """What knows each hub's search record and the last build's (the render plan)."""

    def search_hubs(self, corpus: Corpus) -> list[IndexedHub]:
        """Return every hub as the offline index needs it, in corpus order."""


def offline_index(
    corpus: Corpus, plan: Indexed, read: Reader, remake: Callable[[int], bytes]
) -> dict[str, bytes]:
    """Return every file of the offline index (see :func:`.offline.offline_files`)."""
    hubs = plan.search_hubs(corpus)
    config = corpus.config
    labels = [rule.label for rule in config.labels]
    return offline_files(hubs, labels, config.roles, config.polarities, read, remake)
