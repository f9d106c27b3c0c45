"""Every legal placement of one agent over a time range, judged by the checker, best first.

A placement is a shift the agent could add: a start on the agent's own local grid (the team's
granularity from the agent's local midnight) inside the planning horizon,
a length on the grid between the contract's minimum and maximum (capped by the daily maximum),
wholly inside one availability interval, covering some minutes of the asked range. Or one
of the agent's shifts that already counts for the requirement, started earlier and/or ended later
within the same limits (the lengthened shift replaces the old one).

The checker (:func:`solver.check.check_agent`) judges each one against the agent's other shifts
and history. What one verdict proves about other placements follows from the rules' own
definitions, so no rule is written again here:
- one shift per local day and consecutive days depend only on the local day a shift starts on:
  when one placement starting that day breaks them, every placement starting that day does;
- weekly hours depend on the ISO week and the length: the checker's excess over the limit gives
  the longest length that week still allows;
- night shifts per week depend on the week and on whether the shift is a night shift;
- rest, for new shifts on a day with no other shift (so every such placement has the same shift
  before and after it): the excess gives the earliest start after the shift before, and the
  latest end before the shift after.
Placements are tried in order of how much of the range they cover (then the fewest added hours),
so the search stops at the first one the checker accepts, which is also the best. What it learns
is kept for later questions about the same plan.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from models.domain import Agent, Scenario, Shift, ShiftKind, ShiftOrigin
from models.horizon import Horizon, local_grid
from models.timerules import day_start, local_date
from solver.check import Violation, check_agent
from solver.rules import AgentCalendar, is_night

PROPOSAL_ID = "proposal"
DAY_RULES = frozenset({"one_shift_per_day", "max_consecutive_days"})


@dataclass(frozen=True, slots=True)
class Placement:
    """A shift over ``[start, end)``, kept as minutes from the planning horizon's start."""

    origin: datetime  # the horizon's start
    first: int  # minutes from ``origin``
    last: int
    covered: int  # minutes of the asked range it adds
    added: int  # minutes of work it adds to the plan
    extends: Shift | None = None  # the agent's shift it lengthens (and replaces), if any

    @property
    def start(self) -> datetime:
        return self.origin + timedelta(minutes=self.first)

    @property
    def end(self) -> datetime:
        return self.origin + timedelta(minutes=self.last)

    @property
    def minutes(self) -> int:
        return self.last - self.first

    def order(self) -> tuple[int, int, int]:
        """Best first: most of the range covered, then the fewest added hours, then earliest."""
        return -self.covered, self.added, self.first


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of searching one agent's placements."""

    clean: Placement | None  # the best placement the checker accepts, if any
    best: Placement | None  # otherwise the one covering most, with its violations
    violations: tuple[Violation, ...]
    rules: tuple[str, ...]  # rules that together rule out every placement, in the order met


def reasons(violations: Sequence[Violation]) -> list[Violation]:
    """The violations that explain a placement: a second shift on a day also breaks daily hours
    and rest, but the day is the reason."""
    if any(v.rule == "one_shift_per_day" for v in violations):
        return [v for v in violations if v.rule not in ("max_daily_hours", "min_rest")]
    return list(violations)


