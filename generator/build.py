"""The build, as a recipe: load → validate → model → derive → render → write → search.

Everything is read and derived before anything is written (the order of the functions in
this file is the order in which they run).
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from . import kinds, search, site
from .cache import (
    BuildCache,
    BuildState,
    code_fingerprint,
    hash_parts,
    manifest_digest,
    tree_fingerprint,
)
from .config import SiteConfig, load_config, normalize_base_url, settings_bytes
from .derive import HubFacts, derive
from .errors import ContentError, Problem, fails, silence
from .incremental import ProgressHook, Rendered, render_all
from .load import hubs_problem
from .model import Hub
from .parallel import worker_count
from .records import (
    RecordFile,
    load_outcomes,
    record_slug,
    scan,
    trusted_stamps,
    unique_problems,
)
from .render import default_templates_dir
from .site.listing import site_listing

__all__ = ["BuildOptions", "BuildResult", "Checked", "build", "check", "record_slug"]

StageHook = Callable[[str, float], None]
T = TypeVar("T")


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


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome of load + validate + model: a config, the hubs, and warnings."""

    config: SiteConfig
    hubs: list[Hub]
    warnings: list[Problem]
    facts: dict[str, HubFacts] = field(default_factory=dict)
    """Per hub ``src_path``, what derive needs of its citing papers (see derive.derive)."""
    raced: bool = False
    """Some record file was saved while it was read: the inputs the scan saw are not
    what was built, so the next build must not count as 'nothing changed'."""


@contextmanager
def _timed(name: str, timings: dict[str, float], hook: StageHook | None = None) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
    if hook is not None:
        hook(name, timings[name])  # as each stage ends, so a caller can sample memory


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the model is built; then freeze what was made.

    Loading and deriving create millions of small objects and no reference cycles worth
    collecting; with the collector on, it rescans the growing heap again and again (about
    20% of derive at 10,000 hubs). Afterwards those objects are frozen (``gc.freeze``):
    they live until the build ends, so the collections that rendering's own garbage calls
    for, here and in forked workers (see parallel.py), skip them. ``build`` unfreezes them
    when it returns.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _require_content(content_dir: Path) -> None:
    """Raise ContentError unless ``content_dir`` is a folder holding a ``hubs`` folder."""
    if not content_dir.is_dir():
        problem: Problem | None = Problem(
            str(content_dir),
            0,
            0,
            "",
            "expected a content directory, found none",
            hint="pass --content DIR",
            kind=kinds.NO_CONTENT_FOLDER,
        )
    else:  # a missing hubs/ is not an empty site: building it would remove every hub page
        problem = hubs_problem(content_dir)
    if problem is not None:
        raise ContentError([problem])


def _config(content_dir: Path, base_url: str | None) -> tuple[SiteConfig, list[Problem]]:
    config, problems = load_config(content_dir)
    config = config.with_overrides(base_url=base_url)
    return config.with_overrides(base_url=normalize_base_url(config.base_url)), problems


def check(
    content_dir: Path,
    base_url: str | None = None,
    strict: bool = False,
    timings: dict[str, float] | None = None,
    cache: BuildCache | None = None,
    files: list[RecordFile] | None = None,
    on_stage: StageHook | None = None,
) -> Checked:
    """Load, validate and model the content; raise ContentError listing every problem.

    ``files`` is the scan of the content directory when the caller made it already.
    """
    timings = {} if timings is None else timings
    _require_content(content_dir)
    with _timed("load", timings, on_stage):
        config, problems = _config(content_dir, base_url)
        files = scan(content_dir, config) if files is None else files
        # Per file, in parallel or from the cache: read, parse, validate, model.
        outcomes, changed = load_outcomes(content_dir, config, files, cache)
    with _timed("validate", timings, on_stage):
        problems += [o.load_problem for o in outcomes if o.load_problem is not None]
        for o in outcomes:
            problems += o.problems
        problems += unique_problems(content_dir, files, outcomes)
    problems = silence(problems, config.warnings.ignore)
    if fails(problems, strict):
        raise ContentError(problems)
    hubs = [o.hub for o in outcomes if o.hub is not None]
    facts = {o.hub.src_path: o.facts for o in outcomes if o.hub is not None and o.facts}
    return Checked(config, hubs, problems, facts, bool(changed))


