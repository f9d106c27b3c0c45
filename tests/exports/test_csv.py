"""Shifts as CSV: BOM, ISO 8601 instants, decimal hours with a dot, no formulas."""

from __future__ import annotations

import csv
import io

from exports.csvfile import build_csv, decimal
from exports.table import SHIFT_COLUMNS
from tests.exports import sample


def rows() -> list[dict[str, str]]:
    data = build_csv(sample.scenario(), sample.plan())
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_same_columns_as_the_shifts_sheet_and_one_row_per_shift():
    table = rows()
    assert list(table[0]) == [c.key for c in SHIFT_COLUMNS]
    assert len(table) == len(sample.shifts())


def test_instants_are_iso_8601_and_hours_use_a_dot():
    night = next(r for r in rows() if r["shift_id"] == "maria-1031")
    assert night["utc_start"] == "2026-11-01T02:00:00Z"
    assert night["utc_end"] == "2026-11-01T11:00:00Z"
    assert night["local_start"] == "2026-10-31T22:00:00-04:00"
    assert night["local_end"] == "2026-11-01T06:00:00-05:00"
    assert night["hours"] == "9.00"
    assert night["dst_adjustment"] == "1.00"
    assert night["cost"] == "540.00"
    assert night["agent"] == "María López"
    spring = next(r for r in rows() if r["shift_id"] == "liam-1003")
    assert spring["dst_adjustment"] == "-1.00"  # a number keeps its sign


def test_formula_like_text_is_defused():
    inject = next(r for r in rows() if r["agent_id"] == "inject")
    assert inject["agent"] == "'" + sample.INJECTION


def test_decimal_keeps_precision_only_when_needed():
    assert [decimal(9), decimal(8.25), decimal(1 / 3)] == ["9.00", "8.25", "0.3333"]

