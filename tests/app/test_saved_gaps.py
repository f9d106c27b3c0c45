"""The gaps saved with a plan are the gaps on screen: after a hand edit the plan that is
autosaved, published and exported carries the gaps of the plan as edited, not the solver's.
On a real SQLite file: edit, close, reopen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from coverage_app.main import build_window
from coverage_app.services.plan_review import with_open_gaps
from coverage_app.services.store import ScenarioStore
from tests.app.gap_fixtures import plan_with_gaps


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    QCoreApplication.setOrganizationName("Coverage Scheduler tests")
    QCoreApplication.setApplicationName("coverage-scheduler-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


def _gap_keys(gaps) -> list[tuple]:
    return [(g.requirement_id, g.start, g.end, g.missing, g.reason, g.message) for g in gaps]


def test_a_hand_edit_saves_the_gaps_the_screen_shows(qtbot, tmp_path, demo):
    db = tmp_path / "desk.sqlite"
    solved = plan_with_gaps(demo)  # the solver's list: three gaps
    with ScenarioStore.open(db) as store:
        store.replace(demo)
        store.save_working_plan(solved)
    window, _solve_now = build_window(str(db))
    qtbot.addWidget(window)
    rota = window.rota_page
    qtbot.waitUntil(lambda: rota.current_review() is not None, timeout=60_000)
    # The phone duty's Tuesday shift taken away by hand: a gap the solver never listed.
    target = next(s for s in window.state.plan.shifts
                  if s.agent_id == "igor-petrov" and s.start.weekday() == 1)
    with qtbot.waitSignal(window.autosaver.saved, timeout=60_000):
        rota.delete_shift(target.id)
    edited = window.state.plan
    assert target.id not in {s.id for s in edited.shifts}
    qtbot.waitUntil(lambda: rota.current_review() is not None, timeout=60_000)
    shown = rota.current_review().gaps
    listed = [row.gap for row in rota.gap_list.model.rows()]  # the gap list on screen
    assert _gap_keys(sorted(listed, key=lambda g: (g.start, g.requirement_id))) == \
        _gap_keys(shown)
    assert len(shown) > len(solved.gaps)  # more than the solver's three
    window.close()
    window.store.close()
    with ScenarioStore.open(db) as store:
        stored = store.load_working_plan()
    assert stored is not None
    assert stored.shifts == edited.shifts
    assert _gap_keys(stored.gaps) == _gap_keys(shown)


def test_the_plan_to_save_keeps_the_recorded_reasons_and_adds_the_new_gaps(demo):
    solved = plan_with_gaps(demo)
    saved = with_open_gaps(demo, solved)
    recorded = set(_gap_keys(solved.gaps))
    assert recorded & set(_gap_keys(saved.gaps))  # the solver's reasons kept where they hold
    assert len(saved.gaps) > len(solved.gaps)
    assert with_open_gaps(demo, saved) is saved  # nothing to change: the same plan
