"""``solve()``: build the model, optimise tier by tier, report progress, honour cancel.

Lexicographic stages. Stage 1 minimises the priority-weighted shortfall (in a re-plan, then the
changes against the previous plan, in the same search: see :func:`stage_objective`); its best
value becomes a constraint (``objective <= best``) and the solution a hint for stage 2 (people:
fairness, preferences, minimum hours), whose value bounds stage 3 (money), or money then
people when the manager asks for the cheapest plan. So no fairness or cost weight can ever buy
a missing person, and no fairness weight can move a shift a re-plan did not have to move.
Stage 1 gets 55 % of the time left (what it does not use passes on), the rest is shared 3:1
between people and money; a stage that ends without proof still fixes only the value it
reached, and a stage that finds nothing ends the search (the best plan so far stands).

Before stage 1 of a new plan, the LP relaxation (GLOP) and a search in its neighbourhood (RENS,
:mod:`solver.relaxation`) give a lower bound and, when it misses less than the greedy rota, the
hint stage 1 starts from.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from models.coverage import coverage
from models.domain import Plan, PlanStatistics, PlanStatus, Scenario, Shift, ShiftOrigin
from solver.candidates import every_placement
from solver.model import BuiltModel, Prepared, build_model, prepare, stage_tiers
from solver.relaxation import rens_model, solve_relaxation
from solver.rules import shift_id
from solver.soft import TIER_COVERAGE, PenaltyTerm
from solver.stage_order import keep_coverage, real_shortfall, shortfall_minutes, stage_objective
from solver.types import (
    CancelToken,
    CostReport,
    FairnessReport,
    PenaltySummary,
    Progress,
    SolveParams,
    SolveResult,
    StageOutcome,
)

STAGE_NAMES = {1: "coverage", 3: "fairness", 4: "cost"}  # named after its first tier
# After coverage, the time left is shared in these proportions (fairness needs more: its
# terms span the whole period; the cost stage mostly drops shifts nobody needs).
STAGE_WEIGHTS = {3: 3.0, 4: 1.0}
PROGRESS_INTERVAL_S = 0.1
# Of the time left, for the coverage stage when later stages follow: the fairness stage needs
# time to load and presolve the whole model again before it can move a shift.
COVERAGE_SHARE = 0.55
# A later stage with less than this is skipped: presolve alone takes that long, or about as
# long as building the model took, whichever is more.
MIN_STAGE_S = 1.0
# The time limit covers the whole call. Turning the solution into a plan and explaining its
# gaps takes up to about as long as preparing the candidates did (re-plan of 150 agents:
# 0.5-0.8 s against 0.5-0.7 s), so twice that is kept back from CP-SAT (room for a busy
# machine), at most this share of the limit.
FINISH_SHARE = 0.2
FINISH_PER_PREPARE = 2.0
# Of the coverage stage's time: for GLOP on the relaxation, then for CP-SAT in its neighbourhood
# (RENS, solver.relaxation). What they do not use passes on to the coverage stage itself.
RELAXATION_SHARE = 0.3
RENS_SHARE = 0.35
# A greedy rota that misses at most this share of the demand is a start CP-SAT polishes well
# (desk M: 0.3 %, 0 h after 10 s), and there GLOP is slowest (desk M: 35 s): no relaxation.
RELAXATION_SKIP_BELOW = 0.01
# Building the model takes about this many times as long as preparing the candidates (demo
# team, 28 days: 14.3 s against 10.7 s on a busy machine).
BUILD_PER_PREPARE = 1.3


@dataclass
class _Run:
    """What one solve() call accumulates across its stages."""

    started: float
    on_progress: Callable[[Progress], None] | None
    cancel: CancelToken | None
    solutions: int = 0
    first_solution_s: float | None = None
    last_emit: float = -1.0
    values: list[bool] | None = None
    stage_status: dict[int, Any] = field(default_factory=dict)
    coverage_objective: float | None = None
    coverage_bound: float | None = None
    deterministic_used: float = 0.0
    messages: list[str] = field(default_factory=list)
    stages: list[StageOutcome] = field(default_factory=list)
    relaxation_bound: float | None = None  # the LP relaxation's bound of the coverage stage
    hint_shortfall_minutes: int = 0  # of the plan in ``values``, before CP-SAT improves it

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.cancelled


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, run: _Run, stage: str, built: BuiltModel, scale: int) -> None:
        super().__init__()
        self._run, self._stage, self._built, self._scale = run, stage, built, scale

    def on_solution_callback(self) -> None:
        run = self._run
        run.solutions += 1
        if run.first_solution_s is None:
            run.first_solution_s = run.elapsed
        if run.cancelled:
            self.stop_search()
            return
        now = run.elapsed
        if run.on_progress is not None and now - run.last_emit >= PROGRESS_INTERVAL_S:
            run.last_emit = now
            missing = real_shortfall(self._built, self.value)
            run.on_progress(Progress(now, self.objective_value // self._scale,
                                     self.best_objective_bound // self._scale,
                                     run.solutions, shortfall_minutes(self._built, missing),
                                     self._stage))


def _watch_cancel(run: _Run, solver: cp_model.CpSolver, done: threading.Event) -> None:
    """Stop the search the moment the token is cancelled, not only at the next solution."""
    assert run.cancel is not None
    while not done.is_set():
        if run.cancel.wait(0.05):
            solver.stop_search()
            return


def _configured_solver(params: SolveParams, limit_s: float,
                       deterministic_s: float | None = None) -> cp_model.CpSolver:
    """A CP-SAT solver with the engine's parameters, ending ``limit_s`` from now."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, limit_s)
    if deterministic_s is not None:
        solver.parameters.max_time_in_seconds = max(0.05, params.time_limit_s) * 10
        solver.parameters.max_deterministic_time = max(0.05, deterministic_s)
        solver.parameters.interleave_search = True
    solver.parameters.num_workers = params.workers
    solver.parameters.max_memory_in_mb = params.max_memory_mb
    solver.parameters.random_seed = params.seed
    # Symmetry detection and probing cost seconds of presolve on these models and buy nothing.
    solver.parameters.symmetry_level = 0
    # Ctrl+C is ours (the cancel token keeps the best plan): CP-SAT's own SIGINT handler aborts
    # the process when the search runs off the main thread.
    solver.parameters.catch_sigint_signal = False
    solver.parameters.cp_model_probing_level = 0
    # One presolve round, not three: on 150 agents the later rounds took 9 of 16 s of presolve
    # and the search from the less reduced model did better in the same time (L: shortfall
    # 91.5 h and 14.5 h against 97.5 h and 109.5 h at 60 s, seeds 0 and 1).
    solver.parameters.max_presolve_iterations = 1
    # For diagnosing a slow model: CP-SAT's own search log on stderr.
    solver.parameters.log_search_progress = bool(os.environ.get("COVERAGE_SCHEDULER_CPSAT_LOG"))
    return solver


