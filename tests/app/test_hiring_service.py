"""The hiring-advice use case (Qt-free): the night agent a desk lacks is proposed first with
the gaps it closes; a menu that helps with nothing gives no option; a menu round-trips through
its file; a menu that does not fit the team names the entry and the field."""

from __future__ import annotations

import dataclasses
import json

import pytest

from coverage_app.services.errors import UserError
from coverage_app.services.hiring import (
    advise_hiring,
    menu_problems,
    menu_to_json,
    read_menu,
    write_menu,
)
from models.domain import AgentSkill, DomainError
from models.hiring_menu import MenuEntry
from tests.hiring_team import (
    LONDON_DAYS,
    MANILA_NIGHTS,
    NIGHT_HOURS,
    PERIOD,
    night_short_team,
)
from tests.solver.factory import utc


def advise(menu: tuple[MenuEntry, ...]):
    return advise_hiring(night_short_team(), PERIOD, menu, time_limit_s=5, workers=1)


def test_the_missing_night_agent_is_proposed_first_with_the_nights_it_closes():
    advice = advise((LONDON_DAYS, MANILA_NIGHTS))
    assert advice.missing_hours == pytest.approx(NIGHT_HOURS)
    [best] = advice.options  # one more day agent closes nothing and is not an option
    assert (best.entry.id, best.count) == ("manila-phone", 1)
    assert best.closes_hours == pytest.approx(NIGHT_HOURS)
    assert best.meets_target
    # The period's two days hold the end of Sunday's night, Monday's night and the start of
    # Tuesday's (the period ends at midnight).
    monday, tuesday = PERIOD.first_day, PERIOD.last_day
    assert [(g.requirement_id, g.start, g.end, g.people) for g in best.closed] == [
        ("night", utc(monday, 0), utc(monday, 6), 1),
        ("night", utc(monday, 22), utc(tuesday, 6), 1),
        ("night", utc(tuesday, 22), utc(tuesday, 22).replace(day=4, hour=0), 1)]
    assert sum(g.person_hours for g in best.closed) == pytest.approx(NIGHT_HOURS)
    assert best.closed[1].describe("UTC") == "Night Mon 02 Mar 22:00–Tue 06:00: 1 person, 8.0 h"
    sentence = best.sentence(night_short_team(), advice.missing_hours)
    assert sentence == ("1 agent in Asia/Manila with Phone, Contract: closes 16 of 16 missing "
                        "hours, +2,500 EUR a month")


def test_a_menu_that_closes_nothing_gives_no_option():
    advice = advise((LONDON_DAYS,))
    assert advice.missing_hours == pytest.approx(NIGHT_HOURS)
    assert advice.options == ()


def test_a_partial_option_does_not_meet_the_target():
    one_night = dataclasses.replace(MANILA_NIGHTS, max_count=1)
    team = night_short_team()
    longer = dataclasses.replace(PERIOD, days=3)
    advice = advise_hiring(team, longer, (one_night,), time_limit_s=5, workers=1)
    [option] = advice.options
    assert option.closes_hours > 0
    assert option.remaining_hours == pytest.approx(advice.missing_hours - option.closes_hours)
    assert option.meets_target == (option.remaining_hours <= 1e-9)


def test_a_menu_round_trips_through_its_file(tmp_path):
    path = tmp_path / "hires.json"
    no_cost = dataclasses.replace(LONDON_DAYS, monthly_cost=None)
    write_menu(path, (MANILA_NIGHTS, no_cost))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "coverage-scheduler/hiring-menu"
    assert "id" not in data["hires"][0]["agent"]
    assert "monthly_cost" not in data["hires"][1]
    assert data == menu_to_json((MANILA_NIGHTS, no_cost))
    assert read_menu(path, night_short_team()) == (MANILA_NIGHTS, no_cost)


def test_an_empty_menu_is_not_written(tmp_path):
    with pytest.raises(UserError, match="no possible hires"):
        write_menu(tmp_path / "hires.json", ())
    assert not (tmp_path / "hires.json").exists()


def test_a_bad_menu_file_names_every_entry_and_field(tmp_path):
    data = menu_to_json((MANILA_NIGHTS, LONDON_DAYS))
    data["hires"][0]["agent"]["contract_id"] = "fulltime"  # type: ignore[index]
    data["hires"][1]["max_count"] = 0  # type: ignore[index]
    path = tmp_path / "hires.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UserError) as error:
        read_menu(path, night_short_team())
    text = str(error.value)
    assert "hires[0].agent.contract_id" in text
    assert "fulltime" in text
    assert "hires[1].max_count" in text


def test_menu_problems_name_the_entry_and_field():
    unknown = dataclasses.replace(MANILA_NIGHTS, agent=dataclasses.replace(
        MANILA_NIGHTS.agent, skills=(AgentSkill("spanish"),)))
    problems = menu_problems((LONDON_DAYS, unknown, LONDON_DAYS), night_short_team())
    assert [(p.path, p.value) for p in problems] == [
        ("hires[1].agent.skills[0].skill_id", "spanish"), ("hires[2].id", "london-phone")]


def test_an_entry_checks_its_own_fields():
    with pytest.raises(DomainError) as error:
        dataclasses.replace(LONDON_DAYS, max_count=21, monthly_cost=-5.0)
    assert [p.path for p in error.value.problems] == ["max_count", "monthly_cost"]
