"""Scenarios side by side: the demo's three targets solved for a small team give three plans
whose shortfall follows the targets' sizes; ``coverage-scheduler compare`` prints the table
and writes the workbook; a wrong target id exits 2 with nothing written."""

from __future__ import annotations

import dataclasses
from datetime import date

import openpyxl
import pytest

from coverage_app.cli import main
from coverage_app.services.comparison import compare_targets, target_ids
from coverage_app.services.scenarios import demo_scenario
from models.domain import Period, Scenario
from models.files import write_scenario
from solver.check import check

START = date(2026, 12, 7)


def small_team(size: int = 4) -> Scenario:
    """The demo team cut to its first ``size`` agents, so no target can be met in full."""
    demo = demo_scenario()
    agents = demo.agents[:size]
    kept = {a.id for a in agents}
    return dataclasses.replace(
        demo, agents=agents, time_off=tuple(t for t in demo.time_off if t.agent_id in kept),
        history=tuple(s for s in demo.history if s.agent_id in kept))


@pytest.mark.slow
def test_demo_targets_shortfall_follows_their_size():
    scenario = small_team()
    ids = target_ids(scenario, None)
    assert ids == ("12h", "16h", "24-7")
    comparison = compare_targets(scenario, Period(START, 2), ids, time_limit_s=3, workers=1)
    figures = [o.figures for o in comparison.outcomes]
    assert [f.target_id for f in figures] == ["12h", "16h", "24-7"]
    asked = [f.required_hours for f in figures]
    missing = [f.shortfall_hours for f in figures]
    assert asked == sorted(asked)
    assert asked[0] < asked[1] < asked[2]
    assert missing == sorted(missing)
    assert missing[2] > missing[0]
    assert sum(h for _, h in figures[2].shortfall_by_priority) == pytest.approx(missing[2])
    for outcome in comparison.outcomes:
        variant = dataclasses.replace(scenario, active_target_id=outcome.figures.target_id)
        assert check(variant, outcome.plan) == []
        assert outcome.figures.hours == pytest.approx(
            sum(s.minutes for s in outcome.plan.shifts) / 60)
    assert not comparison.cancelled


@pytest.mark.slow
def test_compare_command_prints_and_writes_the_workbook(tmp_path, capsys):
    team = tmp_path / "team.json"
    write_scenario(small_team(3), team)
    out = tmp_path / "comparison.xlsx"
    code = main(["compare", str(team), "--start", START.isoformat(), "--days", "1",
                 "--targets", "12h,24/7", "--time-limit", "2", "--workers", "1",
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    assert "Missing person-hours" in printed
    assert "Comparison written to" in printed
    book = openpyxl.load_workbook(out)
    sheet = book["Comparison"]
    assert [sheet.cell(3, c).value for c in (1, 2, 3)] == ["Figure", "12 h a day", "24/7"]
    labels = {sheet.cell(r, 1).value: r for r in range(4, sheet.max_row + 1)}
    asked = labels["Person-hours asked"]
    assert sheet.cell(asked, 2).value < sheet.cell(asked, 3).value
    assert isinstance(sheet.cell(labels["Hours worked"], 2).value, (int, float))
    assert any(str(label).startswith("Cost in EUR") for label in labels)
    cover = book["Coverage"]
    names = [cover.cell(r, 1).value for r in range(2, cover.max_row + 1)]
    assert "Phone duty" in names


def test_unknown_target_exits_2_and_writes_nothing(tmp_path, capsys):
    team = tmp_path / "team.json"
    write_scenario(small_team(2), team)
    out = tmp_path / "comparison.xlsx"
    assert main(["compare", str(team), "--start", START.isoformat(), "--days", "1",
                 "--targets", "12h,24x7", "--out", str(out)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "--targets" in err
    assert "'24x7'" in err
    assert "did you mean" in err or "24-7" in err
    assert not out.exists()