def _run_search(run: _Run, solver: cp_model.CpSolver, model: cp_model.CpModel,
                callback: _Callback) -> Any:
    """``solver.solve``, stopped the moment the run's cancel token is cancelled."""
    done = threading.Event()
    watcher = None
    if run.cancel is not None:
        watcher = threading.Thread(target=_watch_cancel, args=(run, solver, done), daemon=True)
        watcher.start()
    try:
        return solver.solve(model, callback)
    finally:
        done.set()
        if watcher is not None:
            watcher.join()


def _start_from_relaxation(built: BuiltModel, params: SolveParams, run: _Run, scale: int,
                           limit_s: float) -> cp_model.CpSolver | None:
    """RENS before the coverage stage (see :mod:`solver.relaxation`): the relaxation's bound
    is kept, and the plan found in its neighbourhood replaces the greedy rota as the hint when
    it misses less. When that plan meets the relaxation's bound it is optimal: its solver is
    returned and the coverage stage needs no search of its own (its time passes on)."""
    started = run.elapsed
    relaxation = solve_relaxation(built.model, RELAXATION_SHARE * limit_s)
    if relaxation is None or run.cancelled:
        return None
    run.relaxation_bound = relaxation.bound // scale
    sub, fixed = rens_model(built.model, relaxation, [x.index for x in built.vars.x])
    if fixed == 0:
        return None  # nothing integral: the neighbourhood is the whole model
    solver = _configured_solver(params, RENS_SHARE * limit_s - (run.elapsed - started))
    callback = _Callback(run, STAGE_NAMES[TIER_COVERAGE], built, scale)
    status = _run_search(run, solver, sub, callback)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    found = shortfall_minutes(built, real_shortfall(built, solver.value))
    if run.values is None or found < run.hint_shortfall_minutes:
        run.values = [bool(solver.boolean_value(x)) for x in built.vars.x]
        run.hint_shortfall_minutes = found
    # Same variables as the model, so its values read the model's expressions.
    return solver if solver.objective_value <= relaxation.bound else None


