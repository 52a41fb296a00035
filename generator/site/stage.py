"""The staging folder: where a new site (a swap) or its changed files (a patch) are put.

The build puts each file of the new site into the :class:`Sink` as it is rendered and
finishes the staging folder with :func:`finish` (see :mod:`.transaction`).

What the previous site holds is believed only as far as it is checked: a file is kept
(left in place, or hard-linked into the new site) only when its bytes are the new
bytes, or, for files the build does not render again, when the build cache vouches for
them and their size and modification time are still the ones it recorded. A previous
file is removed only when hubgen wrote it: the manifest lists it and the build cache
vouches for that manifest, or the file still has the bytes the manifest names.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..digests import file_digest
from ..plainfiles import read_regular
from .manifest import Manifest
from .owned import make_working_folder
from .paths import MARKER, SEARCH_DIR, lstat_kind

Stamp = tuple[int, int]
"""Size and modification time (ns) of a file: what tells a kept file is untouched."""
Placed = tuple[str, str, bool, Stamp]
"""(path, digest, written, stamp) of one file put into the new site."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What the writer did."""

    written: tuple[str, ...]
    """Paths whose bytes changed (or are new)."""
    kept: tuple[str, ...]
    """Paths whose bytes were unchanged (hard-linked or copied from the previous site)."""
    removed: tuple[str, ...]
    """Paths of the previous site that the new one no longer has."""
    dropped_links: tuple[str, ...] = ()
    """Symbolic links found in the previous site: never carried into the new one."""


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


def _stamp(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns)


def same_bytes(path: str, data: bytes) -> bool:
    """True when ``path`` is a regular file (not a link) holding exactly ``data``."""
    return read_regular(Path(path), len(data)) == data


@dataclass(slots=True)
class Sink:
    """Where the files of a new site go while it is built: its staging folder."""

    staging: str
    out: str
    patch: bool
    previous: dict[str, str]
    """The previous site's manifest, ``{path: digest}``."""
    keep_old: bool = True
    """False (``--clean``): no file of the previous site is believed, each is written."""
    made: set[str] = field(default_factory=set)

    def place(self, rel: str, data: bytes | None, digest: str) -> tuple[bool, Stamp]:
        """Put file ``rel`` of the new site in place; return (bytes written, its stamp).

        ``data`` None takes the previous site's file (the caller checked it, see
        :mod:`generator.incremental`). A file the previous site holds with the same
        bytes is kept: in place (patch) or hard-linked (swap), so its modification time
        stays.
        """
        old = os.path.join(self.out, rel)
        if data is None and lstat_kind(old) != "file":
            raise OSError(f"{old}: expected the previous site's file, found none or a link")
        same = data is None or (
            self.keep_old and self.previous.get(rel) == digest and same_bytes(old, data)
        )
        if self.patch and same:
            return False, _stamp(os.lstat(old))  # in place already
        dest = os.path.join(self.staging, rel)
        parent = os.path.dirname(dest)
        if parent not in self.made:
            os.makedirs(parent, exist_ok=True)
            self.made.add(parent)
        if same and link(old, dest):
            return False, _stamp(os.lstat(dest))
        if data is None:  # no hard links here: copy, keeping the modification time
            shutil.copy2(old, dest, follow_symlinks=False)
            return False, _stamp(os.lstat(dest))
        # "x": never write through an existing file, which could be a link to the old site
        with open(dest, "xb") as handle:
            handle.write(data)
            handle.flush()
            return True, _stamp(os.fstat(handle.fileno()))


def open_stage(out: Path, previous: Manifest, patch: bool = False, keep_old: bool = True) -> Sink:
    """Create a staging folder next to ``out``; return the sink that fills it.

    ``previous`` is the manifest of the site in place. With ``patch`` only files whose
    bytes changed go into the staging folder; that needs a previous site with a
    manifest, and is a swap otherwise.
    """
    staging = make_working_folder(out)
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; a site is public
    return Sink(str(staging), str(out), patch and bool(previous.files), previous.files, keep_old)


