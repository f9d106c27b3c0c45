"""Hours accounting: the one place that says how many hours a shift is worth, and to whom.

Used by the workbook, the CSV, the calendar descriptions and the app's hours report, so every
output shows the same numbers.

Rules (they are also written into the workbook's Rules sheet, see :func:`rules_text`):
- Hours are real elapsed time, computed from UTC instants: a 22:00–06:00 shift is 9 hours on the
  night the clocks go back and 7 hours on the night they go forward. The *DST adjustment* is real
  minus nominal (wall-clock) hours: +1 and -1 on those nights, 0 otherwise.
- Night hours overlap the team's night window read in the agent's local time; weekend hours fall
  on the agent's local Saturday and Sunday; holiday hours fall on a public holiday of the agent's
  country and subdivision (``holidays`` package).
- A shift that crosses midnight, a week or a month border splits its hours to the local day they
  were worked; weekly (ISO week) and monthly totals add those pieces.
- Cost = hourly cost × premium-weighted hours, which weigh each minute by the highest premium
  that applies to it (night, weekend, holiday). Premiums do not stack. (The code calls them
  ``paid_*``; people see "premium-weighted hours": they are a cost basis, not hours paid.)
- Overtime: the minutes of an ISO week (agent's zone; a shift counts in the week it starts, as
  the rule checker counts) beyond the contract's weekly maximum, the week's last minutes.
  Shifts worked before the period (``scenario.history``) count toward the week's total. Each
  piece of a day carries its split into pay codes (:mod:`exports.paycodes`).
- Standby: hours on standby are not hours worked. They have their own column (``standby``),
  count toward no night, weekend, holiday or overtime hours and no pay code, and cost the
  team's standby rate × the hourly cost each (``paid_minutes`` holds them at that rate, so the
  cost column adds them in).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from exports.labels import duty_labeller
from exports.paycodes import NO_PAY, PaySplit, overtime_starts, split_pay
from models.domain import Agent, Plan, Scenario, Shift
from models.pricing import paid_minutes
from models.timerules import (
    Interval,
    agent_holidays,
    iso_week,
    overlap_minutes,
    split_by_local_day,
    to_local,
    window_on,
)


class _InHours:
    """Decimal hours of the minute counts (minutes stay exact; hours are what people read)."""

    __slots__ = ()
    minutes: int
    night_minutes: int
    weekend_minutes: int
    holiday_minutes: int
    paid_minutes: float
    overtime_minutes: int
    standby_minutes: int

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def standby_hours(self) -> float:
        return self.standby_minutes / 60

    @property
    def night_hours(self) -> float:
        return self.night_minutes / 60

    @property
    def weekend_hours(self) -> float:
        return self.weekend_minutes / 60

    @property
    def holiday_hours(self) -> float:
        return self.holiday_minutes / 60

    @property
    def paid_hours(self) -> float:
        return self.paid_minutes / 60

    @property
    def overtime_hours(self) -> float:
        return self.overtime_minutes / 60


@dataclass(frozen=True, slots=True)
class DayHours(_InHours):
    """The part of one shift worked on one local date of the agent."""

    agent_id: str
    shift_id: str
    day: date
    minutes: int
    night_minutes: int
    weekend_minutes: int
    holiday_minutes: int
    holiday_name: str
    paid_minutes: float
    hourly_cost: float
    overtime_minutes: int = 0
    pay: PaySplit = NO_PAY  # the minutes per pay code
    standby_minutes: int = 0  # on standby, not worked (``minutes`` is then 0)

    @property
    def cost(self) -> float:
        return self.paid_hours * self.hourly_cost

    @property
    def week_start(self) -> date:
        """The Monday of the ISO week this day belongs to."""
        return self.day - timedelta(days=self.day.weekday())

    @property
    def week_label(self) -> str:
        year, week = iso_week(self.day)
        return f"{year}-W{week:02d}"

    @property
    def month_start(self) -> date:
        return self.day.replace(day=1)


@dataclass(frozen=True, slots=True)
class ShiftHours(_InHours):
    """Everything finance needs about one shift, in the agent's own zone and country."""

    shift: Shift
    agent: Agent
    local_start: datetime  # aware, in the agent's zone
    local_end: datetime
    nominal_minutes: int  # wall-clock end minus wall-clock start
    pieces: tuple[DayHours, ...]
    duty: str
    # Sums over the pieces, computed once.
    minutes: int = field(init=False)
    night_minutes: int = field(init=False)
    weekend_minutes: int = field(init=False)
    holiday_minutes: int = field(init=False)
    paid_minutes: float = field(init=False)
    overtime_minutes: int = field(init=False)
    standby_minutes: int = field(init=False)

    def __post_init__(self) -> None:
        pieces = self.pieces
        object.__setattr__(self, "minutes", sum(p.minutes for p in pieces))
        object.__setattr__(self, "standby_minutes", sum(p.standby_minutes for p in pieces))
        object.__setattr__(self, "overtime_minutes", sum(p.overtime_minutes for p in pieces))
        object.__setattr__(self, "night_minutes", sum(p.night_minutes for p in pieces))
        object.__setattr__(self, "weekend_minutes", sum(p.weekend_minutes for p in pieces))
        object.__setattr__(self, "holiday_minutes", sum(p.holiday_minutes for p in pieces))
        object.__setattr__(self, "paid_minutes", sum(p.paid_minutes for p in pieces))

    @property
    def zone(self) -> str:
        return self.agent.time_zone

    @property
    def dst_adjustment_minutes(self) -> int:
        return self.minutes + self.standby_minutes - self.nominal_minutes

    @property
    def dst_adjustment_hours(self) -> float:
        return self.dst_adjustment_minutes / 60

    @property
    def nominal_hours(self) -> float:
        """Local end minus local start as a wall clock reads it."""
        return self.nominal_minutes / 60

    @property
    def hourly_cost(self) -> float:
        return self.agent.hourly_cost

    @property
    def currency(self) -> str:
        return self.agent.currency

    @property
    def cost(self) -> float:
        return self.paid_hours * self.hourly_cost

    @property
    def local_date(self) -> date:
        return self.local_start.date()

    @property
    def holiday_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.holiday_name for p in self.pieces if p.holiday_name))


