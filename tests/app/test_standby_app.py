"""Standby in the app: the rota draws a standby shift as its own (hatched, labelled) bar whose
tooltip says it is standby; the target editor's "Accepts standby" field reaches a real SQLite
file and comes back, and refuses standby on a dedicated duty under the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt

from coverage_app.main import build_window
from coverage_app.services.store import ScenarioStore
from coverage_app.widgets.rota_layout import RotaLayout
from coverage_app.widgets.rota_tooltips import shift_tooltip
from models.domain import DutyKind
from tests.solver.factory import MONDAY
from tests.solver.test_standby import desk, night_by_standby

SECOND_LINE = "247-linux-t2"


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    QCoreApplication.setOrganizationName("Coverage Scheduler tests")
    QCoreApplication.setApplicationName("coverage-scheduler-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


def test_a_standby_bar_is_labelled_and_its_tooltip_says_standby():
    sc, plan = desk(), night_by_standby()
    layout = RotaLayout(sc, plan, "UTC", MONDAY, 1)
    bars = {b.shift.id: b for bars in layout.bars_by_agent.values() for b in bars}
    assert bars["cat-0-sb"].labels[0] == "Standby 00:00–08:00"
    assert not any(label.startswith("Standby") for label in bars["ann-8"].labels)
    standby = next(s for s in plan.shifts if s.id == "cat-0-sb")
    text = shift_tooltip(layout, standby, {})
    assert "Standby for Tier 2" in text
    assert "8 h on standby" in text
    assert "Standby" not in shift_tooltip(layout, plan.shifts[1], {})
    # The strip counts the standby shifts: tier 2 is met round the clock.
    assert not [c for c in layout.strip if c.missing]


def test_the_target_editor_keeps_standby_across_a_restart_and_refuses_it_on_a_dedicated_duty(
        qtbot, tmp_path: Path) -> None:
    db = tmp_path / "team.sqlite"
    window, _solve_now = build_window(str(db))
    qtbot.addWidget(window)
    page = window.target_page
    rows = [r.id for r in page.req_model.rows()]
    page.req_view.selectRow(rows.index(SECOND_LINE))
    assert page.req_standby.value() == 0
    assert page.req_standby.text() == "no (on duty only)"
    with qtbot.waitSignal(window.autosaver.saved, timeout=15_000):
        page.req_standby.setValue(30)
    assert window.state.scenario.target.requirement(SECOND_LINE).standby_reach_minutes == 30
    column = next(c for c in range(page.req_model.columnCount())
                  if page.req_model.headerData(c, Qt.Orientation.Horizontal) == "Standby")
    assert page.req_model.index(rows.index(SECOND_LINE), column).data() == "within 30 min"

    phone = next(r for r in window.state.scenario.target.requirements
                 if r.duty is DutyKind.DEDICATED)
    page.req_view.selectRow(rows.index(phone.id))
    page.req_standby.setValue(30)  # refused: the field says why, nothing is saved
    assert window.state.scenario.target.requirement(phone.id).standby_reach_minutes == 0
    assert "dedicated duty" in page.errors.label("standby_reach_minutes").text()
    window.close()
    window.store.close()
    with ScenarioStore.open(db) as store:
        stored = store.load()
    assert stored.target.requirement(SECOND_LINE).standby_reach_minutes == 30
    assert stored.target.requirement(phone.id).standby_reach_minutes == 0

    again, _ = build_window(str(db))
    qtbot.addWidget(again)
    page = again.target_page
    page.req_view.selectRow([r.id for r in page.req_model.rows()].index(SECOND_LINE))
    assert page.req_standby.value() == 30
    again.close()
    again.store.close()