def owned(out: Path, rel: str, digest: str, vouched: bool) -> bool:
    """True when the previous site's file ``rel`` is one hubgen wrote (so it may go)."""
    path = out / rel
    if lstat_kind(path) != "file":
        return False
    if vouched:
        return True
    try:
        return file_digest(path.read_bytes()) == digest
    except OSError:
        return False


def finish(
    sink: Sink,
    placed: Iterable[Placed],
    reuse: Mapping[str, str] | None = None,
    vouched: bool = False,
) -> Staged:
    """Finish the staging folder of ``sink``; return it with its manifest and a report.

    ``placed`` is the stream of files put in place by the producer (:meth:`Sink.place`),
    in any process. ``reuse`` maps paths to digests of files the previous site holds with
    those exact bytes; they are taken over without being rendered again. ``vouched``:
    the build cache recorded the previous manifest as its own (see :func:`owned`).
    """
    reuse = reuse or {}
    written: list[str] = []
    kept: list[str] = []
    manifest: dict[str, str] = {}
    for rel, digest, was_written, _file_stamp in placed:
        if rel in manifest:
            raise ValueError(f"two files for one path in the site: {rel}")
        manifest[rel] = digest
        (written if was_written else kept).append(rel)
    if manifest.keys() & reuse.keys():
        raise ValueError(f"two files for one path in the site: {min(manifest.keys() & reuse)}")
    for rel, digest in reuse.items():  # swap: hard-linked in; patch: left in place
        sink.place(rel, None, digest)
    manifest.update(reuse)
    kept += reuse
    staging, out = Path(sink.staging), Path(sink.out)
    removed = sorted(
        rel
        for rel in set(sink.previous) - set(manifest)
        if owned(out, rel, sink.previous[rel], vouched)
    )
    links: list[str] = []
    if not sink.patch:
        links = carry_over(out, staging, set(manifest) | set(removed))
    report = WriteResult(tuple(sorted(written)), tuple(sorted(kept)), tuple(removed), tuple(links))
    return Staged(staging, out, sink.patch, manifest, report)


def carry_over(out: Path, staging: Path, ours: set[str]) -> list[str]:
    """Copy files someone else put into the previous site (a CNAME, say) into the new one.

    hubgen replaces or removes only files it wrote and its search index; any other
    regular file in the output folder survives every build. Symbolic links never do:
    they are left behind (and returned), so no build ever publishes what one points at.
    """
    if not out.is_dir():
        return []
    links: list[str] = []
    for dirpath, dirnames, filenames in os.walk(out):  # never follows links
        rel_dir = Path(dirpath).relative_to(out).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        for name in sorted(dirnames):
            if os.path.islink(os.path.join(dirpath, name)):
                links.append(rel_dir + name)
        if not rel_dir:  # the search index and hubgen's own names are not carried
            dirnames[:] = [d for d in dirnames if d != SEARCH_DIR and not d.startswith(".hubgen")]
        for name in filenames:
            rel = rel_dir + name
            if rel in ours or rel == MARKER or (not rel_dir and name.startswith(".hubgen")):
                continue
            src = Path(dirpath) / name
            kind = lstat_kind(src)
            if kind == "link":
                links.append(rel)
            if kind != "file":
                continue
            dest = staging / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(src, dest)
    return sorted(links)


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
    """Recreate ``src`` at ``dest`` with hard links (copies where links fail); no links."""
    for dirpath, _dirs, names in os.walk(src):
        target = dest / Path(dirpath).relative_to(src)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            if lstat_kind(os.path.join(dirpath, name)) == "file":
                link_or_copy(os.path.join(dirpath, name), target / name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def link_or_copy(src: str | Path, dest: str | Path) -> None:
    """Hard-link ``src`` to ``dest``, or copy it (keeping its mtime) where links fail."""
    if not link(src, dest):
        shutil.copy2(src, dest, follow_symlinks=False)


def link(src: str | Path, dest: str | Path) -> bool:
    """Hard-link ``src`` to ``dest`` (never a symbolic link); False when that fails."""
    if lstat_kind(src) != "file":
        return False
    try:
        os.link(src, dest, follow_symlinks=False)
    except OSError:
        return False
    return True