def wall_minutes(local_start: datetime, local_end: datetime) -> int:
    """Minutes between two wall-clock readings, as a clock on the wall would count them."""
    days = (local_end.date() - local_start.date()).days
    return (days * 24 * 60 + local_end.hour * 60 + local_end.minute
            - local_start.hour * 60 - local_start.minute)


def shift_hours(scenario: Scenario, shift: Shift, duty: str = "", *, agent: Agent | None = None,
                holidays: Mapping[date, str] | None = None,
                overtime_from: datetime | None = None) -> ShiftHours:
    """The hours of one shift, judged in its agent's zone and country.

    ``agent`` and ``holidays`` (the agent's public holidays around the shift) may be passed by a
    caller that computes many shifts, to look them up once. The minutes from ``overtime_from``
    on are overtime (see :func:`overtime_starts`; a shift alone knows nothing of its week).
    """
    agent = agent or scenario.agent(shift.agent_id)
    zone_name = agent.time_zone
    local_start, local_end = to_local(shift.start, zone_name), to_local(shift.end, zone_name)
    if holidays is None:
        holidays = agent_holidays(agent, local_start.date(), local_end.date())
    nights = _nights(scenario.team.night_start, scenario.team.night_end, zone_name,
                     local_start.date() - timedelta(days=1), local_end.date())
    premiums = scenario.team.premiums
    pieces = []
    if shift.is_standby:
        pieces = [DayHours(agent_id=agent.id, shift_id=shift.id, day=day, minutes=0,
                           night_minutes=0, weekend_minutes=0, holiday_minutes=0,
                           holiday_name=holidays.get(day, ""),
                           paid_minutes=piece.minutes * premiums.standby_rate,
                           hourly_cost=agent.hourly_cost, standby_minutes=piece.minutes)
                  for day, piece in split_by_local_day(shift.start, shift.end, zone_name)]
        return ShiftHours(shift, agent, local_start, local_end,
                          wall_minutes(local_start, local_end), tuple(pieces), duty)
    for day, piece in split_by_local_day(shift.start, shift.end, zone_name):
        minutes = piece.minutes
        night = overlap_minutes(piece, nights)
        weekend = day.weekday() >= 5
        holiday_name = holidays.get(day, "")
        overtime = overtime_night = 0
        if overtime_from is not None and overtime_from < piece.end:
            late = Interval(max(piece.start, overtime_from), piece.end)
            overtime, overtime_night = late.minutes, overlap_minutes(late, nights)
        pieces.append(DayHours(
            agent_id=agent.id, shift_id=shift.id, day=day, minutes=minutes,
            night_minutes=night, weekend_minutes=minutes if weekend else 0,
            holiday_minutes=minutes if holiday_name else 0, holiday_name=holiday_name,
            paid_minutes=paid_minutes(minutes, night, weekend, bool(holiday_name), premiums),
            hourly_cost=agent.hourly_cost, overtime_minutes=overtime,
            pay=split_pay(minutes, night, weekend=weekend, holiday=bool(holiday_name),
                          overtime=overtime, overtime_night=overtime_night, premiums=premiums),
        ))
    return ShiftHours(shift, agent, local_start, local_end, wall_minutes(local_start, local_end),
                      tuple(pieces), duty)


