"""Which folder a build may write, and one build at a time into it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .. import plainfiles
from ..errors import OutputError
from .paths import MARKER, STAGE_MARKER, lstat_kind


@dataclass(frozen=True, slots=True)
class Protected:
    """Folders a site may not replace: ``around`` it may not be or hold (the project);
    ``sources`` it may not be, hold or lie in (content, templates, the build cache)."""

    around: tuple[Path, ...]
    sources: tuple[Path, ...]


def check_output(out: Path, protected: Protected) -> None:
    """Refuse an output folder that is not ours to replace."""
    target = out.resolve()
    for path in protected.around + protected.sources:
        p = path.resolve()
        inside = path in protected.sources and target.is_relative_to(p)
        if target == p or p.is_relative_to(target) or inside:
            raise OutputError(
                f"refusing to write the site to {out}: it would replace "
                f"{'something in ' if inside and target != p else ''}{path}; "
                "choose another --out"
            )
    kind = lstat_kind(out)
    if kind == "link":
        raise OutputError(
            f"refusing to write the site to {out}: expected a folder, found a symbolic link; "
            "point --out at the real folder"
        )
    if kind not in ("dir", "missing"):
        raise OutputError(f"refusing to write the site to {out}: it is a file, not a directory")
    if kind == "dir" and lstat_kind(out / STAGE_MARKER) not in ("file", "missing"):
        found = plainfiles.kind(os.lstat(out / STAGE_MARKER).st_mode)
        raise OutputError(
            f"refusing to write the site to {out}: expected no {STAGE_MARKER} in it, or "
            f"hubgen's own file, found {found}; remove it"
        )
    if kind == "dir" and lstat_kind(out / MARKER) != "file" and any(out.iterdir()):
        raise OutputError(
            f"refusing to write the site to {out}: the directory is not empty and was not made "
            f"by hubgen (no {MARKER} file in it); empty it or choose another --out"
        )


def lock_path(out: Path) -> Path:
    """Return the lock file of builds into ``out`` (next to it)."""
    return out.parent / f".{out.name}.hubgen-lock"


@contextmanager
def build_lock(out: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock for builds into ``out``; a second build waits for the first.

    A POSIX record lock (``lockf``), not ``flock``: it belongs to this process alone, so
    render workers forked while it is held do not hold it too, and a build killed at any
    moment releases it at once, even while orphaned workers are still winding down.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks, builds are not serialised
        yield
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(lock_path(out), flags, 0o644)
    except OSError as exc:
        raise OutputError(
            f"cannot lock {lock_path(out)}: expected a writable lock file, found: {exc.strerror}"
        ) from None
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            if on_wait is not None:
                on_wait()
            fcntl.lockf(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
