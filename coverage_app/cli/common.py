"""What every subcommand shares: exit codes, the console, errors a user can act on."""


from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import cache
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

from rich.console import Console

from coverage_app.services.errors import UserError

T = TypeVar("T")

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3

DB_HELP = ("database: a SQLite file path or a SQLAlchemy URL (default: the file in your data "
           "directory); it may go before or after the command name, and when given in both "
           "places the one after the command wins")


@cache
def console() -> Console:
    return Console(highlight=False)


@cache
def error_console() -> Console:
    return Console(stderr=True, highlight=False)


def report_error(error: UserError) -> int:
    out = error_console()
    where = f" in {error.source}" if error.source else ""
    count = len(error.problems)
    out.print(f"[bold red]{count} problem{'s' if count != 1 else ''}{where}:[/]")
    for problem in error.problems:
        out.print(f"  • {_escape(str(problem))}")
    out.print("Nothing was written.")
    return EXIT_BAD_INPUT


def _escape(text: str) -> str:
    return text.replace("[", "\\[")


def existing_file(text: str) -> Path:
    """argparse type: a path that must exist (checked again when it is read)."""
    return Path(text)


def add_database_option(parser: argparse.ArgumentParser) -> None:
    """``--db URL`` after the command name too. Its default is SUPPRESS, so when it is not
    given here the value given before the command (or the default database) stays."""
    parser.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=DB_HELP)


def add_scenario_source(parser: argparse.ArgumentParser, *, positional: bool = True) -> None:
    """``SCENARIO.json`` or ``--db URL`` (the global --db)."""
    if positional:
        parser.add_argument("scenario", nargs="?", type=Path, metavar="SCENARIO.json",
                            help="scenario file (default: the database given by --db)")
    else:
        parser.add_argument("--scenario", type=Path, metavar="SCENARIO.json",
                            help="scenario file (default: the database given by --db)")


__all__ = ["DB_HELP", "EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_OK", "EXIT_VIOLATIONS", "UserError"]


def run_interruptible(work: Callable[[], T], cancel: Any, stopping: str,
                      thread_name: str) -> T:
    """``work()`` in a worker thread, Ctrl+C cancelling ``cancel`` (the work then ends with what
    it has). Python runs a Ctrl+C handler only on the main thread between bytecodes, never while
    that thread sits inside the solver's C++, hence the worker."""
    old = None
    if threading.current_thread() is threading.main_thread():
        def handler(signum: int, frame: FrameType | None) -> None:
            console().print(f"[yellow]{stopping}[/]")
            cancel.cancel()

        old = signal.signal(signal.SIGINT, handler)
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix=thread_name) as pool:
            future = pool.submit(work)
            while True:
                try:
                    return future.result(timeout=0.1)
                except FutureTimeout:
                    continue
    finally:
        if old is not None:
            signal.signal(signal.SIGINT, old)
