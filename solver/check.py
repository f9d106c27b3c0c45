"""The independent rule checker: every hard rule again, in plain Python, without OR-Tools.

Each contract rule's checker lives beside its model constraint in the rule book
(:mod:`solver.contract_rules`), written from the rule's definition, not from the model; this
module runs them, adds the plan's own rules (unknown and inactive agents, duties) and the
warnings (minimum hours).

It validates any plan against its scenario: a solver's, a hand-edited one, one read from a file.
The tests run it on every solver output; the app runs it on every hand edit. Shifts worked
before the period (``scenario.history``) count for rest, consecutive days and the weekly limits
of the first week, but are never reported themselves.

Standby (see :class:`models.domain.Shift`): a standby shift must name a requirement of the
active target that accepts standby and whose skills the agent has (``standby``); an agent is
never on duty and on standby at once (``on_duty_and_standby``); standby shifts are shifts for
the length, daily, rest, consecutive-day and night rules, and count no hours toward the
contract's weekly maximum or minimum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from models.domain import Agent, DutyKind, Plan, Requirement, Scenario, Shift
from models.horizon import horizon
from solver.contract_rules import RULE_BOOK, Violation
from solver.contract_rules.base import by_week, hours_words, ids, local_words
from solver.min_hours import period_days, weekly_minimums
from solver.rules import AgentCalendar, agent_calendar, minutes

RULES = ("unknown_agent", "inactive_agent", *(rule.name for rule in RULE_BOOK), "duty",
         "standby", "on_duty_and_standby")
PER_SHIFT = tuple(rule for rule in RULE_BOOK if rule.per_shift)
BETWEEN_SHIFTS = tuple(rule for rule in RULE_BOOK if not rule.per_shift)

__all__ = [
    "RULES",
    "HoursWarning",
    "Violation",
    "check",
    "check_agent",
    "single_shift_violations",
    "under_minimum_hours",
]


def check(scenario: Scenario, plan: Plan, *,
          agent_ids: Iterable[str] | None = None) -> list[Violation]:
    """Every hard-rule violation in ``plan`` (optionally only for some agents)."""
    wanted = set(agent_ids) if agent_ids is not None else None
    grid = horizon(scenario, plan.period)
    by_agent: dict[str, list[Shift]] = defaultdict(list)
    for shift in plan.shifts:
        if wanted is None or shift.agent_id in wanted:
            by_agent[shift.agent_id].append(shift)
    history: dict[str, list[Shift]] = defaultdict(list)
    for shift in scenario.history:
        history[shift.agent_id].append(shift)
    known = {a.id: a for a in scenario.agents}
    violations: list[Violation] = []
    for agent_id in sorted(by_agent):
        shifts = sorted(by_agent[agent_id], key=lambda s: s.start)
        agent = known.get(agent_id)
        if agent is None:
            violations.append(Violation("unknown_agent", agent_id, ids(shifts), len(shifts),
                                        f"{len(shifts)} shifts for an agent not in the team"))
            continue
        start = min([grid.start, *(s.start for s in shifts)]) - timedelta(days=2)
        end = max([grid.end, *(s.end for s in shifts)]) + timedelta(days=2)
        calendar = agent_calendar(scenario, agent, start, end)
        violations.extend(check_agent(scenario, calendar, shifts, history[agent_id]))
    return violations


def check_agent(scenario: Scenario, calendar: AgentCalendar, shifts: list[Shift],
                history: list[Shift], only: str | None = None) -> list[Violation]:
    """Violations of one agent's shifts (sorted by start), with earlier history as context;
    with ``only``, just the violations involving that shift id."""
    agent = calendar.agent
    found: list[Violation] = []
    if not agent.active:
        found.append(Violation("inactive_agent", agent.id, ids(shifts), len(shifts),
                               f"{agent.label} is not active but has {len(shifts)} shifts"))
    for shift in shifts:
        if only is None or shift.id == only:
            found.extend(single_shift_violations(scenario, calendar, shift))
    plan_ids = {s.id for s in shifts} if only is None else {only}
    everything = sorted([*history, *shifts], key=lambda s: s.start)
    for violations in (_on_duty_and_standby(calendar, everything),
                       *(rule.violations(scenario, calendar, everything)
                         for rule in BETWEEN_SHIFTS)):
        found.extend(v for v in violations if plan_ids.intersection(v.shift_ids))
    return found


def single_shift_violations(scenario: Scenario, calendar: AgentCalendar,
                            shift: Shift) -> Iterator[Violation]:
    """Rules one shift breaks on its own: length, availability, duty."""
    for rule in PER_SHIFT:
        yield from rule.violations(scenario, calendar, [shift])
    agent = calendar.agent
    if shift.is_standby:
        yield from _standby_violations(scenario, agent, shift)
    elif shift.duty is not None:
        requirement = next((r for r in scenario.target.requirements if r.id == shift.duty), None)
        if requirement is None or requirement.duty is not DutyKind.DEDICATED:
            yield Violation("duty", agent.id, (shift.id,), 1,
                            f"{shift.duty!r} is not a dedicated duty of the active target")
        elif not agent.meets(requirement):
            yield Violation("duty", agent.id, (shift.id,), 1,
                            _lacks_skill(agent, requirement.name, requirement))


def _standby_violations(scenario: Scenario, agent: Agent, shift: Shift) -> Iterator[Violation]:
    """A standby shift stands by for a requirement of the active target that accepts standby
    and that the agent meets."""
    requirement = next((r for r in scenario.target.requirements if r.id == shift.duty), None)
    where = f"{agent.label}'s standby {local_words(shift, agent)} (shift {shift.id})"
    if requirement is None:
        yield Violation("standby", agent.id, (shift.id,), shift.minutes / 60,
                        f"{where} stands by for {shift.duty!r}, which is not a requirement of "
                        "the active target")
    elif not requirement.accepts_standby:
        yield Violation("standby", agent.id, (shift.id,), shift.minutes / 60,
                        f"{where} stands by for {requirement.name} ({requirement.id}), which "
                        "does not accept standby: it needs agents on duty")
    elif not agent.meets(requirement):
        yield Violation("standby", agent.id, (shift.id,), shift.minutes / 60,
                        f"{where}: " + _lacks_skill(
                            agent, f"{requirement.name} ({requirement.id})", requirement))


def _lacks_skill(agent: Agent, named: str, requirement: Requirement) -> str:
    """Why ``agent`` cannot hold or stand by for ``requirement`` (called ``named``)."""
    level = (f" at level {requirement.min_level} or higher" if requirement.min_level > 1
             else "")
    return f"{agent.label} lacks a skill that {named} needs{level}"


def _on_duty_and_standby(calendar: AgentCalendar, shifts: list[Shift]) -> Iterator[Violation]:
    """An agent is never on duty and on standby at the same time."""
    agent = calendar.agent
    on_duty = [s for s in shifts if not s.is_standby]
    for standby in (s for s in shifts if s.is_standby):
        for worked in on_duty:
            overlap = minutes(max(worked.start, standby.start), min(worked.end, standby.end))
            if overlap > 0:
                yield Violation("on_duty_and_standby", agent.id, (worked.id, standby.id),
                                overlap / 60,
                                f"{agent.label} is on duty {local_words(worked, agent)} and on "
                                f"standby {local_words(standby, agent)} at the same time "
                                f"({hours_words(overlap)})")


# --------------------------------------------------------------------------------------------
# Warnings: what the plan does not break but falls short of
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HoursWarning:
    """An agent who works less in an ISO week than the contract's prorated weekly minimum."""

    agent_id: str
    year: int
    week: int
    worked_minutes: int
    minimum_minutes: int  # the weekly minimum, prorated to the week's days in the period
    message: str

    @property
    def missing_minutes(self) -> int:
        return self.minimum_minutes - self.worked_minutes

    def __str__(self) -> str:
        return f"under_min_hours: {self.message}"


