"""The plain CP-SAT baseline: the model an experienced OR-Tools user writes for this problem.

- One boolean per shift option (``bench/shifts.py``: every grid start and every grid length from
  the contract's minimum to its maximum that fits wholly inside availability), and one more per
  dedicated duty the agent can hold whose demand the shift meets.
- Hard rules, as ``solver/check.py`` states them: one shift per local day (which with the length
  cap keeps the daily maximum), min rest between shifts, max hours per local ISO week, max night
  shifts per week, max consecutive working days; availability, time off, shift length and skills
  hold by construction. A contract's weekly minimum is not a hard rule of the engine or the
  checker (the engine weighs it after coverage), so it is left out.
- Rest as clean clauses: per agent and local day, a ladder of booleans "the shift of this day
  starts at or before u" (one per distinct start), and per option and later day one clause
  ``not option or not started_before(end + rest)``. Consecutive days: a boolean per worked day and
  one clause per window of N+1 days.
- Coverage per requirement and slot, summed from the shift booleans of the agents it counts
  (skills; a dedicated duty only from shifts holding it); one weighted objective, the
  priority-weighted shortfall, and nothing else.
- No greedy warm start, no stages. CP-SAT runs with the parameters the engine gives it (time,
  workers, seed, memory limit; symmetry detection and probing off, one presolve round): with
  the defaults, presolve of this model alone outlasts a 10 s budget even on 10 agents, and the
  comparison is about the model, not the parameters.

The budget covers everything from ``started``: building the options and the model included.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
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
from models.domain import DutyKind, Period, PlanStatistics, PlanStatus, Scenario
from models.horizon import Horizon, horizon
from solver.soft import priority_weights

FINISH_S = 0.3  # kept back from CP-SAT to turn its solution into a plan (more for long limits)
FINISH_SHARE = 0.02
MAX_MEMORY_MB = 1600  # as the engine's default (SolveParams.max_memory_mb)


class _OutOfTime(Exception):
    pass


class PlainModel:
    """The variables and one ``add_<rule>`` method per rule."""

    def __init__(self, scenario: Scenario, grid: Horizon, demand_list: list[Demand],
                 over: Callable[[], bool]) -> None:
        self.scenario, self.grid, self.demands, self.over = scenario, grid, demand_list, over
        self.model = cp_model.CpModel()
        self.history = histories(scenario)
        self.shifts: list[tuple[ShiftOption, str | None, cp_model.IntVar]] = []
        self.by_day: dict[tuple[str, date], list[int]] = defaultdict(list)
        self.by_agent: dict[str, list[int]] = defaultdict(list)
        self.worked: dict[tuple[str, date], cp_model.IntVar] = {}
        demanded: dict[str, set[int]] = defaultdict(set)
        for d in demand_list:
            demanded[d.requirement_id].add(d.slot)
        dedicated = [r for r in scenario.target.requirements if r.duty is DutyKind.DEDICATED]
        for agent in scenario.active_agents():
            if over():
                raise _OutOfTime
            duties = [r.id for r in dedicated if agent.meets(r)]
            for option in agent_options(scenario, agent, grid, self.history[agent.id]):
                for duty in [None, *duties]:
                    if duty is not None and demanded[duty].isdisjoint(option.slots):
                        continue
                    i = len(self.shifts)
                    x = self.model.new_bool_var(
                        f"x[{agent.id}|{option.start:%Y%m%dT%H%MZ}|{option.minutes}|{duty}]")
                    self.shifts.append((option, duty, x))
                    self.by_day[(agent.id, option.day)].append(i)
                    self.by_agent[agent.id].append(i)

    def x(self, i: int) -> cp_model.IntVar:
        return self.shifts[i][2]

    def option(self, i: int) -> ShiftOption:
        return self.shifts[i][0]

    def _history(self, agent_id: str) -> AgentHistory:
        return self.history[agent_id]

    def add_one_shift_per_day(self) -> None:
        for (agent_id, day), indices in self.by_day.items():
            worked = self.model.new_bool_var(f"worked[{agent_id}|{day}]")
            self.model.add(cp_model.LinearExpr.sum([self.x(i) for i in indices]) == worked)
            self.worked[(agent_id, day)] = worked

    def days_of(self, agent_id: str) -> list[date]:
        return sorted({self.option(i).day for i in self.by_agent[agent_id]})

    def add_min_rest(self) -> None:
        """Rest (and no overlap) between a shift and the shifts of later local days.

        Every start of a later local day is after every start of an earlier one, so the days
        after a shift are visited in order until one starts late enough."""
        for agent_id, indices in self.by_agent.items():
            if self.over():
                raise _OutOfTime
            contract = self.scenario.contract_of(self.scenario.agent(agent_id))
            rest = timedelta(hours=contract.min_rest_hours)
            days = self.days_of(agent_id)
            ladders = {day: self._started_by(agent_id, day) for day in days}
            for i in indices:
                option = self.option(i)
                limit = option.end + rest
                for later in days[bisect_right(days, option.day):]:
                    starts, rungs = ladders[later]
                    too_soon = bisect_left(starts, limit)  # starts before ``limit``
                    if too_soon == 0:
                        break
                    self.model.add_bool_or([self.x(i).Not(), rungs[too_soon - 1].Not()])

    def _started_by(self, agent_id: str,
                    day: date) -> tuple[list[datetime], list[cp_model.IntVar]]:
        """The day's distinct starts in order, and per start ``u`` a boolean: the day's shift
        starts at or before ``u`` (each rung is the one below plus the shifts starting at u)."""
        by_start: dict[datetime, list[int]] = defaultdict(list)
        for i in self.by_day[(agent_id, day)]:
            by_start[self.option(i).start].append(i)
        starts = sorted(by_start)
        rungs: list[cp_model.IntVar] = []
        for start in starts:
            p = self.model.new_bool_var(f"started_by[{agent_id}|{start:%Y%m%dT%H%MZ}]")
            self.model.add(p == cp_model.LinearExpr.sum(
                [*rungs[-1:], *(self.x(i) for i in by_start[start])]))
            rungs.append(p)
        return starts, rungs

    def add_max_weekly_hours(self) -> None:
        for agent_id, indices in self.by_agent.items():
            contract = self.scenario.contract_of(self.scenario.agent(agent_id))
            weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
            for i in indices:
                weeks[self.option(i).week].append(i)
            for week, group in weeks.items():
                limit = round(contract.max_hours_per_week * 60)
                limit -= self._history(agent_id).week_minutes[week]
                self.model.add(cp_model.LinearExpr.weighted_sum(
                    [self.x(i) for i in group], [self.option(i).minutes for i in group])
                    <= max(0, limit))

    def add_max_nights_per_week(self) -> None:
        for agent_id, indices in self.by_agent.items():
            contract = self.scenario.contract_of(self.scenario.agent(agent_id))
            weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
            for i in indices:
                if self.option(i).night:
                    weeks[self.option(i).week].append(i)
            for week, group in weeks.items():
                limit = contract.max_nights_per_week - self._history(agent_id).week_nights[week]
                self.model.add(cp_model.LinearExpr.sum([self.x(i) for i in group])
                               <= max(0, limit))

    def add_max_consecutive_days(self) -> None:
        """No N+1 worked local days in a row: one clause per window (history days are worked)."""
        for agent_id in self.by_agent:
            n = self.scenario.contract_of(self.scenario.agent(agent_id)).max_consecutive_days
            history_days = self._history(agent_id).days
            days = sorted({*self.days_of(agent_id), *history_days})
            for first in days:
                window = [first + timedelta(days=k) for k in range(n + 1)]
                if not all(d in history_days or (agent_id, d) in self.worked for d in window):
                    continue
                free = [self.worked[(agent_id, d)] for d in window if d not in history_days]
                if free:
                    self.model.add_bool_or([w.Not() for w in free])

    def add_coverage(self) -> tuple[list[cp_model.IntVar], list[int]]:
        """Per demanded (requirement, slot): the people counted plus a shortfall reach the
        headcount. Returns the shortfall variables and their weights (by priority)."""
        weights = priority_weights(self.scenario)
        requirements = {r.id: r for r in self.scenario.target.requirements}
        demanded_at: dict[int, list[str]] = defaultdict(list)
        for d in self.demands:
            demanded_at[d.slot].append(d.requirement_id)
        counts: dict[tuple[str, str | None], frozenset[str]] = {}  # (agent, duty) -> counted for
        counted: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        for n, (option, duty, x) in enumerate(self.shifts):
            if n % 10_000 == 0 and self.over():
                raise _OutOfTime
            key = (option.agent.id, duty)
            if key not in counts:
                counts[key] = frozenset(
                    r.id for r in requirements.values() if option.agent.meets(r) and (
                        r.duty is DutyKind.SHARED or r.id == duty))
            mine = counts[key]
            for slot in option.slots:
                for rid in demanded_at.get(slot, ()):
                    if rid in mine:
                        counted[(rid, slot)].append(x)
        shortfalls: list[cp_model.IntVar] = []
        for n, d in enumerate(self.demands):
            if n % 1000 == 0 and self.over():
                raise _OutOfTime
            r = requirements[d.requirement_id]
            short = self.model.new_int_var(0, d.headcount, f"short[{r.id}|{d.slot}]")
            on = counted.get((r.id, d.slot), [])
            self.model.add(cp_model.LinearExpr.sum([*on, short]) >= d.headcount)
            shortfalls.append(short)
        return shortfalls, [weights[requirements[d.requirement_id].priority]
                            for d in self.demands]


class _Trace(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started
        self.first: float | None = None
        self.solutions = 0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self.first is None:
            self.first = time.monotonic() - self.started


def solve_cpsat(scenario: Scenario, period: Period, time_limit_s: float, workers: int = 2,
                seed: int = 0, started: float | None = None) -> BaselineResult:
    """The baseline's plan within ``time_limit_s`` counted from ``started`` (default: now)."""
    started = time.monotonic() if started is None else started
    deadline = started + time_limit_s - max(FINISH_S, FINISH_SHARE * time_limit_s)

    def over() -> bool:
        return time.monotonic() >= deadline

    grid = horizon(scenario, period)
    try:
        plain = PlainModel(scenario, grid, demands(scenario, period, grid), over)
        for add_rule in (plain.add_one_shift_per_day, plain.add_min_rest,
                         plain.add_max_weekly_hours, plain.add_max_nights_per_week,
                         plain.add_max_consecutive_days):
            if over():
                raise _OutOfTime
            add_rule()
        plain.model.minimize(cp_model.LinearExpr.weighted_sum(*plain.add_coverage()))
    except _OutOfTime:
        return no_plan(scenario, period, "the model was not built within the time limit",
                       started, None)
    build_s = time.monotonic() - started
    if over():
        return no_plan(scenario, period, "no time left to search after building the model",
                       started, build_s)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = deadline - time.monotonic()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.max_memory_in_mb = MAX_MEMORY_MB
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.max_presolve_iterations = 1
    trace = _Trace(started)
    status = solver.solve(plain.model, trace)
    proto = plain.model.proto
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        result = no_plan(scenario, period, f"CP-SAT status {solver.status_name(status)}",
                         started, build_s)
        result.variables, result.constraints = len(proto.variables), len(proto.constraints)
        return result
    chosen = [(option, duty) for option, duty, x in plain.shifts if solver.boolean_value(x)]
    plan_status = PlanStatus.OPTIMAL if status == cp_model.OPTIMAL else PlanStatus.FEASIBLE
    statistics = PlanStatistics(
        status=plan_status, objective=solver.objective_value,
        best_bound=solver.best_objective_bound, shortfall_proven_minimal=(
            status == cp_model.OPTIMAL), variables=len(proto.variables),
        constraints=len(proto.constraints), solutions=trace.solutions,
        first_solution_seconds=trace.first, wall_seconds=time.monotonic() - started, seed=seed,
        workers=workers)
    plan = make_plan(scenario, period, chosen, statistics)
    return BaselineResult(plan, plan_status.value, build_s, trace.first, len(proto.variables),
                          len(proto.constraints), solver.objective_value,
                          solver.best_objective_bound)
