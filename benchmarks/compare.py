"""Cold builds with search, hubgen against Hugo + Pagefind on the same corpus, paired.

    python benchmarks/compare.py --hubs 2000 [--citations 40] [--repeat 3] [--query WORDS]
                                 [--no-peer] [--no-browser] [--browser-repeat N]
                                 [--profile] [--keep DIR]

Writes the corpus (benchmarks/corpus.py) and the peer's Hugo site (peer_hugo.py, not
timed), then runs cold builds in pairs, alternating which goes first: hubgen's real
pipeline in a child process (build_once.py), and ``hugo`` followed by Pagefind on its
output. Every build starts without output or cache. It prints wall and CPU time
(user + sys, children included) of each, their ratios, peak memory per process, hubgen's
stages, the weight of both sites by kind, the index page as first loaded, and search in
Chromium (browser.py). ``--profile`` adds one more hubgen build under cProfile.
"""

from __future__ import annotations

import argparse
import json
import pstats
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import peer_hugo
from browser import DEFAULT_QUERY, print_searches
from common import Usage, machine, print_table, remove, run_measured, work_root
from corpus import CorpusShape, write_corpus
from weights import print_first_load, print_weights

BUILD_ONCE = Path(__file__).resolve().parent / "build_once.py"
RSS_LIMIT_MIB = 1024


@dataclass(slots=True)
class Cold:
    """One cold build: its total cost, and for hubgen the build's own report."""

    usage: Usage
    parts: dict[str, Usage]
    report: dict[str, Any]


def hubgen_cold(content: Path, site: Path, profile: Path | None = None) -> Cold:
    """Build ``content`` into ``site`` from nothing (no site, no cache) in a child process."""
    remove(site, content.parent / ".hubgen-cache")
    cmd = [sys.executable, str(BUILD_ONCE), str(content), str(site)]
    if profile is not None:
        cmd += ["--profile", str(profile)]
    usage = run_measured(cmd)
    return Cold(usage, {"hubgen": usage}, json.loads(usage.stdout.splitlines()[-1]))


def peer_cold(hugo: str, peer: Path) -> Cold:
    """Build the peer from nothing: ``hugo``, then Pagefind over its output."""
    remove(*peer_hugo.outputs(peer))
    pages = run_measured(peer_hugo.hugo_command(hugo, peer))
    index = run_measured(peer_hugo.pagefind_command(peer))
    return Cold(pages.add(index), {"hugo": pages, "pagefind": index}, {})


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b > 0 else "-"


def print_pairs(ours: list[Cold], theirs: list[Cold], hubs: int) -> None:
    """Print each pair's wall and CPU seconds and ratios, then the medians against targets."""
    rows: list[list[object]] = []
    for i, h in enumerate(ours):
        p = theirs[i] if i < len(theirs) else None
        rows.append(
            [
                i + 1,
                f"{h.usage.wall:.1f}",
                f"{h.usage.cpu:.1f}",
                f"{p.usage.wall:.1f}" if p else "-",
                f"{p.usage.cpu:.1f}" if p else "-",
                _ratio(h.usage.wall, p.usage.wall) if p else "-",
                _ratio(h.usage.cpu, p.usage.cpu) if p else "-",
            ]
        )
    headers = ["pair", "hubgen wall s", "hubgen CPU s", "peer wall s", "peer CPU s"]
    print_table(
        f"Cold build with search, {hubs:,} hubs (peer: hugo + Pagefind)",
        headers + ["wall ratio", "CPU ratio"],
        rows,
    )
    wall = statistics.median(c.usage.wall for c in ours)
    cpu = statistics.median(c.usage.cpu for c in ours)
    line = f"median hubgen: {wall:.1f} s wall, {cpu:.1f} s CPU"
    if theirs:
        peer_wall = statistics.median(c.usage.wall for c in theirs)
        peer_cpu = statistics.median(c.usage.cpu for c in theirs)
        hugo = statistics.median(c.parts["hugo"].wall for c in theirs)
        index = statistics.median(c.parts["pagefind"].wall for c in theirs)
        hugo_cpu = statistics.median(c.parts["hugo"].cpu for c in theirs)
        index_cpu = statistics.median(c.parts["pagefind"].cpu for c in theirs)
        line += (
            f"; peer: {peer_wall:.1f} s wall (hugo {hugo:.1f} + Pagefind {index:.1f}), "
            f"{peer_cpu:.1f} s CPU (hugo {hugo_cpu:.1f} + Pagefind {index_cpu:.1f}); "
            f"hubgen / peer {_ratio(wall, peer_wall)} wall, {_ratio(cpu, peer_cpu)} CPU "
            "(target ≤ 1.0×)"
        )
    print(line + (f"; target at 10,000 hubs ≤ 45 s wall: {wall:.1f} s" if hubs >= 10_000 else ""))


