"""Requirement levels in files and storage: version 2 scenario files carry ``min_level``,
version 1 files still load (every requirement at level 1), and the database keeps the level,
including one upgraded from schema 0003 with its data."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

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

VERSION_1 = Path(__file__).parent / "data" / "scenario_v1.json"  # the demo team as 1.0 wrote it


def with_linux_level(scenario: Scenario, level: int) -> Scenario:
    """The demo with its 24/7 Linux tier-2 requirement asking for ``level``."""
    targets = tuple(dataclasses.replace(t, requirements=tuple(
        dataclasses.replace(r, min_level=level) if r.id == "247-linux-t2" else r
        for r in t.requirements)) for t in scenario.targets)
    return dataclasses.replace(scenario, targets=targets)


def test_a_version_1_file_loads_with_every_requirement_at_level_1(demo):
    raw = json.loads(VERSION_1.read_text(encoding="utf-8"))
    assert raw["version"] == 1
    assert not any("min_level" in r for t in raw["targets"] for r in t["requirements"])
    loaded = read_scenario(VERSION_1)
    assert {r.min_level for t in loaded.targets for r in t.requirements} == {1}
    assert loaded == demo
    assert scenario_to_json(loaded)["version"] == SCENARIO_VERSION == 4  # written as the newest


def test_a_version_1_file_cannot_carry_a_level():
    raw = json.loads(VERSION_1.read_text(encoding="utf-8"))
    raw["targets"][0]["requirements"][1]["min_level"] = 2
    with pytest.raises(DomainError) as error:
        scenario_from_json(raw)
    [problem] = error.value.problems
    assert problem.path == "targets[0].requirements[1].min_level"
    assert problem.value == 2
    assert "new in version 2" in problem.message
    assert problem.suggestion == 'write "version": 2'


def test_a_newer_version_is_refused_naming_the_versions_read(demo):
    data = scenario_to_json(demo)
    data["version"] = 5
    with pytest.raises(DomainError, match="reads version 1, 2, 3 and 4"):
        scenario_from_json(data)


def test_a_level_round_trips_through_a_file_and_matches_the_schema(demo, tmp_path):
    leveled = with_linux_level(demo, 3)
    write_scenario(leveled, tmp_path / "s.json")
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, scenario_schema())
    assert read_scenario(tmp_path / "s.json") == leveled
    bad = copy.deepcopy(data)
    requirement = next(r for t in bad["targets"] for r in t["requirements"]
                       if r["id"] == "247-linux-t2")
    requirement["min_level"] = 5
    with pytest.raises(DomainError) as error:
        scenario_from_json(bad)
    assert any(p.path.endswith(".min_level") and p.value == 5 for p in error.value.problems)


def test_a_level_is_stored_and_read_back(db_url, demo):
    leveled = with_linux_level(demo, 2)
    with ScenarioStore.open(db_url) as store:
        store.replace(leveled)
    with ScenarioStore.open(db_url) as again:
        loaded = again.load()
    assert loaded.target.requirement("247-linux-t2").min_level == 2
    assert loaded == leveled


def test_upgrading_a_0003_database_with_data_keeps_every_row(db_url, demo):
    with ScenarioStore.open(db_url) as store:
        store.replace(demo)
        store.save_plan(make_plan(), name="October")
    engine = create_db_engine(resolve_url(db_url))
    with engine.connect() as connection:  # the database as schema 0003 left it
        command.downgrade(migrate.alembic_config(connection), "0003")
        connection.commit()
    engine.dispose()
    assert "min_level" not in columns(db_url, "requirements")
    before = row_counts(db_url)
    assert before["requirements"] > 0
    assert before["requirement_skills"] > 0
    assert before["plan_shifts"] == 3
    assert before["plan_gaps"] == 1
    with ScenarioStore.open(db_url) as store:
        assert store.upgrade is not None
        assert (store.upgrade.before, store.upgrade.after) == ("0003", migrate.head_revision())
        loaded = store.load()
        plans = store.plan_history()
    after = row_counts(db_url)  # later schemas may add tables; those of 0003 keep every row
    assert {t: after[t] for t in before} == before  # nothing copied away, nothing cascaded
    assert loaded == demo  # every requirement at level 1, nothing else changed
    assert {r.min_level for t in loaded.targets for r in t.requirements} == {1}
    assert [p.name for p in plans] == ["October"]
