"""Response allowances in the app: the coverage strip shows a short hole as no gap (and says
why), the target editor's "Respond within" field reaches a real SQLite file and comes back."""

from __future__ import annotations

import dataclasses
from datetime import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QSettings

from coverage_app.main import build_window
from coverage_app.services.store import ScenarioStore
from coverage_app.widgets.rota_layout import RotaLayout
from coverage_app.widgets.rota_style import TOP
from coverage_app.widgets.rota_view import RotaView
from solver.gaps import explain_gaps
from tests.solver.factory import MONDAY, utc
from tests.solver.test_response_allowance import hand_made, team


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    QCoreApplication.setOrganizationName("Coverage Scheduler tests")
    QCoreApplication.setApplicationName("coverage-scheduler-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


def _view(qtbot, layout: RotaLayout) -> RotaView:  # type: ignore[no-untyped-def]
    view = RotaView()
    qtbot.addWidget(view)
    view.resize(1600, 400)
    view.set_layout(layout, {})
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_strip_shows_a_45_minute_hole_as_no_gap_and_a_75_minute_one_as_a_gap(qtbot):
    short = team(60, time(12, 45))
    layout = RotaLayout(short, hand_made(time(12, 45)), "UTC", MONDAY, 1)
    assert [c for c in layout.strip if c.missing] == []
    hole, after_bob = [c for c in layout.strip if c.excused]
    assert (hole.start, hole.end, hole.scheduled, hole.required) == (
        utc(MONDAY, 12), utc(MONDAY, 12, 45), 0, 1)
    assert (after_bob.start, after_bob.end) == (utc(MONDAY, 16, 45), utc(MONDAY, 17))
    view = _view(qtbot, layout)
    text = view.tooltip_at(QPoint(round(view._x(utc(MONDAY, 12, 20))), TOP - 12))
    assert "0 of 1 on duty" in text
    assert "not a gap" in text
    assert "missing" not in text

    long = team(60, time(13, 15))
    plan = hand_made(time(13, 15))
    plan = dataclasses.replace(plan, gaps=explain_gaps(long, plan, proven=False))
    layout = RotaLayout(long, plan, "UTC", MONDAY, 1)
    assert [(c.start, c.end) for c in layout.strip if c.missing] == [
        (utc(MONDAY, 12), utc(MONDAY, 13, 15))]
    view = _view(qtbot, layout)
    text = view.tooltip_at(QPoint(round(view._x(utc(MONDAY, 12, 20))), TOP - 12))
    assert "1 missing" in text
    assert "not within the 60-minute response time" in text


def test_the_target_editor_keeps_a_response_time_across_a_restart(qtbot, tmp_path: Path) -> None:
    db = tmp_path / "team.sqlite"
    window, _solve_now = build_window(str(db))
    qtbot.addWidget(window)
    page = window.target_page
    row = [r.id for r in page.req_model.rows()].index("247-ru")
    page.req_view.selectRow(row)
    assert page.req_allowance.value() == 0
    assert page.req_allowance.text() == "every slot (no holes)"
    with qtbot.waitSignal(window.autosaver.saved, timeout=15_000):
        page.req_allowance.setValue(60)
    assert window.state.scenario.target.requirement("247-ru").allowance_minutes == 60
    column = page.req_model.columnCount() - 1
    assert page.req_model.index(row, column).data() == "60 min"
    window.close()
    window.store.close()
    with ScenarioStore.open(db) as store:
        stored = store.load()
    assert stored.target.requirement("247-ru").allowance_minutes == 60
    assert {r.allowance_minutes for r in stored.target.requirements if r.id != "247-ru"} == {0}

    again, _ = build_window(str(db))
    qtbot.addWidget(again)
    page = again.target_page
    page.req_view.selectRow([r.id for r in page.req_model.rows()].index("247-ru"))
    assert page.req_allowance.value() == 60
    again.close()
    again.store.close()
