"""``coverage-scheduler check SCENARIO PLAN``: every hard-rule violation; exit 1 if any.

Also the plan by rule (coverage and overstaffing by requirement, preferences met) and, as
warnings that do not change the exit status, agents under their contract's weekly minimum."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from coverage_app.cli.common import EXIT_OK, EXIT_VIOLATIONS, UserError, console
from coverage_app.cli.explained import print_explanation, print_hours_warnings
from coverage_app.cli.solve import coverage_table, hours_text
from coverage_app.services.planning import summarize
from coverage_app.services.scenarios import read_scenario_file
from models.coverage import coverage
from models.domain import DomainError
from models.files import plan_problems, read_plan
from models.words import count
from solver.check import check
from solver.explain import explain


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Check a plan file against a scenario: print every violation of a hard "
                          "rule; exit 1 if there is any.")
    parser.add_argument("scenario", type=Path, metavar="SCENARIO.json")
    parser.add_argument("plan", type=Path, metavar="PLAN.json")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    scenario = read_scenario_file(args.scenario)
    try:
        plan = read_plan(args.plan)
    except DomainError as error:
        raise UserError.of(error, str(args.plan)) from None
    problems = plan_problems(plan, scenario)
    if problems:
        raise UserError(problems, str(args.plan))
    out = console()
    violations = check(scenario, plan)
    rows = coverage(scenario, plan)
    summary = summarize(scenario, plan, rows)
    asked = sum(r.minutes for r in summary.coverage)
    missing = sum(r.missing_minutes for r in summary.coverage)
    # The totals of the table below, in its words.
    out.print(f"{count(len(plan.shifts), 'shift')}, {count(len(plan.gaps), 'gap')} recorded; "
              f"{hours_text(missing)} of {hours_text(asked)} person-hours asked are missing")
    out.print(coverage_table(summary))
    explanation = explain(scenario, plan, covered=summary.coverage)
    print_explanation(out, explanation)
    print_hours_warnings(out, scenario, explanation.under_minimum)
    if not violations:
        out.print("[green]No violations: the plan keeps every contract rule.[/]")
        return EXIT_OK
    table = Table(title=f"{len(violations)} violations")
    for name in ("Rule", "Agent", "Amount", "What"):
        table.add_column(name)
    for v in violations:
        table.add_row(v.rule, v.agent_id, f"{v.amount:g}", v.message.replace("[", "\\["))
    out.print(table)
    return EXIT_VIOLATIONS