def under_minimum_hours(scenario: Scenario, plan: Plan) -> list[HoursWarning]:
    """Every active agent and ISO week (agent's zone) of the period in which the plan gives
    fewer hours than the contract's weekly minimum asks, prorated as the solver prorates it
    (:func:`solver.min_hours.weekly_minimums`): days outside the period, time off and public
    holidays ask for nothing. Minimum hours are a wish the solver weighs, not a hard rule, so
    these are warnings, not violations."""
    grid = horizon(scenario, plan.period)
    by_agent: dict[str, list[Shift]] = defaultdict(list)
    for shift in plan.shifts:
        if not shift.is_standby:  # standby hours do not fill the weekly minimum
            by_agent[shift.agent_id].append(shift)
    found = []
    for agent in scenario.active_agents():
        contract = scenario.contract_of(agent)
        if contract.min_hours_per_week <= 0:
            continue
        calendar = agent_calendar(scenario, agent, grid.start, grid.end)
        minimums = weekly_minimums(calendar, period_days(scenario, grid.start, grid.end))
        worked = by_week(agent, by_agent[agent.id])
        for (year, week), minimum in sorted(minimums.items()):
            total = sum(s.minutes for s in worked.get((year, week), []))
            if total >= minimum:
                continue
            asked = (f"{contract.min_hours_per_week:g} h" if
                     minimum == round(contract.min_hours_per_week * 60) else
                     f"{_h_min(minimum)} (its {contract.min_hours_per_week:g} h prorated to the "
                     "days in the period that are not time off)")
            found.append(HoursWarning(
                agent.id, year, week, total, minimum,
                f"{agent.label} works {_h_min(total)} in week {week} of {year}; the contract "
                f"asks at least {asked}: {_h_min(minimum - total)} missing"))
    return found


def _h_min(value_minutes: int) -> str:
    """Minutes as ``26 h``, ``27 h 30 min``."""
    hours, rest = divmod(value_minutes, 60)
    return f"{hours} h" + (f" {rest} min" if rest else "")
