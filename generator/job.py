"""What a build is asked to do (:class:`BuildOptions`) and what it did (:class:`BuildResult`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What to build, from where, to where."""

    content_dir: Path
    out_dir: Path = Path("site")
    templates_dir: Path | None = None
    base_url: str | None = None
    search: bool = True
    strict: bool = False
    clean: bool = False
    """Ignore the build cache (``--clean``): read, validate and render everything."""

    def protected(self) -> list[Path]:
        """Return the folders a site may never replace: content, project, templates."""
        protected = [self.content_dir, self.content_dir.parent]
        return protected + ([self.templates_dir] if self.templates_dir else [])


@dataclass(slots=True)
class BuildResult:
    """What a build did: hub count, warnings, per-stage seconds, files written."""

    hubs: int = 0
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    written: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    rendered_hubs: int = 0
    """Hubs whose files were rendered (the others came from the cache)."""
    skipped: bool = False
    """True when nothing had changed since the last build and nothing was done."""
    indexed_shards: list[str] = field(default_factory=list)
    """Search index shards indexed by this build (the others were kept)."""
