"""Search as a reader meets it, in Chromium: offline from file:// and online over http.

    python benchmarks/browser.py SITE [--peer PEER_SITE] [--query WORDS]

For each site a fresh browser context (empty cache) opens ``index.html``, waits until the
network is quiet, then focuses the search box, types the query in one input event and
times, inside the page, how long until the first result is in the DOM. Requests and
bytes are counted from Playwright's request events (the page's and its workers'), bytes
as the sizes of the requested files. The JavaScript heap is read right after the first result
(``Performance.getMetrics``: JSHeapUsedSize, the page's main thread; Pagefind's worker
is not included) and again after a full collection.

Which elements are "the search box" and "a result" is said once, in :data:`HUBGEN_UI`
(and :data:`PEER_UI` for the peer's page): a redesigned search UI only changes those.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import human, print_table

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 180_000
DEFAULT_QUERY = "sparse autoencoder"
"""Two words of the corpus's vocabulary (benchmarks/corpus.py): many hubs match."""
QUIET_SECONDS = 0.5
"""The network counts as quiet after this long without a request starting or ending."""


@dataclass(frozen=True, slots=True)
class SearchUI:
    """CSS selectors the benchmark drives a search page with."""

    input: str
    """The query box: it is focused, given the query, and sent one ``input`` event."""
    first_result: str
    """Matches as soon as the first result is in the DOM (and not before: no placeholder)."""


HUBGEN_UI = SearchUI(input="#search-input", first_result="#search-results li")
"""templates/_search.html and templates/static/search.js: results are ``<li>`` elements."""
PEER_UI = SearchUI(input="#search-input", first_result="#search-results li")
"""benchmarks/hugo_peer/layouts/index.html and static/static/peer-search.js."""

_QUERY_JS = """([inputSelector, resultSelector, query, timeout]) => new Promise((resolve) => {
  const input = document.querySelector(inputSelector);
  if (!input) { resolve(-2); return; }
  const start = performance.now();
  const found = () => document.querySelector(resultSelector) !== null;
  const observer = new MutationObserver(() => {
    if (found()) { observer.disconnect(); resolve(performance.now() - start); }
  });
  observer.observe(document.documentElement, {childList: true, subtree: true});
  setTimeout(() => { observer.disconnect(); resolve(-1); }, timeout);
  input.focus();
  input.value = query;
  input.dispatchEvent(new Event("input", {bubbles: true}));
})"""


@dataclass(slots=True)
class SearchRun:
    """One page load and one query."""

    first_result_ms: float
    page_requests: int
    page_bytes: int
    query_requests: int
    query_bytes: int
    heap_mib: float
    heap_after_gc_mib: float
    results: int


class _Network:
    """Counts the requests of a page (its workers' too) and the bytes of the files they name.

    Bytes are the sizes on disk of the requested files of ``site`` (uncompressed, as
    ``file://`` and Python's http.server deliver them); a request for a missing file counts
    0. Playwright's events are used rather than a DevTools session's, which does not see
    what Pagefind's web worker fetches.
    """

    def __init__(self, page: Any, site: Path, base: str) -> None:
        self.site, self.base = site, base
        self.requests = 0
        self.bytes = 0
        self.pending: set[Any] = set()
        self.last = time.perf_counter()
        page.on("request", self._sent)
        page.on("requestfinished", self._done)
        page.on("requestfailed", self._done)

    def _sent(self, request: Any) -> None:
        self.requests += 1
        self.bytes += self._size(request.url)
        self.pending.add(request)
        self.last = time.perf_counter()

    def _done(self, request: Any) -> None:
        self.pending.discard(request)
        self.last = time.perf_counter()

    def _size(self, url: str) -> int:
        if not url.startswith(self.base):
            return 0
        path = self.site / unquote(urlsplit(url[len(self.base) :]).path)
        return path.stat().st_size if path.is_file() else 0

    def wait_quiet(self, page: Any) -> None:
        """Let the page run until nothing is loading and nothing started for a while."""
        give_up = time.perf_counter() + TIMEOUT_MS / 1000
        while time.perf_counter() < give_up:
            page.wait_for_timeout(100)  # Playwright delivers events while it waits
            if not self.pending and time.perf_counter() - self.last > QUIET_SECONDS:
                return


