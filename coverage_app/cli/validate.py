"""``coverage-scheduler validate FILE``: check a scenario file and report every problem."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from coverage_app.cli.common import EXIT_OK, UserError, console
from coverage_app.services.scenarios import read_scenario_file, scenario_warnings


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Check a scenario file; exit 0 if it is valid, 2 with every problem if "
                          "not.")
    parser.add_argument("file", type=Path, metavar="SCENARIO.json")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    scenario = read_scenario_file(args.file)
    out = console()
    table = Table(title=f"{scenario.team.name} — {args.file}", show_header=False)
    table.add_row("Reference zone", scenario.team.reference_zone)
    table.add_row("Agents", f"{len(scenario.active_agents())} active of {len(scenario.agents)}")
    table.add_row("Time zones", ", ".join(sorted({a.time_zone for a in scenario.agents})))
    table.add_row("Skills", str(len(scenario.skills)))
    table.add_row("Coverage targets", ", ".join(
        f"{t.name}{' (active)' if t.id == scenario.active_target_id else ''}"
        for t in scenario.targets))
    table.add_row("Time off", str(len(scenario.time_off)))
    out.print(table)
    for warning in scenario_warnings(scenario):
        out.print(f"[yellow]warning:[/] {warning}")
    if not scenario.agents:
        raise UserError.say("the scenario has no agents", path="agents")
    out.print("[green]Valid.[/]")
    return EXIT_OK
