"""The two-step baseline: how many 8 h shifts start at each hour, then who works them.

Step 1 (a small CP-SAT model): an integer per whole hour of the period, the number of 8 h
shifts starting then, at most the number of agents who could start one then, and per
reference-zone ISO week at most as many shifts as the team can work. It minimises the people missing
per slot (twice) plus the shifts planned (once): a shift is planned whenever it closes any gap.
The people needed in a slot are the largest headcount of the shared requirements, or the sum of
the dedicated duties if that is more (a duty-holder counts for the shared requirements too);
skills are left to step 2.

Step 2 (greedy, chronological): each planned shift goes to the agent who can work it under
every rule (availability, one shift a local day, rest, weekly hours, nights, consecutive days,
history before the period) and whose shift would fill the most priority-weighted missing
headcount (skills, and the dedicated duty the agent can hold); among equals, the agent who most
needs this shift to use their weekly hours (hours left / planned shifts they could still take
that week). A planned shift nobody can work at its hour goes to the nearest hour (up to 3 h
earlier or later) where someone can and it fills something; else it is dropped.

The budget covers both steps from ``started``; step 2 stops assigning when it runs out.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ortools.sat.python import cp_model

from bench.shifts import (
    AgentHistory,
    BaselineResult,
    ShiftOption,
    agent_options,
    histories,
    make_plan,
    no_plan,
)
from models.coverage import Demand, demands
from models.domain import Agent, DutyKind, Period, PlanStatistics, PlanStatus, Scenario
from models.horizon import Horizon, horizon
from models.timerules import iso_week, local_date
from solver.headcount import people_needed
from solver.soft import priority_weights

SHIFT_MINUTES = 8 * 60
# A planned shift nobody can work at its hour goes to the nearest hour someone can.
NEAREST = tuple(timedelta(hours=h) for h in (0, -1, 1, -2, 2, -3, 3))
STEP1_SHARE = 0.5  # of the budget left, at most, for step 1
FINISH_S = 0.3


@dataclass
class Staff:
    """Step 2's view of one agent: the 8 h shifts they may work and what they hold so far."""

    agent: Agent
    options: dict[datetime, ShiftOption]
    history: AgentHistory
    week_limit: int
    rest: timedelta
    max_nights: int
    max_run: int
    taken: list[tuple[datetime, datetime]] = field(default_factory=list)  # sorted, with history
    days: set[date] = field(default_factory=set)
    week_minutes: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    week_nights: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))

    def __post_init__(self) -> None:
        self.taken = sorted((s.start, s.end) for s in self.history.shifts)
        self.days = set(self.history.days)
        for week, value in self.history.week_minutes.items():
            self.week_minutes[week] += value
        for week, value in self.history.week_nights.items():
            self.week_nights[week] += value

    def hours_left(self, week: tuple[int, int]) -> int:
        return max(0, self.week_limit - self.week_minutes[week])

    def allows(self, o: ShiftOption) -> bool:
        """Whether the agent may also work ``o`` under every contract rule."""
        if o.day in self.days or self.week_minutes[o.week] + o.minutes > self.week_limit:
            return False
        if o.night and self.week_nights[o.week] >= self.max_nights:
            return False
        i = bisect_left(self.taken, (o.start, o.end))
        if i > 0 and self.taken[i - 1][1] + self.rest > o.start:
            return False
        if i < len(self.taken) and o.end + self.rest > self.taken[i][0]:
            return False
        run, d = 1, o.day - timedelta(days=1)
        while d in self.days:
            run, d = run + 1, d - timedelta(days=1)
        d = o.day + timedelta(days=1)
        while d in self.days:
            run, d = run + 1, d + timedelta(days=1)
        return run <= self.max_run

    def take(self, o: ShiftOption) -> None:
        self.taken.insert(bisect_left(self.taken, (o.start, o.end)), (o.start, o.end))
        self.days.add(o.day)
        self.week_minutes[o.week] += o.minutes
        self.week_nights[o.week] += o.night


