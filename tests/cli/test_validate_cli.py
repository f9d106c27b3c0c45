"""``coverage-scheduler validate`` and ``--version`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coverage_app.cli import main

DEMO = Path(__file__).parents[2] / "resources" / "demo_team.json"


def test_version_names_zone_data_and_ortools(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "Coverage Scheduler" in out
    assert "tzdata" in out
    assert "OR-Tools" in out


def test_validate_demo_exits_zero(capsys):
    assert main(["validate", str(DEMO)]) == 0
    out = capsys.readouterr().out
    assert "Northwind Support Desk" in out
    assert "Valid." in out


def test_validate_reports_three_problems_with_paths_and_exits_two(tmp_path, capsys):
    data = json.loads(DEMO.read_text())
    data["agents"][3]["time_zone"] = "Europe/Talinn"
    data["agents"][0]["availability"]["windows"][0]["window"]["end"] = "06:00"
    data["targets"][0]["requirements"][1]["skills"] = ["fone"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    assert main(["validate", str(bad)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "3 problems" in err
    assert "agents[3].time_zone: 'Europe/Talinn' is not a time zone; did you mean " \
           "'Europe/Tallinn'?" in err
    assert "agents[0].availability.windows[0].window.end" in err
    assert "targets[0].requirements[1].skills[0]: no such skill (got 'fone'); " \
           "did you mean 'phone'?" in err
    assert "Nothing was written." in err


def test_validate_missing_file(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.json")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_validate_plan_file_given_as_scenario(tmp_path, capsys):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"format": "coverage-scheduler/plan", "version": 1}))
    assert main(["validate", str(plan)]) == 2
    assert "this is a plan file" in capsys.readouterr().err


def test_unexpected_error_goes_to_the_log_not_the_screen(monkeypatch, capsys, tmp_path):
    def explode(path):
        raise RuntimeError("internal detail")

    monkeypatch.setattr("coverage_app.cli.validate.read_scenario_file", explode)
    assert main(["validate", str(DEMO)]) == 3
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "Something went wrong" in captured.out
    from coverage_app.logs import log_path

    assert "internal detail" in log_path().read_text()
