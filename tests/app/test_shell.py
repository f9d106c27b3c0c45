"""The main window, its dialogs, first start and autosave."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QDialogButtonBox

from coverage_app.autosave import Autosaver
from coverage_app.services import editing
from coverage_app.services.errors import UserError
from coverage_app.state import AppState
from models.domain import Plan, Scenario


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    QCoreApplication.setOrganizationName("Coverage Scheduler tests")
    QCoreApplication.setApplicationName("coverage-scheduler-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


def _rename_first(scenario: Scenario, name: str) -> Scenario:
    agent = scenario.agents[0]
    import dataclasses

    return editing.update_agent(scenario, dataclasses.replace(agent, name=name))


class FakeStore:
    location = "fake://db"
    url = "fake://db"

    def __init__(self, conflict: bool = False) -> None:
        self.saves: list[tuple[Scenario, Scenario]] = []
        self.plans: list[Plan] = []
        self.conflict = conflict

    def save(self, scenario: Scenario, base: Scenario) -> None:
        if self.conflict:
            from coverage_app.services.store import EditConflict

            raise EditConflict()
        self.saves.append((scenario, base))

    def save_working_plan(self, plan: Plan) -> str:
        self.plans.append(plan)
        return "working-draft"


def test_autosave_saves_each_change_from_the_last_saved_base(qtbot, demo: Scenario) -> None:
    state = AppState(demo)
    store = FakeStore()
    saver = Autosaver(state, store, delay_ms=1)
    first = _rename_first(demo, "A")
    with qtbot.waitSignal(saver.saved, timeout=5000):
        state.apply("rename", scenario=first)
    second = _rename_first(first, "B")
    with qtbot.waitSignal(saver.saved, timeout=5000):
        state.apply("rename again", scenario=second)
    assert [(s.agents[0].name, b.agents[0].name) for s, b in store.saves] == [
        ("A", demo.agents[0].name), ("B", "A")]
    assert store.saves[1][1] is first
    assert not saver.dirty
    saver.finish()


def test_autosave_reports_a_conflict_and_pauses(qtbot, demo: Scenario) -> None:
    state = AppState(demo)
    saver = Autosaver(state, FakeStore(conflict=True), delay_ms=1)
    with qtbot.waitSignal(saver.conflicted, timeout=5000) as conflict:
        state.apply("rename", scenario=_rename_first(demo, "A"))
    assert isinstance(conflict.args[0], UserError)
    assert "someone else" in str(conflict.args[0])
    assert saver.paused
    assert saver.dirty
    saver.finish()


def test_edits_survive_in_the_database(qtbot, tmp_path: Path, demo: Scenario) -> None:
    from coverage_app.services.workspace import open_workspace

    db = tmp_path / "team.sqlite"
    workspace = open_workspace(db)
    assert workspace.first_start
    assert workspace.scenario == demo
    state = AppState(workspace.scenario, workspace.plan)
    saver = Autosaver(state, workspace.store, delay_ms=1)
    with qtbot.waitSignal(saver.saved, timeout=10_000):
        state.apply("rename", scenario=_rename_first(state.scenario, "Saved Name"))
    state.apply("rename again", scenario=_rename_first(state.scenario, "Final Name"))
    saver.finish()  # closing the window writes what is left
    workspace.store.close()
    again = open_workspace(db)
    assert not again.first_start
    assert again.scenario.agents[0].name == "Final Name"
    again.store.close()


def test_first_start_opens_the_demo_and_the_window_assembles_pages(qtbot, tmp_path: Path,
                                                                    monkeypatch) -> None:
    from coverage_app.main import build_window

    monkeypatch.setenv("COVERAGE_SCHEDULER_DATA_DIR", str(tmp_path / "data"))
    window, first = build_window(None)
    qtbot.addWidget(window)
    assert first
    assert window.store is not None
    assert window.sidebar.count() == 6
    assert window.stack.count() == 6
    assert hasattr(window.rota_page, "start_solve")
    assert "coverage.sqlite" in window.status_db.text()
    texts = {a.text() for a in window.actions()}
    assert {"Solve", "&Undo", "Team &settings…"} <= texts
    window.page_actions[2].trigger()
    assert window.current_page() is window.target_page
    window.close()
    window.store.close()


def test_undo_redo_actions_follow_the_history(qtbot, demo: Scenario) -> None:
    from coverage_app.main_window import MainWindow

    state = AppState(demo)
    window = MainWindow(state, None)
    qtbot.addWidget(window)
    assert not window.undo_action.isEnabled()
    with qtbot.waitSignal(state.changed):
        state.apply("rename agent", scenario=_rename_first(demo, "A"))
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo rename agent"
    with qtbot.waitSignal(state.changed):
        window.undo_action.trigger()
    assert state.scenario == demo
    assert window.redo_action.isEnabled()
    assert "No database" in window.status_db.text()
    window.close()


def test_the_lasting_status_says_what_undo_and_redo_did(qtbot, demo: Scenario) -> None:
    """An edit's lasting message ("…: breaks a rule") no longer stands once it is undone."""
    from coverage_app.main_window import MainWindow

    state = AppState(demo)
    window = MainWindow(state, None)
    qtbot.addWidget(window)
    with qtbot.waitSignal(state.changed):
        state.apply("rename agent", scenario=_rename_first(demo, "A"))
    window.rota_page.status_message.emit("rename agent: breaks a rule")
    with qtbot.waitSignal(state.changed):
        window.undo_action.trigger()
    assert window.status_solve.text() == "Undo rename agent"
    with qtbot.waitSignal(state.changed):
        window.redo_action.trigger()
    assert window.status_solve.text() == "Redo rename agent"
    window.close()


