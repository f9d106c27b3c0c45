"""``coverage-scheduler solve``: build a rota for a period and write it as a plan file.

Shows a progress bar with the objective and bound, then a summary: coverage per requirement,
hours per agent, fairness, the plan by rule (the solver's objective rule by rule, coverage and
overstaffing by requirement, preferences met), agents under their weekly minimum, gaps with
reasons, status and proof. Ctrl+C cancels the search and
still writes the best plan found so far.
"""

from __future__ import annotations

import argparse
import threading
import time
from datetime import date, datetime
from pathlib import Path

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from coverage_app.cli import announce_ready, command_started
from coverage_app.cli.common import (
    EXIT_OK,
    UserError,
    add_scenario_source,
    console,
    run_interruptible,
)
from coverage_app.cli.explained import print_explanation, print_hours_warnings
from coverage_app.services.explaining import alike_line
from coverage_app.services.planning import PlanSummary, plan_period, summarize
from coverage_app.services.scenarios import read_scenario_file
from models.domain import DomainError, Period, Plan, PlanStatus, Scenario
from models.files import read_plan, write_plan
from solver import CancelToken, SolveResult
from solver import Progress as SolveProgress
from solver.explain import explain
from solver.types import (
    FAIRNESS_KINDS,
    CarriedBalance,
    CostReport,
    FairnessReport,
    FairShare,
)

MIN_MEMORY_MB = 256
# The search gets at least this, even when start-up and reading the team took the whole limit:
# the first complete rota and its gaps' reasons need about that.
MIN_SEARCH_S = 1.0


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Build a rota for N days from a date and write it as a plan file. "
                          "Ctrl+C stops the search and still writes the best plan found.")
    add_scenario_source(parser)
    parser.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help="read the team from this database instead of a scenario file")
    parser.add_argument("--start", required=True, type=_date, metavar="DATE",
                        help="first day (reference zone), e.g. 2026-12-07")
    parser.add_argument("--days", type=int, default=28, metavar="N", help="days (default 28)")
    parser.add_argument("--time-limit", type=float, default=20.0, metavar="S",
                        help="seconds for the whole solve, explaining the gaps included "
                             "(default 20)")
    parser.add_argument("--workers", type=int, default=2, metavar="W")
    parser.add_argument("--seed", type=int, default=0, metavar="K")
    parser.add_argument("--reproducible", action="store_true",
                        help="same seed, same plan on any machine: the limit then counts the "
                             "solver's deterministic time instead of seconds")
    parser.add_argument("--max-memory", type=int, default=None, metavar="MB",
                        help="stop searching, keeping the best plan, at about this much "
                             "memory (default 1600)")
    parser.add_argument("--previous", type=Path, metavar="PLAN.json",
                        help="re-plan: keep what this plan can keep")
    parser.add_argument("--keep-before", type=_instant, metavar="ISO",
                        help="with --previous: shifts starting before this instant stay")
    parser.add_argument("--keep-after", type=_instant, metavar="ISO",
                        help="with --previous: shifts starting at or after this instant stay "
                             "too (re-plan only the days in between)")
    parser.add_argument("--cheapest", action="store_true",
                        help="the cheapest plan that meets the target: cost is minimised "
                             "right after coverage, fairness only among plans of that cost")
    parser.add_argument("--out", type=Path, metavar="PLAN.json",
                        help="write the plan to this file (needed with a scenario file; with "
                             "the database the plan is stored there as the working draft)")
    parser.set_defaults(run=run)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-07") from None


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO instant") from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} needs an offset, e.g. 2026-12-09T06:00Z")
    return value


def load_scenario(args: argparse.Namespace) -> Scenario:
    if args.scenario is not None:
        return read_scenario_file(args.scenario)
    from coverage_app.cli.dbopen import open_store

    with open_store(args, must_exist=True) as store:
        return store.load()


def _read_previous(path: Path | None) -> Plan | None:
    if path is None:
        return None
    try:
        return read_plan(path)
    except DomainError as error:
        raise UserError.of(error, str(path)) from None


