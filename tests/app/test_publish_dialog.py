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
