"""``coverage-scheduler compare SCENARIO --start DATE --days N [--targets A,B] --out X.xlsx``:
solve the same team for several coverage targets and compare them side by side.

Prints one column per target (coverage, gaps by priority, hours, premium hours, cost,
fairness) and writes the same figures, with coverage per requirement, to a workbook.
Ctrl+C stops the running solve, keeps what was compared so far and still writes it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from coverage_app.cli.common import (
    EXIT_OK,
    UserError,
    add_scenario_source,
    console,
    run_interruptible,
)
from coverage_app.cli.solve import _date, load_scenario
from coverage_app.services.comparison import Comparison, compare_targets, target_ids
from exports.comparison import figure_rows, write_comparison
from models.domain import Period
from solver import CancelToken
from solver import Progress as SolveProgress


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Solve the same team for each coverage target (all of the scenario's, "
                          "or those given by --targets) over the same period, print the figures "
                          "side by side and write them to a workbook.")
    add_scenario_source(parser)
    parser.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help="read the team from this database instead of a scenario file")
    parser.add_argument("--start", required=True, type=_date, metavar="DATE",
                        help="first day (reference zone), e.g. 2026-12-07")
    parser.add_argument("--days", type=int, default=14, metavar="N", help="days (default 14)")
    parser.add_argument("--targets", metavar="ID,ID,...",
                        help="targets to compare, by id or name (default: all)")
    parser.add_argument("--time-limit", type=float, default=10.0, metavar="S",
                        help="seconds per target (default 10)")
    parser.add_argument("--workers", type=int, default=2, metavar="W")
    parser.add_argument("--seed", type=int, default=0, metavar="K")
    parser.add_argument("--out", type=Path, metavar="COMPARISON.xlsx",
                        help="write the comparison workbook here")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.days <= 366:
        raise UserError.say("a period is 1 to 366 days", args.days, "--days")
    if args.time_limit <= 0:
        raise UserError.say("the time limit is more than 0 seconds", args.time_limit,
                            "--time-limit")
    if args.out is not None and args.out.suffix.lower() != ".xlsx":
        raise UserError.say("the comparison is written as an Excel workbook", str(args.out),
                            "--out", f"e.g. --out {args.out.with_suffix('.xlsx').name}")
    scenario = load_scenario(args)
    wanted = [t.strip() for t in args.targets.split(",") if t.strip()] if args.targets else None
    ids = target_ids(scenario, wanted)
    period = Period(args.start, args.days)
    comparison = _compare_with_progress(scenario, period, ids, args)
    print_comparison(comparison, f"{scenario.team.name}: {len(ids)} targets, "
                                 f"{period.first_day:%d %b %Y} + {period.days} days")
    if args.out is not None:
        title = (f"{scenario.team.name} — coverage targets compared, "
                 f"{period.first_day.isoformat()} for {period.days} days")
        try:
            write_comparison(args.out, [o.figures for o in comparison.outcomes], title)
        except OSError as error:
            raise UserError.say(f"cannot write the file: {error.strerror or error}",
                                str(args.out), "--out") from None
        console().print(f"Comparison written to {args.out}")
    return EXIT_OK


def print_comparison(comparison: Comparison, title: str) -> None:
    figures = [o.figures for o in comparison.outcomes]
    table = Table(title=title)
    table.add_column("Figure")
    for f in figures:
        table.add_column(f.target_name, justify="right")
    for label, fmt, values in figure_rows(figures):
        table.add_row(label, *(v if isinstance(v, str) else
                               f"{v:,.0f}" if fmt in ("0", "#,##0") else f"{v:,.1f}"
                               for v in values))
    out = console()
    out.print(table)
    if comparison.cancelled:
        out.print("[yellow]Stopped: only the targets solved so far are compared.[/]")


def _compare_with_progress(scenario: Any, period: Period, ids: tuple[str, ...],
                           args: argparse.Namespace) -> Comparison:
    cancel = CancelToken()
    total = args.time_limit * len(ids)
    columns = (TextColumn("[bold]{task.description}"), BarColumn(),
               TextColumn("{task.fields[info]}"), TimeElapsedColumn())
    with Progress(*columns, console=console(), transient=True) as bar:
        task = bar.add_task("Comparing", total=total, info="")

        def on_progress(index: int, count: int, name: str, p: SolveProgress | None) -> None:
            elapsed = p.elapsed_s if p is not None else 0.0
            short = (f", shortfall {p.shortfall_minutes / 60:.1f} h"
                     if p is not None and p.shortfall_minutes is not None else "")
            bar.update(task, completed=min(total, index * args.time_limit + elapsed),
                       info=f"{index + 1}/{count} {name}{short}")

        def work() -> Comparison:
            return compare_targets(scenario, period, ids, time_limit_s=args.time_limit,
                                   workers=args.workers, seed=args.seed,
                                   on_progress=on_progress, cancel=cancel)

        return run_interruptible(work, cancel, "Stopping: keeping the targets compared so far…",
                                 "compare")


