"""``coverage-scheduler advise-hiring SCENARIO --start DATE --days N --menu hires.json``:
the fewest extra agents of each kind on a menu of possible hires, ranked by the missing hours
they close (see :mod:`coverage_app.services.hiring`; the menu format is in docs/formats.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from coverage_app.cli.common import EXIT_OK, UserError, add_scenario_source, console
from coverage_app.cli.solve import _date, load_scenario
from coverage_app.services.hiring import advise_hiring, read_menu
from models.domain import Period

SHOWN_GAPS = 12  # closed gaps listed per option


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Solve the team for its active coverage target, then with 1, 2, … "
                          "agents of each kind on the menu added, and rank the kinds by the "
                          "missing hours they close, the agents needed and their cost.")
    add_scenario_source(parser)
    parser.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help="read the team from this database instead of a scenario file")
    parser.add_argument("--start", required=True, type=_date, metavar="DATE")
    parser.add_argument("--days", type=int, default=7, metavar="N", help="days (default 7)")
    parser.add_argument("--menu", type=Path, required=True, metavar="HIRES.json")
    parser.add_argument("--time-limit", type=float, default=5.0, metavar="S",
                        help="seconds per solve (default 5); there is one solve for the team "
                             "and one per count tried of each kind")
    parser.add_argument("--workers", type=int, default=2, metavar="W")
    parser.add_argument("--seed", type=int, default=0, metavar="K")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.days <= 366:
        raise UserError.say("a period is 1 to 366 days", args.days, "--days")
    scenario = load_scenario(args)
    menu = read_menu(args.menu, scenario)
    out = console()
    with out.status("Solving the team as it is…") as status:
        advice = advise_hiring(scenario, Period(args.start, args.days), menu,
                               time_limit_s=args.time_limit, workers=args.workers,
                               seed=args.seed,
                               on_progress=lambda what: status.update(f"Solving {what}…"))
    missing = advice.missing_hours
    out.print(f"{scenario.target.name}: the team leaves {missing:,.1f} person-hours missing "
              f"over {args.days} days ({advice.base.figures.covered_percent:.1f} % covered).")
    if missing <= 0:
        out.print("[green]No hire needed: the team meets the target.[/]")
        return EXIT_OK
    if not advice.options:
        out.print("[yellow]No hire on the menu closes any missing hour.[/]")
        return EXIT_OK
    table = Table(title="Hiring options, best first")
    for name in ("#", "Option", "Agents", "Closes h", "Still missing h", "A month"):
        table.add_column(name, justify="left" if name == "Option" else "right")
    for rank, option in enumerate(advice.options, start=1):
        table.add_row(str(rank), option.sentence(scenario, missing), str(option.count),
                      f"{option.closes_hours:,.1f}", f"{option.remaining_hours:,.1f}",
                      f"{option.monthly_cost:,.0f} {option.currency}")
    out.print(table)
    zone_name = scenario.team.reference_zone
    for rank, option in enumerate(advice.options, start=1):
        met = " (the target is met)" if option.meets_target else ""
        out.print(f"#{rank} closes these gaps ({zone_name}){met}:")
        for gap in option.closed[:SHOWN_GAPS]:
            out.print(f"  {gap.describe(zone_name)}")
        if len(option.closed) > SHOWN_GAPS:
            out.print(f"  … and {len(option.closed) - SHOWN_GAPS} more")
    if advice.cancelled:
        out.print("[yellow]Stopped before every kind was tried.[/]")
    return EXIT_OK