def run(args: argparse.Namespace) -> int:
    scenario = load_scenario(args)
    if args.days < 1 or args.days > 366:
        raise UserError.say("a period is 1 to 366 days", args.days, "--days")
    if args.max_memory is not None and args.max_memory < MIN_MEMORY_MB:
        raise UserError.say(f"the solver needs at least {MIN_MEMORY_MB} MB", args.max_memory,
                            "--max-memory")
    if args.keep_before is not None and args.previous is None:
        raise UserError.say("--keep-before needs --previous", path="--keep-before")
    if args.keep_after is not None and args.previous is None:
        raise UserError.say("--keep-after needs --previous", path="--keep-after")
    if (args.keep_before is not None and args.keep_after is not None
            and args.keep_after <= args.keep_before):
        raise UserError.say("--keep-after must be later than --keep-before",
                            args.keep_after.isoformat(), "--keep-after")
    if args.scenario is not None and args.out is None:
        raise UserError.say("say where to write the plan", "", "--out",
                            "e.g. --out plan.json (or solve the team in the database with "
                            "--db and no scenario file: the plan is then stored there)")
    previous = _read_previous(args.previous)
    period = Period(args.start, args.days)
    carried: tuple[CarriedBalance, ...] = ()
    if args.scenario is None:
        carried = _carried_from_database(args, scenario, period)
    result = _solve_with_progress(scenario, period, args, previous, carried)
    if args.out is not None:
        write_plan(result.plan, args.out)
    print_summary(scenario, result)
    if args.out is not None:
        console().print(f"Plan written to {args.out}")
    if args.scenario is None:
        _store_as_working_draft(args, result.plan)
    return EXIT_OK


def _carried_from_database(args: argparse.Namespace, scenario: Scenario,
                           period: Period) -> tuple[CarriedBalance, ...]:
    """Fair over the year: the balance of nights, weekends and holidays from the database's
    published plans before the period (a scenario file has none)."""
    from coverage_app.cli.dbopen import open_store
    from coverage_app.services.fair_balance import carried_from_store

    with open_store(args, must_exist=True) as store:
        carried, plans = carried_from_store(store, scenario, period)
    if plans:
        console().print(f"Fairness carries a balance from {plans} published "
                        f"plan{'s' if plans != 1 else ''} before {period.first_day}.",
                        highlight=False)
    return carried


def _store_as_working_draft(args: argparse.Namespace, plan: Plan) -> None:
    """A solve of the database's team becomes its working draft, as a solve in the app does."""
    from coverage_app.cli.dbopen import open_store

    with open_store(args, must_exist=True) as store:
        name = f"Solved on the command line, {plan.period.first_day:%d %b %Y}"
        plan_id, retired = store.replace_working_plan(plan, name=name)
        kept = (f"; the draft it replaces stays in the plan history as {retired}"
                if retired else "")
        console().print(f"Plan stored in {store.location} as the working draft "
                        f"{plan_id}{kept}.", soft_wrap=True, highlight=False)


def _solve_with_progress(scenario: Scenario, period: Period, args: argparse.Namespace,
                         previous: Plan | None,
                         carried: tuple[CarriedBalance, ...] = ()) -> SolveResult:
    cancel = CancelToken()
    out = console()
    columns = (TextColumn("[bold]{task.description}"), BarColumn(),
               TextColumn("{task.fields[info]}"), TimeElapsedColumn())
    limit, spent = search_limit(args)
    with Progress(*columns, console=out, transient=True) as bar:
        task = bar.add_task("Solving", total=args.time_limit, info="building the model")
        bar.update(task, completed=spent)
        searching = threading.Event()

        def on_progress(p: SolveProgress) -> None:
            if not searching.is_set():  # the first report: a complete plan exists
                searching.set()
                announce_ready("search")
            short = (f"shortfall {p.shortfall_minutes / 60:.1f} h"
                     if p.shortfall_minutes is not None else "")
            bound = f"bound {p.bound:.0f}" if p.bound is not None else ""
            objective = f"objective {p.objective:.0f}" if p.objective is not None else ""
            bar.update(task, completed=min(spent + p.elapsed_s, args.time_limit),
                       info=f"{p.stage}: {objective} {bound} {short}")

        def work() -> SolveResult:
            return plan_period(scenario, period, time_limit_s=limit,
                               deterministic=args.reproducible,
                               workers=args.workers, seed=args.seed, previous=previous,
                               keep_before=args.keep_before, keep_after=args.keep_after,
                               max_memory_mb=args.max_memory, on_progress=on_progress,
                               cancel=cancel, cheapest_first=args.cheapest, carried=carried)

        return run_interruptible(work, cancel, "Stopping: keeping the best plan found so far…",
                                 "solve")


