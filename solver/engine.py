"""``solve()``: build the model, optimise tier by tier, report progress, honour cancel.

Lexicographic stages. Stage 1 minimises the priority-weighted shortfall (in a re-plan, then the
changes against the previous plan, in the same search: see :func:`stage_objective`); its best
value becomes a constraint (``objective <= best``) and the solution a hint for stage 2 (people:
fairness, preferences, minimum hours), whose value bounds stage 3 (money), or money then
people when the manager asks for the cheapest plan. So no fairness or cost weight can ever buy
a missing person, and no fairness weight can move a shift a re-plan did not have to move.
Stage 1 gets 80 % of the time left in a new plan (in a re-plan 55 %, or 80 % when its start
misses more than a tenth of the demand; what it does not use passes on), the rest is shared 3:1
between people and money; a stage that ends without proof still fixes only the value it
reached, and a stage that finds nothing ends the search (the best plan so far stands).

A new plan searches only stage 1 on the whole model; people and money re-plan a few agents'
weeks at a time against everyone else's shifts (:mod:`solver.neighbourhoods`), with each
requirement's shortfall capped at what the plan misses, so they run even when the whole model
is too big to search again (or to build at all) in the time left. A flexible team's plan of
several weeks whose whole model is too big to search well does stage 1 a week at a time too,
and a team on fixed shifts too big for the whole model a group of agents over the whole period
at a time (:mod:`solver.coverage_windows`); neither builds a whole model. A new plan's
coverage search on the whole model that is proven before its time is up over the pruned
candidates goes on over every legal placement, where that model is small enough
(:mod:`solver.every_placement`): a plan that misses less, or the proof over every plan. After
coverage, a new plan takes the legal shifts the candidates leave out where a gap can use them
(:mod:`solver.gap_fill`) into its candidates, so that people and money can move them too, and
looks for more once they are done, in the time kept back for finishing; the gap reasons stop
searching at the time limit.

A new plan of a team on a few fixed shifts a day starts from the better of two first rotas:
the greedy one, day by day, and one that plans how many shifts start when before giving them
to agents (:mod:`solver.headcount`). Before stage 1 of a new plan, the LP relaxation (GLOP) and
a search in its neighbourhood (RENS, :mod:`solver.relaxation`) give a lower bound and, when it
misses less than the start, the hint stage 1 starts from. Both are tried only where they pay
(:mod:`solver.starts`).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from models.domain import (
    Plan,
    PlanStatistics,
    PlanStatus,
    Scenario,
)
from solver.coverage_moves import move_in_run
from solver.coverage_windows import SHARE as WINDOWS_SHARE
from solver.coverage_windows import by_windows, improve_coverage
from solver.every_placement import search_every_placement
from solver.gap_fill import fill_plan_gaps
from solver.model import (
    BuiltModel,
    Prepared,
    build_model,
    extract_shifts,
    prepare,
    stage_tiers,
)
from solver.neighbourhoods import improve_later_stages, plan_shortfall
from solver.outcome import bound_met, result_of, take_coverage
from solver.reports import plan_penalties, summarize
from solver.search import Callback, Overtime, Run, configured_solver, run_search
from solver.shift_grid import every_placement
from solver.soft import TIER_COVERAGE
from solver.stage_order import keep_coverage, real_shortfall, shortfall_minutes, stage_objective
from solver.starts import (
    misses_more_than,
    relaxation_worth_trying,
    start_from_headcount,
    start_from_relaxation,
)
from solver.types import (
    CancelToken,
    Progress,
    SolveParams,
    SolveResult,
    StageOutcome,
)

STAGE_NAMES = {1: "coverage", 3: "fairness", 4: "cost"}  # named after its first tier
# After coverage, the time left is shared in these proportions (fairness needs more: its
# terms span the whole period; the cost stage mostly drops shifts nobody needs).
STAGE_WEIGHTS = {3: 3.0, 4: 1.0}
# The same, searched by neighbourhoods: a week of a few agents' money is one or two steps,
# fairness between alike agents takes many (demo team, 28 days: a step every 1.5 s).
NEIGHBOURHOOD_WEIGHTS = {3: 5.0, 4: 1.0}
# Of the time left, for a re-plan's coverage stage when later stages follow: they load and
# presolve the whole model again, and its coverage starts from the plan it repairs.
COVERAGE_SHARE = 0.55
# ... and this much for a new plan's, or a re-plan's whose start misses more than this share
# of the demand: coverage comes first, and there is much of it to gain. Measured at 10 s:
# support desk of 10 agents, whose first rota misses 34 %, 776 h after the coverage stage
# instead of 796-812 h; follow the sun of 40 agents (start 3.6 % short), 18-26 h in the final
# plan instead of 30-43 h over three seeds, nights and weekends spread as before.
FAR_FROM_COVERED = 0.1
COVERAGE_SHARE_FIRST = 0.8
# A new plan's coverage search whose best plan is one unit from its proven bound when its share
# ends (the next better plan would be proven optimal) goes on up to this share instead
# (solver.search.Overtime). Follow the sun of 40 agents at 30 s, the bench's instance, solver
# seeds 0-4: 15 h (proven) in 21 runs of 23 with this and RENS's sooner stall before a long
# search (solver.starts.STALL_BEFORE_LONG_SEARCH), against 2 of 8 with neither and 3 of 8 with
# the stall alone; four more instances unchanged (13, 9, 8, 29 h). In the 9 runs where it was
# logged, the overtime started once (16 h, bound 15 h) and did not find 15 h in its 2.3 s: the
# runs vary much, and most of the gain is the whole model's earlier start. Fairness there
# stayed within one shift (nights 5-6 h apart against 2-4 h, weekends 8 h).
NEAR_PROOF_SHARE = 0.9
# A later stage with less than this is skipped: presolve alone takes that long, or about as
# long as building the model took, whichever is more.
MIN_STAGE_S = 1.0
# The time limit covers the whole call. Turning the solution into a plan and explaining its
# gaps takes up to about as long as preparing the candidates did (re-plan of 150 agents:
# 0.5-0.8 s against 0.5-0.7 s), so twice that is kept back from CP-SAT (room for a busy
# machine), at most this share of the limit (demo team, 28 days, 20 s: done 17.6-18.6 s
# after the start with a fifth kept back, 1.4-2.4 s unused).
FINISH_SHARE = 0.15
FINISH_PER_PREPARE = 2.0
# Of that time kept back: for adding the legal shifts the candidates leave out where a gap can
# use them (solver.gap_fill), right after coverage (what it leaves passes to the later stages);
# of the rest, this share again for a last look after them. Explaining the gaps took 0.2-0.6 s
# of the demo's 3 s.
FILL_SHARE = 0.5
# The final plan's penalties take a model of it with every shift fixed (0.03 s on the demo
# team, 0.3 s on a desk of 400 agents): at least this long, even when the limit is reached.
SUMMARY_MIN_S = 0.5
# A new plan's coverage search that has not even reported its hint (still in presolve) after
# this share of its time is stopped (demo team, 28 days: presolve alone over 4 s): the stages
# after it improve coverage as well, a few agents at a time.
GIVE_UP_SHARE = 0.5
# Of the time left after a whole model's coverage stage that was not proven optimal, at most
# this share for moving single shifts (solver.coverage_moves; they end sooner when no move is
# left): follow the sun of 150 agents, the plan after its 60 s solve, 51 h uncovered to 50 h,
# the stage's bound, in 0.6 s.
MOVES_SHARE = 0.2
# Building the model takes about this many times as long as preparing the candidates (demo
# team, 28 days: 14.3 s against 10.7 s on a busy machine).
BUILD_PER_PREPARE = 1.3


def _solve_stage(built: BuiltModel, params: SolveParams, run: Run, tiers: tuple[int, ...],
                 limit_s: float, overtime_s: float = 0.0) -> cp_model.CpSolver | None:
    """One stage, ending ``limit_s`` from now (deterministic mode: that much deterministic
    time), the time to add its terms included; its search may go on ``overtime_s`` more when
    one better plan would prove it optimal (:class:`solver.search.Overtime`)."""
    stop_at = run.elapsed + limit_s
    for tier in tiers:
        built.add_tier(tier, run.values)
    objective, scale = stage_objective(built.terms, tiers)
    built.model.minimize(objective)
    tier = tiers[0]
    proven = None
    new_plan = tier == TIER_COVERAGE and params.previous is None and not params.deterministic
    if new_plan and relaxation_worth_trying(built, run, limit_s):
        proven = start_from_relaxation(built, params, run, scale, limit_s,
                                       STAGE_NAMES[TIER_COVERAGE])
    if proven is not None:
        solver, status = proven, cp_model.OPTIMAL
    else:
        if run.values is not None:
            built.vars.hint_values(run.values, complete=True)
        floor = None if run.relaxation_bound is None else run.relaxation_bound * scale
        overtime = Overtime(stop_at, scale, floor) if overtime_s > 0 else None
        solver = configured_solver(params, stop_at + overtime_s - run.elapsed,
                                    limit_s if params.deterministic else None,
                                    coverage=tier == TIER_COVERAGE)
        # Support desk of 10 agents, 7 days, 30 s: the search reached the relaxation's bound
        # at 10 s and, without it, searched on to 26.7 s.
        callback = Callback(run, STAGE_NAMES.get(tier, str(tier)), built, scale, floor)
        # A new plan's later stages need no whole model (solver.neighbourhoods): when
        # presolve alone eats this much of the search, its time is theirs.
        give_up = GIVE_UP_SHARE * (stop_at - run.elapsed) if new_plan else None
        status = run_search(run, solver, built.model, callback, give_up, overtime=overtime)
    run.stage_status[tier] = status
    run.deterministic_used += solver.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    run.values = [bool(solver.boolean_value(x)) for x in built.vars.x]
    if tier == TIER_COVERAGE:
        take_coverage(run, solver, scale, run.relaxation_bound)
    missing = real_shortfall(built, solver.value)
    if tier == TIER_COVERAGE:
        keep_coverage(built, missing)
    run.stages.append(StageOutcome(STAGE_NAMES.get(tier, str(tier)),
                                   shortfall_minutes(built, missing),
                                   status == cp_model.OPTIMAL or bound_met(run, tier)))
    built.model.add(objective <= round(solver.objective_value))
    return solver


def _coverage_share(built: BuiltModel, run: Run) -> float:
    """The coverage stage's share of the time when later stages follow: more for a new plan,
    or when the start misses much of the demand (coverage comes first; there is much to gain)."""
    if (built.prepared.params.previous is None
            or misses_more_than(built.prepared, run, FAR_FROM_COVERED)):
        return COVERAGE_SHARE_FIRST
    return COVERAGE_SHARE


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
    run = Run(time.monotonic(), on_progress, cancel)
    prepared = prepare(scenario, params)
    # What prepare made lives to the end of the solve: kept out of the collector's way, each
    # collection among the many objects the models make is quick (400 agents: a step's
    # sub-model made in 0.69 s instead of 1.02 s).
    gc.freeze()
    try:
        return _planned(prepared, run)
    finally:
        gc.unfreeze()


def _planned(prepared: Prepared, run: Run) -> SolveResult:
    """The solve after :func:`solver.model.prepare`."""
    scenario, params, on_progress = prepared.scenario, prepared.params, run.on_progress
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
    reserve = min(FINISH_PER_PREPARE * run.elapsed, FINISH_SHARE * params.time_limit_s)
    deadline = params.time_limit_s - reserve
    start_from_headcount(prepared, run, deadline, STAGE_NAMES[TIER_COVERAGE])
    # A new plan's later stages (people, money) re-plan a few agents at a time against the
    # others' shifts (solver.neighbourhoods): small models that need no full model of their
    # own. A re-plan searches the whole model in every stage (its changes tier binds them all).
    by_neighbourhood = params.previous is None
    searched = stages[:1] if by_neighbourhood else stages
    built, last_solver = None, None
    if by_neighbourhood and not params.deterministic and by_windows(prepared):
        # Many placements a day: the whole model is too big to search, a week at a time is not.
        improve_coverage(prepared, run,
                         run.elapsed + WINDOWS_SHARE * (deadline - run.elapsed))
        run.stage_status[TIER_COVERAGE] = cp_model.FEASIBLE
        run.stages.append(StageOutcome(STAGE_NAMES[TIER_COVERAGE],
                                       plan_shortfall(prepared, run.values), False))
    elif params.deterministic or (deadline - run.elapsed
                                  >= BUILD_PER_PREPARE * run.elapsed + MIN_STAGE_S):
        building = run.elapsed
        built = build_model(prepared, lambda: run.cancelled)
        run.build_seconds = run.elapsed - building
    # else no time to build the whole model and search it: the first rota stands for coverage.
    if built is not None:
        # What a new plan's coverage stage may take, from its start (the search itself may
        # end sooner, proven over the pruned candidates).
        coverage_until = run.elapsed + COVERAGE_SHARE_FIRST * (deadline - run.elapsed)
        last_solver = _solve_stages(built, params, run, searched, deadline,
                                    later=len(stages) - len(searched))
        if by_neighbourhood and not params.deterministic:
            _move_shifts(prepared, run, run.elapsed + MOVES_SHARE * (deadline - run.elapsed))
            prepared = search_every_placement(prepared, run, coverage_until,
                                              STAGE_NAMES[TIER_COVERAGE])
    penalties = summarize(built.terms, last_solver) if built and last_solver else []
    # Every legal placement the candidates leave out, where a gap can use it: right after
    # coverage, taken into the candidates so that the later stages can move those shifts too,
    # and once more at the end. The later stages have what the first filling leaves of its
    # time (support desk of 150 agents at 60 s: it took 0.7 s of 3.7 s).
    # Where the candidates are every legal placement, filling can only add one the search left
    # out, which the last look finds as well: such a team fills only at the end (follow the sun
    # of 400 agents: a first filling took 3.5 s of the people stage's time for 1 h).
    fills = by_neighbourhood and not params.deterministic
    finish = (1 - FILL_SHARE) * reserve if fills else reserve
    every = prepared.every or every_placement(scenario, prepared.grid)
    if fills and not every:
        prepared = fill_plan_gaps(prepared, run, run.elapsed + FILL_SHARE * reserve)
    if by_neighbourhood and not run.cancelled and not run.rejected_locked:
        improve_later_stages(prepared, run, stages[1:], params.time_limit_s - finish,
                             NEIGHBOURHOOD_WEIGHTS)
    if fills:
        prepared = fill_plan_gaps(prepared, run, max(run.elapsed, params.time_limit_s - finish)
                                  + FILL_SHARE * finish)
    if by_neighbourhood and run.values is not None and not run.cancelled:
        # The later stages' sub-models hold a few agents' demand, and the filling comes after
        # them: the penalties are the whole final plan's (desk of 400 agents: 0.3 s).
        penalties = plan_penalties(prepared, run, run.values, tuple(t for s in stages for t in s),
                                   max(SUMMARY_MIN_S, params.time_limit_s - run.elapsed))
    return result_of(prepared, built, run, penalties, stages, every)


def _move_shifts(prepared: Prepared, run: Run, deadline: float) -> None:
    """Single shifts moved where the demand is (:mod:`solver.coverage_moves`) after a coverage
    stage on the whole model that was not proven optimal, until ``deadline`` (seconds since
    the run started); the stage's outcome and objective become the moved plan's, which proves
    it optimal when it reaches the stage's bound."""
    if (run.cancelled or run.values is None
            or run.stage_status.get(TIER_COVERAGE) != cp_model.FEASIBLE
            or bound_met(run, TIER_COVERAGE)):
        return
    found = move_in_run(prepared, run, deadline)
    if found is None:
        return
    moved, shortfall = found
    if run.coverage_objective is not None:
        # Response requirements' holes can only shrink: the value is at most this.
        run.coverage_objective -= moved.gained
    last = next(i for i in reversed(range(len(run.stages)))
                if run.stages[i].name == STAGE_NAMES[TIER_COVERAGE])
    run.stages[last] = StageOutcome(STAGE_NAMES[TIER_COVERAGE], shortfall,
                                    bound_met(run, TIER_COVERAGE))