def _staff(scenario: Scenario, grid: Horizon) -> list[Staff]:
    out = []
    history = histories(scenario)
    for agent in scenario.active_agents():
        contract = scenario.contract_of(agent)
        options = {o.start: o for o in agent_options(scenario, agent, grid, history[agent.id],
                                                     [SHIFT_MINUTES])}
        if options:
            out.append(Staff(agent, options, history[agent.id],
                             round(contract.max_hours_per_week * 60),
                             timedelta(hours=contract.min_rest_hours),
                             contract.max_nights_per_week, contract.max_consecutive_days))
    return out


def plan_headcount(scenario: Scenario, grid: Horizon, demand_list: list[Demand],
                   staff: list[Staff], limit_s: float, workers: int,
                   seed: int) -> dict[datetime, int] | None:
    """Step 1: how many 8 h shifts start at each whole hour (None if CP-SAT found nothing)."""
    need = people_needed(scenario, demand_list)
    able: dict[datetime, int] = defaultdict(int)
    for s in staff:
        for start in s.options:
            able[start] += 1
    zone = scenario.team.reference_zone
    model = cp_model.CpModel()
    starts = sorted(t for t in able if grid.minute_of(t) % 60 == 0)
    n = {t: model.new_int_var(0, able[t], f"starts[{t:%Y%m%dT%H%MZ}]") for t in starts}
    covering: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for t in starts:
        for slot in grid.covered_slots(t, t + timedelta(minutes=SHIFT_MINUTES)):
            covering[slot].append(n[t])
    short = []
    for slot, people in sorted(need.items()):
        missing = model.new_int_var(0, people, f"short[{slot}]")
        model.add(cp_model.LinearExpr.sum([*covering[slot], missing]) >= people)
        short.append(missing)
    for group, cap in _team_limits(staff, starts, zone).items():
        model.add(cp_model.LinearExpr.sum([n[t] for t in group]) <= cap)
    model.minimize(2 * cp_model.LinearExpr.sum(short) + cp_model.LinearExpr.sum(list(n.values())))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, limit_s)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {t: solver.value(var) for t, var in n.items() if solver.value(var)}


