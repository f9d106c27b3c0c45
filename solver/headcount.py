"""A second first rota for teams on fixed shifts: how many start when, then who works them.

The day-by-day greedy rota (:mod:`solver.greedy`) lets every agent take their best shift on
each day in turn, so a team whose contracts allow five shifts a week spends them early in the
week and leaves the weekend bare (follow-the-sun, 400 agents, 28 days: 6,568 h uncovered,
which the whole model did not improve in 60 s). This start plans the team first:

1. *Headcount* (a small CP-SAT model over shift classes, not agents): an integer per candidate
   start and end, the number of such shifts, at most the number of agents who have that
   candidate; per reference-zone ISO week at most as many shifts and minutes as the team can
   work. It minimises the people missing per slot, weighed by the slot's minutes, then the
   shifts planned, each the dearer the fewer agents can work it. The people a slot needs are
   the largest shared headcount, or the dedicated duties' sum if that is more; skills are left
   to step 2.
2. *Assignment* (plain Python, in order of start): each planned shift goes to the agent the
   contract rules allow whose shift fills the most priority-weighted missing headcount; among
   equals, the one who most needs shifts to use their weekly hours (minutes left over the
   planned shifts they could still take that week), so weeks are used evenly. A planned shift
   nobody can work goes to the nearest start (up to 3 h away) someone can.

The greedy rota then completes it (:func:`solver.greedy.greedy_rota` with these shifts kept),
and the engine starts from whichever of the two rotas misses less. Measured: follow-the-sun,
28 days, 400 agents: 1,534-1,915 h uncovered after 4 s, against 6,568 h day by day (a
two-step heuristic outside the engine: 1,615 h); 40 agents: 203-227 h against 736 h.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta

from ortools.sat.python import cp_model

from models.coverage import Demand
from models.domain import DutyKind, Scenario
from models.horizon import Horizon
from models.timerules import iso_week, local_date
from solver.candidates import Candidate
from solver.greedy import Rota, greedy_rota
from solver.rota_rules import RotaRules
from solver.rules import counted_for
from solver.soft import priority_weights

ShiftClass = tuple[datetime, datetime]  # start, end
# A planned shift nobody can work at its start goes to the nearest start someone can.
NEAREST = tuple(timedelta(hours=h) for h in (0, -1, 1, -2, 2, -3, 3))
# A missing person-minute against one shift planned: any shift that closes a gap is planned;
# among equal plans, the one whose shifts more agents can work (the assignment then finds
# someone for more of them).
MISSING_WEIGHT = 20_000
SHIFT_COST = 100
SCARCE_COST = 1_000
STEP1_SHARE = 0.5  # of the time, at most, for step 1 (400 agents: 0.6 s, then 3.4 s)


def headcount_rota(scenario: Scenario, candidates: list[Candidate], demand_list: list[Demand],
                   grid: Horizon, deadline: float, workers: int, seed: int,
                   cancelled: Callable[[], bool] = lambda: False) -> Rota | None:
    """The two-step rota, completed greedily; None when cancelled or when step 1 cannot be done
    by ``deadline`` (a monotonic time). Step 1 gets at most half the time; the assignment
    stops at the deadline, and the greedy rota completes what it has given out so far."""
    free = [c for c in candidates if not c.fixed and not c.standby]
    left = deadline - time.monotonic()
    if left <= 0:
        return None
    planned = plan_headcount(scenario, candidates, free, demand_list, grid,
                             STEP1_SHARE * left, workers, seed)
    if planned is None or time.monotonic() >= deadline:
        return None
    values = assign(scenario, candidates, free, demand_list, grid, planned,
                    lambda: cancelled() or time.monotonic() >= deadline)
    if cancelled():
        return None
    return greedy_rota(scenario, candidates, demand_list, grid, values)


def people_needed(scenario: Scenario, demand_list: list[Demand]) -> dict[int, int]:
    """Per slot, the people step 1 plans for (see the module docstring)."""
    dedicated = {r.id for r in scenario.target.requirements if r.duty is DutyKind.DEDICATED}
    shared: dict[int, int] = defaultdict(int)
    duties: dict[int, int] = defaultdict(int)
    for d in demand_list:
        if d.requirement_id in dedicated:
            duties[d.slot] += d.headcount
        else:
            shared[d.slot] = max(shared[d.slot], d.headcount)
    return {slot: max(shared[slot], duties[slot]) for slot in {*shared, *duties}}


def plan_headcount(scenario: Scenario, candidates: list[Candidate], free: list[Candidate],
                   demand_list: list[Demand], grid: Horizon, limit_s: float, workers: int,
                   seed: int) -> dict[ShiftClass, int] | None:
    """Step 1: how many shifts of each start and end to plan (None if CP-SAT found nothing)."""
    need = people_needed(scenario, demand_list)
    for c in candidates:  # locked shifts are there already
        if c.fixed and not c.standby:
            for slot in c.slots:
                if slot in need:
                    need[slot] -= 1
    agents: dict[ShiftClass, set[str]] = defaultdict(set)
    slots: dict[ShiftClass, range] = {}
    for c in free:
        agents[(c.start, c.end)].add(c.agent.id)
        slots[(c.start, c.end)] = c.slots
    model = cp_model.CpModel()
    n = {k: model.new_int_var(0, len(who), f"n[{k[0]:%Y%m%dT%H%M}+{k[1]:%Y%m%dT%H%M}]")
         for k, who in agents.items()}
    covering: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for k, var in n.items():
        for slot in slots[k]:
            covering[slot].append(var)
    missing = []
    for slot, people in sorted(need.items()):
        if people > 0:
            short = model.new_int_var(0, people, f"short[{slot}]")
            model.add(cp_model.LinearExpr.sum([*covering[slot], short]) >= people)
            missing.append(grid.slot_minutes(slot) * short)
    for shifts, minutes, members in _week_limits(scenario, free):
        model.add(cp_model.LinearExpr.sum([n[k] for k in members]) <= shifts)
        model.add(cp_model.LinearExpr.weighted_sum(
            [n[k] for k in members],
            [round((k[1] - k[0]).total_seconds()) // 60 for k in members]) <= minutes)
    keys = list(n)
    model.minimize(MISSING_WEIGHT * cp_model.LinearExpr.sum(missing)
                   + cp_model.LinearExpr.weighted_sum(
                       [n[k] for k in keys],
                       [SHIFT_COST + SCARCE_COST // len(agents[k]) for k in keys]))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, limit_s)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # Presolve of this small model takes longer than the search (demo team, 28 days: 1.6 s
    # before the first solution; without it, a solution of 158 at 1.5 s against 940).
    solver.parameters.cp_model_presolve = False
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {k: v for k, var in n.items() if (v := solver.value(var))}


def _week_limits(scenario: Scenario,
                 free: list[Candidate]) -> list[tuple[int, int, list[ShiftClass]]]:
    """Per reference-zone ISO week: how many shifts and minutes the team can work in it
    (each agent: a shift on each day they have a candidate on, at most their weekly hours'
    worth), and the shift classes starting in it."""
    zone = scenario.team.reference_zone
    members: dict[tuple[int, int], set[ShiftClass]] = defaultdict(set)
    days: dict[tuple[tuple[int, int], str], set[date]] = defaultdict(set)
    shortest: dict[str, int] = {}
    for c in free:
        week = iso_week(local_date(c.start, zone))
        members[week].add((c.start, c.end))
        days[(week, c.agent.id)].add(c.day)
        shortest[c.agent.id] = min(shortest.get(c.agent.id, c.minutes), c.minutes)
    limits = []
    for week, classes in members.items():
        shifts = minutes = 0
        for (w, agent_id), worked in days.items():
            if w != week:
                continue
            cap = round(scenario.contract_of(scenario.agent(agent_id)).max_hours_per_week * 60)
            shifts += min(len(worked), cap // max(1, shortest[agent_id]))
            minutes += cap
        limits.append((shifts, minutes, sorted(classes)))
    return limits


def assign(scenario: Scenario, candidates: list[Candidate], free: list[Candidate],
           demand_list: list[Demand], grid: Horizon,
           planned: dict[ShiftClass, int], stop: Callable[[], bool]) -> list[bool]:
    """Step 2: the planned shifts given to agents in order of start (candidate values). When
    ``stop`` says so, the shifts given out so far: a legal part of a rota, up to some start
    (400 agents, 28 days: 3.9 s for all of it, on the edge of the time it has on a busy
    machine, where returning nothing left the search to start from a rota four times worse).
    """
    weights = priority_weights(scenario)
    weight = {r.id: weights[r.priority] for r in scenario.target.requirements}
    remaining = {(d.requirement_id, d.slot): d.headcount for d in demand_list}
    demanded_at: dict[int, list[str]] = defaultdict(list)
    for d in demand_list:
        demanded_at[d.slot].append(d.requirement_id)
    counts = counted_for(scenario, scenario.active_agents())
    values = [c.fixed for c in candidates]
    rules = RotaRules(scenario, candidates, values)
    for c in candidates:
        if c.fixed:
            _fill(c, counts, demanded_at, remaining)
    by_class: dict[ShiftClass, list[Candidate]] = defaultdict(list)
    for c in free:
        by_class[(c.start, c.end)].append(c)
    by_start: dict[datetime, list[ShiftClass]] = defaultdict(list)
    for k in by_class:
        by_start[k[0]].append(k)
    # Planned shifts each agent could still take, per week of theirs: their share of them.
    takers = {k: {(c.agent.id, c.week) for c in by_class[k]} for k in planned}
    ahead: dict[tuple[str, tuple[int, int]], int] = defaultdict(int)
    for k in planned:
        for agent_week in takers[k]:
            ahead[agent_week] += 1
    minutes_of = {d.slot: grid.slot_minutes(d.slot) for d in demand_list}
    limit = {a.id: round(scenario.contract_of(a).max_hours_per_week * 60)
             for a in scenario.active_agents()}

    def gain(c: Candidate, cache: dict[frozenset[str], int]) -> int:
        counted = counts.get((c.agent.id, c.duty), frozenset())
        if counted not in cache:
            cache[counted] = sum(weight[rid] * minutes_of[slot] for slot in c.slots
                                 for rid in demanded_at.get(slot, ())
                                 if rid in counted and remaining[(rid, slot)] > 0)
        return cache[counted]

    def best_near(k: ShiftClass) -> Candidate | None:
        for shift in NEAREST:
            for other in sorted(by_start.get(k[0] + shift, ()),
                                key=lambda o: abs((o[1] - o[0]) - (k[1] - k[0]))):
                cache: dict[frozenset[str], int] = {}
                ranked = sorted(
                    ((gain(c, cache), (limit[c.agent.id] - rules.week_minutes[(c.agent.id, c.week)])
                      / max(1, ahead[(c.agent.id, c.week)]), c.agent.id, c.index)
                     for c in by_class[other]), reverse=True)
                for value, _, _, index in ranked:
                    if value <= 0:
                        break
                    if rules.allowed(candidates[index]):
                        return candidates[index]
        return None

    for k in sorted(planned):
        if stop():
            break
        for _ in range(planned[k]):
            taken = best_near(k)
            if taken is None:
                break
            values[taken.index] = True
            rules.take(taken)
            _fill(taken, counts, demanded_at, remaining)
        for agent_week in takers[k]:
            ahead[agent_week] -= 1
    return values


def _fill(c: Candidate, counts: dict[tuple[str, str | None], frozenset[str]],
          demanded_at: dict[int, list[str]], remaining: dict[tuple[str, int], int]) -> None:
    mine = counts.get((c.agent.id, c.duty), frozenset())
    for slot in c.slots:
        for rid in demanded_at.get(slot, ()):
            if rid in mine:
                remaining[(rid, slot)] -= 1

