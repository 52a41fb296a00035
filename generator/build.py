"""The build, as a recipe: load → validate → model → derive → render → write → search.

Everything is read and derived before anything is written (the order of the functions in
this file is the order in which they run).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import search, write
from .config import SiteConfig, load_config, normalize_base_url
from .derive import Corpus, derive
from .errors import ContentError, Problem
from .load import RawRecord, load_content
from .model import Hub, build_hub
from .render import render_site, static_files
from .sitefiles import site_files
from .urls import slugify
from .validate import validate_record, validate_unique

StageHook = Callable[[str, float], None]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What to build, from where, to where."""

    content_dir: Path
    out_dir: Path = Path("site")
    templates_dir: Path | None = None
    base_url: str | None = None
    search: bool = True
    strict: bool = False


@dataclass(slots=True)
class BuildResult:
    """What a build did: hub count, warnings, per-stage seconds, files written."""

    hubs: int = 0
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    written: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome of load + validate + model: a config, the hubs, and warnings."""

    config: SiteConfig
    hubs: list[Hub]
    warnings: list[Problem]


@contextmanager
def _timed(name: str, timings: dict[str, float]) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def record_slug(raw: RawRecord) -> str:
    """Return the slug a record will be written under ('' when it has none)."""
    slug = raw.data.get("slug")
    if isinstance(slug, str):
        return slug
    title = raw.data.get("title")
    return slugify(title) if isinstance(title, str) else ""


def check(
    content_dir: Path,
    base_url: str | None = None,
    strict: bool = False,
    timings: dict[str, float] | None = None,
) -> Checked:
    """Load, validate and model the content; raise ContentError listing every problem."""
    timings = {} if timings is None else timings
    if not content_dir.is_dir():
        raise ContentError(
            [
                Problem(
                    str(content_dir),
                    0,
                    0,
                    "",
                    "expected a content directory, found none",
                    hint="pass --content DIR",
                )
            ]
        )
    with _timed("load", timings):
        config, problems = load_config(content_dir)
        config = config.with_overrides(base_url=base_url)
        config = config.with_overrides(base_url=normalize_base_url(config.base_url))
        records, load_problems = load_content(content_dir)
        problems += load_problems
    with _timed("validate", timings):
        for raw in records:
            problems += validate_record(raw, config)
        problems += validate_unique(records, {r.src_path: record_slug(r) for r in records})
    errors = [p for p in problems if p.level == "error"]
    if errors or (strict and problems):
        raise ContentError(problems)
    with _timed("model", timings):
        hubs = [build_hub(raw) for raw in records]
    return Checked(config, hubs, problems)


def render_files(corpus: Corpus, templates_dir: Path | None) -> dict[str, bytes]:
    """Return every file of the site except the Pagefind index, as bytes."""
    files = {
        path: text.encode("utf-8") for path, text in render_site(corpus, templates_dir).items()
    }
    files.update(static_files(templates_dir))
    files.update(site_files(corpus))
    files[search.OFFLINE_INDEX] = search.offline_index(corpus)
    return files


def build(options: BuildOptions, on_stage: StageHook | None = None) -> BuildResult:
    """Perform a full site build; the previous site stays untouched unless it succeeds."""
    result = BuildResult()
    timings = result.timings
    checked = check(options.content_dir, options.base_url, options.strict, timings)
    result.warnings = checked.warnings
    result.hubs = len(checked.hubs)
    with _timed("derive", timings):
        corpus = derive(checked.hubs, checked.config)
    with _timed("render", timings):
        files = render_files(corpus, options.templates_dir)
    out = options.out_dir
    protected = [options.content_dir, options.content_dir.parent]
    if options.templates_dir is not None:
        protected.append(options.templates_dir)
    write.check_output(out, protected)
    with write.build_lock(out):
        write.check_output(out, protected)
        write.remove_stale_stages(out)
        with _timed("write", timings):
            staging, report = write.stage(out, files)
        try:
            if options.search:
                with _timed("search", timings):
                    search.run_pagefind(staging)
            write.commit(staging, out)
        except BaseException:
            write.discard(staging)
            raise
    result.written, result.kept, result.removed = report.written, report.kept, report.removed
    if on_stage:
        for name, seconds in timings.items():
            on_stage(name, seconds)
    return result
