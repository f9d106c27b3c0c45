"""``coverage-scheduler export-scenario FILE``: the database's scenario as a scenario file."""

from __future__ import annotations

import argparse
from pathlib import Path

from coverage_app.cli.common import EXIT_OK, UserError, add_database_option, console
from coverage_app.cli.dbopen import open_store
from models.files import write_scenario


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Write the team, contracts, coverage targets and time off stored in the "
                          "database to a scenario file (written atomically: never half a file).")
    parser.add_argument("file", type=Path, metavar="SCENARIO.json")
    add_database_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args, must_exist=True) as store:
        scenario = store.load()
    try:
        write_scenario(scenario, args.file)
    except OSError as error:
        raise UserError.say(f"cannot write the file: {error.strerror or error}",
                            str(args.file), "FILE") from None
    console().print(f"Wrote {scenario.team.name!r} to {args.file}.")
    return EXIT_OK