def _nights(night_start: time, night_end: time, zone_name: str, first: date,
            last: date) -> list[Interval]:
    """The night windows starting on local days ``first``..``last`` (see
    :func:`models.timerules.night_intervals`, which this caches per zone and day)."""
    return [_night_on(night_start, night_end, zone_name, first + timedelta(days=i))
            for i in range((last - first).days + 1)]


@lru_cache(maxsize=1 << 16)
def _night_on(night_start: time, night_end: time, zone_name: str, day: date) -> Interval:
    return window_on(night_start, night_end, night_end <= night_start, day, zone_name)


def plan_hours(scenario: Scenario, plan: Plan) -> list[ShiftHours]:
    """Hours of every shift of a plan whose agent is in the scenario, by agent then start."""
    agents = {a.id: a for a in scenario.agents}
    order = {a.id: i for i, a in enumerate(scenario.agents)}
    shifts = sorted((s for s in plan.shifts if s.agent_id in agents),
                    key=lambda s: (order[s.agent_id], s.start, s.id))
    if not shifts:
        return []
    # Local dates lie within a day of UTC dates.
    first = min(s.start for s in shifts).date() - timedelta(days=1)
    last = max(s.end for s in shifts).date() + timedelta(days=1)
    holidays = {a: agent_holidays(agents[a], first, last) for a in {s.agent_id for s in shifts}}
    label = duty_labeller(scenario)
    overtime = overtime_starts(scenario, shifts)
    return [shift_hours(scenario, s, label(s, agents[s.agent_id]), agent=agents[s.agent_id],
                        holidays=holidays[s.agent_id], overtime_from=overtime.get(s.id))
            for s in shifts]



# --------------------------------------------------------------------------------------------
# Totals
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Totals(_InHours):
    """Hours of one agent over one stretch: the whole plan, an ISO week or a calendar month."""

    agent_id: str
    start: date | None  # the week's Monday or the month's first day; None for the whole plan
    label: str
    minutes: int = 0
    night_minutes: int = 0
    weekend_minutes: int = 0
    holiday_minutes: int = 0
    paid_minutes: float = 0.0
    cost: float = 0.0
    overtime_minutes: int = 0
    standby_minutes: int = 0


def _add(total: Totals, piece: DayHours) -> Totals:
    return Totals(
        total.agent_id, total.start, total.label,
        total.minutes + piece.minutes, total.night_minutes + piece.night_minutes,
        total.weekend_minutes + piece.weekend_minutes,
        total.holiday_minutes + piece.holiday_minutes,
        total.paid_minutes + piece.paid_minutes, total.cost + piece.cost,
        total.overtime_minutes + piece.overtime_minutes,
        total.standby_minutes + piece.standby_minutes,
    )


def day_pieces(rows: Iterable[ShiftHours]) -> list[DayHours]:
    return [p for row in rows for p in row.pieces]


def weekly_totals(rows: Sequence[ShiftHours]) -> list[Totals]:
    """Per agent per ISO week (agent's zone), from the hours worked on each local day."""
    return _group(rows, lambda p: (p.week_start, p.week_label))


