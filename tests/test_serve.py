"""``hubgen serve``: serves the build, rebuilds on change, shows errors, reloads open pages.

It serves only a folder that one of its own builds made, nothing outside it, only to
requests for the address it bound, and shrugs off idle, malformed and dropped connections.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import socket
import struct
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

from generator.build import BuildOptions
from generator.commands import serve_files, serve_http
from generator.commands.serve import run_build
from generator.commands.serve_http import PreviewServer, ServeState, start_server
from generator.site import paths as site_paths

WAIT = 30.0  # seconds before giving up on a rebuild (a failure, never a timing assertion)
pytestmark = pytest.mark.timeout(120)  # a server or watcher that never answers fails here
REPO = Path(__file__).parent.parent


@dataclass
class Server:
    """A running ``hubgen serve`` subprocess."""

    url: str
    project: Path
    proc: subprocess.Popen[str]
    lines: queue.Queue[str]

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1].strip("/"))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def raw(self, request: bytes) -> tuple[int, bytes]:
        return raw(self.port, request)

    def fetch(self, target: str, host: str | None = "") -> tuple[int, bytes]:
        return fetch(self.port, target, host)

    def version(self) -> int:
        return int(json.loads(self.get("__hubgen__/status")[1])["version"])

    def wait_for_build(self, after: int) -> None:
        """Wait until a build newer than ``after`` has finished."""
        wait_until(lambda: self.version() > after, "a rebuild")

    def stop(self) -> str:
        """Stop the server; return everything it printed that was not read yet."""
        self.proc.terminate()
        self.proc.wait(timeout=10)
        return output(self)


def exchange(port: int, request: bytes) -> bytes:
    """Send ``request`` as is; return the whole response."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


def raw(port: int, request: bytes) -> tuple[int, bytes]:
    """Send ``request`` as is; return the status (0: none) and the body."""
    head, _, body = exchange(port, request).partition(b"\r\n\r\n")
    match = re.match(rb"HTTP/1\.[01] (\d{3}) ", head)
    return (int(match.group(1)) if match else 0), body


def fetch(port: int, target: str, host: str | None = "", method: str = "GET") -> tuple[int, bytes]:
    """Send ``target`` as is, with a Host header (default: the bound address; None: none)."""
    host = f"127.0.0.1:{port}" if host == "" else host
    lines = [f"{method} {target} HTTP/1.1"] + ([f"Host: {host}"] if host is not None else [])
    return raw(port, ("\r\n".join([*lines, "Connection: close"]) + "\r\n\r\n").encode())


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.1)


def launch(project: Path, *args: str) -> tuple[subprocess.Popen[str], queue.Queue[str], str]:
    """Start ``hubgen serve`` in ``project``; return it, its stderr lines and its URL.

    The URL is empty when the command ended (or printed nothing) before serving.
    """
    command = [sys.executable, "-m", "generator", "serve", "--port", "0", *args]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        command, cwd=project, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
    )
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stderr is not None
    stream = proc.stderr
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        if match := re.search(r"Serving (http://127\.0\.0\.1:\d+/)", line):
            for earlier in reversed(seen):  # keep them for output()
                lines.queue.appendleft(earlier)
            return proc, lines, match.group(1)
    for earlier in reversed(seen):
        lines.queue.appendleft(earlier)
    return proc, lines, ""


def copy_example(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "example", project)
    return project


def serving(tmp_path: Path) -> Iterator[Server]:
    project = copy_example(tmp_path)
    proc, lines, url = launch(project)
    if not url:
        proc.kill()
        pytest.fail("hubgen serve did not start")
    yield Server(url, project, proc, lines)
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A server of its own, for tests that edit the project or stop the server."""
    yield from serving(tmp_path)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the tests that only read, with planted links (see ``SECRET``)."""
    for server in serving(tmp_path_factory.mktemp("shared")):
        plant_links(server.project)
        yield server


def output(server: Server) -> str:
    time.sleep(0.2)  # let the reader thread pass on what the process printed last
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


