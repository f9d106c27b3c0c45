"""The coverage rule, shared by the solver, the exports and the app, on the planning grid of
:mod:`models.horizon` (slots split where a boundary falls inside one, so it counts real minutes).

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
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

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
from models.horizon import Horizon, horizon
from models.timerules import occurrences


@dataclass(frozen=True, slots=True)
class Demand:
    """Headcount a requirement asks for in one slot."""

    requirement_id: str
    slot: int
    headcount: int
    local_day: date  # the reference-zone date the window occurrence starts on


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
