"""What a build tells as it goes: stage times, rendering progress, a wait for the lock.

No stage prints. The command line gives the build a :class:`Reporter` whose hooks print
(or draw a progress line); tests and benchmarks give hooks that collect.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

StageHook = Callable[[str, float], None]
"""Called with (stage name, seconds so far) as each stage ends."""
ProgressHook = Callable[[int, int], None]
"""Called with (hubs done, hubs to render) while hub pages are rendered."""


@dataclass(slots=True)
class Reporter:
    """The hooks of one build, and the seconds each stage took."""

    on_stage: StageHook | None = None
    on_progress: ProgressHook | None = None
    on_wait: Callable[[], None] | None = None
    """Called once when another build holds the lock and this one waits for it."""
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the stage ``name`` (added up when it runs several times)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
            if self.on_stage is not None:
                self.on_stage(name, self.timings[name])
