"""Export dialog: calendars (.ics per agent and for the team) with the import help, the finance
workbook (.xlsx), CSV and the payroll file (pay codes per agent and pay period; pay periods by
calendar month or a cut-off day, remembered). Runs in a worker through
``coverage_app.services.exporting``; remembers the folder in QSettings; shows a progress bar
while it works. After a calendar export
it shows what changed in each file and the export's notes (calendars without a file, texts
written again from the team data)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coverage_app.services.exporting import ExportResult
from coverage_app.services.plan_review import with_open_gaps
from coverage_app.services.serial import serial_of
from coverage_app.solve_worker import TaskRunner
from coverage_app.state import AppState
from exports.ics import CalendarChanges
from exports.payroll import PayPeriods
from models.domain import Plan, Scenario
from models.words import count

SETTINGS_KEY = "export/folder"


def export_folder(settings: QSettings) -> Path:
    """The folder exports go to: the last one chosen, else one in the home folder."""
    default = Path.home() / "Coverage Scheduler exports"
    return Path(str(settings.value(SETTINGS_KEY, str(default)))).expanduser()
PAY_PERIOD_KEY = "export/pay_period"

FALLBACK_HELP = (
    "Import each agent's .ics file into a separate calendar named \"Shifts\" (Google Calendar: "
    "Settings → Import & export; Outlook: Add calendar → Upload from file; Apple Calendar: "
    "File → Import; Thunderbird: File → Open → Calendar File). Importing the next export of the "
    "same file updates the shifts instead of duplicating them.")


def import_help() -> str:
    """The calendar-import help text the exports keep in step with docs/calendar-import.md."""
    try:
        from exports.help import CALENDAR_IMPORT_HELP
    except ImportError:  # pragma: no cover - only while the exports are being built
        return FALLBACK_HELP
    return str(CALENDAR_IMPORT_HELP)


def run_export(kind: str, scenario: Scenario, plan: Plan, folder: Path, *,
               store: Any = None, pay_periods: PayPeriods | None = None) -> ExportResult:
    """Call the exports' use case; returns the files written, with the calendars' changes and
    notes. Runs in the worker thread."""
    from coverage_app.services import exporting
    from exports.xlsx_title import PlanVersion

    if kind == "ics":
        # The store keeps what was published, so a re-import updates instead of duplicating.
        return exporting.export_calendars(scenario, plan, folder, store)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"rota-{plan.period.first_day:%Y-%m-%d}"
    if kind == "xlsx":
        version = (exporting.stored_plan_version(store, plan) if store is not None
                   else PlanVersion())
        return ExportResult((exporting.export_workbook(
            scenario, plan, folder / f"{stem}.xlsx", version=version,
            pay_periods=pay_periods),))
    if kind == "payroll":
        return exporting.export_payroll(scenario, plan, folder / f"payroll-{stem}.csv",
                                        pay_periods=pay_periods)
    return ExportResult((exporting.export_csv(scenario, plan, folder / f"{stem}.csv"),))


# (column title, what it counts) of the per-calendar table
_COLUMNS: tuple[tuple[str, str], ...] = (
    ("New", "added"), ("Updated", "updated"), ("Unchanged", "unchanged"),
    ("Cancelled", "cancelled"), ("Other periods", "kept"))


def changes_summary(totals: CalendarChanges) -> str:
    """``12 new, 2 cancelled, 40 of other periods kept`` (counts that are not zero)."""
    words = (("new", totals.added), ("updated", totals.updated),
             ("unchanged", totals.unchanged), ("cancelled", totals.cancelled),
             ("of other periods kept as they were", totals.kept))
    said = [f"{count} {word}" for word, count in words if count]
    return ", ".join(said) if said else "no events"


def report_html(result: ExportResult) -> str:
    """The events of each calendar file by what happened to them, then the export's notes."""
    parts: list[str] = []
    if result.changes:
        head = "".join(f"<th align='right'>{title}</th>" for title, _ in _COLUMNS)
        rows = [_row(html.escape(name), changes) for name, changes in result.changes.items()]
        if len(result.changes) > 1:
            rows.append(_row("<b>All files</b>", result.totals))
        parts.append("<table cellspacing='0' cellpadding='3'>"
                     f"<tr><th align='left'>Calendar file</th>{head}</tr>{''.join(rows)}"
                     "</table><p>Other periods: events of earlier or later plans, written "
                     "again as they were.</p>")
    if result.notes:
        items = "".join(f"<li>{html.escape(note)}</li>" for note in result.notes)
        parts.append(f"<p><b>Notes</b></p><ul>{items}</ul>")
    return "".join(parts)


