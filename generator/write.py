"""Write stage: the only code that creates, replaces or deletes files of the output.

A build is written into a staging directory next to the output and put in place only
when everything (the search index included) succeeded, so a failed build leaves the
previous site as it was. Nothing is deleted unless a marker file shows that hubgen made it.

Two ways to put it in place:

- **Swap** (a full build, or one that changes much): the staging directory holds the whole
  new site, files whose bytes did not change hard-linked from the previous site (which
  keeps their modification times), and one atomic rename exchanges the two folders.
- **Patch** (a small change to a site hubgen wrote): the staging directory holds only the
  changed files, and :func:`commit` moves them into the site one atomic rename each, after
  hard-linking every file it replaces or removes into a backup, under a journal. A build
  killed during those few renames leaves the journal behind, and the next build first
  rolls the site back from the backup (:func:`recover`), so it never builds on a mix.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OutputError

MARKER = ".hubgen-build"
"""Written at the root of every site hubgen builds; lists the files and their hashes."""
STAGE_PREFIX = ".hubgen-stage-"
STAGE_MARKER = ".hubgen-stage"
JOURNAL = ".hubgen-journal"
"""In a patch's staging folder while the patch is applied: what to undo if it is killed."""
BACKUP = ".hubgen-backup"
"""In a patch's staging folder: hard links to the files the patch replaces or removes."""
SEARCH_DIR = "pagefind"
"""The search index's folder: hubgen's, but not in the manifest (its bytes vary by run)."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What the writer did."""

    written: tuple[str, ...]
    """Paths whose bytes changed (or are new)."""
    kept: tuple[str, ...]
    """Paths whose bytes were unchanged (hard-linked or copied from the previous site)."""
    removed: tuple[str, ...]
    """Paths of the previous site that the new one no longer has."""


@dataclass(slots=True)
class Staged:
    """A staging folder being filled, and what :func:`commit` needs to put it in place."""

    path: Path
    out: Path
    patch: bool
    """True: ``path`` holds only changed files, applied to the site in place."""
    manifest: dict[str, str]
    """``{path: digest}`` of every file of the new site (the search index aside)."""
    report: WriteResult
    search_dirs: list[str] = field(default_factory=list)
    """Folders of the search index written into the staging folder (patch: replaced)."""
    search_keep: list[str] = field(default_factory=list)
    """Folders of the previous site's search index the new site keeps."""


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


@dataclass(slots=True)
class Sink:
    """Where the files of a new site go while it is built: its staging folder.

    Render workers place the files they make themselves (a forked worker inherits the
    sink), so a site's bytes are never shipped between processes; the parent only
    collects (path, digest, written) of each file.
    """

    staging: str
    out: str
    patch: bool
    previous: dict[str, str]
    """The previous site's manifest, ``{path: digest}``."""
    made: set[str] = field(default_factory=set)

    def place(self, rel: str, data: bytes | None, digest: str) -> bool:
        """Put file ``rel`` of the new site in place; True when its bytes were written.

        ``data`` None takes the previous site's file (the cache vouches for its bytes).
        A file the previous site holds with the same digest is kept: in place (patch) or
        hard-linked (swap), so its modification time stays.
        """
        old = os.path.join(self.out, rel)
        same = self.previous.get(rel) == digest
        if self.patch and same and (data is None or os.path.isfile(old)):
            return False  # in place already
        dest = os.path.join(self.staging, rel)
        parent = os.path.dirname(dest)
        if parent not in self.made:
            os.makedirs(parent, exist_ok=True)
            self.made.add(parent)
        if not self.patch and same and _link(old, dest):
            return False
        if data is None:  # no hard links here: copy, keeping the modification time
            shutil.copy2(old, dest)
            return False
        # "x": never write through an existing file, which could be a link to the old site
        with open(dest, "xb") as handle:
            handle.write(data)
        return True


