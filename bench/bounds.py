"""Cheap lower bounds on the uncovered demand of an instance, in person-hours.

Both are the engine's own proofs without a search, over every plan the rules allow, computed
for the instance with no plan yet:

- reach: per requirement and slot, the headcount minus the agents who could be on shift then
  (:mod:`solver.reach`);
- capacity: the largest headcount at each moment minus a maximum flow of the team's hours, per
  agent and local ISO week the lesser of the weekly maximum and the longest shift each day
  could hold, to the moments each agent could be there (:mod:`solver.team_hours`). Rest,
  consecutive days and nights are ignored.

The reported bound is the larger of the two. Neither is what CP-SAT proves: they are cheap
floors that show how much of a shortfall is the instance's and not the solver's.

A third, dearer one (:func:`lp_bound_hours`): the optimum of the linear relaxation of the
engine's whole coverage model over every legal placement (GLOP, as :mod:`solver.relaxation`
uses it), which keeps every rule the model has, rest and consecutive days included, with the
missing person-minutes as its objective; follow the sun of 400 agents, tight: 158 h against
33 h for the cheap two, in 43 s (building the model included). Where the engine prunes its
candidates (the support desk), the model of every placement is built for it, up to a size.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from models.coverage import coverage, demands
from models.domain import Period, Plan, Scenario
from models.horizon import horizon
from solver import team_hours
from solver.reach import Reach, calendars_for
from solver.shift_grid import every_placement
from solver.soft import priority_weights


@dataclass(frozen=True, slots=True)
class Bounds:
    demand_h: float  # person-hours the target asks for
    capacity_h: float | None  # hours the team could work at most (None: two requirements at once)
    reach_lb_h: float
    capacity_lb_h: float | None

    @property
    def lower_bound_h(self) -> float:
        return max(self.reach_lb_h, self.capacity_lb_h or 0.0)


def lower_bounds(scenario: Scenario, period: Period) -> Bounds:
    grid = horizon(scenario, period)
    demand_list = demands(scenario, period, grid)
    empty = Plan(period, ())
    calendars = calendars_for(scenario, empty)
    rows = coverage(scenario, empty, grid)
    reach = Reach(scenario, scenario.history, calendars, grid.start)
    missing = sum(reach.unavoidable(row) * row.minutes for row in rows)
    flow = team_hours.unavoidable_minutes(scenario, empty, rows, calendars)
    demand_minutes = sum(row.required * row.minutes for row in rows)
    capacity = None
    if not any(n > 1 for n in Counter(d.slot for d in demand_list).values()):
        # Demand over capacity says something only when one person fills one unit of it.
        capacity = sum(hours for agent in scenario.active_agents()
                       for _, _, hours in team_hours.week_hours(calendars[agent.id],
                                                                grid.start, grid.end)) / 60
    return Bounds(demand_minutes / 60, capacity, missing / 60,
                  None if flow is None else flow / 60)


def engine_bound_hours(scenario: Scenario, period: Period, bound: float | None) -> float | None:
    """The lower bound the engine's coverage search proved, in uncovered person-hours; None
    where it says nothing about every plan in those units.

    The engine's objective weighs each missing person-minute by its requirement's priority (in
    grid units), so the weighted bound over the heaviest weight is a bound on the hours. It
    holds for every plan only when the candidates were every placement
    (:func:`solver.shift_grid.every_placement`), and counts hours only when no requirement has
    a response allowance (whose holes the objective counts as well).
    """
    requirements = scenario.target.requirements
    if bound is None or not requirements or any(r.allowance_minutes for r in requirements):
        return None
    grid = horizon(scenario, period)
    if not every_placement(scenario, grid):
        return None
    weights = priority_weights(scenario)
    return bound * grid.unit / 60 / max(weights[r.priority] for r in requirements)


# The relaxation of the largest instance (follow the sun, 400 agents) took 37 s after 6 s of
# building the model; a bound not found within this is left out.
LP_LIMIT_S = 300.0
# The model of every placement is built for the relaxation only up to this many candidates:
# support desk of 10 agents, 28 days, 32,000 (every start and length on a 30-minute grid);
# of 40 agents, about 140,000, whose plans miss nothing anyway.
LP_MAX_CANDIDATES = 60_000


def lp_bound_hours(scenario: Scenario, period: Period,
                   time_limit_s: float = LP_LIMIT_S) -> float | None:
    """The linear relaxation's optimum of the engine's whole coverage model over every legal
    placement (:func:`solver.model.prepare_every` where the engine's own candidates are
    pruned), with the missing person-minutes as its objective, in person-hours (see the
    module); None where that model is too big, or when GLOP does not finish in time.
    Requirements with a response allowance are left out, so it bounds the rest."""
    from ortools.sat.python import cp_model

    from solver import SolveParams
    from solver.model import build_model, prepare, prepare_every
    from solver.relaxation import solve_relaxation
    from solver.soft import TIER_COVERAGE

    prepared = prepare(scenario, SolveParams(period, time_limit_s=time_limit_s))
    if not every_placement(scenario, prepared.grid):
        prepared, _ = prepare_every(prepared, ())
    if len(prepared.candidates) > LP_MAX_CANDIDATES:
        return None
    built = build_model(prepared, lambda: False)
    if built is None:
        return None
    built.add_tier(TIER_COVERAGE)
    short = [t for t in built.terms if t.rule == "shortfall"]
    built.model.minimize(cp_model.LinearExpr.weighted_sum(
        [t.expr for t in short], [t.unit_minutes for t in short]))
    relaxation = solve_relaxation(built.model, time_limit_s)
    if relaxation is None:
        return None
    return relaxation.bound / 60
