"""Plain-Python facts about agents that the candidate builder and the checker share.

Both ask the same questions (is the agent available then, which local day and ISO week does a
shift belong to, is it a night shift), so both use these functions; the CP-SAT model never
appears here. A shift belongs to the local day (agent's zone) on which it starts.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from models.domain import Agent, Contract, DutyKind, Scenario, Shift
from models.timerules import (
    Interval,
    agent_availability,
    agent_holidays,
    iso_week,
    local_date,
    night_minutes,
    weekend_minutes,
)

if TYPE_CHECKING:
    from solver.candidates import Candidate

DAY = timedelta(days=1)


def shift_id(agent_id: str, local_day: date) -> str:
    """Stable id of a solver shift: one shift per agent and local day, so the pair is unique
    and survives a re-plan that moves the shift within its day (an iCalendar update)."""
    return f"{agent_id}:{local_day.isoformat()}"


def unused_id(sid: str, used: set[str]) -> str:
    """``sid``, or it with ``.1`` appended until no shift in ``used`` has it."""
    while sid in used:
        sid += ".1"
    return sid


def shift_day(shift: Shift, agent: Agent) -> date:
    return local_date(shift.start, agent.time_zone)


def shift_week(shift: Shift, agent: Agent) -> tuple[int, int]:
    return iso_week(shift_day(shift, agent))


@dataclass(frozen=True, slots=True)
class AgentCalendar:
    """An agent's working time over a range: available intervals and blocked days with why."""

    agent: Agent
    contract: Contract
    available: tuple[Interval, ...]
    preferred: tuple[Interval, ...]
    blocked: dict[date, str]  # local day -> "vacation", "sick", "public holiday: …"
    _starts: tuple[datetime, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # ``available`` is sorted and disjoint (merged), so look-ups can bisect on the starts.
        object.__setattr__(self, "_starts", tuple(iv.start for iv in self.available))

    def available_overlapping(self, start: datetime, end: datetime) -> list[Interval]:
        """The available intervals that overlap ``[start, end)``, in order."""
        found = []
        i = bisect_left(self._starts, end) - 1  # the last interval starting before ``end``
        while i >= 0 and self.available[i].end > start:
            found.append(self.available[i])
            i -= 1
        return found[::-1]

    def inside_availability(self, start: datetime, end: datetime) -> bool:
        return any(iv.start <= start and end <= iv.end
                   for iv in self.available_overlapping(start, end))

    def overlaps_availability(self, start: datetime, end: datetime) -> bool:
        return bool(self.available_overlapping(start, end))

    def preferred_minutes(self, start: datetime, end: datetime) -> int:
        probe = Interval(start, end)
        return sum(p.minutes for iv in self.preferred if (p := probe.overlap(iv)) is not None)

    def why_unavailable(self, start: datetime, end: datetime) -> str:
        """Why the agent cannot work all of ``[start, end)``, in words a manager understands."""
        zone = self.agent.time_zone
        day = local_date(start, zone)
        last = local_date(end - timedelta(minutes=1), zone)
        while day <= last:
            if day in self.blocked:
                return f"{self.blocked[day]} on {day.isoformat()}"
            day += DAY
        return "outside their availability"


def blocked_days(scenario: Scenario, agent: Agent, first: date, last: date) -> dict[date, str]:
    """Local days the agent does not work: time off, and public holidays unless the contract
    says the agent works them."""
    blocked: dict[date, str] = {}
    contract = scenario.contract_of(agent)
    if not contract.works_public_holidays:
        for day, name in agent_holidays(agent, first, last).items():
            blocked[day] = f"public holiday ({name})"
    for off in scenario.time_off_of(agent.id):
        day = max(off.first_day, first)
        while day <= min(off.last_day, last):
            blocked[day] = str(off.kind)
            day += DAY
    return blocked


def agent_calendar(scenario: Scenario, agent: Agent, start: datetime,
                   end: datetime) -> AgentCalendar:
    zone = agent.time_zone
    first, last = local_date(start, zone) - DAY, local_date(end, zone) + DAY
    blocked = blocked_days(scenario, agent, first, last)
    agent_time = agent_availability(agent, start, end, blocked.keys())
    return AgentCalendar(agent, scenario.contract_of(agent), tuple(agent_time.available),
                         tuple(agent_time.preferred), blocked)


def counted_for(scenario: Scenario,
                agents: Iterable[Agent]) -> dict[tuple[str, str | None], frozenset[str]]:
    """Per agent and duty held: the requirement ids a shift counts for (every shared one the
    agent meets, plus the dedicated one it holds); a duty the agent cannot hold has no key.
    A standby shift names a shared requirement that accepts standby, and counts for it alone
    (requirement ids are unique, so ``(agent, that id)`` is the standby shift's key)."""
    out: dict[tuple[str, str | None], frozenset[str]] = {}
    requirements = scenario.target.requirements
    for agent in agents:
        shared = [r.id for r in requirements
                  if r.duty is DutyKind.SHARED and agent.meets(r)]
        out[(agent.id, None)] = frozenset(shared)
        for r in requirements:
            if r.duty is DutyKind.DEDICATED and agent.meets(r):
                out[(agent.id, r.id)] = frozenset([*shared, r.id])
            elif r.accepts_standby and agent.meets(r):
                out[(agent.id, r.id)] = frozenset([r.id])
    return out


def filled_keys(c: Candidate, counts: Mapping[tuple[str, str | None], frozenset[str]],
                by_slot: Mapping[int, Sequence[str]]) -> list[tuple[str, int]]:
    """The (requirement id, slot) pairs candidate ``c`` fills: each slot it covers wholly and
    each requirement demanded then (``by_slot``) that the agent counts for on the shift's duty
    (``counts``, from :func:`counted_for`)."""
    mine = counts.get((c.agent.id, c.duty), frozenset())
    return [(rid, slot) for slot in c.slots for rid in by_slot.get(slot, ()) if rid in mine]


def served_by(scenario: Scenario, agents: Iterable[Agent]) -> dict[str, frozenset[str]]:
    """Per agent: every requirement id a shift of theirs can count for, whatever duty it holds
    (the union of :func:`counted_for` over the agent's keys)."""
    out: dict[str, frozenset[str]] = {}
    for (agent_id, _duty), ids in counted_for(scenario, agents).items():
        out[agent_id] = out.get(agent_id, frozenset()) | ids
    return out


def is_night(scenario: Scenario, agent: Agent, start: datetime, end: datetime) -> bool:
    return night_minutes(scenario.team, agent.time_zone, start, end) > 0


def night_and_weekend(scenario: Scenario, agent: Agent, start: datetime,
                      end: datetime) -> tuple[int, int]:
    return (night_minutes(scenario.team, agent.time_zone, start, end),
            weekend_minutes(start, end, agent.time_zone))


def minutes(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)
