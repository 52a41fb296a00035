"""Installing hubgen as a user does, with no network: its files, its wheel, its dependencies.

``wheelhouse`` repacks the installed dependencies of hubgen (and its build backend) as
wheels, so that ``pip install --no-index --find-links`` works offline.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from conftest import REPO
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def copy_working_tree(dest: Path) -> None:
    """Copy this checkout's working tree (tracked and new files, not ignored ones)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        if (REPO / rel).is_file():  # a tracked file deleted in the working tree is left out
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, dest / rel)


def repack(dist: importlib.metadata.Distribution, wheels: Path) -> None:
    """Write an installed distribution back as a wheel (its files, a fresh RECORD)."""
    files = [f for f in dist.files or [] if ".." not in f.parts and f.suffix != ".pyc"]
    [info] = {f.parts[0] for f in files if f.parts[0].endswith(".dist-info")}
    tag = next(
        line[5:]
        for line in (dist.read_text("WHEEL") or "").splitlines()
        if line.startswith("Tag: ")
    )
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    record = []
    with zipfile.ZipFile(wheels / f"{name}-{dist.version}-{tag}.whl", "w") as whl:
        for f in files:
            path = Path(str(dist.locate_file(f)))
            if f.parts[0] == info and f.name in (
                "RECORD",
                "INSTALLER",
                "REQUESTED",
                "direct_url.json",
            ):
                continue
            data = path.read_bytes()
            entry = zipfile.ZipInfo(f.as_posix(), (1980, 1, 1, 0, 0, 0))
            entry.external_attr = (path.stat().st_mode & 0xFFFF) << 16  # keeps binaries executable
            whl.writestr(entry, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{f.as_posix()},sha256={digest},{len(data)}")
        whl.writestr(f"{info}/RECORD", "\n".join([*record, f"{info}/RECORD,,"]) + "\n")


def wheelhouse(wheels: Path) -> None:
    """Fill ``wheels`` with hubgen's dependencies and build backend, from this environment
    (so pip needs no network)."""
    wheels.mkdir()
    todo, seen = ["setuptools", "hubgen"], {"hubgen"}
    for requirement in importlib.metadata.distribution("hubgen").requires or []:
        parsed = Requirement(requirement)
        if parsed.marker is None or parsed.marker.evaluate({"extra": ""}):
            todo.append(parsed.name)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        dist = importlib.metadata.distribution(name)
        repack(dist, wheels)
        for requirement in dist.requires or []:
            parsed = Requirement(requirement)
            if parsed.marker is None or parsed.marker.evaluate({"extra": ""}):
                todo.append(parsed.name)


def run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    """Run a command; return its output (it must succeed)."""
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def offline_pip(wheels: Path, cache: Path) -> dict[str, str]:
    """Return an environment in which pip installs from ``wheels`` only, never the network."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    return env | {
        "PIP_CONFIG_FILE": os.devnull,  # no machine-wide index or constraints
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheels),
        "PIP_CACHE_DIR": str(cache),  # a second install reuses a wheel built once
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
