"""Starting the app: the window first, then the database, opened off the GUI thread.

The main window appears at once in an "Opening team…" state (no page, no action). A worker
opens the database with every start-up check of :func:`coverage_app.main.try_open_workspace`:
a file that is not ours or is damaged is inspected and left untouched, the schema is upgraded
after a backup, and another instance on the same file is noticed. Only when that is done does
the window show data: the team of the database, or the demo team (unsaved) after a dialog that
says why the database could not be used. Nothing is shown or written before.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal

from coverage_app.solve_worker import TaskRunner

log = logging.getLogger(__name__)
OPENING_TEXT = "Opening team…"


class StartUp(QObject):
    """Opens ``db_url`` in a worker for ``window`` (a MainWindow shown in its opening state)."""

    opened = Signal(bool)  # the window shows its team; True: a first start, solve at once

    def __init__(self, window: Any, db_url: str | None) -> None:
        super().__init__(window)
        self.window = window
        self.db_url = db_url
        self.runner = TaskRunner(self)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.done = False
        self.closing = False
        window.installEventFilter(self)

    def start(self) -> None:
        from coverage_app.main import try_open_workspace

        db_url = self.db_url

        def job(_report: Any, cancel: Any) -> Any:
            workspace, error = try_open_workspace(db_url)
            if workspace is not None and cancel.cancelled:  # the window closed meanwhile
                workspace.store.close()
                return None, None
            return workspace, error

        self.window.show_opening(OPENING_TEXT)
        self.runner.run(job)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and not self.done:
            # Closed while opening: the open (perhaps a schema upgrade) finishes, then the
            # database is closed again; nothing is shown.
            self.closing = True
            self.runner.shutdown()
        return False

    def _finished(self, result: object) -> None:
        workspace, error = result  # type: ignore[misc]
        if self.closing:
            if workspace is not None:
                workspace.store.close()
            return
        self._use(workspace, error)

    def _failed(self, message: str) -> None:  # try_open_workspace turns errors into messages
        if self.closing:
            return
        from coverage_app.services.errors import UserError

        log.error("opening the database at start-up failed: %s", message)
        self._use(None, UserError.say(f"the database could not be opened ({message})",
                                      str(self.db_url or ""), "--db"))

    def _use(self, workspace: Any, error: Any) -> None:
        from coverage_app.services.scenarios import demo_scenario
        from coverage_app.shell_files import remember_database, show_problems

        window = self.window
        if workspace is None:
            if error is not None:  # the dialog comes before any data is shown
                show_problems(window, "Cannot open the database", error)
            window.show_opening(None)
            window.state.replace(demo_scenario(), None)
            first = True
        else:
            window.show_opening(None)
            window.use_workspace(workspace)
            remember_database(window.settings, workspace.store.location)
            first = workspace.plan is None and bool(workspace.scenario.active_agents())
        self.done = True
        self.opened.emit(first)

    def shutdown(self) -> None:
        self.runner.shutdown()


def opening_window() -> Any:
    """The main window on an empty team, in its opening state (nothing of a database yet)."""
    from coverage_app.main_window import MainWindow
    from coverage_app.services.workspace import blank_scenario
    from coverage_app.state import AppState

    window = MainWindow(AppState(blank_scenario()), None)
    window.show_opening(OPENING_TEXT)
    return window
