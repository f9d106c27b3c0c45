"""The workbook's Warnings sheet: agents under their contract's weekly minimum, with the hours
missing, written by the export service from the checker's warnings."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import openpyxl

from coverage_app.services.exporting import export_workbook
from exports.xlsx import build_workbook
from models.domain import Period, Plan
from solver.check import under_minimum_hours
from tests.exports.sheets import header_row, records
from tests.solver.factory import agent, contract, scenario, shift

NOW = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
MONDAY = date(2026, 3, 2)


def _team_and_plan():  # type: ignore[no-untyped-def]
    sc = scenario([agent("ann"), agent("bob")], the_contract=contract(min_hours_per_week=32.0))
    plan = Plan(Period(MONDAY, 7), (*(shift("ann", MONDAY.replace(day=2 + i), 8, 8)
                                      for i in range(4)),  # 32 h: at the minimum
                                    shift("bob", MONDAY, 8, 6)))  # 6 h: 26 h missing
    return sc, plan


def test_the_warnings_sheet_lists_agents_under_the_minimum(tmp_path):
    sc, plan = _team_and_plan()
    path = export_workbook(sc, plan, tmp_path / "hours.xlsx", now=NOW)
    book = openpyxl.load_workbook(path, data_only=True)
    rows = records(book["Warnings"])
    assert [(r["Agent"], r["Week"], r["Worked hours"], r["Minimum hours"], r["Hours missing"])
            for r in rows] == [("Bob", "2026-W10", 6.0, 32.0, 26.0)]
    assert "26 h missing" in str(rows[0]["What"])
    formulas = openpyxl.load_workbook(path, data_only=False)
    sheet = formulas["Warnings"]
    first = header_row(sheet) + 1
    assert sheet[f"F{first}"].value == f"=E{first}-D{first}"  # minimum minus worked


def test_without_warnings_given_the_sheet_says_it_did_not_check():
    sc, plan = _team_and_plan()
    unchecked = openpyxl.load_workbook(io.BytesIO(build_workbook(sc, plan, now=NOW)))
    texts = [c.value for row in unchecked["Warnings"].iter_rows() for c in row if c.value]
    assert "Minimum hours were not checked for this workbook." in texts
    fine = Plan(plan.period, ())
    none = build_workbook(scenario([agent("ann")]), fine, now=NOW,
                          warnings=under_minimum_hours(scenario([agent("ann")]), fine))
    texts = [c.value for row in openpyxl.load_workbook(io.BytesIO(none))["Warnings"].iter_rows()
             for c in row if c.value]
    assert any(str(t).startswith("No warnings") for t in texts)
