"""The stages after coverage (people, then money) as a large-neighbourhood search.

The whole model of a four-week team is too big to load, presolve and improve again in what is
left of a 20 s solve (demo team, 28 days: 36,000 variables; the people stage found nothing in
4 s). Fairness does not need it: a night moves from one agent to another, and the agents who
fill in around them, while everyone else keeps their shifts. So each step re-plans a few agents
(a *neighbourhood*: the agents furthest above and below a fair share, and colleagues who cover
the same requirements) against everyone else's shifts held fixed. The sub-model is the same
model (:func:`solver.model.build_model` over fewer candidates: the others' shifts enter as
locked ones, constants), with:

- every requirement's shortfall capped at what the plan misses now
  (:func:`solver.stage_order.keep_coverage`), so no step ever costs coverage;
- the objective of each earlier later-stage tier capped at its value now, so money never buys
  back fairness (or, cheapest first, the reverse);
- the plan itself as a complete hint, so CP-SAT starts from it.

A step is kept when CP-SAT finds a strictly better value; its solution replaces the
neighbourhood's shifts. A team small enough for one neighbourhood is solved whole, and then a
proof is a proof.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.coverage import SlotCoverage, coverage
from models.domain import Plan
from solver.duty_release import release_idle_duties
from solver.fairness import cap_alike_spreads
from solver.fairness_repair import repair_fairness
from solver.greedy import Rota
from solver.model import Prepared, build_model, extract_shifts
from solver.neighbourhood_choice import Chooser, Neighbourhood
from solver.search import Run, configured_solver, run_search
from solver.soft import TIER_COST, TIER_COVERAGE, TIER_PEOPLE
from solver.stage_order import keep_coverage, real_shortfall, stage_objective
from solver.types import Progress, StageOutcome

# The most one neighbourhood may take, building its model (about half a second for the demo
# team's week) and the search; many prove their optimum sooner.
NEIGHBOURHOOD_S = 1.5
# Less than this left: no step is started (building a sub-model alone takes 0.2-0.5 s).
MIN_STEP_S = 0.6
# Of the people stage: at most this for the plain-Python hand-overs before the neighbourhoods.
# A small team's end in a second or two and pass the rest on (demo team: 1.1-1.4 s of 3.2 s);
# a large team's do not end, and use it better than the neighbourhoods. Worst alike group at
# 60 s, two or three runs each, 0.9 against 0.5: support desk of 150 agents, weekends 39-53 h
# against 55-59 h apart, nights 22-24 h against 27-29 h; follow the sun of 150, nights 8-10 h
# against 12-14 h, weekends 9-16 h against 10-14 h; of 400, the same within the runs' spread.
REPAIR_SHARE = 0.9
# Reproducible mode counts no seconds: this many neighbourhoods share the stage's budget.
DETERMINISTIC_STEPS = 24

STAGE_NAMES = {TIER_PEOPLE: "fairness"}


@dataclass
class Improvement:
    """The plan a step or a later stage leaves, and whether it was proven optimal."""

    values: list[bool]
    proven: bool = False
    step_optimal: bool = False  # the step's sub-model was solved to optimality


def improve_later_stages(prepared: Prepared, run: Run, stages: Sequence[tuple[int, ...]],
                         deadline: float, weights: dict[int, float]) -> Improvement:
    """Each later stage (the tiers after coverage) as a neighbourhood search, the time up to
    ``deadline`` (seconds since the run started; reproducible mode: what is left of the
    deterministic budget) shared by ``weights`` per stage's first tier."""
    assert run.values is not None
    params = prepared.params
    found = Improvement(list(run.values))
    done: list[int] = []
    for position, tiers in enumerate(stages):
        left = (params.time_limit_s - run.deterministic_used if params.deterministic
                else deadline - run.elapsed)
        if run.cancelled or left < MIN_STEP_S:
            break
        share = weights.get(tiers[0], 1.0) / sum(weights.get(t[0], 1.0)
                                                  for t in stages[position:])
        for tier in tiers:
            found = _search(prepared, run, found, tuple(done), tier,
                            left * share / len(tiers))
            done.append(tier)
        run.values = found.values
        run.stage_status[tiers[0]] = cp_model.OPTIMAL if found.proven else cp_model.FEASIBLE
        run.stages.append(StageOutcome(STAGE_NAMES.get(tiers[0], "cost"),
                                       plan_shortfall(prepared, found.values), found.proven))
    return found


