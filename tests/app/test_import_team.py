"""Team import from CSV and xlsx: a preview with per-row problems, then apply (Qt-free)."""

from __future__ import annotations

from datetime import time
from pathlib import Path

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


def test_apply_writes_only_good_rows_and_refuses_bad_ones(demo: Scenario,
                                                          tmp_path: Path) -> None:
    result = team_import.preview(demo, _write(tmp_path, CSV))
    with pytest.raises(UserError) as info:
        team_import.apply(demo, result.rows)
    assert info.value.problems[0].path.startswith("row 3")
    new = team_import.apply(demo, result.good)
    assert len(new.agents) == len(demo.agents) + 1
    assert not new.agent("kadri-tamm").active
    assert new.agent("mia-rossi").time_zone == "Europe/Rome"


def test_xlsx_is_read_like_csv(demo: Scenario, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Time zone", "Contract", "Skills", "Hourly cost"])
    sheet.append(["Ravi Nair", "Asia/Kolkata", "part-time", "chat;en:3", 12])
    path = tmp_path / "team.xlsx"
    book.save(path)
    result = team_import.preview(demo, path)
    (row,) = result.rows
    assert row.ok
    assert row.agent is not None
    assert row.agent.hourly_cost == 12
    assert row.agent.id == "ravi-nair"


def test_missing_name_column_is_reported(demo: Scenario, tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        team_import.preview(demo, _write(tmp_path, "who,zone\nx,UTC\n"))
    assert "name" in info.value.problems[0].message


def test_unsupported_file_type(demo: Scenario, tmp_path: Path) -> None:
    with pytest.raises(UserError):
        team_import.preview(demo, _write(tmp_path, "x", "team.pdf"))


def test_parse_availability_wraps_weekdays_and_midnight() -> None:
    (w,) = team_import.parse_availability("sat-mon 22:00-06:00+1")
    assert w.window.weekdays == frozenset({5, 6, 0})
    assert w.window.ends_next_day
