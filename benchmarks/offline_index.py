"""Time the offline search index of a content directory: per hub, and site-wide.

    python benchmarks/offline_index.py CONTENT_DIR [--repeat N]
    python benchmarks/offline_index.py --zipf HUBS

Loads and derives the content with the real pipeline, makes every hub's search record
(as render workers do), then times the site-wide step that runs on every build, all
records → every index file: from scratch (a cold build), and after one hub's record
changed (taking over the files of the first).

The words of benchmarks/corpus.py come from a list of 70, so its hubs have about 120
distinct terms each. ``--zipf`` times the site-wide step on records of made-up hubs
whose 1,700 words are drawn from 200,000 with Zipf's law instead, closer to real text
(about 850 distinct terms a hub).
Times are CPU seconds of this process (best of N), so that other work on the machine
counts less. It prints the files' count and sizes by kind, and the largest terms files.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build import check
from generator.derive import LABELS, derive
from generator.search_offline import IndexedHub, offline_files
from generator.search_records import SearchRecord, hub_record, record_bytes
from generator.search_terms import posting_code

VOCABULARY = 200_000
WORDS_A_HUB = 1_700


def zipf_records(hubs: int) -> list[SearchRecord]:
    """Records of ``hubs`` made-up hubs with words drawn by Zipf's law."""
    rng = random.Random(1)
    weights = list(itertools.accumulate(1 / (i + 1) ** 1.07 for i in range(VOCABULARY)))
    records = []
    for n in range(hubs):
        drawn = [bisect.bisect(weights, rng.random() * weights[-1]) for _ in range(WORDS_A_HUB)]
        groups: dict[str, list[str]] = {}
        for word, count in Counter(f"w{i:x}" for i in drawn).items():
            groups.setdefault(posting_code(count, False), []).append(word)
        terms = "\n".join(f"{c} {' '.join(sorted(w))}" for c, w in sorted(groups.items()))
        doc = f'["hubs/{n}/index.html","Hub {n}","{"text " * 200}"]'
        records.append(SearchRecord(doc, terms))
    return records


def main() -> None:
    """Parse options, then time each step and describe the files."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("content", type=Path, nargs="?")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--zipf", type=int, metavar="HUBS", help="made-up hubs instead")
    args = parser.parse_args()
    labels = [label for label, _word in LABELS.values()]
    if args.zipf:
        records = zipf_records(args.zipf)
        hubs, took, roles, polarities = args.zipf, 0.0, (), ()
    else:
        checked = check(args.content)
        corpus = derive(checked.hubs, checked.config, checked.facts)
        hubs, roles, polarities = len(corpus.hubs), corpus.config.roles, corpus.config.polarities
        start = time.process_time()
        records = [hub_record(view) for view in corpus.hubs]
        took = (time.process_time() - start) * 1000 / hubs
    cached = [record_bytes(r) for r in records]
    postings = sum(len(r.terms.split()) - r.terms.count("\n") - 1 for r in records)
    print(
        f"{hubs:,} hubs: a record takes {took:.2f} ms (when the hub is rendered);"
        f" {postings / hubs:.0f} terms a hub; {sum(map(len, cached)) / 2**20:.1f} MiB cached"
    )
    hubs_now = [IndexedHub(b, None, labels[0], (), ()) for b in cached]
    edited = list(cached)
    edited[len(edited) // 2] = record_bytes(records[len(edited) // 2 + 1])  # another record
    hubs_then = [
        IndexedHub(b, old, labels[0], (), ()) for b, old in zip(edited, cached, strict=True)
    ]
    best = {"cold": 1e9, "after a one-hub edit": 1e9}
    for _ in range(args.repeat):
        start = time.process_time()
        files = offline_files(hubs_now, labels, roles, polarities)
        middle = time.process_time()
        offline_files(hubs_then, labels, roles, polarities, files.get)
        end = time.process_time()
        best["cold"] = min(best["cold"], middle - start)
        best["after a one-hub edit"] = min(best["after a one-hub edit"], end - middle)
    parts = ", ".join(f"{name} {s * 1000:.0f} ms" for name, s in best.items())
    print(f"site-wide step (every build), CPU: {parts}")
    kinds: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    for path, data in files.items():
        kind = path.split("/")[1] if path.count("/") > 1 else path
        kinds[kind] += 1
        sizes[kind] += len(data)
    for kind in sorted(kinds):
        print(f"  {kind:<16} {kinds[kind]:>6,} files {sizes[kind] / 2**20:>8.2f} MiB")
    terms = sorted((len(d), p.rsplit("/", 1)[1]) for p, d in files.items() if "/terms/" in p)
    print("  largest terms files:", ", ".join(f"{p} {n // 1024} KiB" for n, p in terms[-5:]))


if __name__ == "__main__":
    main()
