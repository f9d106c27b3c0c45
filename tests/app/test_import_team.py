"""Team import from CSV and xlsx: a preview with per-row problems, then apply (Qt-free)."""

from __future__ import annotations

import codecs
from datetime import time
from pathlib import Path

import openpyxl
import pytest

from coverage_app.services import team_import
from coverage_app.services.errors import UserError
from models.domain import Scenario

CSV = """name,zone,contract,skills,cost,availability,active
Mia Rossi,Europe/Rome,Full-time 40 h,"phone:3, en, de:1",22.5,mon-fri 09:00-17:00,yes
Bad Zone,Europe/Romee,full-time,en,20,,yes
Kadri Tamm,,,"phone:1",,,no
Bad Skill,UTC,part-time,klingon:2,10,sat 25:00-26:00,
"""


def _write(tmp_path: Path, text: str, name: str = "team.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _workbook(tmp_path: Path, rows: list[list[object]], name: str = "team.xlsx") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_preview_lists_each_row_with_its_problems(demo: Scenario, tmp_path: Path) -> None:
    result = team_import.preview(demo, _write(tmp_path, CSV))
    assert [r.line for r in result.rows] == [2, 3, 4, 5]
    mia, bad_zone, kadri, bad_skill = result.rows
    assert mia.ok
    assert mia.agent is not None
    assert mia.agent.contract_id == "full-time"
    assert [(s.skill_id, s.level) for s in mia.agent.skills] == [("phone", 3), ("en", 2),
                                                                 ("de", 1)]
    assert mia.agent.availability.windows[0].window.start == time(9)
    assert not bad_zone.ok
    assert bad_zone.problems[0].path == "time_zone"
    assert "Europe/Rome" in str(bad_zone.problems[0].suggestion)
    assert kadri.ok
    assert kadri.updates
    assert kadri.agent is not None
    assert not kadri.agent.active
    assert kadri.agent.time_zone == "Europe/Tallinn"  # kept from the existing agent
    messages = {p.message for p in bad_skill.problems}
    assert "no such skill" in messages
    assert any("window" in m or "hour" in m for m in messages)


def test_problems_name_file_row_column_value_and_suggestion(demo: Scenario,
                                                            tmp_path: Path) -> None:
    result = team_import.preview(demo, _write(tmp_path, CSV))
    (problem,) = result.rows[1].located_problems()
    assert problem.path == "team.csv, row 3, column B 'zone'"
    assert problem.value == "Europe/Romee"
    assert str(problem) == ("team.csv, row 3, column B 'zone': 'Europe/Romee' is not a time "
                            "zone; did you mean 'Europe/Rome'?")


def test_apply_refuses_the_whole_file_while_any_row_has_a_problem(demo: Scenario,
                                                                  tmp_path: Path) -> None:
    """Finding: good rows were imported and bad rows skipped by default."""
    result = team_import.preview(demo, _write(tmp_path, CSV))
    assert not result.can_import_all
    assert "2 rows have problems" in result.blocked_reason()
    with pytest.raises(UserError) as info:
        team_import.apply(demo, result)
    paths = [p.path for p in info.value.problems]
    assert paths[0] == "team.csv, row 3, column B 'zone'"
    assert any(p.startswith("team.csv, row 5, column D 'skills'") for p in paths)
    assert "nothing was imported" in info.value.problems[-1].message


def test_only_valid_imports_the_valid_rows_when_asked(demo: Scenario, tmp_path: Path) -> None:
    result = team_import.preview(demo, _write(tmp_path, CSV))
    assert result.can_import_valid
    outcome = team_import.apply(demo, result, only_valid=True)
    new = outcome.scenario
    assert len(new.agents) == len(demo.agents) + 1
    assert not new.agent("kadri-tamm").active
    assert new.agent("mia-rossi").time_zone == "Europe/Rome"
    assert "Bad Zone" not in {a.name for a in new.agents}
    assert outcome.text == "1 agent added, 1 agent updated; 2 rows with problems skipped"


def test_a_clean_file_is_imported_whole(demo: Scenario, tmp_path: Path) -> None:
    path = _write(tmp_path, "name,zone,contract\nMia Rossi,Europe/Rome,full-time\n"
                            "Ravi Nair,Asia/Kolkata,part-time\n")
    result = team_import.preview(demo, path)
    assert result.can_import_all
    assert result.blocked_reason() == ""
    new = team_import.apply(demo, result).scenario
    assert {"mia-rossi", "ravi-nair"} <= {a.id for a in new.agents}


# Encoding ------------------------------------------------------------------------------------
def test_cp1252_csv_is_read_with_a_visible_notice(demo: Scenario, tmp_path: Path) -> None:
    """Finding: a CSV saved as cp1252 (Excel on Windows) crashed the app."""
    path = tmp_path / "team.csv"
    path.write_bytes("name;zone;contract\nJosé Müller;Europe/Berlin;full-time\n"
                     "Zoë “Zo” Ødegaard;Europe/Oslo;part-time\n".encode("cp1252"))
    result = team_import.preview(demo, path)
    assert [r.values["name"] for r in result.rows] == ["José Müller", "Zoë “Zo” Ødegaard"]
    assert all(r.ok for r in result.rows)
    (notice,) = result.notices
    assert "not UTF-8" in notice
    assert "Windows-1252" in notice
    assert "line 2" in notice
    assert "CSV UTF-8" in notice


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_utf8_with_or_without_bom_needs_no_notice(demo: Scenario, tmp_path: Path,
                                                  bom: bytes) -> None:
    path = tmp_path / "team.csv"
    path.write_bytes(bom + "name,zone,contract\nJosé Müller,Europe/Berlin,full-time\n"
                     .encode())
    result = team_import.preview(demo, path)
    assert result.notices == ()
    assert result.rows[0].values["name"] == "José Müller"


def test_utf16_unicode_text_from_excel_is_read(demo: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "team.txt"
    path.write_bytes("name\tzone\tcontract\nDiego Muñoz II\tEurope/Madrid\tfull-time\n"
                     .encode("utf-16"))
    result = team_import.preview(demo, path)
    assert result.notices == ()
    assert result.rows[0].ok
    assert result.rows[0].values["name"] == "Diego Muñoz II"


def test_a_workbook_saved_as_csv_is_named_for_what_it_is(demo: Scenario,
                                                        tmp_path: Path) -> None:
    xlsx = _workbook(tmp_path, [["name"], ["Mia"]])
    fake = tmp_path / "team.csv"
    fake.write_bytes(xlsx.read_bytes())
    with pytest.raises(UserError) as info:
        team_import.preview(demo, fake)
    assert "Excel workbook" in info.value.problems[0].message


# Duplicates ----------------------------------------------------------------------------------
def test_the_same_name_twice_is_a_problem_on_both_rows(demo: Scenario, tmp_path: Path) -> None:
    """Finding: two rows with the same name silently became two agents."""
    path = _write(tmp_path, "name,zone,contract\nMia Rossi,Europe/Rome,full-time\n"
                            "Ravi Nair,Asia/Kolkata,part-time\n"
                            "mia  rossi,Europe/Rome,part-time\n")
    result = team_import.preview(demo, path)
    mia, ravi, mia_again = result.rows
    assert ravi.ok
    assert not mia.ok
    assert not mia_again.ok
    assert str(mia.located_problems()[0]).startswith(
        "team.csv, row 2, column A 'name': 'Mia Rossi' is also the name in row 4")
    assert "row 2" in mia_again.problems[0].message
    with pytest.raises(UserError):
        team_import.apply(demo, result)
    new = team_import.apply(demo, result, only_valid=True).scenario
    assert sum(1 for a in new.agents if a.name.casefold() == "mia rossi") == 0


def test_a_new_row_named_like_an_existing_agent_is_a_problem(demo: Scenario,
                                                             tmp_path: Path) -> None:
    path = _write(tmp_path, "id,name,zone,contract\nkt-2,Kadri Tamm,Europe/Tallinn,full-time\n")
    (new_row,) = team_import.preview(demo, path).rows
    (problem,) = new_row.problems
    assert problem.path == "name"
    assert "already called 'Kadri Tamm' (id kadri-tamm)" in problem.message
    assert "write its id 'kadri-tamm'" in str(problem.suggestion)
    # renaming an agent to another agent's name is the same clash
    path = _write(tmp_path, "id,name\nanna-kask,Kadri Tamm\n")
    (rename,) = team_import.preview(demo, path).rows
    assert "already called 'Kadri Tamm'" in rename.problems[0].message
    # a row without an id whose name matches updates that agent: not a duplicate
    (update,) = team_import.preview(demo, _write(tmp_path, "name,contract\nKadri Tamm,"
                                                           "part-time\n")).rows
    assert update.ok
    assert update.updates


def test_a_name_shared_by_two_existing_agents_needs_an_id(demo: Scenario,
                                                          tmp_path: Path) -> None:
    import dataclasses

    twin = dataclasses.replace(demo.agent("anna-kask"), id="anna-kask-2")
    scenario = dataclasses.replace(demo, agents=(*demo.agents, twin))
    (row,) = team_import.preview(scenario, _write(tmp_path, "name,active\nAnna Kask,no\n")).rows
    assert not row.ok
    assert "2 agents are called 'Anna Kask'" in row.problems[0].message
    assert "id" in str(row.problems[0].suggestion)


def test_the_same_explicit_id_twice_is_a_problem(demo: Scenario, tmp_path: Path) -> None:
    path = _write(tmp_path, "id,name,zone,contract\nmr,Mia Rossi,Europe/Rome,full-time\n"
                            "mr,Maria Rossi,Europe/Rome,full-time\n")
    first, second = team_import.preview(demo, path).rows
    assert "agent 'mr' is also in row 3" in first.problems[0].message
    assert "row 2" in second.problems[0].message


# Line breaks ---------------------------------------------------------------------------------
def test_a_quoted_line_break_is_kept(demo: Scenario, tmp_path: Path) -> None:
    """Finding: a quoted cell with a line break lost the break."""
    path = _write(tmp_path, 'name,zone,contract,availability\r\n'
                            'Mia Rossi,Europe/Rome,full-time,"mon-fri 09:00-17:00\r\n'
                            'sat 10:00-14:00"\r\nRavi Nair,Asia/Kolkata,part-time,\r\n')
    mia, ravi = team_import.preview(demo, path).rows
    assert mia.values["availability"] == "mon-fri 09:00-17:00\nsat 10:00-14:00"
    assert mia.agent is not None
    assert [w.window.start for w in mia.agent.availability.windows] == [time(9), time(10)]
    assert ravi.line == 3  # the spreadsheet's row, not the text line
    assert ravi.ok


def test_a_line_break_inside_a_name_is_a_problem(demo: Scenario, tmp_path: Path) -> None:
    path = _write(tmp_path, 'name,zone,contract\n"Mia\nRossi",Europe/Rome,full-time\n')
    (row,) = team_import.preview(demo, path).rows
    assert row.problems[0].message.startswith("a name is one line")
    assert row.problems[0].suggestion == "write it as 'Mia Rossi'"


def test_an_unterminated_quote_is_reported_with_its_line(demo: Scenario,
                                                         tmp_path: Path) -> None:
    path = _write(tmp_path, 'name,zone,contract\n"Mia Rossi,Europe/Rome,full-time\nX,UTC,x\n')
    with pytest.raises(UserError) as info:
        team_import.preview(demo, path)
    assert "broken on line" in info.value.problems[0].message


# Excel ---------------------------------------------------------------------------------------
def test_xlsx_is_read_like_csv(demo: Scenario, tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Name", "Time zone", "Contract", "Skills", "Hourly cost"],
                                ["Ravi Nair", "Asia/Kolkata", "part-time", "chat;en:3", 12]])
    result = team_import.preview(demo, path)
    (row,) = result.rows
    assert row.ok
    assert row.agent is not None
    assert row.agent.hourly_cost == 12
    assert row.agent.id == "ravi-nair"


def test_a_formula_without_a_saved_value_is_flagged(demo: Scenario, tmp_path: Path) -> None:
    """Finding: a formula cell with no cached value read as an empty name.

    openpyxl writes formulas without their results, as scripts and some converters do."""
    path = _workbook(tmp_path, [["first", "last", "name", "zone", "contract"],
                                ["Ravi", "Nair", '=A2&" "&B2', "Asia/Kolkata", "part-time"],
                                ["Mia", "Rossi", "Mia Rossi", "Europe/Rome", "full-time"]])
    ravi, mia = team_import.preview(demo, path).rows
    assert mia.ok
    assert not ravi.ok
    (problem,) = ravi.located_problems()  # and no "needs a name" beside it
    assert problem.path == "team.xlsx, sheet 'Sheet', row 2, column C 'name'"
    assert problem.value == '=A2&" "&B2'
    assert "formula whose result was never saved" in problem.message
    assert "save it" in str(problem.suggestion)


def test_an_excel_error_value_is_flagged(demo: Scenario, tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["name", "zone", "contract"],
                                ["Ravi Nair", "#N/A", "part-time"]])
    (row,) = team_import.preview(demo, path).rows
    (problem,) = row.problems
    assert problem.path == "time_zone"
    assert "Excel error #N/A" in problem.message