def input_hash(options: BuildOptions, files: list[RecordFile]) -> str:
    """Return a hash of every input of a build: records, settings, templates, options, code."""
    parts: list[str | bytes] = [
        code_fingerprint(),
        tree_fingerprint([default_templates_dir(), options.templates_dir]),
        settings_bytes(options.content_dir),
        repr((options.base_url, options.search, options.strict)),
        str(options.out_dir.resolve()),
        str(Path.cwd()),  # messages show paths relative to it
    ]
    for f in files:
        parts += [os.fsencode(f.path), f.key or "uncached"]  # a name need not be UTF-8
    return hash_parts(*parts)


def _unchanged(options: BuildOptions, state: BuildState | None, inputs: str) -> bool:
    """True when the last build had these inputs and left the site exactly as it is."""
    out = options.out_dir
    if state is None or state.inputs != inputs or manifest_digest(out) != state.manifest:
        return False
    if site.pending_patch(out):  # a killed build left the site half-patched
        return False
    # Every file as that build left it: a hand edit, a deletion, a planted link all show.
    return site_listing(out).digest == state.listing


def _clocked(items: Iterator[T], clock: dict[str, float]) -> Iterator[T]:
    """Yield ``items``, adding the time spent producing them to ``clock["render"]``."""
    clock.setdefault("render", 0.0)
    while True:
        start = time.perf_counter()
        item = next(items, None)
        clock["render"] += time.perf_counter() - start
        if item is None:
            return
        yield item


def _split(clock: dict[str, float]) -> dict[str, float]:
    render = clock.get("render", 0.0)
    return {"render": render, "write": clock["render+write"] - render}


def _write_and_index(
    options: BuildOptions,
    rendered: Rendered,
    cache: BuildCache,
    timings: dict[str, float],
    on_stage: StageHook | None,
) -> tuple[site.WriteResult, list[str]]:
    """Stream the files into a staging folder, index it, and put it in place of the site.

    Returns what was written and the search shards indexed again.
    """
    out = options.out_dir
    previous = rendered.previous
    vouched = bool(previous.digest) and previous.digest == _manifest_of(cache)
    # A site holding links is swapped: the new one leaves them out (see site.stage).
    patch = rendered.small and not site_listing(out).links
    # Pages are written as they are rendered: time spent producing them is "render".
    producing: dict[str, float] = {}
    with _timed("render+write", producing):
        sink = site.open_stage(out, previous, patch=patch, keep_old=not options.clean)
        placed = _clocked(rendered.files(sink), producing)
        staged = site.finish(sink, placed, rendered.reuse, vouched)
    for name, seconds in _split(producing).items():
        timings[name] = seconds
        if on_stage is not None:
            on_stage(name, seconds)
    indexed: list[str] = []
    shards: dict[str, str] = {}
    try:
        if options.search:
            with _timed("search", timings, on_stage):
                shards, indexed = search.index_site(
                    staged, rendered.marked, rendered.search_keys, cache.shards(), worker_count()
                )
        with _timed("swap", timings, on_stage):  # swap in (the old site goes to the trash)
            site.commit(staged, cache.root / "trash")  # or patch in place
    except BaseException:
        site.discard(staged.path)
        raise
    if options.search:  # only now: the shards it names are the ones in the site
        cache.save_shards(shards)
    return staged.report, indexed


