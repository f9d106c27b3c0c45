"""The workbook's hours sheets: Shifts, Days, Weekly, Monthly and Pay codes.

Totals stay cheap to recalculate: Shifts are sorted by agent, then start, and Days (each shift's
hours split to the local day they were worked) by agent, then day, so every total is a ``SUM``
over one contiguous block of rows: an agent's shifts, or an agent's days of one week, month or
pay period. No formula searches a whole column.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from exports.hours import DayHours, ShiftHours
from exports.paycodes import PayCode, code_premium
from exports.payroll import STANDBY_CODE, PayPeriods, day_order, plan_share
from exports.table import PRINTED_SHIFT_COLUMNS, SHIFT_COLUMNS, Kind, column_index, column_letter
from exports.xlsx_cells import Formula, SheetColumn, block, serial_utc
from exports.xlsx_title import Book
from models.domain import Agent, Plan, Scenario


@dataclass(frozen=True, slots=True)
class Rows:
    """Rows ``first``..``last`` (1-based, as formulas name them) of one sheet."""

    first: int
    last: int

    def sum(self, sheet: str, col: int) -> str:
        return f"=SUM({block(sheet, col, self.first, self.last)})"


# --------------------------------------------------------------------------------------------
# Shifts
# --------------------------------------------------------------------------------------------

_DURATION = column_index("duration")
_UTC_START, _UTC_END = column_index("utc_start"), column_index("utc_end")


def write_shifts(book: Book, rows: Sequence[ShiftHours]) -> dict[str, Rows]:
    """One row per shift; returns each agent's block of rows."""
    sheet = book.sheet("Shifts", [SheetColumn(c.header, c.kind, c.width)
                                  for c in SHIFT_COLUMNS],
                       print_columns=PRINTED_SHIFT_COLUMNS)
    getters = [c.get for c in SHIFT_COLUMNS]
    start, end = column_letter(_UTC_START), column_letter(_UTC_END)
    duration = f"={end}{{r}}-{start}{{r}}"  # real elapsed time, from the UTC instants
    blocks: dict[str, Rows] = {}
    for row in rows:
        values: list[object] = [get(row) for get in getters]
        values[_DURATION] = Formula(duration, serial_utc(row.shift.end)
                                    - serial_utc(row.shift.start))
        r = sheet.write(values)  # type: ignore[arg-type]
        mine = blocks.get(row.agent.id)
        blocks[row.agent.id] = Rows(mine.first if mine else r + 1, r + 1)
    sheet.finish()
    return blocks


# --------------------------------------------------------------------------------------------
# Days
# --------------------------------------------------------------------------------------------

_DAY_COLUMNS: tuple[tuple[str, SheetColumn, Callable[[DayHours], object] | None], ...] = (
    ("agent", SheetColumn("Agent", Kind.TEXT, 16), None),
    ("employee_number", SheetColumn("Employee no.", Kind.TEXT, 9), None),
    ("day", SheetColumn("Local date", Kind.DATE, 11), lambda p: p.day),
    ("week", SheetColumn("ISO week", Kind.TEXT, 9), lambda p: p.week_label),
    ("week_start", SheetColumn("Week starts", Kind.DATE, 11), lambda p: p.week_start),
    ("month", SheetColumn("Month", Kind.MONTH, 8), lambda p: p.month_start),
    ("pay_period", SheetColumn("Pay period starts", Kind.DATE, 11), None),
    ("hours", SheetColumn("Real hours", Kind.HOURS, 7), lambda p: p.hours),
    ("night", SheetColumn("Night hours", Kind.HOURS, 7), lambda p: p.night_hours),
    ("weekend", SheetColumn("Weekend hours", Kind.HOURS, 8), lambda p: p.weekend_hours),
    ("holiday", SheetColumn("Holiday hours", Kind.HOURS, 8), lambda p: p.holiday_hours),
    ("overtime", SheetColumn("Overtime hours", Kind.HOURS, 9), lambda p: p.overtime_hours),
    ("standby", SheetColumn("Standby hours", Kind.HOURS, 8), lambda p: p.standby_hours),
    ("weighted", SheetColumn("Premium-weighted hours", Kind.HOURS, 9), lambda p: p.paid_hours),
    ("cost", SheetColumn("Cost", Kind.MONEY, 10), lambda p: p.cost),
    ("regular_code", SheetColumn("Pay code regular (h)", Kind.HOURS, 8),
     lambda p: p.pay.minutes_of(PayCode.REGULAR) / 60),
    ("night_code", SheetColumn("Pay code night (h)", Kind.HOURS, 8),
     lambda p: p.pay.minutes_of(PayCode.NIGHT) / 60),
    ("weekend_code", SheetColumn("Pay code weekend (h)", Kind.HOURS, 8),
     lambda p: p.pay.minutes_of(PayCode.WEEKEND) / 60),
    ("holiday_code", SheetColumn("Pay code holiday (h)", Kind.HOURS, 8),
     lambda p: p.pay.minutes_of(PayCode.HOLIDAY) / 60),
    ("overtime_cost", SheetColumn("Overtime cost", Kind.MONEY, 10),
     lambda p: p.pay.weighted_of(PayCode.OVERTIME) / 60 * p.hourly_cost),
    ("currency", SheetColumn("Currency", Kind.TEXT, 8), None),
    ("agent_id", SheetColumn("Agent id", Kind.TEXT, 14), lambda p: p.agent_id),
    ("shift_id", SheetColumn("Shift id", Kind.TEXT, 22), lambda p: p.shift_id),
)
DAY = {key: i for i, (key, _, _) in enumerate(_DAY_COLUMNS)}
# Columns that are mostly zero: a zero is left blank (SUM reads a blank as 0), which keeps a
# large team's workbook a fifth smaller and quicker to write and to recalculate.
_BLANK_WHEN_ZERO = tuple(DAY[k] for k in ("night", "weekend", "holiday", "overtime", "standby",
                                          "regular_code", "night_code", "weekend_code",
                                          "holiday_code", "overtime_cost"))