def _solve_stage(built: BuiltModel, params: SolveParams, run: _Run, tiers: tuple[int, ...],
                 limit_s: float) -> cp_model.CpSolver | None:
    """One stage, ending ``limit_s`` from now (deterministic mode: that much deterministic
    time), the time to add its terms included."""
    stop_at = run.elapsed + limit_s
    for tier in tiers:
        built.add_tier(tier, run.values)
    objective, scale = stage_objective(built.terms, tiers)
    built.model.minimize(objective)
    tier = tiers[0]
    proven = None
    if (tier == TIER_COVERAGE and params.previous is None and not params.deterministic
            and run.hint_shortfall_minutes > RELAXATION_SKIP_BELOW * _demand_minutes(built)):
        proven = _start_from_relaxation(built, params, run, scale, limit_s)
    if proven is not None:
        solver, status = proven, cp_model.OPTIMAL
    else:
        if run.values is not None:
            built.vars.hint_values(run.values, complete=True)
        solver = _configured_solver(params, stop_at - run.elapsed,
                                    limit_s if params.deterministic else None)
        callback = _Callback(run, STAGE_NAMES.get(tier, str(tier)), built, scale)
        status = _run_search(run, solver, built.model, callback)
    run.stage_status[tier] = status
    run.deterministic_used += solver.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    run.values = [bool(solver.boolean_value(x)) for x in built.vars.x]
    if tier == TIER_COVERAGE:  # a lower bound of the scaled value, divided, is one of it
        run.coverage_objective = solver.objective_value // scale
        run.coverage_bound = max(solver.best_objective_bound // scale,
                                 run.relaxation_bound if run.relaxation_bound is not None
                                 else -math.inf)
    missing = real_shortfall(built, solver.value)
    if tier == TIER_COVERAGE:
        keep_coverage(built, missing)
    run.stages.append(StageOutcome(STAGE_NAMES.get(tier, str(tier)),
                                   shortfall_minutes(built, missing),
                                   status == cp_model.OPTIMAL or _bound_met(run, tier)))
    built.model.add(objective <= round(solver.objective_value))
    return solver


def _demand_minutes(built: BuiltModel) -> int:
    """Person-minutes the coverage target asks for in the period."""
    grid = built.grid
    return sum(d.headcount * grid.slot_minutes(d.slot) for d in built.prepared.demands)


def _bound_met(run: _Run, tier: int) -> bool:
    """The coverage stage reached a bound: optimal even if CP-SAT did not prove it itself."""
    return (tier == TIER_COVERAGE and run.coverage_objective is not None
            and run.coverage_bound is not None
            and run.coverage_objective <= run.coverage_bound)


def solve(scenario: Scenario, params: SolveParams, *,
          on_progress: Callable[[Progress], None] | None = None,
          cancel: CancelToken | None = None) -> SolveResult:
    """A plan for ``params.period``: always a plan plus its gaps unless the input is invalid."""
    from solver.rolling import ROLLING_DAYS, solve_rolling

    if params.period.days > ROLLING_DAYS:
        return solve_rolling(scenario, params, on_progress=on_progress, cancel=cancel)
    return _solve(scenario, params, on_progress, cancel)


