"""The coverage stage again over every legal placement, where the pruned one ended early.

A new plan's candidates are pruned (starts on whole local hours, three lengths per contract:
:mod:`solver.candidates`) so that a whole model loads and searches fast, and an optimum over
them proves nothing about the plans they leave out. Where the coverage search on them ends
proven before its time is up, and the model of every placement is small enough to search,
that model (every start on the agent's grid, every length between the contract's minimum and
maximum) is searched in the time the coverage stage has left, from the plan found: CP-SAT
either finds a plan that misses less, which the later stages then work on, or proves over
every plan the rules allow that none misses less.

Measured on the support desk of 10 agents (30-minute grid, shifts of 4-10 h: 4.8 times the
pruned candidates), solver seeds 0 and 1, against the same code without this search:
- 7 days at 30 s: 146 h uncovered either way, now proven the least any plan misses (the
  relaxation's bound alone proves it, 0.7 s after the pruned search ends);
- 14 days at 30 s: 293.5 and 291 h against 293.5 and 292.5 h; at 60 s, 291 and 290.5 h
  (proven) against 292.5 h twice (the pruned optimum: every placement misses 1.5-2 h less).
Searched from the start instead, the model of every placement of 14 days missed 325 h at 10 s
(too big for the whole model, so week by week) against 292.5 h.
"""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from solver.model import Prepared, build_model, extract_shifts, prepare_every
from solver.neighbourhoods import objective_at
from solver.outcome import bound_met, take_coverage
from solver.relaxation import solve_relaxation
from solver.search import Callback, Run, configured_solver, run_search
from solver.shift_grid import every_placement, lengths_of
from solver.soft import TIER_COVERAGE
from solver.stage_order import real_shortfall, shortfall_minutes, stage_objective
from solver.types import StageOutcome

# At most this many candidates for the model of every placement: support desk of 10 agents,
# 14 days, 16,000. They are made only when an estimate from the pruned ones, which counts
# every start and length as if it fitted, is at most twice that.
MAX_CANDIDATES = 20_000
# Of the time left, at most this share for the relaxation (GLOP) of the model of every placement.
RELAXATION_SHARE = 0.3
# Less than this left of the coverage stage's time: not tried (building the model of every
# placement of 10 agents over 14 days takes about a second).
MIN_LEFT_S = 2.0


def search_every_placement(prepared: Prepared, run: Run, until: float,
                           name: str = "coverage") -> Prepared:
    """After a new plan's coverage search over pruned candidates that was proven optimal
    there, until ``until`` (seconds since the run started): the plan that misses less among
    every placement, with ``prepared`` for them (returned), or the proof that none does
    (``run.coverage_every``); otherwise ``prepared`` as it was."""
    if not _worth_trying(prepared, run, until):
        return prepared
    assert run.values is not None
    every, values = prepare_every(prepared, extract_shifts(prepared, run.values))
    if len(every.candidates) > MAX_CANDIDATES or run.elapsed >= until - MIN_LEFT_S:
        return prepared
    built = build_model(every, lambda: run.cancelled or run.elapsed >= until)
    if built is None or run.elapsed >= until - 1.0:
        return prepared
    built.add_tier(TIER_COVERAGE)
    objective, scale = stage_objective(built.terms, (TIER_COVERAGE,))
    built.model.minimize(objective)
    known = built.vars.hint_values(values, complete=True)
    start = objective_at(built.model, known)
    # The relaxation's bound alone may prove the plan (support desk of 10 agents, 7 days:
    # 0.2 s), where CP-SAT's own search on this model proves nothing in 14 s.
    relaxation = solve_relaxation(built.model, RELAXATION_SHARE * (until - run.elapsed))
    floor = relaxation.bound if relaxation is not None else None
    if floor is not None and floor >= start:
        run.coverage_every = True  # the plan found is the best of every plan the rules allow
        return prepared
    if run.cancelled or until - run.elapsed < MIN_LEFT_S / 2:
        return prepared
    built.model.add(objective <= round(start))  # never a plan that misses more
    solver = configured_solver(prepared.params, until - run.elapsed, coverage=True)
    status = run_search(run, solver, built.model, Callback(run, name, built, scale, floor))
    run.searched(built.model)
    run.deterministic_used += solver.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or solver.objective_value >= start:
        if status == cp_model.OPTIMAL:
            run.coverage_every = True
        return prepared
    run.values = [bool(solver.boolean_value(x)) for x in built.vars.x]
    take_coverage(run, solver, scale, floor // scale if floor is not None else None)
    run.stage_status[TIER_COVERAGE] = status
    missing = real_shortfall(built, solver.value)
    run.stages.append(StageOutcome(name, shortfall_minutes(built, missing),
                                   status == cp_model.OPTIMAL
                                   or bound_met(run, TIER_COVERAGE)))
    return every


def _worth_trying(prepared: Prepared, run: Run, until: float) -> bool:
    """A new plan's coverage search, proven over pruned candidates with time to spare, that
    misses something, and a model of every placement small enough."""
    params = prepared.params
    if (run.cancelled or run.values is None or run.rejected_locked or prepared.every
            or params.previous is not None or params.deterministic
            or until - run.elapsed < MIN_LEFT_S
            or not (run.stage_status.get(TIER_COVERAGE) == cp_model.OPTIMAL
                    or bound_met(run, TIER_COVERAGE))
            or not run.coverage_objective
            or every_placement(prepared.scenario, prepared.grid)):
        return False
    return _estimated_candidates(prepared) <= 2 * MAX_CANDIDATES


def _estimated_candidates(prepared: Prepared) -> float:
    """How many candidates every placement makes, at most: each agent's pruned ones times as
    many more lengths, and starts (whole local hours on a finer grid)."""
    g = prepared.grid.granularity
    scenario = prepared.scenario
    starts = max(1, math.ceil(60 / g))
    total = 0.0
    for agent_id, indices in prepared.by_agent.items():
        agent = scenario.agent(agent_id)
        pruned = len(lengths_of(scenario, agent, g)) or 1
        total += len(indices) * len(lengths_of(scenario, agent, g, every=True)) / pruned * starts
    return total
