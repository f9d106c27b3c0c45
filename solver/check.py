"""The independent rule checker: every hard rule again, in plain Python, without OR-Tools.

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
from datetime import date, datetime, timedelta
from itertools import pairwise

from models.coverage import horizon
from models.domain import Agent, DutyKind, Plan, Scenario, Shift
from solver.min_hours import period_days, weekly_minimums
from solver.rules import AgentCalendar, agent_calendar, is_night, minutes, shift_day

RULES = (
    "unknown_agent", "inactive_agent", "shift_length", "availability", "one_shift_per_day",
    "max_daily_hours", "min_rest", "max_weekly_hours", "max_consecutive_days",
    "max_nights_per_week", "duty", "standby", "on_duty_and_standby",
)


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    agent_id: str
    shift_ids: tuple[str, ...]
    amount: float  # how far over (or under) the limit, in the rule's unit (hours, days, nights)
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


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
            violations.append(Violation("unknown_agent", agent_id, _ids(shifts), len(shifts),
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
        found.append(Violation("inactive_agent", agent.id, _ids(shifts), len(shifts),
                               f"{agent.label} is not active but has {len(shifts)} shifts"))
    for shift in shifts:
        if only is None or shift.id == only:
            found.extend(single_shift_violations(scenario, calendar, shift))
    plan_ids = {s.id for s in shifts} if only is None else {only}
    everything = sorted([*history, *shifts], key=lambda s: s.start)
    for checker in (_on_duty_and_standby, _one_shift_per_day, _max_daily_hours, _min_rest,
                    _max_weekly_hours, _max_consecutive_days, _max_nights_per_week):
        found.extend(v for v in checker(scenario, calendar, everything)
                     if plan_ids.intersection(v.shift_ids))
    return found


def _ids(shifts: Iterable[Shift]) -> tuple[str, ...]:
    return tuple(s.id for s in shifts)


def _hm(value_minutes: float) -> str:
    return f"{value_minutes / 60:g} h"


def _local(shift: Shift, agent: Agent) -> str:
    from models.timerules import to_local

    a, b = to_local(shift.start, agent.time_zone), to_local(shift.end, agent.time_zone)
    return f"{a:%a %d %b %H:%M}–{b:%H:%M} {agent.time_zone}"


def single_shift_violations(scenario: Scenario, calendar: AgentCalendar,
                            shift: Shift) -> Iterator[Violation]:
    """Rules one shift breaks on its own: length, availability, duty."""
    agent, contract = calendar.agent, calendar.contract
    length = minutes(shift.start, shift.end)
    low, high = round(contract.min_shift_hours * 60), round(contract.max_shift_hours * 60)
    if length < low or length > high:
        amount = (low - length) if length < low else (length - high)
        yield Violation("shift_length", agent.id, (shift.id,), amount / 60,
                        f"{agent.label}'s shift {_local(shift, agent)} lasts {_hm(length)}; the "
                        f"contract allows {contract.min_shift_hours:g}–"
                        f"{contract.max_shift_hours:g} h")
    if not calendar.inside_availability(shift.start, shift.end):
        yield Violation("availability", agent.id, (shift.id,), length / 60,
                        f"{agent.label}'s shift {_local(shift, agent)} is "
                        f"{calendar.why_unavailable(shift.start, shift.end)}")
    if shift.is_standby:
        yield from _standby_violations(scenario, agent, shift)
    elif shift.duty is not None:
        requirement = next((r for r in scenario.target.requirements if r.id == shift.duty), None)
        if requirement is None or requirement.duty is not DutyKind.DEDICATED:
            yield Violation("duty", agent.id, (shift.id,), 1,
                            f"{shift.duty!r} is not a dedicated duty of the active target")
        elif not agent.meets(requirement):
            yield Violation("duty", agent.id, (shift.id,), 1,
                            f"{agent.label} lacks a skill that {requirement.name} needs"
                            + (f" at level {requirement.min_level} or higher"
                               if requirement.min_level > 1 else ""))


def _standby_violations(scenario: Scenario, agent: Agent, shift: Shift) -> Iterator[Violation]:
    """A standby shift stands by for a requirement of the active target that accepts standby
    and that the agent meets."""
    requirement = next((r for r in scenario.target.requirements if r.id == shift.duty), None)
    where = f"{agent.label}'s standby {_local(shift, agent)} (shift {shift.id})"
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
                        f"{where}: {agent.label} lacks a skill that {requirement.name} "
                        f"({requirement.id}) needs"
                        + (f" at level {requirement.min_level} or higher"
                           if requirement.min_level > 1 else ""))


def _on_duty_and_standby(scenario: Scenario, calendar: AgentCalendar,
                         shifts: list[Shift]) -> Iterator[Violation]:
    """An agent is never on duty and on standby at the same time."""
    agent = calendar.agent
    on_duty = [s for s in shifts if not s.is_standby]
    for standby in (s for s in shifts if s.is_standby):
        for worked in on_duty:
            overlap = minutes(max(worked.start, standby.start), min(worked.end, standby.end))
            if overlap > 0:
                yield Violation("on_duty_and_standby", agent.id, (worked.id, standby.id),
                                overlap / 60,
                                f"{agent.label} is on duty {_local(worked, agent)} and on "
                                f"standby {_local(standby, agent)} at the same time "
                                f"({_hm(overlap)})")


def _by_day(agent: Agent, shifts: list[Shift]) -> dict[date, list[Shift]]:
    days: dict[date, list[Shift]] = defaultdict(list)
    for shift in shifts:
        days[shift_day(shift, agent)].append(shift)
    return days


def _one_shift_per_day(scenario: Scenario, calendar: AgentCalendar,
                       shifts: list[Shift]) -> Iterator[Violation]:
    agent = calendar.agent
    for day, group in sorted(_by_day(agent, shifts).items()):
        if len(group) > 1:
            yield Violation("one_shift_per_day", agent.id, _ids(group), len(group) - 1,
                            f"{agent.label} has {len(group)} shifts on {day.isoformat()}")


def _max_daily_hours(scenario: Scenario, calendar: AgentCalendar,
                     shifts: list[Shift]) -> Iterator[Violation]:
    agent, limit = calendar.agent, round(calendar.contract.max_hours_per_day * 60)
    for day, group in sorted(_by_day(agent, shifts).items()):
        total = sum(s.minutes for s in group)
        if total > limit:
            yield Violation("max_daily_hours", agent.id, _ids(group), (total - limit) / 60,
                            f"{agent.label} works {_hm(total)} on {day.isoformat()}; the "
                            f"contract allows {calendar.contract.max_hours_per_day:g} h")


def _min_rest(scenario: Scenario, calendar: AgentCalendar,
              shifts: list[Shift]) -> Iterator[Violation]:
    agent, rest = calendar.agent, round(calendar.contract.min_rest_hours * 60)
    for earlier, later in pairwise(shifts):
        gap = minutes(earlier.end, later.start)
        if gap < rest:
            what = "overlaps" if gap < 0 else f"starts {_hm(gap)} after"
            yield Violation("min_rest", agent.id, (earlier.id, later.id), (rest - gap) / 60,
                            f"{agent.label}'s shift {_local(later, agent)} {what} the one "
                            f"{_local(earlier, agent)}; at least "
                            f"{calendar.contract.min_rest_hours:g} h rest needed")


def _by_week(agent: Agent, shifts: list[Shift]) -> dict[tuple[int, int], list[Shift]]:
    weeks: dict[tuple[int, int], list[Shift]] = defaultdict(list)
    for shift in shifts:
        year, week, _ = shift_day(shift, agent).isocalendar()
        weeks[(year, week)].append(shift)
    return weeks


def _max_weekly_hours(scenario: Scenario, calendar: AgentCalendar,
                      shifts: list[Shift]) -> Iterator[Violation]:
    agent, limit = calendar.agent, round(calendar.contract.max_hours_per_week * 60)
    worked = [s for s in shifts if not s.is_standby]  # standby is not the contract's hours
    for (year, week), group in sorted(_by_week(agent, worked).items()):
        total = sum(s.minutes for s in group)
        if total > limit:
            yield Violation("max_weekly_hours", agent.id, _ids(group), (total - limit) / 60,
                            f"{agent.label} works {_hm(total)} in week {week} of {year}; the "
                            f"contract allows {calendar.contract.max_hours_per_week:g} h")


def _max_consecutive_days(scenario: Scenario, calendar: AgentCalendar,
                          shifts: list[Shift]) -> Iterator[Violation]:
    agent, limit = calendar.agent, calendar.contract.max_consecutive_days
    days = _by_day(agent, shifts)
    run: list[date] = []
    for day in [*sorted(days), None]:
        if day is not None and run and day == run[-1] + timedelta(days=1):
            run.append(day)
            continue
        if len(run) > limit:
            ids = tuple(s.id for d in run for s in days[d])
            yield Violation("max_consecutive_days", agent.id, ids, len(run) - limit,
                            f"{agent.label} works {len(run)} days in a row "
                            f"({run[0].isoformat()} to {run[-1].isoformat()}); the contract "
                            f"allows {limit}")
        run = [day] if day is not None else []


def _max_nights_per_week(scenario: Scenario, calendar: AgentCalendar,
                         shifts: list[Shift]) -> Iterator[Violation]:
    agent, limit = calendar.agent, calendar.contract.max_nights_per_week
    for (year, week), group in sorted(_by_week(agent, shifts).items()):
        nights = [s for s in group if is_night(scenario, agent, s.start, s.end)]
        if len(nights) > limit:
            yield Violation("max_nights_per_week", agent.id, _ids(nights), len(nights) - limit,
                            f"{agent.label} works {len(nights)} night shifts in week {week} of "
                            f"{year}; the contract allows {limit}")


def rest_conflict(earlier_end: datetime, later_start: datetime, rest_minutes: int) -> bool:
    return minutes(earlier_end, later_start) < rest_minutes


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
        worked = _by_week(agent, by_agent[agent.id])
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
