"""The diff report as JSON (``hubgen diff --format json``): stable key order, one change
per field path."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .diff_report import ChangeReport, HubChange


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def change_list(change: HubChange) -> list[dict[str, Any]]:
    """Return every change of one hub as ``{"field": path, "before": …, "after": …}``.

    Paths name list entries by key (``citations[doi:10.1/x].summary``); an entry added or
    removed is one change whose other side is null.
    """
    out: list[dict[str, Any]] = []
    for name in ("id", "slug", "title"):
        before, after = getattr(change, "old_" + name), getattr(change, name)
        if before != after:
            out.append({"field": name, "before": before, "after": after})
    for f in change.derived + change.fields:
        out.append({"field": f.field, "before": _plain(f.before), "after": _plain(f.after)})
    for kind, shares in (("roles", change.roles), ("polarities", change.polarities)):
        for s in shares:
            out.append(
                {
                    "field": f"{kind}[{s.name}]",
                    "before": {"count": s.old_count, "percent": s.old_percent},
                    "after": {"count": s.new_count, "percent": s.new_percent},
                }
            )
    for list_name, entries in change.lists:
        for e in entries:
            path = f"{list_name}[{e.key}]"
            if e.status != "changed":
                whole = {name: _plain(value) for name, value in e.fields}
                before, after = (None, whole) if e.status == "added" else (whole, None)
                out.append({"field": path, "name": e.name, "before": before, "after": after})
                continue
            for f in e.changes:
                out.append(
                    {
                        "field": f"{path}.{f.field}",
                        "name": e.name,
                        "before": _plain(f.before),
                        "after": _plain(f.after),
                    }
                )
    return out


def to_json(report: ChangeReport) -> str:
    """Return the report as indented JSON (stable key order)."""
    data: dict[str, Any] = {
        "old_name": report.old_name,
        "new_name": report.new_name,
        "old_hubs": report.old_hubs,
        "new_hubs": report.new_hubs,
        "added": [asdict(e) for e in report.added],
        "removed": [asdict(e) for e in report.removed],
        "changed": [
            {
                "id": c.id,
                "slug": c.slug,
                "title": c.title,
                "old_id": c.old_id,
                "old_slug": c.old_slug,
                "old_title": c.old_title,
                "renamed": c.renamed,
                "content_changed": c.content_changed,
                "changes": change_list(c),
            }
            for c in report.changed
        ],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
