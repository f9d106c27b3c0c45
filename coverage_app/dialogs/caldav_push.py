"""The export dialog's "Push to calendars (CalDAV)" section: the plan's calendars written straight
into the agents' calendars on CalDAV servers, through
:func:`coverage_app.services.caldav_push.push_with_targets_file` in a worker. The targets file
is remembered in QSettings; passwords come from the system keyring. A dry run only says what
would change. Each calendar's outcome is listed, refused ones in red with the reason."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coverage_app.services.caldav_push import PushResult
from coverage_app.solve_worker import TaskRunner
from coverage_app.state import AppState

TARGETS_KEY = "export/caldav-targets"
RED = "#c62828"


def push_report_html(result: PushResult) -> str:
    """One row per calendar (what changed, or why it failed), then what a dry run would do
    and the notes."""
    rows = []
    for pushed in result.calendars:
        if pushed.error:
            outcome = f"<span style='color:{RED}'>{html.escape(pushed.error)}</span>"
        else:
            outcome = html.escape(pushed.changes.words()
                                  + (", new calendar" if pushed.created_calendar else ""))
        rows.append(f"<tr><td>{html.escape(pushed.who)}</td><td>{outcome}</td></tr>")
    parts = ["<table cellspacing='0' cellpadding='3'><tr><th align='left'>Calendar</th>"
             f"<th align='left'>Result</th></tr>{''.join(rows)}</table>"]
    planned = [f"<li>{html.escape(p.who)}: would be {html.escape(line)}</li>"
               for p in result.calendars for line in p.planned] if result.dry_run else []
    if planned:
        parts.append(f"<p><b>Would change</b></p><ul>{''.join(planned)}</ul>")
    if result.notes:
        parts.append("<p><b>Notes</b></p><ul>"
                     + "".join(f"<li>{html.escape(n)}</li>" for n in result.notes) + "</ul>")
    return "".join(parts)


class CalDavPushPanel(QGroupBox):
    pushed = Signal(str)  # a status text once a push (or dry run) ran, refused calendars included
    push_failed = Signal(str)  # nothing was pushed: bad targets file, no plan...

    def __init__(self, state: AppState, store: Any, folder: Callable[[], Path],
                 settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__("Push to calendars (CalDAV)", parent)
        self.state, self.store, self.folder, self.settings = state, store, folder, settings
        self.result: PushResult | None = None
        self.runner = TaskRunner(self)
        self.runner.finished.connect(self._on_done)
        self.runner.failed.connect(self._on_failed)
        layout = QVBoxLayout(self)
        intro = QLabel("Write the shifts straight into the agents' calendars on a CalDAV "
                       "server (Nextcloud, Radicale, Fastmail, iCloud…): no file to import. "
                       "Passwords come from the system keyring.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(QLabel("Targets file"))
        self.targets_edit = QLineEdit(str(settings.value(TARGETS_KEY, "")))
        self.targets_edit.setPlaceholderText("caldav.json: where each agent's calendar is")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.targets_edit, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        self.dry_run_box = QCheckBox("Only show what would change")
        self.push_button = QPushButton("Push to calendars (CalDAV)")
        self.push_button.clicked.connect(self.start)
        self.push_button.setEnabled(state.plan is not None)
        buttons.addWidget(self.dry_run_box)
        buttons.addStretch(1)
        buttons.addWidget(self.push_button)
        layout.addLayout(buttons)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.report_view = QTextBrowser()
        self.report_view.setMinimumHeight(110)
        self.report_view.setVisible(False)
        layout.addWidget(self.report_view)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "CalDAV targets file",
                                              self.targets_edit.text(), "JSON (*.json)")
        if path:
            self.targets_edit.setText(path)

    def start(self) -> None:
        plan = self.state.plan
        if plan is None:
            return
        text = self.targets_edit.text().strip()
        targets = Path(text).expanduser() if text else None
        self.settings.setValue(TARGETS_KEY, text)
        scenario, store, folder = self.state.scenario, self.store, self.folder()
        dry_run = self.dry_run_box.isChecked()
        self.push_button.setEnabled(False)
        self.status_label.setText("Reading the calendars…" if dry_run else "Pushing…")
        self.report_view.setVisible(False)

        def job(_report: Any, _cancel: Any) -> PushResult:
            from coverage_app.services.caldav_push import push_with_targets_file
            from coverage_app.services.exporting import LEDGER_FILE, JsonLedger

            # The folder export's ledger: the database's, else the export folder's file.
            ledger = store if store is not None else JsonLedger(folder / LEDGER_FILE)
            return push_with_targets_file(scenario, plan, targets, ledger, dry_run=dry_run)

        self.runner.run(job)

    def _on_done(self, result: PushResult) -> None:
        self.result = result
        self.push_button.setEnabled(True)
        verb = "Would push" if result.dry_run else "Pushed"
        status = f"{verb}: {result.totals.words()}"
        if result.failed:
            names = ", ".join(p.who for p in result.failed)
            status += (f"; not {'read' if result.dry_run else 'updated'}: {names} "
                       "(push again once fixed)")
            self.status_label.setText(f"<span style='color:{RED}'>{html.escape(status)}</span>")
        else:
            self.status_label.setText(html.escape(status))
        self.report_view.setHtml(push_report_html(result))
        self.report_view.setVisible(True)
        self.pushed.emit(status)

    def _on_failed(self, message: str) -> None:
        self.push_button.setEnabled(True)
        self.status_label.setText(f"<span style='color:{RED}'>Nothing was pushed: "
                                  f"{html.escape(message)}</span>")
        self.push_failed.emit(message)

    def shutdown(self) -> None:
        self.runner.shutdown()
