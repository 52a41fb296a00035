"""What ``hubgen serve`` adds to the site: the reload script and its own two pages.

The built files stay exactly what ``hubgen build`` writes: the reload script is added to
HTML responses on their way out, never to the files. Both of serve's own pages (a failed
build, a missing page) carry the script too, so a browser left on one of them comes back
by itself after the next build.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

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

_STYLE = """\
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
  background: #fff; color: #1b1f24; }
h1 { color: #a3321f; font-size: 1.5rem; }
li { margin: .5rem 0; }
code { white-space: pre-wrap; overflow-wrap: anywhere; }"""


def _page(title: str, main: str) -> str:
    """Return one of serve's own pages: ``main`` (already HTML) and the reload script."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · hubgen serve</title>
<style>
{_STYLE}
</style>
</head>
<body>
<main>
{main}
</main>
{SCRIPT_TAG}
</body>
</html>
"""


def error_page(title: str, lines: Iterable[str]) -> str:
    """Return the HTML page shown instead of the site while the content has errors."""
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    return _page(
        "Build failed",
        f"""<h1>Build failed: {html.escape(title)}</h1>
<p>Fix the content and save; this page reloads when the site builds again.</p>
<ul class="problems">
{items}
</ul>""",
    )


def not_found_page(route: str) -> str:
    """Return the page for an address the site has no file for (a hub deleted or renamed)."""
    return _page(
        "Not found",
        f"""<h1>Not found</h1>
<p>The site has no page at <code>{html.escape(route)}</code>. If you renamed or removed
its hub, this page reloads when the site builds again.</p>
<p><a href="/">All hubs</a></p>""",
    )


def inject(page: bytes) -> bytes:
    """Return the page with the reload script before ``</body>`` (or at the end)."""
    tag = SCRIPT_TAG.encode("utf-8")
    at = page.lower().rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag
