"""``hubgen serve``: build, serve on 127.0.0.1, rebuild on change and reload open pages.

The built files stay exactly what ``hubgen build`` writes: the live-reload script is
added to HTML responses on their way out, never to the files. When a build fails, every
page request gets an error page listing the problems (and the terminal prints them);
the server keeps running and the page reloads itself once the content is fixed.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from generator.build import BuildOptions, build
from generator.errors import ContentError, HubgenError, Problem, summarize
from generator.site import STAGE_PREFIX

from ..options import out_option, templates_option
from ..reporting import reports_errors, waiting_notice

ENDPOINT = "/__hubgen__/"
STATUS_PATH = ENDPOINT + "status"
SCRIPT_PATH = ENDPOINT + "reload.js"
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}"></script>'

# Polls the status endpoint; a new build number means "reload". Polling (rather than a
# held-open connection) survives server restarts and needs nothing from http.server.
RELOAD_JS = """\
(function () {
  "use strict";
  var seen = null;
  function poll() {
    fetch("STATUS", {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (seen !== null && status.version !== seen) { location.reload(); return; }
        seen = status.version;
        setTimeout(poll, 500);
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
""".replace("STATUS", STATUS_PATH)


@dataclass
class ServeState:
    """What the server shows: the build number and, after a failed build, the error page."""

    version: int = 0
    error_page: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def update(self, error_page: str | None) -> None:
        """Record the outcome of a build; open pages reload on the next poll."""
        with self.lock:
            self.version += 1
            self.error_page = error_page

    def snapshot(self) -> tuple[int, str | None]:
        """Return (build number, error page or None)."""
        with self.lock:
            return self.version, self.error_page


def error_page(title: str, lines: Iterable[str]) -> str:
    """Return the HTML page shown instead of the site while the content has errors."""
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed · hubgen serve</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
  background: #fff; color: #1b1f24; }}
h1 {{ color: #a3321f; font-size: 1.5rem; }}
li {{ margin: .5rem 0; }}
code {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
</style>
</head>
<body>
<main>
<h1>Build failed: {html.escape(title)}</h1>
<p>Fix the content and save; this page reloads when the site builds again.</p>
<ul class="problems">
{items}
</ul>
</main>
{SCRIPT_TAG}
</body>
</html>
"""


def inject(page: bytes) -> bytes:
    """Return the page with the reload script before ``</body>`` (or at the end)."""
    tag = SCRIPT_TAG.encode("utf-8")
    at = page.lower().rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site, the reload endpoint, and the error page after a failure."""

    state: ServeState

    def __init__(self, *args: Any, state: ServeState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is for build results, not for every request

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, status: int, media_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _html_file(self) -> Path | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return None  # let http.server redirect to the slash form
            path = path / "index.html"
        return path if path.suffix == ".html" and path.is_file() else None

    def do_GET(self) -> None:
        """Answer one GET request."""
        route = self.path.split("?", 1)[0]
        version, failure = self.state.snapshot()
        if route == STATUS_PATH:
            body = json.dumps({"version": version, "ok": failure is None}).encode()
            return self._send(200, "application/json", body)
        if route == SCRIPT_PATH:
            return self._send(200, "text/javascript; charset=utf-8", RELOAD_JS.encode())
        page = self._html_file()
        if failure is not None and (page is not None or route.endswith("/")):
            return self._send(500, "text/html; charset=utf-8", failure.encode("utf-8"))
        if page is not None:
            return self._send(200, "text/html; charset=utf-8", inject(page.read_bytes()))
        if self.command == "HEAD":
            return super().do_HEAD()
        return super().do_GET()

    do_HEAD = do_GET


def run_build(options: BuildOptions, state: ServeState) -> bool:
    """Build once; show problems in the terminal and (through ``state``) in the browser."""
    start = time.perf_counter()
    lines: list[str]
    try:
        result = build(options, on_wait=waiting_notice(options.out_dir))
    except ContentError as exc:
        lines, title = [p.format() for p in exc.problems], summarize(exc.problems)
    except HubgenError as exc:
        lines, title = [str(exc)], "error"
    except Exception as exc:  # a bug must not stop the preview; show it like a content error
        lines = traceback.format_exception_only(type(exc), exc)
        lines.append(traceback.format_exc())
        title = type(exc).__name__
    else:
        _echo_problems(result.warnings)
        seconds = time.perf_counter() - start
        click.echo(f"Built {result.hubs} hubs in {seconds:.2f} s.", err=True)
        state.update(None)
        return True
    for line in lines:
        click.echo(line.rstrip(), err=True)
    click.echo(f"Build failed: {title}. Still serving; fix the content and save.", err=True)
    state.update(error_page(title, lines))
    return False


def _echo_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)


def start_server(out: Path, port: int, state: ServeState) -> http.server.ThreadingHTTPServer:
    """Start serving ``out`` on 127.0.0.1 in a daemon thread; return the server."""
    handler = functools.partial(PreviewHandler, directory=str(out), state=state)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on 127.0.0.1:{port} ({exc.strerror or exc}); try --port 8001"
        ) from None
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="hubgen-serve", daemon=True).start()
    return server


def watch_paths(options: BuildOptions) -> list[Path]:
    """Return the folders whose changes trigger a rebuild (site.yaml lives in content/)."""
    paths = [options.content_dir]
    if options.templates_dir is not None:
        paths.append(options.templates_dir)
    return paths


def watch_and_rebuild(
    options: BuildOptions, state: ServeState, on_ready: Callable[[], None]
) -> None:
    """Call ``on_ready`` once the watcher runs, then rebuild after every batch of changes."""
    import watchfiles

    out = options.out_dir.resolve()
    ready = False
    # yield_on_timeout makes the first (empty) batch arrive once the watcher is running, so
    # "Serving ..." is printed only when an edit can no longer slip past unnoticed.
    for changes in watchfiles.watch(
        *watch_paths(options), raise_interrupt=False, rust_timeout=300, yield_on_timeout=True
    ):
        if not ready:
            ready = True
            on_ready()
        changed = sorted({p for _, p in changes if _is_source(Path(p), out)})
        if not changed:
            continue
        shown = ", ".join(_short(p) for p in changed[:3]) + (" …" if len(changed) > 3 else "")
        click.echo(f"Changed: {shown}", err=True)
        run_build(options, state)


def _is_source(path: Path, out: Path) -> bool:
    """Return False for the build's own output (and staging), which must not retrigger it."""
    if any(part.startswith(STAGE_PREFIX) for part in path.parts):
        return False
    return not path.resolve().is_relative_to(out)


def _short(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


@click.command("serve")
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: any).")
@click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=Path("content"),
    show_default=True,
    help="Directory holding site.yaml and hubs/.",
)
@templates_option
@out_option
@click.option("--search", is_flag=True, help="Also build the Pagefind index (slower rebuilds).")
@reports_errors
def serve_command(
    port: int, content_dir: Path, templates_dir: Path | None, out_dir: Path, search: bool
) -> None:
    """Build the site, serve it on http://127.0.0.1:PORT/ and rebuild when files change.

    Watches the content folder (records and site.yaml) and the templates folder. Open
    pages reload after each rebuild. A content error is printed here and shown in the
    browser instead of the site; the server keeps running. Stop it with Ctrl+C.
    """
    if templates_dir is None and Path("templates").is_dir():
        templates_dir = Path("templates")
    options = BuildOptions(content_dir, out_dir, templates_dir, None, search, False)
    state = ServeState()
    run_build(options, state)
    out_dir.mkdir(parents=True, exist_ok=True)
    server = start_server(out_dir, port, state)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        watch_and_rebuild(
            options, state, lambda: click.echo(f"Serving {url} (Ctrl+C stops)", err=True)
        )
    finally:
        server.shutdown()
        server.server_close()