_CODE_COLUMN = {PayCode.REGULAR: DAY["regular_code"], PayCode.NIGHT: DAY["night_code"],
                PayCode.WEEKEND: DAY["weekend_code"], PayCode.HOLIDAY: DAY["holiday_code"],
                PayCode.OVERTIME: DAY["overtime"]}


K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class DaySheet:
    """The Days sheet as written: its pieces in row order and the number of the first row."""

    pieces: list[DayHours]
    values: list[list[object]]  # the cells of each piece, as written
    first_row: int  # 1-based

    def runs(self, key: Callable[[DayHours], K]) -> list[tuple[K, Rows]]:
        """Consecutive rows with the same ``key``, in order (an agent's week, month...)."""
        found: list[tuple[K, Rows]] = []
        for i, piece in enumerate(self.pieces):
            k, r = key(piece), self.first_row + i
            if found and found[-1][0] == k:
                found[-1] = (k, Rows(found[-1][1].first, r))
            else:
                found.append((k, Rows(r, r)))
        return found

    def total(self, rows: Rows, col: int) -> Formula:
        """``SUM`` of one column over ``rows``, with its value (summed as exactly as can be)."""
        first = rows.first - self.first_row
        cells = [v[col] for v in self.values[first:rows.last - self.first_row + 1]]
        value = math.fsum(float(c) for c in cells if isinstance(c, int | float))
        return Formula(rows.sum("Days", col), value)


def write_days(book: Book, scenario: Scenario, rows: Sequence[ShiftHours],
               periods: PayPeriods) -> DaySheet:
    sheet = book.sheet("Days", [c for _, c, _ in _DAY_COLUMNS],
                       print_columns=DAY["currency"] + 1)
    agents = {a.id: a for a in scenario.agents}
    order = {a.id: i for i, a in enumerate(scenario.agents)}
    pieces = day_order(rows, order)
    written: list[list[object]] = []
    first = sheet.first_data_row
    for p in pieces:
        agent = agents[p.agent_id]
        values = [get(p) if get else None for _, _, get in _DAY_COLUMNS]
        values[DAY["agent"]] = agent.label
        values[DAY["employee_number"]] = agent.employee_number
        values[DAY["pay_period"]] = periods.period_of(p.day)[0]
        values[DAY["currency"]] = agent.currency
        for col in _BLANK_WHEN_ZERO:
            if values[col] == 0:
                values[col] = None
        sheet.write(values)  # type: ignore[arg-type]
        written.append(values)
    sheet.finish()
    return DaySheet(pieces, written, first)


# --------------------------------------------------------------------------------------------
# Weekly and Monthly
# --------------------------------------------------------------------------------------------

_SUMMED = ("hours", "night", "weekend", "holiday", "overtime", "standby", "weighted", "cost")


