"""Publish: store the current plan as a version and mark it published; earlier versions stay in
a history with who published them and when. Database work runs in a worker thread."""

from __future__ import annotations

import getpass
import html
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coverage_app.qtmodels.rota_history_model import PlanHistoryModel
from coverage_app.services.serial import serial_of
from coverage_app.solve_worker import TaskRunner
from coverage_app.state import AppState


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return ""


class PublishDialog(QDialog):
    published = Signal(str)  # a status text, after the plan was published
    history_loaded = Signal(int)  # number of versions shown

    def __init__(self, state: AppState, store: Any, parent: QWidget | None = None,
                 settings: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Publish the rota")
        self.state = state
        self.store = store
        self.runner = TaskRunner(self)
        layout = QVBoxLayout(self)
        plan = state.plan
        intro = QLabel("Publishing stores this plan as the version agents and finance work "
                       "from. Earlier versions stay below.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name_edit = QLineEdit(f"Rota from {plan.period.first_day:%d %b %Y}" if plan else "")
        self.by_edit = QLineEdit(_user())
        self.by_edit.setPlaceholderText("your name")
        form.addRow("Version name", self.name_edit)
        form.addRow("Published by", self.by_edit)
        layout.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        layout.addWidget(QLabel("<b>History</b>"))
        self.model = PlanHistoryModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.caldav_panel = self._caldav_panel(state, store, settings)
        layout.addWidget(self.caldav_panel)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.publish_button = self.buttons.addButton("Publish",
                                                     QDialogButtonBox.ButtonRole.ActionRole)
        self.publish_button.clicked.connect(self.publish)
        self.publish_button.setEnabled(plan is not None and store is not None)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(760, 640)
        self.runner.finished.connect(self._on_history)
        self.runner.failed.connect(self._on_failed)
        self._publishing = False
        if store is not None:
            self.runner.run(lambda _report, _cancel: tuple(store.plan_history()),
                            serial=serial_of(store))

    def _caldav_panel(self, state: AppState, store: Any, settings: Any) -> Any:
        """Publishing is also when agents' calendars are updated: the same CalDAV push as in
        the export dialog, with the same ledger (the database's, else the export folder's)."""
        from PySide6.QtCore import QSettings

        from coverage_app.dialogs.caldav_push import CalDavPushPanel
        from coverage_app.dialogs.export import export_folder

        settings = settings or QSettings()
        return CalDavPushPanel(state, store, lambda: export_folder(settings), settings, self)

    def publish(self) -> None:
        plan, store = self.state.plan, self.store
        by = self.by_edit.text().strip()
        if not by:
            self.error_label.setText("Say who publishes (it is recorded in the history).")
            return
        if plan is None or store is None:
            return
        name = self.name_edit.text().strip()
        self.error_label.setText("")
        self.publish_button.setEnabled(False)
        self._publishing = True

        def job(_report: Any, _cancel: Any) -> tuple[Any, ...]:
            store.save_plan(plan, name=name, published_by=by)  # a new version, one transaction
            return tuple(store.plan_history())

        self.runner.run(job, serial=serial_of(store))  # in turn with saves and exports

    def _on_history(self, records: tuple[Any, ...]) -> None:
        self.model.set_records(records)
        self.history_loaded.emit(len(records))
        if self._publishing:
            self._publishing = False
            self.publish_button.setEnabled(True)
            self.published.emit(f"Published by {self.by_edit.text().strip()}")

    def _on_failed(self, message: str) -> None:
        self._publishing = False
        self.publish_button.setEnabled(True)
        self.error_label.setText(f"Could not publish: {html.escape(message)}")

    def done(self, result: int) -> None:
        self.runner.shutdown()
        self.caldav_panel.shutdown()  # a push still running: wait for it, never orphan it
        super().done(result)
