"""The hiring menu in the database: kept across opens in its order, edits of the same
possible hire in two windows are a conflict (nothing written), different hires both stay, a
database of schema 0006 is upgraded with its rows kept, and the way back drops only the menu."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from alembic import command

from coverage_app.services.hiring import menu_from_json
from coverage_app.services.store import EditConflict, ScenarioStore
from models.hiring_menu import MenuEntry
from models.storage import migrate
from models.storage.database import create_db_engine, resolve_url
from tests.models.schema_probe import tables
from tests.models.storage_helpers import make_plan

MENU = Path(__file__).parents[1] / "cli" / "hiring_menu.json"


@pytest.fixture
def menu(demo) -> tuple[MenuEntry, ...]:
    return menu_from_json(json.loads(MENU.read_text(encoding="utf-8")), demo)


def test_a_menu_is_stored_in_order_and_read_back_exactly(db_url, demo, menu):
    with ScenarioStore.open(db_url) as store:
        store.replace(demo)
        assert store.load_hiring_menu() == ()
        store.save_hiring_menu(menu, ())
    with ScenarioStore.open(db_url) as again:
        assert again.load_hiring_menu() == menu
        assert again.load() == demo  # the team is untouched


def test_edits_change_remove_and_reorder_entries(db_url, demo, menu):
    madrid, manila = menu
    cheaper = dataclasses.replace(manila, monthly_cost=2100.0, max_count=5)
    with ScenarioStore.open(db_url) as store:
        store.replace(demo)
        store.save_hiring_menu(menu, ())
        store.save_hiring_menu((cheaper, madrid), menu)
        assert store.load_hiring_menu() == (cheaper, madrid)
        store.save_hiring_menu((madrid,), (cheaper, madrid))
    with ScenarioStore.open(db_url) as again:
        assert again.load_hiring_menu() == (madrid,)


def test_the_same_hire_edited_in_two_windows_is_a_conflict(db_url, demo, menu):
    madrid, manila = menu
    with ScenarioStore.open(db_url) as first:
        first.replace(demo)
        first.save_hiring_menu(menu, ())
        with ScenarioStore.open(db_url) as second:
            seen = second.load_hiring_menu()
            first.save_hiring_menu((madrid, dataclasses.replace(manila, max_count=4)), menu)
            with pytest.raises(EditConflict) as error:
                second.save_hiring_menu((madrid, dataclasses.replace(manila, max_count=1)),
                                        seen)
            assert "possible hire 'Manila, English + Linux' was changed" in str(error.value)
            # A different hire edited in the second window is saved beside the first's edit.
            second.load_hiring_menu()
            now = second.load_hiring_menu()
            second.save_hiring_menu((dataclasses.replace(madrid, monthly_cost=3000.0), now[1]),
                                    now)
    with ScenarioStore.open(db_url) as again:
        stored = again.load_hiring_menu()
    assert stored[0].monthly_cost == 3000.0
    assert stored[1].max_count == 4


def test_a_hire_added_under_the_same_id_in_another_window_is_a_conflict(db_url, demo, menu):
    with ScenarioStore.open(db_url) as first, ScenarioStore.open(db_url) as second:
        first.replace(demo)
        assert second.load_hiring_menu() == ()
        first.save_hiring_menu(menu[:1], ())
        with pytest.raises(EditConflict, match="was added"):
            second.save_hiring_menu(menu[:1], ())


def _to(url: str, revision: str, *, down: bool) -> None:
    engine = create_db_engine(resolve_url(url))
    with engine.connect() as connection:
        config = migrate.alembic_config(connection)
        (command.downgrade if down else command.upgrade)(config, revision)
        connection.commit()
    engine.dispose()


def test_a_0006_database_is_upgraded_with_its_rows_and_downgrades_cleanly(db_url, demo, menu):
    with ScenarioStore.open(db_url) as store:
        store.replace(demo)
        store.save_plan(make_plan(), name="October")
    _to(db_url, "0006", down=True)
    assert "hiring_menu" not in tables(db_url)
    with ScenarioStore.open(db_url) as store:
        assert store.upgrade is not None
        assert (store.upgrade.before, store.upgrade.after) == ("0006", migrate.head_revision())
        assert store.load() == demo
        assert [p.name for p in store.plan_history()] == ["October"]
        store.save_hiring_menu(menu, ())
    _to(db_url, "0006", down=True)  # the way back drops the menu and nothing else
    assert "hiring_menu" not in tables(db_url)
    _to(db_url, "head", down=False)
    with ScenarioStore.open(db_url) as store:
        assert store.load() == demo
        assert store.load_hiring_menu() == ()


def test_an_autosave_of_a_menu_edit_writes_the_menu_and_only_it(db_url, demo, menu):
    from coverage_app.services.autosave import perform, request_for

    with ScenarioStore.open(db_url) as store:
        store.replace(demo)
        base = store.load()
        assert request_for(base, None, base, None, menu, menu) is None  # nothing changed
        request = request_for(base, None, base, None, menu, ())
        assert request is not None
        assert request.scenario is None
        assert request.plan is None
        outcome = perform(store, request)
        assert outcome.ok
        assert outcome.hiring_menu_saved
        assert not outcome.scenario_saved
    with ScenarioStore.open(db_url) as again:
        assert again.load_hiring_menu() == menu
