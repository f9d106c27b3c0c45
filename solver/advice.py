"""Staffing advice: "who can take this?" for a requirement and a time range.

For every active agent with the requirement's skills who is not already counted then, propose
the shift that covers as much of the range as the agent's availability and contract allow, and
say with the checker which rules it would break. Gap reasons are built from the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from models.coverage import Horizon, counts_for, horizon
from models.domain import Agent, DutyKind, Plan, Requirement, Scenario, Shift, ShiftOrigin
from models.timerules import Interval, to_local
from solver.check import Violation, check_agent, single_shift_violations
from solver.rules import AgentCalendar, agent_calendar, minutes

PROPOSAL_ID = "proposal"
RULE_WORDS = {
    "one_shift_per_day": "already works that day",
    "max_weekly_hours": "weekly hours",
    "max_daily_hours": "daily hours",
    "min_rest": "rest between shifts",
    "max_consecutive_days": "consecutive days",
    "max_nights_per_week": "night shifts per week",
    "shift_length": "shift length",
    "availability": "availability",
}


@dataclass(frozen=True, slots=True)
class Candidate:
    agent_id: str
    shift: Shift
    violations: tuple[Violation, ...]
    cost: float
    reason: str
    covered_minutes: int = 0  # how much of the asked range the proposed shift covers
    other_duty: str | None = None  # the dedicated duty the agent holds then, if any

    @property
    def free(self) -> bool:
        return not self.violations and self.other_duty is None

    @property
    def available(self) -> bool:
        return not any(v.rule == "availability" for v in self.violations)


class Advisor:
    """Answers many "who can take this?" questions about one plan, caching agent calendars."""

    def __init__(self, scenario: Scenario, plan: Plan,
                 calendars: Mapping[str, AgentCalendar] | None = None) -> None:
        """``calendars``: agent calendars already built for the plan's horizon (the solver's),
        reused instead of expanding every agent's availability again."""
        self.scenario, self.plan = scenario, plan
        self.grid: Horizon = horizon(scenario, plan.period)
        self._calendars: dict[str, AgentCalendar] = dict(calendars or {})
        self._shifts: dict[str, list[Shift]] = {}
        for shift in sorted(plan.shifts, key=lambda s: s.start):
            self._shifts.setdefault(shift.agent_id, []).append(shift)
        self._history: dict[str, list[Shift]] = {}
        for shift in scenario.history:
            self._history.setdefault(shift.agent_id, []).append(shift)

    def calendar(self, agent: Agent) -> AgentCalendar:
        if agent.id not in self._calendars:
            margin = timedelta(days=2)
            self._calendars[agent.id] = agent_calendar(self.scenario, agent,
                                                       self.grid.start - margin,
                                                       self.grid.end + margin)
        return self._calendars[agent.id]

    def candidates(self, requirement: Requirement, start: datetime,
                   end: datetime) -> list[Candidate]:
        found = []
        for agent in self.scenario.active_agents():
            if agent.meets(requirement):
                candidate = self.propose(agent, requirement, start, end)
                if candidate is not None:
                    found.append(candidate)
        return sorted(found, key=lambda c: (not c.free, len(c.violations), -c.covered_minutes,
                                            c.cost, c.agent_id))

    def propose(self, agent: Agent, requirement: Requirement, start: datetime,
                end: datetime) -> Candidate | None:
        own = self._shifts.get(agent.id, [])
        overlapping = [s for s in own if s.start < end and start < s.end]
        if any(counts_for(s, agent, requirement) for s in overlapping):
            return None  # already counted for this requirement then
        duty = requirement.id if requirement.duty is DutyKind.DEDICATED else None
        if overlapping:
            held = overlapping[0]
            other = held.duty or "shared work"
            proposal = Shift(PROPOSAL_ID, agent.id, held.start, held.end, duty=duty,
                             origin=ShiftOrigin.MANUAL)
            rest = [s for s in own if s.id != held.id]
            return self._judge(agent, proposal, rest, start, end, other)
        proposal = self._fit(agent, start, end, duty)
        return self._judge(agent, proposal, own, start, end, None)

    def _fit(self, agent: Agent, start: datetime, end: datetime, duty: str | None) -> Shift:
        """The shift covering most of ``[start, end)`` inside the agent's availability."""
        calendar = self.calendar(agent)
        contract = calendar.contract
        low = round(contract.min_shift_hours * 60)
        high = round(min(contract.max_shift_hours, contract.max_hours_per_day) * 60)
        wanted = Interval(start, end)
        best = max(calendar.available_overlapping(start, end),
                   key=lambda iv: (o.minutes if (o := iv.overlap(wanted)) else 0), default=None)
        window = best if best is not None else wanted
        cover = window.overlap(wanted) or wanted
        g = timedelta(minutes=self.grid.granularity)
        length = timedelta(minutes=min(high, max(low, cover.minutes)))
        shift_start = cover.start
        if shift_start + length > window.end:
            shift_start = max(window.start, window.end - length)
        shift_start = self._ceil(shift_start, g)
        shift_end = shift_start + length
        return Shift(PROPOSAL_ID, agent.id, shift_start, shift_end, duty=duty,
                     origin=ShiftOrigin.MANUAL)

    def _ceil(self, instant: datetime, g: timedelta) -> datetime:
        steps = -(-(instant - self.grid.start) // g)
        return self.grid.start + steps * g

    def _judge(self, agent: Agent, proposal: Shift, others: list[Shift], start: datetime,
               end: datetime, other_duty: str | None) -> Candidate:
        calendar = self.calendar(agent)
        window = timedelta(days=calendar.contract.max_consecutive_days + 8)
        near = [s for s in others if abs(s.start - proposal.start) <= window]
        shifts = sorted([*near, proposal], key=lambda s: s.start)
        if calendar.inside_availability(proposal.start, proposal.end):
            violations = tuple(check_agent(self.scenario, calendar, shifts,
                                           self._history.get(agent.id, []), only=PROPOSAL_ID))
        else:  # not there then: that is the reason, whatever the contract would say
            violations = tuple(single_shift_violations(self.scenario, calendar, proposal))
        if any(v.rule == "one_shift_per_day" for v in violations):
            # A second shift that day also breaks daily hours and rest; the first is the reason.
            violations = tuple(v for v in violations
                               if v.rule not in ("max_daily_hours", "min_rest"))
        covered = Interval(proposal.start, proposal.end).overlap(Interval(start, end))
        local = (f"{to_local(proposal.start, agent.time_zone):%a %H:%M}–"
                 f"{to_local(proposal.end, agent.time_zone):%H:%M} {agent.time_zone}")
        if other_duty is not None:
            reason = f"{agent.label} is on {other_duty} then"
        elif violations:
            reason = f"{agent.label}: " + "; ".join(
                RULE_WORDS.get(v.rule, v.rule) if v.rule != "availability" else
                v.message.split(" is ", 1)[-1] for v in violations)
        else:
            reason = f"{agent.label} could work {local}"
        cost = agent.hourly_cost * minutes(proposal.start, proposal.end) / 60
        return Candidate(agent.id, proposal, violations, cost, reason,
                         covered.minutes if covered else 0, other_duty)


def candidates_for(scenario: Scenario, plan: Plan, requirement_id: str, start: datetime,
                   end: datetime) -> list[Candidate]:
    """Who could take ``requirement_id`` during ``[start, end)``, best first."""
    requirement = scenario.target.requirement(requirement_id)
    return Advisor(scenario, plan).candidates(requirement, start, end)
