"""A quick constructive rota: the first complete plan, and the warm start CP-SAT improves.

Day by day, each agent takes the candidate shift that fills the most priority-weighted missing
headcount, if the contract rules allow it next to the shifts already taken. Plain Python; the
same rules as the model (one shift a day, rest, weekly hours, consecutive days, nights).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from models.domain import DutyKind, Scenario
from models.timerules import iso_week, local_date
from solver.candidates import Candidate
from solver.rules import is_night
from solver.soft import priority_weights
from solver.variables import Variables


def greedy_values(scenario: Scenario, v: Variables,
                  keep: list[bool] | None = None) -> list[bool]:
    """A complete rota: the ``keep`` candidates (locked ones always), then greedy fill."""
    requirements = {r.id: r for r in scenario.target.requirements}
    weights = priority_weights(scenario)
    remaining: dict[tuple[str, int], int] = {(d.requirement_id, d.slot): d.headcount
                                             for d in v.demands}
    by_slot: dict[int, list[str]] = defaultdict(list)
    for d in v.demands:
        by_slot[d.slot].append(d.requirement_id)
    values = [c.fixed or (keep is not None and keep[c.index]) for c in v.candidates]
    chosen: dict[str, dict[date, Candidate]] = defaultdict(dict)
    week_minutes: dict[tuple[str, tuple[int, int]], int] = defaultdict(int)
    week_nights: dict[tuple[str, tuple[int, int]], int] = defaultdict(int)
    worked_days: dict[str, set[date]] = defaultdict(set)
    for s in scenario.history:
        agent = scenario.agent(s.agent_id)
        day = local_date(s.start, agent.time_zone)
        worked_days[agent.id].add(day)
        week_minutes[(agent.id, iso_week(day))] += s.minutes
        week_nights[(agent.id, iso_week(day))] += is_night(scenario, agent, s.start, s.end)

    def take(c: Candidate) -> None:
        chosen[c.agent.id][c.day] = c
        worked_days[c.agent.id].add(c.day)
        week_minutes[(c.agent.id, c.week)] += c.minutes
        week_nights[(c.agent.id, c.week)] += c.is_night
        for slot in c.slots:
            for rid in by_slot.get(slot, ()):
                r = requirements[rid]
                if v.meets(c.agent.id, rid) and (r.duty is DutyKind.SHARED or c.duty == rid):
                    remaining[(rid, slot)] -= 1

    def gain(c: Candidate) -> int:
        total = 0
        for slot in c.slots:
            for rid in by_slot.get(slot, ()):
                r = requirements[rid]
                if remaining[(rid, slot)] > 0 and v.meets(c.agent.id, rid) and (
                        r.duty is DutyKind.SHARED or c.duty == rid):
                    total += weights[r.priority]
        return total

    def allowed(c: Candidate) -> bool:
        contract = scenario.contract_of(c.agent)
        mine = chosen[c.agent.id]
        if c.day in mine:
            return False
        rest = timedelta(hours=contract.min_rest_hours)
        for offset in (-2, -1, 1, 2):
            other = mine.get(c.day + timedelta(days=offset))
            if other is not None and (other.start < c.end + rest and c.start < other.end + rest):
                return False
        if week_minutes[(c.agent.id, c.week)] + c.minutes > contract.max_hours_per_week * 60:
            return False
        if c.is_night and week_nights[(c.agent.id, c.week)] + 1 > contract.max_nights_per_week:
            return False
        days = worked_days[c.agent.id]
        run = 1
        d = c.day - timedelta(days=1)
        while d in days:
            run, d = run + 1, d - timedelta(days=1)
        d = c.day + timedelta(days=1)
        while d in days:
            run, d = run + 1, d + timedelta(days=1)
        return run <= contract.max_consecutive_days

    for c in v.candidates:
        if values[c.index]:
            take(c)
    by_day: dict[date, dict[str, list[Candidate]]] = defaultdict(lambda: defaultdict(list))
    for c in v.candidates:
        if not values[c.index]:
            by_day[c.day][c.agent.id].append(c)
    for day in sorted(by_day):
        for agent_id in sorted(by_day[day], key=lambda a: len(by_day[day][a])):
            best, best_gain = None, 0
            for c in by_day[day][agent_id]:
                g = gain(c)
                if g > best_gain and allowed(c):
                    best, best_gain = c, g
            if best is not None:
                take(best)
                values[best.index] = True
    return values
