"""A reproducible zip of a built site: same site, same bytes.

Entries are sorted, every timestamp is the same (1980-01-01, the earliest a zip can hold,
or ``SOURCE_DATE_EPOCH`` when set), permissions are fixed (0644 files, 0755 folders) and
all entries sit under one top folder, so the archive unzips into a folder a person can
open (``<folder>/index.html``) straight from disk.
"""

from __future__ import annotations

import os
import tempfile
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

from .errors import HubgenError
from .site import MARKER

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest timestamp the zip format can store."""
SKIPPED = frozenset({MARKER})
"""Build bookkeeping that a downloaded copy of the site does not need."""


def default_zip_path(out_dir: Path) -> Path:
    """Return where ``--zip`` without a path writes: ``<out>.zip`` next to the output."""
    return out_dir.parent / f"{out_dir.name}.zip"


def zip_timestamp(environ: dict[str, str] | None = None) -> tuple[int, int, int, int, int, int]:
    """Return the timestamp stamped on every entry (from ``SOURCE_DATE_EPOCH`` when set)."""
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return ZIP_EPOCH
    try:
        seconds = int(raw)
    except ValueError:
        raise HubgenError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds, found {raw!r}"
        ) from None
    # UTC, so the archive does not depend on the machine's time zone; zips cannot go
    # earlier than 1980 nor later than 2107.
    stamp = time.gmtime(seconds)[:6]
    return max(ZIP_EPOCH, min(stamp, (2107, 12, 31, 23, 59, 58)))


def site_entries(site_dir: Path) -> list[str]:
    """Return every file and folder of the site as sorted POSIX paths (folders end in '/')."""
    entries: list[str] = []
    for path in site_dir.rglob("*"):
        rel = path.relative_to(site_dir).as_posix()
        if rel in SKIPPED or path.is_symlink():
            continue
        entries.append(rel + "/" if path.is_dir() else rel)
    return sorted(entries)


def _info(name: str, stamp: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.create_system = 3  # Unix, so the permission bits below are honoured everywhere
    if name.endswith("/"):
        info.external_attr = (0o40755 << 16) | 0x10  # directory flag for DOS readers
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.external_attr = 0o100644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
    return info


def zip_target_problem(zip_path: Path, site_dir: Path, protected: Iterable[Path] = ()) -> str:
    """Return why the archive may not be written to ``zip_path`` ('' when it may).

    Not inside the site it archives, nor inside ``protected`` folders (content,
    templates, cache): ``--zip content/site.yaml`` would replace the settings.
    """
    target = zip_path.resolve()  # a link is judged by where it points
    for folder in (site_dir, *protected):
        if target.is_relative_to(folder.resolve()):
            what = "the site it archives" if folder == site_dir else str(folder)
            return f"{zip_path} is inside {what}; choose a path outside it"
    return ""


def write_zip(
    site_dir: Path, zip_path: Path, folder: str | None = None, protected: Iterable[Path] = ()
) -> int:
    """Write the site as a reproducible zip under ``folder/``; return the number of files.

    Refuses a ``zip_path`` inside the site or inside a ``protected`` folder.
    """
    if not (site_dir / "index.html").is_file():
        raise HubgenError(f"cannot zip {site_dir}: it holds no built site (no index.html)")
    if problem := zip_target_problem(zip_path, site_dir, protected):
        raise HubgenError(f"cannot write the zip: {problem}")
    top = (folder if folder is not None else zip_path.stem).strip("/")
    stamp = zip_timestamp()
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    # Written next to the target and renamed into place: a reader never sees half a zip.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{zip_path.name}-", dir=zip_path.parent)
    files = 0
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w") as archive:
            if top:
                archive.writestr(_info(top + "/", stamp), b"")
            for rel in site_entries(site_dir):
                name = f"{top}/{rel}" if top else rel
                data = b"" if rel.endswith("/") else (site_dir / rel).read_bytes()
                archive.writestr(_info(name, stamp), data, compresslevel=9)
                files += not rel.endswith("/")
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, zip_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return files
