"""The preview server of ``hubgen serve``: what it answers, to whom, and how it copes.

- **What**: files of the folder a build of this serve session made (``ServeState.root``),
  and only while that folder still holds hubgen's marker, as serve_files opens them;
  never a folder listing.
- **To whom**: requests whose ``Host`` header names the address it bound. A web page
  whose domain was re-pointed at 127.0.0.1 (DNS rebinding) gets 421 and nothing else.
- **How**: a connection gets a worker thread only once its request arrives; until then it
  waits in one selector and is closed after IDLE_TIMEOUT, so idle connections cost no
  thread and cannot crowd out real requests. A malformed request gets its 4xx answer and
  a client that goes away is forgotten: neither prints anything.
"""

from __future__ import annotations

import functools
import http.server
import json
import mimetypes
import os
import queue
import selectors
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .serve_files import open_in_site, segments
from .serve_pages import RELOAD_JS, SCRIPT_PATH, STATUS_PATH, inject, not_found_page

WORKERS = 8
"""Threads answering requests (a preview has one user and a few tabs)."""
IDLE_TIMEOUT = 15.0
"""Seconds a connection may stay open without sending its request."""
MAX_WAITING = 256
"""Connections waiting for their request; beyond it, the longest-waiting is closed."""


@dataclass
class ServeState:
    """What the server shows: the build number, the folder served, the error page."""

    version: int = 0
    error_page: str | None = None
    root: Path | None = None
    """The output folder as a build of this session left it; None: serve no file."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def update(self, error_page: str | None, root: Path | None) -> None:
        """Record the outcome of a build; open pages reload on the next poll."""
        with self.lock:
            self.version += 1
            self.error_page = error_page
            self.root = root

    def snapshot(self) -> tuple[int, str | None, Path | None]:
        """Return (build number, error page or None, folder served or None)."""
        with self.lock:
            return self.version, self.error_page, self.root


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """Answers one request: the reload endpoints, a file of the site, or serve's own pages."""

    server_version = "hubgen-serve"
    sys_version = ""
    default_request_version = "HTTP/1.0"  # so an error answers with a status line too
    timeout = 10.0
    """Seconds of silence allowed while a request is read or its answer sent."""

    def __init__(self, *args: Any, state: ServeState, hosts: frozenset[str]) -> None:
        self.state = state
        self.hosts = hosts
        super().__init__(*args)

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

    def _for_us(self) -> bool:
        hosts = self.headers.get_all("Host") or []
        return len(hosts) == 1 and hosts[0].strip().lower() in self.hosts

    def do_GET(self) -> None:
        """Answer one GET (or HEAD) request."""
        if not self._for_us():
            names = " or ".join(f"http://{host}/" for host in sorted(self.hosts))
            message = f"hubgen serve answers only requests for {names}\n"
            return self._send(421, "text/plain; charset=utf-8", message.encode())
        route = self.path.split("?", 1)[0].split("#", 1)[0]
        version, failure, root = self.state.snapshot()
        if route == STATUS_PATH:
            body = json.dumps({"version": version, "ok": failure is None}).encode()
            return self._send(200, "application/json", body)
        if route == SCRIPT_PATH:
            return self._send(200, "text/javascript; charset=utf-8", RELOAD_JS.encode())
        if failure is not None and route.endswith(("/", ".html")):
            return self._send(500, "text/html; charset=utf-8", failure.encode("utf-8"))
        found = segments(route)
        if root is None or found is None:
            return self._not_found(route)
        self._send_file(root, found, route)

    do_HEAD = do_GET

    def _not_found(self, route: str) -> None:
        self._send(404, "text/html; charset=utf-8", not_found_page(route).encode("utf-8"))

    def _send_file(self, root: Path, names: list[str], route: str) -> None:
        """Send ``root/names`` (its index.html for a folder's address), a redirect, or 404."""
        folder = route.endswith("/")
        try:
            fd = open_in_site(root, [*names, "index.html"] if folder else names)
        except IsADirectoryError:  # a folder asked without its slash: relative links need it
            location = "".join(f"/{urllib.parse.quote(name)}" for name in names) + "/"
            self.send_response(301)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            return self.end_headers()
        except (OSError, ValueError):
            return self._not_found(route)
        name = names[-1] if names and not folder else "index.html"
        with os.fdopen(fd, "rb") as file:
            if name.endswith(".html"):
                return self._send(200, "text/html; charset=utf-8", inject(file.read()))
            size = os.fstat(file.fileno()).st_size
            media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            self.send_response(200)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if self.command != "HEAD" and size:
                self.connection.sendfile(file, 0, size)


