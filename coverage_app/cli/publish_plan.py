"""``coverage-scheduler publish plan``: publish the working draft (or ``--plan-id``) as a named
version, after printing the check the app shows (gaps by priority, rule breaks kept, agents
under their minimum hours) and the changes each agent will see against the last published
version of these days.

A plan with a must-priority gap or a rule break is refused (exit 2, nothing written) unless
``--accept-gaps`` says the manager publishes it knowingly. ``--dry-run`` prints the check and
the changes and writes nothing.
"""

from __future__ import annotations

import argparse
from typing import Any

from rich.table import Table

from coverage_app.cli.common import EXIT_OK, UserError, add_database_option, console
from coverage_app.services.publish_check import PublishCheck
from coverage_app.services.publish_diff import PlanDiff
from coverage_app.services.publishing import prepare, publish


def register(kinds: Any) -> None:
    parser: argparse.ArgumentParser = kinds.add_parser(
        "plan", help="publish the working draft as a named version, after the check",
        description="Print the pre-publish check and the changes each agent will see, then "
                    "store the plan as a published version. A plan with must-priority gaps "
                    "or rule breaks is refused (exit 2) unless --accept-gaps is given.")
    parser.add_argument("--plan-id", metavar="ID",
                        help="publish this stored plan (default: the working draft)")
    parser.add_argument("--name", default="", metavar="NAME",
                        help="the version's name (default: 'Published <when> by <who>')")
    parser.add_argument("--by", metavar="WHO",
                        help="who publishes, for the history (default: you)")
    parser.add_argument("--accept-gaps", action="store_true",
                        help="publish even with must-priority gaps or rule breaks")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the check and the changes; publish nothing")
    add_database_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from coverage_app.cli.dbopen import open_store, stored_plan

    with open_store(args, must_exist=True) as store:
        scenario = store.load()
        plan = stored_plan(store, args)
        preview = prepare(store, scenario, plan, scenario.team.reference_zone)
        print_check(preview.check)
        print_diff(preview.diff)
        out = console()
        if preview.check.blocking and not args.accept_gaps:
            raise UserError.say(
                f"the plan has {preview.check.blocking_words()}; it was not published",
                plan.id or "working draft", "--accept-gaps",
                "close the gaps or undo the rule breaks in the app, or publish knowingly "
                "with --accept-gaps")
        if args.dry_run:
            out.print("Dry run: nothing was published.", markup=False)
            return EXIT_OK
        by = (args.by or store.user).strip()
        plan_id = publish(store, plan, name=args.name, by=by)
        name = f" “{args.name.strip()}”" if args.name.strip() else ""
        out.print(f"Published{name} by {by} as version {plan_id}.", markup=False)
    return EXIT_OK


def print_check(check: PublishCheck) -> None:
    out = console()
    out.print("Before publishing:", style="bold")
    for heading, lines in check.sections():
        out.print(f"  {heading}", markup=False)
        for line in lines:
            out.print(f"    • {line}", markup=False)


def print_diff(diff: PlanDiff) -> None:
    out = console()
    out.print(diff.summary, markup=False)
    if diff.empty:
        return
    table = Table(title="What each agent will see change")
    for name in ("Agent", "Change", "Shift (agent's time)"):
        table.add_column(name)
    for agent in diff.agents:
        for i, change in enumerate(agent.changes):
            table.add_row(agent.agent if i == 0 else "", str(change.kind), change.words)
    out.print(table)
