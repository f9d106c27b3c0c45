"""Hard rules: ``add_<rule>(model, scenario, vars)``, one function per contract rule.

Each mirrors a checker rule in ``solver/check.py``; shifts worked before the period
(``scenario.history``) enter as constants. Rules that candidate generation already guarantees
(shift length, availability) still have their function, which says so and verifies it, so the
list in ``build_model`` reads as the whole rule book.

Locked shifts that already break a rule (a manager's override) are kept and planned around: a
rule whose locked shifts and history alone exceed its limit lets no other shift join them
(:func:`_at_most`), instead of making the whole model infeasible. The checker reports the kept
break.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from ortools.sat.python import cp_model

from models.domain import Agent, Scenario, Shift
from models.timerules import iso_week, local_date
from solver.rules import is_night
from solver.variables import Variables


def _history(scenario: Scenario, agent: Agent) -> list[Shift]:
    return [s for s in scenario.history if s.agent_id == agent.id]


def _at_most(model: cp_model.CpModel, v: Variables, indices: list[int], limit: int,
             weight: Callable[[int], int] = lambda _i: 1, constant: int = 0,
             expr: Any = None) -> None:
    """``constant + sum(weight(i) * x[i]) <= limit`` over a group of candidates.

    When the locked (fixed) candidates and the constant alone exceed the limit, the model keeps
    them and forbids every other candidate of the group: the break stays as the manager made it
    and grows no further.
    """
    fixed = constant + sum(weight(i) for i in indices if v.candidates[i].fixed)
    if fixed > limit:
        for i in indices:
            if not v.candidates[i].fixed:
                model.add(v.x[i] == 0)
        return
    total = expr if expr is not None else sum(weight(i) * v.x[i] for i in indices)
    model.add(total <= limit - constant)


def add_one_shift_per_day(model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
    """At most one shift per agent and local day (duty variants included)."""
    for indices in v.by_agent_day.values():
        if len(indices) <= 1:
            continue
        if sum(v.candidates[i].fixed for i in indices) > 1:
            _at_most(model, v, indices, 1)  # two locked shifts on one day stay; nothing joins
        else:
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
    of the first week included; standby shifts are not hours of the contract and count none."""
    for agent_id, indices in v.by_agent.items():
        agent = scenario.agent(agent_id)
        limit = round(scenario.contract_of(agent).max_hours_per_week * 60)
        weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in indices:
            if not v.candidates[i].standby:  # standby is not working time of the contract
                weeks[v.candidates[i].week].append(i)
        before: dict[tuple[int, int], int] = defaultdict(int)
        for s in _history(scenario, agent):
            if not s.is_standby:
                before[iso_week(local_date(s.start, agent.time_zone))] += s.minutes
        for week, group in weeks.items():
            if sum(sorted(v.candidates[i].minutes for i in group)[-7:]) + before[week] > limit:
                _at_most(model, v, group, limit, lambda i: v.candidates[i].minutes,
                         before[week], v.worked_minutes(group))


def add_min_rest(model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
    """Min rest between the end of one shift and the start of the next (and no overlap).

    A later day has at most one shift, so "a shift of day d' starts before c ends + rest" is one
    prefix boolean of that day (``Variables.started_before``), and each (shift, later day) pair
    is a single at-most-one ``x[c] + started_before <= 1``. Rest against history and locked shifts
    is enforced by candidate generation; two locked shifts too close together stay (a later day
    with a locked shift has no other candidate, so the pair needs no clause).
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
                locked_start = v.fixed_start(agent_id, later)
                if locked_start is not None:  # the day holds only its locked shift(s)
                    if locked_start >= limit and later > first.day + timedelta(days=1):
                        break
                    if locked_start < limit and not first.fixed:
                        model.add(v.x[i] == 0)
                    continue  # two locked shifts too close together are kept as they are
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
        free: dict[date, list[int]] = defaultdict(list)  # days without a locked shift
        for i in indices:
            worked[v.candidates[i].day] += v.x[i]
        certain = {v.candidates[i].day for i in indices if v.candidates[i].fixed}
        for s in _history(scenario, agent):
            day = local_date(s.start, agent.time_zone)
            worked[day] = 1
            certain.add(day)
        for i in indices:
            if v.candidates[i].day not in certain:
                free[v.candidates[i].day].append(i)
        first, last = min(worked), max(worked)
        day = first
        while day + timedelta(days=limit) <= last:
            window = [day + timedelta(days=k) for k in range(limit + 1)]
            terms = [worked[d] for d in window if d in worked]
            if sum(d in certain for d in window) > limit:  # locked days alone: kept
                for d in window:
                    for i in free.get(d, ()):
                        model.add(v.x[i] == 0)
            elif len(terms) > limit:
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
                _at_most(model, v, group, limit, constant=before[week])


def add_locked_shifts(model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
    """Locked shifts (and shifts of a previous plan before the keep-before instant) stay."""
    for c in v.candidates:
        if c.fixed:
            model.add(v.x[c.index] == 1)
