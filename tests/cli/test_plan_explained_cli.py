"""The ``solve`` and ``check`` summaries explain the plan by rule and warn about agents under
their contract's weekly minimum, with the hours missing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from coverage_app.cli import main
from models.domain import Availability, AvailabilityWindow
from models.files import read_plan, write_plan, write_scenario
from tests.solver.factory import agent, contract, requirement, scenario, shift, window

MONDAY_ONLY = frozenset({0})


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    # Cleo can work only Monday mornings: 4 h against a 32 h weekly minimum, whatever happens.
    cleo = dataclasses.replace(agent("cleo"), availability=Availability(
        (AvailabilityWindow(window(8, 12, MONDAY_ONLY)),)))
    sc = scenario([agent("ann", preferred=(8, 16)), cleo],
                  [requirement(hours=(8, 16), days=MONDAY_ONLY)],
                  the_contract=contract(min_hours_per_week=32.0))
    path = tmp_path / "team.json"
    write_scenario(sc, path)
    return path


def test_solve_prints_the_plan_by_rule_and_the_minimum_hours_warnings(
        scenario_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.json"
    assert main(["solve", str(scenario_file), "--start", "2026-03-02", "--days", "7",
                 "--time-limit", "5", "--seed", "1", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "The plan by rule" in text
    assert "Under weekly minimum hours" in text  # the solver's own rule line
    assert text.count("Coverage per requirement") == 1  # one table, one definition
    assert "Coverage by requirement" not in text
    assert "Preferences met:" in text
    assert "Warnings: 1 agent-week under the contract minimum (28.0 h missing in all)" in text
    cleo = next(line for line in text.splitlines() if "Cleo" in line and "2026-W10" in line)
    cells = [c for c in cleo.split() if c not in "│|"]
    assert cells[-3:] == ["4.0", "32.0", "28.0"]  # worked, minimum, missing


def test_check_warns_about_minimum_hours_without_failing(
        scenario_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import date

    from models.domain import Period, Plan

    monday = date(2026, 3, 2)
    path = tmp_path / "plan.json"
    write_plan(Plan(Period(monday, 7), (shift("ann", monday, 8, 8),
                                        shift("cleo", monday, 8, 4))), path)
    assert read_plan(path).shifts
    assert main(["check", str(scenario_file), str(path)]) == 0  # warnings are not violations
    text = capsys.readouterr().out
    assert "2 agent-weeks under the contract minimum (52.0 h missing in all)" in text
    assert "No violations" in text
    assert "Preferences met: 100.0 %" in text
    assert "The plan by rule" not in text  # a plan file has no solver objective to show


def test_check_prints_one_coverage_table_with_missing_person_hours_and_hours_short(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import date

    from models.domain import DutyKind, Period, Plan

    monday = date(2026, 3, 2)
    phone = requirement("phone", hours=(8, 12), days=MONDAY_ONLY, duty=DutyKind.DEDICATED)
    sc = scenario([agent("ann"), agent("bob"), agent("cleo")],
                  [requirement(hours=(8, 16), headcount=2, days=MONDAY_ONLY), phone])
    team = tmp_path / "team.json"
    write_scenario(sc, team)
    # 8-12 Ann and Bob both on the phone (one too many there: 4 person-hours), Cleo 10-14.
    # The open desk counts everyone on duty: two 8-12, Cleo alone 12-14, nobody 14-16. Asked
    # 16 person-hours, 10 met, 6 missing, in the 4 hours 12-16.
    path = tmp_path / "plan.json"
    write_plan(Plan(Period(monday, 7), (shift("ann", monday, 8, 4, duty="phone"),
                                        shift("bob", monday, 8, 4, duty="phone"),
                                        shift("cleo", monday, 10, 4))), path)
    assert main(["check", str(team), str(path)]) == 0
    text = capsys.readouterr().out
    assert text.count("Coverage per requirement") == 1
    assert "Coverage by requirement" not in text

    def cells(name: str) -> list[str]:
        line = next(line for line in text.splitlines() if line.startswith(f"│ {name} "))
        return [c.strip() for c in line.strip("│").split("│")][1:]

    assert cells("Open") == ["16", "10", "6", "62.5", "4", "–"]
    assert cells("Phone") == ["4", "4", "0", "100.0", "0", "4"]
