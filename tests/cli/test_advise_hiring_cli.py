"""Hiring advice: candidate agents from a menu close only what the team cannot, ranked by the
missing hours they close; a bad menu names the entry and field, exits 2."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from coverage_app.cli import main
from coverage_app.services.hiring import advise_hiring, menu_from_json, with_hires
from coverage_app.services.scenarios import demo_scenario
from models.domain import DomainError, Period, Scenario
from models.files import write_scenario
from solver import SolveParams, solve
from solver.check import check

MENU = Path(__file__).with_name("hiring_menu.json")
START = date(2026, 12, 7)


def small_team(size: int = 4) -> Scenario:
    demo = demo_scenario()
    agents = demo.agents[:size]
    kept = {a.id for a in agents}
    return dataclasses.replace(
        demo, agents=agents, time_off=tuple(t for t in demo.time_off if t.agent_id in kept),
        history=tuple(s for s in demo.history if s.agent_id in kept))


@pytest.mark.slow
def test_hires_close_missing_hours_and_are_ranked_by_what_they_close():
    scenario = small_team()
    menu = menu_from_json(json.loads(MENU.read_text(encoding="utf-8")), scenario)
    advice = advise_hiring(scenario, Period(START, 2), menu, time_limit_s=2, workers=1)
    missing = advice.missing_hours
    assert missing > 0
    assert advice.options
    closes = [o.closes_hours for o in advice.options]
    assert closes == sorted(closes, reverse=True)
    for option in advice.options:
        assert 0 < option.closes_hours <= missing
        assert option.remaining_hours == pytest.approx(missing - option.closes_hours)
        assert 1 <= option.count <= option.entry.max_count
        assert option.monthly_cost > 0
        # The proposed hires really are agents the engine plans within every rule.
        hired = with_hires(scenario, option.entry, option.count)
        plan = solve(hired, SolveParams(Period(START, 2), time_limit_s=2, workers=1)).plan
        assert check(hired, plan) == []
    best = advice.options[0]
    assert best.entry.id == "manila-en-linux"  # phone + Linux second line, day and night
    assert "in Asia/Manila with Phone + English + Linux" in best.sentence(scenario, missing)


def test_a_team_that_meets_its_target_needs_no_hire(tmp_path, capsys):
    scenario = small_team(4)
    target = scenario.target
    nobody = dataclasses.replace(target, overrides=(), requirements=tuple(
        dataclasses.replace(r, headcount=0) for r in target.requirements))
    quiet = dataclasses.replace(scenario, targets=tuple(
        nobody if t.id == target.id else t for t in scenario.targets))
    team = tmp_path / "team.json"
    write_scenario(quiet, team)
    assert main(["advise-hiring", str(team), "--start", START.isoformat(), "--days", "1",
                 "--menu", str(MENU), "--time-limit", "2", "--workers", "1"]) == 0
    assert "No hire needed" in capsys.readouterr().out


def test_bad_menu_names_entry_and_field_and_exits_2(tmp_path, capsys):
    team = tmp_path / "team.json"
    write_scenario(small_team(2), team)
    menu = json.loads(MENU.read_text(encoding="utf-8"))
    menu["hires"][1]["agent"]["time_zone"] = "Asia/Manilla"
    menu["hires"][0]["agent"]["skills"][0]["skill_id"] = "spanish"
    bad = tmp_path / "hires.json"
    bad.write_text(json.dumps(menu), encoding="utf-8")
    assert main(["advise-hiring", str(team), "--start", START.isoformat(), "--days", "1",
                 "--menu", str(bad)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "hires[1].agent.time_zone" in err
    assert "Asia/Manila" in err  # the suggestion
    assert "hires[0].agent.skills[0].skill_id" in err
    with pytest.raises(DomainError):
        menu_from_json({"format": "coverage-scheduler/hiring-menu", "version": 1, "hires": []},
                       small_team(2))


def test_the_output_lists_the_gaps_each_option_closes(tmp_path, capsys):
    from coverage_app.services.hiring import write_menu
    from tests.hiring_team import LONDON_DAYS, MANILA_NIGHTS, PERIOD, night_short_team

    team, menu = tmp_path / "team.json", tmp_path / "hires.json"
    write_scenario(night_short_team(), team)
    write_menu(menu, (LONDON_DAYS, MANILA_NIGHTS))
    assert main(["advise-hiring", str(team), "--start", PERIOD.first_day.isoformat(),
                 "--days", str(PERIOD.days), "--menu", str(menu), "--time-limit", "5",
                 "--workers", "1"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Asia/Manila" in out  # the option (its sentence wraps in the table)
    assert "#1 closes these gaps (UTC) (the target is met):" in out
    assert "Night Mon 02 Mar 22:00–Tue 06:00: 1 person, 8.0 h" in out
    assert "London" not in out  # closes nothing: not an option
