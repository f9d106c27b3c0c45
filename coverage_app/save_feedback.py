"""What the window says about saving: the status-bar text, and the questions after a conflict.

The Autosaver does the saving; this object only turns its signals into words and choices:

- saved: "Saved 10:42:05" in the machine's own zone (it is this computer's event);
- a failure (a busy or unreachable database): one dialog per run of failures and "Not saved,
  retrying" until a save goes through, so the manager knows and nothing is dropped;
- a conflict with another window: "Reload their version", "Keep mine as a copy" (the plan is
  stored as its own version, then theirs is loaded) or "Decide later" (saving stays paused and
  the status bar says so; closing the window asks again).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from coverage_app.autosave import Autosaver
from coverage_app.services.autosave import SaveOutcome
from coverage_app.state import AppState
from models.domain import utc_now


def machine_time(at: datetime) -> str:
    """An aware instant as this computer's local clock time, with its zone abbreviation.

    (``astimezone()`` without a zone converts an aware instant to the system's zone: the result
    is aware too.)
    """
    local = at.astimezone()
    return f"{local:%H:%M:%S} {local:%Z}".strip()


class SaveFeedback(QObject):
    reload_requested = Signal()
    copy_requested = Signal(str)  # the name for the copy of my plan

    def __init__(self, autosaver: Autosaver, state: AppState, label: QLabel,
                 parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.autosaver = autosaver
        self.state = state
        self.label = label
        self.parent_widget = parent_widget
        autosaver.saved.connect(self._saved)
        autosaver.save_failed.connect(self._failed)
        autosaver.conflicted.connect(self._conflicted)

    def _saved(self, outcome: SaveOutcome) -> None:
        self.label.setText(f"Saved {machine_time(outcome.at)}")
        self.label.setToolTip("Every change is saved to the database as you work.")

    def _failed(self, message: str) -> None:
        self.label.setText("Not saved: retrying")
        self.label.setToolTip(message)
        QMessageBox.warning(
            self.parent_widget, "Not saved yet",
            f"Your latest changes could not be saved:\n\n{message}\n\nCoverage Scheduler tries "
            "again every few seconds and with your next change; nothing is lost while this "
            "window stays open. The status bar says \"Saved\" again once they are in.")

    def _conflicted(self, error: Any) -> None:
        from coverage_app.services.store import PlanConflict

        self.label.setText("Not saved: changed elsewhere")
        self.label.setToolTip(str(error))
        box = QMessageBox(QMessageBox.Icon.Warning, "Changed in another window",
                          f"{_sentence(_first_message(error))}\n\nYour change that clashed is "
                          "not saved "
                          "yet.", parent=self.parent_widget)
        reload = box.addButton("Reload their version", QMessageBox.ButtonRole.AcceptRole)
        copy = None
        if isinstance(error, PlanConflict) and self.state.plan is not None:
            copy = box.addButton("Keep mine as a copy", QMessageBox.ButtonRole.ActionRole)
            box.setInformativeText("\"Keep mine as a copy\" stores your plan as its own version "
                                   "in the plan history, then shows theirs.")
        box.addButton("Decide later", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is reload:
            self.reload_requested.emit()
        elif copy is not None and box.clickedButton() is copy:
            self.copy_requested.emit(f"My copy, kept {machine_time(utc_now())}")

    def confirm_close(self) -> bool:
        """Closing with changes that could not be saved: ask; True means close."""
        if not self.autosaver.unsaved:
            return True
        answer = QMessageBox.question(
            self.parent_widget, "Close without saving?",
            "Some of your changes are not in the database (they clashed with another window, "
            "or the database could not be reached). Close anyway and lose them?",
            QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Close


def _first_message(error: Any) -> str:
    problems = getattr(error, "problems", ())
    return problems[0].message if problems else str(error)


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
