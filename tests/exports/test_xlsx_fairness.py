"""The workbook's Fairness sheet: the solver's fairness report, read back with openpyxl."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import openpyxl
import pytest

from exports.xlsx import build_workbook
from models.domain import Period
from models.fairness import CarriedBalance
from solver.fairness import plan_fairness
from solver.types import SolveParams
from tests.app.rota_fakes import day_shifts_plan
from tests.exports.sheets import records

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_fairness_sheet_shows_each_agent_against_the_fair_share(demo) -> None:
    plan = day_shifts_plan(demo, SolveParams(Period(date(2026, 12, 7), 14)))
    carried = (CarriedBalance("igor-petrov", night_minutes=600),)
    report = plan_fairness(demo, plan, carried)
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(demo, plan, now=NOW,
                                                            fairness=report)))
    assert "Fairness" in book.sheetnames
    rows = {r["Agent id"]: r for r in records(book["Fairness"])}
    assert set(rows) == {a.id for a in demo.active_agents()}
    kadri = report.agent("kadri-tamm")
    assert kadri is not None
    assert rows["kadri-tamm"]["Hours"] == pytest.approx(kadri.hours.minutes / 60)
    assert rows["kadri-tamm"]["Hours, fair share"] == pytest.approx(kadri.hours.share / 60)
    igor = rows["igor-petrov"]
    assert igor["Carried, night"] == pytest.approx(10.0)
    assert igor["Balance after, night"] == pytest.approx(
        igor["Night hours"] - igor["Night hours, fair share"] + 10.0)


def test_without_a_report_there_is_no_fairness_sheet(demo) -> None:
    plan = day_shifts_plan(demo, SolveParams(Period(date(2026, 12, 7), 7)))
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(demo, plan, now=NOW)))
    assert "Fairness" not in book.sheetnames
