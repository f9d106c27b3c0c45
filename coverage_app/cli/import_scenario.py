"""``coverage-scheduler import FILE``: a scenario file into the database (one transaction)."""

from __future__ import annotations

import argparse
from pathlib import Path

from coverage_app.cli.common import EXIT_OK, UserError, add_database_option, console
from coverage_app.cli.dbopen import open_store
from coverage_app.services.scenarios import read_scenario_file


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Check a scenario file and store it in the database, replacing nothing "
                          "unless --replace is given. A file with problems changes nothing (exit "
                          "2).")
    parser.add_argument("file", type=Path, metavar="SCENARIO.json")
    parser.add_argument("--replace", action="store_true",
                        help="replace the team already in the database (plans are kept)")
    add_database_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    scenario = read_scenario_file(args.file)  # every problem reported before the db is touched
    with open_store(args) as store:
        if not store.is_empty() and not args.replace:
            raise UserError.say(
                f"the database {store.location} already holds a team", store.location, "--db",
                "add --replace to replace it (take a `coverage-scheduler backup FILE` first)")
        store.replace(scenario)
        console().print(f"Imported {scenario.team.name!r} ({len(scenario.agents)} agents, "
                        f"{len(scenario.targets)} coverage targets) into {store.location}.")
    return EXIT_OK