def test_unknown_headings_are_named_in_a_notice(demo: Scenario, tmp_path: Path) -> None:
    path = _write(tmp_path, "name,tiem zone,contract,salary\nMia,Europe/Rome,full-time,1\n")
    (notice,) = team_import.preview(demo, path).notices
    assert "column B 'tiem zone' (did you mean 'time_zone'?)" in notice
    assert "column D 'salary'" in notice


def test_two_columns_read_as_one_are_refused(demo: Scenario, tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        team_import.preview(demo, _write(tmp_path, "name,zone,time zone\nMia,UTC,UTC\n"))
    assert "two columns are read as 'time_zone'" in info.value.problems[0].message


def test_missing_name_column_is_reported(demo: Scenario, tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        team_import.preview(demo, _write(tmp_path, "who,zone\nx,UTC\n"))
    assert "neither an agent table nor a time-off table" in info.value.problems[0].message
    assert "'name'" in str(info.value.problems[0].suggestion)


def test_unsupported_file_type(demo: Scenario, tmp_path: Path) -> None:
    with pytest.raises(UserError):
        team_import.preview(demo, _write(tmp_path, "x", "team.pdf"))


def test_parse_availability_wraps_weekdays_and_midnight() -> None:
    (w,) = team_import.parse_availability("sat-mon 22:00-06:00+1")
    assert w.window.weekdays == frozenset({5, 6, 0})
    assert w.window.ends_next_day


# Employee numbers ------------------------------------------------------------------------------
def test_employee_numbers_are_imported_as_text(demo: Scenario, tmp_path: Path) -> None:
    path = _write(tmp_path, "name,zone,contract,Employee number\n"
                            "Mia Rossi,Europe/Rome,full-time, 00123 \n"
                            "Kadri Tamm,,,E-77\n"
                            "Ravi Nair,Asia/Kolkata,part-time,\n")
    result = team_import.preview(demo, path)
    assert result.can_import_all, result.blocked_reason()
    new = team_import.apply(demo, result).scenario
    assert new.agent("mia-rossi").employee_number == "00123"  # zeros kept, spaces trimmed
    assert new.agent("kadri-tamm").employee_number == "E-77"  # an update sets it
    assert new.agent("ravi-nair").employee_number == ""


def test_an_empty_employee_number_cell_keeps_the_agents_number(demo: Scenario,
                                                               tmp_path: Path) -> None:
    assert demo.agent("kadri-tamm").employee_number == "10001"
    path = _write(tmp_path, "id,name,employee no.\nkadri-tamm,Kadri Tamm,\n")
    (row,) = team_import.preview(demo, path).rows
    assert row.unchanged
    assert row.agent is not None
    assert row.agent.employee_number == "10001"


def test_employee_number_from_a_workbook_and_its_problems(demo: Scenario,
                                                          tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Name", "Time zone", "Contract", "Payroll number"],
                                ["Ravi Nair", "Asia/Kolkata", "part-time", 1001],
                                ["Mia Rossi", "Europe/Rome", "full-time", "x" * 65]])
    result = team_import.preview(demo, path)
    ravi, mia = result.rows
    assert ravi.agent is not None
    assert ravi.agent.employee_number == "1001"  # a number cell, read without ".0"
    (problem,) = mia.located_problems()
    assert problem.path == "team.xlsx, sheet 'Sheet', row 3, column D 'Payroll number'"
    assert "at most 64 characters" in problem.message