# --- What is served: only a folder this session's build made, nothing outside it ---------


@pytest.mark.parametrize("out", ["/", "home"])
def test_an_output_folder_the_build_refuses_is_never_served(tmp_path: Path, out: str) -> None:
    project = copy_example(tmp_path)
    if out == "home":  # a folder hubgen did not make, such as ~ with its ~/.ssh/
        (project / "home/.ssh").mkdir(parents=True)
        (project / "home/.ssh/id_ed25519").write_text("PRIVATE KEY", "utf-8")
    proc, lines, url = launch(project, "--out", out)
    if url:
        proc.kill()
    proc.wait(timeout=10)
    printed = "".join(lines.queue)
    assert not url, f"serve must not start a server on a refused folder:\n{printed}"
    assert proc.returncode == 1, printed
    assert f"hubgen: error: refusing to write the site to {out}" in printed
    assert "Traceback" not in printed
    if out == "home":
        assert (project / "home/.ssh/id_ed25519").read_text("utf-8") == "PRIVATE KEY"


def test_nothing_is_served_before_a_build_succeeds(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    record = project / "content/hubs/gamma.yaml"
    good = record.read_text("utf-8")
    record.write_text(good + "\ncitations: [\n", "utf-8")
    site = project / "site"  # looks like hubgen's (a marker), but no build here made it
    site.mkdir()
    (site / ".hubgen-build").write_text("{}", "utf-8")
    (site / "secret.txt").write_text("SECRET", "utf-8")
    proc, lines, url = launch(project)
    assert url, "".join(lines.queue)
    served = Server(url, project, proc, lines)
    try:
        status, body = served.fetch("/secret.txt")
        assert status == 404
        assert b"SECRET" not in body
        status, body = served.fetch("/")
        assert status == 500
        assert "Build failed" in h1(body.decode("utf-8"))
    finally:
        served.stop()


SECRET = "TOP SECRET " * 3


def plant_links(project: Path) -> None:
    """Plant links from inside the served site to a file and a folder outside it."""
    outside = project.parent / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, "utf-8")
    site = project / "site"
    (site / "leak.txt").symlink_to(outside / "secret.txt")
    (site / "hubs/alpha/feed.xml").unlink()
    (site / "hubs/alpha/feed.xml").symlink_to(outside / "secret.txt")
    (site / "outside").symlink_to(outside, target_is_directory=True)


@pytest.mark.parametrize(
    "target",
    [
        "/leak.txt",
        "/hubs/alpha/feed.xml",
        "/outside/secret.txt",
        "/outside/",
        "/../outside/secret.txt",
        "/../../outside/secret.txt",
        "/hubs/../../outside/secret.txt",
        "/%2e%2e/outside/secret.txt",
        "/%2E%2E%2Foutside%2Fsecret.txt",
        "/..%5coutside%5csecret.txt",
        "//../outside/secret.txt",
        "/.hubgen-build",
        "/%2ehubgen-build",
        "/hubs/.hubgen-build",
        "/%00",
        "/%ff%fe",
        "/index.html%00.txt",
        "http://127.0.0.1/../outside/secret.txt",
        "../outside/secret.txt",
    ],
)
def test_nothing_outside_the_site_is_served(shared: Server, target: str) -> None:
    status, body = shared.fetch(target)
    assert status in (400, 404), body
    assert SECRET.encode() not in body
    assert b'"files"' not in body, "the marker is hubgen's, not the site's"


def test_a_fifo_in_the_site_does_not_hang_the_server(server: Server) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(server.project / "site/pipe.html")
    assert server.fetch("/pipe.html")[0] == 404
    assert server.fetch("/")[0] == 200


def test_a_folder_is_redirected_to_its_slash_form_and_lists_nothing(shared: Server) -> None:
    for target, location in [("/hubs/alpha?x=1", "/hubs/alpha/"), ("//hubs", "/hubs/")]:
        request = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{shared.port}\r\n\r\n"
        head = exchange(shared.port, request.encode()).split(b"\r\n\r\n")[0].decode()
        assert head.startswith("HTTP/1.0 301 "), head
        assert f"\r\nLocation: {location}\r\n" in head, "never //host: an open redirect"
    assert shared.fetch("/hubs/")[0] == 404, "no directory listings"
    assert shared.fetch("/hubs/alpha/")[0] == 200


