"""A build killed at any moment never blocks the next one.

A cancelled CI job, an OOM kill or Ctrl-C in a terminal that sends SIGKILL or SIGTERM
ends the build process outright. Its render workers must not live on holding the build
lock: the next build starts at once, and the workers go with their parent.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = [
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="reads /proc to find the build's workers"
    ),
    pytest.mark.slow,  # builds of 300 hubs, killed and run again
    pytest.mark.timeout(300),  # a lock the killed build never released would hang here
]

HUBS = 300


def write_corpus(content: Path) -> None:
    hubs = content / "hubs"
    hubs.mkdir(parents=True)
    for i in range(HUBS):
        citations = "".join(
            f"  - {{title: Paper {i}-{j}, id: doi:10.9/{i}-{j}, year: 2021, role: method, "
            f"polarity: neutral, summary: Finding {j} of hub {i}.}}\n"
            for j in range(15)
        )
        (hubs / f"hub-{i:03d}.yaml").write_text(
            f"id: doi:10.1/{i}\ntitle: Hub number {i}\nyear: 2020\ncitations:\n{citations}",
            "utf-8",
        )


def children(pid: int) -> list[int]:
    """Return the processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def hubgen(root: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "generator", "build", "--no-search", *args]
    return subprocess.Popen(
        command, cwd=root, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_the_next_build_starts_at_once_after_a_kill(tmp_path: Path, sig: int) -> None:
    write_corpus(tmp_path / "content")
    build = hubgen(tmp_path)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline:  # wait for its worker pool
        workers = [p for p in children(build.pid) if alive(p)]
        time.sleep(0.02)
    assert len(workers) >= 2, "the build never started its workers"
    build.send_signal(sig)
    build.wait(10)

    started = time.monotonic()
    second = hubgen(tmp_path)
    _out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "waiting" not in err, err
    assert time.monotonic() - started < 60
    deadline = time.monotonic() + 10
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in workers if alive(p)], "workers outlived the killed build"
    assert (tmp_path / "site" / "hubs" / "hub-number-0" / "index.html").is_file()
