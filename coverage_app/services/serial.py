"""One thread per database that runs its jobs one after another, in the order given (no Qt).

Autosave, the File menu's database jobs, publish and export all use the same store; through its
:class:`SerialExecutor` they never run at the same time, so a save never races an export's
ledger write or a publish, and their order is the order the manager asked for them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class SerialExecutor:
    def __init__(self, name: str = "database") -> None:
        self.name = name
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._thread_id: int | None = None

    def submit(self, job: Callable[[], T]) -> Future[T]:
        """Queue ``job``; it runs after every job queued before it."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self.name)
            return self._pool.submit(self._mark, job)

    def call(self, job: Callable[[], T]) -> T:
        """Run ``job`` in its turn and wait for it (inline when already on this executor)."""
        if threading.get_ident() == self._thread_id:
            return job()
        return self.submit(job).result()

    def shutdown(self) -> None:
        """Wait for the queued jobs; later submissions start a new thread."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:  # (a job that closes its own store cannot wait for itself)
            pool.shutdown(wait=threading.get_ident() != self._thread_id)

    def _mark(self, job: Callable[[], T]) -> T:
        self._thread_id = threading.get_ident()
        return job()


def serial_of(store: Any) -> SerialExecutor | None:
    """The executor of a store (None for a store without one, e.g. a test double)."""
    jobs = getattr(store, "jobs", None)
    return jobs if isinstance(jobs, SerialExecutor) else None
