"""The finance workbook: a title block on every sheet, numbers are numbers, totals are cheap
formulas over each agent's own rows carrying their values, names are never formulas, pay codes
per pay period, and LibreOffice recalculating gets the same figures."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest

from exports.hours import agent_totals, monthly_totals, plan_hours, weekly_totals
from exports.payroll import PayPeriods, pay_lines
from exports.xlsx import SHEETS, build_workbook
from exports.xlsx_title import PlanVersion
from models.coverage import coverage
from models.timerules import tzdata_version
from tests.exports import sample
from tests.exports.libreoffice import convert_sheets_to_csv, recalculated_workbook
from tests.exports.sheets import header_row, records

NOW = datetime(2026, 9, 30, 12, 0, tzinfo=UTC)


def numbered_scenario():
    """The sample team with employee numbers (one with leading zeros, one empty)."""
    scenario = sample.scenario()
    numbers = {"kadri": "00042", "lena": "1001", "maria": "E-7", "liam": "2002"}
    return dataclasses.replace(scenario, agents=tuple(
        dataclasses.replace(a, employee_number=numbers.get(a.id, "")) for a in scenario.agents))


@pytest.fixture(scope="module")
def data() -> bytes:
    return build_workbook(numbered_scenario(), sample.plan(), now=NOW)


@pytest.fixture(scope="module")
def values(data):
    return openpyxl.load_workbook(io.BytesIO(data), data_only=True)


@pytest.fixture(scope="module")
def formulas(data):
    return openpyxl.load_workbook(io.BytesIO(data), data_only=False)


def test_every_sheet_has_a_title_block_frozen_header_and_filter(formulas):
    assert formulas.sheetnames == list(SHEETS)
    for name in SHEETS:
        ws = formulas[name]
        assert len(name) <= 31
        top = header_row(ws)
        assert ws.freeze_panes == f"A{top + 1}", name  # frozen just under the column headers
        assert ws["A1"].value == f"{name} — {sample.scenario().team.name}"
        status = ws["A2"].value
        status = "".join(str(part) for part in status) if not isinstance(status, str) else status
        assert status.startswith("DRAFT: not the published rota · Plan: plan-sample"), name
        assert "Period 2026-10-01 to 2026-11-02 (33 days, reference zone Europe/Tallinn)" in status
        assert f"tzdata {tzdata_version()}" in ws["A3"].value
        assert "Generated 2026-09-30 12:00 UTC" in ws["A3"].value
        assert "UTC times are authoritative" in ws["A3"].value
        if name != "Rules":
            assert ws.auto_filter.ref.startswith(f"A{top}:"), name
        assert ws.column_dimensions["A"].width >= 10


def test_the_first_sheet_says_how_to_read_it(values):
    ws = values["Summary"]
    text = "\n".join(str(c.value) for row in ws.iter_rows(max_row=header_row(ws) - 1)
                     for c in row if c.value)
    assert "How to read this" in text
    assert "UTC start and UTC end (sheet Shifts) are authoritative" in text
    assert "Local times are wall-clock times in each agent's own time zone" in text
    assert "Premium-weighted hours = each hour × the highest premium" in text
    assert "not the hours paid" in text
    assert "Overtime = hours of an ISO week beyond the contract's weekly maximum" in text


def test_every_sheet_prints_landscape_one_page_wide_with_header_and_footer(formulas):
    team = sample.scenario().team.name.replace("&", "&&")
    for name in SHEETS:
        ws = formulas[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default
        assert ws.page_setup.fitToHeight == 0  # as many pages down as needed
        assert ws.print_title_rows == f"${header_row(ws)}:${header_row(ws)}", name
        assert ws.oddHeader.left.text == name
        assert ws.oddHeader.center.text == team
        assert ws.oddHeader.right.text.startswith("2026-10-01 to 2026-11-02")
        assert ws.oddFooter.center.text == "Page &P of &N"
        assert ws.oddFooter.left.text == "plan-sample · DRAFT"
    shifts = formulas["Shifts"]
    assert shifts.print_area == "'Shifts'!$A$1:$S$15"  # up to Status; ids are not printed


def test_shift_rows_show_local_and_utc_times_real_and_nominal_hours(values, formulas):
    shifts = {r["Shift id"]: r for r in records(values["Shifts"])}
    assert len(shifts) == len(sample.shifts())
    night = shifts["kadri-1024"]
    assert night["Local start"] == datetime(2026, 10, 24, 22, 0)
    assert night["Local end"] == datetime(2026, 10, 25, 6, 0)
    assert night["UTC start"] == datetime(2026, 10, 24, 19, 0)
    assert night["UTC end"] == datetime(2026, 10, 25, 4, 0)
    assert night["Local date"] == datetime(2026, 10, 24)
    assert (night["Real hours"], night["Nominal hours"], night["DST adjustment"]) == (9, 8, 1)
    assert night["Duration (h:mm)"].total_seconds() == pytest.approx(9 * 3600)
    assert (night["Zone"], night["Country"], night["Employee no."]) == (
        "Europe/Tallinn", "EE", "00042")
    assert night["Premium-weighted hours"] == 13.5  # 9 weekend hours × 1.5
    assert night["Status"] == "planned"
    assert shifts["liam-1003"]["Real hours"] == 7
    assert shifts["liam-1003"]["Nominal hours"] == 8
    assert shifts["liam-1005"]["Public holiday"] == "Labor Day"
    assert shifts["kadri-1005"]["Duty"] == "Phone duty"
    assert shifts["lena-1003"]["Cost"] == pytest.approx(480)
    ws = formulas["Shifts"]
    header = [c.value for c in ws[header_row(ws)]]
    duration = ws.cell(row=header_row(ws) + 1, column=header.index("Duration (h:mm)") + 1)
    start, end = (openpyxl.utils.get_column_letter(header.index(h) + 1)
                  for h in ("UTC start", "UTC end"))
    assert duration.value == f"={end}{duration.row}-{start}{duration.row}"  # UTC end − start
    assert duration.number_format == "[h]:mm"
    assert "Paid hours" not in header


def test_status_says_how_a_shift_came_about():
    from models.domain import OVERRIDE_NOTE_PREFIX, ShiftOrigin

    plan = sample.plan()
    changed = [dataclasses.replace(plan.shifts[0], origin=ShiftOrigin.MANUAL, locked=True),
               dataclasses.replace(plan.shifts[1], origin=ShiftOrigin.MANUAL,
                                   note=f"{OVERRIDE_NOTE_PREFIX}10 h rest")]
    plan = dataclasses.replace(plan, shifts=(*changed, *plan.shifts[2:]))
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(sample.scenario(), plan, now=NOW)))
    status = {r["Shift id"]: r["Status"] for r in records(book["Shifts"])}
    assert status[changed[0].id] == "hand edit, locked"
    assert status[changed[1].id] == "rule break kept"
    assert status["liam-1005"] == "planned"


def test_numbers_are_numbers_with_number_formats(formulas):
    ws = formulas["Shifts"]
    top = header_row(ws)
    header = [c.value for c in ws[top]]
    formats = {"Real hours": "0.00", "Local date": "yyyy-mm-dd", "Local start": "yyyy-mm-dd hh:mm",
               "Local end": "hh:mm", "UTC end": "yyyy-mm-dd hh:mm", "Cost": "#,##0.00_)",
               "Duration (h:mm)": "[h]:mm"}
    for name, number_format in formats.items():
        cell = ws.cell(row=top + 1, column=header.index(name) + 1)
        assert cell.number_format == number_format, name
        assert cell.data_type in ("n", "f", "d"), name
    numeric = re.compile(r"^-?\d+([.,]\d+)?$")
    for sheet in formulas.worksheets:
        top = header_row(sheet)
        text_columns = {c.column for c in sheet[top] if c.value == "Employee no."}
        for row in sheet.iter_rows(min_row=top + 1):
            for cell in row:
                if isinstance(cell.value, str) and cell.data_type != "f":
                    if cell.column in text_columns:
                        continue  # employee numbers are text on purpose: 00042 keeps its zeros
                    assert not numeric.match(cell.value), (sheet.title, cell.coordinate)


def test_employee_numbers_are_text_everywhere_they_appear(formulas):
    for name in ("Summary", "Pay codes", "Shifts", "Days", "Weekly", "Monthly"):
        ws = formulas[name]
        top = header_row(ws)
        column = next(c.column for c in ws[top] if c.value == "Employee no.")
        cells = [ws.cell(row=r, column=column) for r in range(top + 1, ws.max_row + 1)]
        kadri = [c for c in cells if c.value == "00042"]
        assert kadri, name
        assert all(c.data_type == "s" for c in kadri), name


def _ranges(formula: str) -> list[tuple[str, str, int, int]]:
    return [(sheet, col, int(first), int(last)) for sheet, col, first, last in re.findall(
        r"'(\w[\w ]*)'!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)", formula)]


def test_totals_are_sums_over_each_agents_own_rows(formulas, values):
    """Finding: SUMIFS over whole columns made a forced recalculation take minutes."""
    agent_of = {}
    for name in ("Shifts", "Days"):
        ws = formulas[name]
        top = header_row(ws)
        column = next(c.column for c in ws[top] if c.value == "Agent id")
        agent_of[name] = {r: ws.cell(row=r, column=column).value
                          for r in range(top + 1, ws.max_row + 1)}
    checked = 0
    for name in ("Summary", "Weekly", "Monthly", "Pay codes"):
        ws = formulas[name]
        top = header_row(ws)
        header = [c.value for c in ws[top]]
        for row in ws.iter_rows(min_row=top + 1):
            if row[0].value is None:
                break
            own = row[header.index("Agent id")].value
            for cell in row:
                text = str(cell.value)
                if cell.data_type != "f":
                    continue
                assert "IFS(" not in text, (name, text)  # no SUMIFS, no COUNTIFS
                for sheet, _col, first, last in _ranges(text):
                    assert {agent_of[sheet][r] for r in range(first, last + 1)} == {own}
                    checked += 1
    assert checked > 100
    summary = next(r for r in formulas["Summary"].iter_rows() if r[0].value == "All agents")
    assert str(summary[6].value).startswith("=SUM(")


def test_totals_carry_the_values_of_the_hours_module(values):
    rows = plan_hours(sample.scenario(), sample.plan())
    by_agent = agent_totals(rows)
    summary = {r["Agent id"]: r for r in records(values["Summary"])}
    for agent_id, total in by_agent.items():
        assert summary[agent_id]["Real hours"] == pytest.approx(total.hours)
        assert summary[agent_id]["Night hours"] == pytest.approx(total.night_hours)
        assert summary[agent_id]["Holiday hours"] == pytest.approx(total.holiday_hours)
        assert summary[agent_id]["Premium-weighted hours"] == pytest.approx(total.paid_hours)
        assert summary[agent_id]["Cost"] == pytest.approx(total.cost)
    assert summary["liam"]["DST adjustment"] == -1
    assert summary["liam"]["Nominal hours"] == 16  # 7 real on the spring-forward night + 8
    assert summary["kadri"]["Shifts"] == 3
    weekly = {(r["Agent id"], r["ISO week"]): r["Real hours"] for r in records(values["Weekly"])}
    assert weekly == pytest.approx({(t.agent_id, t.label): t.hours for t in weekly_totals(rows)})
    assert weekly[("lena", "2026-W44")] == 2  # Sunday night over a week border
    monthly = {(r["Agent id"], r["Month"]): r["Cost"] for r in records(values["Monthly"])}
    assert monthly == pytest.approx({(t.agent_id, t.label): t.cost for t in monthly_totals(rows)})


def test_pay_codes_sheet_matches_the_payroll_lines(values):
    lines = pay_lines(sample.scenario(), plan_hours(sample.scenario(), sample.plan()))
    sheet = records(values["Pay codes"])
    assert [(r["Agent id"], r["Period starts"].date(), r["Period ends"].date(), r["Pay code"])
            for r in sheet] == [(line.agent.id, line.period_start, line.period_end,
                                 line.code.value) for line in lines]
    for row, line in zip(sheet, lines, strict=True):
        assert row["Hours"] == pytest.approx(line.hours)
        assert row["Rate"] == pytest.approx(line.rate)
        assert row["Amount"] == pytest.approx(line.amount)
        assert row["Currency"] == line.currency
    maria = [r for r in sheet if r["Agent id"] == "maria"]
    assert [r["Plan covers"] for r in maria] == ["whole period", "2026-11-01 to 2026-11-02 only"]
    total_cost = sum(t.cost for t in agent_totals(
        plan_hours(sample.scenario(), sample.plan())).values())
    assert sum(r["Amount"] for r in sheet) == pytest.approx(total_cost)


def test_pay_periods_with_a_cut_off_day_and_a_published_version():
    version = PlanVersion("Rota October", published=True,
                          published_at=datetime(2026, 9, 29, 8, 30, tzinfo=UTC),
                          published_by="Mari Manager")
    data = build_workbook(sample.scenario(), sample.plan(), now=NOW, version=version,
                          pay_periods=PayPeriods(25))
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    periods = {(r["Period starts"].date(), r["Period ends"].date())
               for r in records(book["Pay codes"])}
    assert periods == {(date(2026, 9, 26), date(2026, 10, 25)),
                       (date(2026, 10, 26), date(2026, 11, 25))}
    status = book["Shifts"]["A2"].value
    assert status.startswith("PUBLISHED 2026-09-29 08:30 UTC by Mari Manager · Plan: Rota "
                             "October (plan id plan-sample)")
    assert book["Shifts"].oddFooter.left.text == "Rota October (plan id plan-sample) · PUBLISHED"
    assert "the 26th of a month to the 25th of the next" in book["Summary"]["A3"].value


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


def test_coverage_is_runs_of_equal_coverage(values, formulas):
    """Finding: one row per slot made 5,393 rows for four weeks."""
    scenario, plan = sample.scenario(), sample.plan()
    slots = coverage(scenario, plan)
    runs = records(values["Coverage"])
    assert len(runs) < len(slots) / 4

    def minutes(r):
        return (r["End (UTC)"] - r["Start (UTC)"]).total_seconds() / 60

    assert sum(r["Missing"] * minutes(r) for r in runs) == sum(
        s.missing * (s.end - s.start).total_seconds() / 60 for s in slots)
    assert sum(r["Required"] * minutes(r) for r in runs) == sum(
        s.required * (s.end - s.start).total_seconds() / 60 for s in slots)
    for r in runs:
        assert r["Missing"] == max(0, r["Required"] - r["Scheduled"])
        assert r["Duration (h:mm)"].total_seconds() / 60 == pytest.approx(minutes(r))
    starts = [r["Start (UTC)"] for r in runs]
    assert starts == sorted(starts)
    assert formulas["Coverage"].conditional_formatting
    gaps = records(values["Gaps"])
    assert [(g["Requirement"], g["Missing"], g["Reason"]) for g in gaps] == [
        ("Phone duty", 1, "not available")]
    assert gaps[0]["Hours"] == 4.5


def test_rules_sheet_says_how_numbers_were_made(values):
    ws = values["Rules"]
    rules = {r[0]: r[1] for r in ws.iter_rows(min_row=header_row(ws) + 1, values_only=True)}
    assert rules["Zone data (tzdata)"] == tzdata_version()
    assert rules["Plan"] == "plan-sample"
    assert rules["Published or draft"] == "DRAFT: not the published rota"
    assert rules["Night premium"] == 1.25
    assert "9 hours" in rules["Hours"]
    assert "UTC instants are authoritative" in rules["Times in this workbook"]
    assert "not the number of hours paid" in rules["Premium-weighted hours"]
    assert "weekly maximum" in rules["Overtime"]
    assert "Europe/Berlin" in " ".join(str(k) for k in rules)
    assert rules["Pay periods"] == "calendar months"
    assert rules["Workbook made (UTC)"] == "2026-09-30 12:00"


def test_empty_plan_still_makes_a_valid_workbook():
    plan = sample.plan(())
    data = build_workbook(sample.scenario(), plan, now=NOW)
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    summary = records(book["Summary"])
    assert {r["Agent id"] for r in summary} == {a.id for a in sample.scenario().agents}
    assert all(r["Real hours"] == 0 for r in summary)
    assert records(book["Pay codes"]) == []


def _number(value: object) -> float:
    """A cell value as a number (durations read back as timedelta, in days)."""
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    return float(value)  # type: ignore[arg-type]


@pytest.mark.slow
def test_libreoffice_recalculates_to_the_cached_values(data, formulas, values, tmp_path):
    import xlsxwriter

    # A control: a formula whose cached value is wrong proves LibreOffice did recalculate.
    control = tmp_path / "control.xlsx"
    book = xlsxwriter.Workbook(str(control))
    book.add_worksheet("A").write_formula(0, 0, "=1+1", None, 5)
    book.close()
    assert convert_sheets_to_csv(control, tmp_path / "c")["A"] == [["2"]]
    again = openpyxl.load_workbook(recalculated_workbook(control, tmp_path / "x"),
                                   data_only=True)
    assert again["A"]["A1"].value == 2

    path = tmp_path / "hours.xlsx"
    path.write_bytes(data)
    recalculated = openpyxl.load_workbook(recalculated_workbook(path, tmp_path / "w"),
                                          data_only=True)
    checked = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cached = _number(values[ws.title][cell.coordinate].value)
                    got = _number(recalculated[ws.title][cell.coordinate].value)
                    assert got == pytest.approx(cached, rel=1e-9, abs=1e-9), (
                        ws.title, cell.coordinate, cell.value)
                    checked += 1
    assert checked > 100


def test_kept_rule_breaks_are_listed_on_the_rules_sheet():
    from models.domain import OVERRIDE_NOTE_PREFIX, ShiftOrigin

    plan = sample.plan()
    first = dataclasses.replace(plan.shifts[0], origin=ShiftOrigin.MANUAL,
                                note=f"{OVERRIDE_NOTE_PREFIX}only 9 h rest between shifts")
    plan = dataclasses.replace(plan, shifts=(first, *plan.shifts[1:]))
    data = build_workbook(sample.scenario(), plan, now=NOW)
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book["Rules"]
    rules = {row[0]: row[1] for row in ws.iter_rows(min_row=header_row(ws) + 1,
                                                    values_only=True)}
    assert rules["Hand edits"].startswith("1 shift placed or changed by hand; 1 kept")
    override = next(v for k, v in rules.items() if k and k.startswith("Override: "))
    assert override.endswith("only 9 h rest between shifts")


def test_overtime_beyond_the_contract_shows_on_shifts_summary_and_pay_codes():
    from tests.exports.test_payroll import _week_of_overrides

    scenario, plan = _week_of_overrides(9, 5)  # 45 h in one week; the contract allows 40
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(scenario, plan, now=NOW)),
                                  data_only=True)
    shifts = {r["Shift id"]: r["Overtime hours"] for r in records(book["Shifts"])}
    assert shifts == {"k0": 0, "k1": 0, "k2": 0, "k3": 0, "k4": 5}
    kadri = next(r for r in records(book["Summary"]) if r["Agent id"] == "kadri")
    assert (kadri["Real hours"], kadri["Overtime hours"]) == (45, 5)
    codes = {r["Pay code"]: r for r in records(book["Pay codes"])}
    assert codes["overtime"]["Hours"] == 5
    assert codes["overtime"]["Amount"] == pytest.approx(5 * 1.5 * 20)
    assert codes["overtime"]["Rate"] == pytest.approx(30)
    assert sum(r["Hours"] for r in codes.values()) == pytest.approx(45)
    assert sum(r["Amount"] for r in codes.values()) == pytest.approx(kadri["Cost"])


def test_a_plan_without_gaps_says_so_on_the_gaps_sheet():
    plan = dataclasses.replace(sample.plan(), gaps=())
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(sample.scenario(), plan, now=NOW)))
    ws = book["Gaps"]
    assert records(ws) == []
    note = ws.cell(row=header_row(ws) + 2, column=1).value
    assert note.startswith("The plan records no gap.")
