"""Candidate shifts: for each agent and local day, the starts and lengths worth a boolean.

Pruning is where the speed comes from, so a candidate exists only when it
- lies wholly inside the agent's availability (time off and public holidays already removed,
  unless the contract works holidays) and starts inside the planning horizon (a night of the
  last day may end after it);
- starts on the agent's own local grid (the team's granularity counted from the agent's local
  midnight, so a Kathmandu agent's 09:00 is 03:15 UTC) at a whole local hour, or at the first
  grid point of an availability window; 30- and 45-minute zones keep their own boundaries, and
  the coverage grid is split where those fall inside a team slot
  (:func:`solver.shift_grid.candidate_bounds`);
- lasts the contract's minimum shift length, its maximum (capped by the daily maximum), or
  the whole hour halfway between (three lengths: enough to fit windows, few booleans); a window
  that begins or ends off the agent's grid (19:45–23:30 on a 30-minute grid) also gets its
  start and a shift to its end, if that length is legal;
- does not break rest against shifts already worked before the period or locked shifts, and
  does not share a local day with one of them (one shift per local day holds across the border);
- holds a dedicated duty only if the agent has the skills and the duty is demanded during it;
- is a standby shift (``standby``, ``duty`` naming the requirement) only for a requirement that
  accepts standby, that the agent meets, and that is demanded during it. A standby candidate
  has the same starts and lengths as a shift on duty: it is a shift for every per-shift and
  daily rule (see :class:`models.domain.Shift`).
Locked shifts of a previous plan are added as fixed candidates exactly as they were.

With ``every`` nothing is pruned: every start on the agent's grid and every legal length, for
the search over every placement of a small team (:mod:`solver.every_placement`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from models.coverage import Demand
from models.domain import (
    Agent,
    DutyKind,
    Requirement,
    Scenario,
    Shift,
    WeeklyWindow,
)
from models.horizon import Horizon
from models.timerules import (
    Interval,
    expand_weekly,
    iso_week,
    local_date,
    night_intervals,
)
from solver.contract_rules.rest import too_close
from solver.contract_rules.shift_length import fits
from solver.rules import AgentCalendar, agent_calendar, minutes
from solver.shift_grid import ends_of, lengths_of, starts_in

MARGIN = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class Candidate:
    index: int
    agent: Agent
    start: datetime
    end: datetime
    day: date  # local day (agent's zone) the shift starts on
    duty: str | None
    slots: range  # grid slots the shift covers wholly
    night_minutes: int
    weekend_minutes: int
    unpreferred_minutes: int
    fixed: bool = False  # a locked shift: it stays
    shift: Shift | None = None  # the previous plan's shift this candidate reproduces, if any
    minutes: int = 0  # real elapsed minutes, set by the builder
    standby: bool = False  # on standby for the requirement ``duty`` names, not on duty
    week: tuple[int, int] = field(init=False)  # ISO week of ``day``, read in every rule check

    @property
    def worked_minutes(self) -> int:
        """Minutes that count toward the contract's weekly hours: none on standby."""
        return 0 if self.standby else self.minutes

    def __post_init__(self) -> None:
        object.__setattr__(self, "week", iso_week(self.day))

    @property
    def is_night(self) -> bool:
        return self.night_minutes > 0

    def key(self) -> CandidateKey:
        return (self.agent.id, self.start, self.end, self.duty)


CandidateKey = tuple[str, datetime, datetime, str | None]


@dataclass(frozen=True, slots=True)
class AgentFacts:
    calendar: AgentCalendar
    nights: tuple[Interval, ...]
    weekends: tuple[Interval, ...]

    def night_minutes(self, start: datetime, end: datetime) -> int:
        return _overlap(self.nights, start, end)

    def weekend_minutes(self, start: datetime, end: datetime) -> int:
        return _overlap(self.weekends, start, end)

    def preferred_minutes(self, start: datetime, end: datetime) -> int:
        return _overlap(self.calendar.preferred, start, end)


