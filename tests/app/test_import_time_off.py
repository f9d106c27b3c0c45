"""Time off from CSV and xlsx, and the dates a sheet may hold (Qt-free)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import MAC_EPOCH

from coverage_app.services import team_import
from coverage_app.services.errors import UserError
from coverage_app.services.team_import import DateOrder
from coverage_app.services.team_import.dates import AmbiguousDate, BadDate, parse_day
from models.domain import Scenario, TimeOffKind


def _write(tmp_path: Path, text: str, name: str = "time-off.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_time_off_rows_become_entries(demo: Scenario, tmp_path: Path) -> None:
    """Finding: time off could not be imported at all."""
    path = _write(tmp_path, "agent,first day,last day,kind,note\n"
                            "Kadri Tamm,2026-12-28,2026-12-31,vacation,\"Family\nvisit\"\n"
                            "dmitri-volkov,2027-01-05,,sick,\n"
                            "anna kask,2027-02-01,2027-02-02,,\n")
    result = team_import.preview(demo, path)
    assert result.rows == ()
    assert [r.agent_label for r in result.time_off] == ["Kadri Tamm", "Dmitri Volkov",
                                                        "Anna Kask"]
    assert all(r.ok for r in result.time_off)
    assert result.can_import_all
    outcome = team_import.apply(demo, result)
    assert outcome.text == "3 time-off entries added"
    new = outcome.scenario
    added = {t.agent_id: t for t in new.time_off}
    assert (added["kadri-tamm"].first_day, added["kadri-tamm"].last_day) == (
        date(2026, 12, 28), date(2026, 12, 31))
    assert added["kadri-tamm"].kind is TimeOffKind.VACATION
    assert added["kadri-tamm"].note == "Family\nvisit"  # the quoted line break is kept
    assert (added["dmitri-volkov"].first_day, added["dmitri-volkov"].last_day,
            added["dmitri-volkov"].kind) == (date(2027, 1, 5), date(2027, 1, 5),
                                             TimeOffKind.SICK)
    assert added["anna-kask"].kind is TimeOffKind.VACATION  # an empty kind is vacation
    assert len(new.time_off) == len(demo.time_off) + 3
    assert new.agents == demo.agents


def test_an_unknown_agent_is_a_problem_naming_it(demo: Scenario, tmp_path: Path) -> None:
    path = _write(tmp_path, "agent,from,to,kind\nKadri Tam,2026-12-28,2026-12-31,vacation\n")
    (row,) = team_import.preview(demo, path).time_off
    (problem,) = row.located_problems()
    assert problem.path == "time-off.csv, row 2, column A 'agent'"
    assert problem.value == "Kadri Tam"
    assert "no agent called 'Kadri Tam'" in problem.message
    assert problem.suggestion == "did you mean 'Kadri Tamm'?"


def test_an_unknown_kind_is_refused_with_a_suggestion(demo: Scenario, tmp_path: Path) -> None:
    path = _write(tmp_path, "agent,first_day,last_day,kind\n"
                            "kadri-tamm,2026-12-28,2026-12-31,holiday\n"
                            "kadri-tamm,2027-03-01,2027-03-01,sik\n")
    holiday, sik = team_import.preview(demo, path).time_off
    assert holiday.problems[0].path == "kind"
    assert holiday.problems[0].message == "no such kind of time off"
    assert str(holiday.problems[0].suggestion).startswith("did you mean 'vacation'?")
    assert "vacation, sick, other" in str(holiday.problems[0].suggestion)
    assert str(sik.problems[0].suggestion).startswith("did you mean 'sick'?")


def test_last_day_before_first_day_is_a_problem(demo: Scenario, tmp_path: Path) -> None:
    path = _write(tmp_path, "agent,first_day,last_day\nkadri-tamm,2026-12-31,2026-12-28\n")
    (row,) = team_import.preview(demo, path).time_off
    assert row.problems[0].path == "last_day"
    assert "ends before it starts" in row.problems[0].message


def test_the_same_entry_twice_in_a_file_is_a_problem(demo: Scenario, tmp_path: Path) -> None:
    path = _write(tmp_path, "agent,first_day,last_day\nkadri-tamm,2026-12-28,2026-12-31\n"
                            "Kadri Tamm,28/12/2026,31/12/2026\n")
    first, second = team_import.preview(demo, path).time_off
    assert "also in row 3" in first.problems[0].message
    assert "also in row 2" in second.problems[0].message


def test_importing_the_same_time_off_again_adds_nothing(demo: Scenario, tmp_path: Path) -> None:
    path = _write(tmp_path, "agent,first_day,last_day,kind\n"
                            "Lena Schmidt,2026-12-21,2027-01-03,vacation\n"
                            "Lena Schmidt,2027-02-01,2027-02-05,vacation\n")
    known, new_row = team_import.preview(demo, path).time_off
    assert known.ok
    assert known.action == "already there"
    assert new_row.action == "add"
    outcome = team_import.apply(demo, team_import.preview(demo, path))
    assert len(outcome.scenario.time_off) == len(demo.time_off) + 1
    with pytest.raises(UserError) as info:
        team_import.apply(outcome.scenario, team_import.preview(outcome.scenario, path))
    assert info.value.problems[0].message == "nothing to import"


def test_a_workbook_with_an_agents_sheet_and_a_time_off_sheet(demo: Scenario,
                                                              tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    team = book.active
    assert team is not None
    team.title = "Team"
    team.append(["Name", "Time zone", "Contract"])
    team.append(["Ravi Nair", "Asia/Kolkata", "part-time"])
    team.append(["Bad Zone", "Nowhere/City", "part-time"])
    off = book.create_sheet("Time off")
    off.append(["Agent", "From", "To", "Kind"])
    off.append(["Ravi Nair", date(2027, 1, 4), date(2027, 1, 8), "vacation"])
    off.append(["Bad Zone", date(2027, 1, 4), date(2027, 1, 8), "vacation"])
    book.create_sheet("Empty")
    path = tmp_path / "team.xlsx"
    book.save(path)
    result = team_import.preview(demo, path)
    ravi_off, bad_off = result.time_off
    assert ravi_off.ok
    assert ravi_off.time_off is not None
    assert ravi_off.time_off.agent_id == "ravi-nair"
    assert ravi_off.time_off.first_day == date(2027, 1, 4)
    assert not bad_off.ok
    (problem,) = bad_off.located_problems()
    assert problem.path == "team.xlsx, sheet 'Time off', row 3, column A 'Agent'"
    assert "sheet 'Team' row 3, which has problems" in problem.message
    with pytest.raises(UserError):
        team_import.apply(demo, result)
    outcome = team_import.apply(demo, result, only_valid=True)
    assert outcome.text == ("1 agent added, 1 time-off entry added; "
                            "2 rows with problems skipped")
    assert outcome.scenario.time_off_of("ravi-nair")[0].last_day == date(2027, 1, 8)


def test_a_sheet_with_neither_table_is_named_in_a_notice(demo: Scenario,
                                                         tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["agent", "first_day"])
    sheet.append(["kadri-tamm", "2027-01-04"])
    notes = book.create_sheet("Notes")
    notes.append(["remember to ask Lena"])
    path = tmp_path / "off.xlsx"
    book.save(path)
    result = team_import.preview(demo, path)
    assert result.time_off[0].ok
    assert any("sheet 'Notes' was not read" in n for n in result.notices)


# Dates ---------------------------------------------------------------------------------------
def test_an_ambiguous_date_is_refused_until_the_order_is_chosen(demo: Scenario,
                                                                tmp_path: Path) -> None:
    path = _write(tmp_path, "agent,first_day,last_day\nkadri-tamm,03/04/2026,05/04/2026\n")
    (row,) = team_import.preview(demo, path).time_off
    assert not row.ok
    first = row.problems[0]
    assert first.path == "first_day"
    assert first.message == ("'03/04/2026' could be 3 April 2026 (day/month) or 4 March 2026 "
                             "(month/day)")
    assert "choose the date order" in str(first.suggestion)
    (row,) = team_import.preview(demo, path, DateOrder.DAY_MONTH).time_off
    assert row.time_off is not None
    assert (row.time_off.first_day, row.time_off.last_day) == (date(2026, 4, 3),
                                                               date(2026, 4, 5))
    (row,) = team_import.preview(demo, path, DateOrder.MONTH_DAY).time_off
    assert row.time_off is not None
    assert (row.time_off.first_day, row.time_off.last_day) == (date(2026, 3, 4),
                                                               date(2026, 5, 4))


def test_an_ambiguous_date_suggests_the_order_other_dates_use(demo: Scenario,
                                                              tmp_path: Path) -> None:
    path = _write(tmp_path, "agent,first_day,last_day\nkadri-tamm,25/12/2026,28/12/2026\n"
                            "anna-kask,03/04/2026,03/04/2026\n")
    unambiguous, ambiguous = team_import.preview(demo, path).time_off
    assert unambiguous.ok  # 25/12/2026 can only be day/month
    assert ambiguous.problems[0].suggestion == (
        "other dates in this file are day/month/year (e.g. '25/12/2026'): "
        "choose day/month/year as the date order")


def test_excel_serial_numbers_in_a_csv_use_the_1900_system(demo: Scenario,
                                                           tmp_path: Path) -> None:
    serial = (date(2026, 12, 25) - date(1899, 12, 30)).days
    path = _write(tmp_path, f"agent,first_day,last_day\nkadri-tamm,{serial},{serial + 2}\n")
    (row,) = team_import.preview(demo, path).time_off
    assert row.time_off is not None
    assert (row.time_off.first_day, row.time_off.last_day) == (date(2026, 12, 25),
                                                               date(2026, 12, 27))


def test_a_workbook_in_the_1904_date_system(demo: Scenario, tmp_path: Path) -> None:
    """A Mac workbook counts days from 1904-01-01: plain numbers and date cells alike."""
    book = openpyxl.Workbook()
    book.epoch = MAC_EPOCH
    sheet = book.active
    assert sheet is not None
    sheet.append(["agent", "first_day", "last_day"])
    serial = (date(2026, 12, 25) - date(1904, 1, 1)).days
    sheet.append(["kadri-tamm", serial, datetime(2026, 12, 27)])
    path = tmp_path / "mac.xlsx"
    book.save(path)
    (row,) = team_import.preview(demo, path).time_off
    assert row.time_off is not None
    assert (row.time_off.first_day, row.time_off.last_day) == (date(2026, 12, 25),
                                                               date(2026, 12, 27))


@pytest.mark.parametrize(("text", "order", "expected"), [
    ("2026-12-25", DateOrder.AUTO, date(2026, 12, 25)),
    ("20261225", DateOrder.AUTO, None),
    ("2026-12-25 00:00:00", DateOrder.AUTO, date(2026, 12, 25)),
    ("2026/12/25", DateOrder.AUTO, date(2026, 12, 25)),
    ("25/12/2026", DateOrder.AUTO, date(2026, 12, 25)),
    ("12/25/2026", DateOrder.AUTO, date(2026, 12, 25)),
    ("25.12.2026", DateOrder.AUTO, date(2026, 12, 25)),
    ("04/04/2026", DateOrder.AUTO, date(2026, 4, 4)),
    ("03/04/2026", DateOrder.DAY_MONTH, date(2026, 4, 3)),
    ("03/04/2026", DateOrder.MONTH_DAY, date(2026, 3, 4)),
    ("46016", DateOrder.AUTO, date(2025, 12, 25)),
])
def test_parse_day_reads(text: str, order: DateOrder, expected: date | None) -> None:
    if expected is None:
        with pytest.raises(BadDate):
            parse_day(text, order)
    else:
        assert parse_day(text, order) == expected


@pytest.mark.parametrize(("text", "order", "message"), [
    ("03/04/2026", DateOrder.AUTO, "could be 3 April 2026 (day/month) or 4 March 2026"),
    ("12/25/2026", DateOrder.DAY_MONTH, "is not a day when read as day/month/year"),
    ("25/12/26", DateOrder.AUTO, "the year has only two digits"),
    ("2026-02-30", DateOrder.AUTO, "there is no such day"),
    ("2026-12-25 08:30", DateOrder.AUTO, "time off is whole days"),
    ("5", DateOrder.AUTO, "as an Excel serial number it would be 1900-01-05"),
    ("46016.5", DateOrder.AUTO, "is not a date"),
    ("next monday", DateOrder.AUTO, "is not a date"),
    ("", DateOrder.AUTO, "no date given"),
    ("13/13/2026", DateOrder.AUTO, "is not a day in either"),
])
def test_parse_day_refuses(text: str, order: DateOrder, message: str) -> None:
    with pytest.raises(BadDate) as info:
        parse_day(text, order)
    assert message in info.value.message
    assert info.value.suggestion


def test_only_an_ambiguous_date_is_an_ambiguous_date() -> None:
    with pytest.raises(AmbiguousDate):
        parse_day("03/04/2026")
    with pytest.raises(BadDate) as info:
        parse_day("13/13/2026")
    assert not isinstance(info.value, AmbiguousDate)