# --- Who is answered: only requests for the address it bound (DNS rebinding) --------------


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1",
        "127.0.0.1:1{port}",
        "[::1]:{port}",
        "localhost.evil.example:{port}",
        "127.0.0.1:{port}@evil.example",
        None,
    ],
)
def test_requests_for_another_host_name_are_refused(shared: Server, host: str | None) -> None:
    name = None if host is None else host.format(port=shared.port)
    for target in ("/", "/hubs/alpha/", "/__hubgen__/status", "/__hubgen__/reload.js"):
        status, body = shared.fetch(target, host=name)
        assert status == 421, (target, body)
        assert body.decode("ascii").strip().startswith("hubgen serve answers only")
        assert b"<" not in body, "a short plain message"


def test_two_host_headers_are_refused(shared: Server) -> None:
    status, _ = shared.raw(
        f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{shared.port}\r\nHost: evil.example\r\n\r\n".encode()
    )
    assert status == 421


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}"])
def test_the_bound_address_is_answered(shared: Server, host: str) -> None:
    status, body = shared.fetch("/hubs/alpha/", host=host.format(port=shared.port))
    assert status == 200
    assert h1(body.decode("utf-8")) == "Alpha Paper on Things"


# --- Idle, malformed and dropped connections ----------------------------------------------


def test_idle_connections_neither_block_it_nor_cost_a_thread_each(server: Server) -> None:
    tasks = Path(f"/proc/{server.proc.pid}/task")
    if not tasks.is_dir():
        pytest.skip("counts threads through /proc")
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(200)]
    try:
        time.sleep(0.5)  # time enough to hand each of them a thread, if it did
        threads = len(list(tasks.iterdir()))
        start = time.monotonic()
        status, body = server.fetch("/hubs/alpha/")
        assert status == 200
        assert h1(body.decode("utf-8")) == "Alpha Paper on Things"
        assert time.monotonic() - start < 5.0
        assert threads < 50, f"{threads} threads for 200 idle connections"
    finally:
        for sock in idle:
            sock.close()


