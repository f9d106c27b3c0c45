"""Plans kept as rows with their history of publication, and the calendar-export ledger."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, timedelta

import pytest
from alembic import command

from coverage_app.services.errors import UserError
from coverage_app.services.store import ScenarioStore
from models.domain import PlanStatus, PublishedEvent
from models.files import plan_to_json
from models.storage import migrate
from models.storage.database import create_db_engine, resolve_url
from tests.models.storage_helpers import at as _at
from tests.models.storage_helpers import make_plan


@pytest.fixture
def store(db_url):
    with ScenarioStore.open(db_url) as opened:
        yield opened


def test_plan_round_trip_is_lossless(store):
    plan = make_plan("plan-1", created_at=_at(20, 9))
    assert store.save_plan(plan, name="October") == "plan-1"
    back = store.load_plan("plan-1")
    assert back == plan
    assert plan_to_json(back) == plan_to_json(plan)
    assert back.shifts[0].hours == 9.0


def test_a_plan_without_id_gets_one_and_a_creation_time(store):
    plan_id = store.save_plan(make_plan())
    back = store.load_plan(plan_id)
    assert back is not None
    assert back.id == plan_id
    assert len(plan_id) >= 32
    assert back.created_at is not None
    assert back.created_at.tzinfo is UTC
    assert back.shifts == make_plan().shifts


def test_latest_plan_and_history_with_published_versions(store):
    assert store.load_plan() is None
    assert store.plan_history() == []
    store.save_plan(make_plan("v1", _at(20, 9)), name="first", published_by="manager")
    store.save_plan(make_plan("v2", _at(21, 9), shifts=2), name="second")
    store.save_plan(make_plan("v3", _at(22, 9), shifts=1), name="third")
    store.publish("v3", by="lead")
    assert store.load_plan().id == "v3"
    history = store.plan_history()
    assert [(r.id, r.status, r.shifts, r.published_by) for r in history] == [
        ("v3", "published", 1, "lead"),
        ("v2", "draft", 2, None),
        ("v1", "published", 3, "manager"),  # the earlier published version stays
    ]
    assert history[0].published_at is not None
    assert history[0].published_at.tzinfo is UTC
    assert history[2].solver_status is PlanStatus.FEASIBLE


def test_unknown_plans_are_a_user_error(store):
    with pytest.raises(UserError, match="no such plan"):
        store.load_plan("nope")
    with pytest.raises(UserError, match="no such plan"):
        store.publish("nope", by="x")


def _event(shift_id: str, sequence: int = 0, cancelled: bool = False,
           agent: str = "kadri-tamm") -> PublishedEvent:
    start = _at(25, 3) + timedelta(hours=sequence)
    return PublishedEvent(uid=f"{shift_id}@coverage-scheduler", shift_id=shift_id,
                          agent_id=agent, sequence=sequence, start=start,
                          end=start + timedelta(hours=8), fingerprint=f"sha256:{sequence}",
                          cancelled=cancelled)


def test_published_events_round_trip_per_calendar(store):
    assert store.published_events("kadri-tamm") == {}
    store.save_published_events("kadri-tamm", [_event("s-1"), _event("s-3")])
    store.save_published_events("team", [_event("s-1"), _event("s-2", agent="priya-sharma")])
    assert store.published_events("kadri-tamm") == {"s-1": _event("s-1"), "s-3": _event("s-3")}
    assert set(store.published_events("team")) == {"s-1", "s-2"}


def test_published_events_are_updated_by_shift_id(store):
    store.save_published_events("kadri-tamm", [_event("s-1"), _event("s-3")])
    store.save_published_events("kadri-tamm", [_event("s-1", sequence=1),
                                                _event("s-3", sequence=1, cancelled=True)])
    events = store.published_events("kadri-tamm")
    assert events["s-1"] == _event("s-1", sequence=1)
    assert events["s-3"].cancelled
    assert events["s-3"].sequence == 1


def _shown(event: PublishedEvent, summary: str, description: str) -> PublishedEvent:
    return dataclasses.replace(event, summary=summary, description=description)


# Long, multi-line, non-ASCII text with the characters iCalendar escapes.
_DESCRIPTION = ("Kadri Tamm — Phone duty\n22:00–06:00 Europe/Tallinn (Sat 24 Oct–Sun 25 Oct), "
                "9 h: clocks go back this night\nOf which night 8 h, weekend 9 h\n"
                "Covers for Lena; call the desk first, then \"Priya\", \\ not e-mail, «ok»"
                + " ✓" * 200)


def test_published_events_keep_what_each_event_showed(store):
    first = _shown(_event("s-1"), "Phone duty", _DESCRIPTION)
    cancelled = _shown(_event("s-2", sequence=1, cancelled=True),
                       "Cancelled: Phone duty 22:00–06:00",
                       f"This shift was removed from the rota.\n\n{_DESCRIPTION}")
    store.save_published_events("kadri-tamm", [first, cancelled])
    assert store.published_events("kadri-tamm") == {"s-1": first, "s-2": cancelled}
    changed = _shown(_event("s-1", sequence=1), "E-mail duty", "shorter\r\nnow")
    store.save_published_events("kadri-tamm", [changed])  # updated in place by shift id
    assert store.published_events("kadri-tamm") == {"s-1": changed, "s-2": cancelled}


def test_published_events_from_before_the_upgrade_have_no_text(tmp_path):
    """Rows of a schema-0001 database get '' on upgrade: read back without text, which the
    export then reads from the calendar files or rebuilds."""
    db = tmp_path / "old.sqlite"
    engine = create_db_engine(resolve_url(f"sqlite:///{db}"))
    with engine.connect() as connection:
        command.upgrade(migrate.alembic_config(connection), "0001")
        connection.commit()
    engine.dispose()
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT INTO published_events (calendar, shift_id, uid, agent_id, sequence, "
            "starts_at, ends_at, fingerprint, cancelled) VALUES ('kadri-tamm', 's-1', "
            "'s-1@coverage-scheduler', 'kadri-tamm', 2, '2026-10-25 03:00:00.000000', "
            "'2026-10-25 11:00:00.000000', 'sha256:2', 0)")
    with ScenarioStore.open(db) as store:
        assert store.upgrade.before == "0001"
        [event] = store.published_events("kadri-tamm").values()
        assert (event.sequence, event.start, event.has_text) == (2, _at(25, 3), False)
        assert (event.summary, event.description) == ("", "")
        store.save_published_events("kadri-tamm", [_shown(event, "Phone duty", _DESCRIPTION)])
    with ScenarioStore.open(db) as store:
        assert store.published_events("kadri-tamm")["s-1"].description == _DESCRIPTION
