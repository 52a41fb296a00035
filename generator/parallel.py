"""Run a per-item function across CPU cores, only when there is enough work to pay for it.

Each worker process builds its own state once (an initializer: a template environment,
say) and then handles chunks of items. Where ``fork`` is available the state's inputs are
inherited, not sent, so starting the pool costs little even for a large corpus.
Results come back in the order of the items.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

PR_SET_PDEATHSIG = 1
MIN_ITEMS = 200
"""Fewer items than this run in the calling process: a pool costs more than it saves."""

_state: Any = None


def worker_count() -> int:
    """Return how many worker processes to use (the CPUs this process may run on)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _die_with(parent: int) -> None:
    """Make this worker end when the build that started it ends, however it ends.

    A build killed outright (SIGKILL, an OOM kill, a cancelled CI job) cannot stop its
    workers; on Linux the kernel sends them SIGKILL when their parent goes. Elsewhere
    they end when the pool's pipe closes.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent went before the request was made
        os._exit(1)


def _init(make_state: Callable[..., Any], args: tuple[Any, ...], parent: int) -> None:
    global _state
    _die_with(parent)
    gc.enable()  # a forked worker inherits a paused collector; its own work makes cycles
    _state = make_state(*args)


def _run_chunk(func: Callable[[Any, Any], Any], chunk: Sequence[Any]) -> list[Any]:
    return [func(_state, item) for item in chunk]


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Pause the cyclic garbage collector while long-lived objects are made; then freeze
    them.

    Loading and deriving create millions of small objects and no reference cycles worth
    collecting; with the collector on, it rescans the growing heap again and again (about
    20% of derive at 10,000 hubs). Afterwards those objects are frozen (``gc.freeze``):
    they live until the build ends, so the collections that rendering's own garbage calls
    for, here and in forked workers, skip them. The build unfreezes them when it returns.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def map_items(
    func: Callable[[S, T], R],
    items: Sequence[T],
    make_state: Callable[..., S],
    args: tuple[Any, ...] = (),
    min_items: int | None = None,
    local: S | None = None,
) -> Iterator[R]:
    """Yield ``func(state, item)`` for every item, in order, in parallel when it pays.

    ``func`` and ``make_state`` must be module-level functions (workers find them by name).
    ``local`` is a state the caller has built already, used when the items are handled
    in this process.
    """
    workers = min(worker_count(), 61)  # 61: the most Windows allows
    if workers < 2 or len(items) < (MIN_ITEMS if min_items is None else min_items):
        state = make_state(*args) if local is None else local
        for item in items:
            yield func(state, item)
        return
    # Small chunks keep both cores busy to the end; big enough to make messages cheap.
    size = max(1, min(64, len(items) // (workers * 8)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    with ProcessPoolExecutor(
        workers,
        mp_context=_context(),
        initializer=_init,
        initargs=(make_state, args, os.getpid()),
    ) as pool:
        for results in pool.map(_run_chunk, [func] * len(chunks), chunks):
            yield from results
