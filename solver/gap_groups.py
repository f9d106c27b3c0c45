"""Which agents a coverage step around a gap re-plans: the day that misses most, the week
around it, and the agents who could work most of what it misses (for
:mod:`solver.coverage_windows`).

A local search moves a shift at a time to where it is missing; CP-SAT re-planning a dozen
agents' week does many such moves at once, and proves none is left among them. Which dozen
matters: agents who could be on duty where the week misses, and room for others who can take
over what they leave.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from models.coverage import SlotCoverage
from solver.model import Prepared

# A day that still misses after a step around it found nothing is searched again with twice
# as many agents, this many times in all, until a step near it changes the plan.
GAP_TRIES = 3


def reach_of(prepared: Prepared) -> dict[str, dict[date, tuple[int, int]]]:
    """The slots each agent's free candidates cover, by local day (first, past the last)."""
    found: dict[str, dict[date, tuple[int, int]]] = {}
    for c in prepared.candidates:
        if c.fixed or not c.slots:
            continue
        days = found.setdefault(c.agent.id, {})
        low, high = days.get(c.day, (c.slots.start, c.slots.stop))
        days[c.day] = (min(low, c.slots.start), max(high, c.slots.stop))
    return found


def reachable(reach: dict[str, dict[date, tuple[int, int]]],
               serves: dict[str, frozenset[str]]) -> dict[str, set[int]]:
    """The slots of each requirement some agent's free candidates cover."""
    found: dict[str, set[int]] = {}
    for agent_id, days in reach.items():
        slots = {slot for low, high in days.values() for slot in range(low, high)}
        for need in serves[agent_id]:
            found.setdefault(need, set()).update(slots)
    return found


def gap_group(rows: list[SlotCoverage], span: tuple[date, date],
               reach: dict[str, dict[date, tuple[int, int]]],
               serves: dict[str, frozenset[str]], size: dict[str, int], cap: int,
               shuffle: random.Random) -> frozenset[str]:
    """The agents who could work the most of what the window misses, as many as fit ``cap``
    free candidates; the rest of the room to others, at random (they can take over what the
    first leave)."""
    missed = [(row.slot, row.requirement_id, row.missing_minutes) for row in rows
              if row.missing_minutes and span[0] <= row.start.date() <= span[1]]
    score: dict[str, int] = {}
    for agent_id, days in reach.items():
        bounds = [b for day, b in days.items() if span[0] <= day <= span[1]]
        score[agent_id] = sum(minutes for slot, need, minutes in missed
                              if need in serves[agent_id]
                              and any(low <= slot < high for low, high in bounds))
    order = list(score)
    shuffle.shuffle(order)
    order.sort(key=lambda a: -score[a])
    group: list[str] = []
    load = 0
    for agent_id in order:
        if load + size[agent_id] <= cap or not group:
            group.append(agent_id)
            load += size[agent_id]
    return frozenset(group)


def gap_day(missing: dict[tuple[date, str], int], tried: dict[date, int]) -> date | None:
    """The day that misses most whose gap steps have not all been tried (the earliest of
    equals), or None."""
    by_day: dict[date, int] = {}
    for (day, _), minutes in missing.items():
        if tried.get(day, 0) < GAP_TRIES:
            by_day[day] = by_day.get(day, 0) + minutes
    return min(by_day, key=lambda day: (-by_day[day], day), default=None)


def centred(day: date, first_day: date, days: int, window: int) -> date:
    """The first day of the window of ``window`` days with ``day`` in its middle, inside the
    period."""
    first = day - timedelta(days=window // 2)
    last = first_day + timedelta(days=max(0, days - window))
    return max(first_day, min(first, last))
