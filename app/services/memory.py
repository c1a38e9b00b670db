"""Building big lists of plain rows without waking Python's cyclic garbage collector.

Every 700 new objects the collector looks at the young ones, and every so often at every object the
program holds: at 100,000 rows a list load woke it for 0.4 s of full collections, more than the rows
cost to build. The rows themselves are plain tuples of plain values, which the collector stops tracking
at its first look; what woke it were the database's result rows, alive only while a batch is read.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside, then one sweep of the young objects only (cheap, and done here rather
    than in the window's thread at some later allocation). Nested or concurrent uses leave it on at the end
    if it was on before the first."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(0)
