"""The workbook's coverage sheet with a response-time requirement: a hole shorter than the
allowance shows who was there (nobody) but nothing missing; a longer one is missing."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime, time

import openpyxl

from exports.xlsx import build_workbook
from solver.gaps import explain_gaps
from tests.exports.sheets import records
from tests.solver.test_response_allowance import hand_made, team

NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def _coverage_rows(second_from: time) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    sc = team(60, second_from)
    plan = hand_made(second_from)
    plan = dataclasses.replace(plan, gaps=explain_gaps(sc, plan, proven=False))
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(sc, plan, now=NOW)),
                                  data_only=True)
    return records(book["Coverage"]), records(book["Gaps"])


def test_a_45_minute_hole_is_on_the_sheet_but_not_missing() -> None:
    rows, gaps = _coverage_rows(time(12, 45))
    empty = [r for r in rows if r["Scheduled"] == 0]
    assert [(r["Start (UTC)"].time(), r["End (UTC)"].time()) for r in empty] == [  # type: ignore[union-attr]
        (time(12), time(12, 45)), (time(16, 45), time(17))]
    assert all(r["Missing"] == 0 for r in rows)
    assert gaps == []


def test_a_75_minute_hole_is_missing_for_its_whole_length() -> None:
    rows, gaps = _coverage_rows(time(13, 15))
    missing = [r for r in rows if r["Missing"]]
    assert [(r["Start (UTC)"].time(), r["End (UTC)"].time(), r["Missing"])  # type: ignore[union-attr]
            for r in missing] == [(time(12), time(13, 15), 1)]
    assert [(g["Requirement"], g["Missing"], g["Hours"]) for g in gaps] == [("E-mail", 1, 1.25)]
