"""Write stage: the only code that creates, replaces or deletes files of the output.

A build is written into a staging directory next to the output and swapped in only when
everything (the search index included) succeeded, so a failed or killed build leaves the
previous site as it was. Files whose bytes did not change are hard-linked from the
previous site, which keeps their modification times. Nothing is deleted unless a marker
file shows that hubgen made it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError

MARKER = ".hubgen-build"
"""Written at the root of every site hubgen builds; lists the files and their hashes."""
STAGE_PREFIX = ".hubgen-stage-"
STAGE_MARKER = ".hubgen-stage"


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What the writer did."""

    written: tuple[str, ...]
    """Paths whose bytes changed (or are new)."""
    kept: tuple[str, ...]
    """Paths whose bytes were unchanged (hard-linked or copied from the previous site)."""
    removed: tuple[str, ...]
    """Paths of the previous site that the new one no longer has."""


def file_digest(data: bytes) -> str:
    """Return the hash recorded for a file in the marker."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_manifest(out: Path) -> dict[str, str]:
    """Return the ``{path: digest}`` manifest of the previous build ({} when none)."""
    try:
        data = json.loads((out / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return dict(files) if isinstance(files, dict) else {}


def check_output(out: Path, protected: list[Path]) -> None:
    """Refuse an output directory that is not ours to replace."""
    target = out.resolve()
    for path in protected:
        p = path.resolve()
        if target == p or p.is_relative_to(target) or target.is_relative_to(p / "hubs"):
            raise OutputError(
                f"refusing to write the site to {out}: it would replace {path}; "
                "choose another --out"
            )
    if target.exists() and not target.is_dir():
        raise OutputError(f"refusing to write the site to {out}: it is a file, not a directory")
    if target.is_dir() and not (target / MARKER).is_file() and any(target.iterdir()):
        raise OutputError(
            f"refusing to write the site to {out}: the directory is not empty and was not made "
            f"by hubgen (no {MARKER} file in it); empty it or choose another --out"
        )


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock for builds into ``out``; a second build waits for the first."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.parent / f".{out.name}.hubgen-lock"
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks, builds are not serialised
        yield
        return
    with open(lock_path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            print(
                f"hubgen: another build into {out} is running; waiting for it to finish",
                file=sys.stderr,
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale_stages(out: Path) -> None:
    """Delete staging directories left behind by killed builds (only ones we marked)."""
    parent = out.parent
    if not parent.is_dir():
        return
    for entry in parent.iterdir():
        if entry.name.startswith(f"{STAGE_PREFIX}{out.name}-") and (entry / STAGE_MARKER).exists():
            shutil.rmtree(entry, ignore_errors=True)


def stage(
    out: Path,
    files: Iterable[tuple[str, bytes, str]],
    reuse: Mapping[str, str] | None = None,
) -> tuple[Path, WriteResult]:
    """Write ``files`` into a new staging directory next to ``out``; return it and a report.

    ``files`` is a stream of (path, bytes, digest) triples, written as they come, so a
    large site never has to be held in memory whole; the producer hashes each file once
    (:func:`file_digest`), for its own cache and this manifest. ``reuse`` maps paths to
    digests of files the previous site holds with those exact bytes (the build cache
    vouches for them); they are taken over without being rendered again.
    """
    reuse = reuse or {}
    stream = itertools.chain(files, ((rel, None, digest) for rel, digest in reuse.items()))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{out.name}-", dir=out.parent))
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; a site is public
    (staging / STAGE_MARKER).write_bytes(b"")
    previous = read_manifest(out) if out.is_dir() else {}
    written: list[str] = []
    kept: list[str] = []
    manifest: dict[str, str] = {}
    made_dirs: set[str] = set()
    # Plain strings, not Path objects: this loop runs once per file of a 80,000-file site.
    stage_dir, out_dir = str(staging), str(out)
    for rel, data, digest in stream:
        if rel in manifest:  # writing it again could change a file linked to the old site
            raise ValueError(f"two files for one path in the site: {rel}")
        manifest[rel] = digest
        dest = os.path.join(stage_dir, rel)
        parent = os.path.dirname(dest)
        if parent not in made_dirs:
            os.makedirs(parent, exist_ok=True)
            made_dirs.add(parent)
        old = os.path.join(out_dir, rel)
        if previous.get(rel) == digest and _link(old, dest):
            kept.append(rel)
            continue
        if data is None:  # no hard links here: copy, keeping the modification time
            shutil.copy2(old, dest)
            kept.append(rel)
            continue
        with open(dest, "wb") as handle:
            handle.write(data)
        written.append(rel)
    carry_over(out, staging, set(previous) | set(manifest))
    body = {"generator": "hubgen", "files": manifest}
    (staging / MARKER).write_text(json.dumps(body, indent=0, sort_keys=True) + "\n", "utf-8")
    removed = tuple(sorted(set(previous) - set(manifest)))
    return staging, WriteResult(tuple(sorted(written)), tuple(sorted(kept)), removed)


def carry_over(out: Path, staging: Path, ours: set[str]) -> list[str]:
    """Copy files that someone else put into the previous site (a CNAME, say) into the new one.

    hubgen replaces or removes only files it wrote (those in a manifest) and its search
    index; anything else in the output directory survives every build.
    """
    if not out.is_dir():
        return []
    carried: list[str] = []
    for dirpath, dirnames, filenames in os.walk(out):
        rel_dir = Path(dirpath).relative_to(out).as_posix()
        if rel_dir == ".":
            dirnames[:] = [d for d in dirnames if d != "pagefind"]
            rel_dir = ""
        for name in filenames:
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if rel in ours or rel in (MARKER, STAGE_MARKER):
                continue
            dest = staging / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            src = Path(dirpath) / name
            if src.is_symlink() or not _link(src, dest):
                shutil.copy2(src, dest, follow_symlinks=False)
            carried.append(rel)
    return carried


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _link(src: str | Path, dest: str | Path) -> bool:
    try:
        os.link(src, dest)
    except OSError:
        return False
    return True


def commit(staging: Path, out: Path, trash: Path | None = None) -> None:
    """Swap the finished staging directory in place of ``out``; remove the old site.

    With ``trash`` (a folder of the build cache), the old site is moved there and deleted
    by the next build in the background (see :func:`empty_trash`): deleting 80,000 files
    takes seconds, and most of them are hard links shared with the new site anyway.
    """
    (staging / STAGE_MARKER).unlink()
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        old = staging  # after the exchange the staging path holds the previous site
    else:
        old = staging.with_name(staging.name + "-old")
        out.rename(old)
        staging.rename(out)
    (old / STAGE_MARKER).write_bytes(b"")  # mark it so a killed cleanup is finished later
    if trash is not None:
        try:
            trash.mkdir(parents=True, exist_ok=True)
            old.rename(trash / old.name)
            return
        except OSError:
            pass  # another file system, say: delete it now
    shutil.rmtree(old, ignore_errors=True)


_EMPTY_TRASH = """
import pathlib, shutil, sys
for entry in pathlib.Path(sys.argv[1]).iterdir():
    if (entry / sys.argv[2]).exists():
        shutil.rmtree(entry, ignore_errors=True)
"""


def empty_trash(trash: Path) -> subprocess.Popen[bytes] | None:
    """Start deleting the old sites in ``trash`` (only marked ones) in a child process.

    A process, not a thread: the build forks its worker pools meanwhile, and forking a
    process that runs threads is unsafe. The caller waits for it before returning.
    """
    if not trash.is_dir() or not any(trash.iterdir()):
        return None
    command = [sys.executable, "-c", _EMPTY_TRASH, str(trash), STAGE_MARKER]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL)


def discard(staging: Path) -> None:
    """Delete a staging directory after a failed build."""
    shutil.rmtree(staging, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result != 0:
        err = ctypes.get_errno()
        if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            return False
        raise OSError(err, os.strerror(err), str(b))
    return True