def _solve(scenario: Scenario, params: SolveParams,
           on_progress: Callable[[Progress], None] | None,
           cancel: CancelToken | None) -> SolveResult:
    run = _Run(time.monotonic(), on_progress, cancel)
    prepared = prepare(scenario, params)
    # The greedy rota keeps every hard rule: it is the first complete plan, ready before the
    # model is built, and what a cancel from here on returns.
    run.values = prepared.first.values
    run.hint_shortfall_minutes = prepared.first.shortfall_minutes
    run.first_solution_s = run.elapsed
    run.solutions = 1
    if on_progress is not None:
        first = Plan(params.period, tuple(extract_shifts(prepared, run.values)),
                     statistics=PlanStatistics(
                         status=PlanStatus.FEASIBLE, solutions=1, seed=params.seed,
                         first_solution_seconds=run.elapsed, wall_seconds=run.elapsed,
                         workers=params.workers),
                     target_id=scenario.active_target_id)
        on_progress(Progress(run.elapsed, prepared.first.objective, None, 1,
                             prepared.first.shortfall_minutes, STAGE_NAMES[TIER_COVERAGE],
                             first_plan=first))
    stages = stage_tiers(params)
    deadline = params.time_limit_s - min(FINISH_PER_PREPARE * run.elapsed,
                                         FINISH_SHARE * params.time_limit_s)
    if not params.deterministic and (deadline - run.elapsed
                                     < BUILD_PER_PREPARE * run.elapsed + MIN_STAGE_S):
        # No time to build the model and search it: the first rota, made fairer by the
        # repair (solver.fairness_repair) in the time that is left.
        return _result(prepared, None, run, None, stages)
    building = run.elapsed
    built = build_model(prepared, lambda: run.cancelled)
    if built is None:
        return _result(prepared, None, run, None, stages)
    min_stage = max(MIN_STAGE_S, run.elapsed - building)
    last_solver: cp_model.CpSolver | None = None
    for position, tiers in enumerate(stages):
        if run.cancelled:
            break
        remaining = (params.time_limit_s - run.deterministic_used if params.deterministic
                     else deadline - run.elapsed)
        if remaining <= 0 and (last_solver is not None or not params.deterministic):
            break  # out of time: the best plan so far (at worst the greedy one) stands
        if position > 0 and not params.deterministic and remaining < min_stage:
            break  # too little for CP-SAT even to presolve: the stage would change nothing
        later = len(stages) - position - 1
        if position == 0 and later:
            # Coverage first: it keeps everything when the later stages would get too little.
            share = COVERAGE_SHARE if remaining * (1 - COVERAGE_SHARE) >= min_stage else 1.0
        else:
            weights = [STAGE_WEIGHTS.get(t[0], 1.0) for t in stages[position:]]
            share = weights[0] / sum(weights)
            if later and remaining * (1 - share) < min_stage:
                share = 1.0
        stage_solver = _solve_stage(built, params, run, tiers, remaining * share)
        if stage_solver is not None:
            last_solver = stage_solver
        elif run.stage_status[tiers[0]] == cp_model.INFEASIBLE:
            # Locked shifts that break a rule are planned around (solver.hard._at_most), so
            # this is a rule the model and the first plan disagree on: keep the first plan
            # (complete, every locked shift in it) rather than return nothing.
            run.messages.append("the model rejected the locked shifts; the plan is the "
                                "first complete rota, not optimised")
            break
        else:
            # Nothing found in time: the stages after it would optimise without its bound
            # (a cost stage could undo fairness), so the best plan so far stands.
            break
    return _result(prepared, built, run, last_solver, stages)


def _status(run: _Run, stages: list[tuple[int, ...]], every: bool) -> PlanStatus:
    """OPTIMAL only when every stage was proven and the candidates were every placement."""
    if run.cancelled:
        return PlanStatus.CANCELLED
    if run.values is None:
        return PlanStatus.NO_PLAN
    if every and all(run.stage_status.get(tiers[0]) == cp_model.OPTIMAL for tiers in stages):
        return PlanStatus.OPTIMAL
    return PlanStatus.FEASIBLE


def extract_shifts(prepared: Prepared, values: list[bool]) -> list[Shift]:
    """The chosen candidates as shifts, with stable ids (previous ids reused)."""
    params = prepared.params
    previous = params.previous.shifts if params.previous is not None else ()
    previous_by_day = {(s.agent_id, c.day): s.id for c in prepared.candidates
                       if (s := c.shift) is not None}
    shifts: list[Shift] = []
    used: set[str] = set()
    owners = {s.id: s.agent_id for s in previous}
    for c, chosen in zip(prepared.candidates, values, strict=True):
        if not chosen:
            continue
        if c.fixed and c.shift is not None:
            shifts.append(c.shift)
            used.add(c.shift.id)
            continue
        sid = c.shift.id if c.shift is not None else previous_by_day.get(
            (c.agent.id, c.day), shift_id(c.agent.id, c.day))
        if sid in used or owners.get(sid, c.agent.id) != c.agent.id:
            sid = shift_id(c.agent.id, c.day)
        while sid in used:  # only a hand-made previous plan can get here
            sid += ".1"
        used.add(sid)
        shifts.append(Shift(sid, c.agent.id, c.start, c.end, duty=c.duty,
                            origin=ShiftOrigin.SOLVER))
    return sorted(shifts, key=lambda s: (s.start, s.agent_id))


