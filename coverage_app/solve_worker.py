"""Work off the GUI thread: one pattern, a QObject moved to a QThread (STYLE rule 14).

``SolveController.start(scenario, params)`` hands an immutable Scenario snapshot to a
:class:`Worker` in its own thread, which calls ``solver.solve`` with a progress callback throttled
to ~10 per second and a thread-safe CancelToken. Starting a new solve cancels the old one, and the
old run's results are dropped by generation number, so no stale plan ever lands. ``progress_shown``
fires once, 500 ms after a start, if the solve is still running.

``TaskRunner`` runs any other slow job (re-plan, export, publish) the same way; a job that uses
the database runs on the store's one :class:`~coverage_app.services.serial.SerialExecutor`
instead (``run(job, serial=...)``), so autosave, file jobs, publish and export take turns.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from coverage_app.services.errors import UserError
from coverage_app.services.serial import SerialExecutor
from models.domain import Scenario
from solver.types import CancelToken  # plain Python: OR-Tools loads only in the solve process

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.1  # at most ~10 progress updates a second
SHOW_AFTER_MS = 500  # progress appears only for solves that take a while


def default_solve(scenario: Scenario, params: Any, *, on_progress: Callable[[Any], None],
                  cancel: Any) -> Any:
    """``solver.solve`` in a child process, so the solver's GIL-holding C code never stalls the
    GUI (see ``coverage_app.solve_process``); this worker thread only relays."""
    from coverage_app.solve_process import solve_in_process

    return solve_in_process(scenario, params, on_progress=on_progress, cancel=cancel)


SolveFn = Callable[..., Any]


class Worker(QObject):
    """Runs ``job(report, cancel)`` once in its thread; emits its generation with every signal."""

    progressed = Signal(int, object)
    finished = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, generation: int, job: Callable[[Callable[[Any], None], Any], Any],
                 cancel: Any, interval_s: float = PROGRESS_INTERVAL_S) -> None:
        super().__init__()
        self._generation = generation
        self._job = job
        self._cancel = cancel
        self._interval = interval_s
        self._last = -1e9

    @Slot()
    def run(self) -> None:
        try:
            result = self._job(self._report, self._cancel)
        except UserError as error:  # something the user can fix: no traceback in the log
            self.failed.emit(self._generation, str(error))
        except Exception as error:
            log.exception("background work failed")
            self.failed.emit(self._generation, f"{type(error).__name__}: {error}")
        else:
            self.finished.emit(self._generation, result)

    def _report(self, progress: Any) -> None:
        """Called from the worker's (or the solver's) thread; throttled."""
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            self.progressed.emit(self._generation, progress)


class TaskRunner(QObject):
    """Runs one job at a time in a QThread; a new start cancels and disowns the previous one."""

    started = Signal()
    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    progress_shown = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._running = False
        self._cancel: Any = None
        self._threads: dict[int, tuple[QThread, Worker]] = {}
        self._queued: dict[int, tuple[Future[None], Worker]] = {}  # on a SerialExecutor

    @property
    def running(self) -> bool:
        return self._running

    def run(self, job: Callable[[Callable[[Any], None], Any], Any], *,
            serial: SerialExecutor | None = None) -> int:
        """Start ``job(report, cancel)`` in a new thread, or in its turn on ``serial``; returns
        its generation."""
        self.cancel()
        self._generation += 1
        generation = self._generation
        self._cancel = CancelToken()
        if serial is not None:
            return self._queue(generation, job, serial)
        thread = QThread()
        worker = Worker(generation, job, self._cancel)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(thread.quit)
        worker.failed.connect(thread.quit)
        thread.finished.connect(self._on_thread_done)
        thread.setObjectName(f"worker-{generation}")
        self._threads[generation] = (thread, worker)
        self._running = True
        self.started.emit()
        thread.start()
        QTimer.singleShot(SHOW_AFTER_MS, self, lambda: self._maybe_show(generation))
        return generation

    def _queue(self, generation: int, job: Callable[[Callable[[Any], None], Any], Any],
               serial: SerialExecutor) -> int:
        worker = Worker(generation, job, self._cancel)  # lives here; signals queue to here
        worker.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        worker.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        worker.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        worker.finished.connect(self._queued_finished, Qt.ConnectionType.QueuedConnection)
        worker.failed.connect(self._queued_failed, Qt.ConnectionType.QueuedConnection)
        self._running = True
        self._queued[generation] = (serial.submit(worker.run), worker)
        self.started.emit()
        QTimer.singleShot(SHOW_AFTER_MS, self, lambda: self._maybe_show(generation))
        return generation

    @Slot(int, object)
    def _queued_finished(self, generation: int, _result: object) -> None:
        self._forget_queued(generation)

    @Slot(int, str)
    def _queued_failed(self, generation: int, _message: str) -> None:
        self._forget_queued(generation)

    def _forget_queued(self, generation: int) -> None:
        entry = self._queued.pop(generation, None)
        if entry is not None:
            entry[1].deleteLater()

    def cancel(self) -> None:
        """Ask the current job to stop; a solve then returns its best plan so far."""
        if self._cancel is not None:
            self._cancel.cancel()

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Cancel and wait for every thread (closing the window, ending a test)."""
        self.cancel()
        self._generation += 1  # nothing that is still running may land
        for thread, _worker in list(self._threads.values()):
            thread.quit()
            thread.wait(timeout_ms)
        self._threads.clear()
        for future, worker in list(self._queued.values()):
            if not future.cancel():  # started: wait for it (queued jobs of others go on)
                with suppress(Exception):
                    future.result(timeout=timeout_ms / 1000)
            worker.deleteLater()
        self._queued.clear()
        self._running = False

    # Slots (GUI thread) -------------------------------------------------------------------------
    def _maybe_show(self, generation: int) -> None:
        if generation == self._generation and self._running:
            self.progress_shown.emit()

    @Slot(int, object)
    def _on_progress(self, generation: int, progress: object) -> None:
        if generation == self._generation:
            self.progressed.emit(progress)

    @Slot(int, object)
    def _on_finished(self, generation: int, result: object) -> None:
        # Subclasses customise _accepted(), never this slot: PySide 6 runs a slot that a
        # subclass overrides in the *sender's* thread, which would let a stale result land.
        if generation == self._generation:
            self._running = False
            self.finished.emit(self._accepted(result))

    def _accepted(self, result: object) -> object:
        """What ``finished`` carries for a result of the current generation."""
        return result

    @Slot(int, str)
    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._running = False
            self.failed.emit(message)

    @Slot()
    def _on_thread_done(self) -> None:
        for generation, (thread, worker) in list(self._threads.items()):
            if thread.isFinished():
                del self._threads[generation]
                worker.deleteLater()
                thread.deleteLater()