def measure(browser: Any, site: Path, base: str, ui: SearchUI, query: str) -> SearchRun:
    """Open ``base``index.html in a fresh context, run ``query`` in its search box, measure.

    ``base`` is where ``site`` is served (``file:///…/`` or ``http://127.0.0.1:…/``).
    """
    context = browser.new_context()
    try:
        page = context.new_page()
        net = _Network(page, site, base)
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.goto(base + "index.html", wait_until="load")
        net.wait_quiet(page)
        page_requests, page_bytes = net.requests, net.bytes
        ms = page.evaluate(_QUERY_JS, [ui.input, ui.first_result, query, TIMEOUT_MS])
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        net.wait_quiet(page)
        cdp.send("HeapProfiler.collectGarbage")
        after_gc = cdp.send("Runtime.getHeapUsage")["usedSize"]
        results = page.locator(ui.first_result).count()
    finally:
        context.close()
    return SearchRun(
        ms,
        page_requests,
        page_bytes,
        net.requests - page_requests,
        net.bytes - page_bytes,
        metrics.get("JSHeapUsedSize", 0) / 2**20,
        after_gc / 2**20,
        results,
    )


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) meanwhile; yield its base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium() -> str | None:
    """Return the Chromium to drive, or None (with the reason printed) when there is none."""
    try:
        import playwright.sync_api  # noqa: F401 (only checking it is there)
    except ImportError:
        print("\nBrowser measurements skipped: pip install -e '.[test]' (Playwright).")
        return None
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        print("\nBrowser measurements skipped: no Chromium (apt-get install -y chromium).")
    return found


def _median(runs: list[SearchRun]) -> SearchRun:
    return sorted(runs, key=lambda r: r.first_result_ms)[len(runs) // 2]


def _files(count: int) -> str:
    return f"{count} file" + ("" if count == 1 else "s")


def _seconds(run: SearchRun) -> str:
    return "timed out" if run.first_result_ms < 0 else f"{run.first_result_ms / 1000:.2f} s"


OFFLINE_HEADERS = ("site", "first result", "page", "query", "page + query", "heap", "after GC")
ONLINE_HEADERS = ("site", "first result", "requests for the query", "bytes", "page load", "heap")


def print_searches(site: Path, peer: Path | None, query: str, repeat: int = 1) -> None:
    """Measure offline (file://) and online (http) search on hubgen's site and the peer's."""
    executable = chromium()
    if executable is None:
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=FLAGS)
        try:
            base = site.as_uri() + "/"
            runs = [measure(browser, site, base, HUBGEN_UI, query) for _ in range(repeat)]
            offline = _median(runs)
            online = {"hubgen": _online(browser, site, HUBGEN_UI, query, repeat)}
            if peer is not None:
                online["peer (one Pagefind index)"] = _online(browser, peer, PEER_UI, query, repeat)
        finally:
            browser.close()
    _print_offline(offline, query)
    _print_online(online, query)


def _print_offline(run: SearchRun, query: str) -> None:
    row = [
        "hubgen",
        _seconds(run),
        f"{_files(run.page_requests)}, {human(run.page_bytes)}",
        f"{_files(run.query_requests)}, {human(run.query_bytes)}",
        human(run.page_bytes + run.query_bytes),
        f"{run.heap_mib:.0f} MiB",
        f"{run.heap_after_gc_mib:.0f} MiB",
    ]
    title = f"Offline search from file://, query {query!r}, {run.results} results shown"
    targets = " (targets: first result ≤ 1 s, page + query ≤ 5 MB, JS heap ≤ 150 MB)"
    print_table(title + targets, OFFLINE_HEADERS, [row])


def _print_online(runs: dict[str, SearchRun], query: str) -> None:
    rows = [
        [
            name,
            _seconds(run),
            run.query_requests,
            human(run.query_bytes),
            f"{run.page_requests} requests, {human(run.page_bytes)}",
            f"{run.heap_mib:.0f} MiB",
        ]
        for name, run in runs.items()
    ]
    title = f"Online search over http, query {query!r} (target: first result ≤ 1.2× the peer's)"
    print_table(title, ONLINE_HEADERS, rows)
    if len(runs) == 2:
        ours, theirs = runs.values()
        if ours.first_result_ms > 0 and theirs.first_result_ms > 0:
            ratio = ours.first_result_ms / theirs.first_result_ms
            print(f"hubgen / peer, first result online: {ratio:.2f}× (target ≤ 1.2×)")


def _online(browser: Any, site: Path, ui: SearchUI, query: str, repeat: int) -> SearchRun:
    with serve(site) as base:
        return _median([measure(browser, site, base, ui, query) for _ in range(repeat)])


def main() -> None:
    """Measure search on a built site (and a peer's), printing two tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--peer", type=Path, help="the Hugo + Pagefind site (its public/)")
    parser.add_argument("--query", default=DEFAULT_QUERY)
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (median)")
    args = parser.parse_args()
    print_searches(
        args.site.resolve(), args.peer.resolve() if args.peer else None, args.query, args.repeat
    )


if __name__ == "__main__":
    main()
