"""The build, as a recipe: config → scan → unchanged? → load → validate → derive → plan →
render → write → index → commit → save.

Each stage returns a value; only the site transaction (:mod:`generator.site`) touches
the output folder, and everything is read and derived before anything is written.
Incremental work sits beside the stages (:mod:`generator.incremental`). Functions below
appear in the order they run.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from . import search, site
from .check import check_content
from .config import read_settings
from .derive import Corpus, derive
from .incremental import BuildState, Plan, RecordMemo, Store, documents_for, keys, plan
from .job import BuildOptions, BuildResult
from .load import display_path, require_content
from .parallel import frozen_heap, worker_count
from .progress import ProgressHook, Reporter, StageHook
from .render import Renderer, render_hubs, theme_dirs
from .scan import scan
from .urls import hub_path

__all__ = ["BuildOptions", "BuildResult", "build"]


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
    site.check_output(options.out_dir, options.protected())  # before even the cache
    site.roll_back_killed(options.out_dir, on_wait)  # first: the content may have errors
    store = Store(options.content_dir, read=not options.clean)
    store.check()  # a cache that cannot be written fails the build before the site moves
    with report.stage("scan"):
        config, config_problems, settings = read_settings(options.content_dir, options.base_url)
        themes = keys.tree_key(theme_dirs(options.templates_dir))  # plugins' too
        known, scanned_ns = store.stamps(), time.time_ns()
        files = scan(options.content_dir, known)
        store.keep_stamps(files, scanned_ns, known)
        shaping = (options.base_url, options.search, options.strict, options.out_dir.resolve())
        inputs = keys.input_key(settings, themes, shaping, files)
    state = store.state()
    if state is not None and _unchanged(options, state, inputs):
        result.hubs, result.skipped = state.hubs, True
        result.warnings = [replace(p, path=display_path(Path(p.path))) for p in state.warnings]
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
        built = "" if checked.raced else inputs  # a record saved meanwhile: build again
        state = BuildState(built, "", len(corpus.hubs))
        _write(options, store, corpus, themes, state, result, report)
    finally:
        gc.unfreeze()  # the model is garbage now (serve builds again)
        if emptying is not None:
            emptying.wait()
    return result


def _unchanged(options: BuildOptions, state: BuildState, inputs: str) -> bool:
    """True when the last build had these inputs and left the site exactly as it is."""
    return state.inputs == inputs and site.as_left(options.out_dir, state.manifest, state.listing)


def _write(
    options: BuildOptions,
    store: Store,
    corpus: Corpus,
    themes: str,
    state: BuildState,
    result: BuildResult,
    report: Reporter,
) -> None:
    """Plan, render, write, index and commit, holding the output folder; then save."""
    renderer = Renderer(corpus, options.templates_dir)
    with site.Transaction(options.out_dir, options.protected(), report.on_wait) as tx:
        with report.stage("plan"), frozen_heap():  # under the lock: it asks the site
            common, config = keys.render_key(themes, corpus.config), corpus.config
            todo = plan(corpus, common, keys.render_key("", config), store.pages(), tx.intact)
        last = store.state()  # the cache vouches for the manifest it recorded
        vouched = last is not None and bool(last.manifest) and tx.previous.digest == last.manifest
        tx.start(patch=todo.small, keep_old=not options.clean, vouched=vouched)
        with report.stage("render+write"):
            fresh = _render_and_write(options, renderer, todo, tx, report)
            written = tx.finish(todo.keep)
        shards = None  # without search, the new site has no index
        if options.search:
            shards = search.plan(todo.search_keys, store.shards(), tx.folder_digest)
            with report.stage("search"):
                docs = documents_for(store, corpus, todo.search_keys, fresh)
                built = search.index(shards.todo, docs, tx.working_folder, worker_count())
                tx.adopt(built, shards.keep, search.loose_files(shards))
        with report.stage("commit"):
            written = tx.commit(store.trash)
        result.warnings += tx.notices(written)
        with report.stage("save"):
            state.manifest, state.listing = tx.state()
            state.warnings = [replace(p, path=os.path.abspath(p.path)) for p in result.warnings]
            recorded = shards.recorded(tx.folder_digest) if shards else None
            store.save_build(todo.pages, recorded, state)
    result.hubs, result.rendered_hubs = state.hubs, len(todo.todo)
    result.indexed_shards = [s.name for s in shards.todo] if shards else []
    result.written, result.kept, result.removed = written.written, written.kept, written.removed


def _render_and_write(
    options: BuildOptions, renderer: Renderer, todo: Plan, tx: site.Transaction, report: Reporter
) -> dict[str, bytes]:
    """Write the hubs to render, the site's own files and the offline index; return the
    search documents of the hubs rendered."""
    corpus = renderer.corpus
    documents: dict[str, bytes] = {}
    for hub in render_hubs(renderer, todo.todo, options.templates_dir, report.on_progress):
        placed = {path: tx.put(path, data) for path, data in hub.files.items()}
        todo.record(corpus, hub, placed)
        documents[hub_path(corpus.hubs[hub.index].hub.slug)] = hub.document
    for path, data in renderer.site_files().items():
        tx.put(path, data)
    remake = lambda n: todo.remake_search(corpus, n)  # noqa: E731  a record read back broken
    for path, data in search.offline_index(corpus, todo, tx.previous_file, remake).items():
        tx.put(path, data)
    return documents