def build(
    options: BuildOptions,
    on_stage: StageHook | None = None,
    on_progress: ProgressHook | None = None,
    on_wait: Callable[[], None] | None = None,
) -> BuildResult:
    """Build the site; the previous site stays untouched unless the build succeeds.

    With the cache (the default), a build whose inputs all equal the last successful
    build's does nothing, and otherwise only changed records are read and only hubs whose
    inputs changed are rendered. The output is byte-for-byte that of a ``clean`` build.
    """
    result = BuildResult()
    timings = result.timings
    _require_content(options.content_dir)
    protected = [options.content_dir, options.content_dir.parent]
    if options.templates_dir is not None:
        protected.append(options.templates_dir)
    site.check_output(options.out_dir, protected)  # refuse before writing even the cache
    cache = BuildCache(options.content_dir, read=not options.clean)
    cache.check()  # a cache that cannot be written fails the build before the site moves
    with _timed("scan", timings, on_stage):
        config, _ = _config(options.content_dir, options.base_url)
        scanned_ns = time.time_ns()
        known = cache.stamps()
        files = scan(options.content_dir, config, known)
        inputs = input_hash(options, files)
        state = cache.state()
        trusted = trusted_stamps(files, scanned_ns)
        if trusted != known:
            cache.save_stamps(trusted)
    if state is not None and _unchanged(options, state, inputs):
        result.hubs, result.warnings, result.skipped = state.hubs, state.warnings, True
        return result
    # The last build's old site is deleted meanwhile (only folders hubgen made).
    emptying, foreign = site.empty_trash(cache.root / "trash")
    result.warnings += [_left_alone(folder) for folder in foreign]
    try:
        result = _build(
            options, protected, cache, files, inputs, result, on_stage, on_progress, on_wait
        )
    finally:
        gc.unfreeze()  # the model frozen by _gc_paused is garbage now (serve builds again)
        if emptying is not None:
            emptying.wait()
    return result


def _build(
    options: BuildOptions,
    protected: list[Path],
    cache: BuildCache,
    files: list[RecordFile],
    inputs: str,
    result: BuildResult,
    on_stage: StageHook | None,
    on_progress: ProgressHook | None,
    on_wait: Callable[[], None] | None,
) -> BuildResult:
    """Everything after the no-change check: check, derive, plan, write, index, swap."""
    timings = result.timings
    with _gc_paused():
        checked = check(
            options.content_dir, options.base_url, options.strict, timings, cache, files, on_stage
        )
        result.warnings = checked.warnings + result.warnings
        result.hubs = len(checked.hubs)
        with _timed("derive", timings, on_stage):
            corpus = derive(checked.hubs, checked.config, checked.facts)
    out = options.out_dir
    with site.build_lock(out, on_wait):
        site.check_output(out, protected)
        _rolled, foreign = site.recover(out)  # a patch killed half-way is rolled back first
        foreign += site.remove_leftovers(out)
        result.warnings += [_left_alone(folder) for folder in foreign]
        previous = site.read_manifest(out)
        result.warnings += [_dropped_entry(out, rel) for rel in previous.dropped]
        # Planned under the lock: what may be reused depends on the site now in place.
        with _timed("plan", timings, on_stage), _gc_paused():  # what the cache vouches for
            rendered = render_all(corpus, options.templates_dir, out, cache, previous, on_progress)
        result.rendered_hubs = rendered.rendered_hubs
        report, result.indexed_shards = _write_and_index(
            options, rendered, cache, timings, on_stage
        )
        result.warnings += [_dropped_link(out, rel) for rel in report.dropped_links]
        with _timed("cache", timings, on_stage):
            cache.save_pages(rendered.pages)
            listing = site_listing(out).digest
            built = "" if checked.raced else inputs
            state = BuildState(
                built, manifest_digest(out), result.hubs, list(result.warnings), listing
            )
            cache.save_state(state)
    result.written, result.kept, result.removed = report.written, report.kept, report.removed
    return result


def _manifest_of(cache: BuildCache) -> str:
    """Return the digest of the manifest the last build wrote, as the cache recorded it."""
    state = cache.state()
    return state.manifest if state is not None else ""


def _left_alone(folder: Path) -> Problem:
    return Problem(
        str(folder),
        0,
        0,
        "",
        "left alone: named like hubgen's working folders, but not made by hubgen for this "
        "user (its marker does not verify); delete it if you do not need it",
        kind=kinds.FOREIGN_FOLDER,
    )


def _dropped_entry(out: Path, rel: str) -> Problem:
    return Problem(
        str(out / site.MARKER),
        0,
        0,
        "",
        f"ignored the entry {rel!r}: expected a path inside the site, found one that "
        "is not (the manifest was edited by hand?)",
        kind=kinds.BAD_MANIFEST_ENTRY,
    )


def _dropped_link(out: Path, rel: str) -> Problem:
    return Problem(
        str(out / rel),
        0,
        0,
        "",
        "left out of the new site: expected a file, found a symbolic link (hubgen never "
        "publishes links); the old site with it is deleted with the build's trash",
        kind=kinds.LINK_IN_SITE,
    )
