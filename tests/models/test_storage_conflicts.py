"""Two app instances on one database: edits of different rows both land; edits of the same row
are a clear conflict, and nothing is lost or half-written."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from coverage_app.services.errors import UserError
from coverage_app.services.store import EditConflict, ScenarioStore
from models.domain import TimeOff
from models.storage import database
from models.storage.database import sqlite_path
from tests.models.storage_helpers import with_agent
from tests.storage_backends import is_sqlite


@pytest.fixture
def two_stores(db_url, demo):
    with ScenarioStore.open(db_url) as first:
        first.replace(demo)
        with ScenarioStore.open(db_url) as second:
            yield first, second


def test_second_save_of_the_same_agent_is_a_conflict_and_nothing_is_lost(two_stores):
    first, second = two_stores
    base_1, base_2 = first.load(), second.load()
    first.save(with_agent(base_1, 0, hourly_cost=31.5), base_1)
    edit_2 = with_agent(with_agent(base_2, 0, email="kadri.tamm@northwind.example"), 1,
                        display_name="Someone else's edit")
    with pytest.raises(EditConflict) as raised:
        second.save(edit_2, base_2)
    message = str(raised.value)
    assert "agent 'Kadri Tamm' was changed by someone else at" in message
    assert "reload to see their change" in message
    stored = second.load()
    assert stored.agents[0].hourly_cost == 31.5  # the first save is kept
    assert stored.agents[0].email == base_2.agents[0].email  # the conflicting edit is not
    assert stored.agents[1] == base_2.agents[1]  # and nothing else of that save was written


def test_after_reloading_the_second_instance_can_save(two_stores):
    first, second = two_stores
    base_1, base_2 = first.load(), second.load()
    first.save(with_agent(base_1, 0, hourly_cost=31.5), base_1)
    with pytest.raises(EditConflict):
        second.save(with_agent(base_2, 0, active=False), base_2)
    fresh = second.load()
    second.save(with_agent(fresh, 0, active=False), fresh)
    stored = first.load()
    assert (stored.agents[0].hourly_cost, stored.agents[0].active) == (31.5, False)


def test_edits_of_different_agents_both_land(two_stores):
    first, second = two_stores
    base_1, base_2 = first.load(), second.load()
    first.save(with_agent(base_1, 0, hourly_cost=31.5), base_1)
    second.save(with_agent(base_2, 1, hourly_cost=27.0), base_2)
    stored = first.load()
    assert (stored.agents[0].hourly_cost, stored.agents[1].hourly_cost) == (31.5, 27.0)


def test_a_store_keeps_saving_on_top_of_its_own_saves(two_stores):
    first, second = two_stores
    base = first.load()
    one = with_agent(base, 0, hourly_cost=25.0)
    first.save(one, base)
    two = with_agent(one, 0, hourly_cost=26.0)
    first.save(two, one)
    # The other instance changed agent 1 meanwhile; our stale copy of it is never written back.
    other = second.load()
    second.save(with_agent(other, 1, hourly_cost=99.0), other)
    first.save(with_agent(two, 2, hourly_cost=21.0), two)
    stored = second.load()
    assert [a.hourly_cost for a in stored.agents[:3]] == [26.0, 99.0, 21.0]


def test_deleting_an_agent_someone_else_changed_is_a_conflict(two_stores):
    first, second = two_stores
    base_1, base_2 = first.load(), second.load()
    first.save(with_agent(base_1, 3, email="new@northwind.example"), base_1)
    removed = dataclasses.replace(base_2, agents=base_2.agents[:3] + base_2.agents[4:],
                                  time_off=tuple(t for t in base_2.time_off
                                                 if t.agent_id != base_2.agents[3].id))
    with pytest.raises(EditConflict, match=f"agent '{base_2.agents[3].name}' was changed"):
        second.save(removed, base_2)
    assert len(first.load().agents) == len(base_1.agents)


def test_changing_an_agent_someone_else_deleted_is_a_conflict(two_stores):
    first, second = two_stores
    base_1, base_2 = first.load(), second.load()
    victim = base_1.agents[-1]
    first.save(dataclasses.replace(base_1, agents=base_1.agents[:-1], time_off=tuple(
        t for t in base_1.time_off if t.agent_id != victim.id)), base_1)
    with pytest.raises(EditConflict, match=f"agent '{victim.name}' was deleted"):
        second.save(with_agent(base_2, len(base_2.agents) - 1, hourly_cost=1.0), base_2)


def test_adding_the_same_id_twice_is_a_conflict(two_stores):
    first, second = two_stores
    base_1, base_2 = first.load(), second.load()
    agent = base_1.agents[0]
    vacation = TimeOff(id="vac-new", agent_id=agent.id, first_day=date(2026, 7, 1),
                       last_day=date(2026, 7, 14))
    first.save(dataclasses.replace(base_1, time_off=(*base_1.time_off, vacation)), base_1)
    other = dataclasses.replace(vacation, last_day=date(2026, 7, 3))
    with pytest.raises(EditConflict, match=r"time off of 'Kadri Tamm' .* was added"):
        second.save(dataclasses.replace(base_2, time_off=(*base_2.time_off, other)), base_2)
    assert first.load().time_off[-1] == vacation


def test_a_new_order_alone_is_not_an_edit(two_stores):
    first, second = two_stores
    base_1, base_2 = first.load(), second.load()
    first.save(dataclasses.replace(base_1, agents=tuple(reversed(base_1.agents))), base_1)
    second.save(with_agent(base_2, 0, hourly_cost=40.0), base_2)  # no conflict
    stored = first.load()
    assert stored.agents[-1].id == base_1.agents[0].id
    assert stored.agents[-1].hourly_cost == 40.0


def test_team_settings_conflict(two_stores):
    first, second = two_stores
    base_1, base_2 = first.load(), second.load()
    first.save(dataclasses.replace(base_1, team=dataclasses.replace(base_1.team, name="A")),
               base_1)
    with pytest.raises(EditConflict, match="team settings was changed"):
        second.save(dataclasses.replace(base_2, active_target_id=base_2.targets[0].id), base_2)
    assert first.load().team.name == "A"


def test_a_base_from_elsewhere_is_checked_by_content(two_stores, demo):
    """A snapshot this store never loaded (e.g. read from a file) still cannot overwrite."""
    first, second = two_stores
    base_1 = first.load()
    first.save(with_agent(base_1, 0, hourly_cost=31.5), base_1)
    with pytest.raises(EditConflict, match="Kadri Tamm"):
        second.save(with_agent(demo, 0, hourly_cost=10.0), demo)
    second.save(with_agent(demo, 5, hourly_cost=10.0), demo)  # untouched by others: fine
    assert second.load().agents[5].hourly_cost == 10.0


def test_an_instance_that_loaded_before_an_import_cannot_overwrite_it(two_stores, demo):
    first, second = two_stores
    stale = second.load()
    first.replace(with_agent(demo, 0, hourly_cost=50.0))  # e.g. `import --replace`
    with pytest.raises(EditConflict, match="Kadri Tamm"):
        second.save(with_agent(stale, 0, active=False), stale)
    assert first.load().agents[0].hourly_cost == 50.0


@contextmanager
def _another_program_writing(db_url: str) -> Iterator[None]:
    """Another program holds the write lock: SQLite's database lock, PostgreSQL's table lock."""
    url = make_url(db_url)
    path = sqlite_path(url)
    if path is not None:
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            blocker.rollback()
            blocker.close()
        return
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("LOCK TABLE agents IN EXCLUSIVE MODE")
            yield
            connection.rollback()
    finally:
        engine.dispose()


def test_a_locked_database_is_a_clear_message(db_url, two_stores, monkeypatch):
    _, second = two_stores
    # How long a writer waits for another's lock before giving up (10 s in the app).
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    base = second.load()
    with _another_program_writing(db_url), ScenarioStore.open(db_url) as impatient, \
            pytest.raises(UserError, match="busy"):
        impatient.save(with_agent(base, 0, hourly_cost=1.0), base)
    assert second.load() == base


def test_a_save_landing_between_another_saves_read_and_write_is_never_lost(db_url, two_stores,
                                                                           monkeypatch):
    """The race itself: instance B saves after A's save has checked the row's version but
    before A's UPDATE reaches the database.

    SQLite: A's write transaction (BEGIN IMMEDIATE) holds the write lock from its start, so B
    waits and is told the database is busy; A's edit lands. PostgreSQL: writes are ordinary
    transactions, so B's edit lands, and A's UPDATE, guarded by the version it read, finds the
    row changed: A gets a conflict. Either way one edit is kept whole and the other is refused.
    """
    first, second = two_stores
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    base_a = first.load()
    b_said: list[str] = []
    with ScenarioStore.open(db_url) as other:
        base_b = other.load()

        def save_b_once(_conn, _cursor, statement, *_args) -> None:
            if b_said or not statement.startswith("UPDATE agents"):
                return
            try:
                other.save(with_agent(base_b, 0, hourly_cost=44.0), base_b)
                b_said.append("saved")
            except UserError as error:
                b_said.append(str(error))

        event.listen(first.engine, "before_cursor_execute", save_b_once)
        try:
            try:
                first.save(with_agent(base_a, 0, hourly_cost=33.0), base_a)
                a_said = "saved"
            except EditConflict as conflict:
                a_said = str(conflict)
        finally:
            event.remove(first.engine, "before_cursor_execute", save_b_once)
    if is_sqlite(db_url):
        assert a_said == "saved"
        assert len(b_said) == 1
        assert "is busy or unavailable" in b_said[0]
        kept = 33.0
    else:
        assert "someone else saved a change to the same data at the same moment" in a_said
        assert b_said == ["saved"]
        kept = 44.0
    stored = second.load()
    assert stored.agents[0].hourly_cost == kept
    assert stored.agents[1:] == base_a.agents[1:]
