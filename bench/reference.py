"""The plain reference model the benchmark compares against.

One boolean per agent × local day × start hour × length (whole hours from the contract's
minimum to its maximum) × duty, with the same hard rules and the same coverage shortfall
objective, but none of the engine's craft: no availability pruning (unavailable booleans are
fixed to 0 by constraints), pairwise rest clauses, coverage sums over shift booleans directly,
no greedy warm start, one stage (shortfall only). It answers "how much do pruning and the
formulation buy", as a ratio.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from ortools.sat.python import cp_model

from models.coverage import demands, horizon
from models.domain import DutyKind, Period, Scenario
from models.timerules import day_start, local_date
from solver.candidates import agent_facts
from solver.rules import minutes
from solver.soft import priority_weights


@dataclass
class ReferenceResult:
    variables: int
    first_solution_s: float | None
    best_s: float | None
    shortfall_minutes: int | None
    bound_minutes: float | None
    status: str
    trace: list[tuple[float, float]]  # (seconds, weighted shortfall) of each solution


class _Trace(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started
        self.points: list[tuple[float, float]] = []

    def on_solution_callback(self) -> None:
        self.points.append((time.monotonic() - self.started, self.objective_value))


def solve_reference(scenario: Scenario, period: Period, time_limit_s: float, workers: int = 2,
                    seed: int = 0) -> ReferenceResult:
    started = time.monotonic()
    model = cp_model.CpModel()
    grid = horizon(scenario, period)
    demand_list = demands(scenario, period, grid)
    dedicated = [r for r in scenario.target.requirements if r.duty is DutyKind.DEDICATED]
    x: dict[int, cp_model.IntVar] = {}
    info: list[tuple[str, object, object, object, str | None]] = []
    by_day: dict[tuple[str, object], list[int]] = defaultdict(list)
    covering: dict[tuple[str, str | None, int], list[int]] = defaultdict(list)
    facts_of = {}
    for agent in scenario.active_agents():
        facts = facts_of[agent.id] = agent_facts(scenario, agent, grid)
        contract = scenario.contract_of(agent)
        lengths = range(int(contract.min_shift_hours * 60), int(min(
            contract.max_shift_hours, contract.max_hours_per_day) * 60) + 1, 60)
        day = local_date(grid.start, agent.time_zone)
        last = local_date(grid.end, agent.time_zone)
        while day <= last:
            midnight = day_start(day, agent.time_zone)
            for hour in range(24):
                start = midnight + timedelta(hours=hour)
                for length in lengths:
                    end = start + timedelta(minutes=length)
                    if start < grid.start or end > grid.end:
                        continue
                    for duty in [None, *(r.id for r in dedicated if agent.meets(r))]:
                        i = len(info)
                        x[i] = model.new_bool_var(f"ref[{agent.id}|{start}|{length}|{duty}]")
                        info.append((agent.id, start, end, day, duty))
                        by_day[(agent.id, day)].append(i)
                        if not facts.calendar.inside_availability(start, end):
                            model.add(x[i] == 0)
                        for slot in grid.covered_slots(start, end):
                            covering[(agent.id, None, slot)].append(i)
                            if duty is not None:
                                covering[(agent.id, duty, slot)].append(i)
            day += timedelta(days=1)
    for indices in by_day.values():
        model.add_at_most_one(x[i] for i in indices)
    # Pairwise rest, weekly hours, consecutive days, nights (the same rules, plainly).
    per_agent: dict[str, list[int]] = defaultdict(list)
    for i, (agent_id, *_rest) in enumerate(info):
        per_agent[agent_id].append(i)
    for agent_id, indices in per_agent.items():
        agent = scenario.agent(agent_id)
        contract = scenario.contract_of(agent)
        rest = timedelta(hours=contract.min_rest_hours)
        ordered = sorted(indices, key=lambda i: info[i][1])  # type: ignore[arg-type, return-value]
        for a_pos, a in enumerate(ordered):
            for b in ordered[a_pos + 1:]:
                if info[b][1] >= info[a][2] + rest:  # type: ignore[operator]
                    break
                if info[a][3] != info[b][3]:
                    model.add_bool_or([x[a].Not(), x[b].Not()])
        weeks: dict[object, list[int]] = defaultdict(list)
        for i in indices:
            weeks[info[i][3].isocalendar()[:2]].append(i)  # type: ignore[attr-defined]
        for group in weeks.values():
            model.add(sum(minutes(info[i][1], info[i][2]) * x[i] for i in group)  # type: ignore[arg-type]
                      <= round(contract.max_hours_per_week * 60))
        nights: dict[object, list[int]] = defaultdict(list)
        for i in indices:
            if facts_of[agent_id].night_minutes(info[i][1], info[i][2]) > 0:  # type: ignore[arg-type]
                nights[info[i][3].isocalendar()[:2]].append(i)  # type: ignore[attr-defined]
        for group in nights.values():
            model.add(sum(x[i] for i in group) <= contract.max_nights_per_week)
        days = sorted({info[i][3] for i in indices})  # type: ignore[type-var]
        for k in range(len(days) - contract.max_consecutive_days):
            window = days[k:k + contract.max_consecutive_days + 1]
            model.add(sum(x[i] for d in window for i in by_day[(agent_id, d)])
                      <= contract.max_consecutive_days)
    weights = priority_weights(scenario)
    requirements = {r.id: r for r in scenario.target.requirements}
    objective = []
    for d in demand_list:
        r = requirements[d.requirement_id]
        duty = r.id if r.duty is DutyKind.DEDICATED else None
        terms = [x[i] for a in scenario.active_agents() if a.meets(r)
                 for i in covering.get((a.id, duty, d.slot), [])]
        short = model.new_int_var(0, d.headcount, f"short[{r.id}|{d.slot}]")
        model.add(sum(terms) + short >= d.headcount)
        objective.append(weights[r.priority] * short)
    model.minimize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit_s - (time.monotonic() - started))
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    trace = _Trace(started)
    status = solver.solve(model, trace)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return ReferenceResult(
        len(model.proto.variables), trace.points[0][0] if trace.points else None,
        trace.points[-1][0] if trace.points else None,
        None if not found else int(solver.objective_value),
        solver.best_objective_bound if found else None, solver.status_name(status),
        trace.points)