def plan_rows(prepared: Prepared, values: Sequence[bool]) -> list[SlotCoverage]:
    """The coverage of the plan of ``values``, counted from who is on duty."""
    plan = Plan(prepared.params.period, tuple(extract_shifts(prepared, list(values))))
    return coverage(prepared.scenario, plan, prepared.grid)


def plan_shortfall(prepared: Prepared, values: Sequence[bool]) -> int:
    """Person-minutes the plan of ``values`` misses."""
    return sum(row.missing_minutes for row in plan_rows(prepared, values))


def _search(prepared: Prepared, run: Run, found: Improvement, earlier: tuple[int, ...],
            tier: int, seconds: float) -> Improvement:
    """Neighbourhood after neighbourhood for one tier, for ``seconds`` (reproducible mode: a
    fixed number of neighbourhoods sharing that much deterministic time)."""
    params = prepared.params
    chooser = Chooser(prepared, params.seed + 7919 * tier)
    whole = chooser.whole_team()
    steps = 1 if whole else DETERMINISTIC_STEPS
    end = run.elapsed + seconds
    best = dataclasses.replace(found, proven=False)
    if tier == TIER_PEOPLE and not params.deterministic:
        # Hand-overs in plain Python first: hundreds of moves a second where a neighbourhood
        # takes one, the big imbalances gone before CP-SAT polishes (demo team, 28 days:
        # night and weekend spreads of 31 h and 54 h down to 4 h and 2 h).
        fairer = repair_fairness(prepared.scenario, prepared.candidates, prepared.demands,
                                 best.values, prepared.grid, prepared.facts, params.weights,
                                 params.carried,
                                 deadline=time.monotonic() + REPAIR_SHARE * seconds)
        if fairer != best.values:
            best = Improvement(fairer)
    if tier == TIER_COST:
        released = release_idle_duties(prepared, best.values)
        if released != best.values:
            best = Improvement(released)
    for step_number in itertools.count():
        if run.cancelled:
            break
        if params.deterministic:
            if step_number >= steps:
                break
            limit = seconds / steps
        else:
            left = end - run.elapsed
            if left < MIN_STEP_S or (whole and step_number):
                break
            limit = left if whole else min(left, NEIGHBOURHOOD_S)
        free = chooser.pick(best.values, tier, step_number)
        step = replan_step(prepared, run, best.values, free, earlier, tier, limit)
        if step is None:
            continue
        improved = step.values != best.values
        best = step
        if improved and run.on_progress is not None:
            run.solutions += 1
            run.on_progress(Progress(run.elapsed, None, None, run.solutions,
                                     plan_shortfall(prepared, best.values),
                                     STAGE_NAMES.get(tier, "cost")))
    return best


