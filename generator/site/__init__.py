"""The site transaction: the only code that creates, replaces or deletes files of the output.

A build is written into a staging folder next to the output and put in place only when
everything (the search index included) succeeded, so a failed build leaves the previous
site as it was. Nothing is deleted unless hubgen can prove it made it.

- :mod:`.paths`: hubgen's own file names, and the rule for a path inside a site;
- :mod:`.manifest`: the list of files a build wrote (``.hubgen-build``), read as untrusted;
- :mod:`.guard`: which folder may be written, and the lock that serialises builds;
- :mod:`.owned`: working folders, signed so planted look-alikes are left alone;
- :mod:`.stage`: the staging folder and what the previous site may lend it;
- :mod:`.commit`: swap or patch; :mod:`.journal`: rolling back a killed patch;
- :mod:`.trash`: old sites and leftovers;
- :mod:`.transaction`: all of it, held for one build.
"""

from ..digests import file_digest
from .commit import commit
from .guard import build_lock, check_output
from .journal import pending_patch, recover
from .manifest import Manifest, read_manifest
from .paths import MARKER, SEARCH_DIR, STAGE_MARKER, STAGE_PREFIX
from .stage import (
    Placed,
    Sink,
    Staged,
    Stamp,
    WriteResult,
    finish,
    open_stage,
    stage_search,
)
from .transaction import Transaction, as_left, left_alone, roll_back_killed
from .trash import discard, empty_trash, remove_leftovers

__all__ = [
    "MARKER",
    "SEARCH_DIR",
    "STAGE_MARKER",
    "STAGE_PREFIX",
    "Manifest",
    "Placed",
    "Sink",
    "Staged",
    "Stamp",
    "Transaction",
    "WriteResult",
    "as_left",
    "build_lock",
    "check_output",
    "commit",
    "discard",
    "empty_trash",
    "file_digest",
    "finish",
    "left_alone",
    "open_stage",
    "pending_patch",
    "read_manifest",
    "recover",
    "remove_leftovers",
    "roll_back_killed",
    "stage_search",
]
