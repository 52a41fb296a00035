"""Search stage: the Pagefind index (run on the written site) and the offline index.

Pagefind covers search over http(s). Browsers block Pagefind from ``file://``, so the
build also writes ``search-index.js``, loaded with a plain script tag, holding the same
text (titles, abstracts, notes, claims, citing titles and summaries) for a small search
in ``static/search.js``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from .derive import HubView
from .errors import HubgenError
from .markdown import plain_text
from .urls import hub_path

OFFLINE_INDEX = "search-index.js"


def hub_search_text(view: HubView) -> str:
    """Return the searchable text of one hub, beyond its title."""
    hub = view.hub
    parts = [", ".join(hub.authors), hub.venue, plain_text(hub.abstract), plain_text(hub.notes)]
    parts += [plain_text(c.text) for c in hub.claims]
    for c in hub.citations:
        parts.append(c.title)
        if c.summary:
            parts.append(plain_text(c.summary))
    return " ".join(p for p in parts if p)


def hub_search_doc(view: HubView) -> str:
    """Return one hub's offline search document as one line of JSON (cached with the hub)."""
    s = view.summary
    doc = {
        "url": hub_path(view.hub.slug),
        "title": view.hub.title,
        "label": s.label,
        "roles": [r.name for r in s.roles if r.count],
        "polarities": [p.name for p in s.polarities if p.count],
        "text": hub_search_text(view),
    }
    return json.dumps(doc, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def offline_index_from_docs(docs: Iterable[str]) -> bytes:
    """Return ``search-index.js`` from per-hub documents: one hub per line, for diffs."""
    body = ",\n".join(docs)
    return f'window.HUBGEN_SEARCH = {{"docs":[\n{body}\n]}};\n'.encode("ascii")


def run_pagefind(site_dir: Path) -> None:
    """Index the written site with the Pagefind binary from ``pagefind-bin``."""
    command = [
        sys.executable,
        "-m",
        "pagefind_bin",
        "--site",
        str(site_dir),
        "--keep-index-url",
        "--silent",
    ]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise HubgenError(f"could not run Pagefind ({exc}); reinstall hubgen") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        if "No module named pagefind_bin" in (proc.stderr or ""):
            raise HubgenError(
                "the search index needs the pagefind-bin package: "
                "pip install pagefind-bin (or build with --no-search)"
            )
        raise HubgenError("Pagefind failed to index the site: " + " | ".join(detail[-5:]))
