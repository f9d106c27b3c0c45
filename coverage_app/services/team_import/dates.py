"""Days written in a sheet: ISO dates, Excel serial numbers (1900 or 1904 date system) and
day/month/year or month/day/year, which is refused when it could be read both ways unless the
user has said which order the file uses."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from datetime import date, datetime

from openpyxl.utils.datetime import from_excel

from coverage_app.services.team_import.files import EXCEL_1900_EPOCH

# Serial numbers are plausible time off only between these years; outside, they are a number
# typed into a date column by mistake (5 would be 5 January 1900).
SERIAL_YEARS = range(1970, 2200)
EXAMPLE = "write dates as 2026-12-25 (year-month-day)"


class DateOrder(enum.StrEnum):
    """How to read 03/04/2026."""

    AUTO = "auto"  # only when the reading is unambiguous (25/12/2026, 12/25/2026)
    DAY_MONTH = "day-month"
    MONTH_DAY = "month-day"

    @property
    def label(self) -> str:
        return {"auto": "automatic", "day-month": "day/month/year",
                "month-day": "month/day/year"}[self.value]


class BadDate(ValueError):
    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion


class AmbiguousDate(BadDate):
    """Both day/month and month/day give a real day."""


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]0?0:00(?::00)?)?")
_ISO_WITH_TIME = re.compile(r"\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}.*")
_YEAR_FIRST = re.compile(r"(\d{4})([./])(\d{1,2})\2(\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?:\s+0?0:00(?::00)?)?")
_SERIAL = re.compile(r"\d+(?:\.\d+)?")


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def parse_day(text: str, order: DateOrder = DateOrder.AUTO,
              epoch: datetime | None = None) -> date:
    """The day ``text`` names; :class:`BadDate` (with a suggestion) when it names none or,
    with ``DateOrder.AUTO``, when day/month and month/day would both be a day."""
    text = text.strip()
    if not text:
        raise BadDate("no date given", EXAMPLE)
    if match := _ISO.fullmatch(text):
        return _day(int(match[1]), int(match[2]), int(match[3]), text)
    if _ISO_WITH_TIME.fullmatch(text):
        raise BadDate("time off is whole days, this has a time of day",
                      f"write the day only: {text[:10]}")
    if match := _YEAR_FIRST.fullmatch(text):
        return _day(int(match[1]), int(match[3]), int(match[4]), text)
    if match := _DAY_MONTH.fullmatch(text):
        return _day_or_month_first(match, order, text)
    if _SERIAL.fullmatch(text):
        return _serial(text, epoch)
    raise BadDate("is not a date", EXAMPLE)


def _day(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise BadDate(f"there is no such day ({error})", EXAMPLE) from None


def _day_or_month_first(match: re.Match[str], order: DateOrder, text: str) -> date:
    first, sep, second, year_text = int(match[1]), match[2], int(match[3]), match[4]
    if len(year_text) == 2:
        raise BadDate("the year has only two digits",
                      f"write the year in full, e.g. {match[1]}{sep}{match[3]}{sep}20{year_text}")
    year = int(year_text)
    if order is DateOrder.DAY_MONTH:
        return _in_order(year, second, first, order)
    if order is DateOrder.MONTH_DAY:
        return _in_order(year, first, second, order)
    readings = []
    for month, day in ((second, first), (first, second)):
        try:
            readings.append(date(year, month, day))
        except ValueError:
            continue
    if not readings:
        raise BadDate("is not a day in either day/month or month/day order", EXAMPLE)
    if len(set(readings)) > 1:
        raise AmbiguousDate(
            f"{text!r} could be {_long(readings[0])} (day/month) or {_long(readings[1])} "
            f"(month/day)", "choose the date order the file uses (day/month or month/day), "
                            "or " + EXAMPLE)
    return readings[0]


def _in_order(year: int, month: int, day: int, order: DateOrder) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        other = "month/day" if order is DateOrder.DAY_MONTH else "day/month"
        raise BadDate(f"is not a day when read as {order.label}",
                      f"if the file writes dates as {other}, choose that order") from None


def _serial(text: str, epoch: datetime | None) -> date:
    number = float(text)
    if not number.is_integer():
        raise BadDate("is not a date (a serial number with a time of day)", EXAMPLE)
    try:
        instant: datetime = from_excel(int(number), epoch or EXCEL_1900_EPOCH)
    except (OverflowError, ValueError):
        raise BadDate("is not a date", EXAMPLE) from None
    day = instant.date()
    if day.year not in SERIAL_YEARS:
        raise BadDate(f"is not a date (as an Excel serial number it would be {day})", EXAMPLE)
    return day


def order_in_use(texts: Iterable[str]) -> tuple[DateOrder, str] | None:
    """The order that the unambiguous day/month dates among ``texts`` all agree on, with one of
    them as the example; None when there is none or they disagree."""
    found: dict[DateOrder, str] = {}
    for text in texts:
        match = _DAY_MONTH.fullmatch(text.strip())
        if not match or len(match[4]) != 4:
            continue
        first, second = int(match[1]), int(match[3])
        if first > 12 >= second:
            found.setdefault(DateOrder.DAY_MONTH, text.strip())
        elif second > 12 >= first:
            found.setdefault(DateOrder.MONTH_DAY, text.strip())
    if len(found) != 1:
        return None
    ((order, example),) = found.items()
    return order, example
