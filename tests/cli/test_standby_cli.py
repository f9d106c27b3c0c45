"""``coverage-scheduler check`` on a tier-2 line met overnight by standby: no gap and no
violation while it accepts standby; when it does not, the same plan is short and breaks a rule
(non-zero exit). The summary gives hours on standby apart from hours worked."""

from __future__ import annotations

from pathlib import Path

import pytest

from coverage_app.cli import main
from models.files import write_plan, write_scenario
from tests.solver.test_standby import desk, night_by_standby


def _files(tmp_path: Path, reach: int) -> tuple[Path, Path]:
    scenario, plan = tmp_path / "team.json", tmp_path / "plan.json"
    write_scenario(desk(reach), scenario)
    write_plan(night_by_standby(), plan)
    return scenario, plan


def test_check_counts_standby_for_the_tier_2_line(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    scenario, plan = _files(tmp_path, 30)
    assert main(["check", str(scenario), str(plan)]) == 0
    text = capsys.readouterr().out
    assert "0 of 32 person-hours asked are missing" in text
    assert "No violations" in text
    assert "Hours worked: 8.0 h. On standby: 16.0 h." in text


def test_check_reports_standby_for_a_line_that_needs_duty(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    scenario, plan = _files(tmp_path, 0)
    assert main(["check", str(scenario), str(plan)]) != 0
    text = capsys.readouterr().out
    assert "16 of 32 person-hours asked are missing" in text
    assert "does not accept standby" in text
