"""Shifts as CSV: BOM, ISO 8601 instants, decimal hours with a dot, no formulas."""

from __future__ import annotations

import csv
import io

from exports.csvfile import build_csv, decimal
from exports.table import CSV_COLUMNS
from tests.exports import sample


def rows() -> list[dict[str, str]]:
    data = build_csv(sample.scenario(), sample.plan())
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_same_columns_as_the_shifts_sheet_and_one_row_per_shift():
    table = rows()
    assert list(table[0]) == [c.key for c in CSV_COLUMNS]
    assert len(table) == len(sample.shifts())


def test_instants_are_iso_8601_and_hours_use_a_dot():
    night = next(r for r in rows() if r["shift_id"] == "maria-1031")
    assert night["utc_start"] == "2026-11-01T02:00:00Z"
    assert night["utc_end"] == "2026-11-01T11:00:00Z"
    assert night["local_start"] == "2026-10-31T22:00:00-04:00"
    assert night["local_end"] == "2026-11-01T06:00:00-05:00"
    assert night["hours"] == "9.00"
    assert night["nominal_hours"] == "8.00"
    assert night["dst_adjustment"] == "1.00"
    assert night["premium_weighted_hours"] == "13.50"
    assert night["overtime_hours"] == "0.00"
    assert (night["country"], night["status"], night["employee_number"]) == ("US", "planned", "")
    assert "paid_hours" not in night  # premium-weighted hours are not hours paid
    assert night["cost"] == "540.00"
    assert night["agent"] == "María López"
    spring = next(r for r in rows() if r["shift_id"] == "liam-1003")
    assert spring["dst_adjustment"] == "-1.00"  # a number keeps its sign


def test_employee_numbers_stay_text():
    import dataclasses

    scenario = sample.scenario()
    agents = tuple(dataclasses.replace(a, employee_number="00042" if a.id == "kadri" else "-7")
                   for a in scenario.agents)
    data = build_csv(dataclasses.replace(scenario, agents=agents), sample.plan())
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert {r["employee_number"] for r in table if r["agent_id"] == "kadri"} == {"00042"}
    assert {r["employee_number"] for r in table if r["agent_id"] == "lena"} == {"'-7"}


def test_formula_like_text_is_defused():
    inject = next(r for r in rows() if r["agent_id"] == "inject")
    assert inject["agent"] == "'" + sample.INJECTION


def test_decimal_keeps_precision_only_when_needed():
    assert [decimal(9), decimal(8.25), decimal(1 / 3)] == ["9.00", "8.25", "0.3333"]