def search_limit(args: argparse.Namespace) -> tuple[float, float]:
    """The solve's own time limit, and the seconds the command has taken so far: ``--time-limit``
    covers the whole command, so start-up and reading the team (tight follow-the-sun team of 40
    agents: 2.9 s) come off it. ``--reproducible`` counts the solver's deterministic time, not
    seconds, so nothing comes off it."""
    if args.reproducible:
        return args.time_limit, 0.0
    spent = time.monotonic() - command_started()
    return max(MIN_SEARCH_S, args.time_limit - spent), spent


def coverage_table(summary: PlanSummary) -> Table:
    """Coverage per requirement, as ``solve`` and ``check`` print it and the app shows it
    (``models.requirement_coverage``): person-hours asked, met and missing, the hours in which
    someone is missing, and, where a dedicated duty holds more people than it asks for, the
    person-hours beyond its headcount."""
    over = any(row.over_minutes for row in summary.coverage)
    cover = Table(title="Coverage per requirement",
                  caption="Person-hours, except hours short: the hours in which at least one "
                          "person is missing")
    cover.add_column("Requirement", min_width=18)
    for name in ("Asked", "Met", "Missing", "%", "Hours\nshort", *(("Over-\nstaffed",) if over
                                                                    else ())):
        cover.add_column(name, justify="right", no_wrap=True)
    for row in summary.coverage:
        within = f" (within {row.allowance_minutes} min)" if row.allowance_minutes else ""
        extra = (hours_text(row.over_minutes) if row.over_minutes else "–",) if over else ()
        cover.add_row(row.name + within, hours_text(row.minutes), hours_text(row.met),
                      hours_text(row.missing_minutes), row.percent_text,
                      hours_text(row.short_minutes), *extra)
    return cover


def hours_text(minutes: int) -> str:
    """Minutes as hours, exact and short: 1,310.5 and 13.25, not 1,310.50 and 13.25."""
    return f"{minutes / 60:,.2f}".rstrip("0").rstrip(".")


def _against(share: FairShare) -> str:
    return f"{share.minutes / 60:.1f} / {share.share / 60:.1f}"


def fairness_table(report: FairnessReport, shifts: dict[str, int]) -> Table:
    """Per agent: hours, nights, weekends and holidays against the fair share, and the
    balance carried from earlier published plans."""
    table = Table(title="Hours per agent against the fair share (worked / fair, h)",
                  caption="Balance carried: night / weekend / holiday hours above (+) or "
                          "below (−) the fair share in earlier published plans")
    for name in ("Agent", "Shifts", "Hours", "Night", "Weekend", "Holiday", "Balance carried"):
        table.add_column(name, justify="left" if name == "Agent" else "right")
    for a in report.agents:
        carried = "/".join(f"{a.of(k).carried / 60:+.1f}" for k in FAIRNESS_KINDS)
        table.add_row(a.name, str(shifts.get(a.agent_id, 0)), _against(a.hours),
                      _against(a.night), _against(a.weekend), _against(a.holiday),
                      carried if any(a.of(k).carried for k in FAIRNESS_KINDS) else "–")
    return table


def fairness_line(report: FairnessReport) -> str:
    """The agent furthest above the fair share of each kind (balance carried included)."""
    parts = []
    for kind in FAIRNESS_KINDS:
        top = max(report.agents, key=lambda a: a.of(kind).balance, default=None)
        if top is None or top.of(kind).balance <= 0.05 * 60:
            parts.append(f"{kind} hours: nobody above the fair share")
        else:
            parts.append(f"{kind} hours: most above the fair share {top.name} "
                         f"(+{top.of(kind).balance / 60:.1f} h)")
    return "Fairness — " + "; ".join(parts)


