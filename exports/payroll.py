"""Pay periods and the payroll file: hours and amounts per agent, pay period and pay code.

A pay period is a calendar month, or runs up to a cut-off day of each month (``cutoff:25``:
26 September to 25 October). Each hour counts in the pay period of the local day it was worked
in the agent's zone (a night over the cut-off splits at local midnight), as days, weeks and
months do in the workbook.

The payroll CSV has one row per agent × pay period × pay code that has hours: employee number,
agent id and name, period start and end, code, hours, rate, amount (rounded to the cent) and
currency. Its text follows :mod:`exports.csvfile` (UTF-8 with BOM, CRLF, dots, no formulas).
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from exports.csvfile import BOM, decimal, safe_text
from exports.hours import DayHours, ShiftHours, plan_hours
from exports.paycodes import PAY_CODES, PayCode, code_premium
from models.domain import Agent, Period, Plan, Premiums, Scenario

_CUTOFF = re.compile(r"^cutoff:(\d{1,2})$")


def _day_in(year: int, month: int, day: int) -> date:
    """``day`` of the month, or its last day when the month is shorter."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


@dataclass(frozen=True, slots=True)
class PayPeriods:
    """How pay periods are cut: calendar months (``cutoff_day`` None), or periods that end on
    the cut-off day of each month (the month's last day when it is shorter)."""

    cutoff_day: int | None = None

    def __post_init__(self) -> None:
        if self.cutoff_day is not None and not 1 <= self.cutoff_day <= 31:
            raise ValueError(f"a cut-off day is a day of the month, 1 to 31, not "
                             f"{self.cutoff_day}")

    @classmethod
    def parse(cls, text: str) -> PayPeriods:
        """``month`` or ``cutoff:N``; ValueError says what is accepted."""
        value = text.strip().lower()
        if value in ("month", "calendar month", "monthly"):
            return cls()
        found = _CUTOFF.match(value.replace(" ", ""))
        if found is None:
            raise ValueError(f"{text!r} is not a pay period: write 'month' (calendar months) "
                             "or 'cutoff:N' (periods ending on day N of each month, e.g. "
                             "cutoff:25)")
        return cls(int(found.group(1)))

    @property
    def text(self) -> str:
        """The form :meth:`parse` reads."""
        return "month" if self.cutoff_day is None else f"cutoff:{self.cutoff_day}"

    def describe(self) -> str:
        if self.cutoff_day is None or self.cutoff_day >= 31:
            return "calendar months"
        return (f"the {_ordinal(self.cutoff_day + 1)} of a month to the "
                f"{_ordinal(self.cutoff_day)} of the next (cut-off day {self.cutoff_day})")

    def period_of(self, day: date) -> tuple[date, date]:
        """First and last day of the pay period holding ``day``."""
        if self.cutoff_day is None:
            return day.replace(day=1), _day_in(day.year, day.month, 31)
        end = _day_in(day.year, day.month, self.cutoff_day)
        if day > end:
            start = end + timedelta(days=1)
            return start, _day_in(*_month_after(day.year, day.month), self.cutoff_day)
        before = _day_in(*_month_before(day.year, day.month), self.cutoff_day)
        return before + timedelta(days=1), end


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


STANDBY_CODE = "standby"  # hours on standby: not hours worked, paid at the standby rate


@dataclass(frozen=True, slots=True)
class PayLine:
    """One agent's hours of one pay code in one pay period, and what they cost."""

    agent: Agent
    period_start: date
    period_end: date
    code: PayCode | str  # a pay code of hours worked, or STANDBY_CODE for hours on standby
    minutes: int
    weighted_minutes: float  # minutes × the premium each is paid at
    premiums: Premiums

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def amount(self) -> float:
        return self.weighted_minutes / 60 * self.agent.hourly_cost

    @property
    def rate(self) -> float:
        """Hourly cost × the code's premium; for overtime the average of its hours; for
        standby hourly cost × the standby rate."""
        if not isinstance(self.code, PayCode):
            return self.agent.hourly_cost * self.premiums.standby_rate
        premium = code_premium(self.code, self.premiums)
        if premium is None:
            return self.amount / self.hours if self.minutes else 0.0
        return self.agent.hourly_cost * premium

    @property
    def currency(self) -> str:
        return self.agent.currency


