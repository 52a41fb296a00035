"""What a fetch brings back: the raw responses, in the order ``hubgen import`` reads them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .http import Client, FetchError, Response

Progress = Callable[[int, "int | None"], None]
"""Called after each page with (citing papers so far, the service's count or None)."""


@dataclass
class Download:
    """The paper's response, then one response per page of citing papers."""

    paper: bytes
    known: int | None
    """The service's count of citing papers (citationCount, cited_by_count), if given."""
    pages: list[bytes] = field(default_factory=list)
    citing: int = 0
    """Citing papers in the pages."""
    stopped: str = ""
    """Why paging stopped before the end (--allow-partial), '' when every page arrived."""

    def add(self, page: Response, items: list[Any], progress: Progress | None) -> None:
        """Keep one page of ``items`` and report the progress."""
        self.pages.append(page.body)
        self.citing += len(items)
        if progress:
            progress(self.citing, self.known)


def get_page(
    client: Client,
    path: str,
    params: Mapping[str, str | int],
    download: Download,
    allow_partial: bool,
) -> Response | None:
    """Return the next page, or None when it failed and ``allow_partial`` lets paging stop."""
    try:
        return client.get(path, params)
    except FetchError as exc:
        if not allow_partial:
            raise
        download.stopped = str(exc)
        return None


def known_count(value: object) -> int | None:
    """Return a count from a response field, or None when it is not a whole number >= 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def page_size(limit: int, fetched: int, max_citing: int | None) -> int:
    """Return how many citing papers to ask for next: ``limit``, or fewer to stop at --max."""
    return limit if max_citing is None else min(limit, max_citing - fetched)
