"""Shortfall no plan can avoid: where fewer people could be on shift than the target asks.

A person counts for a requirement only while they meet it and are on a shift. Every shift of a
plan the rules allow is either in every such plan (shifts worked before the period, locked
shifts, the days a re-plan keeps: all of them in the plan at hand) or starts inside the period,
lies wholly inside one of the agent's available intervals (time off and public holidays
removed) and lasts at least the contract's shortest shift. So at any moment, at most the
agents who meet the requirement and are there in one of those two ways can count for it, and a
headcount above that is missing from every plan.

Summed over the coverage rows this is a lower bound on every plan's shortfall, per requirement,
whatever the candidates, the grid or the search. A plan that misses exactly this much in every
row is proven to miss the least any plan can, in every requirement at once, so also for any
priority weighting: its gaps are where nobody could be. That proof holds on any grid and over
any number of days, where the search's own proof needs every placement as a candidate
(:func:`solver.shift_grid.every_placement`) and one window.

Requirements with a response allowance are left out (a short hole there is excused, so the
count says nothing): a plan that misses anything in one of them is not proven this way.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta

from models.coverage import SlotCoverage
from models.domain import Agent, Plan, Requirement, Scenario, Shift
from models.horizon import horizon
from models.timerules import Interval
from solver.contract_rules.shift_length import shortest
from solver.rules import AgentCalendar, agent_calendar

MARGIN = timedelta(days=2)


class Reach:
    """Who could be on shift for each requirement, asked one row at a time."""

    def __init__(self, scenario: Scenario, shifts: Iterable[Shift],
                 calendars: Mapping[str, AgentCalendar], opens: datetime) -> None:
        """``shifts``: every shift in every plan (history, locked, kept); ``opens``: when the
        period begins, before which no new shift starts."""
        self.scenario, self.opens = scenario, opens
        self.calendars = calendars
        self.shifts: dict[str, list[Shift]] = defaultdict(list)
        for shift in shifts:
            self.shifts[shift.agent_id].append(shift)
        self.agents = scenario.active_agents()
        self.requirements = {r.id: r for r in scenario.target.requirements}
        self._meeting: dict[str, list[Agent]] = {}

    def meeting(self, requirement: Requirement) -> list[Agent]:
        found = self._meeting.get(requirement.id)
        if found is None:
            found = [a for a in self.agents if a.meets(requirement)]
            self._meeting[requirement.id] = found
        return found

    def could_be_there(self, agent: Agent, start: datetime, end: datetime) -> bool:
        """Whether some plan the rules allow can have ``agent`` on shift in ``[start, end)``."""
        if any(s.start < end and start < s.end for s in self.shifts.get(agent.id, ())):
            return True
        calendar = self.calendars.get(agent.id)
        return calendar is not None and any(shift_windows(calendar, self.opens, start, end))

    def unavoidable(self, row: SlotCoverage) -> int:
        """People missing in ``row`` in every plan the rules allow (0 for a requirement with a
        response allowance: see the module)."""
        requirement = self.requirements[row.requirement_id]
        if requirement.allowance_minutes:
            return 0
        could = 0
        for agent in self.meeting(requirement):
            if could >= row.required:
                return 0
            could += self.could_be_there(agent, row.start, row.end)
        return max(0, row.required - could)


def shift_windows(calendar: AgentCalendar, earliest: datetime, start: datetime,
                  end: datetime) -> Iterator[Interval]:
    """The agent's available intervals overlapping ``[start, end)`` that can hold a new shift
    starting at ``earliest`` or later: what is left of them from then on lasts at least the
    contract's shortest shift."""
    least = shortest(calendar.contract)
    return (iv for iv in calendar.available_overlapping(start, end)
            if iv.end - max(iv.start, earliest) >= least)


def calendars_for(scenario: Scenario, plan: Plan) -> dict[str, AgentCalendar]:
    """Every active agent's calendar over the plan's horizon, with a margin either side."""
    grid = horizon(scenario, plan.period)
    return {a.id: agent_calendar(scenario, a, grid.start - MARGIN, grid.end + MARGIN)
            for a in scenario.active_agents()}


def misses_only_the_unavoidable(scenario: Scenario, plan: Plan, rows: Sequence[SlotCoverage],
                                calendars: Mapping[str, AgentCalendar] | None = None,
                                deadline: float | None = None) -> bool:
    """Whether ``plan`` (whose coverage is ``rows``) misses in every row exactly what every plan
    misses there: then no plan the rules allow misses less. False past ``deadline``
    (``time.monotonic()``): unproven is the safe answer."""
    short = [row for row in rows if row.missing]
    if not short:
        return True
    reach = Reach(scenario, [*scenario.history, *plan.shifts],
                  calendars if calendars is not None else calendars_for(scenario, plan),
                  horizon(scenario, plan.period).start)
    for row in short:
        if deadline is not None and time.monotonic() >= deadline:
            return False
        if reach.unavoidable(row) != row.missing:
            return False
    return True

