"""Reading the next chunk of candidates while this one is judged (a batch on PostgreSQL).

A chunk's history is a query the database answers in about as much time as Python takes to
judge the chunk before it (``docs/benchmarks.md``), so the two can overlap: a second
connection, in one thread, reads chunk *n + 1* while the caller judges chunk *n*. Only on
PostgreSQL and outside a transaction — a second connection would not see the caller's
uncommitted writes (a test's, a view's in ``ATOMIC_REQUESTS``); each chunk was read by its own
statement before too, so what a batch sees does not change. Elsewhere the chunks are read in
turn, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain

from django.db import connection, connections


def can_read_ahead() -> bool:
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def read_ahead[T, R](chunks: Iterator[T], load: Callable[[T], R]) -> Generator[R]:
    """``load(chunk)`` for every chunk, in order; the next one loaded in a thread if it can."""
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if second is None or not can_read_ahead():
        yield load(first)
        for chunk in chain([] if second is None else [second], chunks):
            yield load(chunk)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="eligibility-read") as pool:
        ahead: Future[R] = pool.submit(load, first)
        try:
            for chunk in chain([second], chunks):
                loaded = ahead.result()
                ahead = pool.submit(load, chunk)
                yield loaded
            yield ahead.result()
        finally:
            ahead.cancel()
            pool.submit(connections.close_all).result()  # the thread's own connection
