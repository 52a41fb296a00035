"""Names of hubgen's files in and next to the site, and the rule for a path of the site."""

from __future__ import annotations

import os
import re
import stat

MARKER = ".hubgen-build"
"""Written at the root of every site hubgen builds; lists the files and their hashes."""
STAGE_PREFIX = ".hubgen-stage-"
"""Working folders next to the site (staging, scratch, old sites) start with this."""
STAGE_MARKER = ".hubgen-stage"
"""In every working folder: its signed name (see :mod:`generator.site.owned`)."""
JOURNAL = ".hubgen-journal"
"""In a patch's staging folder while the patch is applied: what to undo if it is killed."""
BACKUP = ".hubgen-backup"
"""In a patch's staging folder: hard links to the files the patch replaces or removes."""
SEARCH_DIR = "pagefind"
"""The search index's folder: hubgen's, but not in the manifest (its bytes vary by run)."""


def is_site_path(rel: object) -> bool:
    """True when ``rel`` can name a file inside a site: relative, ``/``-separated, plain.

    Every path read back from disk (manifest, journal, cache) passes this before it is
    joined to the site's folder: no ``..``, ``.`` or empty parts, no absolute path, no
    backslash, NUL or control character, and none of hubgen's own working names.
    """
    if not isinstance(rel, str) or not rel or len(rel) > 4096:
        return False
    return _NOT_IN_SITE_PATH.search(rel) is None


_NOT_IN_SITE_PATH = re.compile(
    r"[\x00-\x1f\x7f\\]"  # control characters, backslash
    r"|^/|//|/$"  # an absolute path, an empty part
    r"|(?:^|/)\.\.?(?:/|$)"  # a . or .. part
    r"|(?:^|/)\.hubgen"  # hubgen's working names
)
"""What :func:`is_site_path` refuses, in one search (a manifest lists 30,000 paths)."""


def lstat_kind(path: str | os.PathLike[str]) -> str:
    """Return 'file', 'dir', 'link', 'other' or 'missing' for ``path``, never following links."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "other"
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    return "other"


def real_parents(root: str | os.PathLike[str], rel: str) -> bool:
    """True when every folder between ``root`` and ``rel`` is a real folder or missing."""
    here = os.fspath(root)
    for part in rel.split("/")[:-1]:
        here = os.path.join(here, part)
        kind = lstat_kind(here)
        if kind == "missing":
            return True
        if kind != "dir":
            return False
    return True
