"""The planning grid and the coverage rule, shared by the solver, the exports and the app.

The horizon of a period runs from the first local midnight to the last one in the team's
reference zone (so it is not always a whole number of 24-hour days), cut into slots of the team's
granularity. Slot ``i`` is ``[start + i·g, start + (i+1)·g)`` in UTC.

A requirement asks, in each slot of its window (reference zone, dated overrides applied), for
``headcount`` agents on duty who have all its skills. Shifts worked before the period
(``scenario.history``, e.g. the last night of the previous plan) count where they reach into it,
so a 24/7 plan has no hole at its first hours. A shift counts for a requirement in a slot
when it covers the whole slot, the agent has every skill the requirement names, and either the
requirement is shared or the shift holds that very dedicated duty (a dedicated duty holds its
agent for the whole shift and counts for no other dedicated duty).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from models.domain import Agent, DutyKind, Period, Plan, Requirement, Scenario, Shift
from models.timerules import occurrences, period_bounds


@dataclass(frozen=True, slots=True)
class Horizon:
    start: datetime
    end: datetime
    granularity: int  # minutes per slot

    @property
    def slots(self) -> int:
        return -(-int((self.end - self.start).total_seconds() // 60) // self.granularity)

    def slot_start(self, index: int) -> datetime:
        return self.start + timedelta(minutes=index * self.granularity)

    def slot_end(self, index: int) -> datetime:
        return min(self.end, self.slot_start(index + 1))

    def minute_of(self, instant: datetime) -> int:
        """Minutes from the horizon start (negative before it)."""
        return int((instant - self.start).total_seconds() // 60)

    def covered_slots(self, start: datetime, end: datetime) -> range:
        """Slots lying wholly inside ``[start, end)``, clipped to the horizon."""
        g = self.granularity
        first = max(0, -(-self.minute_of(start) // g))
        last = min(self.slots, self.minute_of(end) // g)
        return range(first, max(first, last))

    def touched_slots(self, start: datetime, end: datetime) -> range:
        """Slots that overlap ``[start, end)`` at all, clipped to the horizon."""
        g = self.granularity
        first = max(0, self.minute_of(start) // g)
        last = min(self.slots, -(-self.minute_of(end) // g))
        return range(first, max(first, last))


def horizon(scenario: Scenario, period: Period) -> Horizon:
    start, end = period_bounds(period, scenario.team.reference_zone)
    return Horizon(start, end, scenario.team.granularity_minutes)


@dataclass(frozen=True, slots=True)
class Demand:
    """Headcount a requirement asks for in one slot."""

    requirement_id: str
    slot: int
    headcount: int
    local_day: date  # the reference-zone date the window occurrence starts on


def demands(scenario: Scenario, period: Period, grid: Horizon | None = None) -> list[Demand]:
    """Every (requirement, slot) with a positive headcount, for the active target."""
    grid = grid or horizon(scenario, period)
    target = scenario.target
    zone_name = scenario.team.reference_zone
    best: dict[tuple[str, int], Demand] = {}
    for requirement in target.requirements:
        for occ in occurrences(requirement.window, zone_name, grid.start, grid.end):
            headcount = target.headcount_on(requirement, occ.local_day)
            if headcount <= 0:
                continue
            for slot in grid.touched_slots(occ.interval.start, occ.interval.end):
                key = (requirement.id, slot)
                if key not in best or best[key].headcount < headcount:
                    best[key] = Demand(requirement.id, slot, headcount, occ.local_day)
    return sorted(best.values(), key=lambda d: (d.requirement_id, d.slot))


def counts_for(shift: Shift, agent: Agent, requirement: Requirement) -> bool:
    """Whether an agent on this shift counts toward a requirement (skills and duty)."""
    if not agent.meets(requirement):
        return False
    if requirement.duty is DutyKind.DEDICATED:
        return shift.duty == requirement.id
    return True


@dataclass(frozen=True, slots=True)
class SlotCoverage:
    requirement_id: str
    slot: int
    start: datetime
    end: datetime
    required: int
    scheduled: int

    @property
    def missing(self) -> int:
        return max(0, self.required - self.scheduled)


def scheduled_counts(scenario: Scenario, shifts: Iterable[Shift],
                     grid: Horizon) -> dict[tuple[str, int], int]:
    """People counted per (requirement, slot) by these shifts."""
    agents = {a.id: a for a in scenario.agents}
    scheduled: dict[tuple[str, int], int] = defaultdict(int)
    for shift in shifts:
        agent = agents.get(shift.agent_id)
        if agent is None:
            continue
        slots = grid.covered_slots(shift.start, shift.end)
        if not slots:
            continue
        for requirement in scenario.target.requirements:
            if counts_for(shift, agent, requirement):
                for slot in slots:
                    scheduled[(requirement.id, slot)] += 1
    return scheduled


def history_counts(scenario: Scenario, grid: Horizon) -> dict[tuple[str, int], int]:
    """People counted per (requirement, slot) by shifts worked before the period that reach
    into it (a night that began before the period's first midnight)."""
    reaching = (s for s in scenario.history if s.end > grid.start and s.start < grid.end)
    return scheduled_counts(scenario, reaching, grid)


def coverage(scenario: Scenario, plan: Plan, grid: Horizon | None = None) -> list[SlotCoverage]:
    """Required against scheduled headcount for every demanded (requirement, slot); shifts of
    ``scenario.history`` that reach into the period count too."""
    grid = grid or horizon(scenario, plan.period)
    planned = {s.id for s in plan.shifts}
    earlier = [s for s in scenario.history if s.id not in planned
               and s.end > grid.start and s.start < grid.end]
    scheduled = scheduled_counts(scenario, [*plan.shifts, *earlier], grid)
    return [
        SlotCoverage(d.requirement_id, d.slot, grid.slot_start(d.slot), grid.slot_end(d.slot),
                     d.headcount, scheduled[(d.requirement_id, d.slot)])
        for d in demands(scenario, plan.period, grid)
    ]


@dataclass(frozen=True, slots=True)
class ShortRun:
    """Consecutive slots of one requirement missing the same headcount."""

    requirement_id: str
    start: datetime
    end: datetime
    missing: int


def short_runs(rows: Iterable[SlotCoverage]) -> Iterator[ShortRun]:
    """Merge slots with a shortfall into runs (same requirement, same missing, adjacent)."""
    current: ShortRun | None = None
    for row in sorted(rows, key=lambda r: (r.requirement_id, r.start)):
        if row.missing <= 0:
            continue
        if (current is not None and current.requirement_id == row.requirement_id
                and current.end == row.start and current.missing == row.missing):
            current = ShortRun(current.requirement_id, current.start, row.end, current.missing)
            continue
        if current is not None:
            yield current
        current = ShortRun(row.requirement_id, row.start, row.end, row.missing)
    if current is not None:
        yield current
