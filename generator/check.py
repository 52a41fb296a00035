"""Load and validate: every record file read, checked and modelled, or every problem.

``hubgen check`` runs these stages alone (:func:`read_content`); a build runs them
through the record memo of its cache (:func:`check_content`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import SiteConfig, read_settings
from .errors import ContentError, Problem, fails, silence
from .load import require_content
from .model import Hub
from .outcomes import Memo, load_outcomes, unique_problems
from .progress import Reporter
from .scan import RecordFile, scan
from .summary import RecordFacts


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome of load + validate: the hubs, their facts and the warnings."""

    config: SiteConfig
    hubs: list[Hub]
    warnings: list[Problem]
    facts: dict[str, RecordFacts] = field(default_factory=dict)
    """Per hub ``src_path``, what derive needs of its citing papers (see derive.derive)."""
    raced: bool = False
    """Some record file was saved while it was read: the inputs the scan saw are not
    what was built, so the next build must not count as 'nothing changed'."""


def check_content(
    content_dir: Path,
    config: SiteConfig,
    problems: list[Problem],
    files: list[RecordFile],
    memo: Memo | None = None,
    strict: bool = False,
    report: Reporter | None = None,
) -> Checked:
    """Load and validate ``files``; raise ContentError listing every problem.

    ``problems`` are the settings' own; with ``strict`` a warning is an error too.
    """
    report = report or Reporter()
    with report.stage("load"):  # per file, in parallel or from the memo
        loaded = load_outcomes(content_dir, config, files, memo)
    with report.stage("validate"):
        problems = list(problems)
        for o in loaded.outcomes:
            if o.load_problem is not None:
                problems.append(o.load_problem)
            problems += o.problems
        problems += unique_problems(content_dir, files, loaded.outcomes)
    # Silenced after the memo: its keys hold not site.yaml's warnings setting.
    problems = silence(problems, config.warnings.ignore)
    if fails(problems, strict):
        raise ContentError(problems)
    hubs = [o.hub for o in loaded.outcomes if o.hub is not None]
    facts = {o.hub.src_path: o.facts for o in loaded.outcomes if o.hub is not None and o.facts}
    return Checked(config, hubs, problems, facts, bool(loaded.changed))


def read_content(content_dir: Path, base_url: str | None = None, strict: bool = False) -> Checked:
    """Read, validate and model the content without a cache (``hubgen check``, diff)."""
    require_content(content_dir)
    config, problems, _read = read_settings(content_dir, base_url)
    return check_content(content_dir, config, problems, scan(content_dir), None, strict)
