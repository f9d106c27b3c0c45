"""Where a new candidate shift may start and how long it may last, on an agent's own local grid.

The pruning that keeps the model small lives here (see :mod:`solver.candidates` for what a
candidate is): starts at whole local hours, at the first grid point of an availability window,
and at a window's own start off the grid; lengths the contract's minimum, maximum and the whole
hour between, each with its wall-clock twin across a clock change; or, with ``every``, every
start on the agent's grid and every legal length (:mod:`solver.every_placement`).
:func:`every_placement` says when the pruning leaves nothing out, and :func:`candidate_bounds`
where the coverage grid must be split for boundaries that fall inside a team slot.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from models.domain import Agent, Scenario
from models.horizon import Horizon, local_grid
from models.timerules import Interval, to_local, to_utc
from solver.rules import minutes

if TYPE_CHECKING:
    from solver.candidates import AgentFacts


def starts_in(interval: Interval, available: Interval, grid: Horizon,
            zone: str, every: bool = False) -> list[datetime]:
    """Points of the agent's local grid in an availability interval (inside the horizon): the
    first one, and one per whole local hour (``every``: every one); and the interval's own
    start where it lies off that grid (an agent free from 19:45 on a 30-minute grid can start
    at 19:45).

    Starts on the team clock's whole hours too (a Kolkata agent's 13:30 is Berlin's 09:00) were
    measured and not kept: support desk of 400 agents, 12 % more candidates, a worse first rota
    (335 h uncovered against 292 h) and 15.75-23 h at 60 s against 5 h, although a local search
    given them and the three lengths reached 0 h (starts on local hours alone: 25 h)."""
    g = grid.granularity
    begin = max(interval.start, grid.start)
    points = local_grid(zone, begin, interval.end, g)
    found = [t for i, t in enumerate(points)
             if every or i == 0 or to_local(t, zone).minute < g]
    if begin == available.start and not on_local_grid(begin, zone, g):
        found.insert(0, begin)
    return found


def on_local_grid(instant: datetime, zone: str, g: int) -> bool:
    local = to_local(instant, zone)
    return not (local.hour * 60 + local.minute) % g and not local.second


def ends_of(start: datetime, interval: Interval, available: Interval, g: int, zone: str,
          lengths: list[int], legal: tuple[int, int]) -> list[datetime]:
    """Ends of the shifts starting at ``start`` that fit the interval: each length (with its
    wall-clock twin), and the availability window's own end where it or ``start`` lies off the
    agent's grid and the length is legal (so a 19:45–23:30 window can be worked whole)."""
    found = []
    for length in _with_wall_clock(start, lengths, zone, legal):
        end = start + timedelta(minutes=length)
        if end > interval.end:
            break
        found.append(end)
    last = available.end
    off_grid = not (on_local_grid(last, zone, g) and on_local_grid(start, zone, g))
    if (off_grid and last == interval.end and last not in found
            and legal[0] <= minutes(start, last) <= legal[1]):
        found.append(last)
    return found


def lengths_of(scenario: Scenario, agent: Agent, g: int, every: bool = False) -> list[int]:
    """The lengths of an agent's candidates, in minutes: the contract's minimum, its maximum
    (capped by the daily maximum) and the whole hour halfway between; ``every``: every length
    on the grid between the two."""
    low, high = _legal(scenario, agent, g)
    if high < low:
        return []
    if every:
        return list(range(low, high + 1, g))
    middle = (low + high) // 2 // max(g, 60) * max(g, 60)
    return sorted({low, max(low, middle), high})


def _legal(scenario: Scenario, agent: Agent, g: int) -> tuple[int, int]:
    """The shortest and longest legal shift on the grid, in minutes (longest < shortest: none)."""
    contract = scenario.contract_of(agent)
    low = -(-round(contract.min_shift_hours * 60) // g) * g
    high = round(min(contract.max_shift_hours, contract.max_hours_per_day) * 60) // g * g
    return low, high


def every_placement(scenario: Scenario, grid: Horizon) -> bool:
    """Whether the candidates are every legal placement on the grid: every start on the agent's
    local grid and every grid length between the contract's minimum and maximum, for every
    active agent.

    Only then does an optimal solve prove anything about every plan the rules allow; with the
    pruned starts (whole local hours) or lengths (three per contract) it proves the best plan
    among the candidates only.
    """
    g = grid.granularity
    if g < 60:  # starts are pruned to whole local hours
        return False
    return all(lengths_of(scenario, agent, g) == lengths_of(scenario, agent, g, every=True)
               for agent in scenario.active_agents())


def _with_wall_clock(start: datetime, lengths: list[int], zone: str,
                     legal: tuple[int, int]) -> list[int]:
    """The lengths, plus each one's local wall-clock twin where a DST change falls inside.

    A local 22:00–06:00 night is 8 h of clock time but 9 h of real time on the night clocks go
    back and 7 h on the night they go forward; the twin keeps the local end time, so such a
    night has its shift, as long as its real length is legal for the contract.
    """
    if not lengths:
        return []
    local = to_local(start, zone)
    if local.utcoffset() == to_local(start + timedelta(minutes=max(lengths)), zone).utcoffset():
        return sorted(lengths)  # no clock change inside: each length is its own twin
    local = local.replace(tzinfo=None)
    found = set(lengths)
    for length in lengths:
        wall = local + timedelta(minutes=length)
        end = to_utc(wall.date(), wall.time(), zone)
        real = round((end - start).total_seconds() / 60)
        if real != length and legal[0] <= real <= legal[1]:
            found.add(real)
    return sorted(found)


def candidate_bounds(scenario: Scenario, grid: Horizon,
                     facts: dict[str, AgentFacts], every: bool = False) -> list[datetime]:
    """Where new candidate shifts may begin and end: every start of :func:`build_candidates`
    and each of its lengths (a superset of the candidates' own boundaries, found without the
    rest and duty checks; ``every``: of every placement). The coverage grid is split where
    these fall inside a team slot."""
    found: list[datetime] = []
    g = grid.granularity
    for agent in scenario.active_agents():
        lengths = lengths_of(scenario, agent, g, every)
        if not lengths:
            continue
        legal = (lengths[0], lengths[-1])
        bounds = Interval(grid.start, grid.end + timedelta(minutes=legal[1]))
        zone = agent.time_zone
        for available in facts[agent.id].calendar.available:
            interval = available.overlap(bounds)
            if interval is None:
                continue
            if available.end == interval.end and not on_local_grid(interval.end, zone, g):
                found.append(interval.end)  # an end at the window's end (see _ends)
            for start in starts_in(interval, available, grid, zone, every):
                if start >= grid.end:
                    break
                if not grid.minute_of(start) % g and _aligned(zone, start, g):
                    continue  # the agent's grid is the team's here: nothing to split
                found.append(start)
                found.extend(ends_of(start, interval, available, g, zone, lengths, legal))
    return found


def _aligned(zone: str, start: datetime, g: int) -> bool:
    """Whether the local grid stays on the team grid for a day from ``start`` (no DST change
    of a part of the granularity in between)."""
    change = (_offset_minutes(start + timedelta(days=1), zone) - _offset_minutes(start, zone))
    return change % g == 0


def _offset_minutes(instant: datetime, zone: str) -> int:
    offset = to_local(instant, zone).utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0
