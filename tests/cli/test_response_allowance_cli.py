"""``coverage-scheduler check`` and ``solve`` on a response-time requirement: e-mail within
60 minutes; a 45-minute hole is no gap, a 75-minute hole is one."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from coverage_app.cli import main
from models.files import read_plan, write_plan, write_scenario
from tests.solver.factory import MONDAY, utc
from tests.solver.test_response_allowance import hand_made, team


def _files(tmp_path: Path, second_from: time) -> tuple[Path, Path]:
    scenario, plan = tmp_path / "team.json", tmp_path / "plan.json"
    write_scenario(team(60, second_from), scenario)
    write_plan(hand_made(second_from), plan)
    return scenario, plan


def test_check_counts_no_gap_for_a_45_minute_hole(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    scenario, plan = _files(tmp_path, time(12, 45))
    assert main(["check", str(scenario), str(plan)]) == 0
    text = capsys.readouterr().out
    assert "0 of 9 person-hours asked are missing" in text
    assert "E-mail (within 60 min)" in text
    assert "No violations" in text


def test_check_counts_a_75_minute_hole_as_a_gap(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    scenario, plan = _files(tmp_path, time(13, 15))
    assert main(["check", str(scenario), str(plan)]) == 0  # a gap is no rule broken
    assert "1.25 of 9 person-hours asked are missing" in capsys.readouterr().out


def test_solve_plans_across_the_short_hole_and_reports_the_long_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for second_from, gaps in ((time(12, 45), []),
                              (time(13, 15), [(utc(MONDAY, 12), utc(MONDAY, 13, 15))])):
        scenario, _ = _files(tmp_path, second_from)
        out = tmp_path / "solved.json"
        assert main(["solve", str(scenario), "--start", MONDAY.isoformat(), "--days", "1",
                     "--time-limit", "5", "--seed", "1", "--out", str(out)]) == 0
        assert "E-mail (within 60 min)" in capsys.readouterr().out
        assert [(g.start, g.end) for g in read_plan(out).gaps] == gaps
