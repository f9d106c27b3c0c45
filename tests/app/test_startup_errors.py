"""Starting the app on a database it cannot use: a readable dialog, never a traceback.

The message comes from a Qt-free function (tested directly); one test drives the real start-up
and reads the real message box that appears.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from coverage_app.main import build_window, try_open_workspace
from tests.models.damaged_files import Snapshot, png_named_db, stored_demo, truncated, with_bad_rows


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    QCoreApplication.setOrganizationName("Coverage Scheduler tests")
    QCoreApplication.setApplicationName("coverage-scheduler-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


def messages(error) -> list[str]:
    return [str(p) for p in error.problems]


def test_a_png_renamed_db_gives_a_message_and_the_demo_unsaved(tmp_path):
    path = png_named_db(tmp_path)
    before = Snapshot.of(path)
    workspace, error = try_open_workspace(str(path))
    assert workspace is None
    first, note = messages(error)
    assert first.startswith(f"{path} is not a Coverage Scheduler database: it holds a "
                            "Portable Network Graphics file")
    assert note.startswith("Coverage Scheduler starts with the demo team, which is not saved")
    assert Snapshot.of(path) == before


def test_a_truncated_database_gives_a_message_naming_the_damage(tmp_path, demo):
    path = truncated(stored_demo(tmp_path / "desk.sqlite", demo))
    workspace, error = try_open_workspace(str(path))
    assert workspace is None
    assert messages(error)[0].startswith(f"{path} is damaged (the file is cut short")


def test_bad_rows_are_all_in_the_start_up_message(tmp_path, demo):
    path = with_bad_rows(tmp_path / "desk.sqlite", demo)
    workspace, error = try_open_workspace(str(path))
    assert workspace is None
    text = messages(error)
    assert len(text) == 4
    assert text[0].startswith("agent 'Kadri Tamm' (id kadri-tamm), time_zone: 'Europe/Tallin'")
    assert text[1].startswith("agent 'Anna Kask' (id anna-kask), time_zone: 'Europe/Tallin'")
    assert text[2].startswith("time off of 'James Carter' from 2026-12-14 to 2026-12-01 "
                              "(id vac-james-2026-12), last_day")
    assert text[3].startswith(f"nothing in the database {path} was changed; Coverage "
                              "Scheduler starts with the demo team")


def test_an_unexpected_failure_while_opening_is_a_message_too(tmp_path, monkeypatch):
    from coverage_app.services import workspace as workspace_module

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(workspace_module, "open_workspace", broken)
    workspace, error = try_open_workspace(str(tmp_path / "any.sqlite"))
    assert workspace is None
    first = messages(error)[0]
    assert "an error in the program (RuntimeError: disk on fire)" in first
    assert "log file" in first


def close_next_message_box(seen: list[tuple[str, str]]) -> None:
    """Once a modal message box is up, note its title and text and press its button."""

    def attempt() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, attempt)  # not shown yet: look again when Qt is idle
            return
        seen.append((box.windowTitle(), box.text()))
        box.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(0, attempt)


def test_start_up_on_a_png_shows_the_dialog_and_opens_the_demo_unsaved(qtbot, tmp_path):
    path = png_named_db(tmp_path)
    before = Snapshot.of(path)
    seen: list[tuple[str, str]] = []
    close_next_message_box(seen)
    window, solve_at_once = build_window(str(path))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(seen))
    [(title, text)] = seen
    assert title == "Cannot open the database"
    assert f"{path} is not a Coverage Scheduler database" in text
    assert "Portable Network Graphics" in text
    assert window.store is None
    assert window.status_db.text() == "No database: changes are not saved"
    assert solve_at_once
    assert Snapshot.of(path) == before
