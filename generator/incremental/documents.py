"""The documents the online index read, kept per shard so a shard indexed again needs only
its changed hubs' documents made again (a shard holds 300 to 600 hubs, on average)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..derive import Corpus
from ..search.pagefind import Shard, document
from ..urls import hub_path
from .store import Store


def shard_documents(
    store: Store,
    shard: Shard,
    keys: Mapping[str, str],
    fresh: Mapping[str, bytes],
    make: Callable[[str], bytes],
) -> dict[str, bytes]:
    """Return the document of every page of ``shard``: from this build's render
    (``fresh``), from the last build's when its search key is unchanged, else ``make``."""
    name = f"documents-{shard.name}.pickle"
    cached = store.load(name)
    if not isinstance(cached, dict):
        cached = {}
    found: dict[str, bytes] = {}
    for page in shard.pages:
        before = cached.get(page)
        if page in fresh:
            found[page] = fresh[page]
        elif isinstance(before, tuple) and len(before) == 2 and before[0] == keys[page]:
            found[page] = before[1]
        else:
            found[page] = make(page)
    store.save(name, {page: (keys[page], doc) for page, doc in found.items()})
    return found


def documents_for(
    store: Store, corpus: Corpus, keys: Mapping[str, str], fresh: Mapping[str, bytes]
) -> Callable[[Shard], dict[str, bytes]]:
    """Return what gives the documents of a shard to index (see :func:`shard_documents`):
    ``fresh`` are the documents of the hubs this build rendered, by page path."""
    views = {hub_path(view.hub.slug): view for view in corpus.hubs}
    language = corpus.config.language

    def make(page: str) -> bytes:
        return document(views[page], language)

    return lambda shard: shard_documents(store, shard, keys, fresh, make)
