"""Scenario and plan files: every problem at once with its path; lossless round trips."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pytest

from models.domain import DomainError, Period, Plan, PlanStatistics, PlanStatus, Shift
from models.files import (
    plan_from_json,
    plan_schema,
    plan_to_json,
    read_scenario,
    scenario_from_json,
    scenario_schema,
    scenario_to_json,
    write_plan,
    write_scenario,
)

RESOURCES = Path(__file__).parents[2] / "resources"


def demo_json() -> dict:
    return json.loads((RESOURCES / "demo_team.json").read_text(encoding="utf-8"))


def paths(error: pytest.ExceptionInfo[DomainError]) -> dict[str, str]:
    return {p.path: str(p) for p in error.value.problems}


def test_demo_file_is_canonical(demo):
    assert scenario_to_json(demo) == demo_json()


def test_file_round_trip_is_identical(demo, tmp_path):
    write_scenario(demo, tmp_path / "s.json")
    assert read_scenario(tmp_path / "s.json") == demo
    assert json.loads((tmp_path / "s.json").read_text()) == demo_json()


def test_all_problems_are_reported_at_once_with_paths():
    data = demo_json()
    data["agents"][3]["time_zone"] = "Europe/Talinn"
    data["agents"][5]["availability"]["windows"][0]["window"]["end"] = "08:00"
    data["agents"][1]["skills"][0]["skill_id"] = "chatt"
    data["targets"][2]["requirements"][3]["skills"][0] = "linx"
    with pytest.raises(DomainError) as error:
        scenario_from_json(data)
    found = paths(error)
    assert "did you mean 'Europe/Tallinn'?" in found["agents[3].time_zone"]
    assert "before it starts" in found["agents[5].availability.windows[0].window.end"]
    assert "did you mean 'chat'?" in found["agents[1].skills[0].skill_id"]
    assert "did you mean 'linux'?" in found["targets[2].requirements[3].skills[0]"]


@pytest.mark.parametrize(
    ("edit", "path", "words"),
    [
        (lambda d: d["agents"][0].update(bogus=1), "agents[0].bogus", "unknown field"),
        (lambda d: d["agents"][0].pop("time_zone"), "agents[0].time_zone", "is missing"),
        (lambda d: d["agents"][0].update(hourly_cost="a lot"), "agents[0].hourly_cost",
         "must be a number"),
        (lambda d: d["time_off"][0].update(first_day="24.12.2026"), "time_off[0].first_day",
         "must be a date"),
        (lambda d: d["agents"][0]["availability"]["windows"][0]["window"].update(
            weekdays=["mon", "funday"]), "agents[0].availability.windows[0].window.weekdays[1]",
         "is not a weekday"),
        (lambda d: d["skills"][0].update(category="channels"), "skills[0].category",
         "did you mean 'channel'?"),
        (lambda d: d["team"].update(granularity_minutes=20), "team.granularity_minutes",
         "15, 30 or 60"),
        (lambda d: d.update(active_target_id="24x7"), "active_target_id",
         "no such coverage target"),
    ],
)
def test_bad_values_name_their_path(edit, path, words):
    data = demo_json()
    edit(data)
    with pytest.raises(DomainError) as error:
        scenario_from_json(data)
    assert words in paths(error)[path]


def test_wrong_format_or_version():
    data = demo_json()
    data["version"] = 99
    with pytest.raises(DomainError, match="version"):
        scenario_from_json(data)
    with pytest.raises(DomainError, match="expected 'coverage-scheduler/scenario'"):
        scenario_from_json({"format": "something-else"})


def test_not_json_names_the_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "coverage-scheduler/scenario",\n "version": 1,,}')
    with pytest.raises(DomainError, match="line 2"):
        read_scenario(bad)


def test_midnight_end_is_written_as_next_day(demo):
    windows = [r["window"] for t in scenario_to_json(demo)["targets"] for r in t["requirements"]]
    assert {"weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00",
            "end": "00:00+1"} in windows


def test_24_00_is_read_as_midnight_next_day():
    data = demo_json()
    data["targets"][2]["requirements"][0]["window"]["end"] = "24:00"
    scenario = scenario_from_json(data)
    assert scenario_to_json(scenario)["targets"][2]["requirements"][0]["window"]["end"] == (
        "00:00+1")


def test_instants_with_offsets_are_read_as_utc():
    plan_json = {
        "format": "coverage-scheduler/plan", "version": 1,
        "period": {"first_day": "2026-10-24", "days": 2},
        "shifts": [{"id": "s1", "agent_id": "kadri-tamm", "start": "2026-10-24T22:00:00+03:00",
                    "end": "2026-10-25T06:00:00+02:00"}],
    }
    plan = plan_from_json(plan_json)
    assert plan.shifts[0].start == datetime(2026, 10, 24, 19, tzinfo=UTC)
    assert plan.shifts[0].hours == 9
    assert plan_to_json(plan)["shifts"][0]["start"] == "2026-10-24T19:00:00Z"


def test_naive_instant_in_a_file_is_refused():
    plan_json = {
        "format": "coverage-scheduler/plan", "version": 1,
        "period": {"first_day": "2026-10-24", "days": 2},
        "shifts": [{"id": "s1", "agent_id": "a", "start": "2026-10-24T22:00:00",
                    "end": "2026-10-25T06:00:00Z"}],
    }
    with pytest.raises(DomainError) as error:
        plan_from_json(plan_json)
    assert "has no UTC offset" in paths(error)["shifts[0].start"]


def test_plan_round_trip(tmp_path):
    start = datetime(2026, 3, 28, 20, tzinfo=UTC)
    plan = Plan(Period(date(2026, 3, 28), 2),
                (Shift("s1", "a", start, start.replace(day=29, hour=3), duty="phone"),),
                statistics=PlanStatistics(PlanStatus.OPTIMAL, objective=3.0, best_bound=3.0),
                created_at=datetime(2026, 3, 1, tzinfo=UTC), id="p1")
    write_plan(plan, tmp_path / "p.json")
    data = json.loads((tmp_path / "p.json").read_text())
    assert plan_from_json(data) == plan
    jsonschema.validate(data, plan_schema())


def test_demo_matches_the_shipped_schema():
    shipped = json.loads((RESOURCES / "scenario.schema.json").read_text())
    assert shipped == scenario_schema(), "regenerate with `python -m models.schemas resources`"
    jsonschema.validate(demo_json(), shipped)
    assert json.loads((RESOURCES / "plan.schema.json").read_text()) == plan_schema()


def test_schema_rejects_what_the_loader_rejects():
    data = copy.deepcopy(demo_json())
    data["agents"][0]["bogus"] = True
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, scenario_schema())


def test_atomic_write_leaves_old_file_on_failure(tmp_path, demo, monkeypatch):
    target = tmp_path / "s.json"
    target.write_text("old")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("models.atomic_write.os.replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_scenario(demo, target)
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]