def _row(name: str, changes: CalendarChanges) -> str:
    cells = "".join(f"<td align='right'>{getattr(changes, field)}</td>" for _, field in _COLUMNS)
    return f"<tr><td>{name}</td>{cells}</tr>"


class ExportDialog(QDialog):
    exported = Signal(str)  # a status text naming what was written
    export_failed = Signal(str)

    def __init__(self, state: AppState, store: Any = None, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.state = state
        self.store = store
        self.settings = settings or QSettings()
        self.runner = TaskRunner(self)
        self.runner.finished.connect(self._on_done)
        self.runner.failed.connect(self._on_failed)
        self.files: list[Path] = []
        self.result: ExportResult | None = None
        self._exporting = "ics"  # the kind of the export under way or last done

        layout = QVBoxLayout(self)
        self.ics_radio = QRadioButton("Calendars (.ics) — one per agent and one for the team")
        self.xlsx_radio = QRadioButton("Finance workbook (.xlsx) — hours, nights, weekends, "
                                       "holidays, cost, coverage and gaps")
        self.csv_radio = QRadioButton("Spreadsheet (.csv) — one row per shift")
        self.payroll_radio = QRadioButton("Payroll (.csv) — hours and amounts per agent, pay "
                                          "period and pay code")
        self.ics_radio.setChecked(True)
        for radio in (self.ics_radio, self.xlsx_radio, self.csv_radio, self.payroll_radio):
            layout.addWidget(radio)
            radio.toggled.connect(self._update)
        self.pay_period_row = QWidget()
        pay_row = QHBoxLayout(self.pay_period_row)
        pay_row.setContentsMargins(0, 0, 0, 0)
        pay_row.addWidget(QLabel("Pay periods"))
        self.pay_period_kind = QComboBox()
        self.pay_period_kind.addItem("Calendar months", "month")
        self.pay_period_kind.addItem("Ending on a cut-off day", "cutoff")
        self.cutoff_day = QSpinBox()
        self.cutoff_day.setRange(1, 31)
        self.cutoff_day.setPrefix("day ")
        self.cutoff_day.setToolTip("The last day of each pay period (the month's last day when "
                                   "it is shorter): 25 makes 26 Sep – 25 Oct")
        pay_row.addWidget(self.pay_period_kind)
        pay_row.addWidget(self.cutoff_day)
        pay_row.addStretch(1)
        self._load_pay_periods()
        self.pay_period_kind.currentIndexChanged.connect(self._update)
        layout.addWidget(self.pay_period_row)
        self.help_view = QTextBrowser()
        self.help_view.setOpenExternalLinks(True)
        text = import_help()
        if "<" in text and ">" in text:
            self.help_view.setHtml(text)
        else:
            self.help_view.setMarkdown(text)
        self.help_view.setMinimumHeight(160)
        layout.addWidget(self.help_view, 1)

        row = QHBoxLayout()
        row.addWidget(QLabel("Folder"))
        self.folder_edit = QLineEdit(str(export_folder(self.settings)))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.runner.progress_shown.connect(lambda: self.progress.setVisible(True))
        layout.addWidget(self.progress)
        self.result_label = QLabel()
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.report_view = QTextBrowser()  # per-calendar changes and notes of the last export
        self.report_view.setMinimumHeight(140)
        self.report_view.setVisible(False)
        layout.addWidget(self.report_view, 1)
        self._add_caldav_push(layout)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("Export",
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.start)
        self.export_button.setEnabled(state.plan is not None)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(620, 560)
        self._update()

    def kind(self) -> str:
        if self.xlsx_radio.isChecked():
            return "xlsx"
        if self.payroll_radio.isChecked():
            return "payroll"
        return "csv" if self.csv_radio.isChecked() else "ics"

    def pay_periods(self) -> PayPeriods:
        if self.pay_period_kind.currentData() == "cutoff":
            return PayPeriods(self.cutoff_day.value())
        return PayPeriods()

    def _load_pay_periods(self) -> None:
        try:
            periods = PayPeriods.parse(str(self.settings.value(PAY_PERIOD_KEY, "month")))
        except ValueError:
            periods = PayPeriods()  # a setting from elsewhere: fall back to calendar months
        self.pay_period_kind.setCurrentIndex(0 if periods.cutoff_day is None else 1)
        self.cutoff_day.setValue(periods.cutoff_day or 25)

    def _update(self) -> None:
        self.help_view.setVisible(self.kind() == "ics")
        self.caldav_panel.setVisible(self.kind() == "ics")
        self.pay_period_row.setVisible(self.kind() in ("xlsx", "payroll"))
        self.cutoff_day.setEnabled(self.pay_period_kind.currentData() == "cutoff")

    def _add_caldav_push(self, layout: QVBoxLayout) -> None:
        """Calendars pushed to CalDAV servers, beside the folder export (same events)."""
        from coverage_app.dialogs.caldav_push import CalDavPushPanel

        self.caldav_panel = CalDavPushPanel(
            self.state, self.store, lambda: Path(self.folder_edit.text()).expanduser(),
            self.settings, self)
        layout.addWidget(self.caldav_panel)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export to folder", self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def start(self) -> None:
        plan = self.state.plan
        if plan is None:
            return
        folder = Path(self.folder_edit.text()).expanduser()
        self.settings.setValue(SETTINGS_KEY, str(folder))
        kind, scenario, store = self.kind(), self.state.scenario, self.store
        pay_periods = self.pay_periods()
        self.settings.setValue(PAY_PERIOD_KEY, pay_periods.text)
        self._exporting = kind
        self.export_button.setEnabled(False)
        self.result_label.setText("Exporting…")
        self.report_view.clear()
        self.report_view.setVisible(False)
        self.progress.setRange(0, 0)  # busy; shown after 500 ms, i.e. only on big exports

        def job(_report: Any, _cancel: Any) -> ExportResult:
            shown = with_open_gaps(scenario, plan)  # the gaps as they are after hand edits
            return run_export(kind, scenario, shown, folder, store=store,
                              pay_periods=pay_periods)

        self.runner.run(job, serial=serial_of(store))  # in turn with saves and publishing

    def _on_done(self, result: ExportResult) -> None:
        self.result = result
        self.files = files = list(result.paths)
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)
        folder = self.folder_edit.text()
        if self._exporting == "ics":
            status = (f"Wrote {count(len(files), 'calendar file')} to {folder}: "
                      f"{changes_summary(result.totals)}" if files
                      else f"No calendar file written to {folder}")
            if result.notes:
                status += f"; {count(len(result.notes), 'note')}"
            self.result_label.setText(html.escape(status))
            self.report_view.setHtml(report_html(result))
            self.report_view.setVisible(True)
        else:
            names = ", ".join(f.name for f in files[:6])
            more = f" and {len(files) - 6} more" if len(files) > 6 else ""
            status = f"Wrote {count(len(files), 'file')} to {folder}"
            self.result_label.setText(html.escape(f"{status}: {names}{more}"))
            if result.notes:  # payroll: its rows, and pay periods the plan covers in part
                self.report_view.setHtml(report_html(result))
                self.report_view.setVisible(True)
        self.exported.emit(status)

    def _on_failed(self, message: str) -> None:
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)
        self.report_view.setVisible(False)
        self.result_label.setText(f"<span style='color:#c62828'>Export failed: "
                                  f"{html.escape(message)}</span>")
        self.export_failed.emit(message)

    def done(self, result: int) -> None:
        self.runner.shutdown()
        self.caldav_panel.shutdown()
        super().done(result)
