"""``coverage-scheduler demo``: load the bundled demo team into the database."""

from __future__ import annotations

import argparse

from coverage_app.cli.common import EXIT_OK, UserError, add_database_option, console
from coverage_app.cli.dbopen import open_store
from coverage_app.services.scenarios import demo_scenario


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Load the bundled demo team (a follow-the-sun support desk) into the "
                          "database. An existing team is only replaced with --replace.")
    parser.add_argument("--replace", action="store_true",
                        help="replace the team already in the database (plans are kept)")
    add_database_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    scenario = demo_scenario()
    with open_store(args) as store:
        if not store.is_empty() and not args.replace:
            raise UserError.say(
                f"the database {store.location} already holds a team; the demo would replace it",
                store.location, "--db",
                "add --replace to overwrite it, or use another database with --db FILE")
        store.replace(scenario)
        console().print(f"Loaded the demo team {scenario.team.name!r} "
                        f"({len(scenario.agents)} agents in "
                        f"{len({a.time_zone for a in scenario.agents})} time zones) "
                        f"into {store.location}.")
    return EXIT_OK