@dataclass(slots=True)
class _Known:
    """What the checker has shown about placements starting on one local day (new shifts, or
    lengthenings of one shift)."""

    day_rules: frozenset[str] = frozenset()  # broken by every placement starting that day
    longest: int | None = None  # minutes; longer ones break weekly hours
    nights_full: bool = False  # every night shift that week breaks nights per week
    earliest: int | None = None  # earlier starts break rest after the shift before
    latest_end: int | None = None  # later ends break rest before the shift after

    def quick(self, first: int, length: int) -> tuple[str, ...]:
        """The rules a new shift is known to break from its start and length alone."""
        if self.day_rules:
            return tuple(sorted(self.day_rules))
        found: tuple[str, ...] = ()
        if self.longest is not None and length > self.longest:
            found += ("max_weekly_hours",)
        if (self.earliest is not None and first < self.earliest) or (
                self.latest_end is not None and first + length > self.latest_end):
            found += ("min_rest",)
        return found

    def broken(self, p: Placement, night: Callable[[Placement], bool]) -> tuple[str, ...]:
        """The rules a placement is known to break (nights only asked when nothing else is)."""
        found = self.quick(p.first, p.minutes) if p.extends is None else \
            tuple(sorted(self.day_rules)) + (
                ("max_weekly_hours",) if self.longest is not None and p.minutes > self.longest
                else ())
        if not found and self.nights_full and night(p):
            found = ("max_nights_per_week",)
        return found

    def learn(self, p: Placement, violations: Sequence[Violation]) -> None:
        for v in violations:
            over = round(v.amount * 60)
            if v.rule in DAY_RULES:
                self.day_rules |= {v.rule}
            elif v.rule == "max_weekly_hours":
                longest = p.minutes - over
                self.longest = longest if self.longest is None else min(self.longest, longest)
            elif v.rule == "max_nights_per_week":
                self.nights_full = True
            elif v.rule == "min_rest" and p.extends is None:
                earlier, later = v.shift_ids
                if later == PROPOSAL_ID:
                    first = p.first + over
                    self.earliest = first if self.earliest is None else max(self.earliest, first)
                elif earlier == PROPOSAL_ID:
                    last = p.last - over
                    self.latest_end = (last if self.latest_end is None
                                       else min(self.latest_end, last))


