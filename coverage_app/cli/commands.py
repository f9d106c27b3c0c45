"""The command line's parser and dispatch. Each subcommand lives in its own module with
``register(parser)``, which gives the parser ``COMMANDS`` made for it its description and
arguments; add it to ``COMMANDS`` with its one-line help. Imported by
:func:`coverage_app.cli.main` only once Ctrl+C is handled.

Only the module of the command being run is imported: the others bring OR-Tools, SQLAlchemy or
pandas, and importing all of them made every command, ``--version`` included, take over 3 s.
The other commands get a parser with their help only, enough for the list that ``--help`` and
a mistyped command print.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from coverage_app.cli import announce_ready, stop_if_interrupted
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

# Command name: (its module, its line in the list of commands).
COMMANDS = {
    "validate": ("coverage_app.cli.validate", "check a scenario file"),
    "info": ("coverage_app.cli.info", "show the database: location, schema version, contents"),
    "import": ("coverage_app.cli.import_scenario", "store a scenario file in the database"),
    "export-scenario": ("coverage_app.cli.export_scenario",
                        "write the database's scenario to a file"),
    "demo": ("coverage_app.cli.demo", "load the demo team into the database"),
    "backup": ("coverage_app.cli.backup",
               "copy the database to a file (safe while the app is running)"),
    "export": ("coverage_app.cli.export",
               "write calendars (.ics), the finance workbook (.xlsx), shifts (.csv) or the "
               "payroll file (.csv)"),
    "publish": ("coverage_app.cli.publish",
                "publish a plan as a version (after the check), or push the agents' calendars "
                "to a calendar server (CalDAV)"),
    "solve": ("coverage_app.cli.solve", "build a rota for a period"),
    "check": ("coverage_app.cli.check", "check a plan against the contract rules"),
    "forecast": ("coverage_app.cli.forecast",
                 "set a coverage target's headcounts from a contact forecast"),
    "compare": ("coverage_app.cli.compare",
                "solve the team for several coverage targets and compare them"),
    "advise-hiring": ("coverage_app.cli.advise_hiring",
                      "the fewest extra agents from a menu of possible hires"),
}

log = logging.getLogger(__name__)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: the command it names is complete (its module imported); every
    other command is there by name and help only. Without ``argv``, every command is complete.
    """
    chosen = set(COMMANDS) if argv is None else {command_named(argv)}
    parser = argparse.ArgumentParser(
        prog="coverage-scheduler",
        description="Keeps a technical-support desk covered. Without a command, opens the app.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=version_text())
    parser.add_argument("--db", metavar="URL", default=None, help=DB_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, summary) in COMMANDS.items():
        command = sub.add_parser(name, help=summary)
        if name in chosen:
            importlib.import_module(module).register(command)
    return parser


def command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names: its first argument that is neither an option nor the value
    of ``--db`` before the command (None when there is none)."""
    args = iter(argv)
    for arg in args:
        if arg == "--db":
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def run_command(argv: Sequence[str] | None) -> int:
    """Parse ``argv`` (default: this process's arguments) and run the command it names."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    setup_logging()
    parser = build_parser(args_list)
    args = parser.parse_args(args_list)
    if args.command is None:
        from coverage_app.main import open_app

        return open_app(args.db)
    stop_if_interrupted()  # start-up is over: a Ctrl+C Python dropped during it stops here
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
