"""One plan identity from load to autosave to publish, on a real database file.

The working draft is rewritten in place under an optimistic version; stored versions are new
rows that never collide with the plan they came from; two instances editing the draft get a
conflict naming who changed it and when, never a silent overwrite.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest

from coverage_app.services.autosave import SaveRequest, perform
from coverage_app.services.errors import UserError
from coverage_app.services.store import PlanConflict, ScenarioStore
from models.storage import migrate
from tests.models.storage_helpers import make_plan


@pytest.fixture
def db(db_url):
    """A new database: a SQLite file, or a PostgreSQL database (the same tests run on both)."""
    return db_url


@pytest.fixture
def sqlite_db(tmp_path):
    return tmp_path / "team.sqlite"


def _moved(plan, minutes=30):
    """The plan with its first shift moved later, as a hand edit in the app does."""
    first = plan.shifts[0]
    moved = dataclasses.replace(first, start=first.start + timedelta(minutes=minutes),
                                end=first.end + timedelta(minutes=minutes))
    return dataclasses.replace(plan, shifts=(moved, *plan.shifts[1:]))


def test_edits_of_a_reopened_plan_save_again_and_again(db, demo):
    # Session 1 saves a plan; session 2 opens the same file, moves a shift and saves twice.
    with ScenarioStore.open(db, user="maria@desk") as first:
        first.replace(demo)
        first.save_working_plan(make_plan())
    with ScenarioStore.open(db, user="maria@desk") as second:
        loaded = second.load_working_plan()
        assert loaded is not None
        edited = _moved(loaded)
        assert second.save_working_plan(edited) == loaded.id  # the same draft, not a new row
        again = _moved(edited, 15)
        second.save_working_plan(again)
        assert second.plan_history()[0].working
        assert len(second.plan_history()) == 1
    with ScenarioStore.open(db) as third:
        assert third.load_working_plan().shifts == again.shifts


def test_storing_a_loaded_plan_as_a_version_never_reuses_its_id(db):
    with ScenarioStore.open(db) as store:
        draft_id = store.save_working_plan(make_plan("from-a-file"))
        assert draft_id == "from-a-file"
        loaded = store.load_working_plan()
        published = store.save_plan(_moved(loaded), name="December", published_by="Maria")
        published_again = store.save_plan(_moved(loaded), name="December", published_by="Maria")
        assert len({draft_id, published, published_again}) == 3
        records = {r.id: r for r in store.plan_history()}
        assert records[draft_id].status == "working draft"
        assert records[published].status == records[published_again].status == "published"
        assert records[published].published_by == "Maria"
        assert store.load_plan(published).shifts == _moved(loaded).shifts
        # Publishing leaves the working draft as it was.
        assert store.load_working_plan().shifts == loaded.shifts


def test_two_instances_editing_the_draft_get_a_conflict_naming_who_and_when(db):
    with ScenarioStore.open(db, user="maria@desk") as maria, \
            ScenarioStore.open(db, user="olek@laptop") as olek:
        maria.save_working_plan(make_plan())
        base_m, base_o = maria.load_working_plan(), olek.load_working_plan()
        olek.save_working_plan(_moved(base_o, 60))
        with pytest.raises(PlanConflict) as raised:
            maria.save_working_plan(_moved(base_m, 30))
        message = str(raised.value)
        assert "changed in another window" in message
        assert "olek@laptop" in message
        assert raised.value.current.updated_by == "olek@laptop"
        # Olek's edit stands; Maria's copy can be kept as its own version, nothing is lost.
        assert maria.load_plan().shifts == _moved(base_o, 60).shifts
        copy_id = maria.keep_plan_copy(_moved(base_m, 30), name="My copy")
        assert maria.load_plan(copy_id).shifts == _moved(base_m, 30).shifts
        # After a reload Maria saves on top of Olek's version.
        reloaded = maria.load_working_plan()
        maria.save_working_plan(_moved(reloaded, 15))
        assert olek.load_plan().shifts == _moved(reloaded, 15).shifts


def test_two_first_saves_of_a_draft_do_not_both_win(db):
    with ScenarioStore.open(db) as one, ScenarioStore.open(db) as two:
        assert one.load_working_plan() is None
        assert two.load_working_plan() is None
        one.save_working_plan(make_plan())
        with pytest.raises(PlanConflict):
            two.save_working_plan(make_plan(shifts=1))
        assert len(one.plan_history()) == 1


def test_a_new_solve_replaces_the_draft_and_keeps_the_old_one_as_a_version(db):
    with ScenarioStore.open(db, user="maria@desk") as app, \
            ScenarioStore.open(db, user="maria@desk (command line)") as cli:
        app.save_working_plan(make_plan())
        hand_edited = _moved(app.load_working_plan())
        app.save_working_plan(hand_edited)
        new_id, retired = cli.replace_working_plan(make_plan(shifts=2), name="Solved")
        history = cli.plan_history()
        assert [r.status for r in history] == ["working draft", "draft"]
        assert history[0].id == new_id
        assert history[1].id == retired
        assert history[1].name.startswith("Working draft until")
        assert cli.load_plan(history[1].id).shifts == hand_edited.shifts  # nothing lost
        with pytest.raises(PlanConflict, match="command line"):
            app.save_working_plan(_moved(hand_edited))


def test_autosave_reports_a_conflict_and_keeps_the_scenario_part(db, demo):
    with ScenarioStore.open(db) as one, ScenarioStore.open(db) as two:
        one.replace(demo)
        base = one.load()
        one.save_working_plan(make_plan())
        two.load_working_plan()
        two.save_working_plan(make_plan(shifts=2))
        renamed = dataclasses.replace(base, team=dataclasses.replace(base.team, name="Renamed"))
        outcome = perform(one, SaveRequest(renamed, base, make_plan(shifts=1)))
        assert isinstance(outcome.error, PlanConflict)
        assert outcome.scenario_saved
        assert two.load().team.name == "Renamed"


def test_plans_from_before_the_upgrade_keep_their_shifts_and_become_versions(db):
    """Upgrading from schema 0001 keeps every stored plan whole (a table copy on SQLite once
    emptied plan_shifts through ON DELETE CASCADE)."""
    from alembic import command
    from sqlalchemy import text

    from models.storage.database import create_db_engine, resolve_url

    engine = create_db_engine(resolve_url(str(db)))
    with engine.connect() as connection:
        command.upgrade(migrate.alembic_config(connection), "0001")
        connection.commit()
    old = make_plan("old-1", created_at=datetime(2026, 10, 1, 9, tzinfo=UTC))
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO plans (id, name, created_at, target_id, first_day, days, status, "
            "shortfall_proven_minimal, variables, constraints, solutions, wall_seconds, seed, "
            "workers) VALUES ('old-1', 'October', :created, '24-7', :first, 14, 'feasible', "
            ":no, 0, 0, 0, 1.0, 0, 1)"),
            {"created": old.created_at, "first": old.period.first_day, "no": False})
        for i, shift in enumerate(old.shifts):
            connection.execute(text(
                "INSERT INTO plan_shifts (plan_id, id, position, agent_id, starts_at, ends_at, "
                "duty, locked, origin, note) VALUES ('old-1', :id, :position, :agent, :start, "
                ":end, :duty, :locked, :origin, :note)"),
                {"id": shift.id, "position": i, "agent": shift.agent_id, "start": shift.start,
                 "end": shift.end, "duty": shift.duty, "locked": shift.locked,
                 "origin": shift.origin.value, "note": shift.note})
        connection.execute(text(
            "INSERT INTO plan_gaps (plan_id, position, requirement_id, starts_at, ends_at, "
            "missing, reason, message, candidates) VALUES ('old-1', 0, 'r', :start, :end, 1, "
            "'not_proven', 'gap', '[]')"),
            {"start": old.shifts[0].start, "end": old.shifts[0].end})
    engine.dispose()
    with ScenarioStore.open(db) as store:
        assert store.upgrade.before == "0001"
        [record] = store.plan_history()
        assert (record.id, record.status, record.shifts) == ("old-1", "draft", 3)
        assert record.updated_at == record.created_at
        plan = store.load_working_plan()
        assert plan.id == "old-1"
        assert plan.shifts == old.shifts
        assert len(plan.gaps) == 1
        draft_id = store.save_working_plan(_moved(plan))
        assert draft_id != "old-1"  # the first save makes a working draft beside it
        assert len(store.plan_history()) == 2
        assert store.load_plan("old-1").shifts == old.shifts


def _moved_or_same(plan):
    return _moved(plan) if plan.shifts else plan


def test_a_blocked_write_says_busy_within_five_seconds(sqlite_db, demo):  # SQLite's lock
    db = sqlite_db
    with ScenarioStore.open(db) as store:
        store.replace(demo)
        with store.engine.connect() as connection:
            timeout_ms = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert 0 < timeout_ms <= 5000
        blocker = sqlite3.connect(db, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(UserError, match="busy") as raised:
                store.save_working_plan(make_plan())
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert "try again" in str(raised.value)
        store.save_working_plan(make_plan())  # and once free, the same save goes through


def test_a_second_app_instance_on_a_file_is_detected(sqlite_db):  # the lock file
    db = sqlite_db
    with ScenarioStore.open(db, user="maria@desk") as first, \
            ScenarioStore.open(db, user="olek@laptop") as second:
        assert first.claim() == []
        [other] = second.claim()
        assert other.who == "maria@desk"
        assert "maria@desk" in other.describe()
    with ScenarioStore.open(db, user="olek@laptop") as alone:  # the first closed: free again
        assert alone.claim() == []


def test_app_instances_on_postgresql_see_each_other(postgres_db_url):
    with ScenarioStore.open(postgres_db_url, user="maria@desk") as first:
        with ScenarioStore.open(postgres_db_url, user="olek@laptop") as second:
            assert [i.who for i in first.claim()] == ["olek@laptop"]
            assert [i.who for i in second.claim()] == ["maria@desk"]
        # The other closed: the server drops its connections as their backends exit, which
        # happens just after the client disconnects; wait for it rather than race it.
        deadline = time.monotonic() + 30
        while first.claim() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert first.claim() == []
