"""The one hash of a file's bytes: what manifests list and what cache keys use."""

from __future__ import annotations

import hashlib


def file_digest(data: bytes) -> str:
    """Return the hash of ``data`` as 32 hex digits (:func:`raw_digest`, written out)."""
    return raw_digest(data).hex()


def raw_digest(data: bytes) -> bytes:
    """Return the hash of ``data`` as its 16 bytes (what a record's model keeps)."""
    return hashlib.blake2b(data, digest_size=16).digest()