def _solve_stages(built: BuiltModel, params: SolveParams, run: Run,
                  stages: list[tuple[int, ...]], deadline: float,
                  later: int) -> cp_model.CpSolver | None:
    """The stages searched on the whole model, one after the other (``later`` more follow
    them elsewhere); the solver of the last that found a plan."""
    min_stage = max(MIN_STAGE_S, run.build_seconds)
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
        after = len(stages) - position - 1 + later
        overtime = 0.0
        if position == 0 and after:
            # Coverage first: it keeps everything when the later stages would get too little.
            share = _coverage_share(built, run)
            share = share if remaining * (1 - share) >= min_stage else 1.0
            if (params.previous is None and not params.deterministic
                    and remaining * (1 - NEAR_PROOF_SHARE) >= min_stage):
                overtime = remaining * (NEAR_PROOF_SHARE - share)
        else:
            weights = [STAGE_WEIGHTS.get(t[0], 1.0) for t in stages[position:]]
            share = weights[0] / sum(weights)
            if after and remaining * (1 - share) < min_stage:
                share = 1.0
        stage_solver = _solve_stage(built, params, run, tiers, remaining * share, overtime)
        if stage_solver is not None:
            last_solver = stage_solver
        elif run.stage_status[tiers[0]] == cp_model.INFEASIBLE:
            # Locked shifts that break a rule are planned around
            # (solver.contract_rules.base.at_most), so this is a rule the model and the first
            # plan disagree on: keep the first plan (complete, every locked shift in it)
            # rather than return nothing.
            run.messages.append("the model rejected the locked shifts; the plan is the "
                                "first complete rota, not optimised")
            run.rejected_locked = True
            break
        else:
            # Nothing found in time: the stages after it would optimise without its bound
            # (a cost stage could undo fairness), so the best plan so far stands.
            break
    return last_solver
