"""Long periods (more than eight weeks) in rolling four-week windows.

Each window is solved with the shifts of the windows before it as history, so rest,
consecutive days and the weekly limits carry across the border; the time limit is shared out
evenly. The plans are joined and the gaps explained once for the whole period.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from datetime import timedelta

from models.coverage import coverage
from models.domain import Period, Plan, PlanStatistics, PlanStatus, Scenario, Shift
from solver.types import CancelToken, Progress, SolveParams, SolveResult

ROLLING_DAYS = 56
WINDOW_DAYS = 28


def solve_rolling(scenario: Scenario, params: SolveParams, *,
                  on_progress: Callable[[Progress], None] | None = None,
                  cancel: CancelToken | None = None) -> SolveResult:
    from solver.cost import plan_cost
    from solver.engine import solve
    from solver.fairness import plan_fairness
    from solver.gaps import explain_gaps
    from solver.proof import proven_minimal
    from solver.replan import diff_plans

    started = time.monotonic()
    windows = -(-params.period.days // WINDOW_DAYS)
    shifts: list[Shift] = []
    history = list(scenario.history)
    results: list[SolveResult] = []
    for k in range(windows):
        first = params.period.first_day + timedelta(days=k * WINDOW_DAYS)
        days = min(WINDOW_DAYS, params.period.days - k * WINDOW_DAYS)
        window_scenario = dataclasses.replace(scenario, history=tuple(history))
        window = dataclasses.replace(params, period=Period(first, days),
                                     time_limit_s=params.time_limit_s / windows)
        result = solve(window_scenario, window, on_progress=_without_first_plan(on_progress),
                       cancel=cancel)
        results.append(result)
        shifts.extend(result.plan.shifts)
        history.extend(result.plan.shifts)
        if result.status in (PlanStatus.CANCELLED, PlanStatus.INVALID, PlanStatus.NO_PLAN):
            break
    statuses = [r.status for r in results]
    status = next((s for s in (PlanStatus.INVALID, PlanStatus.CANCELLED, PlanStatus.NO_PLAN,
                               PlanStatus.FEASIBLE) if s in statuses), PlanStatus.OPTIMAL)
    stats = [r.plan.statistics for r in results]
    # Windows are solved one after the other: each is optimal given the one before, which is
    # no proof over every plan of the whole period. For the same reason each window's bound
    # holds only given the windows before it, so their sum bounds nothing: there is none. A
    # plan that misses only where nobody could be is proven all the same (solver.reach).
    joined = Plan(params.period, tuple(shifts), target_id=scenario.active_target_id)
    deadline = None if params.deterministic else started + params.time_limit_s
    rows = coverage(scenario, joined)
    proven = (status not in (PlanStatus.CANCELLED, PlanStatus.INVALID, PlanStatus.NO_PLAN)
              and proven_minimal(scenario, joined, rows, deadline=deadline,
                                 replan=params.previous is not None))
    total = PlanStatistics(
        status=status,
        objective=sum(s.objective or 0 for s in stats),
        best_bound=None,
        shortfall_minutes=sum(s.shortfall_minutes or 0 for s in stats),
        shortfall_proven_minimal=proven,
        variables=sum(s.variables for s in stats), constraints=sum(s.constraints for s in stats),
        solutions=sum(s.solutions for s in stats),
        first_solution_seconds=stats[0].first_solution_seconds if stats else None,
        wall_seconds=sum(s.wall_seconds for s in stats), seed=params.seed,
        workers=params.workers)
    plan = dataclasses.replace(joined, statistics=total)
    plan = dataclasses.replace(plan, gaps=explain_gaps(scenario, plan, proven=proven, rows=rows,
                                                       deadline=deadline))
    diff = diff_plans(scenario, params.previous, plan) if params.previous is not None else None
    return SolveResult(status, plan, diff, tuple(p for r in results for p in r.penalties),
                       tuple(m for r in results for m in r.messages),
                       fairness=plan_fairness(scenario, plan, params.carried),
                       cost=plan_cost(scenario, plan))


def _without_first_plan(on_progress: Callable[[Progress], None] | None
                        ) -> Callable[[Progress], None] | None:
    """A window's first plan covers only that window: not one to show for the whole period."""
    if on_progress is None:
        return None
    report = on_progress

    def relay(progress: Progress) -> None:
        report(dataclasses.replace(progress, first_plan=None))

    return relay