class PreviewServer:
    """Listens on 127.0.0.1; a worker answers each connection once its request arrives."""

    def __init__(self, port: int, state: ServeState) -> None:
        self.socket = socket.create_server(("127.0.0.1", port))
        self.port: int = self.socket.getsockname()[1]
        hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}
        if self.port == 80:  # a browser leaves out the default port
            hosts |= {"127.0.0.1", "localhost"}
        self._handler = functools.partial(PreviewHandler, state=state, hosts=frozenset(hosts))
        self._waiting: dict[socket.socket, tuple[float, Any]] = {}  # longest-waiting first
        self._ready: queue.SimpleQueue[tuple[socket.socket, Any] | None] = queue.SimpleQueue()
        self._wake, self._waker = socket.socketpair()
        self._selector = selectors.DefaultSelector()
        self._running = True
        self.socket.setblocking(False)
        self._selector.register(self.socket, selectors.EVENT_READ)
        self._selector.register(self._wake, selectors.EVENT_READ)
        self._loop = threading.Thread(target=self._serve, name="hubgen-serve", daemon=True)
        self._workers = [
            threading.Thread(target=self._work, name=f"hubgen-serve-{n}", daemon=True)
            for n in range(WORKERS)
        ]
        for thread in [self._loop, *self._workers]:
            thread.start()

    def close(self) -> None:
        """Stop listening and close every connection still waiting."""
        self._running = False
        self._waker.send(b"\0")
        self._loop.join()
        for _ in self._workers:
            self._ready.put(None)

    def _serve(self) -> None:
        while self._running:
            for key, _ in self._selector.select(timeout=1.0):
                if key.fileobj is self.socket:
                    self._accept()
                elif key.fileobj in self._waiting:  # (not closed to make room meanwhile)
                    self._dispatch(key.fileobj)
            while self._waiting:  # close connections that never sent a request
                conn, (since, _) = next(iter(self._waiting.items()))
                if since > time.monotonic() - IDLE_TIMEOUT:
                    break
                self._drop(conn)
        for conn in list(self._waiting):
            self._drop(conn)
        for sock in (self.socket, self._wake, self._waker):
            sock.close()
        self._selector.close()

    def _accept(self) -> None:
        for _ in range(64):  # then let waiting connections have their turn
            try:
                conn, address = self.socket.accept()
            except BlockingIOError:
                return
            except OSError:  # out of file descriptors: make room, or wait for a worker
                if not self._waiting:
                    time.sleep(0.05)
                    return
                self._drop(next(iter(self._waiting)))
                continue
            if len(self._waiting) >= MAX_WAITING:
                self._drop(next(iter(self._waiting)))
            self._waiting[conn] = (time.monotonic(), address)
            self._selector.register(conn, selectors.EVENT_READ)

    def _dispatch(self, conn: socket.socket) -> None:
        self._selector.unregister(conn)
        _, address = self._waiting.pop(conn)
        self._ready.put((conn, address))

    def _drop(self, conn: socket.socket) -> None:
        self._selector.unregister(conn)
        del self._waiting[conn]
        conn.close()

    def _work(self) -> None:
        while (job := self._ready.get()) is not None:
            conn, address = job
            try:
                self._handler(conn, address, self)
            except OSError:
                pass  # the client went away or stalled: nobody is left to tell
            except Exception as exc:  # a bug: one line, and the server goes on
                click.echo(f"hubgen serve: internal error: {exc!r}", err=True)  # escaped
            finally:
                conn.close()


def start_server(port: int, state: ServeState) -> PreviewServer:
    """Start serving ``state.root`` on 127.0.0.1:``port`` in daemon threads."""
    try:
        return PreviewServer(port, state)
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on 127.0.0.1:{port} ({exc.strerror or exc}); try --port 8001"
        ) from None
