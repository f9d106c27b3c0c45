"""``coverage-scheduler export ics|xlsx|csv``: files written, re-exports update, bad input
exits 2 with nothing written."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import icalendar
import openpyxl
import pytest

from coverage_app.cli import main
from models.domain import Period, Plan, Shift
from models.files import write_plan, write_scenario
from tests.exports import sample


@pytest.fixture
def files(tmp_path):
    scenario_path, plan_path = tmp_path / "team.json", tmp_path / "plan.json"
    write_scenario(sample.scenario(), scenario_path)
    write_plan(sample.plan(), plan_path)
    return scenario_path, plan_path


def statuses(path) -> dict[str, tuple[int, str]]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): (int(e["SEQUENCE"]), str(e["STATUS"])) for e in cal.walk("VEVENT")}


def test_ics_writes_one_file_per_agent_and_reexport_updates(files, tmp_path, capsys):
    scenario_path, plan_path = files
    out = tmp_path / "calendars"
    args = ["export", "ics", "--scenario", str(scenario_path), "--plan", str(plan_path),
            "--out", str(out)]
    assert main(args) == 0
    names = sorted(p.name for p in out.iterdir())
    assert "team.ics" in names
    assert "Kadri T.ics" in names
    assert ".published.json" in names
    assert len([n for n in names if n.endswith(".ics")]) == 6
    assert "6 calendars written" in capsys.readouterr().out

    shifts = [s for s in sample.shifts() if s.id != "kadri-1002"]
    write_plan(sample.plan(tuple(shifts)), plan_path)
    assert main(args) == 0
    kadri = statuses(out / "Kadri T.ics")
    assert kadri["kadri-1002@coverage-scheduler"] == (1, "CANCELLED")
    assert kadri["kadri-1024@coverage-scheduler"] == (0, "CONFIRMED")


def test_xlsx_and_csv(files, tmp_path):
    scenario_path, plan_path = files
    book = tmp_path / "hours.xlsx"
    assert main(["export", "xlsx", "--scenario", str(scenario_path), "--plan", str(plan_path),
                 "--out", str(book)]) == 0
    assert openpyxl.load_workbook(book).sheetnames[0] == "Summary"
    table = tmp_path / "shifts.csv"
    assert main(["export", "csv", "--scenario", str(scenario_path), "--plan", str(plan_path),
                 "--out", str(table)]) == 0
    assert table.read_bytes().startswith(b"\xef\xbb\xbfagent,")


def test_plan_naming_an_unknown_agent_exits_2_and_writes_nothing(files, tmp_path, capsys):
    scenario_path, plan_path = files
    ghost = Shift("ghost-1", "ghost", datetime(2026, 10, 2, 6, tzinfo=UTC),
                  datetime(2026, 10, 2, 14, tzinfo=UTC))
    write_plan(sample.plan((*sample.shifts(), ghost)), plan_path)
    out = tmp_path / "calendars"
    targets = (("ics", out), ("xlsx", tmp_path / "h.xlsx"), ("csv", tmp_path / "s.csv"))
    for kind, target in targets:
        assert main(["export", kind, "--scenario", str(scenario_path), "--plan",
                     str(plan_path), "--out", str(target)]) == 2
        assert not target.exists()
    err = capsys.readouterr().err
    assert "shifts[10].agent_id" in err
    assert "ghost" in err
    assert "Nothing was written" in err


@pytest.mark.parametrize("problem", ["missing-plan", "xlsx-into-folder", "ics-into-file",
                                     "no-plan-arg"])
def test_bad_arguments_exit_2(files, tmp_path, problem):
    scenario_path, plan_path = files
    kind, out, plan = "xlsx", tmp_path / "h.xlsx", str(plan_path)
    if problem == "missing-plan":
        plan = str(tmp_path / "nope.json")
    elif problem == "xlsx-into-folder":
        out = tmp_path
    elif problem == "ics-into-file":
        kind = "ics"
        out = tmp_path / "file.txt"
        out.write_text("x")
    args = ["export", kind, "--scenario", str(scenario_path), "--out", str(out)]
    if problem != "no-plan-arg":
        args += ["--plan", plan]
    assert main(args) == 2


def test_with_a_database_the_ledger_lives_in_the_database(tmp_path, capsys):
    db = tmp_path / "team.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    start = datetime(2026, 12, 7, 7, tzinfo=UTC)
    shifts = tuple(Shift(f"kadri-tamm-{i}", "kadri-tamm", start + timedelta(days=i),
                         start + timedelta(days=i, hours=8)) for i in range(3))
    plan_path = tmp_path / "plan.json"
    write_plan(Plan(Period(datetime(2026, 12, 7).date(), 7), shifts), plan_path)
    out = tmp_path / "calendars"
    args = ["--db", str(db), "export", "ics", "--plan", str(plan_path), "--out", str(out)]
    assert main(args) == 0
    assert not (out / ".published.json").exists()
    # Only Kadri works that week: the other 15 demo agents get no (empty) file, and a line.
    assert sorted(p.name for p in out.glob("*.ics")) == ["Kadri T.ics", "team.ics"]
    assert " ".join(capsys.readouterr().out.split()).count("nothing to cancel; no file") == 15

    moved = dataclasses.replace(shifts[0], end=shifts[0].end + timedelta(hours=1))
    write_plan(Plan(Period(datetime(2026, 12, 7).date(), 7), (moved, shifts[1])), plan_path)
    assert main(args) == 0
    kadri = statuses(out / "Kadri T.ics")
    assert kadri["kadri-tamm-0@coverage-scheduler"] == (1, "CONFIRMED")
    assert kadri["kadri-tamm-1@coverage-scheduler"] == (0, "CONFIRMED")
    assert kadri["kadri-tamm-2@coverage-scheduler"] == (1, "CANCELLED")


def test_a_damaged_ledger_file_exits_2_and_writes_no_calendar(files, tmp_path, capsys):
    scenario_path, plan_path = files
    out = tmp_path / "calendars"
    out.mkdir()
    (out / ".published.json").write_text('{"format": "something else"}', encoding="utf-8")
    assert main(["export", "ics", "--scenario", str(scenario_path), "--plan", str(plan_path),
                 "--out", str(out)]) == 2
    assert sorted(p.name for p in out.iterdir()) == [".published.json"]
    assert "calendar ledger" in capsys.readouterr().err
