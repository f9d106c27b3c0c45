"""Standby in files and storage: version 4 scenario files carry a requirement's standby reach,
the team's standby rate and the kind of shifts worked before the period; version 3 files still
load (no standby anywhere); plan files carry each shift's kind; the database keeps all of it,
including one upgraded from schema 0005 with its data."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import jsonschema
import pytest
from alembic import command

from coverage_app.services.store import ScenarioStore
from models.domain import DomainError, Premiums, Scenario, Shift, ShiftKind, ShiftOrigin
from models.files import (
    PLAN_VERSION,
    SCENARIO_VERSION,
    plan_from_json,
    plan_schema,
    plan_to_json,
    read_plan,
    read_scenario,
    scenario_from_json,
    scenario_schema,
    scenario_to_json,
    write_plan,
    write_scenario,
)
from models.storage import migrate
from models.storage.database import create_db_engine, resolve_url
from tests.models.schema_probe import columns, row_counts
from tests.models.storage_helpers import make_plan

SECOND_LINE = "247-linux-t2"  # the demo's 24/7 Linux tier-2 requirement (shared)


def with_standby(scenario: Scenario, reach: int = 30, rate: float = 0.3) -> Scenario:
    """The demo with its Linux tier 2 reachable on standby, a standby rate and one standby
    shift worked just before the period."""
    targets = tuple(dataclasses.replace(t, requirements=tuple(
        dataclasses.replace(r, standby_reach_minutes=reach) if r.id == SECOND_LINE else r
        for r in t.requirements)) for t in scenario.targets)
    team = dataclasses.replace(scenario.team, premiums=dataclasses.replace(
        scenario.team.premiums, standby_rate=rate))
    night = Shift("h-standby", scenario.agents[0].id, datetime(2026, 10, 18, 22, tzinfo=UTC),
                  datetime(2026, 10, 19, 6, tzinfo=UTC), duty=SECOND_LINE,
                  origin=ShiftOrigin.HISTORY, kind=ShiftKind.STANDBY)
    return dataclasses.replace(scenario, targets=targets, team=team, history=(night,))


def version_3(scenario: Scenario) -> dict[str, object]:
    """The scenario as version 3 wrote it: no standby fields anywhere."""
    data = scenario_to_json(scenario)
    data["version"] = 3
    for target in data["targets"]:  # type: ignore[union-attr]
        for requirement in target["requirements"]:  # type: ignore[index]
            del requirement["standby_reach_minutes"]
    del data["team"]["premiums"]["standby_rate"]  # type: ignore[index]
    for shift in data["history"]:  # type: ignore[union-attr]
        del shift["kind"]  # type: ignore[index]
    return data


def test_the_demo_has_a_shared_second_line(demo):
    assert demo.target.requirement(SECOND_LINE).duty.value == "shared"


def test_a_version_3_file_loads_unchanged_with_no_standby(demo, tmp_path):
    path = tmp_path / "v3.json"
    path.write_text(json.dumps(version_3(demo)), encoding="utf-8")
    loaded = read_scenario(path)
    assert loaded == demo
    assert not any(r.accepts_standby for t in loaded.targets for r in t.requirements)
    assert loaded.team.premiums.standby_rate == Premiums().standby_rate
    assert scenario_to_json(loaded)["version"] == SCENARIO_VERSION == 4


@pytest.mark.parametrize(("where", "path"), [
    ("requirement", "targets[0].requirements[0].standby_reach_minutes"),
    ("premiums", "team.premiums.standby_rate"),
])
def test_a_version_3_file_cannot_carry_standby(demo, where, path):
    data = version_3(demo)
    if where == "requirement":
        data["targets"][0]["requirements"][0]["standby_reach_minutes"] = 30  # type: ignore[index]
    else:
        data["team"]["premiums"]["standby_rate"] = 0.3  # type: ignore[index]
    with pytest.raises(DomainError) as error:
        scenario_from_json(data)
    [problem] = error.value.problems
    assert problem.path == path
    assert "new in version 4" in problem.message
    assert problem.suggestion == 'write "version": 4'


def test_standby_round_trips_through_a_version_4_file_and_matches_the_schema(demo, tmp_path):
    standing = with_standby(demo)
    write_scenario(standing, tmp_path / "s.json")
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert data["version"] == 4
    jsonschema.validate(data, scenario_schema())
    assert read_scenario(tmp_path / "s.json") == standing
    assert standing.target.requirement(SECOND_LINE).standby_reach_minutes == 30
    assert standing.history[0].kind is ShiftKind.STANDBY


def test_a_bad_standby_reach_in_a_file_names_the_requirement_the_field_and_the_value(demo):
    data = scenario_to_json(demo)
    target_index, requirement_index = next(
        (i, j) for i, t in enumerate(data["targets"])  # type: ignore[arg-type]
        for j, r in enumerate(t["requirements"]) if r["id"] == SECOND_LINE)
    data["targets"][target_index]["requirements"][requirement_index][  # type: ignore[index]
        "standby_reach_minutes"] = 999
    with pytest.raises(DomainError) as error:
        scenario_from_json(data)
    [problem] = error.value.problems
    assert problem.path == (f"targets[{target_index}].requirements[{requirement_index}]"
                            ".standby_reach_minutes")
    assert problem.value == 999
    name = demo.target.requirement(SECOND_LINE).name
    assert f"{name!r} ({SECOND_LINE})" in str(error.value)


def standby_plan():
    plan = make_plan()
    night = Shift("s-standby", "priya-sharma", datetime(2026, 10, 26, 22, tzinfo=UTC),
                  datetime(2026, 10, 27, 6, tzinfo=UTC), duty=SECOND_LINE,
                  kind=ShiftKind.STANDBY)
    return dataclasses.replace(plan, shifts=(*plan.shifts, night))


def test_a_plan_file_keeps_each_shifts_kind_and_a_version_1_plan_is_all_on_duty(tmp_path):
    plan = standby_plan()
    write_plan(plan, tmp_path / "p.json")
    data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert data["version"] == PLAN_VERSION == 2
    jsonschema.validate(data, plan_schema())
    assert read_plan(tmp_path / "p.json") == plan
    older = plan_to_json(make_plan())
    older["version"] = 1
    for shift in older["shifts"]:  # type: ignore[union-attr]
        del shift["kind"]  # type: ignore[index]
    assert plan_from_json(older) == make_plan()
    older["shifts"][0]["kind"] = "standby"  # type: ignore[index]
    with pytest.raises(DomainError) as error:
        plan_from_json(older)
    assert error.value.problems[0].path == "shifts[0].kind"


def test_standby_is_stored_and_read_back(db_url, demo):
    standing = with_standby(demo, reach=45, rate=0.2)
    plan = standby_plan()
    with ScenarioStore.open(db_url) as store:
        store.replace(standing)
        plan_id = store.save_plan(plan, name="October")
    with ScenarioStore.open(db_url) as again:
        loaded = again.load()
        loaded_plan = again.load_plan(plan_id)
    assert loaded == standing
    assert loaded.team.premiums.standby_rate == 0.2
    assert loaded_plan is not None
    assert [s.kind for s in loaded_plan.shifts] == [s.kind for s in plan.shifts]
    assert loaded_plan.shifts == plan.shifts


def test_upgrading_a_0005_database_with_data_keeps_every_row(db_url, demo):
    allowing = dataclasses.replace(demo, targets=tuple(dataclasses.replace(t, requirements=tuple(
        dataclasses.replace(r, allowance_minutes=60) if r.id == "247-ru" else r
        for r in t.requirements)) for t in demo.targets))
    worked = Shift("h-1", demo.agents[0].id, datetime(2026, 10, 18, 22, tzinfo=UTC),
                   datetime(2026, 10, 19, 6, tzinfo=UTC), origin=ShiftOrigin.HISTORY)
    allowing = dataclasses.replace(allowing, history=(worked,))
    with ScenarioStore.open(db_url) as store:
        store.replace(allowing)
        store.save_plan(make_plan(), name="October")
    engine = create_db_engine(resolve_url(db_url))
    with engine.connect() as connection:  # the database as schema 0005 left it
        command.downgrade(migrate.alembic_config(connection), "0005")
        connection.commit()
    engine.dispose()
    assert "standby_reach_minutes" not in columns(db_url, "requirements")
    assert "kind" not in columns(db_url, "plan_shifts")
    assert "kind" not in columns(db_url, "history_shifts")
    assert "standby_rate" not in columns(db_url, "team")
    before = row_counts(db_url)
    assert before["requirements"] > 0
    assert before["requirement_skills"] > 0
    assert before["history_shifts"] == 1
    assert before["plan_shifts"] == 3
    assert before["plan_gaps"] == 1
    with ScenarioStore.open(db_url) as store:
        assert store.upgrade is not None
        assert store.upgrade.before == "0005"
        assert store.schema_version() == migrate.head_revision()
        loaded = store.load()
        plans = store.plan_history()
        plan = store.load_plan(plans[0].id)
    after = row_counts(db_url)  # later schemas may add tables; those of 0005 keep every row
    assert {t: after[t] for t in before} == before  # nothing copied away, nothing cascaded
    assert loaded == allowing  # allowances kept; no standby, every shift on duty
    assert plan is not None
    assert {s.kind for s in plan.shifts} == {ShiftKind.ON_DUTY}
    assert loaded.team.premiums.standby_rate == Premiums().standby_rate
    with ScenarioStore.open(db_url) as store:  # and standby can be saved at once
        store.replace(with_standby(allowing))
        assert store.load().target.requirement(SECOND_LINE).accepts_standby
