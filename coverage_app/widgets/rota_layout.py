"""What the rota calendar shows, computed once per change (no Qt): the time axis in the display
zone, day and hour labels (right on 23 h and 25 h days), rows of shifts, the coverage strip.

The axis is linear in real (UTC) time, so a 25-hour day is wider than a 24-hour one and every
bar's length is its real duration; labels read the local wall clock at each tick.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from coverage_app.widgets.rota_marks import Absence, Proposal, absences
from models.coverage import SlotCoverage, coverage
from models.domain import Agent, Gap, Plan, Scenario, Shift
from models.horizon import horizon
from models.timerules import day_bounds, to_local, zone

HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class DayLabel:
    day: date
    start: datetime
    end: datetime

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    def texts(self) -> tuple[str, ...]:
        """Longest first: ``Mon 3 Dec``, ``Mon 3``, ``Mo 3``, ``3`` (a 23 h or 25 h day says so
        in its longest form: ``Sun 29 Mar (23 h)``)."""
        d = self.day
        long = f"{d:%a} {d.day} {d:%b}"
        if round(self.hours) != 24:
            long += f" ({self.hours:g} h)"
        return long, f"{d:%a} {d.day}", f"{d:%a}"[:2] + f" {d.day}", str(d.day)


@dataclass(frozen=True, slots=True)
class Tick:
    instant: datetime
    hour: int  # local wall-clock hour in the display zone


@dataclass(frozen=True, slots=True)
class Bar:
    """A shift as drawn: where it starts and ends (fractions of the axis), labels to try."""

    shift: Shift
    first: float
    last: float
    labels: tuple[str, ...]  # longest first; the first that fits is drawn (always start–end)


@dataclass(frozen=True, slots=True)
class StripCell:
    start: datetime
    end: datetime
    required: int
    scheduled: int
    requirement_ids: tuple[str, ...]
    excused: int = 0  # not on duty, in a hole shorter than a response allowance: no gap

    @property
    def missing(self) -> int:
        return max(0, self.required - self.scheduled - self.excused)


@dataclass(slots=True)
class RotaLayout:
    scenario: Scenario
    plan: Plan | None
    zone_name: str
    first_day: date
    days: int
    requirement_id: str | None = None  # None: all requirements in the strip
    # The plan's coverage per slot when the caller has it (the Rota page reviews each plan off
    # the GUI thread); None: counted here.
    coverage_rows: Sequence[SlotCoverage] | None = None
    # The gaps open now, with reasons, when the caller has them (after a hand edit they differ
    # from those the plan recorded when it was solved); None: the plan's.
    open_gaps: Sequence[Gap] | None = None
    proposal: Proposal | None = None  # a re-plan's changes, marked before it is accepted
    agents: list[Agent] = field(default_factory=list)
    shifts_by_agent: dict[str, list[Shift]] = field(default_factory=dict)
    bars_by_agent: dict[str, tuple[Bar, ...]] = field(default_factory=dict)
    day_labels: list[DayLabel] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    strip: list[StripCell] = field(default_factory=list)
    absences_by_agent: dict[str, tuple[Absence, ...]] = field(default_factory=dict)
    start: datetime = field(init=False)
    end: datetime = field(init=False)

    def __post_init__(self) -> None:
        zone_name = self.zone_name
        self.day_labels = []
        for i in range(self.days):
            d = self.first_day + timedelta(days=i)
            s, e = day_bounds(d, zone_name)
            self.day_labels.append(DayLabel(d, s, e))
        self.start, self.end = self.day_labels[0].start, self.day_labels[-1].end
        self.ticks = _ticks(self.start, self.end, zone_name)
        plan_agents = {s.agent_id for s in self.plan.shifts} if self.plan else set()
        self.agents = [a for a in self.scenario.agents if a.active or a.id in plan_agents]
        grouped: dict[str, list[Shift]] = defaultdict(list)
        if self.plan is not None:
            for shift in self.plan.shifts:
                if shift.end > self.start and shift.start < self.end:
                    grouped[shift.agent_id].append(shift)
        self.shifts_by_agent = {k: sorted(v, key=lambda s: s.start) for k, v in grouped.items()}
        self.bars_by_agent = {k: tuple(self._bar(s) for s in v)
                              for k, v in self.shifts_by_agent.items()}
        self.strip = self._strip()
        self.absences_by_agent = absences(self.scenario, self.agents,
                                          self.first_day - timedelta(days=1),
                                          self.first_day + timedelta(days=self.days))

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()

    def fraction(self, instant: datetime) -> float:
        return (instant - self.start).total_seconds() / self.seconds

    def instant_at(self, fraction: float) -> datetime:
        return self.start + timedelta(seconds=fraction * self.seconds)

    def _bar(self, shift: Shift) -> Bar:
        # Hot path (every shift on every change): no strftime, one zone lookup.
        tz = zone(self.zone_name)
        a, b = shift.start.astimezone(tz), shift.end.astimezone(tz)
        ah, am, bh, bm = a.hour, a.minute, b.hour, b.minute
        # Start and end in every label: "15:45" alone on a Kathmandu bar hid where it ends.
        labels = [f"{ah:02d}:{am:02d}–{bh:02d}:{bm:02d}", f"{ah}:{am:02d}–{bh}:{bm:02d}"]
        if am == bm == 0:
            labels.append(f"{ah}–{bh}")
        if shift.is_standby:  # said on the bar where it fits, beside the hatching
            labels.insert(0, f"Standby {labels[0]}")
        seconds = self.seconds
        return Bar(shift, (shift.start - self.start).total_seconds() / seconds,
                   (shift.end - self.start).total_seconds() / seconds, tuple(labels))

    def gaps_at(self, start: datetime, end: datetime) -> list[Gap]:
        if self.plan is None:
            return []
        gaps = self.plan.gaps if self.open_gaps is None else self.open_gaps
        return [g for g in gaps if g.start < end and start < g.end
                and (self.requirement_id is None or g.requirement_id == self.requirement_id)]

    def _strip(self) -> list[StripCell]:
        if self.plan is None:
            return []
        rows = self.coverage_rows
        if rows is None:
            rows = coverage(self.scenario, self.plan, horizon(self.scenario, self.plan.period))
        by_slot: dict[tuple[datetime, datetime], list[SlotCoverage]] = defaultdict(list)
        for row in rows:
            if row.end <= self.start or row.start >= self.end:
                continue
            if self.requirement_id is None or row.requirement_id == self.requirement_id:
                by_slot[(row.start, row.end)].append(row)
        cells = []
        for (s, e), items in sorted(by_slot.items()):
            required = sum(r.required for r in items)
            excused = sum(r.excused for r in items)
            # Extra people on one requirement do not make up for another's shortfall.
            scheduled = required - sum(r.missing for r in items) - excused
            cells.append(StripCell(s, e, required, scheduled,
                                   tuple(r.requirement_id for r in items if r.missing), excused))
        return _merge(cells)


def _ticks(start: datetime, end: datetime, zone_name: str) -> list[Tick]:
    ticks = []
    t = start
    while t < end:
        local = to_local(t, zone_name)
        if local.minute == 0:
            ticks.append(Tick(t, local.hour))
        t += HOUR
    return ticks


def _merge(cells: list[StripCell]) -> list[StripCell]:
    merged: list[StripCell] = []
    for cell in cells:
        last = merged[-1] if merged else None
        if (last is not None and last.end == cell.start and last.required == cell.required
                and last.scheduled == cell.scheduled and last.excused == cell.excused
                and last.requirement_ids == cell.requirement_ids):
            merged[-1] = StripCell(last.start, cell.end, last.required, last.scheduled,
                                   last.requirement_ids, last.excused)
        else:
            merged.append(cell)
    return merged


def local_span(shift: Shift, zone_name: str) -> str:
    """``Mon 07 Dec 09:00–17:00`` in a zone (the end's day is named when it differs)."""
    a, b = to_local(shift.start, zone_name), to_local(shift.end, zone_name)
    end = f"{b:%H:%M}" if a.date() == b.date() else f"{b:%a} {b:%H:%M}"
    return f"{a:%a %d %b %H:%M}–{end}"


def duty_name(scenario: Scenario, duty: str | None) -> str:
    if duty is None:
        return "shared duties"
    try:
        return scenario.target.requirement(duty).name
    except StopIteration:
        return duty


def violation_map(violations: Any) -> dict[str, list[str]]:
    """Messages by shift id."""
    found: dict[str, list[str]] = defaultdict(list)
    for v in violations or ():
        for sid in tuple(v.shift_ids):
            found[sid].append(str(v.message))
    return dict(found)
