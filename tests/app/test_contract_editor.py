"""The contract editor: templates become new contracts, edits and assignments reach a real
SQLite file and come back after the window is closed and opened again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt

from coverage_app.main import build_window
from coverage_app.pages.team import TeamPage
from coverage_app.services.store import ScenarioStore
from coverage_app.state import AppState
from models.domain import Scenario


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    QCoreApplication.setOrganizationName("Coverage Scheduler tests")
    QCoreApplication.setApplicationName("coverage-scheduler-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


def _open(qtbot, db: Path):
    window, _solve_now = build_window(str(db))
    qtbot.addWidget(window)
    window.show()
    return window


def _close(window) -> None:
    window.close()
    window.store.close()


def _template_action(dialog, name: str):
    return next(a for a in dialog.template_actions if a.text().startswith(name))


def test_a_template_edited_and_assigned_is_in_the_database_after_reopening(
        qtbot, tmp_path: Path) -> None:
    db = tmp_path / "team.sqlite"
    window = _open(qtbot, db)
    page: TeamPage = window.team_page
    window.show_page(0)
    qtbot.mouseClick(page.form.contracts_button, Qt.MouseButton.LeftButton)
    dialog = page.contracts_dialog
    assert dialog is not None
    assert dialog.isVisible()
    with qtbot.waitSignal(window.autosaver.saved, timeout=15_000):
        _template_action(dialog, "Part-time 20 h").trigger()
    new_id = dialog.contract_id()
    assert new_id not in ("part-time", None)  # the demo's own "Part-time 24 h" is untouched
    assert dialog.name.text() == "Part-time 20 h"
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Part-time 16 h weekends")
    dialog.spins["max_hours_per_week"].setValue(16)
    dialog.spins["min_hours_per_week"].setValue(8)
    dialog.holidays.setChecked(True)
    with qtbot.waitSignal(window.autosaver.saved, timeout=15_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    dialog.close()

    agent = window.state.scenario.agents[1]
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.table.visualRect(page.model.index(1, 0)).center())
    assert page.form.name.text() == agent.name
    combo = page.form.contract
    index = combo.findData(new_id)
    assert combo.itemText(index) == "Part-time 16 h weekends (8–16 h/week)"
    combo.setCurrentIndex(index)
    with qtbot.waitSignal(window.autosaver.saved, timeout=15_000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    _close(window)

    with ScenarioStore.open(db) as store:
        stored = store.load()
    contract = stored.contract(new_id)
    assert (contract.name, contract.min_hours_per_week, contract.max_hours_per_week,
            contract.works_public_holidays) == ("Part-time 16 h weekends", 8, 16, True)
    assert stored.agent(agent.id).contract_id == new_id
    assert stored.contract("part-time").name == "Part-time 24 h"

    again = _open(qtbot, db)
    again.team_page.select_agent(agent.id)
    assert again.team_page.form.contract.currentData() == new_id
    _close(again)


def test_the_form_offers_no_preset_that_names_another_contract(qtbot, demo: Scenario) -> None:
    """The old "Use preset: Part-time 20 h" button chose the demo's "Part-time 24 h"."""
    page = TeamPage(AppState(demo))
    qtbot.addWidget(page)
    page.show()
    combo = page.form.contract
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert "Part-time 24 h (12–24 h/week)" in labels
    assert not [b for b in page.findChildren(type(page.save_button))
                if "preset" in b.text().lower()]
    dialog = page.open_contracts()
    action = _template_action(dialog, "Part-time 20 h")
    assert action.text() == "Part-time 20 h (10–20 h/week)"


def test_a_wrong_contract_value_is_named_beside_its_field_and_nothing_is_saved(
        qtbot, demo: Scenario) -> None:
    state = AppState(demo)
    page = TeamPage(state)
    qtbot.addWidget(page)
    dialog = page.open_contracts()
    dialog.spins["min_shift_hours"].setValue(12)  # longer than 10 h a day
    label = dialog.errors.label("min_shift_hours")
    assert not label.isHidden()
    assert "max_hours_per_day" in label.text()
    assert not dialog.save()
    assert state.scenario == demo
    assert not dialog.contract_list.isEnabled()  # the typing cannot be dropped by a click
    dialog.reject()
    assert dialog.isVisible() or not dialog.errors.general.isHidden()
    assert "not saved" in dialog.errors.general.text()


def test_a_held_contract_cannot_be_removed(qtbot, demo: Scenario) -> None:
    state = AppState(demo)
    page = TeamPage(state)
    qtbot.addWidget(page)
    dialog = page.open_contracts()
    assert dialog.contract_id() == demo.contracts[0].id
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert state.scenario == demo
    assert "held by" in dialog.errors.general.text()
