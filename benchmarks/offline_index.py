"""Time the offline search index of a content directory: per hub, and site-wide.

    python benchmarks/offline_index.py CONTENT_DIR [--repeat N]

Loads and derives the content with the real pipeline, makes every hub's search record
(as render workers do), turns them to bytes and back (as the build cache does), then
times the site-wide step that runs on every build: all records → every index file. It
prints the files' count and sizes by kind, and the largest terms files.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build import check
from generator.derive import derive
from generator.search_offline import hub_record, offline_files, record_bytes, record_from_bytes


def main() -> None:
    """Parse options, then time each step and describe the files."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    checked = check(args.content)
    corpus = derive(checked.hubs, checked.config, checked.facts)
    hubs = len(corpus.hubs)
    print(f"{hubs:,} hubs loaded and derived in {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    records = [hub_record(view) for view in corpus.hubs]
    took = time.perf_counter() - start
    print(f"records: {took * 1000 / hubs:.2f} ms a hub (render workers, once per rendered hub)")
    cached = [record_bytes(r) for r in records]
    print(f"records as bytes: {sum(map(len, cached)) / 2**20:.1f} MiB in the build cache")

    site = corpus.config
    vocab = (
        [label for label, _ in __import__("generator.derive").derive.LABELS.values()],
        list(site.roles),
        list(site.polarities),
    )
    for _ in range(args.repeat):
        start = time.perf_counter()
        decoded = [record_from_bytes(b) for b in cached]
        middle = time.perf_counter()
        files = offline_files([r for r in decoded if r is not None], *vocab)
        end = time.perf_counter()
        print(
            f"site-wide: {(end - start) * 1000:.0f} ms "
            f"(records from bytes {(middle - start) * 1000:.0f} ms, files {(end - middle) * 1000:.0f})"
        )
    kinds: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    for path, data in files.items():
        kind = path.split("/")[1] if path.count("/") > 1 else path
        kinds[kind] += 1
        sizes[kind] += len(data)
    for kind in sorted(kinds):
        print(f"  {kind:<16} {kinds[kind]:>6,} files {sizes[kind] / 2**20:>8.2f} MiB")
    terms = sorted((len(d), p) for p, d in files.items() if "/terms/" in p)
    print(
        "  largest terms files:",
        ", ".join(f"{p.rsplit('/', 1)[1]} {n // 1024} KiB" for n, p in terms[-5:]),
    )


if __name__ == "__main__":
    main()
