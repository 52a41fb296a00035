"""Build a synthetic corpus with the real pipeline and print where the time goes.

    python benchmarks/run.py [--hubs N] [--citations M] [--no-search] [--keep DIR]

Paired cold builds against Hugo + Pagefind, output weights and search in a browser are in
compare.py; this script times what a writer waits for after the first build.

Three builds run one after the other: a cold build (empty cache), a rebuild with nothing
changed, and rebuilds after editing one hub (its abstract; then its citing papers, which
moves co-citations of its neighbours). Peak memory is the largest resident set of this
process and, separately, of any child process (render workers, Pagefind).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_once import cpu_now
from common import machine, work_root
from corpus import CorpusShape, hub_file, hub_titles, write_corpus, write_hub

from generator.build import BuildOptions, BuildResult, build


def peak_mib() -> tuple[float, float]:
    """Return the peak RSS of this process and of its largest child so far, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def tree_size(root: Path) -> tuple[int, int]:
    """Return (files, bytes) below ``root``."""
    files = total = 0
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            files += 1
            total += os.lstat(os.path.join(dirpath, name)).st_size
    return files, total


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    """Return (inode, mtime) of every file of the site."""
    found = {}
    for dirpath, _dirs, names in os.walk(site):
        for name in names:
            st = os.lstat(os.path.join(dirpath, name))
            found[os.path.join(dirpath, name)] = (st.st_ino, st.st_mtime_ns)
    return found


def timed_build(options: BuildOptions, pages: int, label: str) -> BuildResult:
    """Run one build, printing a row per stage as it ends; return the result."""
    print(f"\n## {label}")
    print(f"{'stage':<10}{'seconds':>9}{'pages/s':>10}{'peak RSS':>11}{'children':>10}")

    def on_stage(name: str, seconds: float) -> None:
        own, children = peak_mib()
        per_page = name in ("load", "validate", "derive", "render", "write", "search")
        rate = f"{pages / seconds:,.0f}" if seconds > 0 and per_page else "-"
        print(f"{name:<10}{seconds:>9.2f}{rate:>10}{own:>8.0f} MiB{children:>6.0f} MiB")

    start, cpu = time.perf_counter(), cpu_now()
    result = build(options, on_stage=on_stage)
    total, cpu = time.perf_counter() - start, cpu_now() - cpu
    no_search = total - result.timings.get("search", 0.0)
    print(
        f"{'total':<10}{total:>9.2f}{pages / total:>10,.0f}   (without search: {no_search:.2f} s;"
        f" CPU, user + sys with children: {cpu:.2f} s)"
    )
    written = "nothing (no-change fast path)" if result.skipped else f"{len(result.written):,}"
    print(
        f"hubs rendered: {result.rendered_hubs:,}; files written: {written}; kept: "
        f"{len(result.kept):,}; removed: {len(result.removed):,}"
    )
    if options.search and not result.skipped:
        shards = len(list((options.out_dir / "pagefind").glob("*/pagefind-entry.json")))
        print(f"search shards indexed: {len(result.indexed_shards)} of {shards}")
    return result


def main() -> None:
    """Parse options, then run the cold build and the rebuilds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hubs", type=int, default=1000)
    parser.add_argument("--citations", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: /dev/shm)")
    args = parser.parse_args()
    work = args.keep or work_root()
    shape = CorpusShape(args.hubs, args.citations, args.seed)
    print(f"# {args.hubs:,} hubs × {args.citations} citations, on {machine()}")
    try:
        start = time.perf_counter()
        content = write_corpus(work / "content", shape)
        _files, size = tree_size(content)
        print(f"corpus: {size / 2**20:.0f} MiB written in {time.perf_counter() - start:.1f} s")
        site = work / "site"
        options = BuildOptions(content, site, search=not args.no_search)
        pages = args.hubs + 2
        timed_build(options, pages, "cold build (empty cache)")
        files, size = tree_size(site)
        print(f"output: {files:,} files, {size / 2**20:.0f} MiB")

        before = stamps(site)
        timed_build(options, pages, "rebuild, nothing changed")
        after = stamps(site)
        changed = sum(1 for path, stamp in after.items() if before.get(path) != stamp)
        print(f"files whose inode or mtime changed: {changed}")

        edited = hub_file(content, args.hubs // 2)
        edited.write_text(edited.read_text("utf-8").replace("We study", "We examine", 1))
        timed_build(options, pages, f"rebuild after editing the abstract of {edited.name}")

        write_hub(content, shape, args.hubs // 3, hub_titles(shape), 1)
        name = hub_file(content, args.hubs // 3).name
        timed_build(options, pages, f"rebuild after rewriting the citations of {name}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
