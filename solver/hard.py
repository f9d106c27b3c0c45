"""Hard rules: ``add_<rule>(model, scenario, vars)``, one function per contract rule.

Each mirrors a checker rule in ``solver/check.py``; shifts worked before the period
(``scenario.history``) enter as constants. Rules that candidate generation already guarantees
(shift length, availability) still have their function, which says so and verifies it, so the
list in ``build_model`` reads as the whole rule book.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from ortools.sat.python import cp_model

from models.domain import Agent, Scenario, Shift
from models.timerules import iso_week, local_date
from solver.rules import is_night
from solver.variables import Variables


def _history(scenario: Scenario, agent: Agent) -> list[Shift]:
    return [s for s in scenario.history if s.agent_id == agent.id]


def add_one_shift_per_day(model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
    """At most one shift per agent and local day (duty variants included)."""
    for indices in v.by_agent_day.values():
        if len(indices) > 1:
            model.add_at_most_one(v.x[i] for i in indices)


def add_shift_length(model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
    """Min/max shift length and max hours per local day: only such candidates exist."""
    for c in v.candidates:
        contract = scenario.contract_of(c.agent)
        if c.fixed:
            continue
        limit = min(contract.max_shift_hours, contract.max_hours_per_day) * 60
        if not contract.min_shift_hours * 60 <= c.minutes <= limit:
            model.add(v.x[c.index] == 0)


def add_max_daily_hours(model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
    """Hours per local day: one shift a day (``add_one_shift_per_day``) whose length candidate
    generation caps at the contract's daily maximum, so nothing more is needed."""


def add_availability(model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
    """Shifts lie inside availability, outside time off and holidays: candidates are built so."""


def add_max_weekly_hours(model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
    """Hours per ISO week in the agent's zone (shifts count in the week they start), history
    of the first week included."""
    for agent_id, indices in v.by_agent.items():
        agent = scenario.agent(agent_id)
        limit = round(scenario.contract_of(agent).max_hours_per_week * 60)
        weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in indices:
            weeks[v.candidates[i].week].append(i)
        before: dict[tuple[int, int], int] = defaultdict(int)
        for s in _history(scenario, agent):
            before[iso_week(local_date(s.start, agent.time_zone))] += s.minutes
        for week, group in weeks.items():
            if sum(sorted(v.candidates[i].minutes for i in group)[-7:]) + before[week] > limit:
                model.add(v.worked_minutes(group) <= max(0, limit - before[week]))


def add_min_rest(model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
    """Min rest between the end of one shift and the start of the next (and no overlap).

    A later day has at most one shift, so "a shift of day d' starts before c ends + rest" is one
    prefix boolean of that day (``Variables.started_before``), and each (shift, later day) pair
    is a single at-most-one ``x[c] + started_before <= 1``. Rest against history and locked shifts
    is enforced by candidate generation.
    """
    for agent_id, indices in v.by_agent.items():
        rest = timedelta(hours=scenario.contract_of(scenario.agent(agent_id)).min_rest_hours)
        days = sorted({v.candidates[i].day for i in indices})
        starts: dict[date, list[datetime]] = {}
        for i in indices:
            first = v.candidates[i]
            limit = first.end + rest
            for n in range(bisect_right(days, first.day), len(days)):
                later = days[n]
                pairs = v.started_before(agent_id, later)
                if not pairs or pairs[0][0] >= limit:
                    if later > first.day + timedelta(days=1):
                        break
                    continue
                if later not in starts:
                    starts[later] = [u for u, _ in pairs]
                prefix = pairs[bisect_left(starts[later], limit) - 1][1]  # last start < limit
                model.add_at_most_one([v.x[i], prefix])


def add_max_consecutive_days(model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
    """At most N working local days in a row, counting days worked just before the period."""
    for agent_id, indices in v.by_agent.items():
        agent = scenario.agent(agent_id)
        limit = scenario.contract_of(agent).max_consecutive_days
        worked: dict[date, Any] = defaultdict(int)
        for i in indices:
            worked[v.candidates[i].day] += v.x[i]
        for s in _history(scenario, agent):
            worked[local_date(s.start, agent.time_zone)] = 1
        first, last = min(worked), max(worked)
        day = first
        while day + timedelta(days=limit) <= last:
            window = [day + timedelta(days=k) for k in range(limit + 1)]
            terms = [worked[d] for d in window if d in worked]
            if len(terms) > limit:
                model.add(sum(terms) <= limit)
            day += timedelta(days=1)


def add_max_nights_per_week(model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
    """Night shifts (overlapping the team night window in the agent's local time) per ISO week."""
    for agent_id, indices in v.by_agent.items():
        agent = scenario.agent(agent_id)
        limit = scenario.contract_of(agent).max_nights_per_week
        weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in indices:
            if v.candidates[i].is_night:
                weeks[v.candidates[i].week].append(i)
        before: dict[tuple[int, int], int] = defaultdict(int)
        for s in _history(scenario, agent):
            if is_night(scenario, agent, s.start, s.end):
                before[iso_week(local_date(s.start, agent.time_zone))] += 1
        for week, group in weeks.items():
            if len({v.candidates[i].day for i in group}) + before[week] > limit:
                model.add(sum(v.x[i] for i in group) <= max(0, limit - before[week]))


def add_locked_shifts(model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
    """Locked shifts (and shifts of a previous plan before the keep-before instant) stay."""
    for c in v.candidates:
        if c.fixed:
            model.add(v.x[c.index] == 1)
