"""Shortfall no plan can avoid because the team has too few hours: a max-flow bound.

Where the target asks for more hours than the team may work (four agents on 40 h a week for a
24/7 desk: 160 h for 168 h), every plan misses the difference, wherever :mod:`solver.reach`
finds someone who could be there. The bound, over every plan the rules allow:

- each agent works at most, per local ISO week, the lesser of the contract's weekly maximum and,
  over the days of that week inside the period, the longest legal shift each day could start
  inside availability (one shift a local day, at most the daily maximum and the longest shift);
- a shift that started in a week can reach into the next one by at most the longest shift;
- shifts worked before the period, locked shifts and shifts outside availability are fixed:
  they count where they lie and use none of those hours (so they can only loosen the bound);
- at any moment the plan misses at least the largest headcount asked then minus the people on
  shift who meet that requirement, and no more of them are on shift than could be there at all
  (an agent reached from two weeks, by a night across the week's end, counts once).

So the person-minutes of the largest headcounts, minus a maximum flow from agent-weeks (their
hours) to the moments they could be there (each moment taking up to that headcount), is missing
from every plan. A plan that misses no more is proven. The flow counts people, not
priorities, so the proof is claimed only where every requirement has the same priority; and
not where a requirement takes standby (standby hours are not weekly hours) or has a response
allowance (short holes are excused).
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from ortools.graph.python import max_flow

from models.coverage import SlotCoverage
from models.domain import Plan, Scenario, Shift
from models.horizon import horizon
from models.timerules import day_bounds, iso_week, local_date
from solver.contract_rules.shift_length import longest, shortest
from solver.reach import shift_windows
from solver.rules import AgentCalendar, minutes


def provable(scenario: Scenario) -> bool:
    """Whether the bound can prove a plan of this target (see the module)."""
    requirements = scenario.target.requirements
    return (bool(requirements) and len({r.priority for r in requirements}) == 1
            and not any(r.allowance_minutes or r.accepts_standby for r in requirements))


def unavoidable_minutes(scenario: Scenario, plan: Plan, rows: Sequence[SlotCoverage],
                        calendars: Mapping[str, AgentCalendar],
                        deadline: float | None = None) -> int | None:
    """Person-minutes every plan the rules allow misses (``plan`` gives the fixed shifts and
    ``rows`` its coverage, whose pieces the flow runs on); None past ``deadline``."""
    grid = horizon(scenario, plan.period)
    requirements = {r.id: r for r in scenario.target.requirements}
    largest = largest_asked(rows)
    pieces = sorted(largest)
    starts = [start for start, _ in pieces]
    asking = [requirements[largest[p].requirement_id] for p in pieces]
    reached: list[set[str]] = [set() for _ in pieces]  # agents with an arc to each piece
    flow = max_flow.SimpleMaxFlow()
    sink = 1 + len(pieces)  # node 0 is the source, pieces are 1..len(pieces)
    nodes = iter(range(sink + 1, 1 << 62))

    def arcs(node: int, agent_id: str, meets: set[str], begin: datetime, end: datetime) -> None:
        for k in _overlapping(pieces, starts, begin, end):
            if asking[k].id in meets:
                flow.add_arc_with_capacity(node, 1 + k, _shared(pieces[k], begin, end))
                reached[k].add(agent_id)

    meets = {a.id: {r.id for r in requirements.values() if a.meets(r)} for a in scenario.agents}
    for shift in [*scenario.history, *(s for s in plan.shifts
                                       if s.locked or not _inside(calendars, s))]:
        node = next(nodes)
        flow.add_arc_with_capacity(0, node, minutes(shift.start, shift.end))
        arcs(node, shift.agent_id, meets.get(shift.agent_id, set()), shift.start, shift.end)
    for agent in scenario.active_agents():
        if deadline is not None and time.monotonic() >= deadline:
            return None
        calendar = calendars.get(agent.id)
        if calendar is None or not meets[agent.id]:
            continue
        for week_start, week_end, hours in week_hours(calendar, grid.start, grid.end):
            if hours <= 0:
                continue
            node = next(nodes)
            flow.add_arc_with_capacity(0, node, hours)
            reach_end = week_end + longest(calendar.contract)
            for iv in shift_windows(calendar, week_start, week_start, reach_end):
                if iv.start >= week_end:
                    break  # a shift starting in it belongs to a later week
                arcs(node, agent.id, meets[agent.id], max(iv.start, week_start),
                     min(iv.end, reach_end))
    # Each moment takes no more than its headcount, nor more than the agents who could be
    # there: an agent reached from two weeks (a night across the week's end) counts once.
    asked = [largest[p].required * minutes(*p) for p in pieces]
    for k, p in enumerate(pieces):
        flow.add_arc_with_capacity(1 + k, sink,
                                   min(largest[p].required, len(reached[k])) * minutes(*p))
    if flow.solve(0, sink) != flow.OPTIMAL:
        return None
    return sum(asked) - int(flow.optimal_flow())


def largest_asked(rows: Sequence[SlotCoverage]) -> dict[tuple[datetime, datetime], SlotCoverage]:
    """Per piece of time (start, end), its row with the largest headcount."""
    largest: dict[tuple[datetime, datetime], SlotCoverage] = {}
    for row in rows:
        key = (row.start, row.end)
        if key not in largest or row.required > largest[key].required:
            largest[key] = row
    return largest


def _inside(calendars: Mapping[str, AgentCalendar], shift: Shift) -> bool:
    calendar = calendars.get(shift.agent_id)
    return calendar is not None and calendar.inside_availability(shift.start, shift.end)


def _overlapping(pieces: list[tuple[datetime, datetime]], starts: list[datetime],
                 begin: datetime, end: datetime) -> range:
    """Indices of the pieces overlapping ``[begin, end)`` (pieces are disjoint and sorted)."""
    first = max(0, bisect_right(starts, begin) - 1)
    if first < len(pieces) and pieces[first][1] <= begin:
        first += 1
    return range(first, bisect_left(starts, end))


def _shared(piece: tuple[datetime, datetime], begin: datetime, end: datetime) -> int:
    return minutes(max(piece[0], begin), min(piece[1], end))


def week_hours(calendar: AgentCalendar, opens: datetime,
           closes: datetime) -> list[tuple[datetime, datetime, int]]:
    """Per local ISO week with a day a shift may start on (inside the period): its UTC start
    and end (clipped to the period's start) and the most minutes the agent can work in it."""
    zone = calendar.agent.time_zone
    contract = calendar.contract
    least = round(shortest(contract).total_seconds()) // 60
    most = round(longest(contract).total_seconds()) // 60
    per_week: dict[tuple[int, int], list[tuple[datetime, datetime, int]]] = defaultdict(list)
    day = local_date(opens, zone)
    last: date = local_date(closes - timedelta(minutes=1), zone)
    while day <= last:
        begin, end = day_bounds(day, zone)
        begin, end = max(begin, opens), min(end, closes)
        best = 0
        for iv in calendar.available_overlapping(begin, end):
            start = max(iv.start, begin)
            if start < end:  # the shift starts this day, inside the interval
                best = max(best, min(most, minutes(start, iv.end)))
        per_week[iso_week(day)].append((begin, end, best if best >= least else 0))
        day += timedelta(days=1)
    weekly = round(contract.max_hours_per_week * 60)
    return [(days[0][0], days[-1][1], min(weekly, sum(d[2] for d in days)))
            for days in per_week.values()]
