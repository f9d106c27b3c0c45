"""``coverage-scheduler forecast``: volumes in, the target's channel headcounts out, read back
from the written scenario; bad input names file, row and column, exits 2 and writes nothing."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta

import openpyxl
import pytest

from coverage_app.cli import main
from coverage_app.services import editing
from coverage_app.services.scenarios import demo_scenario
from models.files import read_scenario, write_scenario
from solver.demand import DemandModel, HourLoad, ServiceTarget, weekly_headcounts

FIRST_MONDAY = date(2026, 10, 5)


def phone_volume(week: int, day: int, hour: int) -> int:
    """Busy weekday office hours, a quiet night; week 0 (oldest) is twice as busy."""
    base = 40 if 8 <= hour < 18 and day < 5 else 6 if 7 <= hour < 23 else 1
    return base * (2 if week == 0 else 1)


def write_history(path, weeks: int = 5) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Channel", "Start", "Volume", "AHT", "Target", "Answered within",
                      "Shrinkage"])
        for week in range(weeks):
            for day in range(7):
                for hour in range(24):
                    start = datetime.combine(FIRST_MONDAY + timedelta(days=7 * week + day),
                                             datetime.min.time()) + timedelta(hours=hour)
                    out.writerow(["phone", f"{start:%Y-%m-%d %H:%M}",
                                  phone_volume(week, day, hour), 240, "80%", "20 s", "30%"])


@pytest.fixture
def team(tmp_path):
    path = tmp_path / "team.json"
    write_scenario(demo_scenario(), path)
    return path


def test_forecast_round_trip_sets_the_phone_grid_of_the_target(team, tmp_path, capsys):
    volumes = tmp_path / "volumes.csv"
    write_history(volumes)
    out = tmp_path / "planned.json"
    code = main(["forecast", str(volumes), "--scenario", str(team), "--target", "24/7",
                 "--weeks", "4", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    written = read_scenario(out)
    target = next(t for t in written.targets if t.id == "24-7")
    grid = editing.headcount_grid(editing.family_of(target, "247-phone"))
    # The last four weeks (not the busy oldest one) averaged, through Erlang C by hand:
    service = ServiceTarget(DemandModel.QUEUE, 0.8, 20, shrinkage=0.3)
    loads = [HourLoad(phone_volume(1, i // 24, i % 24), 240) for i in range(168)]
    expected = weekly_headcounts(loads, service)
    assert grid == tuple(tuple(expected[d * 24:(d + 1) * 24]) for d in range(7))
    assert grid[0][10] > grid[0][3] >= 1  # Monday 10:00 busier than 03:00
    # Only the phone family changed; every other requirement and target is as it was.
    before = demo_scenario()
    old_target = next(t for t in before.targets if t.id == "24-7")
    assert [r for r in target.requirements if r.skills != ("phone",)] == [
        r for r in old_target.requirements if r.skills != ("phone",)]
    assert [t for t in written.targets if t.id != "24-7"] == [
        t for t in before.targets if t.id != "24-7"]
    printed = capsys.readouterr().out
    assert "Phone duty" in printed
    assert "averaged" in printed
    assert "Scenario written to" in printed


def test_typed_week_from_xlsx_adds_a_requirement_for_a_new_channel(team, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["channel", "weekday", "hour", "volume", "handle_seconds", "answer_within"])
    for day in ("Monday", "Tuesday"):
        for hour in range(9, 17):
            sheet.append(["E-mail", day, hour, 30, 300, "2 h"])
    volumes = tmp_path / "email.xlsx"
    book.save(volumes)
    out = tmp_path / "planned.json"
    assert main(["forecast", str(volumes), "--scenario", str(team), "--target", "12h",
                 "--out", str(out)]) == 0
    target = next(t for t in read_scenario(out).targets if t.id == "12h")
    added = [r for r in target.requirements if r.skills == ("email",)]
    assert added
    assert added[0].name == "E-mail (forecast)"
    grid = editing.headcount_grid(added)
    # 30 mails x 5 min = 2.5 h of work an hour, spread over 2 h, 30 % shrinkage: 4 agents.
    assert (grid[0][9], grid[0][10], grid[0][17]) == (2, 4, 2)
    assert grid[2] == (0,) * 24


def test_bad_rows_name_file_row_and_column_exit_2_and_write_nothing(team, tmp_path, capsys):
    volumes = tmp_path / "volumes.csv"
    volumes.write_text("channel,start,volume,aht\n"
                       "phone,2026-10-05 09:00,12,240\n"
                       "fax,2026-10-05 10:00,3,240\n"
                       "phone,2026-10-05 11:00,many,240\n"
                       "phone,2026-10-05 12:30,4,240\n", encoding="utf-8")
    out = tmp_path / "planned.json"
    assert main(["forecast", str(volumes), "--scenario", str(team), "--target", "24-7",
                 "--out", str(out)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "volumes.csv, row 3, column A 'channel'" in err
    assert "'fax'" in err
    assert "volumes.csv, row 4, column C 'volume'" in err
    assert "'many'" in err
    assert "row 5, column B 'start'" in err
    assert "Nothing was written." in err
    assert not out.exists()


def test_same_file_as_out_is_left_whole_on_bad_input(team, tmp_path):
    volumes = tmp_path / "volumes.csv"
    volumes.write_text("channel,weekday,hour,volume\nphone,mon,9,10\n", encoding="utf-8")
    before = team.read_bytes()
    assert main(["forecast", str(volumes), "--scenario", str(team), "--target", "24-7",
                 "--out", str(team)]) == 2  # no handle time column
    assert team.read_bytes() == before