def _team_limits(staff: list[Staff], starts: list[datetime],
                 zone: str) -> dict[tuple[datetime, ...], int]:
    """Per reference-zone ISO week: its starts, and how many shifts the team can work in it
    (each agent: the days they have a shift option on, at most their weekly hours' worth)."""
    by_week: dict[tuple[int, int], list[datetime]] = defaultdict(list)
    for t in starts:
        by_week[iso_week(local_date(t, zone))].append(t)
    limits: dict[tuple[datetime, ...], int] = {}
    for group in by_week.values():
        cap = 0
        for s in staff:
            days = {s.options[t].day for t in group if t in s.options}
            cap += min(len(days), s.week_limit // SHIFT_MINUTES)
        limits[tuple(group)] = cap
    return limits


def assign(scenario: Scenario, demand_list: list[Demand], staff: list[Staff],
           planned: dict[datetime, int],
           deadline: float) -> list[tuple[ShiftOption, str | None]]:
    """Step 2: the planned shifts given to agents, greedily, in order of start."""
    requirements = scenario.target.requirements
    weights = priority_weights(scenario)
    weight = {r.id: weights[r.priority] for r in requirements}
    remaining = {(d.requirement_id, d.slot): d.headcount for d in demand_list}
    demanded_at: dict[int, list[str]] = defaultdict(list)
    for d in demand_list:
        demanded_at[d.slot].append(d.requirement_id)
    # What a shift counts for: per agent, per duty held (None: no duty), the requirement ids.
    counts: dict[str, dict[str | None, frozenset[str]]] = {}
    for s in staff:
        shared = [r.id for r in requirements if r.duty is DutyKind.SHARED and s.agent.meets(r)]
        counts[s.agent.id] = {None: frozenset(shared)} | {
            r.id: frozenset([*shared, r.id]) for r in requirements
            if r.duty is DutyKind.DEDICATED and s.agent.meets(r)}
    # Planned shifts each agent could take, per local week of theirs, not yet passed.
    ahead: dict[tuple[str, tuple[int, int]], int] = defaultdict(int)
    for s in staff:
        for t in planned:
            if t in s.options:
                ahead[(s.agent.id, s.options[t].week)] += 1

    def gain(slots: range, counted: frozenset[str]) -> int:
        return sum(weight[rid] for slot in slots for rid in demanded_at.get(slot, ())
                   if rid in counted and remaining[(rid, slot)] > 0)

    by_start: dict[datetime, list[Staff]] = defaultdict(list)
    for s in staff:
        for t in s.options:
            by_start[t].append(s)

    def best_at(t: datetime) -> tuple[Staff, ShiftOption, str | None] | None:
        """The agent (and duty) to work a shift starting at ``t``, if anyone may and it fills
        something."""
        gains: dict[frozenset[str], int] = {}  # what a shift starting at t would fill
        best: tuple[tuple[int, float, str], Staff, str | None] | None = None
        for s in by_start.get(t, ()):
            o = s.options[t]
            if not s.allows(o):
                continue
            value, duty = 0, None
            for held, counted in counts[s.agent.id].items():
                if counted not in gains:
                    gains[counted] = gain(o.slots, counted)
                if gains[counted] > value:
                    value, duty = gains[counted], held
            pressure = s.hours_left(o.week) / max(1, ahead[(s.agent.id, o.week)])
            key = (value, pressure, s.agent.id)
            if value > 0 and (best is None or key > best[0]):
                best = (key, s, duty)
        return None if best is None else (best[1], best[1].options[t], best[2])

    chosen: list[tuple[ShiftOption, str | None]] = []
    for t in sorted(planned):
        for _ in range(planned[t]):
            if time.monotonic() >= deadline:
                return chosen
            found = next(filter(None, (best_at(t + shift) for shift in NEAREST)), None)
            if found is None:
                break  # nobody can work another shift starting near t that fills something
            s, o, duty = found
            s.take(o)
            chosen.append((o, duty))
            for slot in o.slots:
                for rid in demanded_at.get(slot, ()):
                    if rid in counts[s.agent.id][duty]:
                        remaining[(rid, slot)] -= 1
        for s in by_start.get(t, ()):
            ahead[(s.agent.id, s.options[t].week)] -= 1
    return chosen


def solve_twostep(scenario: Scenario, period: Period, time_limit_s: float, workers: int = 2,
                  seed: int = 0, started: float | None = None) -> BaselineResult:
    """The two-step plan within ``time_limit_s`` counted from ``started`` (default: now)."""
    started = time.monotonic() if started is None else started
    deadline = started + time_limit_s - FINISH_S
    grid = horizon(scenario, period)
    demand_list = demands(scenario, period, grid)
    staff = _staff(scenario, grid)
    build_s = time.monotonic() - started
    left = deadline - time.monotonic()
    if left <= 0:
        return no_plan(scenario, period, "no time left after reading the team", started, build_s)
    planned = plan_headcount(scenario, grid, demand_list, staff, left * STEP1_SHARE, workers,
                             seed)
    if planned is None:
        return no_plan(scenario, period, "step 1 found no headcount plan in time", started,
                       build_s)
    step1_s = time.monotonic() - started
    chosen = assign(scenario, demand_list, staff, planned, deadline)
    statistics = PlanStatistics(status=PlanStatus.FEASIBLE, solutions=1,
                                first_solution_seconds=time.monotonic() - started,
                                wall_seconds=time.monotonic() - started, seed=seed,
                                workers=workers)
    plan = make_plan(scenario, period, chosen, statistics)
    result = BaselineResult(plan, "feasible", build_s, time.monotonic() - started)
    result.notes = {"step1_s": step1_s, "planned_shifts": sum(planned.values()),
                    "assigned_shifts": len(chosen)}
    return result
