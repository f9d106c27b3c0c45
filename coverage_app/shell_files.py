"""File menu work for the main window: databases, scenario files, team import, recent files.

Every database or file operation runs through one TaskRunner (a QObject in a QThread); the
results are applied on the GUI thread. Errors a user can fix are shown as dialogs listing
each problem, never as a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from coverage_app.services.errors import UserError
from coverage_app.services.serial import serial_of
from coverage_app.solve_worker import TaskRunner
from coverage_app.state import AppState

if TYPE_CHECKING:
    from coverage_app.services.workspace import Workspace

log = logging.getLogger(__name__)
RECENT_KEY = "files/recent_databases"
FOLDER_KEY = "files/last_folder"
MAX_RECENT = 8
DB_FILTER = "Coverage Scheduler databases (*.sqlite *.db);;All files (*)"
SCENARIO_FILTER = "Scenario files (*.json);;All files (*)"


def show_problems(parent: QWidget | None, title: str, error: UserError | str) -> None:
    """A dialog listing every problem with its field, value and suggestion."""
    QMessageBox.warning(parent, title, problems_html(error))


def problems_html(error: UserError | str) -> str:
    """Every problem with its field, value and suggestion, as a rich-text list."""
    if isinstance(error, UserError):
        lines = []
        for p in error.problems[:20]:
            where = f"<b>{p.path}</b>: " if p.path else ""
            value = f" (value: {p.value!s})" if p.value not in ("", None) else ""
            hint = f"<br><i>{p.suggestion}</i>" if p.suggestion else ""
            lines.append(f"<li>{where}{p.message}{value}{hint}</li>")
        more = f"<p>…and {len(error.problems) - 20} more.</p>" if len(error.problems) > 20 else ""
        text = f"<ul>{''.join(lines)}</ul>{more}"
    else:
        text = str(error)
    return text


def recent_databases(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY, [])
    items = [value] if isinstance(value, str) else list(value) if isinstance(
        value, list | tuple) else []
    return [str(v) for v in items if v]


def remember_database(settings: QSettings, location: str) -> None:
    items = [location, *(r for r in recent_databases(settings) if r != location)]
    settings.setValue(RECENT_KEY, items[:MAX_RECENT])


class FileActions(QObject):
    """Runs file and database jobs off the GUI thread and applies their results."""

    workspace_opened = Signal(object)  # Workspace
    message = Signal(str)  # for the status bar

    def __init__(self, state: AppState, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.state = state
        self.parent_widget = parent_widget
        self.settings = QSettings()
        self.runner = TaskRunner(self)
        self._on_done: Callable[[Any], None] | None = None
        self._title = ""
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)

    # Running jobs ---------------------------------------------------------------------------
    def run(self, title: str, job: Callable[[], Any], on_done: Callable[[Any], None],
            store: Any = None) -> None:
        """Run ``job()`` in the worker (in turn with the other jobs of ``store``, when it uses
        one); UserErrors come back as values and are shown."""
        def wrapped(_report: Any, _cancel: Any) -> Any:
            try:
                return job()
            except UserError as error:
                return error

        self._title = title
        self._on_done = on_done
        self.message.emit(f"{title}…")
        self.runner.run(wrapped, serial=serial_of(store))

    def _finished(self, result: Any) -> None:
        if isinstance(result, UserError):
            self.message.emit(f"{self._title}: failed")
            show_problems(self.parent_widget, self._title, result)
            return
        if self._on_done is not None:
            self._on_done(result)

    def _failed(self, message: str) -> None:
        self.message.emit(f"{self._title}: failed")
        QMessageBox.critical(self.parent_widget, self._title,
                             f"{self._title} failed unexpectedly:\n{message}\n\n"
                             "Details are in the log file (Help ▸ About).")

    def _folder(self) -> str:
        return str(self.settings.value(FOLDER_KEY, str(Path.home())))

    def _remember_folder(self, path: str) -> None:
        self.settings.setValue(FOLDER_KEY, str(Path(path).parent))

    # Databases ------------------------------------------------------------------------------
    def open_database(self, location: str | None = None, *, new: bool = False) -> None:
        if location is None:
            if new:
                location, _ = QFileDialog.getSaveFileName(
                    self.parent_widget, "New database", self._folder(), DB_FILTER)
            else:
                location, _ = QFileDialog.getOpenFileName(
                    self.parent_widget, "Open database", self._folder(), DB_FILTER)
            if not location:
                return
            self._remember_folder(location)
            if new and Path(location).exists():
                show_problems(self.parent_widget, "New database", UserError.say(
                    "a file with this name exists already", location, "file",
                    "use File ▸ Open to open it, or choose another name"))
                return
        self.open_location(location, fill_with_demo=not new)

    def open_location(self, location: str | None, fill_with_demo: bool = True) -> None:
        from coverage_app.services.workspace import open_workspace

        self.run("Opening the database",
                 lambda: open_workspace(location, fill_with_demo=fill_with_demo),
                 self._opened)

    def _opened(self, workspace: Workspace) -> None:
        remember_database(self.settings, workspace.store.location)
        self.workspace_opened.emit(workspace)
        self.message.emit(f"Opened {workspace.store.location}")

    def save_copy(self, store: Any) -> None:
        if store is None:
            return
        target, _ = QFileDialog.getSaveFileName(self.parent_widget, "Save a copy of the database",
                                                self._folder(), DB_FILTER)
        if not target:
            return
        self._remember_folder(target)
        self.run("Saving a copy", lambda: store.backup(Path(target)),
                 lambda _r: self.message.emit(f"Saved a copy to {target}"), store)

    # Scenario files -------------------------------------------------------------------------
    def import_scenario(self) -> None:
        from coverage_app.services.scenarios import read_scenario_file

        name, _ = QFileDialog.getOpenFileName(self.parent_widget, "Import scenario file",
                                              self._folder(), SCENARIO_FILTER)
        if not name:
            return
        self._remember_folder(name)
        self.run("Importing the scenario", lambda: read_scenario_file(Path(name)),
                 lambda scenario: self.state.apply(f"import {Path(name).name}",
                                                   scenario=scenario, clear_plan=True))

    def export_scenario(self) -> None:
        from models.files import write_scenario

        name, _ = QFileDialog.getSaveFileName(self.parent_widget, "Export scenario file",
                                              self._folder(), SCENARIO_FILTER)
        if not name:
            return
        self._remember_folder(name)
        scenario = self.state.scenario
        self.run("Exporting the scenario", lambda: write_scenario(scenario, Path(name)),
                 lambda _r: self.message.emit(f"Exported the scenario to {name}"))

    def import_team(self) -> None:
        from coverage_app.dialogs.import_team import ImportTeamDialog

        dialog = ImportTeamDialog(self.state.scenario, self.parent_widget, self._folder())
        if dialog.exec() and dialog.result_scenario() is not None:
            self.state.apply(f"import ({dialog.result_text()})",
                             scenario=dialog.result_scenario())
            self.message.emit(f"Imported: {dialog.result_text()}")

    def shutdown(self) -> None:
        self.runner.shutdown()