def print_memory(ours: Cold, theirs: Cold | None) -> None:
    """Print peak RSS: hubgen's process, its largest child, each named process; the peer's."""
    r = ours.report
    rows: list[list[object]] = [
        ["hubgen build process", f"{r['self_rss_mib']:.0f} MiB", "exact (ru_maxrss)"],
        ["hubgen, largest child", f"{r['children_rss_mib']:.0f} MiB", "workers and Pagefind"],
    ]
    for name, (mib, count) in sorted(ours.usage.peaks.items()):
        rows.append(
            [
                f"hubgen tree: {name}",
                f"{mib:.0f} MiB",
                f"sampled, {count} process" + ("" if count == 1 else "es"),
            ]
        )
    if theirs is not None:
        for name, usage in theirs.parts.items():
            rows.append([f"peer: {name}", f"{usage.max_rss:.0f} MiB", "exact (wait4)"])
    print_table(
        f"Peak RSS, last pair (target ≤ {RSS_LIMIT_MIB:,} MiB each for hubgen and every Pagefind)",
        ["process", "peak RSS", "how"],
        rows,
    )


def print_stages(cold: Cold, hubs: int) -> None:
    """Print hubgen's stages (BuildResult.timings): wall and CPU seconds, CPU ms per hub."""
    rows: list[list[object]] = []
    for stage in cold.report["stages"]:
        cpu = "(in render)" if stage["name"] == "write" else f"{stage['cpu']:.2f}"
        per_hub = "" if stage["name"] == "write" else f"{stage['cpu'] * 1000 / hubs:.2f}"
        rows.append([stage["name"], f"{stage['wall']:.2f}", cpu, per_hub])
    staged_wall = sum(s["wall"] for s in cold.report["stages"])
    staged_cpu = sum(s["cpu"] for s in cold.report["stages"])
    rest_cpu = cold.usage.cpu - staged_cpu
    rows.append(
        [
            "outside stages",
            f"{cold.usage.wall - staged_wall:.2f}",
            f"{rest_cpu:.2f}",
            f"{rest_cpu * 1000 / hubs:.2f}",
        ]
    )
    rows.append(
        [
            "total",
            f"{cold.usage.wall:.2f}",
            f"{cold.usage.cpu:.2f}",
            f"{cold.usage.cpu * 1000 / hubs:.2f}",
        ]
    )
    print_table(
        "hubgen cold build by stage, median pair (render's CPU includes write's: workers write)",
        ["stage", "wall s", "CPU s", "CPU ms/hub"],
        rows,
    )


def print_profile(stats_file: Path, top: int = 30) -> None:
    """Print the functions of the build process with the most cumulative and own time."""
    print("\n## cProfile of one cold build, on one CPU (so no worker processes)")
    stats = pstats.Stats(str(stats_file))
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top // 2)


def main() -> None:
    """Write the corpus and the peer, run the pairs, then weigh and search both sites."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hubs", type=int, default=2000)
    parser.add_argument("--citations", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="pairs of cold builds")
    parser.add_argument("--query", default=DEFAULT_QUERY, help="the search benchmarks' query")
    parser.add_argument("--no-peer", action="store_true", help="hubgen only")
    parser.add_argument("--no-browser", action="store_true", help="skip the search measurements")
    parser.add_argument(
        "--browser-repeat", type=int, default=1, help="page loads per search measurement (median)"
    )
    parser.add_argument("--profile", action="store_true", help="one more build, under cProfile")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: /dev/shm)")
    args = parser.parse_args()
    hugo = None if args.no_peer else shutil.which("hugo")
    if hugo is None and not args.no_peer:
        print(peer_hugo.INSTALL_HINT)
    work = (args.keep or work_root()).resolve()
    print(f"# {args.hubs:,} hubs × {args.citations} citations, in {work}, on {machine()}")
    try:
        start = time.perf_counter()
        content = write_corpus(work / "content", CorpusShape(args.hubs, args.citations, args.seed))
        print(f"corpus written in {time.perf_counter() - start:.1f} s")
        peer = work / "peer"
        if hugo is not None:
            start = time.perf_counter()
            pages = peer_hugo.prepare(content, peer)
            print(f"peer: {pages:,} Hugo content files in {time.perf_counter() - start:.1f} s")
        site = work / "site"
        ours: list[Cold] = []
        theirs: list[Cold] = []
        for i in range(args.repeat):
            order = ["hubgen", "peer"] if i % 2 == 0 else ["peer", "hubgen"]
            for who in order:
                if who == "hubgen":
                    ours.append(hubgen_cold(content, site))
                elif hugo is not None:
                    theirs.append(peer_cold(hugo, peer))
            done = f"pair {i + 1}: hubgen {ours[-1].usage.wall:.1f} s"
            print(done + (f", peer {theirs[-1].usage.wall:.1f} s" if theirs else ""), flush=True)
        print_pairs(ours, theirs, args.hubs)
        print_memory(ours[-1], theirs[-1] if theirs else None)
        print_stages(sorted(ours, key=lambda c: c.usage.wall)[len(ours) // 2], args.hubs)
        sites = {"hubgen": site} | ({"peer": peer / "public"} if theirs else {})
        print_weights(sites, args.hubs)
        print_first_load(sites)
        if not args.no_browser:
            print_searches(site, sites.get("peer"), args.query, args.browser_repeat)
        if args.profile:
            stats = work / "build.prof"
            hubgen_cold(content, site, stats)
            print_profile(stats)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
