"""Response allowances in files and storage: version 3 scenario files carry
``allowance_minutes``, version 2 files still load (no allowance), and the database keeps it,
including one upgraded from schema 0004 with its data."""

from __future__ import annotations

import copy
import dataclasses
import json

import jsonschema
import pytest
from alembic import command

from coverage_app.services.store import ScenarioStore
from models.domain import DomainError, Scenario
from models.files import (
    SCENARIO_VERSION,
    read_scenario,
    scenario_from_json,
    scenario_schema,
    scenario_to_json,
    write_scenario,
)
from models.storage import migrate
from models.storage.database import create_db_engine, resolve_url
from tests.models.schema_probe import columns, row_counts
from tests.models.storage_helpers import make_plan

ASKED = "247-ru"  # the demo's 24/7 Russian-speaking requirement


def with_allowance(scenario: Scenario, minutes: int) -> Scenario:
    targets = tuple(dataclasses.replace(t, requirements=tuple(
        dataclasses.replace(r, allowance_minutes=minutes) if r.id == ASKED else r
        for r in t.requirements)) for t in scenario.targets)
    return dataclasses.replace(scenario, targets=targets)


def version_2(scenario: Scenario) -> dict[str, object]:
    """The scenario as version 2 wrote it: no ``allowance_minutes`` (nor standby) anywhere."""
    data = scenario_to_json(scenario)
    data["version"] = 2
    for target in data["targets"]:  # type: ignore[union-attr]
        for requirement in target["requirements"]:  # type: ignore[index]
            del requirement["allowance_minutes"]
            del requirement["standby_reach_minutes"]  # version 4
    del data["team"]["premiums"]["standby_rate"]  # type: ignore[index]
    return data


def test_the_demo_has_the_requirement_these_tests_change(demo):
    assert any(r.id == ASKED for t in demo.targets for r in t.requirements)


def test_a_version_2_file_loads_with_no_allowance(demo):
    loaded = scenario_from_json(version_2(demo))
    assert loaded == demo
    assert {r.allowance_minutes for t in loaded.targets for r in t.requirements} == {0}
    assert scenario_to_json(loaded)["version"] == SCENARIO_VERSION == 4


def test_a_version_2_file_cannot_carry_an_allowance(demo):
    data = version_2(demo)
    data["targets"][0]["requirements"][0]["allowance_minutes"] = 60  # type: ignore[index]
    with pytest.raises(DomainError) as error:
        scenario_from_json(data)
    [problem] = error.value.problems
    assert (problem.path, problem.value) == ("targets[0].requirements[0].allowance_minutes", 60)
    assert "new in version 3" in problem.message
    assert problem.suggestion == 'write "version": 3'


def test_an_allowance_round_trips_through_a_file_and_matches_the_schema(demo, tmp_path):
    allowing = with_allowance(demo, 60)
    write_scenario(allowing, tmp_path / "s.json")
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, scenario_schema())
    assert read_scenario(tmp_path / "s.json") == allowing
    assert allowing.target.requirement(ASKED).allowance_minutes == 60


def test_a_bad_allowance_in_a_file_names_the_requirement_the_field_and_the_value(demo):
    data = scenario_to_json(with_allowance(demo, 60))
    bad = copy.deepcopy(data)
    target_index, requirement_index = next(
        (i, j) for i, t in enumerate(bad["targets"])  # type: ignore[arg-type]
        for j, r in enumerate(t["requirements"]) if r["id"] == ASKED)
    bad["targets"][target_index]["requirements"][requirement_index][  # type: ignore[index]
        "allowance_minutes"] = 2000
    with pytest.raises(DomainError) as error:
        scenario_from_json(bad)
    [problem] = error.value.problems
    assert problem.path == (f"targets[{target_index}].requirements[{requirement_index}]"
                            ".allowance_minutes")
    assert problem.value == 2000
    name = demo.target.requirement(ASKED).name
    assert f"{name!r} ({ASKED})" in str(error.value)


def test_an_allowance_is_stored_and_read_back(db_url, demo):
    allowing = with_allowance(demo, 45)
    with ScenarioStore.open(db_url) as store:
        store.replace(allowing)
    with ScenarioStore.open(db_url) as again:
        loaded = again.load()
    assert loaded.target.requirement(ASKED).allowance_minutes == 45
    assert loaded == allowing


def test_upgrading_a_0004_database_with_data_keeps_every_row(db_url, demo):
    leveled = dataclasses.replace(demo, targets=tuple(dataclasses.replace(t, requirements=tuple(
        dataclasses.replace(r, min_level=2) if r.id == "247-linux-t2" else r
        for r in t.requirements)) for t in demo.targets))
    with ScenarioStore.open(db_url) as store:
        store.replace(leveled)
        store.save_plan(make_plan(), name="October")
    engine = create_db_engine(resolve_url(db_url))
    with engine.connect() as connection:  # the database as schema 0004 left it
        command.downgrade(migrate.alembic_config(connection), "0004")
        connection.commit()
    engine.dispose()
    assert "allowance_minutes" not in columns(db_url, "requirements")
    before = row_counts(db_url)
    assert before["requirements"] > 0
    assert before["requirement_skills"] > 0
    assert before["plan_shifts"] == 3
    assert before["plan_gaps"] == 1
    with ScenarioStore.open(db_url) as store:
        assert store.upgrade is not None
        assert (store.upgrade.before, store.upgrade.after) == ("0004", migrate.head_revision())
        loaded = store.load()
        plans = store.plan_history()
    after = row_counts(db_url)  # later schemas may add tables; those of 0004 keep every row
    assert {t: after[t] for t in before} == before  # nothing copied away, nothing cascaded
    assert loaded == leveled  # the levels kept, every requirement without an allowance
    assert {r.allowance_minutes for t in loaded.targets for r in t.requirements} == {0}
    assert [p.name for p in plans] == ["October"]
    with ScenarioStore.open(db_url) as store:  # and an allowance can be saved at once
        store.replace(with_allowance(leveled, 60))
        assert store.load().target.requirement(ASKED).allowance_minutes == 60
