"""The finance workbook: numbers are numbers, totals are formulas carrying their values, names
are never formulas, and LibreOffice recalculating gets the same figures."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

import openpyxl
import pytest

from exports.hours import agent_totals, monthly_totals, plan_hours, weekly_totals
from exports.xlsx import SHEETS, build_workbook
from models.coverage import coverage
from models.timerules import tzdata_version
from tests.exports import sample
from tests.exports.libreoffice import convert_sheets_to_csv

NOW = datetime(2026, 9, 30, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def data() -> bytes:
    return build_workbook(sample.scenario(), sample.plan(), now=NOW)


@pytest.fixture(scope="module")
def values(data):
    return openpyxl.load_workbook(io.BytesIO(data), data_only=True)


@pytest.fixture(scope="module")
def formulas(data):
    return openpyxl.load_workbook(io.BytesIO(data), data_only=False)


def records(ws) -> list[dict[str, object]]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    return [dict(zip(header, row, strict=False)) for row in rows if row[0] is not None]


def test_sheets_are_named_frozen_and_filtered(formulas):
    assert formulas.sheetnames == list(SHEETS)
    for name in SHEETS:
        ws = formulas[name]
        assert len(name) <= 31
        assert ws.freeze_panes in ("A2", "B2"), name
        if name != "Rules":
            assert ws.auto_filter.ref, name
            assert ws.column_dimensions["A"].width >= 10


def test_shift_rows_show_local_and_utc_times_and_real_hours(values):
    shifts = {r["Shift id"]: r for r in records(values["Shifts"])}
    assert len(shifts) == len(sample.shifts())
    night = shifts["kadri-1024"]
    assert night["Local start"] == datetime(2026, 10, 24, 22, 0)
    assert night["Local end"] == datetime(2026, 10, 25, 6, 0)
    assert night["UTC start"] == datetime(2026, 10, 24, 19, 0)
    assert night["UTC end"] == datetime(2026, 10, 25, 4, 0)
    assert night["Local date"] == datetime(2026, 10, 24)
    assert (night["Hours"], night["DST adjustment"], night["Zone"]) == (9, 1, "Europe/Tallinn")
    assert shifts["liam-1003"]["Hours"] == 7
    assert shifts["liam-1005"]["Public holiday"] == "Labor Day"
    assert shifts["kadri-1005"]["Duty"] == "Phone duty"
    assert shifts["lena-1003"]["Cost"] == pytest.approx(480)


def test_numbers_are_numbers_with_number_formats(formulas):
    ws = formulas["Shifts"]
    header = [c.value for c in ws[1]]
    formats = {"Hours": "0.00", "Local date": "yyyy-mm-dd", "Local start": "yyyy-mm-dd hh:mm",
               "UTC end": "yyyy-mm-dd hh:mm", "Cost": "#,##0.00"}
    for name, number_format in formats.items():
        cell = ws.cell(row=2, column=header.index(name) + 1)
        assert cell.number_format == number_format, name
        assert cell.data_type in ("n", "f", "d"), name
    numeric = re.compile(r"^-?\d+([.,]\d+)?$")
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.data_type != "f":
                    assert not numeric.match(cell.value), (sheet.title, cell.coordinate)


def test_totals_are_formulas_whose_cached_values_equal_the_hours_module(values, formulas):
    rows = plan_hours(sample.scenario(), sample.plan())
    by_agent = agent_totals(rows)
    summary = {r["Agent id"]: r for r in records(values["Summary"]) if r["Agent id"]}
    for agent_id, total in by_agent.items():
        assert summary[agent_id]["Hours"] == pytest.approx(total.hours)
        assert summary[agent_id]["Night hours"] == pytest.approx(total.night_hours)
        assert summary[agent_id]["Holiday hours"] == pytest.approx(total.holiday_hours)
        assert summary[agent_id]["Cost"] == pytest.approx(total.cost)
    assert summary["liam"]["DST adjustment"] == -1
    assert summary["kadri"]["Shifts"] == 3
    weekly = {(r["Agent id"], r["ISO week"]): r["Hours"] for r in records(values["Weekly"])}
    assert weekly == pytest.approx({(t.agent_id, t.label): t.hours for t in weekly_totals(rows)})
    assert weekly[("lena", "2026-W44")] == 2  # Sunday night over a week border
    monthly = {(r["Agent id"], r["Month"]): r["Cost"] for r in records(values["Monthly"])}
    assert monthly == pytest.approx({(t.agent_id, t.label): t.cost for t in monthly_totals(rows)})
    for name, column in (("Summary", "F"), ("Weekly", "D"), ("Monthly", "I")):
        cell = formulas[name][f"{column}2"].value
        assert isinstance(cell, str), name
        assert cell.startswith(("=SUMIFS(", "=COUNTIFS(")), name
    all_agents = next(r for r in formulas["Summary"].iter_rows() if r[0].value == "All agents")
    assert str(all_agents[5].value).startswith("=SUM(")


def test_names_that_look_like_formulas_are_written_as_text(data, formulas):
    cells = [c for ws in formulas.worksheets for row in ws.iter_rows() for c in row
             if c.value == sample.INJECTION]
    assert len(cells) >= 3  # Summary, Shifts, Days, Weekly, Monthly...
    assert all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode()
                for formula in re.findall(r"<f>(.*?)</f>", xml):
                    assert "HYPERLINK" not in formula


def test_coverage_and_gaps_sheets(values, formulas):
    scenario, plan = sample.scenario(), sample.plan()
    cover = records(values["Coverage"])
    assert len(cover) == len(coverage(scenario, plan))
    missing = sum(r["Missing"] for r in cover)
    assert missing == sum(c.missing for c in coverage(scenario, plan))
    assert missing > 0
    assert formulas["Coverage"].conditional_formatting
    gaps = records(values["Gaps"])
    assert [(g["Requirement"], g["Missing"], g["Reason"]) for g in gaps] == [
        ("Phone duty", 1, "not available")]
    assert gaps[0]["Hours"] == 4.5


def test_rules_sheet_says_how_numbers_were_made(values):
    rules = {r[0]: r[1] for r in values["Rules"].iter_rows(min_row=2, values_only=True)}
    assert rules["Zone data (tzdata)"] == tzdata_version()
    assert rules["Plan"] == "plan-sample"
    assert rules["Night premium"] == 1.25
    assert "9 hours" in rules["Hours"]
    assert "Europe/Berlin" in " ".join(str(k) for k in rules)
    assert rules["Workbook made (UTC)"] == "2026-09-30 12:00"


def test_empty_plan_still_makes_a_valid_workbook():
    plan = sample.plan(())
    data = build_workbook(sample.scenario(), plan, now=NOW)
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    summary = records(book["Summary"])
    assert {r["Agent id"] for r in summary if r["Agent id"]} == {
        a.id for a in sample.scenario().agents}
    assert all(r["Hours"] == 0 for r in summary if r["Agent id"])


@pytest.mark.slow
def test_libreoffice_recalculates_to_the_cached_values(data, formulas, values, tmp_path):
    import xlsxwriter

    # A control: a formula whose cached value is wrong proves LibreOffice did recalculate.
    control = tmp_path / "control.xlsx"
    book = xlsxwriter.Workbook(str(control))
    book.add_worksheet("A").write_formula(0, 0, "=1+1", None, 5)
    book.close()
    assert convert_sheets_to_csv(control, tmp_path / "c")["A"] == [["2"]]

    path = tmp_path / "hours.xlsx"
    path.write_bytes(data)
    sheets = convert_sheets_to_csv(path, tmp_path / "w")
    checked = 0
    for ws in formulas.worksheets:
        recalculated = sheets[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cached = values[ws.title][cell.coordinate].value
                    got = float(recalculated[cell.row - 1][cell.column - 1])
                    assert got == pytest.approx(cached, rel=1e-9, abs=1e-9), (
                        ws.title, cell.coordinate, cell.value)
                    checked += 1
    assert checked > 100


def test_kept_rule_breaks_are_listed_on_the_rules_sheet():
    import dataclasses

    from models.domain import OVERRIDE_NOTE_PREFIX, ShiftOrigin

    plan = sample.plan()
    first = dataclasses.replace(plan.shifts[0], origin=ShiftOrigin.MANUAL,
                                note=f"{OVERRIDE_NOTE_PREFIX}only 9 h rest between shifts")
    plan = dataclasses.replace(plan, shifts=(first, *plan.shifts[1:]))
    data = build_workbook(sample.scenario(), plan, now=NOW)
    book = openpyxl.load_workbook(io.BytesIO(data))
    rules = {row[0]: row[1] for row in book["Rules"].iter_rows(values_only=True)}
    assert rules["Hand edits"].startswith("1 shift(s) placed or changed by hand; 1 kept")
    override = next(v for k, v in rules.items() if k and k.startswith("Override: "))
    assert override.endswith("only 9 h rest between shifts")
