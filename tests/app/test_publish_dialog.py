"""Publish: the plan is stored and marked published; the history shows who and when."""

from __future__ import annotations

from datetime import date

import pytest

from coverage_app.dialogs.publish import PublishDialog
from coverage_app.qtmodels.rota_history_model import PlanHistoryModel
from coverage_app.state import AppState
from models.domain import Period
from solver.types import SolveParams
from tests.app.rota_fakes import day_shifts_plan
from tests.exports.caldav_helpers import memory_keyring

__all__ = ["memory_keyring"]  # a fixture

store_module = pytest.importorskip("coverage_app.services.store")


@pytest.fixture
def store(tmp_path, demo):
    opened = store_module.ScenarioStore.open(tmp_path / "rota.sqlite")
    opened.replace(demo)
    yield opened
    opened.close()


@pytest.fixture
def state(demo):
    return AppState(demo, day_shifts_plan(demo, SolveParams(Period(date(2026, 12, 7), 7))))


def test_publish_stores_the_version_with_who_and_when(qtbot, state, store, qtmodeltester):
    store.save_plan(state.plan, name="draft one")
    dialog = PublishDialog(state, store)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5_000)
    dialog.name_edit.setText("December rota")
    dialog.by_edit.setText("Mari Manager")
    with qtbot.waitSignal(dialog.published, timeout=10_000):
        dialog.publish_button.click()
    records = dialog.model.records
    assert len(records) == 2
    published = [r for r in records if r.published_by == "Mari Manager"]
    assert published[0].name == "December rota"
    assert published[0].published_at is not None
    assert any(r.published_at is None for r in records)  # the earlier draft stays
    texts = {dialog.model.data(dialog.model.index(row, 4)) for row in range(2)}
    assert texts == {"published", "draft"}
    qtmodeltester.check(dialog.model)
    dialog.reject()


def test_publishing_needs_a_name_for_the_record(qtbot, state, store):
    dialog = PublishDialog(state, store)
    qtbot.addWidget(dialog)
    dialog.by_edit.setText("")
    dialog.publish_button.click()
    assert "who publishes" in dialog.error_label.text()
    dialog.reject()


def test_empty_history_model_passes_the_model_tester(qtmodeltester):
    qtmodeltester.check(PlanHistoryModel())


def test_publishing_then_pushing_to_the_agents_calendars(qtbot, tmp_path, memory_keyring):
    """The publish step also updates agents' calendars: the same CalDAV push as the export
    dialog, here with a real database and a real Radicale server."""
    import json
    from datetime import date

    from PySide6.QtCore import QSettings

    from coverage_app.services.caldav_targets import keyring_service
    from coverage_app.services.store import ScenarioStore
    from tests.exports import sample
    from tests.exports.caldav_helpers import shown
    from tests.exports.periods import period_plan
    from tests.exports.radicale import running_radicale

    scenario = sample.scenario()
    state = AppState(scenario, period_plan(scenario, date(2026, 11, 16), 2))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    with ScenarioStore.open(tmp_path / "team.sqlite") as store, \
            running_radicale(tmp_path / "radicale", users={"desk": "pw"}) as server:
        store.replace(scenario)
        memory_keyring.set_password(keyring_service(server.url), "desk", "pw")
        targets = tmp_path / "caldav.json"
        targets.write_text(json.dumps({"format": "coverage-scheduler/caldav-targets",
                                       "version": 1, "base_url": server.collection("desk"),
                                       "username": "desk"}))
        dialog = PublishDialog(state, store, settings=settings)
        qtbot.addWidget(dialog)
        dialog.by_edit.setText("Maria")
        with qtbot.waitSignal(dialog.published, timeout=20_000):
            dialog.publish_button.click()
        dialog.caldav_panel.targets_edit.setText(str(targets))
        with qtbot.waitSignal(dialog.caldav_panel.pushed, timeout=60_000) as pushed:
            dialog.caldav_panel.push_button.click()
        assert pushed.args[0].startswith("Pushed: ")
        kadri = shown(server.collection("desk", "kadri"), "desk", "pw")
        assert len(kadri) == len([s for s in state.plan.shifts if s.agent_id == "kadri"])
        assert store.published_events("kadri")  # the ledger is the database's
        dialog.reject()
