"""The ``coverage-scheduler`` command: no arguments opens the app; subcommands work headless.

Exit codes: 0 success, 1 a check found violations, 2 bad input (the message names the field and
the bad value; nothing is written), 3 an unexpected error (details in the log file), 130
interrupted by Ctrl+C. The parser and the subcommands are in :mod:`coverage_app.cli.commands`.

Ctrl+C at any moment, start-up included, ends a command with a short "Interrupted." on standard
error and exit code 130, never a traceback; a second Ctrl+C while it stops ends the process at
once. A running ``solve`` instead stops its search and still writes the best plan found. This
module imports only the standard library, so that the handling is in place before the slow
imports (SQLAlchemy, OR-Tools, rich), which :func:`main` does inside it. Only Python's own
start-up before :func:`main` is called (a few milliseconds) is out of its reach.

Two ways Python itself loses a Ctrl+C pressed during those imports are mended here (found by
pressing it at 200 moments of start-up: 14 ended wrongly):

- Python drops an exception raised inside a weakref callback and prints its traceback
  ("Exception ignored in ..."), and the import machinery runs such callbacks: the command
  went on and waited for its input. The handler also remembers the key, such a dropped
  ``KeyboardInterrupt`` is not printed, and :func:`stop_if_interrupted` stops at the end of
  start-up.
- Under ``python -m``, a ``KeyboardInterrupt`` that passed through code run by ``exec()`` or
  ``eval()`` of a string (dataclasses and named tuples are made that way while modules load)
  makes Python end the process by SIGINT when it exits, even though it was caught: exit code
  -2 instead of 130. :func:`_interrupted` clears that mark.

For tests: with the environment variable ``COVERAGE_SCHEDULER_READY_MARKERS=1`` the command
writes the line ``coverage-scheduler ready: STAGE`` to standard error when it reaches each
stage below, so that a test can press Ctrl+C at a known moment instead of after a guessed delay:

``start``
    :func:`main` has begun and handles Ctrl+C; nothing slow is imported yet.
``command``
    The arguments are parsed and the command is about to run.
``search``
    ``solve``: a complete plan exists, so a Ctrl+C from now on writes it.
``window``, ``team`` and ``rota``
    The desktop app: its main window is on screen; it shows the team of its database; a rota
    is on screen (see :mod:`coverage_app.readiness`).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from contextlib import suppress

TYPE_CHECKING = False  # typing itself is imported only by type checkers: start-up stays short
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import FrameType
    from typing import Any, NoReturn, TypeAlias

    SignalHandler: TypeAlias = Callable[[int, FrameType | None], Any] | int | None

_started = time.monotonic()  # when the running command began: see :func:`command_started`
_ctrl_c_pressed = False  # since the running command began
READY_MARKERS_ENV = "COVERAGE_SCHEDULER_READY_MARKERS"
READY_MARKER = "coverage-scheduler ready: "
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: this process's arguments) and return its exit
    code. The Ctrl+C handling it installs is taken away again when it returns."""
    previous = _on_ctrl_c(_stop_on_ctrl_c)
    try:
        return _run(argv)
    finally:
        if previous is not None:
            _on_ctrl_c(previous)


def program() -> NoReturn:
    """The ``coverage-scheduler`` executable (console script, ``python -m coverage_app.cli``):
    :func:`main` on this process's arguments, after which a Ctrl+C while Python shuts down
    ends the process at once."""
    _on_ctrl_c(_stop_on_ctrl_c)
    sys.exit(_run(None))


def command_started() -> float:
    """The ``time.monotonic()`` instant the running command began, before its slow imports: a
    time limit the user gives covers the whole command, start-up and reading the team
    included."""
    return _started


def announce_ready(stage: str) -> None:
    """Tell a waiting test that the command reached ``stage`` (see the module docstring)."""
    if os.environ.get(READY_MARKERS_ENV) and sys.stderr is not None:
        sys.stderr.write(f"{READY_MARKER}{stage}\n")
        sys.stderr.flush()


def stop_if_interrupted() -> None:
    """Raise ``KeyboardInterrupt`` if Ctrl+C was pressed since the command began: called where
    start-up ends, for a key whose exception Python dropped (see the module docstring)."""
    if _ctrl_c_pressed:
        raise KeyboardInterrupt


def _run(argv: Sequence[str] | None) -> int:
    """The command, with Ctrl+C turned into exit 130; afterwards Ctrl+C ends the process."""
    global _started, _ctrl_c_pressed
    _started = time.monotonic()
    _ctrl_c_pressed = False
    show_unraisable = sys.unraisablehook

    def unraisable(dropped: Any) -> None:  # what Python drops: a lost Ctrl+C is no error
        if not (_ctrl_c_pressed and issubclass(dropped.exc_type, KeyboardInterrupt)):
            show_unraisable(dropped)

    sys.unraisablehook = unraisable
    try:
        try:
            announce_ready("start")
            app_db = app_database(sys.argv[1:] if argv is None else argv)
            if app_db is not None:  # the desktop app opens without loading the subcommands
                from coverage_app.main import open_app

                stop_if_interrupted()
                return open_app(app_db[0])
            from coverage_app.cli.commands import run_command

            return run_command(argv)
        finally:
            _flush_output()
            _on_ctrl_c(signal.SIG_DFL)
            sys.unraisablehook = show_unraisable
    except KeyboardInterrupt:
        return _interrupted()
    except Exception:
        if _ctrl_c_pressed:  # a Ctrl+C inside an extension's import can surface as ImportError
            return _interrupted()
        raise


def app_database(args: Sequence[str]) -> tuple[str | None] | None:
    """``(--db value or None,)`` when ``args`` open the desktop app (no command, at most a
    ``--db``); None otherwise (the full parser reads them)."""
    if not args:
        return (None,)
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        return (args[0].removeprefix("--db="),)
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        return (args[1],)
    return None


def _stop_on_ctrl_c(signum: int, frame: FrameType | None) -> None:
    """The first Ctrl+C stops the command (:func:`_run` catches it); any further one ends the
    process at once, so a second Ctrl+C while the first is handled shows no traceback."""
    global _ctrl_c_pressed
    _ctrl_c_pressed = True
    _on_ctrl_c(signal.SIG_DFL)
    raise KeyboardInterrupt


def _interrupted() -> int:
    _on_ctrl_c(signal.SIG_DFL)
    # Any completed eval() of a string clears the mark of a KeyboardInterrupt that went
    # through one, which would otherwise end a ``python -m`` process by SIGINT.
    eval("None")
    if sys.stderr is not None:
        with suppress(OSError):  # standard error is gone (a closed pipe): the exit code says it
            sys.stderr.write("Interrupted.\n")
            sys.stderr.flush()
    return EXIT_INTERRUPTED


def _flush_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            with suppress(OSError, ValueError):  # a closed pipe or stream: nothing to show
                stream.flush()


def _on_ctrl_c(handler: SignalHandler) -> SignalHandler:
    """Install ``handler`` for SIGINT; returns the one it replaces. Only the main thread can
    (elsewhere nothing changes and None is returned)."""
    if handler is None or threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, handler)
