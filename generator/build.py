"""The build, as a recipe: config → scan → unchanged? → load → validate → derive → plan →
render → write → index → commit → save.

Every stage is a function of the stage before, returning a value; only the site
transaction (:mod:`generator.site`) touches the output folder. Everything is read and
derived before anything is written. Incremental work sits beside the stages, in
:mod:`generator.incremental`: the store of the last build, the record memo, the plan.
Functions below appear in the order they run.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import search, site
from .check import check_content
from .config import read_settings, settings_bytes
from .derive import Corpus, derive
from .errors import Problem
from .incremental import (
    BuildState,
    Plan,
    RecordMemo,
    Store,
    keys,
    plan,
    shard_documents,
    trusted_stamps,
)
from .load import require_content
from .parallel import frozen_heap, worker_count
from .progress import ProgressHook, Reporter, StageHook
from .render import Renderer, default_theme, render_hubs
from .scan import RecordFile, scan
from .urls import hub_path

__all__ = ["BuildOptions", "BuildResult", "build"]


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
    report = Reporter(on_stage, on_progress, on_wait)
    result = BuildResult(timings=report.timings)
    require_content(options.content_dir)
    site.check_output(options.out_dir, _protected(options))  # before even the cache
    store = Store(options.content_dir, read=not options.clean)
    store.check()  # a cache that cannot be written fails the build before the site moves
    with report.stage("scan"):
        config, config_problems = read_settings(options.content_dir, options.base_url)
        files, inputs = _scan(options, store)
    state = store.state()
    if state is not None and _unchanged(options, state, inputs):
        result.hubs, result.warnings, result.skipped = state.hubs, state.warnings, True
        return result
    emptying, foreign = site.empty_trash(store.trash)  # the last build's old site, meanwhile
    result.warnings += [site.left_alone(folder) for folder in foreign]
    try:
        with frozen_heap():  # the model lives as long as the build: spare the collector
            memo = RecordMemo(store, repr((config.roles, config.polarities, config.labels)))
            checked = check_content(
                options.content_dir, config, config_problems, files, memo, options.strict, report
            )
            with report.stage("derive"):
                corpus = derive(checked.hubs, config, checked.facts)
        result.warnings = checked.warnings + result.warnings
        _write(options, store, corpus, "" if checked.raced else inputs, result, report)
    finally:
        gc.unfreeze()  # the model is garbage now (serve builds again)
        if emptying is not None:
            emptying.wait()
    return result


def _protected(options: BuildOptions) -> list[Path]:
    """Return the folders a site may never replace: content, project, templates."""
    protected = [options.content_dir, options.content_dir.parent]
    return protected + ([options.templates_dir] if options.templates_dir else [])


def _scan(options: BuildOptions, store: Store) -> tuple[list[RecordFile], str]:
    """Return the record files and the hash of every input of the build."""
    known, scanned_ns = store.stamps(), time.time_ns()
    files = scan(options.content_dir, known)
    trusted = trusted_stamps(files, scanned_ns)
    if trusted != known:
        store.save_stamps(trusted)
    shaping = (options.base_url, options.search, options.strict, str(options.out_dir.resolve()))
    themes = keys.tree_fingerprint([default_theme(), options.templates_dir])
    settings = settings_bytes(options.content_dir)
    return files, keys.input_key(settings, themes, shaping, ((f.src, f.digest) for f in files))


def _unchanged(options: BuildOptions, state: BuildState, inputs: str) -> bool:
    """True when the last build had these inputs and left the site exactly as it is."""
    return state.inputs == inputs and site.as_left(options.out_dir, state.manifest, state.listing)


def _write(
    options: BuildOptions,
    store: Store,
    corpus: Corpus,
    inputs: str,
    result: BuildResult,
    report: Reporter,
) -> None:
    """Plan, render, write, index and commit, holding the output folder; then save."""
    result.hubs = len(corpus.hubs)
    renderer = Renderer(corpus, options.templates_dir)
    common = keys.render_key(keys.tree_fingerprint(renderer.theme_dirs), corpus.config)
    with site.Transaction(options.out_dir, _protected(options), report.on_wait) as tx:
        with report.stage("plan"), frozen_heap():  # under the lock: it asks the site
            todo = plan(corpus, common, store.pages(), tx.intact)
        result.rendered_hubs = len(todo.todo)
        vouched = store.state() is not None and tx.previous.digest == _manifest(store)
        tx.start(patch=todo.small, keep_old=not options.clean)
        with report.stage("render+write"):
            documents = _render_and_write(options, renderer, todo, tx, report)
            written = tx.finish(todo.keep, vouched)
        shards = search.plan(todo.search_keys, store.shards(), tx.has_search_folder)
        if options.search:
            with report.stage("search"):
                result.indexed_shards = _index(store, corpus, todo, shards, documents, tx)
        with report.stage("commit"):
            written = tx.commit(store.trash)
        result.warnings += tx.notices(written)
        with report.stage("save"):
            manifest, listing = tx.state()
            state = BuildState(inputs, manifest, result.hubs, list(result.warnings), listing)
            store.save_build(todo.pages, shards.keys() if options.search else None, state)
    result.written, result.kept, result.removed = written.written, written.kept, written.removed


def _manifest(store: Store) -> str:
    state = store.state()
    return state.manifest if state is not None else ""


def _render_and_write(
    options: BuildOptions, renderer: Renderer, todo: Plan, tx: site.Transaction, report: Reporter
) -> dict[str, bytes]:
    """Render the hubs to render and the site's own files into the transaction; return
    the search documents of the hubs rendered, by page path."""
    corpus = renderer.corpus
    documents: dict[str, bytes] = {}
    for hub in render_hubs(renderer, todo.todo, options.templates_dir, report.on_progress):
        placed = {path: tx.put(path, data) for path, data in hub.files.items()}
        todo.record(corpus, hub, placed)
        documents[hub_path(corpus.hubs[hub.index].hub.slug)] = hub.document
    for path, data in renderer.site_files().items():
        tx.put(path, data)
    remake = lambda n: todo.remake_search(corpus, n)  # noqa: E731  a record read back broken
    offline = search.offline_index(corpus, todo.search_hubs(corpus), tx.previous_file, remake)
    for path, data in offline.items():
        tx.put(path, data)
    return documents


def _index(
    store: Store,
    corpus: Corpus,
    todo: Plan,
    shards: search.ShardPlan,
    documents: dict[str, bytes],
    tx: site.Transaction,
) -> list[str]:
    """Index the shards whose hubs changed; give the transaction the folders built."""
    views = {hub_path(view.hub.slug): view for view in corpus.hubs}
    language = corpus.config.language

    def shard_docs(shard: search.Shard) -> dict[str, bytes]:
        make = lambda page: search.document(views[page], language)  # noqa: E731
        return shard_documents(store, shard, todo.search_keys, documents, make)

    built = search.index(shards.todo, shard_docs, tx.working_folder, worker_count())
    tx.adopt(built, shards.keep, {search.SHARDS_FILE: search.shards_file(shards.shards)})
    return [s.name for s in shards.todo]
