"""What a built site weighs, by kind of file, and what its index page loads at start.

    python benchmarks/weights.py SITE [PEER_SITE] [--hubs N]

Every file is put in the first kind of :data:`KINDS` whose pattern matches its path
(relative, with ``/``). A kind of output added later lands in "other" and shows up in
the table instead of vanishing: give it a row here when it does.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import human, kb, mb, print_table

KINDS: tuple[tuple[str, str], ...] = (
    ("hub pages", r"^hubs/[^/]+/index\.html$"),
    ("hub.json", r"^hubs/[^/]+/hub\.json$"),
    ("feeds", r"(^|/)feed\.xml$|\.atom$|^index\.xml$"),
    ("csv", r"\.csv$"),
    ("bib/ris/csl", r"\.(bib|ris)$|\.csl\.json$"),
    ("offline search", r"^search-index[^/]*$|^search/"),
    ("pagefind", r"^pagefind/"),
    ("index page(s)", r"^index(-\d+)?\.html$|^hubs-table\.js$"),
    ("static", r"^static/"),
    ("site files", r"^(404\.html|robots\.txt|sitemap\.xml|\.nojekyll)$"),
    ("build manifest", r"^\.hubgen-build$"),
)
OTHER = "other"
_PATTERNS = [(kind, re.compile(pattern)) for kind, pattern in KINDS]
TARGET_PER_HUB = 40_000
"""The issue's target: the whole site ≤ 40 KB per hub (decimal: 10,000 hubs ≤ 400 MB)."""


def classify(path: str) -> str:
    """Return the kind of the site file at ``path`` (relative, ``/``-separated)."""
    return next((kind for kind, pattern in _PATTERNS if pattern.search(path)), OTHER)


@dataclass(slots=True)
class Tally:
    """Files and bytes of one kind."""

    files: int = 0
    bytes: int = 0


def weigh(site: Path) -> tuple[dict[str, Tally], tuple[str, int]]:
    """Return the files and bytes of ``site`` per kind, and its largest file (path, bytes)."""
    tallies = {kind: Tally() for kind, _ in KINDS} | {OTHER: Tally()}
    largest = ("", 0)
    for dirpath, _dirs, names in os.walk(site):
        for name in names:
            full = os.path.join(dirpath, name)
            size = os.lstat(full).st_size
            rel = os.path.relpath(full, site).replace(os.sep, "/")
            tally = tallies[classify(rel)]
            tally.files += 1
            tally.bytes += size
            if size > largest[1]:
                largest = (rel, size)
    return tallies, largest


class _Assets(HTMLParser):
    """Collects what an HTML page loads as it opens: scripts, stylesheets, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").lower().split()
        if (tag in ("script", "img", "iframe") and a.get("src")) or (
            tag == "link" and {"stylesheet", "preload", "modulepreload"} & set(rel)
        ):
            self.urls.append(a.get("src") or a.get("href", ""))


def first_load(site: Path, page: str = "index.html") -> list[tuple[str, int]]:
    """Return (file, bytes) of the site's ``page`` and of the local files it loads at start.

    Scripts loaded later (the offline search index, say) are not counted: see browser.py.
    """
    parser = _Assets()
    html = site / page
    parser.feed(html.read_text("utf-8", errors="replace"))
    loaded = [(page, html.stat().st_size)]
    for url in parser.urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # another site's file: not part of this site's weight
        path = unquote(parts.path)
        target = site / path[1:] if path.startswith("/") else html.parent / path
        if target.is_file():
            loaded.append((path, target.stat().st_size))
    return loaded


def print_weights(sites: dict[str, Path], hubs: int) -> None:
    """Print files and bytes by kind, in total and per hub, for each site, side by side."""
    weighed = {name: weigh(path) for name, path in sites.items()}
    headers = ["kind"]
    for name in sites:
        headers += [f"{name} files", f"{name} bytes", f"{name} /hub"]
    rows: list[list[object]] = []
    for kind in [k for k, _ in KINDS] + [OTHER]:
        row: list[object] = [kind]
        for tallies, _ in weighed.values():
            t = tallies[kind]
            row += [f"{t.files:,}", human(t.bytes), kb(t.bytes / hubs)] if t.files else ["-"] * 3
        if any(tallies[kind].files for tallies, _ in weighed.values()):
            rows.append(row)
    total: list[object] = ["total"]
    for tallies, _ in weighed.values():
        files = sum(t.files for t in tallies.values())
        size = sum(t.bytes for t in tallies.values())
        total += [f"{files:,}", mb(size), kb(size / hubs)]
    rows.append(total)
    print_table(f"Output weight at {hubs:,} hubs (KB and MB are decimal)", headers, rows)
    for name, (tallies, largest) in weighed.items():
        size = sum(t.bytes for t in tallies.values())
        per_hub = size / hubs
        verdict = "met" if per_hub <= TARGET_PER_HUB else f"missed by {kb(per_hub - 40_000)}"
        print(
            f"{name}: {kb(per_hub)} per hub against ≤ 40 KB ({verdict}); at 10,000 hubs "
            f"{mb(per_hub * 10_000)} against ≤ 400 MB; largest file {largest[0]} {mb(largest[1])}"
        )


def print_first_load(sites: dict[str, Path]) -> None:
    """Print what each site's index page weighs as first loaded (target ≤ 300 KB)."""
    rows = []
    for name, site in sites.items():
        loaded = first_load(site)
        parts = ", ".join(f"{path} {kb(size)}" for path, size in loaded)
        rows.append([name, kb(sum(size for _, size in loaded)), parts])
    print_table("Index page as first loaded (target ≤ 300 KB)", ["site", "bytes", "files"], rows)


def main() -> None:
    """Print the weight tables of one or two built sites."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("peer", type=Path, nargs="?")
    parser.add_argument("--hubs", type=int, help="default: the folders under SITE/hubs")
    args = parser.parse_args()
    hubs = args.hubs or sum(1 for p in (args.site / "hubs").iterdir() if p.is_dir())
    sites = {"hubgen": args.site} | ({"peer": args.peer} if args.peer else {})
    print_weights(sites, hubs)
    print_first_load(sites)


if __name__ == "__main__":
    main()