def replan_step(prepared: Prepared, run: Run, values: list[bool], free: Neighbourhood,
          earlier: tuple[int, ...], tier: int, limit_s: float) -> Improvement | None:
    """Re-plan the ``free`` agents' days: the plan CP-SAT finds (never worse in any capped
    value than ``values``), or None when it finds none in time. ``limit_s`` counts from the
    call: building the sub-model is part of it (reproducible mode: CP-SAT's deterministic
    time alone)."""
    began = time.monotonic()
    sub, origin = sub_problem(prepared, values, free,
                              coverage_only=tier == TIER_COVERAGE and not earlier)
    built = build_model(sub, lambda: run.cancelled)
    if built is None:
        return None
    sub_values = sub.first.values
    for t in (*earlier, tier):
        built.add_tier(t, sub_values)
    known = built.vars.hint_values(sub_values, complete=True)
    if tier != TIER_COVERAGE:  # coverage itself is the objective of a coverage step
        keep_coverage(built, real_shortfall(built, lambda var: known[var.index]))
    if TIER_PEOPLE in (*earlier, tier):  # alike agents stay as even as the hand-overs left them
        cap_alike_spreads(built.model, sub.scenario, built.vars, prepared.params.weights,
                          sub_values, prepared.params.carried)
    for t in earlier:  # an earlier stage's value may not get worse
        objective, _ = stage_objective(built.terms, (t,))
        built.model.minimize(objective)
        built.model.add(objective <= round(objective_at(built.model, known)))
    objective, _ = stage_objective(built.terms, (tier,))
    built.model.minimize(objective)
    start = objective_at(built.model, known)
    params = prepared.params
    if params.deterministic:
        solver = configured_solver(params, limit_s, limit_s)
    else:
        left = limit_s - (time.monotonic() - began)
        if left < MIN_STEP_S / 2:
            return None  # the build took the step's time
        solver = configured_solver(params, left)
    status = run_search(run, solver, built.model)
    run.searched(built.model)
    run.deterministic_used += solver.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or solver.objective_value > start:
        return None
    improved = list(values)
    for sub_index, full_index in enumerate(origin):
        improved[full_index] = bool(solver.boolean_value(built.vars.x[sub_index]))
    optimal = status == cp_model.OPTIMAL
    return Improvement(improved, optimal and free.whole, optimal)


def sub_problem(prepared: Prepared, values: Sequence[bool],
                 free: Neighbourhood, *,
                 every_demand: bool = False,
                 coverage_only: bool = False) -> tuple[Prepared, list[int]]:
    """The problem of the ``free`` agents' days: their candidates, and every other chosen
    shift as a locked one. Returns it and, per sub-candidate, its index among all candidates.

    ``coverage_only`` (a step whose only objective is coverage) leaves out the other agents'
    shifts that count for none of the sub-model's demand: they change nothing in it (support
    desk of 400 agents, the first rota: a week's step of 15 agents keeps 1,924 of 5,216 such
    shifts)."""
    every = prepared.candidates
    mine = {i for agent_id in free.agents for i in prepared.by_agent.get(agent_id, ())
            if free.has(every[i])}
    chosen = itertools.compress(range(len(every)), values)
    taken = [every[i] for i in sorted(mine.union(chosen))]
    # Only the slots a free candidate covers can change: the rest of the demand is constant
    # (what it misses stays missed), so it is left out of the sub-model. Not for a requirement
    # with a response time: whether a hole is short enough depends on the slots around it.
    open_slots = {slot for i in mine if not every[i].fixed for slot in every[i].slots}
    allowing = {r.id for r in prepared.scenario.target.requirements if r.allowance_minutes}
    demand = [d for d in prepared.demands
              if every_demand or d.slot in open_slots or d.requirement_id in allowing]
    if coverage_only:
        counted = {d.slot for d in demand}
        taken = [c for c in taken if c.agent.id in free.agents or not counted.isdisjoint(c.slots)]
    candidates = [dataclasses.replace(c, index=k, fixed=c.fixed or c.index not in mine)
                  for k, c in enumerate(taken)]
    origin = [c.index for c in taken]
    first = Rota([values[i] for i in origin], 0, 0)
    return dataclasses.replace(prepared, candidates=candidates, demands=demand,
                               first=first), origin


def objective_at(model: cp_model.CpModel, known: dict[int, int]) -> float:
    """The model's objective under the hinted values (the hint is complete: every helper
    variable says how it follows from the shifts, :meth:`Variables.derive`)."""
    objective = model.proto.objective
    total = 0
    for ref, coefficient in zip(objective.vars, objective.coeffs, strict=True):
        total += coefficient * (known[ref] if ref >= 0 else 1 - known[-ref - 1])
    return (total + objective.offset) * (objective.scaling_factor or 1.0)
