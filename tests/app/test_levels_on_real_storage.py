"""Skill levels edited in the team editor and the coverage target editor reach a real SQLite
file and come back: edit through the widgets, let autosave write, close, reopen, check."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt

from coverage_app.main import build_window
from coverage_app.services.store import ScenarioStore


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    QCoreApplication.setOrganizationName("Coverage Scheduler tests")
    QCoreApplication.setApplicationName("coverage-scheduler-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


def _open(qtbot, db: Path):  # type: ignore[no-untyped-def]
    window, _solve_now = build_window(str(db))
    qtbot.addWidget(window)
    return window


def _close(window) -> None:  # type: ignore[no-untyped-def]
    window.close()
    window.store.close()


def _stored(db: Path):  # type: ignore[no-untyped-def]
    with ScenarioStore.open(db) as store:
        return store.load()


def test_the_team_editor_keeps_a_skill_level_across_a_restart(qtbot, tmp_path: Path) -> None:
    db = tmp_path / "team.sqlite"
    window = _open(qtbot, db)
    page = window.team_page
    page.select_agent("jonas-weber")
    assert window.state.scenario.agent("jonas-weber").level("linux") == 2
    chip = page.form.skills.chip("linux")
    expert = next(a for a in chip.menu().actions() if a.text().startswith("3"))
    expert.trigger()  # the chip's level menu, as a click on its arrow offers it
    with qtbot.waitSignal(window.autosaver.saved, timeout=15_000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    _close(window)
    assert _stored(db).agent("jonas-weber").level("linux") == 3

    again = _open(qtbot, db)
    again.team_page.select_agent("jonas-weber")
    assert again.team_page.form.skills.chip("linux").level() == 3
    _close(again)


def test_the_target_editor_keeps_a_minimum_level_across_a_restart(qtbot, tmp_path: Path) -> None:
    db = tmp_path / "team.sqlite"
    window = _open(qtbot, db)
    page = window.target_page
    row = [r.id for r in page.req_model.rows()].index("247-linux-t2")
    page.req_view.selectRow(row)
    assert page.req_level.currentData() == 1
    with qtbot.waitSignal(window.autosaver.saved, timeout=15_000):
        page.req_level.setCurrentIndex(page.req_level.findData(2))
    assert window.state.scenario.target.requirement("247-linux-t2").min_level == 2
    skills_cell = page.req_model.index(row, 4).data()
    assert skills_cell.endswith("level 2+")
    _close(window)
    stored = _stored(db)
    assert stored.target.requirement("247-linux-t2").min_level == 2
    assert {r.min_level for r in stored.target.requirements if r.id != "247-linux-t2"} == {1}

    again = _open(qtbot, db)
    page = again.target_page
    page.req_view.selectRow([r.id for r in page.req_model.rows()].index("247-linux-t2"))
    assert page.req_level.currentData() == 2
    _close(again)


def test_a_level_without_a_skill_is_refused_in_the_form(qtbot, tmp_path: Path) -> None:
    window = _open(qtbot, tmp_path / "team.sqlite")
    page = window.target_page
    row = [r.id for r in page.req_model.rows()].index("247-open")  # any agent: no skills
    page.req_view.selectRow(row)
    before = window.state.scenario
    page.req_level.setCurrentIndex(page.req_level.findData(3))
    assert window.state.scenario is before  # nothing changed
    label = page.errors.label("min_level")
    assert "needs a skill" in label.text()
    _close(window)
