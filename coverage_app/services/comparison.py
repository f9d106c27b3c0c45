"""Use case "scenarios side by side": solve the same team for several coverage targets and
compare what each would give and cost (Qt-free; the CLI and the comparison page call it).

Each target is solved as the active target of a copy of the scenario, for the same period,
seed and time limit per target, so that the differences come from the targets alone.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coverage_app.services.errors import UserError
from coverage_app.services.planning import summarize
from exports.comparison import TargetFigures
from exports.hours import plan_hours
from models.coverage import coverage
from models.domain import Period, Plan, PlanStatus, Scenario, suggest
from models.horizon import horizon
from solver import CancelToken, Progress, SolveParams, SolveResult, solve


@dataclass(frozen=True, slots=True)
class TargetOutcome:
    """One target's plan and the figures a manager compares."""

    figures: TargetFigures
    plan: Plan


@dataclass(frozen=True, slots=True)
class Comparison:
    period: Period
    outcomes: tuple[TargetOutcome, ...]
    cancelled: bool = False


ProgressFn = Callable[[int, int, str, Progress | None], None]  # index, total, target name
SolveFn = Callable[..., SolveResult]  # solve(scenario, params, *, on_progress, cancel)


def target_ids(scenario: Scenario, wanted: Sequence[str] | None) -> tuple[str, ...]:
    """The targets to compare: ``wanted`` (ids or names) or every target of the scenario."""
    if not wanted:
        return tuple(t.id for t in scenario.targets)
    by_key = {t.id: t.id for t in scenario.targets}
    by_key.update({t.name.casefold(): t.id for t in scenario.targets})
    result: list[str] = []
    problems = []
    for text in wanted:
        found = by_key.get(text) or by_key.get(text.casefold())
        if found is None:
            problems.append(UserError.say("no such coverage target", text, "--targets",
                                          suggest(text, [t.id for t in scenario.targets])))
        elif found not in result:
            result.append(found)
    if problems:
        raise UserError([p for e in problems for p in e.problems])
    return tuple(result)


def compare_targets(scenario: Scenario, period: Period, ids: Sequence[str], *,
                    time_limit_s: float = 10.0, workers: int = 2, seed: int = 0,
                    on_progress: ProgressFn | None = None,
                    cancel: CancelToken | None = None,
                    solve_fn: SolveFn | None = None) -> Comparison:
    """Solve ``scenario`` once per target in ``ids`` and measure each plan.

    A cancel stops the running solve (its best plan is kept and measured) and skips the rest.
    ``solve_fn`` replaces ``solver.solve`` (the app solves in a child process).
    """
    solve_fn = solve_fn or solve
    cancel = cancel or CancelToken()
    outcomes: list[TargetOutcome] = []
    for index, target_id in enumerate(ids):
        if cancel.cancelled:
            return Comparison(period, tuple(outcomes), cancelled=True)
        variant = dataclasses.replace(scenario, active_target_id=target_id)
        name = variant.target.name
        if on_progress is not None:
            on_progress(index, len(ids), name, None)

        def report(p: Progress, index: int = index, name: str = name) -> None:
            if on_progress is not None:
                on_progress(index, len(ids), name, p)

        params = SolveParams(period, time_limit_s=time_limit_s, workers=workers, seed=seed)
        result = solve_fn(variant, params, on_progress=report, cancel=cancel)
        outcomes.append(measure(variant, result.plan, result.status))
    return Comparison(period, tuple(outcomes), cancelled=cancel.cancelled)


def measure(scenario: Scenario, plan: Plan, status: PlanStatus) -> TargetOutcome:
    """The figures of a plan for the scenario's active target."""
    grid = horizon(scenario, plan.period)
    slot_hours = grid.granularity / 60
    priority = {r.id: r.priority for r in scenario.target.requirements}
    required = 0.0
    missing: dict[int, float] = defaultdict(float)
    for row in coverage(scenario, plan, grid):
        hours = (row.end - row.start).total_seconds() / 3600 if row.end > row.start else (
            slot_hours)
        required += row.required * hours
        if row.missing:
            missing[priority[row.requirement_id]] += row.missing * hours
    summary = summarize(scenario, plan)
    rows = plan_hours(scenario, plan)
    worked = sum(r.minutes for r in rows) / 60
    premium = sum(p.minutes if (p.weekend_minutes or p.holiday_minutes) else p.night_minutes
                  for r in rows for p in r.pieces) / 60
    cost: dict[str, float] = defaultdict(float)
    for r in rows:
        cost[r.agent.currency] += sum(p.cost for p in r.pieces)
    figures = TargetFigures(
        target_id=scenario.active_target_id, target_name=scenario.target.name,
        status=str(status), required_hours=required, shortfall_hours=sum(missing.values()),
        shortfall_by_priority=tuple(sorted(missing.items())),
        coverage=tuple((c.name, c.percent) for c in summary.coverage), shifts=len(plan.shifts),
        hours=worked, premium_hours=premium, cost=tuple(sorted(cost.items())),
        night_spread_hours=summary.night_spread_hours,
        weekend_spread_hours=summary.weekend_spread_hours,
        load_spread_percent=summary.hours_spread_percent)
    return TargetOutcome(figures, plan)