def test_display_zone_combo_offers_reference_utc_and_agent_zones(qtbot, demo: Scenario) -> None:
    from coverage_app.main_window import MainWindow

    state = AppState(demo)
    window = MainWindow(state, None)
    qtbot.addWidget(window)
    zones = [window.zone_combo.itemData(i) for i in range(window.zone_combo.count())]
    assert zones[:2] == ["Europe/Tallinn", "UTC"]
    assert "Asia/Kathmandu" in zones
    with qtbot.waitSignal(state.display_zone_changed) as changed:
        window.zone_combo.setCurrentIndex(zones.index("Asia/Kathmandu"))
    assert changed.args == ["Asia/Kathmandu"]
    window.close()


def test_settings_dialog_validates_as_typed(qtbot, demo: Scenario) -> None:
    from coverage_app.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(demo.team)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, " ")
    assert not ok.isEnabled()
    assert "needs a name" in dialog.errors.label("name").text()
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Night Desk")
    dialog.premiums["night"].setValue(7.0)
    assert not ok.isEnabled()
    assert "between 1.0 and 5.0" in dialog.errors.label("night").text()
    dialog.premiums["night"].setValue(1.5)
    dialog.granularity.setCurrentIndex(dialog.granularity.findData(15))
    team = dialog.validate()
    assert team is not None
    assert (team.name, team.granularity_minutes, team.premiums.night) == ("Night Desk", 15, 1.5)


def test_about_lists_versions(qtbot) -> None:
    from coverage_app.dialogs.about import AboutDialog, CalendarHelpDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.versions_label.text()
    for name in ("OR-Tools", "tzdata", "Qt", "Python"):
        assert name in text
    help_dialog = CalendarHelpDialog()
    qtbot.addWidget(help_dialog)
    assert "calendar" in help_dialog.text.toPlainText().lower()


def test_excepthook_logs_and_shows_a_readable_message(monkeypatch, caplog) -> None:
    import sys

    from coverage_app import main as app_main

    shown: list[BaseException] = []
    monkeypatch.setattr(app_main, "show_unexpected_error", shown.append)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app_main.install_excepthook()
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        with caplog.at_level("ERROR"):
            sys.excepthook(type(error), error, error.__traceback__)
    assert [str(e) for e in shown] == ["boom"]
    assert "RuntimeError: boom" in caplog.text


def test_recent_databases_are_remembered_newest_first() -> None:
    from coverage_app.shell_files import MAX_RECENT, recent_databases, remember_database

    settings = QSettings()
    for i in range(MAX_RECENT + 2):
        remember_database(settings, f"/data/{i}.sqlite")
    remember_database(settings, "/data/3.sqlite")
    items = recent_databases(settings)
    assert items[0] == "/data/3.sqlite"
    assert len(items) == MAX_RECENT
    assert items.count("/data/3.sqlite") == 1


def test_a_new_database_starts_with_a_blank_team(qtbot, tmp_path: Path) -> None:
    from coverage_app.main_window import MainWindow
    from coverage_app.services.workspace import open_workspace

    workspace = open_workspace(tmp_path / "new.sqlite", fill_with_demo=False)
    assert workspace.first_start
    assert workspace.scenario.agents == ()
    assert {c.id for c in workspace.scenario.contracts} == {"full-time", "part-time"}
    state = AppState(workspace.scenario, workspace.plan)
    window = MainWindow(state, workspace.store)
    qtbot.addWidget(window)
    for index in range(5):
        window.show_page(index)
    assert window.team_page.form_title.text() == "New agent"
    qtbot.keyClicks(window.team_page.form.name, "First Agent")
    with qtbot.waitSignal(window.autosaver.saved, timeout=10_000):
        assert window.team_page.save()
    window.close()
    workspace.store.close()
    again = open_workspace(tmp_path / "new.sqlite")
    assert [a.name for a in again.scenario.agents] == ["First Agent"]
    again.store.close()
