"""The user's signing secret: proves that a file or folder was made by hubgen, here.

Everything hubgen reads back from disk could have been planted: a ``.hubgen-cache/``
committed to a repository, a folder named like a staging folder in a pull request or a
shared zip. What hubgen made itself carries a signature made with a secret kept in the
user's own cache directory (never in the project), so a planted copy is recognised as
foreign: cache entries are misses, working folders are left alone.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache
from pathlib import Path

SIGNATURE_BYTES = 32


def secret_path() -> Path:
    """Return where this user's secret is kept (``$XDG_CACHE_HOME/hubgen/cache-secret``)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hubgen"
    return base / "cache-secret"


@lru_cache(maxsize=1)
def secret() -> bytes:
    """Return this user's signing secret, creating it on first use."""
    path = secret_path()
    try:
        return path.read_bytes()
    except OSError:
        pass
    value = os.urandom(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(value)
    except FileExistsError:
        return path.read_bytes()  # another build created it first
    except OSError:
        pass  # no writable home: sign for this process only (nothing verifies later)
    return value


def _mac(data: bytes) -> bytes:
    return hmac.new(secret(), data, hashlib.sha256).digest()


def sign(data: bytes) -> bytes:
    """Return ``data`` prefixed with its signature."""
    return _mac(data) + data


def unsign(blob: bytes) -> bytes | None:
    """Return the data of a signed blob, or None when the signature does not match."""
    if len(blob) < SIGNATURE_BYTES:
        return None
    mac, data = blob[:SIGNATURE_BYTES], blob[SIGNATURE_BYTES:]
    return data if hmac.compare_digest(mac, _mac(data)) else None


def token(purpose: str, name: str) -> bytes:
    """Return the signature of ``name`` for ``purpose`` (hex, for a marker file)."""
    return _mac(f"hubgen\0{purpose}\0{name}".encode()).hex().encode("ascii")


def token_matches(purpose: str, name: str, found: bytes) -> bool:
    """True when ``found`` is the token of ``name`` for ``purpose``."""
    return hmac.compare_digest(found.strip(), token(purpose, name))