def cost_line(cost: CostReport) -> str:
    """The plan's cost by the premium its hours are paid at (the workbook's pricing)."""
    currencies = ", ".join(cost.currencies)
    mixed = (f" ({currencies} added without conversion)" if len(cost.currencies) > 1
             else f" {currencies}")
    return (f"Cost: {cost.total:,.0f}{mixed}: regular hours {cost.regular:,.0f}, night hours "
            f"{cost.night:,.0f}, weekend hours {cost.weekend:,.0f}, holiday hours "
            f"{cost.holiday:,.0f}")


def print_summary(scenario: Scenario, result: SolveResult) -> None:
    out = console()
    plan = result.plan
    stats = plan.statistics
    summary = summarize(scenario, plan)
    out.print(coverage_table(summary))
    if result.fairness is not None:
        out.print(fairness_table(result.fairness, {a.agent_id: a.shifts
                                                   for a in summary.agents}))
        out.print(fairness_line(result.fairness), highlight=False)
        for spread in result.fairness.alike:
            out.print(alike_line(spread), highlight=False)
    else:
        hours = Table(title="Hours per agent")
        for name in ("Agent", "Shifts", "Hours", "Night h", "Weekend h"):
            hours.add_column(name, justify="left" if name == "Agent" else "right")
        for a in summary.agents:
            hours.add_row(a.name, str(a.shifts), f"{a.hours:.1f}", f"{a.night_hours:.1f}",
                          f"{a.weekend_hours:.1f}")
        out.print(hours)
    out.print(f"Load spread {summary.hours_spread_percent:.1f} % of contract (most minus "
              f"least loaded agent)")
    if result.cost is not None:
        out.print(cost_line(result.cost), highlight=False)
    explanation = explain(scenario, plan, result.penalties, result.stages,
                          covered=summary.coverage)
    if not result.penalties and plan.shifts:
        out.print("The solver gave no per-rule figures for this plan: its time ran out before "
                  "it could weigh the plan rule by rule.", soft_wrap=True)
    print_explanation(out, explanation)
    print_hours_warnings(out, scenario, explanation.under_minimum)
    if plan.gaps:
        gaps = Table(title=f"Gaps ({len(plan.gaps)})")
        gaps.add_column("Reason")
        gaps.add_column("Gap")
        for gap in plan.gaps[:40]:
            gaps.add_row(str(gap.reason), gap.message.replace("[", "\\["))
        out.print(gaps)
        if len(plan.gaps) > 40:
            out.print(f"… and {len(plan.gaps) - 40} more gaps in the plan file")
    elif result.status in (PlanStatus.NO_PLAN, PlanStatus.INVALID):
        out.print("[red]No plan, so nothing is covered.[/]")
    else:
        out.print("[green]No gaps: the coverage target is met everywhere.[/]")
    if result.diff is not None:
        d = result.diff
        out.print(f"Changes against the previous plan: {len(d.added)} added, "
                  f"{len(d.removed)} removed, {len(d.moved)} moved, {d.kept} kept")
        for agent in d.agents:
            out.print(f"  {agent.agent_id}: +{len(agent.added)} −{len(agent.removed)} "
                      f"~{len(agent.moved)}")
    proof = ("shortfall proven minimal" if stats.shortfall_proven_minimal else
             "best found, not proven")
    shortfall = (f"{stats.shortfall_minutes / 60:.2f} h" if stats.shortfall_minutes is not None
                 else "unknown")
    status_style = "green" if result.status in (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE) else (
        "yellow")
    out.print(f"Status: [{status_style}]{result.status}[/] — {len(plan.shifts)} shifts, "
              f"shortfall {shortfall} ({proof}); {stats.solutions} solutions in "
              f"{stats.wall_seconds:.1f} s, first after "
              f"{stats.first_solution_seconds or 0:.1f} s; {stats.variables} variables, "
              f"seed {stats.seed}, {stats.workers} workers")
    for message in result.messages:
        out.print(f"[yellow]{message}[/]")
