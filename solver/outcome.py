"""The result of a solve: the plan of the best values found, its status and statistics, its
gaps explained, what a re-plan changed and the reports; and what it may claim as proven."""

from __future__ import annotations

import math
import time

from ortools.sat.python import cp_model

from models.coverage import coverage
from models.domain import Plan, PlanStatistics, PlanStatus
from solver.model import BuiltModel, Prepared, extract_shifts
from solver.proof import proven_minimal
from solver.reports import kept_rule_breaks, plan_reports
from solver.search import Run
from solver.soft import TIER_COVERAGE
from solver.types import PenaltySummary, SolveResult

# Of the time left after the search, at most this share for proving, without a search, that
# the plan misses the least any plan can (solver.reach): 400 agents, 28 days: 0.7-1.0 s for
# the team's hours alone; explaining the gaps has the rest.
PROOF_SHARE = 0.5


def bound_met(run: Run, tier: int) -> bool:
    """The coverage stage reached a bound: optimal even if CP-SAT did not prove it itself."""
    return (tier == TIER_COVERAGE and run.coverage_objective is not None
            and run.coverage_bound is not None
            and run.coverage_objective <= run.coverage_bound)


def take_coverage(run: Run, solver: cp_model.CpSolver, scale: int,
                  floor: float | None) -> None:
    """A coverage search's value and lower bound become the run's, in the stage's units (the
    search's, divided by ``scale``: a lower bound divided is one of the value); the bound is
    CP-SAT's or ``floor`` (in the stage's units), one proven before the search, whichever is
    higher."""
    run.coverage_objective = solver.objective_value // scale
    run.coverage_bound = max(solver.best_objective_bound // scale,
                             floor if floor is not None else -math.inf)


def _status(run: Run, stages: list[tuple[int, ...]], every: bool) -> PlanStatus:
    """OPTIMAL only when every stage was proven and the candidates were every placement."""
    if run.cancelled:
        return PlanStatus.CANCELLED
    if run.values is None:
        return PlanStatus.NO_PLAN
    if every and all(run.stage_status.get(tiers[0]) == cp_model.OPTIMAL for tiers in stages):
        return PlanStatus.OPTIMAL
    return PlanStatus.FEASIBLE


def result_of(prepared: Prepared, built: BuiltModel | None, run: Run,
            penalties: list[PenaltySummary], stages: list[tuple[int, ...]],
            every: bool) -> SolveResult:
    """The result of the run: the plan of ``run.values``. ``every``: the candidates are every
    legal placement (:func:`solver.shift_grid.every_placement`)."""
    from solver.gaps import explain_gaps
    from solver.replan import diff_plans

    scenario, params = prepared.scenario, prepared.params
    # Optimal over the candidates is a proof over every plan only when they are every placement.
    status = _status(run, stages, every)
    shifts = extract_shifts(prepared, run.values) if run.values is not None else []
    # ... or when the pruned candidates' optimum was proven over every placement too.
    optimal = (every or run.coverage_every) and (
        run.stage_status.get(TIER_COVERAGE) == cp_model.OPTIMAL
        or bound_met(run, TIER_COVERAGE))
    draft = Plan(params.period, tuple(shifts))
    rows = coverage(scenario, draft, prepared.grid)
    shortfall = sum(row.missing_minutes for row in rows)
    calendars = prepared.calendars
    deadline = None if params.deterministic else run.started + params.time_limit_s
    # Or it misses only where nobody could be or the team has no more hours (nothing missing
    # proves itself too), found in at most a share of the time left: the gaps' reasons too
    # need time.
    proven = optimal or (not run.cancelled and proven_minimal(
        scenario, draft, rows, calendars,
        None if deadline is None
        else time.monotonic() + PROOF_SHARE * (deadline - time.monotonic()),
        replan=params.previous is not None))
    # The largest model searched: the whole model, or a larger one of every placement
    # (solver.every_placement), or the largest part where no whole model was built.
    size = max(run.largest_part, (len(built.model.proto.variables),
                                  len(built.model.proto.constraints))
               if built is not None else (0, 0))
    stats = PlanStatistics(
        status=status, objective=run.coverage_objective, best_bound=run.coverage_bound,
        shortfall_minutes=shortfall, shortfall_proven_minimal=proven and not run.cancelled,
        variables=size[0], constraints=size[1],
        solutions=run.solutions, first_solution_seconds=run.first_solution_s,
        wall_seconds=run.elapsed, seed=params.seed, workers=params.workers)
    plan = Plan(params.period, tuple(shifts), statistics=stats,
                target_id=scenario.active_target_id)
    plan = Plan(plan.period, plan.shifts,
                explain_gaps(scenario, plan, proven=stats.shortfall_proven_minimal, rows=rows,
                             calendars=calendars, deadline=deadline),
                stats, plan.target_id)
    diff = diff_plans(scenario, params.previous, plan) if params.previous is not None else None
    messages = (*run.messages, *kept_rule_breaks(prepared, plan))
    return SolveResult(status, plan, diff, tuple(penalties), messages, tuple(run.stages),
                       *plan_reports(prepared, plan))
