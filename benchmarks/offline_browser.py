"""Measure the offline search of a built site in Chromium, opened from disk (file://).

    python benchmarks/offline_browser.py [--typed] SITE_DIR [QUERY ...]

For each query, in a fresh tab: open index.html, type the query, and print the time to
the first result (from the input event, the 120 ms pause before a search included),
the bytes of every file the page read (page and query apart), the number of search
files, and the JavaScript heap after the query (CDP Performance.getMetrics), before and
after a garbage collection. With ``--typed`` the query is typed a key every 150 ms
instead, so that search runs on each prefix (the time is then from the first key).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import CHROMIUM_ARGS, chromium_path
from playwright.sync_api import sync_playwright

DEFAULT_QUERIES = ["attention", "sparse attention", "tr", "author37 neurips", "zzz"]
TIMING = """query => new Promise(resolve => {
  const status = document.getElementById('search-status');
  const input = document.getElementById('search-input');
  const start = performance.now();
  new MutationObserver((_m, watcher) => {
    if (!status.textContent.includes(query)) return;
    watcher.disconnect();
    resolve(performance.now() - start);
  }).observe(status, {childList: true, characterData: true, subtree: true});
  input.focus();
  input.value = query;
  input.dispatchEvent(new Event('input'));
})"""


def local_files(urls: list[str]) -> list[Path]:
    """The files behind the file:// URLs among ``urls``."""
    return [Path(unquote(urlparse(u).path)) for u in urls if u.startswith("file:")]


def heap_mib(cdp: Any) -> float:
    """The JavaScript heap in use, in MiB."""
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return float(metrics["JSHeapUsedSize"]) / 2**20


def measure(browser: Any, site: Path, query: str, typed: bool) -> None:
    """Open the site in a fresh tab, run one query and print what it cost."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto((site / "index.html").as_uri())
    page.wait_for_load_state("load")
    on_load = set(local_files(requested))
    if typed:
        start = time.perf_counter()
        page.type("#search-input", query, delay=150)
        page.wait_for_function(
            f"document.getElementById('search-status').textContent.includes({query!r})"
        )
        took = (time.perf_counter() - start) * 1000
    else:
        took = page.evaluate(TIMING, query)
    files = set(local_files(requested))
    search = sorted(p for p in files - on_load if "search" in p.parts)
    page_bytes = sum(p.stat().st_size for p in on_load)
    query_bytes = sum(p.stat().st_size for p in files - on_load)
    heap = heap_mib(cdp)
    cdp.send("HeapProfiler.collectGarbage")
    status = page.inner_text("#search-status")
    print(
        f"{query!r:<22} first result {took:6.0f} ms | page {page_bytes / 1024:7.0f} KiB"
        f" + query {query_bytes / 1024:6.0f} KiB ({len(search)} search files) | heap"
        f" {heap:5.1f} MiB ({heap_mib(cdp):5.1f} after GC) | {status}"
    )
    context.close()


def main() -> None:
    """Parse options, then measure each query."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", nargs="*", default=DEFAULT_QUERIES)
    parser.add_argument("--typed", action="store_true", help="type each query key by key")
    args = parser.parse_args()
    executable = chromium_path()
    if executable is None:
        sys.exit("no Chromium found (apt-get install chromium)")
    index = args.site.resolve() / "search"
    files = [p for p in index.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    print(f"offline index: {len(files):,} files, {total / 2**20:.1f} MiB")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        for query in args.queries:
            measure(browser, args.site.resolve(), query, args.typed)
        browser.close()


if __name__ == "__main__":
    main()
