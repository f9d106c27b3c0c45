"""Staffing advice: "who can take this?" for a requirement and a time range.

For every active agent with the requirement's skills at its minimum level or higher, search every
legal placement that covers part of the range (:mod:`solver.placements`: new shifts on the grid,
and the agent's own shifts lengthened) and let the checker judge each one. An agent with a
placement the checker accepts gets the one covering most of the range; otherwise the answer says
what the agent is doing then (already on shift, another duty), or which rules rule out every
placement, or why the agent is not available. Among equals the more skilled agent ranks first.
Gap reasons are built from the same answers.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from models.coverage import counts_for
from models.domain import Agent, DutyKind, Plan, Requirement, Scenario, Shift, ShiftOrigin
from models.horizon import Horizon, horizon, local_grid
from models.timerules import Interval, to_local
from solver.check import Violation, single_shift_violations
from solver.contract_rules import RULE_WORDS as CONTRACT_RULE_WORDS
from solver.placements import PROPOSAL_ID, Placement, PlacementSearch, Verdict, reasons
from solver.rules import AgentCalendar, agent_calendar, minutes

BEFORE_PERIOD = "before_period"  # not a contract rule: the shift would belong to the period before
RULE_WORDS = {**CONTRACT_RULE_WORDS, BEFORE_PERIOD: "would start before the period"}


@dataclass(frozen=True, slots=True)
class Proposal:
    """One agent's answer to "who can take this?": the shift proposed, the rules it would
    break and why (not a candidate of the model: :class:`solver.candidates.Candidate`)."""

    agent_id: str
    shift: Shift
    violations: tuple[Violation, ...]
    cost: float
    reason: str
    covered_minutes: int = 0  # how much of the asked range the proposed shift adds
    other_duty: str | None = None  # the dedicated duty the agent holds then, if any
    extends: str | None = None  # id of the agent's shift the proposal lengthens and replaces
    blocked_by: tuple[str, ...] = ()  # the rules that rule out every placement, when none is legal
    level: int = 0  # the agent's lowest level in the requirement's skills (3 when it asks none)

    @property
    def free(self) -> bool:
        return not self.violations and self.other_duty is None

    @property
    def available(self) -> bool:
        return not any(v.rule == "availability" for v in self.violations)


@dataclass(frozen=True, slots=True)
class OnShift:
    """An agent with the skills who already works then and counts for the requirement."""

    agent_id: str
    shift: Shift
    reason: str


@dataclass(frozen=True, slots=True)
class Answer:
    candidates: list[Proposal]  # best first
    on_shift: list[OnShift]  # already counted during the range, with no legal placement to add


def duration(value: int) -> str:
    """Minutes in words: ``2 h``, ``1 h 30 min``, ``45 min``."""
    hours, rest = divmod(value, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


class Advisor:
    """Answers many "who can take this?" questions about one plan, caching agent calendars and
    what the checker has shown about placements."""

    def __init__(self, scenario: Scenario, plan: Plan,
                 calendars: Mapping[str, AgentCalendar] | None = None) -> None:
        """``calendars``: agent calendars already built for the plan's horizon (the solver's),
        reused instead of expanding every agent's availability again."""
        self.scenario, self.plan = scenario, plan
        self.grid: Horizon = horizon(scenario, plan.period)
        self.zone = scenario.team.reference_zone
        self._calendars: dict[str, AgentCalendar] = dict(calendars or {})
        self._shifts: dict[str, list[Shift]] = {}
        for shift in sorted(plan.shifts, key=lambda s: s.start):
            self._shifts.setdefault(shift.agent_id, []).append(shift)
        history: dict[str, list[Shift]] = {}
        for shift in scenario.history:
            history.setdefault(shift.agent_id, []).append(shift)
        self._skilled: dict[str, list[Agent]] = {}
        self.search = PlacementSearch(scenario, self.grid, self.calendar, history)

    def calendar(self, agent: Agent) -> AgentCalendar:
        if agent.id not in self._calendars:
            margin = timedelta(days=2)
            self._calendars[agent.id] = agent_calendar(self.scenario, agent,
                                                       self.grid.start - margin,
                                                       self.grid.end + margin)
        return self._calendars[agent.id]

    def candidates(self, requirement: Requirement, start: datetime,
                   end: datetime) -> list[Proposal]:
        return self.answer(requirement, start, end).candidates

    def answer(self, requirement: Requirement, start: datetime, end: datetime) -> Answer:
        found: list[Proposal] = []
        on_shift: list[OnShift] = []
        if requirement.id not in self._skilled:
            self._skilled[requirement.id] = [a for a in self.scenario.active_agents()
                                             if a.meets(requirement)]
        for agent in self._skilled[requirement.id]:
            answer = self.propose(agent, requirement, start, end)
            if isinstance(answer, OnShift):
                on_shift.append(answer)
            else:
                found.append(replace(answer, level=agent.level_for(requirement)))
        # Among agents equally free to take it, the most skilled first: an expert before a
        # learner, then whoever covers most of the range, then the cheaper.
        found.sort(key=lambda c: (not c.free, not c.available, c.other_duty is not None,
                                  len(c.violations), -c.level, -c.covered_minutes, c.cost,
                                  c.agent_id))
        return Answer(found, on_shift)

    def propose(self, agent: Agent, requirement: Requirement, start: datetime,
                end: datetime) -> Proposal | OnShift:
        own = self._shifts.get(agent.id, [])
        overlapping = [s for s in own if s.start < end and start < s.end]
        counted = [s for s in overlapping if counts_for(s, agent, requirement)]
        duty = requirement.id if requirement.duty is DutyKind.DEDICATED else None
        reach = timedelta(hours=self.calendar(agent).contract.max_shift_hours)
        near = own[bisect_left(own, start - reach, key=_start):
                   bisect_left(own, end + reach, key=_start)]
        verdict = self.search.search(agent, start, end, duty, own,
                                     [s for s in near if counts_for(s, agent, requirement)])
        if verdict.clean is not None:
            return self._candidate(agent, verdict.clean, duty, (), start, end)
        if counted:
            held = counted[0]
            return OnShift(agent.id, held, f"{agent.label} already works then "
                           f"({self._span(held.start, held.end)} {self.zone}) and counts for it")
        if overlapping:  # on shift then, for something this requirement cannot count
            held = overlapping[0]
            other = (f"standby for {self._name(held.duty)}" if held.is_standby else
                     held.duty or "shared work")
            proposal = Shift(PROPOSAL_ID, agent.id, held.start, held.end, duty=duty,
                             origin=ShiftOrigin.MANUAL)
            violations = self.search.judge(self.calendar(agent), proposal,
                                           [s for s in own if s.id != held.id])
            p = self.search.placement(held.start, held.end,
                                      self._covered(held.start, held.end, start, end))
            return self._candidate(agent, p, duty, violations, start, end, other)
        if verdict.best is None:
            return self._unavailable(agent, start, end, duty)
        return self._candidate(agent, verdict.best, duty, verdict.violations, start, end,
                               verdict=verdict)

    def _name(self, requirement_id: str | None) -> str:
        """A requirement's name, or its id when the active target no longer has it."""
        found = next((r for r in self.scenario.target.requirements if r.id == requirement_id),
                     None)
        return found.name if found is not None else str(requirement_id)

    def _candidate(self, agent: Agent, p: Placement, duty: str | None,
                   violations: tuple[Violation, ...] | list[Violation], start: datetime,
                   end: datetime, other_duty: str | None = None,
                   verdict: Verdict | None = None) -> Proposal:
        violations = reasons(violations)
        shift = PlacementSearch.proposal(agent, p, duty)
        rules = verdict.rules if verdict is not None else ()
        if other_duty is not None:
            reason = f"{agent.label} is on {other_duty} then"
        elif rules:  # every placement breaks one of these
            reason = f"{agent.label}: " + "; ".join(RULE_WORDS.get(r, r) for r in rules)
        elif violations:
            reason = f"{agent.label}: " + "; ".join(_words(v) for v in violations)
        else:
            reason = self._suggestion(agent, p, start, end)
        cost = agent.hourly_cost * p.added / 60
        return Proposal(agent.id, shift, tuple(violations), cost, reason, p.covered, other_duty,
                         p.extends.id if p.extends is not None else None, rules)

    def _unavailable(self, agent: Agent, start: datetime, end: datetime,
                     duty: str | None) -> Proposal:
        """No placement fits: say why, on the shift closest to covering the range."""
        proposal = self._fit(agent, start, end, duty)
        calendar = self.calendar(agent)
        violations = [v for v in single_shift_violations(self.scenario, calendar, proposal)
                      if v.rule == "availability"]
        if not violations and proposal.start < self.grid.start:
            # Available then, but a whole shift covering it would start in the period before.
            span = self._span(proposal.start, proposal.end)
            violations = [Violation(BEFORE_PERIOD, agent.id, (PROPOSAL_ID,), 0,
                                    f"{agent.label}'s shift {span} ({self.zone}) would start "
                                    "before the period")]
        elif not violations:  # no availability window then holds a whole shift on the grid
            low = calendar.contract.min_shift_hours
            violations = [Violation("availability", agent.id, (PROPOSAL_ID,), low,
                                    f"{agent.label}'s shift is outside their availability "
                                    f"(no window then holds a {low:g} h shift on the grid)")]
        p = self.search.placement(proposal.start, proposal.end,
                                  self._covered(proposal.start, proposal.end, start, end))
        return self._candidate(agent, p, duty, violations, start, end)

    def _suggestion(self, agent: Agent, p: Placement, start: datetime, end: datetime) -> str:
        share = "all of it" if p.covered >= minutes(start, end) else \
            f"{duration(p.covered)} of it"
        if p.extends is None:
            what = f"{agent.label} could work {self._span(p.start, p.end)} ({self.zone})"
        else:
            old = p.extends
            change = (f"start at {to_local(p.start, self.zone):%H:%M}" if p.end == old.end else
                      f"end at {to_local(p.end, self.zone):%H:%M}" if p.start == old.start else
                      f"run {self._span(p.start, p.end)}")
            what = (f"{agent.label}'s shift {self._span(old.start, old.end)} could {change} "
                    f"({self.zone})")
        return f"{what}, covering {share}"

    def _span(self, start: datetime, end: datetime) -> str:
        return f"{to_local(start, self.zone):%a %d %b %H:%M}–{to_local(end, self.zone):%H:%M}"

    @staticmethod
    def _covered(a: datetime, b: datetime, start: datetime, end: datetime) -> int:
        overlap = Interval(a, b).overlap(Interval(start, end))
        return overlap.minutes if overlap else 0

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
        g = self.grid.granularity
        length = timedelta(minutes=min(high, max(low, cover.minutes)))
        shift_start = cover.start
        if shift_start + length > window.end:
            shift_start = max(window.start, window.end - length)
        # On the agent's own local grid (09:00 in Kathmandu, not the team slot after it).
        shift_start = local_grid(agent.time_zone, shift_start,
                                 shift_start + timedelta(minutes=g), g)[0]
        return Shift(PROPOSAL_ID, agent.id, shift_start, shift_start + length, duty=duty,
                     origin=ShiftOrigin.MANUAL)


def _start(shift: Shift) -> datetime:
    return shift.start


def _words(v: Violation) -> str:
    if v.rule == "availability":
        return v.message.split(" is ", 1)[-1]
    return RULE_WORDS.get(v.rule, v.rule)


def candidates_for(scenario: Scenario, plan: Plan, requirement_id: str, start: datetime,
                   end: datetime) -> list[Proposal]:
    """Who could take ``requirement_id`` during ``[start, end)``, best first."""
    requirement = scenario.target.requirement(requirement_id)
    return Advisor(scenario, plan).candidates(requirement, start, end)
