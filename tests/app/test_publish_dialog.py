"""Publish: the plan is stored and marked published; the history shows who and when."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from coverage_app.dialogs.publish import PublishDialog
from coverage_app.qtmodels.rota_history_model import PlanHistoryModel
from coverage_app.state import AppState
from models.domain import Period
from solver.types import SolveParams
from tests.app.gap_fixtures import plan_with_gaps
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


def read_the_check(qtbot, dialog):
    """Wait for the check, and acknowledge it as the manager does (a click on the box)."""
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    if dialog.ack_box.isVisible():
        qtbot.mouseClick(dialog.ack_box, Qt.MouseButton.LeftButton,
                         pos=QPoint(6, dialog.ack_box.height() // 2))
    assert dialog.publish_button.isEnabled()


def test_publish_stores_the_version_with_who_and_when(qtbot, state, store, qtmodeltester):
    store.save_plan(state.plan, name="draft one")
    dialog = PublishDialog(state, store)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    read_the_check(qtbot, dialog)
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
    texts = {dialog.model.data(dialog.model.index(row, 1)) for row in range(2)}
    assert texts == {"published", "draft"}
    qtmodeltester.check(dialog.model)
    dialog.reject()


def test_publishing_needs_a_name_for_the_record(qtbot, state, store):
    dialog = PublishDialog(state, store)
    qtbot.addWidget(dialog)
    read_the_check(qtbot, dialog)
    dialog.by_edit.setText("")
    dialog.publish_button.click()
    assert "who publishes" in dialog.error_label.text()
    assert store.plan_history() == []
    dialog.reject()


def test_publishing_with_gaps_shows_the_check_and_needs_an_acknowledgement(qtbot, demo, store):
    state = AppState(demo, plan_with_gaps(demo))
    dialog = PublishDialog(state, store)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        pass
    text = dialog.check_view.text()
    assert "1 must gap" in text
    assert "1 should gap" in text
    assert "1 nice to have gap" in text
    assert "must-priority gap" in text
    assert dialog.tabs.currentIndex() == 0  # the check is what the dialog opens on
    assert dialog.ack_box.isVisible()
    assert "must-priority gap" in dialog.ack_box.text()
    assert not dialog.publish_button.isEnabled()
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    assert store.plan_history() == []  # nothing published without the acknowledgement
    dialog.by_edit.setText("Maria")
    qtbot.mouseClick(dialog.ack_box, Qt.MouseButton.LeftButton,
                     pos=QPoint(6, dialog.ack_box.height() // 2))
    assert dialog.publish_button.isEnabled()
    with qtbot.waitSignal(dialog.published, timeout=10_000):
        qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    history = store.plan_history()
    assert [r.published_by for r in history] == ["Maria"]
    assert not dialog.ack_box.isChecked()  # publishing again asks again
    dialog.reject()


def test_the_changes_each_agent_will_see_against_the_last_published_version(qtbot, demo,
                                                                             store):
    import dataclasses

    first = plan_with_gaps(demo)
    store.save_plan(first, name="December rota", published_by="Maria")
    kadri, igor = (a.id for a in demo.active_agents()[:2])
    moved = first.shifts_of(kadri)[0]
    later = dataclasses.replace(moved, start=moved.start + timedelta(hours=1),
                                end=moved.end + timedelta(hours=1))
    removed = first.shifts_of(igor)[0]
    shifts = tuple(later if s.id == moved.id else s for s in first.shifts if s.id != removed.id)
    state = AppState(demo, dataclasses.replace(first, shifts=shifts))
    dialog = PublishDialog(state, store)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        pass
    tree = dialog.changes_view
    agents = {tree.topLevelItem(i).text(0): tree.topLevelItem(i)
              for i in range(tree.topLevelItemCount())}
    labels = {a.id: a.label for a in demo.agents}
    assert set(agents) == {labels[kadri], labels[igor]}
    assert agents[labels[kadri]].child(0).text(0).endswith("moved")
    assert "→" in agents[labels[kadri]].child(0).text(1)
    assert agents[labels[igor]].child(0).text(0).endswith("removed")
    assert "December rota" in dialog.changes_summary.text()
    assert dialog.tabs.tabText(1) == "Changes for agents (2)"
    dialog.reject()


def test_history_shows_one_working_draft_and_named_versions(qtbot, demo, store):
    import dataclasses

    plan = plan_with_gaps(demo)
    store.replace_working_plan(plan, name="Working draft")
    store.replace_working_plan(plan, name="Working draft")
    for hours in (1, 2, 3):  # autosaves
        shift = dataclasses.replace(plan.shifts[0],
                                    start=plan.shifts[0].start + timedelta(minutes=30 * hours))
        store.save_working_plan(dataclasses.replace(plan, shifts=(shift, *plan.shifts[1:])))
    store.save_plan(plan, name="November rota", published_by="Maria")
    dialog = PublishDialog(AppState(demo, plan), store)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        pass
    model = dialog.model
    titles = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
    statuses = [model.data(model.index(row, 1)) for row in range(model.rowCount())]
    assert titles == ["Working draft", "November rota"]
    assert statuses == ["working draft", "published"]
    when = model.data(model.index(1, 4))
    assert when.startswith("Published ")
    assert when.endswith(" by Maria")
    assert "1 earlier draft folded in" in model.data(model.index(0, 4))
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
        read_the_check(qtbot, dialog)
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
