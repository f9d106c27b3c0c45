"""Saving in the app against a real SQLite file: close, reopen, edit, save; two windows at once;
a database that is busy. No fake store: a fake once hid that no edit could be saved after a
restart."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from coverage_app.main import build_window
from coverage_app.services.store import ScenarioStore
from models.domain import Plan
from tests.models.storage_helpers import make_plan


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    QCoreApplication.setOrganizationName("Coverage Scheduler tests")
    QCoreApplication.setApplicationName("coverage-scheduler-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


class DialogAnswerer:
    """Answers message boxes as they appear by clicking the button with a given text."""

    def __init__(self) -> None:
        self.answers: dict[str, str] = {}  # dialog title -> button text
        self.seen: list[tuple[str, str]] = []  # (title, text) of every box answered
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def _look(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if not isinstance(widget, QMessageBox) or not widget.isVisible():
                continue
            wanted = self.answers.get(widget.windowTitle())
            if wanted is None:
                continue
            button = next((b for b in widget.buttons() if b.text() == wanted), None)
            assert button is not None, f"no {wanted!r} in {widget.windowTitle()!r}"
            self.seen.append((widget.windowTitle(), widget.text()))
            button.click()

    def stop(self) -> None:
        self._timer.stop()


@pytest.fixture
def answer() -> Iterator[DialogAnswerer]:
    answerer = DialogAnswerer()
    yield answerer
    answerer.stop()


def _later(plan: Plan, minutes: int) -> Plan:
    """The plan with its first shift moved, as a drag on the rota does."""
    first = plan.shifts[0]
    moved = dataclasses.replace(first, start=first.start + timedelta(minutes=minutes),
                                end=first.end + timedelta(minutes=minutes))
    return dataclasses.replace(plan, shifts=(moved, *plan.shifts[1:]))


def _open(qtbot, db: Path):
    window, _solve_now = build_window(str(db))
    qtbot.addWidget(window)
    return window


def _edit(qtbot, window, plan: Plan) -> None:
    with qtbot.waitSignal(window.autosaver.saved, timeout=15_000):
        window.state.apply("move a shift", plan=plan)


def _close(window) -> None:
    window.close()
    window.store.close()


def _stored_plan(db: Path) -> Plan | None:
    with ScenarioStore.open(db) as store:
        return store.load_working_plan()


def test_close_reopen_edit_save(qtbot, tmp_path: Path, answer: DialogAnswerer) -> None:
    db = tmp_path / "team.sqlite"
    first = _open(qtbot, db)
    _edit(qtbot, first, make_plan())
    _close(first)

    second = _open(qtbot, db)
    loaded = second.state.plan
    assert loaded is not None
    assert loaded.shifts == make_plan().shifts
    failures: list[str] = []
    second.autosaver.save_failed.connect(failures.append)
    _edit(qtbot, second, _later(loaded, 30))
    _edit(qtbot, second, _later(loaded, 45))
    assert failures == []
    assert second.status_saved.text().startswith("Saved ")
    _close(second)
    assert _stored_plan(db).shifts == _later(loaded, 45).shifts
    assert answer.seen == []


def test_a_second_window_is_told_and_keeps_its_plan_as_a_copy_on_conflict(
        qtbot, tmp_path: Path, answer: DialogAnswerer) -> None:
    db = tmp_path / "team.sqlite"
    one = _open(qtbot, db)
    _edit(qtbot, one, make_plan())
    two = _open(qtbot, db)
    assert one.others_notice is None
    assert two.others_notice is not None
    assert two.others_notice.isVisible()
    assert one.store.user in two.others_notice.text()
    two.others_notice.accept()

    _edit(qtbot, one, _later(make_plan(), 60))  # theirs
    answer.answers["Changed in another window"] = "Keep mine as a copy"
    mine = _later(make_plan(), 15)
    with qtbot.waitSignal(two.files.workspace_opened, timeout=15_000):
        two.state.apply("move a shift", plan=mine)
    [(_title, text)] = answer.seen
    assert "changed in another window" in text.lower()
    assert one.store.user in text
    assert two.state.plan.shifts == _later(make_plan(), 60).shifts  # theirs is shown
    history = two.store.plan_history()
    copy = next(r for r in history if r.name.startswith("My copy"))
    assert two.store.load_plan(copy.id).shifts == mine.shifts  # mine is kept
    # Saving goes on from their version.
    _edit(qtbot, two, _later(two.state.plan, 5))
    _close(two)
    _close(one)
    assert _stored_plan(db).shifts == _later(_later(make_plan(), 60), 5).shifts


def test_reload_their_version_after_a_conflict(qtbot, tmp_path: Path,
                                               answer: DialogAnswerer) -> None:
    db = tmp_path / "team.sqlite"
    one = _open(qtbot, db)
    _edit(qtbot, one, make_plan())
    two = _open(qtbot, db)
    two.others_notice.accept()
    _edit(qtbot, one, _later(make_plan(), 60))
    answer.answers["Changed in another window"] = "Reload their version"
    with qtbot.waitSignal(two.files.workspace_opened, timeout=15_000):
        two.state.apply("move a shift", plan=_later(make_plan(), 15))
    assert two.state.plan.shifts == _later(make_plan(), 60).shifts
    assert len(two.store.plan_history()) == 1  # nothing but the one working draft
    _close(two)
    _close(one)


def test_a_busy_database_says_so_and_saves_when_it_is_free(qtbot, tmp_path: Path,
                                                           answer: DialogAnswerer) -> None:
    db = tmp_path / "team.sqlite"
    window = _open(qtbot, db)
    _edit(qtbot, window, make_plan())
    answer.answers["Not saved yet"] = "OK"
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with qtbot.waitSignal(window.autosaver.save_failed, timeout=15_000) as failed:
            window.state.apply("move a shift", plan=_later(make_plan(), 30))
        assert "busy" in failed.args[0]
        qtbot.waitUntil(lambda: answer.seen != [], timeout=5_000)
        assert window.status_saved.text() == "Not saved: retrying"
        assert window.autosaver.unsaved
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with qtbot.waitSignal(window.autosaver.recovered, timeout=15_000):
        window.state.apply("move it again", plan=_later(make_plan(), 45))
    qtbot.waitUntil(lambda: not window.autosaver.dirty, timeout=15_000)
    assert window.status_saved.text().startswith("Saved ")
    _close(window)
    assert _stored_plan(db).shifts == _later(make_plan(), 45).shifts
    assert [title for title, _ in answer.seen] == ["Not saved yet"]  # told once, not per retry
