"""``coverage-scheduler forecast VOLUMES --scenario TEAM.json --target ID --out TEAM.json``:
set a coverage target's channel headcounts from a forecast of contact volumes.

Phone and chat through Erlang C, e-mail through the workload within its response window
(``solver.demand``); the file format is in docs/formats.md ("Forecast files"). Bad input
exits 2 naming file, row and column; the scenario is written atomically and only when every
row is good.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from coverage_app.cli.common import EXIT_OK, UserError, console
from coverage_app.services.forecast import apply_forecast, find_target
from coverage_app.services.forecast_file import read_forecast
from coverage_app.services.scenarios import read_scenario_file
from models.domain import DomainError
from models.files import write_scenario
from models.words import count
from solver.demand import DemandModel, ServiceTarget


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Read contact volumes per channel and hour (.csv or .xlsx: past dated "
                          "hours, averaged over the same weekday and hour of the last N weeks, or "
                          "a typical week by weekday and hour) and set the target's headcount per "
                          "hour for each channel: phone and chat by Erlang C, e-mail by the work "
                          "within its response window. See docs/formats.md.")
    parser.add_argument("volumes", type=Path, metavar="VOLUMES.csv")
    parser.add_argument("--scenario", type=Path, required=True, metavar="SCENARIO.json")
    parser.add_argument("--target", required=True, metavar="ID",
                        help="the coverage target to set (id or name)")
    parser.add_argument("--weeks", type=int, default=4, metavar="N",
                        help="average dated volumes over the last N weeks (default 4)")
    parser.add_argument("--out", type=Path, required=True, metavar="SCENARIO.json",
                        help="where to write the scenario (may be the same file)")
    parser.set_defaults(run=run)


def describe(service: ServiceTarget) -> str:
    shrink = f"shrinkage {service.shrinkage:.0%}"
    if service.model is DemandModel.EMAIL:
        return f"e-mail: answered within {_duration(service.answer_within_seconds)}, {shrink}"
    chats = f", {service.concurrency} chats per agent" if service.model is DemandModel.CHAT else ""
    return (f"{service.model.value}: {service.target:.0%} within "
            f"{_duration(service.answer_within_seconds)}{chats}, {shrink}")


def _duration(seconds: float) -> str:
    if seconds >= 3600 and seconds % 3600 == 0:
        return f"{seconds / 3600:.0f} h"
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds / 60:.0f} min"
    return f"{seconds:g} s"


def run(args: argparse.Namespace) -> int:
    scenario = read_scenario_file(args.scenario)
    target_id = find_target(scenario, args.target)
    forecasts = read_forecast(args.volumes, scenario, args.weeks)
    try:
        updated, demands = apply_forecast(scenario, target_id, forecasts)
    except DomainError as error:
        raise UserError.of(error, str(args.volumes)) from None
    target_name = next(t.name for t in updated.targets if t.id == target_id)
    table = Table(title=f"Demand from {args.volumes.name} for the target {target_name}")
    for name in ("Channel", "Service", "From", "Peak", "Person-h/week", "Requirement"):
        table.add_column(name, justify="right" if name in ("Peak", "Person-h/week") else "left")
    for d in demands:
        source = (f"{count(d.forecast.weeks, 'week')} averaged" if d.forecast.weeks
                  else "typical week")
        table.add_row(updated.skill(d.forecast.skill_id).name, describe(d.forecast.service),
                      source, str(d.peak), str(d.person_hours),
                      d.requirement_name + (" (new)" if d.added else ""))
    try:
        write_scenario(updated, args.out)
    except OSError as error:
        raise UserError.say(f"cannot write the file: {error.strerror or error}",
                            str(args.out), "--out") from None
    out = console()
    out.print(table)
    out.print(f"Scenario written to {args.out}.")
    return EXIT_OK
