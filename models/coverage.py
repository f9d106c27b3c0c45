"""The planning grid and the coverage rule, shared by the solver, the exports and the app.

The horizon of a period runs from the first local midnight to the last one in the team's
reference zone (so it is not always a whole number of 24-hour days), cut into slots of the team's
granularity. Slot ``i`` is ``[start + i·g, start + (i+1)·g)`` in UTC, unless a boundary falls
inside it: coverage counts real minutes, so where an agent's own local grid (+05:30, +05:45, Lord
Howe), a shift or a requirement window begins or ends inside a slot, the slot is split there and
its pieces are the slots (:meth:`Horizon.refined`). Grids of whole-hour teams are never split.

A requirement asks, in each slot of its window (reference zone, dated overrides applied), for
``headcount`` agents on duty who have all its skills. Shifts worked before the period
(``scenario.history``, e.g. the last night of the previous plan) count where they reach into it,
so a 24/7 plan has no hole at its first hours. A shift counts for a requirement in a slot
when it covers the whole slot, the agent has every skill the requirement names, and either the
requirement is shared or the shift holds that very dedicated duty (a dedicated duty holds its
agent for the whole shift and counts for no other dedicated duty). A standby shift counts for
the one requirement it names, and only if that requirement accepts standby
(``Requirement.standby_reach_minutes``); it counts for nothing else, so a requirement that
does not accept standby reports the hours it covers as a gap.

A requirement with a response allowance ("someone with e-mail within every 60 minutes",
``Requirement.allowance_minutes``) forgives short holes: for each level ``k`` of its headcount,
a hole is a run of adjacent demanded slots (at least ``k`` asked for) where fewer than ``k``
are counted; a hole shorter than the allowance is not a gap (:func:`excuse_short_holes`). A
hole is measured inside the period (its first and last midnight end it) and inside the demand
(a slot asking for fewer than ``k``, or for nobody, ends it).
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from math import gcd

from models.domain import (
    Agent,
    DutyKind,
    Period,
    Plan,
    Requirement,
    Scenario,
    Shift,
    ShiftKind,
)
from models.timerules import occurrences, period_bounds, to_local


@dataclass(frozen=True, slots=True)
class Horizon:
    """The planning grid: slots of ``granularity`` minutes, split where ``cuts`` fall.

    ``cuts`` are minutes from ``start`` where a boundary falls inside a slot (an agent's own
    local grid at +05:30 / +05:45, a requirement or a shift boundary off the team grid). Slot
    ``i`` is then the ``i``-th elementary piece, of :meth:`slot_minutes` real minutes. With no
    cuts (whole-hour zones on the team grid) every slot is ``granularity`` minutes long, and
    all arithmetic is as plain as the grid.
    """

    start: datetime
    end: datetime
    granularity: int  # minutes per slot
    cuts: tuple[int, ...] = ()  # sorted, each strictly inside a slot of the plain grid
    _bounds: tuple[int, ...] = field(default=(), init=False, repr=False, compare=False)
    _unit: int = field(default=0, init=False, repr=False, compare=False)
    # Real minutes of each slot, worked out once: the greedy rota weighs every slot of every
    # candidate (support desk of 400 agents: 4.1 million look-ups, 21 s of a 73 s profile).
    _lengths: tuple[int, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_unit", gcd(self.granularity, self.minutes, *self.cuts))
        if self.cuts:
            total = self.minute_of(self.end)
            plain = range(0, total, self.granularity)
            bounds = sorted({*plain, *self.cuts, total})
            object.__setattr__(self, "_bounds", tuple(bounds))
        object.__setattr__(self, "_lengths", tuple(self._slot_minutes(i)
                                                   for i in range(self.slots)))

    @property
    def slots(self) -> int:
        if self._bounds:
            return len(self._bounds) - 1
        return -(-int((self.end - self.start).total_seconds() // 60) // self.granularity)

    @property
    def minutes(self) -> int:
        """Real minutes of the horizon."""
        return self.minute_of(self.end)

    @property
    def unit(self) -> int:
        """Minutes every slot is a whole multiple of (the granularity unless split)."""
        return self._unit

    def slot_weight(self, index: int) -> int:
        """A slot's length in :attr:`unit` s: what one missing person there weighs, so that
        shortfall is counted in real person-minutes (1 on a grid that is not split)."""
        return self.slot_minutes(index) // self.unit

    def slot_start(self, index: int) -> datetime:
        return self.start + timedelta(minutes=self._offset(index))

    def slot_end(self, index: int) -> datetime:
        return min(self.end, self.slot_start(index + 1))

    def slot_minutes(self, index: int) -> int:
        """Real minutes of a slot (shorter where the grid is split or the horizon ends)."""
        if 0 <= index < len(self._lengths):
            return self._lengths[index]
        return self._slot_minutes(index)

    def _slot_minutes(self, index: int) -> int:
        return min(self._offset(index + 1), self.minutes) - self._offset(index)

    def _offset(self, index: int) -> int:
        bounds = self._bounds
        if not bounds:
            return index * self.granularity
        if index < len(bounds):
            return bounds[index]
        return bounds[-1] + (index - len(bounds) + 1) * self.granularity

    def minute_of(self, instant: datetime) -> int:
        """Minutes from the horizon start (negative before it)."""
        return int((instant - self.start).total_seconds() // 60)

    def covered_slots(self, start: datetime, end: datetime) -> range:
        """Slots lying wholly inside ``[start, end)``, clipped to the horizon."""
        a, b = self.minute_of(start), self.minute_of(end)
        if self._bounds:
            first = bisect_left(self._bounds, max(a, 0))
            last = min(self.slots, bisect_right(self._bounds, b) - 1)
            return range(first, max(first, last))
        g = self.granularity
        first = max(0, -(-a // g))
        last = min(self.slots, b // g)
        return range(first, max(first, last))

    def touched_slots(self, start: datetime, end: datetime) -> range:
        """Slots that overlap ``[start, end)`` at all, clipped to the horizon."""
        a, b = self.minute_of(start), self.minute_of(end)
        if self._bounds:
            first = max(0, bisect_right(self._bounds, a) - 1)
            last = min(self.slots, bisect_left(self._bounds, b))
            return range(first, max(first, last))
        g = self.granularity
        first = max(0, a // g)
        last = min(self.slots, -(-b // g))
        return range(first, max(first, last))

    def refined(self, instants: Iterable[datetime]) -> Horizon:
        """This grid split at every instant that falls strictly inside one of its slots (the
        same grid when none does: whole-hour teams keep exactly their model)."""
        total, g = self.minutes, self.granularity
        inside = {m for m in map(self.minute_of, instants) if 0 < m < total and m % g}
        if inside <= set(self.cuts):
            return self
        return Horizon(self.start, self.end, g, tuple(sorted(inside.union(self.cuts))))


def local_grid(zone_name: str, start: datetime, end: datetime, granularity: int) -> list[datetime]:
    """Instants in ``[start, end)`` whose wall clock in the zone is a whole multiple of
    ``granularity`` minutes after local midnight: an agent's own planning grid (09:00 in
    Kathmandu is 03:15 UTC). Across a DST change that is not a multiple of the granularity
    (Lord Howe's half hour) the grid follows the local clock again from the next point."""
    step = timedelta(minutes=granularity)
    found: list[datetime] = []
    t = _next_local_point(start, zone_name, granularity)
    while t < end:
        found.append(t)
        t = _next_local_point(t + step, zone_name, granularity)
    return found


def _next_local_point(instant: datetime, zone_name: str, granularity: int) -> datetime:
    local = to_local(instant, zone_name)
    off = (local.hour * 60 + local.minute) % granularity
    return instant + timedelta(minutes=(granularity - off) % granularity) if off else instant


@dataclass(frozen=True, slots=True)
class Demand:
    """Headcount a requirement asks for in one slot."""

    requirement_id: str
    slot: int
    headcount: int
    local_day: date  # the reference-zone date the window occurrence starts on


def horizon(scenario: Scenario, period: Period) -> Horizon:
    start, end = period_bounds(period, scenario.team.reference_zone)
    return Horizon(start, end, scenario.team.granularity_minutes)


def requirement_bounds(scenario: Scenario, grid: Horizon) -> list[datetime]:
    """Where the active target's requirement windows begin and end inside the horizon."""
    found: list[datetime] = []
    for requirement in scenario.target.requirements:
        for occ in occurrences(requirement.window, scenario.team.reference_zone, grid.start,
                               grid.end):
            found.extend((occ.interval.start, occ.interval.end))
    return found


def shift_bounds(shifts: Iterable[Shift]) -> Iterator[datetime]:
    for shift in shifts:
        yield shift.start
        yield shift.end


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
    """Whether an agent on this shift counts toward a requirement (skills, duty and kind):
    the one rule the solver, the checker, the gap reasons and every report share."""
    if not agent.meets(requirement):
        return False
    if shift.kind is ShiftKind.STANDBY:
        return requirement.accepts_standby and shift.duty == requirement.id
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
    excused: int = 0  # people missing in a hole shorter than the requirement's allowance

    @property
    def missing(self) -> int:
        return max(0, self.required - self.scheduled - self.excused)

    @property
    def minutes(self) -> int:
        """Real minutes of the slot."""
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def missing_minutes(self) -> int:
        """Person-minutes missing in the slot (the measure of every shortfall)."""
        return self.missing * self.minutes


def scheduled_counts(scenario: Scenario, shifts: Iterable[Shift],
                     grid: Horizon) -> dict[tuple[str, int], int]:
    """People counted per (requirement, slot) by these shifts.

    Shifts are counted per slot by the requirements they count for (agents with the same
    skills, duty and kind share them), and only then spread over those requirements: a
    follow-the-sun team of 400 agents whose shifts each count for 24 hourly requirements
    was counted in 1.3 s shift by shift and requirement by requirement, and each step of a
    search reports the plan's shortfall."""
    agents = {a.id: a for a in scenario.agents}
    requirements = scenario.target.requirements
    counted_for: dict[tuple[str, str | None, ShiftKind], tuple[str, ...]] = {}
    by_group: dict[tuple[tuple[str, ...], int], int] = defaultdict(int)
    for shift in shifts:
        agent = agents.get(shift.agent_id)
        if agent is None:
            continue
        key = (agent.id, shift.duty, shift.kind)  # all that counts_for reads of a shift
        group = counted_for.get(key)
        if group is None:
            group = counted_for[key] = tuple(r.id for r in requirements
                                             if counts_for(shift, agent, r))
        if group:
            for slot in grid.covered_slots(shift.start, shift.end):
                by_group[(group, slot)] += 1
    scheduled: dict[tuple[str, int], int] = defaultdict(int)
    for (group, slot), people in by_group.items():
        for requirement_id in group:
            scheduled[(requirement_id, slot)] += people
    return scheduled


def history_counts(scenario: Scenario, grid: Horizon) -> dict[tuple[str, int], int]:
    """People counted per (requirement, slot) by shifts worked before the period that reach
    into it (a night that began before the period's first midnight)."""
    reaching = (s for s in scenario.history if s.end > grid.start and s.start < grid.end)
    return scheduled_counts(scenario, reaching, grid)


def coverage(scenario: Scenario, plan: Plan, grid: Horizon | None = None) -> list[SlotCoverage]:
    """Required against scheduled headcount for every demanded (requirement, slot); shifts of
    ``scenario.history`` that reach into the period count too. The rows are the pieces of
    ``grid`` split at every boundary of these shifts and of the requirement windows, so each
    row's ``start``/``end`` are real times (its ``slot`` indexes that split grid)."""
    grid = grid or horizon(scenario, plan.period)
    planned = {s.id for s in plan.shifts}
    earlier = [s for s in scenario.history if s.id not in planned
               and s.end > grid.start and s.start < grid.end]
    # Real minutes: the grid is split wherever a shift or a requirement window begins or ends
    # inside a slot, so an agent on +05:45 counts from 09:00 local, not from the next slot.
    grid = grid.refined([*shift_bounds([*plan.shifts, *earlier]),
                         *requirement_bounds(scenario, grid)])
    scheduled = scheduled_counts(scenario, [*plan.shifts, *earlier], grid)
    rows = [
        SlotCoverage(d.requirement_id, d.slot, grid.slot_start(d.slot), grid.slot_end(d.slot),
                     d.headcount, scheduled[(d.requirement_id, d.slot)])
        for d in demands(scenario, plan.period, grid)
    ]
    return excuse_short_holes(scenario, rows)


def level_runs(slots: list[tuple[int, int]], level: int,
               adjacent: Callable[[int, int], bool]) -> Iterator[list[int]]:
    """Runs of ``(slot, asked)`` pairs (sorted by slot) that ask for at least ``level`` people
    in adjacent slots: the stretches a hole at that level is measured in. Yields positions
    into ``slots``."""
    run: list[int] = []
    for i, (slot, asked) in enumerate(slots):
        if asked < level:
            if run:
                yield run
            run = []
            continue
        if run and not adjacent(slots[run[-1]][0], slot):
            yield run
            run = []
        run.append(i)
    if run:
        yield run


def holes(staffed: list[bool], minutes: list[int]) -> Iterator[tuple[int, int, int]]:
    """Maximal stretches of a run with nobody counted (at the level in question), as
    ``(first, last + 1, real minutes)``."""
    start: int | None = None
    length = 0
    for i, ok in enumerate(staffed):
        if not ok:
            if start is None:
                start, length = i, 0
            length += minutes[i]
            continue
        if start is not None:
            yield start, i, length
            start = None
    if start is not None:
        yield start, len(staffed), length


def excuse_short_holes(scenario: Scenario, rows: list[SlotCoverage]) -> list[SlotCoverage]:
    """Rows with every person missing in a hole shorter than the requirement's allowance
    excused (see the module's docstring); rows of requirements without one stay as they are."""
    allowance = {r.id: r.allowance_minutes for r in scenario.target.requirements
                 if r.allowance_minutes > 0}
    if not allowance:
        return rows
    excused: dict[int, int] = defaultdict(int)  # position in rows -> levels excused
    by_requirement: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row.requirement_id in allowance:
            by_requirement[row.requirement_id].append(i)
    for requirement_id, positions in by_requirement.items():
        positions.sort(key=lambda i: rows[i].start)
        mine = [rows[i] for i in positions]
        asked = [(n, row.required) for n, row in enumerate(mine)]

        def adjacent(a: int, b: int, mine: list[SlotCoverage] = mine) -> bool:
            return mine[a].end == mine[b].start

        for level in range(1, max(row.required for row in mine) + 1):
            for run in level_runs(asked, level, adjacent):
                staffed = [mine[n].scheduled >= level for n in run]
                for first, last, length in holes(staffed, [mine[n].minutes for n in run]):
                    if length < allowance[requirement_id]:
                        for n in run[first:last]:
                            excused[positions[n]] += 1
    return [dataclasses.replace(row, excused=excused[i]) if i in excused else row
            for i, row in enumerate(rows)]


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
