"""The planning grid: the horizon of a period cut into slots, split where real minutes need it.

The horizon of a period runs from the first local midnight to the last one in the team's
reference zone (so it is not always a whole number of 24-hour days), cut into slots of the team's
granularity. Slot ``i`` is ``[start + i·g, start + (i+1)·g)`` in UTC, unless a boundary falls
inside it: coverage counts real minutes (:mod:`models.coverage`), so where an agent's own local
grid (+05:30, +05:45, Lord Howe), a shift or a requirement window begins or ends inside a slot,
the slot is split there and its pieces are the slots (:meth:`Horizon.refined`). Grids of
whole-hour teams are never split.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from math import gcd

from models.domain import Period, Scenario
from models.timerules import period_bounds, to_local


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


def horizon(scenario: Scenario, period: Period) -> Horizon:
    start, end = period_bounds(period, scenario.team.reference_zone)
    return Horizon(start, end, scenario.team.granularity_minutes)
