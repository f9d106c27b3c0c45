"""The command line's parser and dispatch: each subcommand lives in its own module with
``register(subparsers)``; add it to ``COMMANDS``. Imported by :func:`coverage_app.cli.main`
only once Ctrl+C is handled, because these imports take a while."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from coverage_app.cli import announce_ready
from coverage_app.cli.common import (
    DB_HELP,
    EXIT_INTERNAL,
    EXIT_OK,
    UserError,
    console,
    report_error,
)
from coverage_app.logs import setup_logging
from coverage_app.versions import version_text

COMMANDS = (
    "coverage_app.cli.validate",
    "coverage_app.cli.info",
    "coverage_app.cli.import_scenario",
    "coverage_app.cli.export_scenario",
    "coverage_app.cli.demo",
    "coverage_app.cli.backup",
    "coverage_app.cli.export",
    "coverage_app.cli.publish",
    "coverage_app.cli.solve",
    "coverage_app.cli.check",
    "coverage_app.cli.forecast",
    "coverage_app.cli.compare",
    "coverage_app.cli.advise_hiring",
)

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coverage-scheduler",
        description="Keeps a technical-support desk covered. Without a command, opens the app.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=version_text())
    parser.add_argument("--db", metavar="URL", default=None, help=DB_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    return parser


def run_command(argv: Sequence[str] | None) -> int:
    """Parse ``argv`` (default: this process's arguments) and run the command it names."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    setup_logging()
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        from coverage_app.main import open_app

        return open_app(args.db)
    announce_ready("command")
    try:
        return int(args.run(args) or EXIT_OK)
    except UserError as error:
        return report_error(error)
    except Exception:
        log.exception("unexpected error in %s", args.command)
        from coverage_app.logs import log_path

        console().print(f"[red]Something went wrong inside Coverage Scheduler.[/] Nothing was "
                        f"lost; the details are in {log_path()}.")
        return EXIT_INTERNAL
