"""Storage: the UTC column type and a lossless round trip of scenarios through the database."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import StatementError
from sqlalchemy.schema import CreateIndex, CreateTable

from coverage_app.services.errors import UserError
from coverage_app.services.store import ScenarioStore
from models.files import scenario_to_json
from models.storage.database import create_db_engine, resolve_url
from models.storage.orm import Base
from models.storage.types import NaiveDatetimeError, UTCDateTime
from tests.models.storage_helpers import rich_scenario

# --------------------------------------------------------------------------------------------
# The UTC column type
# --------------------------------------------------------------------------------------------


def _instants_table(url):
    engine = create_db_engine(resolve_url(url))
    table = Table("instants", MetaData(), Column("id", Integer, primary_key=True),
                  Column("at", UTCDateTime))
    table.metadata.create_all(engine)
    return engine, table


@pytest.fixture
def instants(db_url):
    engine, table = _instants_table(db_url)
    yield engine, table
    engine.dispose()


def _write_and_read(engine, table, value):
    with engine.begin() as connection:
        row_id = connection.execute(insert(table).values(at=value)).inserted_primary_key[0]
    with engine.connect() as connection:
        return connection.execute(select(table.c.at).where(table.c.id == row_id)).scalar_one()


def test_utc_type_refuses_naive_datetimes(instants):
    engine, table = instants
    with pytest.raises(StatementError) as raised:
        _write_and_read(engine, table, datetime(2026, 3, 29, 1, 0))
    assert isinstance(raised.value.orig, NaiveDatetimeError)
    with engine.connect() as connection:
        assert connection.execute(select(table)).all() == []


def test_aware_instants_come_back_aware_utc_and_equal(instants):
    engine, table = instants
    tallinn = ZoneInfo("Europe/Tallinn")
    values = [
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
        datetime(2026, 3, 29, 4, 30, tzinfo=timezone(timedelta(hours=3))),
        datetime(2026, 10, 25, 3, 30, tzinfo=tallinn, fold=0),  # fall back: first 03:30
        datetime(2026, 10, 25, 3, 30, tzinfo=tallinn, fold=1),  # ... and the second one
        datetime(2026, 1, 1, 0, 0, 0, 123456, tzinfo=ZoneInfo("Asia/Kathmandu")),
    ]
    back = [_write_and_read(engine, table, value) for value in values]
    # Python never finds an ambiguous local time equal to an instant in another zone (PEP 495),
    # so compare as UTC.
    assert back == [value.astimezone(UTC) for value in values]
    assert all(b.tzinfo is UTC for b in back)
    assert back[3] - back[2] == timedelta(hours=1)


def test_instants_are_stored_as_utc_wall_clock_in_sqlite(tmp_path):
    """SQLite only: how the instant looks in the file, read without SQLAlchemy."""
    engine, table = _instants_table(tmp_path / "types.sqlite")
    _write_and_read(engine, table, datetime(2026, 3, 29, 4, 0, tzinfo=ZoneInfo("Europe/Tallinn")))
    engine.dispose()
    with sqlite3.connect(tmp_path / "types.sqlite") as raw:
        (text,) = raw.execute("SELECT at FROM instants").fetchone()
    assert text.startswith("2026-03-29 01:00:00")


def test_instants_are_stored_as_timestamptz_in_postgresql(postgres_db_url):
    """PostgreSQL keeps the instant itself, whatever the time zone of the reading session."""
    engine, table = _instants_table(postgres_db_url)
    try:
        _write_and_read(engine, table,
                        datetime(2026, 3, 29, 4, 0, tzinfo=ZoneInfo("Europe/Tallinn")))
        with engine.connect() as connection:
            connection.exec_driver_sql("SET TIME ZONE 'Asia/Kathmandu'")
            kind, local, utc = connection.exec_driver_sql(
                "SELECT pg_typeof(at)::text, at::text, (at AT TIME ZONE 'UTC')::text "
                "FROM instants").one()
    finally:
        engine.dispose()
    assert kind == "timestamp with time zone"
    assert (local, utc) == ("2026-03-29 06:45:00+05:45", "2026-03-29 01:00:00")


# --------------------------------------------------------------------------------------------
# Round trips
# --------------------------------------------------------------------------------------------


@pytest.fixture
def store(db_url):
    with ScenarioStore.open(db_url) as opened:
        yield opened


def test_demo_round_trip_is_lossless(store, demo):
    store.replace(demo)
    back = store.load()
    assert back == demo
    assert scenario_to_json(back) == scenario_to_json(demo)


def test_every_row_kind_round_trips_through_a_fresh_connection(db_url, demo):
    scenario = rich_scenario(demo)
    with ScenarioStore.open(db_url) as first:
        first.replace(scenario)
    with ScenarioStore.open(db_url) as second:
        back = second.load()
    assert back == scenario
    assert scenario_to_json(back) == scenario_to_json(scenario)
    assert back.history[0].start.tzinfo is UTC
    assert back.agents[0].availability.exceptions[0].note == "extra early shift — «DST night»"


def test_replace_swaps_the_whole_scenario(store, demo):
    store.replace(rich_scenario(demo))
    smaller = dataclasses.replace(demo, agents=demo.agents[:3], time_off=())
    store.replace(smaller)
    assert store.load() == smaller
    assert store.counts()["agents"] == 3


def test_an_empty_database_says_how_to_fill_it(store):
    assert store.is_empty()
    with pytest.raises(UserError, match="coverage-scheduler demo"):
        store.load()


def test_saved_edits_of_every_kind_come_back(store, demo):
    store.replace(demo)
    base = store.load()
    edited = rich_scenario(base)
    edited = dataclasses.replace(
        edited,
        team=dataclasses.replace(edited.team, name="Renamed desk"),
        skills=(*edited.skills[:-1], dataclasses.replace(edited.skills[-1], name="Tier two")),
        contracts=(dataclasses.replace(edited.contracts[0], max_hours_per_week=38.5),
                   *edited.contracts[1:]),
        agents=tuple(reversed(edited.agents[:-1])),  # one removed, the rest reordered
        time_off=tuple(t for t in edited.time_off if t.agent_id != demo.agents[-1].id),
        active_target_id=edited.targets[0].id,
    )
    store.save(edited, base)
    assert store.load() == edited
    assert scenario_to_json(store.load()) == scenario_to_json(edited)


def test_tables_compile_for_postgresql():
    """Nothing SQLite-only in the schema: every table and index compiles for PostgreSQL."""
    dialect = postgresql.dialect()
    for table in Base.metadata.sorted_tables:
        ddl = str(CreateTable(table).compile(dialect=dialect))
        assert "TIMESTAMP WITH TIME ZONE" in ddl or "updated_at" not in ddl
        for index in table.indexes:
            str(CreateIndex(index).compile(dialect=dialect))


def test_rows_broken_outside_the_program_are_reported_not_crashed_on(store, demo):
    store.replace(demo)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE agents SET time_zone = 'Europe/Talinn' "
                                   "WHERE id = 'kadri-tamm'")
    with pytest.raises(UserError, match="'Europe/Talinn' is not a time zone"):
        store.load()