def _overlap(intervals: tuple[Interval, ...], start: datetime, end: datetime) -> int:
    """Minutes of ``[start, end)`` inside sorted, disjoint intervals (found by bisection)."""
    total = 0
    for iv in intervals[max(0, bisect_right(intervals, start, key=_end) - 1):]:
        if iv.start >= end:
            break
        if iv.end > start:
            total += minutes(max(iv.start, start), min(iv.end, end))
    return total


def _end(iv: Interval) -> datetime:
    return iv.end


def agent_facts(scenario: Scenario, agent: Agent, grid: Horizon) -> AgentFacts:
    start, end = grid.start - MARGIN, grid.end + MARGIN
    weekend = WeeklyWindow(frozenset({5, 6}), time(0), time(0), ends_next_day=True)
    return AgentFacts(
        agent_calendar(scenario, agent, start, end),
        tuple(night_intervals(scenario.team, agent.time_zone, start, end)),
        tuple(expand_weekly([weekend], agent.time_zone, start, end)),
    )


Maker = Callable[..., Candidate]


# A placement's local day, the grid slots it covers wholly, its night, weekend and unpreferred
# minutes and its real length in minutes.
PlacementFacts = tuple[date, range, int, int, int, int]


def _placement(agent: Agent, start: datetime, end: datetime, grid: Horizon,
               info: AgentFacts) -> PlacementFacts:
    length = minutes(start, end)
    return (local_date(start, agent.time_zone), grid.covered_slots(start, end),
            info.night_minutes(start, end), info.weekend_minutes(start, end),
            length - info.preferred_minutes(start, end) if info.calendar.preferred else 0,
            length)


def shift_candidate(index: int, agent: Agent, shift: Shift, grid: Horizon,
                    info: AgentFacts) -> Candidate:
    """A free candidate that reproduces ``shift`` as a new plan's own (``index`` among all):
    for a shift made outside the model, such as a gap filled with a length the candidates
    leave out (:mod:`solver.gap_fill`)."""
    day, slots, night, weekend, unpreferred, length = _placement(agent, shift.start, shift.end,
                                                                  grid, info)
    return Candidate(index, agent, shift.start, shift.end, day, shift.duty, slots, night,
                     weekend, unpreferred, False, None, length, shift.is_standby)


