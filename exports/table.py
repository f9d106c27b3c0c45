"""The columns of the Shifts table, shared by the workbook's Shifts sheet and the CSV file."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from exports.hours import ShiftHours


class Kind(enum.Enum):
    TEXT = "text"
    INT = "int"
    HOURS = "hours"  # decimal hours, two places shown
    MONEY = "money"
    RATE = "rate"  # a multiplier or an hourly cost
    DATE = "date"
    LOCAL_DATETIME = "local"  # a wall-clock reading in the zone named in the row
    UTC_DATETIME = "utc"
    MONTH = "month"


Value = str | int | float | date | datetime


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    kind: Kind
    get: Callable[[ShiftHours], Value]
    width: float = 12


SHIFT_COLUMNS: tuple[Column, ...] = (
    Column("agent", "Agent", Kind.TEXT, lambda r: r.agent.label, 22),
    Column("local_date", "Local date", Kind.DATE, lambda r: r.local_date, 11),
    Column("local_start", "Local start", Kind.LOCAL_DATETIME, lambda r: r.local_start, 16),
    Column("local_end", "Local end", Kind.LOCAL_DATETIME, lambda r: r.local_end, 16),
    Column("zone", "Zone", Kind.TEXT, lambda r: r.zone, 19),
    Column("utc_start", "UTC start", Kind.UTC_DATETIME, lambda r: r.shift.start, 16),
    Column("utc_end", "UTC end", Kind.UTC_DATETIME, lambda r: r.shift.end, 16),
    Column("hours", "Hours", Kind.HOURS, lambda r: r.hours, 8),
    Column("night_hours", "Night hours", Kind.HOURS, lambda r: r.night_hours, 8),
    Column("weekend_hours", "Weekend hours", Kind.HOURS, lambda r: r.weekend_hours, 9),
    Column("holiday_hours", "Holiday hours", Kind.HOURS, lambda r: r.holiday_hours, 9),
    Column("dst_adjustment", "DST adjustment", Kind.HOURS, lambda r: r.dst_adjustment_hours, 10),
    Column("duty", "Duty", Kind.TEXT, lambda r: r.duty, 18),
    Column("paid_hours", "Paid hours", Kind.HOURS, lambda r: r.paid_hours, 9),
    Column("hourly_cost", "Hourly cost", Kind.RATE, lambda r: r.hourly_cost, 9),
    Column("cost", "Cost", Kind.MONEY, lambda r: r.cost, 11),
    Column("currency", "Currency", Kind.TEXT, lambda r: r.currency, 8),
    Column("holiday", "Public holiday", Kind.TEXT, lambda r: ", ".join(r.holiday_names), 18),
    Column("agent_id", "Agent id", Kind.TEXT, lambda r: r.agent.id, 14),
    Column("shift_id", "Shift id", Kind.TEXT, lambda r: r.shift.id, 22),
)


def column_index(key: str, columns: tuple[Column, ...] = SHIFT_COLUMNS) -> int:
    return next(i for i, c in enumerate(columns) if c.key == key)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