MALFORMED = [
    (b"\x00\xff\xfe garbage \x1b]0;title\x07\r\n\r\n", 400),
    (b"GET\r\n\r\n", 400),
    (b"GET / HTTP/9.9\r\n\r\n", 505),
    (b"GET / HTTP/1.1 extra\r\n\r\n", 400),
    (b"BREW /pot HTTP/1.1\r\n\r\n", 501),
    (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", 501),
    (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
    (b"GET / HTTP/1.1\r\nX: " + b"b" * 70_000 + b"\r\n\r\n", 431),
    (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(200)) + b"\r\n", 431),
    (b"GET / HTTP/1.1\r\nHost: \xff\xfe\r\n\r\n", 421),
    (b"GET /\xff\xfe\x00 HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n", 404),
    (b"GET /%%%% HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n", 404),
    (b"\r\n" * 10, 0),  # no request at all: no answer
    (b"", 0),
]


def reset(port: int, request: bytes, read: int) -> None:
    """Send ``request``, read ``read`` bytes, then drop the connection with a reset."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(request)
    if read:
        sock.recv(read)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_malformed_requests_and_dropped_connections_print_no_traceback(server: Server) -> None:
    big = server.project / "site/big.bin"  # larger than any socket buffer: the send fails
    big.write_bytes(os.urandom(1 << 20) * 32)
    for request, expected in MALFORMED:
        status, _ = server.raw(request.replace(b"PORT", str(server.port).encode()))
        assert status == expected, request[:40]
    get_big = f"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode()
    for read in (0, 1000, 100_000):
        reset(server.port, get_big, read)
    reset(server.port, get_big[:20], 0)  # gone half-way through its request line
    time.sleep(0.5)  # the server notices the resets while it writes
    assert server.fetch("/hubs/alpha/")[0] == 200, "still serving"
    printed = server.stop()
    assert "Traceback" not in printed
    assert "Error" not in printed, printed
    assert "Exception" not in printed, printed


# --- A missing page (a hub deleted or renamed) reloads itself -----------------------------


def test_a_missing_page_keeps_the_reload_script(shared: Server) -> None:
    status, body = shared.fetch("/hubs/no-such-hub/")
    assert status == 404
    page = BeautifulSoup(body.decode("utf-8"), "html.parser")
    assert page.find("script", src="/__hubgen__/reload.js"), "it reloads after the next build"
    assert "/hubs/no-such-hub/" in page.get_text()


def test_a_deleted_hub_page_comes_back_by_itself(server: Server, page: Any) -> None:
    record = server.project / "content/hubs/alpha.yaml"
    kept = server.project / "alpha.yaml"
    before = server.version()
    record.rename(kept)
    server.wait_for_build(before)
    response = page.goto(server.url + "hubs/alpha/")
    assert response.status == 404
    page.evaluate("window.notReloadedYet = true")
    kept.rename(record)
    page.wait_for_function("!window.notReloadedYet", timeout=WAIT * 1000)
    page.wait_for_selector("h1:has-text('Alpha Paper on Things')", timeout=WAIT * 1000)


# --- The server in this process: timeouts, limits, the walk without openat, bugs ----------


@dataclass
class Local:
    """A preview server running in this process on a fresh build of the example."""

    project: Path
    options: BuildOptions
    state: ServeState
    server: PreviewServer

    def fetch(self, target: str, method: str = "GET") -> tuple[int, bytes]:
        return fetch(self.server.port, target, method=method)


@pytest.fixture
def local(tmp_path: Path) -> Iterator[Local]:
    project = copy_example(tmp_path)
    options = BuildOptions(project / "content", project / "site", search=False)
    state = ServeState()
    assert run_build(options, state, first=True)
    server = start_server(0, state)
    yield Local(project, options, state, server)
    server.close()


def closed_by_server(sock: socket.socket) -> bool:
    """Return True when the server closes ``sock`` within WAIT seconds."""
    sock.settimeout(WAIT)
    try:
        return sock.recv(1) == b""
    except (TimeoutError, ConnectionError):
        return False


def test_idle_and_stalled_connections_are_closed(
    local: Local, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve_http, "IDLE_TIMEOUT", 0.3)
    monkeypatch.setattr(serve_http.PreviewHandler, "timeout", 0.3)
    with socket.create_connection(("127.0.0.1", local.server.port)) as idle:
        assert closed_by_server(idle)
    with socket.create_connection(("127.0.0.1", local.server.port)) as stalled:
        stalled.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1")  # and then nothing
        assert closed_by_server(stalled)
    assert local.fetch("/")[0] == 200


def test_the_longest_waiting_connection_makes_room(
    local: Local, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve_http, "MAX_WAITING", 5)
    idle = [socket.create_connection(("127.0.0.1", local.server.port)) for _ in range(8)]
    try:
        assert [closed_by_server(sock) for sock in idle[:3]] == [True] * 3
        assert local.fetch("/")[0] == 200
    finally:
        for sock in idle:
            sock.close()


def test_a_connection_closed_to_make_room_in_the_same_turn_as_its_request(
    local: Local, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve_http, "MAX_WAITING", 1)
    selector = local.server._selector
    select = selector.select

    def slow_select(timeout: float | None = None) -> Any:
        time.sleep(0.2)  # so that both events below arrive in one turn of the loop
        return select(timeout)

    monkeypatch.setattr(selector, "select", slow_select)
    port = local.server.port
    with socket.create_connection(("127.0.0.1", port)) as first:
        time.sleep(0.5)  # accepted; it waits for its request
        with socket.create_connection(("127.0.0.1", port)):  # makes room: first is closed
            first.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            time.sleep(0.5)
    monkeypatch.setattr(selector, "select", select)
    assert local.fetch("/")[0] == 200, "the server still runs"


@pytest.mark.parametrize("with_fds", [True, False], ids=["openat", "lstat"])
def test_both_ways_of_opening_refuse_symlinks(
    local: Local, monkeypatch: pytest.MonkeyPatch, with_fds: bool
) -> None:
    if with_fds and not serve_files.WALK_WITH_FDS:
        pytest.skip("no openat on this system")
    monkeypatch.setattr(serve_files, "WALK_WITH_FDS", with_fds)
    site = local.project / "site"
    (local.project / "secret.txt").write_text("SECRET", "utf-8")
    (site / "leak.txt").symlink_to(local.project / "secret.txt")
    (site / "up").symlink_to(local.project, target_is_directory=True)
    (site / "again.html").symlink_to(site / "index.html")  # inside, but a symlink all the same
    for target in ("/leak.txt", "/up/secret.txt", "/up/site/index.html", "/again.html"):
        status, body = local.fetch(target)
        assert status == 404, target
        assert b"SECRET" not in body
    status, body = local.fetch("/hubs/alpha/feed.xml")
    assert status == 200
    assert body == (site / "hubs/alpha/feed.xml").read_bytes()
    assert h1(local.fetch("/hubs/alpha/")[1].decode("utf-8")) == "Alpha Paper on Things"


def test_unsafe_names_are_refused_before_any_file_is_opened() -> None:
    for name in (
        site_paths.MARKER,
        site_paths.STAGE_PREFIX,
        site_paths.STAGE_MARKER,
        site_paths.JOURNAL,
        site_paths.BACKUP,
    ):
        assert name.startswith(serve_files.OWN_PREFIX)
        assert serve_files.segments(f"/hubs/{name}") is None
        assert serve_files.segments(f"/hubs/{name.upper()}") is None  # macOS: the same file
    for route in ("/..", "/.. /x", "/.../x", "/%20", "/a%5cb", "/a%2fb", "/c:x", "/a%00", "x"):
        assert serve_files.segments(route) is None, route
    assert serve_files.segments("//hubs/./alpha/") == ["hubs", "alpha"]
    assert serve_files.segments("/caf%C3%A9.html") == ["café.html"]


def test_a_site_that_lost_its_marker_is_not_served(local: Local) -> None:
    assert local.fetch("/hubs/alpha/")[0] == 200
    (local.project / "site" / site_paths.MARKER).unlink()
    assert local.fetch("/hubs/alpha/")[0] == 404
    assert local.fetch("/static/hubgen.css")[0] == 404


def test_a_later_refusal_of_the_output_folder_stops_serving_it(local: Local) -> None:
    site = local.project / "site"
    (site / site_paths.MARKER).unlink()  # now a folder hubgen did not make, with someone's file
    (site / "notes.txt").write_text("mine", "utf-8")
    assert not run_build(local.options, local.state)
    assert local.state.snapshot()[2] is None
    (site / site_paths.MARKER).write_text(
        "{}", "utf-8"
    )  # a marker planted afterwards changes nothing
    assert local.fetch("/notes.txt")[0] == 404
    status, body = local.fetch("/hubs/alpha/")
    assert status == 500
    assert "refusing to write the site" in BeautifulSoup(body, "html.parser").get_text()


def test_head_answers_without_a_body(local: Local) -> None:
    for target in ("/hubs/alpha/", "/static/hubgen.css", "/no-such-page"):
        status, body = local.fetch(target, method="HEAD")
        assert status in (200, 404)
        assert body == b""


def test_a_bug_while_answering_prints_one_line(
    local: Local, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(page: bytes) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr(serve_http, "inject", broken)
    assert local.fetch("/hubs/alpha/")[0] == 0  # the connection is closed without an answer
    assert local.fetch("/static/hubgen.css")[0] == 200, "the server goes on"
    printed = capsys.readouterr().err
    assert "hubgen serve: internal error: RuntimeError('boom')" in printed
    assert "Traceback" not in printed
