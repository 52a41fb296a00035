"""HTTP for ``hubgen fetch``: JSON GETs with retries, backoff and Retry-After from urllib3.

Every failure becomes a :class:`FetchError` whose message names the service's host and
path and never a query string, header or key: an API key may travel in either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import urllib3
from urllib3.exceptions import (
    HTTPError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    SSLError,
    TimeoutError,
)
from urllib3.util import Retry

from .. import __version__
from ..importers.common import ImportInputError, parse_json
from ..importers.shapes import error_message

RETRIES = 5
"""Retries of one request after a 429, a 5xx or a timeout (connection failures: 2)."""
BACKOFF_FACTOR = 1.0
"""Waits between retries without Retry-After: 0, 2, 4, 8, 16 s (urllib3's formula)."""
MAX_WAIT = 60
"""Longest wait before one retry, in seconds, also when Retry-After asks for more."""
RETRY_STATUSES = (429, 500, 502, 503, 504)
TIMEOUT = urllib3.Timeout(connect=10, read=60)
USER_AGENT = f"hubgen/{__version__} (hubgen fetch)"


class FetchError(Exception):
    """A request that failed for good; the message is one line, safe to print."""


class _CappedRetry(Retry):
    """urllib3's Retry, with Retry-After capped at MAX_WAIT (older urllib3 2.x cannot)."""

    def get_retry_after(self, response: Any) -> float | None:
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, MAX_WAIT)


@dataclass(frozen=True)
class Response:
    """A successful response: its raw bytes (what is saved) and the parsed JSON."""

    body: bytes
    data: Any


class Client:
    """GETs JSON from one service; ``secrets`` are scrubbed from anything kept or shown."""

    def __init__(
        self,
        base_url: str,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        secrets: Sequence[str] = (),
        key_hint: str = "check the API key",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.key_hint = key_hint
        self.params = dict(params or {})
        self.secrets = tuple(s for s in secrets if s)
        self.retry = _CappedRetry(
            total=RETRIES,
            connect=2,
            backoff_factor=BACKOFF_FACTOR,
            backoff_max=MAX_WAIT,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET"}),
            respect_retry_after_header=True,
            raise_on_status=False,  # the last response's body says why it failed
            # Never send a key to another host a redirect points at.
            remove_headers_on_redirect=Retry.DEFAULT_REMOVE_HEADERS_ON_REDIRECT | {"x-api-key"},
        )
        all_headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        all_headers.update(headers or {})
        self.pool = urllib3.PoolManager(headers=all_headers, timeout=TIMEOUT, retries=self.retry)

    def where(self, path: str) -> str:
        """Return the host and path of a request, for messages (no query, no key)."""
        parts = urlsplit(self.base_url + path)
        return self.scrub(f"{parts.netloc}{parts.path}")

    def scrub(self, text: str) -> str:
        """Return ``text`` with every secret replaced by '***'."""
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    def get(self, path: str, params: Mapping[str, str | int] | None = None) -> Response:
        """Return the JSON response of GET ``path``; raise FetchError for anything else."""
        query = urlencode({**(params or {}), **self.params})
        url = f"{self.base_url}{path}" + (f"?{query}" if query else "")
        where = self.where(path)
        try:
            response = self.pool.request("GET", url)
        except MaxRetryError as exc:
            raise FetchError(f"{where}: {_reason(exc.reason)} (gave up after retrying)") from None
        except HTTPError as exc:
            raise FetchError(f"{where}: {_reason(exc)}") from None
        if response.status >= 400:
            raise FetchError(self.scrub(_status_message(where, response, self.key_hint)))
        try:
            text = response.data.decode("utf-8-sig")
            data = parse_json(where, text)
        except UnicodeDecodeError:
            raise FetchError(f"{where}: expected UTF-8 JSON, found undecodable bytes") from None
        except ImportInputError as exc:
            raise FetchError(self.scrub(str(exc))) from None
        return Response(self._scrub_bytes(response.data), data)

    def _scrub_bytes(self, body: bytes) -> bytes:
        # A service that echoed a key back would otherwise have it saved to disk.
        for secret in self.secrets:
            body = body.replace(secret.encode(), b"***")
        return body


def _reason(error: BaseException | None) -> str:
    if isinstance(error, NameResolutionError):
        return "cannot resolve the host name (no network?)"
    if isinstance(error, NewConnectionError):
        return "cannot connect (no network, or the service is down)"
    if isinstance(error, TimeoutError):
        return f"no answer within {TIMEOUT.read_timeout:.0f} s (timed out)"
    if isinstance(error, SSLError):
        return "the secure connection failed (TLS error)"
    if isinstance(error, ProtocolError):
        return "the connection broke off"
    return f"the request failed ({type(error).__name__})"


def _status_message(where: str, response: Any, key_hint: str) -> str:
    status = int(response.status)
    retried = len(response.retries.history) if response.retries else 0
    try:
        detail = error_message(parse_json(where, response.data.decode("utf-8", "replace")))
    except ImportInputError:
        detail = None
    said = f": {detail}" if detail else ""
    if status == 404:
        return f"{where}: not found (HTTP 404){said}; check the id"
    if status in (401, 403):
        return f"{where}: the service refused the request (HTTP {status}){said}; {key_hint}"
    if status in RETRY_STATUSES:
        return f"{where}: HTTP {status}{said}; gave up after {retried} retries, try again later"
    return f"{where}: HTTP {status}{said}"
