"""``coverage-scheduler export ics|xlsx|csv|payroll``: calendars for agents, hours for finance.

The scenario comes from ``--scenario FILE`` or, without it, from the database (global ``--db``).
The plan comes from ``--plan FILE`` or, with the database, its latest saved plan. Calendars keep
a ledger of what was published (in the database, or ``<out>/.published.json`` without one), so
re-exporting updates and cancels events instead of duplicating them; a plan changes only the
events of its own period, and agents with nothing to show get no file (a line says so).

The workbook's title block names the plan: a stored plan by its name, published or draft as
the database says; a plan file as ``plan file NAME``, a draft unless ``--published``. Pay codes
(in the workbook and the payroll CSV) are per pay period: calendar months, or ``--pay-period
cutoff:25`` for periods that end on the 25th.
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
    export_payroll,
    export_workbook,
    plan_file_version,
    read_plan_file,
    stored_plan_version,
)
from coverage_app.services.scenarios import read_scenario_file
from exports.payroll import PayPeriods
from exports.xlsx_title import PlanVersion
from models.domain import Plan, Scenario


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Export a plan: 'ics' writes one calendar per agent plus team.ics into "
                          "a folder; 'xlsx' writes the finance workbook; 'csv' writes the shifts; "
                          "'payroll' writes one row per agent, pay period and pay code.")
    parser.add_argument("kind", choices=("ics", "xlsx", "csv", "payroll"))
    parser.add_argument("--scenario", type=Path, metavar="SCENARIO.json",
                        help="scenario file (default: the database given by --db)")
    parser.add_argument("--plan", type=Path, metavar="PLAN.json",
                        help="plan file (default with a database: its working draft, else "
                             "its newest stored plan)")
    parser.add_argument("--plan-id", metavar="ID",
                        help="with a database: export this stored plan version (ids are "
                             "listed by `coverage-scheduler info`)")
    parser.add_argument("--out", type=Path, required=True, metavar="PATH",
                        help="ics: a folder (created if missing); xlsx/csv/payroll: the file "
                             "to write")
    parser.add_argument("--pay-period", default="month", metavar="month|cutoff:N",
                        help="xlsx/payroll: pay periods are calendar months (default) or end "
                             "on day N of each month (cutoff:25)")
    parser.add_argument("--published", action="store_true",
                        help="xlsx: the plan file is the published rota (the workbook says "
                             "DRAFT otherwise); a stored plan is published as the database "
                             "says")
    add_reminder_option(parser)
    add_database_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        args.pay_periods = PayPeriods.parse(args.pay_period)
    except ValueError as error:
        raise UserError.say(str(error), args.pay_period, "--pay-period",
                            "e.g. --pay-period month or --pay-period cutoff:25") from None
    if args.published and args.plan is None:
        raise UserError.say("--published describes a plan file; a stored plan is published "
                            "or a draft as the database says", "--published", "--published",
                            "publish the plan in the app, or export a plan file with --plan")
    if args.scenario is not None:
        if args.plan is None:
            raise UserError.say("a plan file is needed with --scenario", "", "--plan",
                                "write one with `coverage-scheduler solve ... --out plan.json`")
        scenario = read_scenario_file(args.scenario)
        plan = read_plan_file(args.plan)
        return _export(args, scenario, plan, None)
    from coverage_app.cli.dbopen import open_store, stored_plan

    with open_store(args, must_exist=True) as store:
        scenario = store.load()
        stored = stored_plan(store, args)
        return _export(args, scenario, stored, store)


def _period(plan: Plan) -> str:
    period = plan.period
    return f"{period.first_day.isoformat()} to {period.last_day.isoformat()}"


def _version(args: argparse.Namespace, plan: Plan, store: Any) -> PlanVersion:
    if args.plan is not None:
        return plan_file_version(args.plan, published=args.published)
    return stored_plan_version(store, plan)


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
        version = _version(args, plan, ledger)
        path = export_workbook(scenario, plan, args.out, version=version,
                               pay_periods=args.pay_periods)
        out.print(f"Workbook written: {path} ({len(plan.shifts)} shifts; {version.status}; "
                  f"pay periods: {args.pay_periods.describe()}).", markup=False)
    elif args.kind == "payroll":
        result = export_payroll(scenario, plan, args.out, pay_periods=args.pay_periods)
        summary, *notes = result.notes
        out.print(f"Payroll written: {result.paths[0]} ({summary}).", markup=False)
        for note in notes:
            out.print(f"Note: {note}", markup=False)
    else:
        path = export_csv(scenario, plan, args.out)
        out.print(f"CSV written: {path} ({len(plan.shifts)} shifts).")
    return EXIT_OK
