"""``coverage-scheduler export ics|xlsx|csv``: calendars for agents, hours for finance.

The scenario comes from ``--scenario FILE`` or, without it, from the database (global ``--db``).
The plan comes from ``--plan FILE`` or, with the database, its latest saved plan. Calendars keep
a ledger of what was published (in the database, or ``<out>/.published.json`` without one), so
re-exporting updates and cancels events instead of duplicating them; a plan changes only the
events of its own period, and agents with nothing to show get no file (a line says so).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.table import Table

from coverage_app.cli.common import EXIT_OK, UserError, add_database_option, console
from coverage_app.cli.reminders import add_reminder_option, reminders_from
from coverage_app.services.exporting import (
    LEDGER_FILE,
    Ledger,
    export_calendars,
    export_csv,
    export_workbook,
    read_plan_file,
)
from coverage_app.services.scenarios import read_scenario_file
from models.domain import Plan, Scenario


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "export", help="write calendars (.ics), the finance workbook (.xlsx) or shifts (.csv)",
        description="Export a plan: 'ics' writes one calendar per agent plus team.ics into a "
                    "folder; 'xlsx' writes the finance workbook; 'csv' writes the shifts.")
    parser.add_argument("kind", choices=("ics", "xlsx", "csv"))
    parser.add_argument("--scenario", type=Path, metavar="SCENARIO.json",
                        help="scenario file (default: the database given by --db)")
    parser.add_argument("--plan", type=Path, metavar="PLAN.json",
                        help="plan file (default with a database: its working draft, else "
                             "its newest stored plan)")
    parser.add_argument("--plan-id", metavar="ID",
                        help="with a database: export this stored plan version (ids are "
                             "listed by `coverage-scheduler info`)")
    parser.add_argument("--out", type=Path, required=True, metavar="PATH",
                        help="ics: a folder (created if missing); xlsx/csv: the file to write")
    add_reminder_option(parser)
    add_database_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.scenario is not None:
        if args.plan is None:
            raise UserError.say("a plan file is needed with --scenario", "", "--plan",
                                "write one with `coverage-scheduler solve ... --out plan.json`")
        scenario = read_scenario_file(args.scenario)
        plan = read_plan_file(args.plan)
        return _export(args, scenario, plan, None)
    from coverage_app.cli.dbopen import open_store

    with open_store(args, must_exist=True) as store:
        scenario = store.load()
        stored: Plan | None = (read_plan_file(args.plan) if args.plan is not None
                               else store.load_plan(args.plan_id))
        if stored is None:
            raise UserError.say("the database holds no plan yet", "", "--plan",
                                "solve first, or pass --plan PLAN.json")
        return _export(args, scenario, stored, store)


def _period(plan: Plan) -> str:
    period = plan.period
    return f"{period.first_day.isoformat()} to {period.last_day.isoformat()}"


def _export(args: argparse.Namespace, scenario: Scenario, plan: Plan,
            ledger: Ledger | None) -> int:
    out = console()
    if args.kind == "ics":
        result = export_calendars(scenario, plan, args.out, ledger,
                                  reminders=reminders_from(args.reminder_minutes, scenario))
        table = Table(title=f"Calendars in {args.out}")
        for name in ("File", "New", "Updated", "Unchanged", "Cancelled", "Other periods"):
            table.add_column(name, justify="left" if name == "File" else "right")
        for file_name, c in result.changes.items():
            table.add_row(file_name, str(c.added), str(c.updated), str(c.unchanged),
                          str(c.cancelled), str(c.kept))
        out.print(table)
        for note in result.notes:
            out.print(note, markup=False)
        where = "the database" if ledger is not None else str(Path(args.out) / LEDGER_FILE)
        out.print(f"{len(result.paths)} calendars written for {_period(plan)}; events of other "
                  f"periods are kept as they were; what was published is kept in {where}.",
                  markup=False)
        out.print("Import each file into a calendar called \"Shifts\" "
                  "(see docs/calendar-import.md).")
    elif args.kind == "xlsx":
        path = export_workbook(scenario, plan, args.out)
        out.print(f"Workbook written: {path} ({len(plan.shifts)} shifts).")
    else:
        path = export_csv(scenario, plan, args.out)
        out.print(f"CSV written: {path} ({len(plan.shifts)} shifts).")
    return EXIT_OK