def day_order(rows: Sequence[ShiftHours], agent_order: dict[str, int]) -> list[DayHours]:
    """Every piece of every shift, by agent (in ``agent_order``) then local day: each agent's
    weeks, months and pay periods are runs of consecutive pieces."""
    keyed = [((agent_order[r.agent.id], p.day, i), p) for i, r in enumerate(rows)
             for p in r.pieces]
    keyed.sort(key=lambda item: item[0])  # the keys are unique: (row, day) is one piece
    return [p for _, p in keyed]


def pay_lines(scenario: Scenario, rows: Sequence[ShiftHours],
              periods: PayPeriods = PayPeriods()) -> list[PayLine]:
    """Per agent (team order), pay period and pay code (in :data:`PAY_CODES` order), the codes
    with hours only; then the hours on standby (code ``standby``), paid at the standby rate."""
    agents = {a.id: a for a in scenario.agents}
    order = {a.id: i for i, a in enumerate(scenario.agents)}
    lines: list[PayLine] = []
    for (agent_id, (start, end)), pieces in _runs(day_order(rows, order), periods):
        for i, code in enumerate(PAY_CODES):
            minutes = sum(p.pay.minutes[i] for p in pieces)
            if minutes:
                lines.append(PayLine(agents[agent_id], start, end, code, minutes,
                                     sum(p.pay.weighted[i] for p in pieces),
                                     scenario.team.premiums))
        standby = sum(p.standby_minutes for p in pieces)
        if standby:
            lines.append(PayLine(agents[agent_id], start, end, STANDBY_CODE, standby,
                                 sum(p.paid_minutes for p in pieces if p.standby_minutes),
                                 scenario.team.premiums))
    return lines


def _runs(pieces: Iterable[DayHours], periods: PayPeriods,
          ) -> list[tuple[tuple[str, tuple[date, date]], list[DayHours]]]:
    runs: list[tuple[tuple[str, tuple[date, date]], list[DayHours]]] = []
    for piece in pieces:
        key = (piece.agent_id, periods.period_of(piece.day))
        if runs and runs[-1][0] == key:
            runs[-1][1].append(piece)
        else:
            runs.append((key, [piece]))
    return runs


def plan_share(period: Period, start: date, end: date) -> str:
    """Empty when the plan's period holds the whole pay period ``start``..``end``; else which
    part of it the plan covers (its figures are then a part of the period's pay)."""
    first, last = max(start, period.first_day), min(end, period.last_day)
    if first <= start and last >= end:
        return ""
    if first > last:
        return "none: hours of shifts that began in the plan's period"
    return f"{first.isoformat()} to {last.isoformat()} only"


PAYROLL_COLUMNS = ("employee_number", "agent_id", "agent", "period_start", "period_end", "code",
                   "hours", "rate", "amount", "currency")


def cents(value: float) -> str:
    """An amount rounded half up to the cent: ``225.00``."""
    return str(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def build_payroll_csv(scenario: Scenario, plan: Plan, *,
                      periods: PayPeriods = PayPeriods(),
                      rows: Sequence[ShiftHours] | None = None) -> bytes:
    rows = plan_hours(scenario, plan) if rows is None else rows
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PAYROLL_COLUMNS)
    for line in pay_lines(scenario, rows, periods):
        writer.writerow([
            safe_text(line.agent.employee_number), safe_text(line.agent.id),
            safe_text(line.agent.label), line.period_start.isoformat(),
            line.period_end.isoformat(), str(line.code), decimal(line.hours, 2, 4),
            decimal(line.rate, 2, 4), cents(line.amount), line.currency,
        ])
    return (BOM + buffer.getvalue()).encode("utf-8")
