"""The user's signing secret is whole or absent, never empty, and never half-written."""

from __future__ import annotations

import hmac
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO

from generator import signing


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    signing.secret.cache_clear()
    yield tmp_path
    signing.secret.cache_clear()


def test_an_empty_secret_file_is_replaced_not_used(fresh_home: Path) -> None:
    path = signing.secret_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")  # a build killed between creating and writing it
    value = signing.secret()
    assert len(value) == signing.SECRET_BYTES
    assert path.read_bytes() == value
    forged = pickle.dumps(("x", "y"))
    assert signing.unsign(hmac.new(b"", forged, "sha256").digest() + forged) is None


def test_processes_starting_together_share_one_whole_secret(fresh_home: Path) -> None:
    code = "from generator import signing; print(signing.secret().hex())"
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(fresh_home)}
    runs = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    values = {run.communicate()[0].strip() for run in runs}
    assert len(values) == 1 and len(values.pop()) == 2 * signing.SECRET_BYTES
