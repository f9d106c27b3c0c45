"""Publish: a check the manager reads first (gaps by priority, rule breaks kept, agents under
their minimum hours), the changes each agent will see against the last published version, then
the plan is stored as a named version and marked published. The history lists one working
draft and the named versions. Database work and the check run in a worker thread."""

from __future__ import annotations

import getpass
import html
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coverage_app.dialogs.publish_check import ChangesView, CheckView
from coverage_app.qtmodels.rota_history_model import PlanHistoryModel
from coverage_app.services.plan_review import with_open_gaps
from coverage_app.services.publishing import PublishPreview, prepare, publish
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
    history_loaded = Signal(int)  # number of history rows shown
    preview_ready = Signal(object)  # PublishPreview: the check, the changes, the history

    def __init__(self, state: AppState, store: Any, parent: QWidget | None = None,
                 settings: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Publish the rota")
        self.state = state
        self.store = store
        self.runner = TaskRunner(self)
        self.preview: PublishPreview | None = None
        layout = QVBoxLayout(self)
        intro = QLabel("Publishing stores this plan as the version agents and finance work "
                       "from. Read the check first; earlier versions stay in the history.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("optional, e.g. December rota")
        self.by_edit = QLineEdit(_user())
        self.by_edit.setPlaceholderText("your name")
        form.addRow("Version name", self.name_edit)
        form.addRow("Published by", self.by_edit)
        layout.addLayout(form)
        self.tabs = QTabWidget()
        self.check_view = CheckView()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.check_view)
        self.changes_view = ChangesView()
        self.changes_summary = QLabel("Comparing with the last published version…")
        self.changes_summary.setWordWrap(True)
        changes = QWidget()
        box = QVBoxLayout(changes)
        box.addWidget(self.changes_summary)
        box.addWidget(self.changes_view, 1)
        self.model = PlanHistoryModel(parent=self, zone_name=state.display_zone)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tabs.addTab(scroll, "Check")
        self.tabs.addTab(changes, "Changes for agents")
        self.tabs.addTab(self.table, "History")
        layout.addWidget(self.tabs, 1)
        self.ack_box = QCheckBox()
        self.ack_box.setVisible(False)
        self.ack_box.toggled.connect(lambda _on: self._update_button())
        layout.addWidget(self.ack_box)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        self.caldav_panel = self._caldav_panel(state, store, settings)
        layout.addWidget(self.caldav_panel)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.publish_button = self.buttons.addButton("Publish",
                                                     QDialogButtonBox.ButtonRole.ActionRole)
        self.publish_button.clicked.connect(self.publish)
        self.publish_button.setEnabled(False)  # until the check was read
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(860, 720)
        self.runner.finished.connect(self._on_preview)
        self.runner.failed.connect(self._on_failed)
        self._publishing = False
        self._load()

    def _caldav_panel(self, state: AppState, store: Any, settings: Any) -> Any:
        """Publishing is also when agents' calendars are updated: the same CalDAV push as in
        the export dialog, with the same ledger (the database's, else the export folder's)."""
        from PySide6.QtCore import QSettings

        from coverage_app.dialogs.caldav_push import CalDavPushPanel
        from coverage_app.dialogs.export import export_folder

        settings = settings or QSettings()
        return CalDavPushPanel(state, store, lambda: export_folder(settings), settings, self)

    def _load(self, name: str = "", by: str = "") -> None:
        """Off the GUI thread: publish first when ``by`` is given, then check and compare."""
        plan, store, scenario = self.state.plan, self.store, self.state.scenario
        if store is None:
            return
        zone_name = self.state.display_zone

        def job(_report: Any, _cancel: Any) -> PublishPreview | tuple[Any, ...]:
            if by and plan is not None:  # a new version (one transaction), gaps as they are
                publish(store, with_open_gaps(scenario, plan), name=name, by=by)
            if plan is None:
                return tuple(store.plan_history())
            return prepare(store, scenario, plan, zone_name)

        self.runner.run(job, serial=serial_of(store))  # in turn with saves and exports

    def _on_preview(self, result: PublishPreview | tuple[Any, ...]) -> None:
        records = result if isinstance(result, tuple) else result.history
        self.model.set_records(tuple(records))  # this computer's clock: its own events
        self.history_loaded.emit(self.model.rowCount())
        if isinstance(result, PublishPreview):
            self._show_preview(result)
        if self._publishing:
            self._publishing = False
            self.published.emit(f"Published by {self.by_edit.text().strip()}")
        self._update_button()

    def _show_preview(self, preview: PublishPreview) -> None:
        self.preview = preview
        check, diff = preview.check, preview.diff
        self.check_view.show_check(check)
        self.changes_view.show_diff(diff)
        self.changes_summary.setText(diff.summary)
        to_read = len(check.sections()) if not check.clean else 0
        self.tabs.setTabText(0, f"Check ({'to read' if to_read else 'clean'})")
        changed = sum(len(a.changes) for a in diff.agents)
        self.tabs.setTabText(1, f"Changes for agents ({changed})")
        if check.blocking:
            self.ack_box.setText(f"I have read the check: publish with "
                                 f"{check.blocking_words()}")
        else:
            self.ack_box.setText("I have read the check")
        self.ack_box.setChecked(False)
        self.ack_box.setVisible(not check.clean)
        self.tabs.setCurrentIndex(0)
        self.preview_ready.emit(preview)

    @property
    def needs_acknowledgement(self) -> bool:
        return self.preview is None or not self.preview.check.clean

    def _update_button(self) -> None:
        ready = (self.state.plan is not None and self.store is not None
                 and self.preview is not None and not self._publishing)
        self.publish_button.setEnabled(ready and (not self.needs_acknowledgement
                                                  or self.ack_box.isChecked()))

    def publish(self) -> None:
        by = self.by_edit.text().strip()
        if not by:
            self.error_label.setText("Say who publishes (it is recorded in the history).")
            return
        if self.state.plan is None or self.store is None or self.preview is None:
            return
        if self.needs_acknowledgement and not self.ack_box.isChecked():
            self.error_label.setText("Read the check and tick the box above first.")
            return
        self.error_label.setText("")
        self._publishing = True
        self.publish_button.setEnabled(False)
        self._load(self.name_edit.text().strip(), by)

    def _on_failed(self, message: str) -> None:
        what = "publish" if self._publishing else "check the plan"
        self._publishing = False
        self._update_button()
        self.error_label.setText(f"Could not {what}: {html.escape(message)}")

    def done(self, result: int) -> None:
        self.runner.shutdown()
        self.caldav_panel.shutdown()  # a push still running: wait for it, never orphan it
        super().done(result)
