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
import tempfile
from functools import lru_cache
from pathlib import Path

SIGNATURE_BYTES = 32


def secret_path() -> Path:
    """Return where this user's secret is kept (``$XDG_CACHE_HOME/hubgen/cache-secret``)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hubgen"
    return base / "cache-secret"


SECRET_BYTES = 32


@lru_cache(maxsize=1)
def secret() -> bytes:
    """Return this user's signing secret, creating it on first use.

    It is published whole or not at all (written to a file of its own, then linked to its
    name), so no process ever reads half of one; a secret of any other length than
    SECRET_BYTES (an empty file, say) is never used: it is replaced.
    """
    path = secret_path()
    found = _read_secret(path)
    if found is not None:
        return found
    value = os.urandom(SECRET_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".secret-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(value)
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(temp, path)  # atomic, and never over another process's secret
            except FileExistsError:
                found = _read_secret(path)
                if found is not None:
                    return found  # another build published one first
                os.replace(temp, path)  # a damaged one: replace it
        finally:
            Path(temp).unlink(missing_ok=True)
    except OSError:
        pass  # no writable home: sign for this process only (nothing verifies later)
    return value


def _read_secret(path: Path) -> bytes | None:
    """Return the secret at ``path`` when it is whole (SECRET_BYTES long), else None."""
    try:
        with open(path, "rb") as handle:
            found = handle.read(SECRET_BYTES + 1)
    except OSError:
        return None
    return found if len(found) == SECRET_BYTES else None


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