def open_stage(out: Path, previous: dict[str, str], patch: bool = False) -> Sink:
    """Create a staging folder next to ``out``; return the sink that fills it.

    ``previous`` is the manifest of the site in place (:func:`read_manifest`). With
    ``patch`` (see the module's docstring) only files whose bytes changed go into the
    staging folder; that needs a previous site with a manifest, and is a swap otherwise.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{out.name}-", dir=out.parent))
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; a site is public
    (staging / STAGE_MARKER).write_bytes(b"")
    return Sink(str(staging), str(out), patch and bool(previous), previous)


def stage(
    sink: Sink,
    placed: Iterable[tuple[str, str, bool]],
    reuse: Mapping[str, str] | None = None,
) -> Staged:
    """Finish the staging folder of ``sink``; return it with its manifest and a report.

    ``placed`` is a stream of (path, digest, written) of the files put in place by the
    producer (:meth:`Sink.place`), in any process, as they were rendered; the producer
    hashes each file once (:func:`file_digest`), for its own cache and this manifest.
    ``reuse`` maps paths to digests of files the previous site holds with those exact
    bytes (the build cache vouches for them); they are taken over without being rendered
    again.
    """
    reuse = reuse or {}
    written: list[str] = []
    kept: list[str] = []
    manifest: dict[str, str] = {}
    for rel, digest, was_written in placed:
        if rel in manifest:
            raise ValueError(f"two files for one path in the site: {rel}")
        manifest[rel] = digest
        (written if was_written else kept).append(rel)
    if manifest.keys() & reuse.keys():
        raise ValueError(f"two files for one path in the site: {min(manifest.keys() & reuse)}")
    if not sink.patch:  # hard-link them into the new site (a patch leaves them in place)
        for rel, digest in reuse.items():
            sink.place(rel, None, digest)
    manifest.update(reuse)
    kept += reuse
    staging, out = Path(sink.staging), Path(sink.out)
    if not sink.patch:
        carry_over(out, staging, set(sink.previous) | set(manifest))
    removed = tuple(sorted(set(sink.previous) - set(manifest)))
    report = WriteResult(tuple(sorted(written)), tuple(sorted(kept)), removed)
    return Staged(staging, out, sink.patch, manifest, report)


def stage_search(staged: Staged, keep: Iterable[str], files: Mapping[str, bytes]) -> None:
    """Add the search index's loose ``files`` to the staging folder; keep folders ``keep``.

    The index's shard folders are written into the staging folder by Pagefind itself
    (``staged.search_dirs`` names them); the previous site's folders in ``keep`` are
    taken over unchanged.
    """
    for folder in keep:
        staged.search_keep.append(folder)
        if not staged.patch:
            _link_tree(staged.out / folder, staged.path / folder)
    for rel, data in files.items():
        dest = staged.path / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)


def _link_tree(src: Path, dest: Path) -> None:
    """Recreate ``src`` at ``dest`` with hard links (copies where links fail)."""
    for dirpath, _dirs, names in os.walk(src):
        target = dest / Path(dirpath).relative_to(src)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            _link_or_copy(os.path.join(dirpath, name), target / name)


def scratch_tree(out: Path, files: Mapping[str, Path]) -> Path:
    """Return a marked scratch folder next to ``out`` holding ``{path: source}`` as links.

    For tools that index a folder (Pagefind, per shard); delete it with :func:`discard`.
    A killed build's scratch folders are removed like its staging folders.
    """
    scratch = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{out.name}-", dir=out.parent))
    (scratch / STAGE_MARKER).write_bytes(b"")
    made: set[Path] = set()
    for rel, source in files.items():
        dest = scratch / rel
        if dest.parent not in made:
            dest.parent.mkdir(parents=True, exist_ok=True)
            made.add(dest.parent)
        _link_or_copy(source, dest)
    return scratch


def staged_or_live(staged: Staged, rel: str) -> Path:
    """Return where file ``rel`` of the new site is now: the staging folder or the site."""
    candidate = staged.path / rel
    if not staged.patch or candidate.is_file():
        return candidate
    return staged.out / rel


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
            dirnames[:] = [d for d in dirnames if d != SEARCH_DIR]
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


def _link_or_copy(src: str | Path, dest: str | Path) -> None:
    """Hard-link ``src`` to ``dest``, or copy it (keeping its mtime) where links fail."""
    if not _link(src, dest):
        shutil.copy2(src, dest)


def _link(src: str | Path, dest: str | Path) -> bool:
    try:
        os.link(src, dest)
    except OSError:
        return False
    return True


def commit(staged: Staged, trash: Path | None = None) -> None:
    """Put the finished staging folder in place of the site (a swap or a patch)."""
    if not staged.patch:
        _swap(staged, trash)
        return
    try:
        _apply_patch(staged, trash)
    except BaseException:
        recover(staged.out)  # an error half-way (a full disk, say): undo what was applied
        raise


def _manifest_bytes(manifest: Mapping[str, str]) -> bytes:
    """Return the marker file: one file per line, written by the C encoder (``indent``
    would switch ``json`` to its pure-Python one: 0.2 s for 70,000 files)."""
    body = {"files": manifest, "generator": "hubgen"}
    return (json.dumps(body, sort_keys=True, separators=(",\n", ": ")) + "\n").encode("utf-8")


def _swap(staged: Staged, trash: Path | None) -> None:
    """Exchange the staging folder (the whole new site) with the site; trash the old one.

    With ``trash`` (a folder of the build cache), the old site is moved there and deleted
    by the next build in the background (see :func:`empty_trash`): deleting 80,000 files
    takes seconds, and most of them are hard links shared with the new site anyway.
    """
    staging, out = staged.path, staged.out
    (staging / MARKER).write_bytes(_manifest_bytes(staged.manifest))
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
    _throw_away(old, trash)


def _throw_away(folder: Path, trash: Path | None) -> None:
    """Move a marked folder to ``trash`` (emptied by the next build), or delete it now."""
    if trash is not None:
        try:
            trash.mkdir(parents=True, exist_ok=True)
            folder.rename(trash / folder.name)
            return
        except OSError:
            pass  # another file system, say: delete it now
    shutil.rmtree(folder, ignore_errors=True)


def _apply_patch(staged: Staged, trash: Path | None) -> None:
    """Move the changed files into the site under a journal, backing up what they replace.

    The staging folder, then holding the replaced files and search folders, goes to
    ``trash``."""
    staging, out = staged.path, staged.out
    backup = staging / BACKUP
    report = staged.report
    live_search, new_search = out / SEARCH_DIR, staging / SEARCH_DIR
    old_dirs = {f"{SEARCH_DIR}/{p.name}" for p in _entries(live_search) if p.is_dir()}
    gone_dirs = sorted(old_dirs - set(staged.search_keep) - set(staged.search_dirs))
    loose = [f"{SEARCH_DIR}/{p.name}" for p in _entries(new_search) if p.is_file()]
    gone_loose = [f"{SEARCH_DIR}/{p.name}" for p in _entries(live_search) if p.is_file()]
    gone_loose = [rel for rel in gone_loose if rel not in loose]
    files = list(report.written) + loose
    journal = {"files": files, "dirs": sorted(staged.search_dirs)}
    (staging / JOURNAL).write_text(json.dumps(journal), "utf-8")
    for rel in files:
        _backup(out, backup, rel)
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, target)
    for rel in [*report.removed, *gone_loose]:
        _backup(out, backup, rel)
        (out / rel).unlink(missing_ok=True)
        _prune_empty(out, (out / rel).parent)
    for folder in [*staged.search_dirs, *gone_dirs]:
        if (out / folder).exists():
            (backup / folder).parent.mkdir(parents=True, exist_ok=True)
            (out / folder).rename(backup / folder)
        if folder in staged.search_dirs:
            (staging / folder).rename(out / folder)
    _prune_empty(out, live_search)  # a build without search: its folder goes
    (staging / MARKER).write_bytes(_manifest_bytes(staged.manifest))
    _backup(out, backup, MARKER)
    os.replace(staging / MARKER, out / MARKER)  # last: the site is whole again
    (staging / JOURNAL).unlink()  # the commit point
    _throw_away(staging, trash)


def _entries(folder: Path) -> list[Path]:
    """Return the entries of ``folder``, sorted ([] when it does not exist)."""
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _backup(out: Path, backup: Path, rel: str) -> None:
    """Hard-link the site's file ``rel`` (if any) into the backup, before it is touched."""
    source = out / rel
    if not source.is_file():
        return
    dest = backup / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    _link_or_copy(source, dest)