def write_totals(book: Book, scenario: Scenario, days: DaySheet, *, weekly: bool) -> None:
    """Per agent per ISO week or calendar month (agent's zone): sums over the agent's days."""
    columns = [
        SheetColumn("Agent", Kind.TEXT, 18),
        SheetColumn("Employee no.", Kind.TEXT, 9),
        SheetColumn("ISO week" if weekly else "Month", Kind.TEXT, 9),
        SheetColumn("Week starts" if weekly else "Month starts",
                    Kind.DATE if weekly else Kind.MONTH, 11),
        SheetColumn("Real hours", Kind.HOURS, 8),
        SheetColumn("Night hours", Kind.HOURS, 8),
        SheetColumn("Weekend hours", Kind.HOURS, 9),
        SheetColumn("Holiday hours", Kind.HOURS, 9),
        SheetColumn("Overtime hours", Kind.HOURS, 9),
        SheetColumn("Standby hours", Kind.HOURS, 9),
        SheetColumn("Premium-weighted hours", Kind.HOURS, 10),
        SheetColumn("Cost", Kind.MONEY, 11),
        SheetColumn("Currency", Kind.TEXT, 8),
        SheetColumn("Agent id", Kind.TEXT, 14),
    ]
    sheet = book.sheet("Weekly" if weekly else "Monthly", columns,
                       print_columns=len(columns) - 1)
    agents = {a.id: a for a in scenario.agents}

    def key(p: DayHours) -> tuple[str, date]:
        return p.agent_id, p.week_start if weekly else p.month_start

    for (agent_id, start), rows in days.runs(key):
        agent = agents[agent_id]
        label = days.pieces[rows.first - days.first_row]
        sheet.write([agent.label, agent.employee_number,
                     label.week_label if weekly else f"{start:%Y-%m}", start,
                     *(days.total(rows, DAY[k]) for k in _SUMMED), agent.currency, agent.id])
    sheet.finish()


# --------------------------------------------------------------------------------------------
# Pay codes
# --------------------------------------------------------------------------------------------

PAY_CODE_COLUMNS = (
    SheetColumn("Agent", Kind.TEXT, 18),
    SheetColumn("Employee no.", Kind.TEXT, 9),
    SheetColumn("Pay code", Kind.TEXT, 10),
    SheetColumn("Period starts", Kind.DATE, 11),
    SheetColumn("Period ends", Kind.DATE, 11),
    SheetColumn("Hours", Kind.HOURS, 8),
    SheetColumn("Rate", Kind.RATE, 9),
    SheetColumn("Amount", Kind.MONEY, 12),
    SheetColumn("Currency", Kind.TEXT, 8),
    SheetColumn("Plan covers", Kind.TEXT, 30),
    SheetColumn("Agent id", Kind.TEXT, 14),
)


def write_pay_codes(book: Book, scenario: Scenario, plan: Plan, days: DaySheet,
                    periods: PayPeriods, *, existing: object = None) -> None:
    """One row per agent, pay period and pay code with hours: hours summed from Days, rate
    (hourly cost × the code's premium; overtime: amount ÷ hours) and amount. Hours on standby
    are a row of their own (code ``standby``, rate: hourly cost × the standby rate), so the
    amounts add up to the cost."""
    sheet = book.sheet("Pay codes", PAY_CODE_COLUMNS, existing=existing,
                       print_columns=len(PAY_CODE_COLUMNS) - 1)
    agents = {a.id: a for a in scenario.agents}
    premiums = scenario.team.premiums
    hours_col, rate_col, amount_col = (column_letter(i) for i in (5, 6, 7))

    def key(p: DayHours) -> tuple[str, tuple[date, date]]:
        return p.agent_id, periods.period_of(p.day)

    for (agent_id, (start, end)), rows in days.runs(key):
        agent = agents[agent_id]
        share = plan_share(plan.period, start, end)
        first = rows.first - days.first_row
        pieces = days.pieces[first:rows.last - days.first_row + 1]
        for code, col in _CODE_COLUMN.items():
            if not any(p.pay.minutes_of(code) for p in pieces):
                continue
            hours = days.total(rows, col)
            premium = code_premium(code, premiums)
            if premium is None:  # overtime: its hours keep their own premiums
                amount = days.total(rows, DAY["overtime_cost"])
                rate: float | Formula = Formula(f"={amount_col}{{r}}/{hours_col}{{r}}",
                                                amount.value / hours.value)
            else:
                rate = agent.hourly_cost * premium
                amount = Formula(f"={hours_col}{{r}}*{rate_col}{{r}}", hours.value * rate)
            sheet.write([agent.label, agent.employee_number, code.value, start, end, hours,
                         rate, amount, agent.currency, share or "whole period", agent.id])
        if any(p.standby_minutes for p in pieces):
            hours = days.total(rows, DAY["standby"])
            rate = agent.hourly_cost * premiums.standby_rate
            amount = Formula(f"={hours_col}{{r}}*{rate_col}{{r}}", hours.value * rate)
            sheet.write([agent.label, agent.employee_number, STANDBY_CODE, start, end, hours,
                         rate, amount, agent.currency, share or "whole period", agent.id])
    sheet.finish()


def agents_listed(scenario: Scenario, rows: Sequence[ShiftHours]) -> list[Agent]:
    """Active agents and every agent with a shift, in team order."""
    working = {r.agent.id for r in rows}
    return [a for a in scenario.agents if a.active or a.id in working]
