"""One build's hold on the output folder, from the lock to the commit.

The build opens a :class:`Transaction` once it has derived the corpus: under the build
lock it rolls back a killed patch, removes leftovers of killed builds and reads the
previous site's manifest. The plan asks it what the previous site still holds
(:meth:`Transaction.intact`, :meth:`Transaction.previous_file`); the writer gives it
every file (:meth:`Transaction.put`, :meth:`Transaction.keep`); the search stage gives it
the folders it built (:meth:`Transaction.adopt`); :meth:`Transaction.commit` puts the new
site in place. Leaving the ``with`` block without committing discards the staging folder.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import TracebackType

from .. import kinds
from ..digests import file_digest
from ..errors import OutputError, Problem
from ..plainfiles import read_regular
from .commit import commit
from .guard import Protected, build_lock, check_output
from .journal import pending_patch, recover
from .listing import site_listing
from .manifest import MAX_MANIFEST_BYTES, Manifest, read_manifest
from .owned import make_working_folder
from .paths import MARKER, is_site_path, lstat_kind, real_parents
from .stage import Placed, Sink, Staged, Stamp, WriteResult, finish, open_stage, stage_search
from .trash import discard, remove_leftovers

MAX_READ_BACK = 1 << 28


class Transaction:
    """The output folder, held for one build (a context manager)."""

    def __init__(
        self, out: Path, protected: Protected, on_wait: Callable[[], None] | None = None
    ) -> None:
        self.out = out
        self.protected = protected
        self.on_wait = on_wait
        self.previous = Manifest({})
        """The manifest of the site in place (read under the lock)."""
        self.foreign: list[Path] = []
        """Folders named like hubgen's working folders that it did not make: left alone."""
        self.damaged: list[Path] = []
        """hubgen's staging folders of killed patches whose journal does not read back."""
        self._stack = ExitStack()
        self._site_fd = -1
        self.vouched = False
        """The build cache recorded the previous manifest as the one it wrote."""
        self._sink: Sink | None = None
        self._placed: list[Placed] = []
        self._staged: Staged | None = None

    def __enter__(self) -> Transaction:
        self._stack.enter_context(build_lock(self.out, self.on_wait))
        check_output(self.out, self.protected)
        _rolled, foreign, self.damaged = recover(self.out)  # a killed patch: rolled back
        self.foreign = foreign + remove_leftovers(self.out)
        self.previous = read_manifest(self.out)
        self._site_fd = self._stack.enter_context(_folder(self.out))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if kind is not None:
                if self._sink is not None:
                    discard(Path(self._sink.staging))
                if self._staged is not None:
                    discard(self._staged.path)
        finally:
            self._stack.close()

    # --- what the previous site holds ----------------------------------------------------

    def intact(self, files: Mapping[str, str], stamps: Mapping[str, Stamp]) -> bool:
        """True when the site holds ``files`` (``{path: digest}``) as they were written:
        the digests its manifest lists, with the sizes and times in ``stamps``."""
        listed, site = self.previous.files, self._site_fd
        for path, digest in files.items():
            if listed.get(path) != digest:
                return False
            try:  # relative to the open folder: no walk from / for each of 70,000 files
                if site >= 0:
                    st = os.stat(path, dir_fd=site, follow_symlinks=False)
                else:
                    st = os.lstat(os.path.join(self.out, path))
            except OSError:
                return False
            if not stat.S_ISREG(st.st_mode) or (st.st_size, st.st_mtime_ns) != stamps[path]:
                return False
        return True

    def previous_file(self, path: str) -> bytes | None:
        """Return the previous site's file at ``path`` when hubgen wrote it with these
        bytes: the build cache vouches for the manifest, and the file has the manifest's
        digest. Else None (the caller makes the file again)."""
        digest = self.previous.files.get(path) if self.vouched else None
        data = read_regular(self.out / path, MAX_READ_BACK) if digest else None
        return data if data is not None and file_digest(data) == digest else None

    # --- the new site --------------------------------------------------------------------

    def start(self, patch: bool, keep_old: bool, vouched: bool) -> Sink:
        """Open the staging folder: ``patch`` applies changed files to the site in place
        (refused while the site holds links: a swap never carries them over, so the site
        is walked only for a patch); ``keep_old`` False believes no old file; ``vouched``:
        the build cache recorded the previous manifest as its own."""
        self.vouched = vouched
        patch = patch and not site_listing(self.out).links
        self._sink = open_stage(self.out, self.previous, patch, keep_old)
        return self._sink

    def put(self, rel: str, data: bytes) -> Placed:
        """Write file ``rel`` of the new site (or keep the old one when its bytes match)."""
        assert self._sink is not None, "start() first"
        if not is_site_path(rel):
            raise OutputError(
                f"refusing to write {rel!r} into the site: expected a plain path inside it "
                "(no .., no backslash or control character, no .hubgen name); rename the "
                "theme file, or tell the plugin's author"
            )
        digest = file_digest(data)
        placed = (rel, digest, *self._sink.place(rel, data, digest))
        self._placed.append(placed)
        return placed

    def finish(self, keep: Mapping[str, str]) -> WriteResult:
        """Take over ``keep`` (files the previous site holds, ``{path: digest}``) and close
        the set of files."""
        assert self._sink is not None, "start() first"
        self._staged = finish(self._sink, self._placed, keep, self.vouched)
        self._sink = None
        return self._staged.report

    def working_folder(self) -> Path:
        """Return a new working folder next to the site (removed with the build)."""
        folder = make_working_folder(self.out)
        self._stack.callback(discard, folder)
        return folder

    def adopt(self, built: Mapping[str, Path], keep: list[str], files: Mapping[str, bytes]) -> None:
        """Take the search index's folders: ``built`` (``{folder in the site: folder
        made elsewhere}``), folders of the previous site to ``keep``, and loose files."""
        assert self._staged is not None, "finish() first"
        for rel, folder in built.items():
            target = self._staged.path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            folder.rename(target)
            self._staged.search_dirs.append(rel)
        stage_search(self._staged, keep, files)

    def commit(self, trash: Path | None) -> WriteResult:
        """Put the new site in place (swap or patch); return what was written."""
        assert self._staged is not None, "finish() first"
        staged, self._staged = self._staged, None
        try:
            commit(staged, trash)
        except BaseException:
            discard(staged.path)
            raise
        return staged.report

    def notices(self, report: WriteResult | None = None) -> list[Problem]:
        """Return warnings about what was found and left alone (and, after the commit,
        links ``report`` left out of the new site)."""
        found = [left_alone(folder) for folder in self.foreign]
        found += [
            Problem(
                str(folder),
                0,
                0,
                "",
                "kept: a killed build's staging folder whose journal does not read back, so "
                "the site may be part old, part new; build with --clean to replace the "
                "site, then delete the folder",
                kind=kinds.DAMAGED_JOURNAL,
            )
            for folder in self.damaged
        ]
        found += [
            Problem(
                str(self.out / MARKER),
                0,
                0,
                "",
                f"ignored the entry {rel!r}: expected a path inside the site, found one that "
                "is not (the manifest was edited by hand?)",
                kind=kinds.BAD_MANIFEST_ENTRY,
            )
            for rel in self.previous.dropped
        ]
        found += [
            Problem(
                str(self.out / rel),
                0,
                0,
                "",
                "left out of the new site: expected a file, found a symbolic link (hubgen "
                "never publishes links); the old site with it is deleted with the trash",
                kind=kinds.LINK_IN_SITE,
            )
            for rel in (report.dropped_links if report is not None else ())
        ]
        return found

    def folder_digest(self, folder: str) -> str | None:
        """Return the digest of the site's folder ``folder`` as it stands (every file's
        path, size and time: see :mod:`.listing`), or None when it is no real folder."""
        path = self.out / folder
        if not is_site_path(folder) or not real_parents(self.out, folder + "/x"):
            return None
        return site_listing(path).digest if lstat_kind(path) == "dir" else None

    def state(self) -> tuple[str, str]:
        """Return the digest of the site's manifest and of its listing, as it now stands:
        what the next build compares to skip when nothing changed."""
        data = read_regular(self.out / MARKER, MAX_MANIFEST_BYTES)
        return ("" if data is None else file_digest(data)), site_listing(self.out).digest


