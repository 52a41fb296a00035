"""The code passes ruff (lint and format) and mypy, as part of the test suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    "args",
    [
        ("ruff", "check", "."),
        ("ruff", "format", "--check", "."),
    ],
)
def test_ruff(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    if shutil.which("mypy") is None and run("mypy", "--version").returncode != 0:
        pytest.fail("mypy is not installed: pip install -e '.[test]'")
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
