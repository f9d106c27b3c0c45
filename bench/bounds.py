"""Cheap lower bounds on the uncovered demand of an instance, in person-hours.

Both hold for every plan whose shifts start on the team grid and lie inside the period (the
engine's and both baselines' plans are such plans), under the contracts' shift lengths:

- reach: per requirement and slot, the headcount minus the agents who could be on shift then
  (:mod:`solver.reach`, the engine's own proof that a gap is unavoidable);
- capacity (only when no slot has two requirements, so one person on duty fills at most one
  unit of demand): the demand minus everything the team could work, per agent and local ISO
  week the lesser of the weekly maximum and, summed over the days of the week, the longest
  shift that fits the day's availability. Rest, consecutive days and nights are ignored.

The reported bound is the larger of the two. Neither is what CP-SAT proves: they are cheap
floors that show how much of a shortfall is the instance's and not the solver's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from models.coverage import coverage, demands, horizon
from models.domain import Period, Plan, Scenario
from models.timerules import Interval, iso_week, local_date
from solver.candidates import every_placement
from solver.reach import Reach, calendars_for
from solver.rules import agent_calendar
from solver.soft import priority_weights


@dataclass(frozen=True, slots=True)
class Bounds:
    demand_h: float  # person-hours the target asks for
    capacity_h: float | None  # hours the team could work at most (the capacity bound's)
    reach_lb_h: float
    capacity_lb_h: float | None

    @property
    def lower_bound_h(self) -> float:
        return max(self.reach_lb_h, self.capacity_lb_h or 0.0)


def lower_bounds(scenario: Scenario, period: Period) -> Bounds:
    grid = horizon(scenario, period)
    g = grid.granularity
    demand_list = demands(scenario, period, grid)
    bounds = Interval(grid.start, grid.end)
    capacity = 0  # minutes the team could work at most
    for agent in scenario.active_agents():
        contract = scenario.contract_of(agent)
        shortest = -(-round(contract.min_shift_hours * 60) // g) * g
        longest = round(min(contract.max_shift_hours, contract.max_hours_per_day) * 60) // g * g
        calendar = agent_calendar(scenario, agent, grid.start - timedelta(days=2),
                                  grid.end + timedelta(days=2))
        day_longest: dict[date, int] = defaultdict(int)
        for available in calendar.available:
            interval = available.overlap(bounds)
            if interval is None or longest < shortest:
                continue
            first = -(-grid.minute_of(interval.start) // g)
            last_end = grid.minute_of(interval.end) // g  # slots
            if (last_end - first) * g < shortest:
                continue
            for index in range(first, last_end - shortest // g + 1):
                fits = min(longest, (last_end - index) * g)
                day = local_date(grid.slot_start(index), agent.time_zone)
                day_longest[day] = max(day_longest[day], fits)
        weeks: dict[tuple[int, int], int] = defaultdict(int)
        for day, minutes in day_longest.items():
            weeks[iso_week(day)] += minutes
        weekly_max = round(contract.max_hours_per_week * 60)
        capacity += sum(min(weekly_max, minutes) for minutes in weeks.values())
    empty = Plan(period, ())
    reach = Reach(scenario, scenario.history, calendars_for(scenario, empty), grid.start)
    missing = sum(reach.unavoidable(row) * row.minutes for row in coverage(scenario, empty, grid))
    demand_minutes = sum(d.headcount * g for d in demand_list)
    if any(n > 1 for n in Counter(d.slot for d in demand_list).values()):
        return Bounds(demand_minutes / 60, None, missing / 60, None)
    return Bounds(demand_minutes / 60, capacity / 60, missing / 60,
                  max(0, demand_minutes - capacity) / 60)


def engine_bound_hours(scenario: Scenario, period: Period, bound: float | None) -> float | None:
    """The lower bound the engine's coverage search proved, in uncovered person-hours; None
    where it says nothing about every plan in those units.

    The engine's objective weighs each missing person-minute by its requirement's priority (in
    grid units), so the weighted bound over the heaviest weight is a bound on the hours. It
    holds for every plan only when the candidates were every placement
    (:func:`solver.candidates.every_placement`), and counts hours only when no requirement has
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