def _prune_empty(out: Path, folder: Path) -> None:
    """Remove ``folder`` and its parents up to ``out`` while they are empty."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _patches(out: Path) -> list[Path]:
    """Return the staging folders of patches that were killed while being applied."""
    parent = out.parent
    if not parent.is_dir():
        return []
    return [
        staging
        for staging in sorted(parent.glob(f"{STAGE_PREFIX}{out.name}-*"))
        if (staging / STAGE_MARKER).exists() and (staging / JOURNAL).is_file()
    ]


def pending_patch(out: Path) -> bool:
    """True when a killed patch left the site half-applied (the next build rolls it back)."""
    return bool(_patches(out))


def recover(out: Path) -> bool:
    """Roll back every patch that was killed while it was applied; True when there was one.

    Search folders the patch moved in are removed and the ones it replaced come back;
    files it added are removed; every file it replaced or removed comes back from its
    backup (a hard link made before it was touched, so restoring is always safe).
    """
    patches = _patches(out)
    for staging in patches:
        journal = json.loads((staging / JOURNAL).read_text("utf-8"))
        backup = staging / BACKUP
        for folder in journal["dirs"]:
            if not (staging / folder).exists() and (out / folder).exists():
                shutil.rmtree(out / folder)  # the patch's own: it had been moved in
        if (backup / SEARCH_DIR).is_dir():
            for folder in sorted((backup / SEARCH_DIR).iterdir()):
                if folder.is_dir():
                    (out / SEARCH_DIR).mkdir(parents=True, exist_ok=True)
                    folder.rename(out / SEARCH_DIR / folder.name)
        for rel in journal["files"]:  # (never the manifest: a patch needs one to start)
            if not (backup / rel).exists() and not (staging / rel).exists():
                (out / rel).unlink(missing_ok=True)  # added by the patch
                _prune_empty(out, (out / rel).parent)
        for dirpath, _dirs, names in os.walk(backup):
            for name in names:
                rel_path = Path(dirpath, name).relative_to(backup)
                (out / rel_path).parent.mkdir(parents=True, exist_ok=True)
                os.replace(Path(dirpath, name), out / rel_path)
        shutil.rmtree(staging, ignore_errors=True)
    return bool(patches)


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