def left_alone(folder: Path) -> Problem:
    """Return the warning about a folder named like hubgen's that hubgen did not make."""
    return Problem(
        str(folder),
        0,
        0,
        "",
        "left alone: named like hubgen's working folders, but not made by hubgen for this "
        "user (its marker does not verify); delete it if you do not need it",
        kind=kinds.FOREIGN_FOLDER,
    )


@contextmanager
def _folder(path: Path) -> Iterator[int]:
    """Yield a descriptor of the folder ``path`` (-1 when it cannot be opened or used)."""
    if os.stat not in os.supports_dir_fd:  # Windows
        yield -1
        return
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield -1
        return
    try:
        yield fd
    finally:
        os.close(fd)


def roll_back_killed(out: Path, on_wait: Callable[[], None] | None = None) -> None:
    """Roll back a patch a killed build left half-applied, under the build lock: the
    first thing a build does, before it reads the content (which may have errors)."""
    if lstat_kind(out.parent) == "dir" and pending_patch(out):
        with build_lock(out, on_wait):
            recover(out)


def as_left(out: Path, manifest: str, listing: str) -> bool:
    """True when the site ``out`` is exactly as a build left it (:meth:`Transaction.state`
    gave ``manifest`` and ``listing``): a hand edit, a deletion, a planted link, a patch
    killed half-way all show."""
    data = read_regular(out / MARKER, MAX_MANIFEST_BYTES)
    if data is None or file_digest(data) != manifest:
        return False
    return not pending_patch(out) and site_listing(out).digest == listing
