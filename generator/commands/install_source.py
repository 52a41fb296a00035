"""Where the running hubgen came from, as the ``requirements.txt`` line that installs it.

``hubgen init`` pins a new repository's CI to the hubgen that created it. pip records how
it installed a package (PEP 610's ``direct_url.json`` in its ``.dist-info``): from a git
URL at one commit, from an archive URL, from a local folder, or (no record) from a
package index. That record is read back from disk, so it is checked like any input: the
line made from it must pass the same check as ``--requirement``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from typing import Any

PLACEHOLDER = "hubgen @ git+https://github.com/OWNER/REPO@COMMIT"
"""The line to write when the source cannot be reached from CI: the git URL form."""

_VERSION = re.compile(r"[0-9][0-9A-Za-z.+!_-]*")
_REVISION = re.compile(r"[0-9A-Za-z._-]{1,64}")
_CLAUSE = r"(===?|[<>!~]=|[<>])\s*[\w.*+!-]+"  # one version clause: ">=0.2"
_SPEC = re.compile(
    r"hubgen\s*(\[[\w,\s-]*\])?\s*"  # the name, extras
    rf"(@\s*[a-z][a-z0-9+.-]*://\S+|{_CLAUSE}(\s*,\s*{_CLAUSE})*)?"  # a URL, or versions
    r"(\s*;[\w\s.<>=!~'\"()]*)?",  # an environment marker
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class InstallSource:
    """The ``requirements.txt`` line for hubgen, and why it may not work in CI."""

    line: str
    problem: str = ""
    """Set when GitHub's runners cannot install from ``line`` as it is, e.g. "hubgen was
    installed from a local folder (file:///…)"."""


def requirement_problem(spec: str) -> str:
    """Return what is wrong with ``spec`` as hubgen's one requirement line ('' if nothing)."""
    if any(ord(c) < 32 or ord(c) == 127 for c in spec):
        return "expected one line, found a line break or control character"
    if re.search(r"(^|\s)-", spec):
        return "expected a requirement, found a pip option (a word starting with '-')"
    if "${" in spec:
        return "expected a requirement, found an environment variable (${…})"
    if not _SPEC.fullmatch(spec.strip()):
        return (
            "expected a requirement for hubgen such as "
            f"'{PLACEHOLDER}' or 'hubgen==0.2.0', found {spec!r}"
        )
    return ""


def installed_source() -> InstallSource:
    """Return how the running hubgen was installed, as a requirement line."""
    try:
        dist: Distribution = distribution("hubgen")
        record = dist.read_text("direct_url.json")
    except PackageNotFoundError:
        return InstallSource(
            PLACEHOLDER, "hubgen runs from a source tree, not an installed package"
        )
    except (OSError, UnicodeDecodeError):
        return InstallSource(PLACEHOLDER, "pip's record of where hubgen came from is unreadable")
    if record is None:  # no record: pip installed it from a package index
        version = dist.version
        if not _VERSION.fullmatch(version or ""):
            return InstallSource(PLACEHOLDER, f"hubgen has no usable version ({version!r})")
        return InstallSource(f"hubgen=={version}")
    return source_from_record(record)


def source_from_record(record: str) -> InstallSource:
    """Return the requirement line for a ``direct_url.json`` record (PEP 610)."""
    try:
        data: Any = json.loads(record)
    except ValueError:
        data = None
    url = data.get("url") if isinstance(data, dict) else None
    if not isinstance(url, str):
        return InstallSource(PLACEHOLDER, "pip's record of where hubgen came from is unreadable")
    line = _vcs_line(url, data.get("vcs_info"), data.get("subdirectory"))
    if not line and isinstance(data.get("archive_info"), dict):
        line = _archive_line(url, data["archive_info"])
    if not line:  # dir_info: a local folder, editable or not
        return InstallSource(PLACEHOLDER, f"hubgen was installed from a local folder ({url!r})")
    if requirement_problem(line):
        return InstallSource(
            PLACEHOLDER, f"pip's record of where hubgen came from is unusable ({url!r})"
        )
    if url.startswith("file:"):
        return InstallSource(line, f"hubgen was installed from a path on this machine ({url!r})")
    return InstallSource(line)


def _vcs_line(url: str, vcs: Any, subdirectory: Any) -> str:
    if not isinstance(vcs, dict):
        return ""
    kind, commit = vcs.get("vcs"), vcs.get("commit_id")
    if kind not in ("git", "hg", "svn", "bzr") or not isinstance(commit, str):
        return ""
    if not _REVISION.fullmatch(commit):
        return ""
    line = f"hubgen @ {kind}+{url}@{commit}"
    if isinstance(subdirectory, str) and subdirectory:
        line += f"#subdirectory={subdirectory}"
    return line


def _archive_line(url: str, archive: dict[str, Any]) -> str:
    hashes = archive.get("hashes")
    if isinstance(hashes, dict) and hashes:
        name = "sha256" if "sha256" in hashes else sorted(hashes)[0]
        return f"hubgen @ {url}#{name}={hashes[name]}"
    legacy = archive.get("hash")  # the older form: "sha256=<hex>"
    return (
        f"hubgen @ {url}#{legacy}"
        if isinstance(legacy, str) and "=" in legacy
        else f"hubgen @ {url}"
    )
