"""``hubgen serve``: serves the build, rebuilds on change, shows errors, reloads open pages."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES

WAIT = 30.0  # seconds before giving up on a rebuild (a failure, never a timing assertion)


@dataclass
class Server:
    """A running ``hubgen serve`` subprocess."""

    url: str
    project: Path
    proc: subprocess.Popen[str]
    lines: queue.Queue[str]

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def version(self) -> int:
        return int(json.loads(self.get("__hubgen__/status")[1])["version"])

    def wait_for_build(self, after: int) -> None:
        """Wait until a build newer than ``after`` has finished."""
        wait_until(lambda: self.version() > after, "a rebuild")


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "example", project)
    command = [sys.executable, "-m", "generator", "serve", "--port", "0"]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent.parent))
    proc = subprocess.Popen(
        command, cwd=project, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
    )
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stderr is not None
    stream = proc.stderr
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    url = ""
    deadline = time.monotonic() + WAIT
    while not url and time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if match := re.search(r"Serving (http://127\.0\.0\.1:\d+/)", line):
            url = match.group(1)
    if not url:
        proc.kill()
        pytest.fail("hubgen serve did not start")
    yield Server(url, project, proc, lines)
    proc.terminate()
    proc.wait(timeout=10)


def output(server: Server) -> str:
    text = []
    while not server.lines.empty():
        text.append(server.lines.get())
    return "".join(text)


def h1(html: str) -> str:
    return BeautifulSoup(html, "html.parser").h1.get_text(strip=True)


def test_serves_the_site_and_rebuilds_on_change(server: Server) -> None:
    status, html = server.get("hubs/alpha/")
    assert status == 200
    assert h1(html) == "Alpha Paper on Things"
    scripts = [s.get("src") for s in BeautifulSoup(html, "html.parser").find_all("script")]
    assert "/__hubgen__/reload.js" in scripts
    built = (server.project / "site/hubs/alpha/index.html").read_text("utf-8")
    assert "__hubgen__" not in built, "the reload script must never reach the built files"
    record = server.project / "content/hubs/alpha.yaml"
    before = server.version()
    record.write_text(
        record.read_text("utf-8").replace("Alpha Paper on Things", "Alpha, Revised"), "utf-8"
    )
    server.wait_for_build(before)
    assert h1(server.get("hubs/alpha/index.html")[1]) == "Alpha, Revised"


def test_content_error_shows_an_error_page_and_recovers(server: Server) -> None:
    record = server.project / "content/hubs/gamma.yaml"
    good = record.read_text("utf-8")
    before = server.version()
    record.write_text(good + "\ncitations: [\n", "utf-8")
    server.wait_for_build(before)
    status, html = server.get("hubs/alpha/")
    assert status == 500
    page = BeautifulSoup(html, "html.parser")
    assert "Build failed" in page.h1.get_text()
    problems = [li.get_text() for li in page.select("ul.problems li")]
    assert any("gamma.yaml" in p for p in problems), problems
    assert page.find("script", src="/__hubgen__/reload.js"), "the error page reloads itself"
    assert server.proc.poll() is None, "the server keeps running"
    assert "gamma.yaml" in output(server), "the terminal shows the problem too"
    before = server.version()
    record.write_text(good, "utf-8")
    server.wait_for_build(before)
    status, html = server.get("hubs/alpha/")
    assert status == 200
    assert h1(html) == "Alpha Paper on Things"


def test_open_page_reloads_after_a_rebuild(server: Server, page: Any) -> None:
    page.goto(server.url + "hubs/alpha/index.html")
    assert page.locator("h1").inner_text() == "Alpha Paper on Things"
    page.evaluate("window.notReloadedYet = true")
    record = server.project / "content/hubs/alpha.yaml"
    record.write_text(
        record.read_text("utf-8").replace("Alpha Paper on Things", "Alpha, Live"), "utf-8"
    )
    page.wait_for_function("!window.notReloadedYet", timeout=WAIT * 1000)
    page.wait_for_selector("h1:has-text('Alpha, Live')", timeout=WAIT * 1000)
