"""Worker processes for the long printing jobs: every core prints its share of a batch.

The workers are started afresh (``spawn``), never forked from the window's process and its Qt
threads, and import only the library (a built program's entry points hand such a start over to
``multiprocessing.freeze_support``); what they print travels to them whole (a document's
frozen snapshot), so that they need no database. A cancellation reaches them through an event
that they check between two documents.
"""

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from math import ceil
from typing import Any

from procompite.documents.pdf.base import Cancelled

POLL_SECONDS = 0.1
RUNS_PER_WORKER = 4
LONGEST_RUN = 25

_stop: Any = None


def cores() -> int:
    """How many processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def runs(count: int, workers: int) -> list[int]:
    """The sizes of the runs ``count`` documents are cut into: a few per worker, so that the
    workers stay busy to the end and progress is reported often, and never more than
    :data:`LONGEST_RUN` documents, so that a worker holds little at a time."""
    if count <= 0:
        return []
    size = max(1, min(LONGEST_RUN, ceil(count / (workers * RUNS_PER_WORKER))))
    return [min(size, count - start) for start in range(0, count, size)]


def stopped() -> bool:
    """In a worker: whether the job it works for has been cancelled."""
    return _stop is not None and _stop.is_set()


def stop_if_cancelled(_index: int = 0) -> None:
    """In a worker, between two documents: raises :class:`Cancelled` once the job is."""
    if stopped():
        raise Cancelled


@contextmanager
def collector_waiting() -> Iterator[None]:
    """In a worker, around a run: Python's cyclic garbage collector waits until the run is
    printed and then collects once. A run makes a great many small objects that live until it
    ends, which the collector would otherwise go through again and again."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


def _remember(stop: Any) -> None:
    global _stop
    _stop = stop


class Workers:
    """A pool of worker processes for one job, and the event that cancels the job in them."""

    def __init__(self, count: int):
        context = multiprocessing.get_context("spawn")
        self.stop = context.Event()
        self.pool = ProcessPoolExecutor(
            max_workers=count, mp_context=context, initializer=_remember, initargs=(self.stop,)
        )
        self.futures: list[Future] = []

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, calls: Sequence[tuple[Callable, tuple]]) -> None:
        self.futures = [self.pool.submit(function, *args) for function, args in calls]

    def in_order(self, cancelled: Callable[[], bool]) -> Iterator[Any]:
        """The result of each call in the order submitted, as soon as it is there; raises
        :class:`Cancelled` when ``cancelled()`` turns true while waiting, after telling the
        workers to stop. A call's exception is raised here."""
        for future in self.futures:
            while True:
                if cancelled():
                    self.cancel()
                    raise Cancelled
                try:
                    result = future.result(timeout=POLL_SECONDS)
                except FutureTimeout:
                    continue
                break
            yield result

    def cancel(self) -> None:
        """Stop the workers between two documents and drop the calls not yet started."""
        self.stop.set()
        for future in self.futures:
            future.cancel()

    def finished(self) -> list[Any]:
        """After :meth:`cancel`: the results of the calls that ran, once all have stopped."""
        wait(self.futures)
        results = []
        for future in self.futures:
            try:
                results.append(future.result())
            except CancelledError:
                continue
        return results