def _result(prepared: Prepared, built: BuiltModel | None, run: _Run,
            last_solver: cp_model.CpSolver | None,
            stages: list[tuple[int, ...]]) -> SolveResult:
    from solver.gaps import explain_gaps
    from solver.replan import diff_plans

    scenario, params = prepared.scenario, prepared.params
    _repair_if_unfair(prepared, run)
    # Optimal over the candidates is a proof over every plan only when they are every placement.
    every = every_placement(scenario, prepared.grid)
    status = _status(run, stages, every)
    shifts = extract_shifts(prepared, run.values) if run.values is not None else []
    optimal = every and (run.stage_status.get(TIER_COVERAGE) == cp_model.OPTIMAL
                         or _bound_met(run, TIER_COVERAGE))
    penalties: list[PenaltySummary] = []
    if last_solver is not None and built is not None:
        penalties = summarize(built.terms, last_solver)
    rows = coverage(scenario, Plan(params.period, tuple(shifts)), prepared.grid)
    shortfall = sum(row.missing * int((row.end - row.start).total_seconds() // 60)
                    for row in rows)
    proven = optimal or (shortfall == 0 and not run.cancelled)  # nothing missing proves itself
    stats = PlanStatistics(
        status=status, objective=run.coverage_objective, best_bound=run.coverage_bound,
        shortfall_minutes=shortfall, shortfall_proven_minimal=proven and not run.cancelled,
        variables=len(built.model.proto.variables) if built is not None else 0,
        constraints=len(built.model.proto.constraints) if built is not None else 0,
        solutions=run.solutions, first_solution_seconds=run.first_solution_s,
        wall_seconds=run.elapsed, seed=params.seed, workers=params.workers)
    plan = Plan(params.period, tuple(shifts), statistics=stats,
                target_id=scenario.active_target_id)
    plan = Plan(plan.period, plan.shifts,
                explain_gaps(scenario, plan, proven=stats.shortfall_proven_minimal, rows=rows,
                             calendars={a: f.calendar for a, f in prepared.facts.items()}),
                stats, plan.target_id)
    diff = diff_plans(scenario, params.previous, plan) if params.previous is not None else None
    messages = (*run.messages, *kept_rule_breaks(prepared, plan))
    return SolveResult(status, plan, diff, tuple(penalties), messages, tuple(run.stages),
                       *plan_reports(prepared, plan))


def plan_reports(prepared: Prepared, plan: Plan) -> tuple[FairnessReport, CostReport]:
    """Fairness per agent (carried balance included) and cost by premium of the plan."""
    from solver.cost import plan_cost
    from solver.fairness import plan_fairness

    scenario, grid, facts = prepared.scenario, prepared.grid, prepared.facts
    return (plan_fairness(scenario, plan, prepared.params.carried, grid=grid, facts=facts),
            plan_cost(scenario, plan, grid=grid, facts=facts))


def _repair_if_unfair(prepared: Prepared, run: _Run) -> None:
    """When the fairness stage found nothing (no time to load the model, or none to search
    it), hand shifts over in plain Python instead (:mod:`solver.fairness_repair`): a new plan
    that is fairer and misses nobody more. Not in a re-plan (it would move shifts the re-plan
    kept) nor when cost comes first. Given at least a second, even past the limit."""
    params = prepared.params
    if (run.cancelled or run.values is None or params.previous is not None
            or params.cheapest_first or any(s.name == "fairness" for s in run.stages)):
        return
    from solver.fairness_repair import repair_stage

    left = params.time_limit_s * (1 - FINISH_SHARE) - run.elapsed
    run.values, outcome = repair_stage(prepared, run.values, time.monotonic() + max(1.0, left))
    run.stages.append(outcome)


def kept_rule_breaks(prepared: Prepared, plan: Plan) -> list[str]:
    """The rules that the plan's locked shifts break by themselves: kept, and said."""
    locked = {c.shift.id for c in prepared.candidates if c.fixed and c.shift is not None}
    if not locked:
        return []
    from solver.check import check

    names = {a.id: a.name for a in prepared.scenario.agents}
    in_plan = {s.id for s in plan.shifts}
    agents = {s.agent_id for s in plan.shifts if s.id in locked}
    found = [v for v in check(prepared.scenario, plan, agent_ids=agents)
             if (ids := set(v.shift_ids) & in_plan) and ids <= locked]
    return [f"kept a locked shift that breaks a rule: {names.get(v.agent_id, v.agent_id)}: "
            f"{v.message}" for v in found]


def summarize(terms: list[PenaltyTerm], solver: cp_model.CpSolver) -> list[PenaltySummary]:
    """Non-zero penalty terms of the solution, largest weighted first."""
    found = []
    for t in terms:
        value = int(solver.value(t.expr))
        if value:
            found.append(PenaltySummary(t.rule, t.label, t.ids, value, value * t.weight, t.tier))
    return sorted(found, key=lambda p: (p.tier, -p.weighted))