@dataclass(frozen=True, slots=True)
class Solved:
    """A finished solve: the solver's result and what ``after`` made of it in the worker."""

    result: Any
    extra: Any


class SolveController(TaskRunner):
    """Solves a Scenario snapshot in a worker thread (see the module docstring).

    ``after(scenario, result)``, when given, also runs in the worker once the solve is done (the
    Rota page reviews the plan there: coverage, gaps, rule checks, so the GUI thread only draws).
    ``solved`` carries both as one :class:`Solved`; ``finished`` carries the result alone.
    """

    solved = Signal(object)  # Solved, for the current run only

    def __init__(self, solve_fn: SolveFn | None = None, parent: QObject | None = None,
                 after: Callable[[Scenario, Any], Any] | None = None) -> None:
        super().__init__(parent)
        self.solve_fn: SolveFn = solve_fn or default_solve
        self.after = after

    def start(self, scenario: Scenario, params: Any,
              prepare: Callable[[Any], Any] | None = None) -> int:
        """``prepare(params)``, when given, runs first in the worker and returns the params
        to solve with (the Rota page computes the carried fairness balance there)."""
        solve_fn, after = self.solve_fn, self.after

        def job(report: Callable[[Any], None], cancel: Any) -> Any:
            ready = prepare(params) if prepare is not None else params
            result = solve_fn(scenario, ready, on_progress=report, cancel=cancel)
            extra = None
            if after is not None and getattr(result, "plan", None) is not None:
                try:
                    extra = after(scenario, result)
                except Exception:
                    log.exception("reviewing the solved plan failed")
            return Solved(result, extra)

        return self.run(job)

    def _accepted(self, result: object) -> object:
        if isinstance(result, Solved):
            self.solved.emit(result)
            return result.result
        return result