def monthly_totals(rows: Sequence[ShiftHours]) -> list[Totals]:
    """Per agent per calendar month (agent's zone)."""
    return _group(rows, lambda p: (p.month_start, f"{p.month_start:%Y-%m}"))


def _group(rows: Sequence[ShiftHours],
           key: Callable[[DayHours], tuple[date, str]]) -> list[Totals]:
    order: dict[str, int] = {}
    for r in rows:
        order.setdefault(r.agent.id, len(order))
    totals: dict[tuple[str, date], Totals] = {}
    for piece in day_pieces(rows):
        start, label = key(piece)
        k = (piece.agent_id, start)
        totals[k] = _add(totals.get(k) or Totals(piece.agent_id, start, label), piece)
    return sorted(totals.values(), key=lambda t: (order[t.agent_id], t.start or date.min))


def agent_totals(rows: Sequence[ShiftHours]) -> dict[str, Totals]:
    """Per agent over the whole plan."""
    totals: dict[str, Totals] = defaultdict(lambda: Totals("", None, "plan"))
    for piece in day_pieces(rows):
        current = totals[piece.agent_id]
        if not current.agent_id:
            current = Totals(piece.agent_id, None, "plan")
        totals[piece.agent_id] = _add(current, piece)
    return dict(totals)


# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------


def format_hours(hours: float) -> str:
    """``9 h``, ``7.5 h``, ``8.25 h``: for people, not for sums."""
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return f"{text} h"


def dst_note(row: ShiftHours) -> str:
    """Why the real hours differ from the wall clock, or empty."""
    when = "this night" if row.night_minutes else "during this shift"
    if row.dst_adjustment_minutes > 0:
        return f"clocks go back {when}"
    if row.dst_adjustment_minutes < 0:
        return f"clocks go forward {when}"
    return ""


def rules_text(scenario: Scenario) -> list[tuple[str, str]]:
    """The accounting rules in plain words, for the workbook and the app's report."""
    team = scenario.team
    p = team.premiums
    night = f"{team.night_start:%H:%M}–{team.night_end:%H:%M}"
    return [
        ("Hours", "Real elapsed time from the UTC start and end of each shift. On the night the "
                  "clocks go back a 22:00–06:00 shift is 9 hours, on the night they go forward 7."),
        ("DST adjustment", "Real hours minus wall-clock hours: +1 or -1 on a daylight-saving "
                           "night, otherwise 0."),
        ("Night hours", f"Hours inside the night window {night}, in the agent's local time."),
        ("Weekend hours", "Hours on the agent's local Saturday and Sunday."),
        ("Holiday hours", "Hours on a public holiday of the agent's country and subdivision."),
        ("Days, weeks, months", "A shift over midnight, a week or a month border counts its "
                                "hours to the local day they were worked. Weeks are ISO weeks "
                                "(Monday to Sunday) in the agent's zone."),
        ("Premiums", f"Night ×{p.night:g}, weekend ×{p.weekend:g}, holiday ×{p.holiday:g}. Each "
                     "hour is paid at the highest premium that applies to it; premiums do not "
                     "stack."),
        ("Premium-weighted hours", "Each hour × the highest premium that applies to it. A "
                                   "basis for cost, not the number of hours paid: a 9-hour "
                                   f"weekend shift is {9 * p.weekend:g} premium-weighted hours."),
        ("Cost", "Premium-weighted hours × the agent's hourly cost, in the agent's currency."),
        ("Overtime", "Hours of an ISO week (agent's zone; a shift counts in the week it starts) "
                     "beyond the contract's weekly maximum: the week's last hours. Shifts worked "
                     "before the plan's period count toward the week. Overtime hours are paid "
                     "here like any other hour; payroll adds any overtime supplement."),
        ("Standby", f"Hours on standby (reachable, not at work unless called) are not hours "
                    f"worked: they have their own column, no premiums and no overtime, and cost "
                    f"{p.standby_rate:g} × the agent's hourly cost each."),
        ("Pay codes", "Every hour falls in exactly one code: overtime; else holiday, weekend or "
                      "night, whichever premium is highest (holiday before weekend before night "
                      "on a tie); else regular. The codes' hours add up to the hours worked and "
                      "their amounts to the cost."),
    ]
