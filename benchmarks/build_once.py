"""Run one hubgen build (the real pipeline) in this process; print what it cost as JSON.

    python benchmarks/build_once.py CONTENT OUT [--no-search] [--profile FILE]

compare.py runs this as a child process, so that the CPU time of the build, its worker
processes and Pagefind can be read when it ends. Each stage's CPU time is the CPU this
process and its reaped children used between the end of the previous stage and the end
of this one (children count once they have ended: render and load workers when their
pool closes, Pagefind when its run ends). With ``--profile`` the build runs on one CPU,
so that the work of hubgen's worker processes is done, and profiled, in this process.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build import BuildOptions, build


def cpu_now() -> float:
    """Return user + sys seconds of this process and of its ended children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    """Build once and print the stages, the peaks and the file counts as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-search", action="store_true")
    parser.add_argument("--profile", type=Path, help="write cProfile statistics to FILE")
    args = parser.parse_args()
    stages: list[dict[str, object]] = []
    last = [cpu_now()]

    def on_stage(name: str, seconds: float) -> None:
        now = cpu_now()
        stages.append({"name": name, "wall": seconds, "cpu": now - last[0]})
        last[0] = now

    options = BuildOptions(args.content, args.out, search=not args.no_search)
    start = time.perf_counter()
    if args.profile is not None:
        # On one CPU hubgen runs its workers' share in this process, where cProfile sees it.
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        profiler = cProfile.Profile()
        result = profiler.runcall(build, options, on_stage=on_stage)
        profiler.dump_stats(args.profile)
    else:
        result = build(options, on_stage=on_stage)
    report = {
        "wall": time.perf_counter() - start,
        "stages": stages,
        "hubs": result.hubs,
        "written": len(result.written),
        "shards": len(result.indexed_shards),
        "self_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
