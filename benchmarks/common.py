"""Shared by the benchmark scripts: where to work, how to measure a process, plain tables.

A measured command runs as a child of this process and is reaped with ``os.wait4``, which
returns the CPU time (user + sys) of the child and of every descendant it waited for, and
the largest resident set among them. A sampler thread reads ``/proc`` meanwhile to say
which process reached which peak (hubgen's render workers, each Pagefind process).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE_SECONDS = 0.1
"""How often /proc is read for per-process peaks (VmHWM is a high-water mark: a late
sample still sees an earlier peak, so only growth in a process's last 0.1 s is missed)."""


def work_root() -> Path:
    """Return a new scratch folder: on /dev/shm when it exists (stable timings), else temp."""
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())
    return Path(tempfile.mkdtemp(prefix="hubgen-bench-", dir=base))


def remove(*paths: Path) -> None:
    """Delete files or folders the benchmark made, if present."""
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


@dataclass(slots=True)
class Usage:
    """What one command cost: wall and CPU seconds, and memory peaks in MiB."""

    wall: float
    user: float
    sys: float
    max_rss: float
    """Largest resident set of the command or any descendant it reaped (MiB)."""
    peaks: dict[str, tuple[float, int]] = field(default_factory=dict)
    """Per process name: (largest sampled peak RSS in MiB, number of processes seen)."""
    stdout: str = ""

    @property
    def cpu(self) -> float:
        """User + sys seconds, children included."""
        return self.user + self.sys

    def add(self, other: Usage) -> Usage:
        """Return the cost of this command followed by ``other``."""
        peaks = dict(self.peaks)
        for name, (mib, count) in other.peaks.items():
            old = peaks.get(name, (0.0, 0))
            peaks[name] = (max(old[0], mib), old[1] + count)
        return Usage(
            self.wall + other.wall,
            self.user + other.user,
            self.sys + other.sys,
            max(self.max_rss, other.max_rss),
            peaks,
            self.stdout + other.stdout,
        )


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{parent}/task/{tid}/children") as f:
                    kids = [int(k) for k in f.read().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


def _peak(pid: int) -> tuple[str, float] | None:
    try:
        with open(f"/proc/{pid}/comm") as f:
            name = f.read().strip()
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return name, int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class _Sampler(threading.Thread):
    """Reads the peak RSS of every descendant of ``pid`` until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.seen: dict[tuple[int, str], float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(SAMPLE_SECONDS):
            for pid in [self.pid, *_descendants(self.pid)]:
                peak = _peak(pid)
                if peak is not None:
                    key = (pid, peak[0])
                    self.seen[key] = max(self.seen.get(key, 0.0), peak[1])

    def by_name(self) -> dict[str, tuple[float, int]]:
        out: dict[str, tuple[float, int]] = {}
        for (_pid, name), mib in self.seen.items():
            old = out.get(name, (0.0, 0))
            out[name] = (max(old[0], mib), old[1] + 1)
        return out


def run_measured(cmd: Sequence[str], cwd: Path | None = None) -> Usage:
    """Run ``cmd`` to its end and return its cost; raise SystemExit with its output if it fails."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
        sampler = _Sampler(proc.pid)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        sampler.stop.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr}{stdout}")
    return Usage(
        wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024, sampler.by_name(), stdout
    )


def machine() -> str:
    """Return a short description of this machine."""
    model = ""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = next(
            (
                ln.split(":", 1)[1].strip()
                for ln in lscpu.splitlines()
                if ln.startswith("Model name")
            ),
            "",
        )
    except OSError:
        pass
    load = ", load " + " ".join(f"{n:.2f}" for n in os.getloadavg())
    model = f" ({model})" if model else ""
    return f"{os.cpu_count()} CPUs{model}, Python {sys.version.split()[0]}{load}"


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a plain-text table: first column left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        first = row[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    print(f"\n## {title}")
    print(line(cells[0]))
    print("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        print(line(row))


def human(count: float) -> str:
    """Return a byte count in decimal KB below a megabyte, else in decimal MB."""
    return kb(count) if count < 1e6 else mb(count)


def mb(size: float) -> str:
    """Return a byte count in decimal megabytes (the unit of the issue's targets)."""
    return f"{size / 1e6:,.1f} MB"


def kb(size: float) -> str:
    """Return a byte count in decimal kilobytes."""
    return f"{size / 1e3:,.1f} KB"
