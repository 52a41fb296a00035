"""The peer: the same hubs as a Hugo site, indexed by Pagefind.

Hugo 0.111 (Debian's) cannot make pages from data files, so :func:`prepare` turns each
hub record into one Markdown content file whose front matter carries what a hub page
shows: title, authors, venue, year, abstract (the page body), claims, co-cited hubs and
every citing paper with its meta, roles, polarity, summary and context quotes. The theme
in ``hugo_peer/`` renders them: role and polarity counts, claims, co-cited works,
representative papers and the list of citing papers, Markdown rendered by Hugo. It marks
the same parts for Pagefind as hubgen's theme does (the article is the body; co-cited
works and the site header are ignored; roles and polarities are filters).

Preparing is not part of the peer's time: compare.py times ``hugo`` and then Pagefind.
Co-cited works are counted here in Python (Hugo would need a taxonomy of 100,000 citing
papers); that is the peer's one head start, about 1 s of hubgen's derive at 10,000 hubs.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

THEME = Path(__file__).resolve().parent / "hugo_peer"
INSTALL_HINT = (
    "hugo is not on PATH, so the Hugo + Pagefind peer is skipped. Install it with "
    "`apt-get install -y hugo` on Debian or Ubuntu (0.111 was measured), or see "
    "https://gohugo.io/installation/ elsewhere."
)
COCITED_LIMIT = 20
"""As many co-cited works as hubgen shows by default (``cocited_limit``)."""


def read_record(path: Path) -> dict[str, Any]:
    """Return a hub record (YAML, or Markdown with front matter; its body as ``notes``)."""
    text = path.read_text("utf-8")
    notes = ""
    if path.suffix == ".md":
        _, front, notes = text.split("---\n", 2)
        text = front
    record: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    record["notes"] = notes.strip()
    return record


def _paper_url(entry: dict[str, Any]) -> str:
    ident = str(entry.get("id", ""))
    if entry.get("url"):
        return str(entry["url"])
    return f"https://doi.org/{ident[4:]}" if ident.startswith("doi:") else ""


def _listed(value: object) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _cocited(records: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Per hub, the other hubs sharing most citing papers with it (most first)."""
    citers: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        for c in record.get("citations") or []:
            if c.get("id"):
                citers[str(c["id"])].append(i)
    out = []
    for i, record in enumerate(records):
        shared: Counter[int] = Counter()
        for c in record.get("citations") or []:
            shared.update(j for j in citers.get(str(c.get("id", "")), []) if j != i)
        top = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:COCITED_LIMIT]
        out.append(
            [
                {"title": records[j]["title"], "url": f"../{records[j]['slug']}/", "shared": n}
                for j, n in top
            ]
        )
    return out


def _front_matter(
    record: dict[str, Any], cocited: list[dict[str, Any]], hubs: dict[str, str]
) -> dict[str, Any]:
    citing = []
    for c in record.get("citations") or []:
        slug = hubs.get(str(c.get("id", "")))
        citing.append(
            {
                "title": c["title"],
                "url": f"../{slug}/" if slug else _paper_url(c),
                "year": c.get("year", ""),
                "authors": _listed(c.get("authors")),
                "venue": c.get("venue", ""),
                "roles": _listed(c.get("role")),
                "polarity": c.get("polarity", ""),
                "representative": bool(c.get("representative")),
                "summary": c.get("summary", ""),
                "contexts": _listed(c.get("context")),
            }
        )
    return {
        "title": record["title"],
        "paper_id": record["id"],
        "paper_url": _paper_url(record),
        "authors": _listed(record.get("authors")),
        "year": record.get("year", ""),
        "venue": record.get("venue", ""),
        "claims": record.get("claims") or [],
        "cocited": cocited,
        "citing": citing,
    }


def prepare(content_dir: Path, peer_dir: Path) -> int:
    """Write a Hugo site for the hubs of ``content_dir`` into ``peer_dir``; return its pages."""
    shutil.copytree(THEME, peer_dir, dirs_exist_ok=True)
    records = [read_record(p) for p in sorted((content_dir / "hubs").iterdir())]
    hubs = {str(r["id"]): str(r["slug"]) for r in records}
    roles: dict[str, None] = {}
    polarities: dict[str, None] = {}
    for record in records:
        for c in record.get("citations") or []:
            roles.update(dict.fromkeys(_listed(c.get("role"))))
            if c.get("polarity"):
                polarities[c["polarity"]] = None
    site = yaml.safe_load((content_dir / "site.yaml").read_text("utf-8"))
    (peer_dir / "config.toml").write_text(
        f"baseURL = 'https://example.org/'\ntitle = {json.dumps(site.get('title', 'Hubs'))}\n"
        "disableKinds = ['taxonomy', 'term', 'section']\nrssLimit = 200\n"
        f"[params]\nroles = {json.dumps(list(roles))}\n"
        f"polarities = {json.dumps(list(polarities))}\n",
        "utf-8",
    )
    pages = peer_dir / "content" / "hubs"
    pages.mkdir(parents=True, exist_ok=True)
    for record, cocited in zip(records, _cocited(records), strict=True):
        front = json.dumps(_front_matter(record, cocited, hubs), ensure_ascii=False, indent=1)
        body = str(record.get("abstract", ""))
        if record["notes"]:
            body += "\n\n### Notes\n\n" + record["notes"]
        (pages / f"{record['slug']}.md").write_text(f"{front}\n\n{body}\n", "utf-8")
    return len(records)


def hugo_command(hugo: str, peer_dir: Path) -> list[str]:
    """Return the command that builds the peer's pages into ``peer_dir/public``."""
    return [
        hugo,
        "--source",
        str(peer_dir),
        "--destination",
        str(peer_dir / "public"),
        "--cacheDir",
        str(peer_dir / ".hugo-cache"),
        "--quiet",
    ]


def pagefind_command(peer_dir: Path) -> list[str]:
    """Return the command that indexes Hugo's output into one Pagefind index."""
    return [sys.executable, "-m", "pagefind_bin", "--site", str(peer_dir / "public"), "--silent"]


def outputs(peer_dir: Path) -> list[Path]:
    """Return what a cold peer build must start without (removed before each run)."""
    return [peer_dir / "public", peer_dir / ".hugo-cache", peer_dir / "resources"]
