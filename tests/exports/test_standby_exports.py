"""Standby in the calendars and the workbook: a standby shift's event says "Standby" and the
requirement, and updates like any other; the workbook shows standby hours in their own column,
paid at the standby rate, and every total (Summary, Weekly, Pay codes) adds them up."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import openpyxl
import pytest

from exports.ics import TEAM, build_calendars, uid_for
from exports.xlsx import build_workbook
from models.domain import Plan, Scenario, ShiftKind
from tests.exports.libreoffice import convert_sheets_to_csv
from tests.exports.sheets import records
from tests.solver.test_standby import desk, night_by_standby

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=1)
RATE = 0.25  # the desk's standby rate (the default)
STANDBY_COST = 8 * 20.0 * RATE  # eight hours on standby at 20 an hour


def events(files: list, calendar: str) -> dict[str, icalendar.Event]:
    data = next(f for f in files if f.calendar == calendar).data
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_a_standby_event_says_standby_and_the_requirement():
    files = build_calendars(desk(), night_by_standby(), {}, now=NOW)
    cat = events(files, "cat")[uid_for("cat", "cat-0-sb")]
    assert str(cat["SUMMARY"]) == "Standby: Tier 2"
    assert "at work within 30 minutes of a call" in str(cat["DESCRIPTION"])
    team = events(files, TEAM)[uid_for(TEAM, "cat-0-sb")]
    assert str(team["SUMMARY"]) == "Cat: Standby: Tier 2"
    ann = events(files, "ann")[uid_for("ann", "ann-8")]
    assert "Standby" not in str(ann["SUMMARY"])


def test_a_standby_shift_moved_or_turned_into_duty_updates_its_event():
    sc = desk()
    plan = night_by_standby()
    first = build_calendars(sc, plan, {}, now=NOW)
    ledger = {f.calendar: {e.shift_id: e for e in f.events} for f in first}
    shifts = list(plan.shifts)
    # Bob's standby becomes a shift on duty; Cat's standby moves an hour later.
    shifts[2] = dataclasses.replace(shifts[2], kind=ShiftKind.ON_DUTY, duty=None)
    shifts[0] = dataclasses.replace(shifts[0], start=shifts[0].start + timedelta(hours=1),
                                    end=shifts[0].end + timedelta(hours=1))
    second = build_calendars(sc, dataclasses.replace(plan, shifts=tuple(shifts)), ledger,
                             now=LATER)
    bob = events(second, "bob")[uid_for("bob", "bob-16-sb")]
    assert int(bob["SEQUENCE"]) == 1
    assert "Standby" not in str(bob["SUMMARY"])
    cat = events(second, "cat")[uid_for("cat", "cat-0-sb")]
    assert (int(cat["SEQUENCE"]), str(cat["SUMMARY"])) == (1, "Standby: Tier 2")
    assert cat.decoded("DTSTART") == shifts[0].start


def workbook(sc: Scenario, plan: Plan) -> bytes:
    return build_workbook(sc, plan, now=NOW)


def test_the_workbook_shows_standby_hours_in_their_own_column_at_the_standby_rate():
    book = openpyxl.load_workbook(io.BytesIO(workbook(desk(), night_by_standby())),
                                  data_only=True)
    shifts = {r["Shift id"]: r for r in records(book["Shifts"])}
    standby = shifts["cat-0-sb"]
    assert (standby["Real hours"], standby["Standby hours"]) == (0, 8)
    assert standby["Cost"] == pytest.approx(STANDBY_COST)
    assert standby["Night hours"] in (0, None)
    worked = shifts["ann-8"]
    assert (worked["Real hours"], worked["Standby hours"]) == (8, 0)
    assert worked["Cost"] == pytest.approx(8 * 20.0)
    summary = {r["Agent id"]: r for r in records(book["Summary"])}
    assert summary["cat"]["Standby hours"] == 8
    assert summary["cat"]["Real hours"] == 0
    assert summary["cat"]["Cost"] == pytest.approx(STANDBY_COST)
    weekly = {r["Agent id"]: r for r in records(book["Weekly"])}
    assert weekly["bob"]["Standby hours"] == 8
    assert weekly["bob"]["Cost"] == pytest.approx(STANDBY_COST)
    codes = [r for r in records(book["Pay codes"]) if r["Agent id"] == "cat"]
    assert [(r["Pay code"], r["Hours"], r["Amount"]) for r in codes] == [
        ("standby", 8, pytest.approx(STANDBY_COST))]
    assert codes[0]["Rate"] == pytest.approx(20.0 * RATE)


def test_libreoffice_recalculates_the_standby_totals(tmp_path: Path):
    path = tmp_path / "hours.xlsx"
    path.write_bytes(workbook(desk(), night_by_standby()))
    sheets = convert_sheets_to_csv(path, tmp_path)
    summary = sheets["Summary"]
    header = next(i for i, row in enumerate(summary) if row and row[0] == "Agent")
    columns = summary[header]
    rows = {row[columns.index("Agent id")]: row for row in summary[header + 1:]
            if len(row) > 1 and row[columns.index("Agent id")]}
    standby, cost = columns.index("Standby hours"), columns.index("Cost")
    assert float(rows["cat"][standby]) == 8
    assert float(rows["cat"][cost]) == pytest.approx(STANDBY_COST)
    assert float(rows["ann"][cost]) == pytest.approx(160.0)
    total = next(row for row in summary if row and row[0] == "All agents")
    assert float(total[standby]) == 16


def test_the_payroll_file_pays_standby_at_the_standby_rate():
    from exports.payroll import build_payroll_csv

    text = build_payroll_csv(desk(), night_by_standby()).decode("utf-8-sig")
    lines = [line.split(",") for line in text.splitlines()[1:]]
    by_agent = {line[1]: line for line in lines}
    assert len(lines) == 3
    assert by_agent["ann"][5:9] == ["regular", "8.00", "20.00", "160.00"]
    assert by_agent["cat"][5:9] == ["standby", "8.00", "5.00", "40.00"]
