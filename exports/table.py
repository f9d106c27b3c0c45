"""The columns of the Shifts table, shared by the workbook's Shifts sheet and the CSV file.

The columns finance reads first come first: the printed page of the Shifts sheet ends with
``status``; the columns after it (employee number, DST adjustment, hourly cost, holiday names,
duty, ids) are on screen and in the CSV only, so that the page stays readable. ``duration`` is
the workbook's own (a formula over the UTC times).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from exports.hours import ShiftHours
from models.domain import ShiftOrigin


class Kind(enum.Enum):
    TEXT = "text"
    INT = "int"
    HOURS = "hours"  # decimal hours, two places shown
    MONEY = "money"
    RATE = "rate"  # a multiplier or an hourly cost
    DATE = "date"
    LOCAL_DATETIME = "local"  # a wall-clock reading in the zone named in the row
    LOCAL_TIME = "local_time"  # the same, showing the time of day only
    UTC_DATETIME = "utc"
    DURATION = "duration"  # elapsed time as hours and minutes, 9:00
    MONTH = "month"


Value = str | int | float | date | datetime


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    kind: Kind
    get: Callable[[ShiftHours], Value]
    width: float = 12
    in_csv: bool = True


def shift_status(row: ShiftHours) -> str:
    """How the shift came about: ``planned``, ``hand edit``, ``rule break kept``, ``locked``."""
    shift = row.shift
    words = ("rule break kept" if shift.is_override else
             "hand edit" if shift.origin is ShiftOrigin.MANUAL else "planned")
    return f"{words}, locked" if shift.locked else words


SHIFT_COLUMNS: tuple[Column, ...] = (
    Column("agent", "Agent", Kind.TEXT, lambda r: r.agent.label, 16),
    Column("country", "Country", Kind.TEXT, lambda r: r.agent.country, 7),
    Column("zone", "Zone", Kind.TEXT, lambda r: r.zone, 16),
    Column("local_start", "Local start", Kind.LOCAL_DATETIME, lambda r: r.local_start, 16),
    Column("local_end", "Local end", Kind.LOCAL_TIME, lambda r: r.local_end, 6),
    Column("utc_start", "UTC start", Kind.UTC_DATETIME, lambda r: r.shift.start, 16),
    Column("utc_end", "UTC end", Kind.UTC_DATETIME, lambda r: r.shift.end, 16),
    Column("duration", "Duration (h:mm)", Kind.DURATION, lambda r: r.minutes / 1440, 8,
           in_csv=False),
    Column("hours", "Real hours", Kind.HOURS, lambda r: r.hours, 6),
    Column("nominal_hours", "Nominal hours", Kind.HOURS, lambda r: r.nominal_hours, 8),
    Column("night_hours", "Night hours", Kind.HOURS, lambda r: r.night_hours, 6),
    Column("weekend_hours", "Weekend hours", Kind.HOURS, lambda r: r.weekend_hours, 8),
    Column("holiday_hours", "Holiday hours", Kind.HOURS, lambda r: r.holiday_hours, 7),
    Column("overtime_hours", "Overtime hours", Kind.HOURS, lambda r: r.overtime_hours, 8),
    Column("standby_hours", "Standby hours", Kind.HOURS, lambda r: r.standby_hours, 8),
    Column("premium_weighted_hours", "Premium-weighted hours", Kind.HOURS,
           lambda r: r.paid_hours, 9),
    Column("cost", "Cost", Kind.MONEY, lambda r: r.cost, 10),
    Column("currency", "Currency", Kind.TEXT, lambda r: r.currency, 8),
    Column("status", "Status", Kind.TEXT, shift_status, 11),
    # Not printed:
    Column("employee_number", "Employee no.", Kind.TEXT, lambda r: r.agent.employee_number, 9),
    Column("dst_adjustment", "DST adjustment", Kind.HOURS, lambda r: r.dst_adjustment_hours, 10),
    Column("hourly_cost", "Hourly cost", Kind.RATE, lambda r: r.hourly_cost, 8),
    Column("holiday", "Public holiday", Kind.TEXT, lambda r: ", ".join(r.holiday_names), 18),
    Column("duty", "Duty", Kind.TEXT, lambda r: r.duty, 18),
    Column("local_date", "Local date", Kind.DATE, lambda r: r.local_date, 11),
    Column("agent_id", "Agent id", Kind.TEXT, lambda r: r.agent.id, 14),
    Column("shift_id", "Shift id", Kind.TEXT, lambda r: r.shift.id, 22),
)
CSV_COLUMNS = tuple(c for c in SHIFT_COLUMNS if c.in_csv)


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


PRINTED_SHIFT_COLUMNS = column_index("status") + 1
