"""Shifts as CSV: the Shifts sheet's columns (less the duration formula), for scripts and for
Excel. Employee numbers are text, as written.

UTF-8 with a byte-order mark (so Excel opens accents right), RFC 4180 quoting and CRLF rows,
ISO 8601 instants (UTC with ``Z``, local times with their offset), decimal hours with a dot.
Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return) is prefixed with an apostrophe, as OWASP advises; numbers never are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime

from exports.hours import ShiftHours, plan_hours
from exports.table import CSV_COLUMNS, Kind, Value
from models.domain import Plan, Scenario

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text a spreadsheet will show, never run."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def decimal(value: float, places: int = 2, most: int = 4) -> str:
    """``9.00``, ``8.25``, ``0.3333``: at least ``places`` decimals, more only when needed."""
    text = f"{value:.{most}f}"
    head, _, tail = text.partition(".")
    tail = tail.rstrip("0").ljust(places, "0")
    return f"{head}.{tail}" if tail else head


def cell(kind: Kind, value: Value) -> str:
    if kind is Kind.TEXT:
        return safe_text(str(value))
    if isinstance(value, datetime):
        if kind is Kind.UTC_DATETIME:
            return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        if kind is Kind.INT:
            return str(int(value))
        return decimal(float(value), 2, 4 if kind is Kind.HOURS else 6)
    return safe_text(str(value))


def build_csv(scenario: Scenario, plan: Plan, rows: Sequence[ShiftHours] | None = None) -> bytes:
    rows = plan_hours(scenario, plan) if rows is None else rows
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.key for c in CSV_COLUMNS])
    for row in rows:
        writer.writerow([cell(c.kind, c.get(row)) for c in CSV_COLUMNS])
    return (BOM + buffer.getvalue()).encode("utf-8")