def build_candidates(scenario: Scenario, grid: Horizon, demand_list: list[Demand],
                     locked: list[Shift], previous: list[Shift],
                     facts: dict[str, AgentFacts],
                     window: tuple[datetime | None, datetime | None] = (None, None),
                     every: bool = False) -> list[Candidate]:
    """Every candidate shift of every active agent; locked shifts first, as fixed candidates.

    New shifts start inside ``window`` (either end open): a re-plan keeps the rest.
    ``every``: every start on the agent's grid and every legal length, nothing pruned
    (:mod:`solver.every_placement`)."""
    not_before = window[0] or grid.start
    not_after = window[1] or grid.end
    dedicated = [r for r in scenario.target.requirements if r.duty is DutyKind.DEDICATED]
    standby_ok = [r for r in scenario.target.requirements if r.accepts_standby]
    demanded: dict[str, set[int]] = defaultdict(set)
    for d in demand_list:
        demanded[d.requirement_id].add(d.slot)
    history: dict[str, list[Shift]] = defaultdict(list)
    for shift in [*scenario.history, *locked]:
        history[shift.agent_id].append(shift)
    previous_by_key = {(s.agent_id, s.start, s.end, s.duty): s for s in previous}
    out: list[Candidate] = []
    agents = {a.id: a for a in scenario.agents}

    # What a placement is (its day, slots and kinds of minutes) whatever its duty: worked out
    # once for its duty variants and standby (support desk of 400 agents: 280,000 candidates).
    placements: dict[tuple[str, datetime, datetime], PlacementFacts] = {}

    def make(agent: Agent, start: datetime, end: datetime, duty: str | None, fixed: bool,
             shift: Shift | None, standby: bool = False) -> Candidate:
        standby = standby or (shift is not None and shift.is_standby)
        key = (agent.id, start, end)
        if key not in placements:
            placements[key] = _placement(agent, start, end, grid, facts[agent.id])
        day, slots, night, weekend, unpreferred, length = placements[key]
        return Candidate(len(out), agent, start, end, day, duty, slots, night, weekend,
                         unpreferred, fixed, shift, length, standby)

    for shift in locked:
        if shift.agent_id in agents:
            out.append(make(agents[shift.agent_id], shift.start, shift.end, shift.duty, True,
                            shift))
    seen: set[CandidateKey] = {c.key() for c in out}
    for agent in scenario.active_agents():
        info = facts[agent.id]
        rest = timedelta(hours=scenario.contract_of(agent).min_rest_hours)
        before = history[agent.id]  # worked before the period, and locked shifts
        fixed_days = {local_date(s.start, agent.time_zone) for s in before}
        duties = [r for r in dedicated if agent.meets(r)]
        stands_by = [r for r in standby_ok if agent.meets(r)]
        lengths = lengths_of(scenario, agent, grid.granularity, every)
        legal = (lengths[0], lengths[-1]) if lengths else (0, -1)
        # A shift starts inside the period and may end after it (the last night belongs to the
        # local day it starts on), so a 24/7 plan has no hole at its end.
        bounds = Interval(grid.start, grid.end + timedelta(minutes=max(legal[1], 0)))
        for available in info.calendar.available:
            interval = available.overlap(bounds)
            if interval is None or interval.end <= not_before or interval.start >= not_after:
                continue
            for start in starts_in(interval, available, grid, agent.time_zone, every):
                if not not_before <= start < not_after:
                    continue
                if local_date(start, agent.time_zone) in fixed_days:
                    continue
                for end in ends_of(start, interval, available, grid.granularity,
                                 agent.time_zone, lengths, legal):
                    if any(too_close(start, end, s.start, s.end, rest) for s in before):
                        continue
                    slots = set(grid.covered_slots(start, end))
                    for duty in [None, *(_ids(duties, demanded, slots))]:
                        key = (agent.id, start, end, duty)
                        if key not in seen:
                            seen.add(key)
                            out.append(make(agent, start, end, duty, False,
                                            previous_by_key.get(key)))
                    # Requirement ids are unique in a target, so a shared requirement's id in
                    # the key marks a standby candidate.
                    for rid in _ids(stands_by, demanded, slots):
                        key = (agent.id, start, end, rid)
                        if key not in seen:
                            seen.add(key)
                            out.append(make(agent, start, end, rid, False,
                                            previous_by_key.get(key), standby=True))
    return _add_previous(scenario, out, seen, previous, facts, history, make)


def _ids(duties: list[Requirement], demanded: dict[str, set[int]], slots: set[int]) -> list[str]:
    return [r.id for r in duties if not demanded[r.id].isdisjoint(slots)]


def _add_previous(scenario: Scenario, out: list[Candidate], seen: set[CandidateKey],
                  previous: list[Shift], facts: dict[str, AgentFacts],
                  history: dict[str, list[Shift]], make: Maker) -> list[Candidate]:
    """Previous (unlocked) shifts the grid does not produce, kept possible if still allowed."""
    agents = {a.id: a for a in scenario.active_agents()}
    for shift in previous:
        key = (shift.agent_id, shift.start, shift.end, shift.duty)
        agent = agents.get(shift.agent_id)
        if key in seen or agent is None:
            continue
        contract = scenario.contract_of(agent)
        rest = timedelta(hours=contract.min_rest_hours)
        ok = (facts[agent.id].calendar.inside_availability(shift.start, shift.end)
              and fits(contract, shift.minutes)
              and not any(too_close(shift.start, shift.end, s.start, s.end, rest)
                          or local_date(s.start, agent.time_zone)
                          == local_date(shift.start, agent.time_zone)
                          for s in history[agent.id]))
        if ok:
            seen.add(key)
            out.append(make(agent, shift.start, shift.end, shift.duty, False, shift))
    return out