class PlacementSearch:
    """Searches placements for many questions about one plan, keeping what the checker showed."""

    def __init__(self, scenario: Scenario, grid: Horizon,
                 calendar: Callable[[Agent], AgentCalendar], history: Mapping[str, list[Shift]],
                 ) -> None:
        self.scenario, self.grid, self.calendar, self.history = scenario, grid, calendar, history
        self.g = grid.granularity
        self.horizon_end = grid.minute_of(grid.end)
        self._known: dict[tuple[str, str | None, date], _Known] = {}
        self._verdicts: dict[tuple[str, str | None, int, int], tuple[Violation, ...]] = {}
        self._lengths: dict[str, range] = {}
        self._days: dict[str, tuple[list[int], list[date]]] = {}
        self.checks = 0  # checker calls so far (for measuring)

    def lengths(self, calendar: AgentCalendar) -> range:
        """Shift lengths on the grid the agent's contract allows, in minutes."""
        contract = calendar.contract
        if contract.id not in self._lengths:
            g = self.g
            low = -(-round(contract.min_shift_hours * 60) // g) * g
            high = round(min(contract.max_shift_hours, contract.max_hours_per_day) * 60) // g * g
            self._lengths[contract.id] = range(low, high + 1, g)
        return self._lengths[contract.id]

    def search(self, agent: Agent, start: datetime, end: datetime, duty: str | None,
               own: list[Shift], extendable: list[Shift]) -> Verdict:
        """The agent's placements over ``[start, end)`` (``own``: the agent's shifts in the
        plan, sorted; ``extendable``: those that count for the requirement)."""
        calendar = self.calendar(agent)
        a, b = self.grid.minute_of(start), self.grid.minute_of(end)
        rules: dict[str, None] = {}
        options, ruled_out = self.new_shifts(calendar, a, b, rules)
        for shift in extendable:
            for day, found in self.lengthenings(calendar, shift, a, b).items():
                known = self._known.setdefault((agent.id, shift.id, day), _Known())
                if known.day_rules:  # every placement starting that day breaks them
                    rules.update(dict.fromkeys(sorted(known.day_rules)))
                    ruled_out.extend(found)
                else:
                    options.extend((p, known) for p in found)
        options.sort(key=lambda o: o[0].order())
        best: tuple[Placement, tuple[Violation, ...]] | None = None

        def night(p: Placement) -> bool:
            return is_night(self.scenario, agent, p.start, p.end)

        for p, known in options:
            broken = known.broken(p, night)
            if broken:
                rules.update(dict.fromkeys(broken))
                ruled_out.append(p)
                continue
            violations = self._verdict(calendar, p, duty, own)
            known.learn(p, violations)
            if not violations:
                return Verdict(p, None, (), ())
            rules.update(dict.fromkeys(v.rule for v in reasons(violations)))
            if best is None:
                best = (p, violations)
        if best is None:  # none, or all ruled out by what the checker showed before
            first = min(ruled_out, key=Placement.order, default=None)
            if first is None:
                return Verdict(None, None, (), ())
            best = (first, self._verdict(calendar, first, duty, own))
        return Verdict(None, best[0], best[1], tuple(rules))

    def _verdict(self, calendar: AgentCalendar, p: Placement, duty: str | None,
                 own: list[Shift]) -> tuple[Violation, ...]:
        """The checker's verdict on a placement, remembered for later questions."""
        key = (calendar.agent.id, p.extends.id if p.extends else None, p.first, p.last)
        if key not in self._verdicts:
            self._verdicts[key] = tuple(self.judge(
                calendar, self.proposal(calendar.agent, p, duty), self.others(own, p)))
        return self._verdicts[key]

    def new_shifts(self, calendar: AgentCalendar, a: int, b: int, rules: dict[str, None],
                   ) -> tuple[list[tuple[Placement, _Known]], list[Placement]]:
        """New shifts covering part of minutes ``[a, b)``: those still open, each with what is
        known about its day, and the best of those already known to break a rule (whose rules
        are added to ``rules``)."""
        options: list[tuple[Placement, _Known]] = []
        ruled_out: list[Placement] = []
        lengths = self.lengths(calendar)
        if not lengths:
            return options, ruled_out
        g, grid, origin, agent_id = self.g, self.grid, self.grid.start, calendar.agent.id
        reach = timedelta(minutes=lengths[-1])
        midnights, days = self._local_days(calendar.agent.time_zone)
        best_out: tuple[int, int, int, int] | None = None  # order, then the length
        for iv in calendar.available_overlapping(origin + timedelta(minutes=a) - reach,
                                                 origin + timedelta(minutes=b) + reach):
            lo, hi = grid.minute_of(iv.start), grid.minute_of(iv.end)
            phase = self._phase(calendar.agent.time_zone, iv.start)
            pairs: list[tuple[int, int]] = []
            for length in lengths:
                # On the agent's own grid; covering some minute of [a, b), starting inside
                # the horizon.
                lower = max(lo, a - length + 1, 0)
                first = phase + -(-(lower - phase) // g) * g
                last = min(hi - length, b - 1, self.horizon_end - 1)
                pairs.extend((s, length) for s in range(first, last + 1, g))
            pairs.extend(self._window_edges(lo, hi, phase, lengths, a, b))
            for s, length in pairs:
                known = self._known.setdefault(
                    (agent_id, None, days[bisect_right(midnights, s) - 1]), _Known())
                covered = min(s + length, b) - max(s, a)
                broken = known.quick(s, length)
                if broken:
                    rules.update(dict.fromkeys(broken))
                    if best_out is None or (-covered, length, s) < best_out[:3]:
                        best_out = (-covered, length, s, length)
                else:
                    options.append((Placement(origin, s, s + length, covered, length), known))
        if best_out is not None:
            covered, length, s = -best_out[0], best_out[3], best_out[2]
            ruled_out.append(Placement(origin, s, s + length, covered, length))
        return options, ruled_out

    def lengthenings(self, calendar: AgentCalendar, shift: Shift, a: int,
                     b: int) -> dict[date, list[Placement]]:
        """``shift`` started earlier and/or ended later, inside its availability interval, by
        the local day it would start on. Only the side facing the range moves."""
        found: dict[date, list[Placement]] = {}
        lengths = self.lengths(calendar)
        if not lengths:
            return found
        g, grid = self.g, self.grid
        low, high = lengths[0], lengths[-1]
        first, last = grid.minute_of(shift.start), grid.minute_of(shift.end)
        if last - first >= high or last <= a - high or first >= b + high:
            return found
        home = next((iv for iv in calendar.available_overlapping(shift.start, shift.end)
                     if iv.start <= shift.start and shift.end <= iv.end), None)
        if home is None:
            return found
        lo, hi = grid.minute_of(home.start), grid.minute_of(home.end)
        before = max(0, min(last, b) - max(first, a))
        starts = [first]
        if a < first:  # the range begins before the shift: starting earlier helps
            earliest = max(-(-max(lo, last - high, 0) // g) * g, a // g * g)
            starts.extend(range(earliest, first, g))
            if lo % g and max(last - high, 0) <= lo < first:  # its window's own start
                starts.append(lo)
        ends = [last]
        if b > last:  # the range ends after the shift: ending later helps
            ends.extend(range(last // g * g + g, min(hi, first + high, -(-b // g) * g) + 1, g))
            if hi % g and last < hi <= first + high:  # its window's own end
                ends.append(hi)
        starts, ends = sorted(set(starts)), sorted(set(ends))
        midnights, days = self._local_days(calendar.agent.time_zone)
        for s in starts:
            group = found.setdefault(days[bisect_right(midnights, s) - 1], [])
            for e in ends:
                if (s, e) == (first, last) or not low <= e - s <= high:
                    continue
                covered = max(0, min(e, b) - max(s, a)) - before
                if covered > 0:
                    group.append(Placement(grid.start, s, e, covered, (e - s) - (last - first),
                                           shift))
        return found

    def placement(self, start: datetime, end: datetime, covered: int) -> Placement:
        """A new shift over ``[start, end)`` as a placement (its times need not be on the grid)."""
        first, last = self.grid.minute_of(start), self.grid.minute_of(end)
        return Placement(self.grid.start, first, last, covered, last - first)

    def judge(self, calendar: AgentCalendar, proposal: Shift,
              others: list[Shift]) -> list[Violation]:
        """The checker's verdict on ``proposal`` next to the agent's shifts near it."""
        self.checks += 1
        window = timedelta(days=calendar.contract.max_consecutive_days + 8)
        near = [s for s in others if abs(s.start - proposal.start) <= window]
        history = [s for s in self.history.get(calendar.agent.id, ())
                   if abs(s.start - proposal.start) <= window]
        return check_agent(self.scenario, calendar, sorted([*near, proposal],
                                                           key=lambda s: s.start),
                           history, only=PROPOSAL_ID)

    @staticmethod
    def proposal(agent: Agent, p: Placement, duty: str | None) -> Shift:
        return Shift(PROPOSAL_ID, agent.id, p.start, p.end,
                     duty=p.extends.duty if p.extends is not None else duty,
                     origin=ShiftOrigin.MANUAL,
                     kind=p.extends.kind if p.extends is not None else ShiftKind.ON_DUTY)

    @staticmethod
    def others(own: list[Shift], p: Placement) -> list[Shift]:
        return own if p.extends is None else [s for s in own if s.id != p.extends.id]

    def _window_edges(self, lo: int, hi: int, phase: int, lengths: range, a: int,
                      b: int) -> list[tuple[int, int]]:
        """``(start, length)`` of new shifts at an availability window's own start or end
        where it lies off the agent's grid (a window from 19:45 on a 30-minute grid), as the
        candidate shifts have them; each covering some minute of ``[a, b)``."""
        g, low, high = self.g, lengths[0], lengths[-1]
        found: set[tuple[int, int]] = set()
        if (lo - phase) % g:
            found.update((lo, length) for length in lengths if lo + length <= hi)
            if low <= hi - lo <= high:
                found.add((lo, hi - lo))
        if (hi - phase) % g:
            first = phase + -(-(lo - phase) // g) * g
            found.update((s, hi - s) for s in range(first, hi - low + 1, g)
                         if hi - s <= high)
        return sorted((s, length) for s, length in found
                      if 0 <= s < min(b, self.horizon_end) and s + length > a)

    def _phase(self, zone: str, instant: datetime) -> int:
        """Minutes by which the zone's local grid lies after the team grid near ``instant``
        (45 for Kathmandu on a whole-hour UTC grid; 0 for whole-hour zones)."""
        g = self.g
        point = local_grid(zone, instant, instant + timedelta(minutes=g), g)[0]
        return self.grid.minute_of(point) % g

    def _local_days(self, zone: str) -> tuple[list[int], list[date]]:
        """The zone's local midnights over the horizon (and a margin), as minutes from its
        start, with the local day each begins."""
        if zone not in self._days:
            grid = self.grid
            day = local_date(grid.start - timedelta(days=2), zone)
            last = local_date(grid.end + timedelta(days=2), zone)
            midnights, days = [], []
            while day <= last:
                midnights.append(grid.minute_of(day_start(day, zone)))
                days.append(day)
                day += timedelta(days=1)
            self._days[zone] = (midnights, days)
        return self._days[zone]
