"""When two citations are the same paper: one rule, used by co-citation, diff, feeds and
the importers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import TypeAlias

from .model import Hub

_ID = attrgetter("id")


PaperKey: TypeAlias = "str | tuple[str]"
"""A citing paper's identity: its id, or ``(normalised title,)`` when no citation of it
has an id (a tuple never equals an id, so the two kinds cannot collide)."""


def citation_ids(hubs: Sequence[Hub]) -> list[tuple[str, ...]]:
    """Return, per hub, the id of each of its citations ('' for one without id)."""
    return [tuple(map(_ID, hub.citations)) for hub in hubs]


def paper_id(value: str) -> str:
    """Return a citing paper's id as compared: DOIs are case-insensitive, so lowercased."""
    return value.lower() if value[:4].lower() == "doi:" else value


def paper_keys(
    hubs: Sequence[Hub], ids: Sequence[Sequence[str]] | None = None
) -> list[list[PaperKey]]:
    """Return, per hub, the distinct keys of its citing papers, in citation order.

    Two citations are the same paper when they share an id (DOIs in any case), or, when
    either has no id, the same normalised title: a citation without id takes the id of
    the first citation (in hub order) with its title, if any. A citation with neither has
    no key. ``ids`` is ``citation_ids(hubs)``, when known.
    """
    if ids is None:
        ids = citation_ids(hubs)
    title_to_id: dict[str, str] | None = None  # built only when a citation lacks an id
    out: list[list[PaperKey]] = []
    for hub, hub_ids in zip(hubs, ids, strict=True):
        if all(hub_ids):  # the common case, handled without a Python-level loop
            joined = "".join(hub_ids)
            if joined.lower() != joined:  # some id has capitals: fold the DOIs among them
                hub_ids = list(map(paper_id, hub_ids))
            out.append(list(dict.fromkeys(hub_ids)))
            continue
        if title_to_id is None:
            title_to_id = _title_ids(hubs)
        keys = dict.fromkeys(_citation_keys(hub, title_to_id))
        out.append([k for k in keys if k != ("",)])
    return out


def citation_keys(hubs: Sequence[Hub]) -> list[list[PaperKey]]:
    """Return, per hub, the paper key of each citation (see :func:`paper_keys`), in order.

    A citation with neither id nor title gets ``("",)``.
    """
    title_to_id = _title_ids(hubs)
    return [_citation_keys(hub, title_to_id) for hub in hubs]


def _citation_keys(hub: Hub, title_to_id: Mapping[str, str]) -> list[PaperKey]:
    return [
        paper_id(c.id) if c.id else (title_to_id.get(c.title_key) or (c.title_key,))
        for c in hub.citations
    ]


def _title_ids(hubs: Sequence[Hub]) -> dict[str, str]:
    """Return ``{normalised title: id}`` from the first citation with both, in hub order."""
    title_to_id: dict[str, str] = {}
    for hub in hubs:
        for c in hub.citations:
            if c.id and c.title_key:
                title_to_id.setdefault(c.title_key, paper_id(c.id))
    return title_to_id
