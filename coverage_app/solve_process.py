"""Run ``solver.solve`` in a child process, seen from the caller as an ordinary function call.

Why: the solver spends long stretches in C code that holds Python's GIL (building and
serialising the CP-SAT model), so a solve in a *thread* freezes the GUI for 100–700 ms at a time.
In a child process it cannot. The QThread worker (``coverage_app.solve_worker``) calls
:func:`solve_in_process` exactly like ``solver.solve``: progress arrives through a queue (still
throttled to ~10 per second), cancelling sets an event the child turns into ``CancelToken.cancel``
(the solver then returns its best plan), and the result comes back pickled. Qt-free: the child
imports only the solver and the domain.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from models.domain import Scenario

log = logging.getLogger(__name__)

POLL_S = 0.05
PROGRESS_INTERVAL_S = 0.1


class SolveProcessError(RuntimeError):
    """The child process failed; the message is the child's error."""


def _child(scenario: Scenario, params: Any, messages: Any, stop: Any) -> None:
    """Entry point of the child process."""
    try:
        from solver import CancelToken, solve

        token = CancelToken()

        def watch() -> None:
            # A plain shared byte, polled: an mp.Event would deadlock the parent's set() if
            # this process ended while waiting on it.
            while not token.cancelled:
                if stop.value:
                    token.cancel()
                    return
                time.sleep(POLL_S)

        threading.Thread(target=watch, daemon=True).start()
        last = [0.0]

        def report(progress: Any) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_INTERVAL_S:
                last[0] = now
                messages.put(("progress", progress))

        result = solve(scenario, params, on_progress=report, cancel=token)
        token.cancel()  # ends the watcher
        messages.put(("result", result))
    except BaseException as error:
        messages.put(("error", f"{type(error).__name__}: {error}"))


_CONTEXT: Any = None


def context() -> Any:
    """Where solver processes come from: a fork server that has already imported the solver
    (a new solve starts in milliseconds, and the big GUI process is never forked), or plain
    spawn where there is no fork server (Windows)."""
    global _CONTEXT
    if _CONTEXT is None:
        if "forkserver" in mp.get_all_start_methods():
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["coverage_app.solve_process", "solver"])
            _CONTEXT = ctx
        else:  # pragma: no cover - Windows
            _CONTEXT = mp.get_context("spawn")
    return _CONTEXT


def warm_up() -> None:
    """Start the fork server now (call it from a worker thread at start-up)."""
    ctx = context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def solve_in_process(scenario: Scenario, params: Any, *,
                     on_progress: Callable[[Any], None] | None = None,
                     cancel: Any = None) -> Any:
    """``solver.solve`` in a child process (same arguments, same result)."""
    context_ = context()
    messages = context_.Queue()
    stop = context_.RawValue("b", 0)
    process = context_.Process(target=_child, args=(scenario, params, messages, stop),
                              name="coverage-solver", daemon=True)
    process.start()
    try:
        while True:
            if cancel is not None and cancel.cancelled:
                stop.value = 1
            try:
                kind, payload = messages.get(timeout=POLL_S)
            except queue.Empty:
                if not process.is_alive() and messages.empty():
                    raise SolveProcessError(
                        f"the solver process ended unexpectedly (exit code {process.exitcode})"
                    ) from None
                continue
            if kind == "progress":
                if on_progress is not None:
                    on_progress(payload)
            elif kind == "result":
                return payload
            else:
                raise SolveProcessError(str(payload))
    finally:
        stop.value = 1
        process.join(timeout=10)
        if process.is_alive():  # pragma: no cover - a child that ignores cancel
            log.warning("the solver process did not stop; terminating it")
            process.terminate()
            process.join(timeout=5)
        messages.close()
