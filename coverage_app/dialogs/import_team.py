"""Import agents and time off from CSV or xlsx: pick a file, see every row and its problems,
then import all of it. While any row has a problem the import is refused, and importing only
the valid rows is a separate, explicit button. Nothing is written before the user confirms."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coverage_app.qtmodels.team_import import ImportPreviewModel, TimeOffPreviewModel
from coverage_app.services import team_import
from coverage_app.services.errors import UserError
from coverage_app.services.team_import import DateOrder
from coverage_app.widgets.field_errors import ErrorLabel
from models.domain import Scenario

HELP = (
    "<b>Agents</b>: a table with a <i>name</i> column; also id, display_name, email, time_zone, "
    "country, subdivision, contract (id or name), skills (<tt>phone:3, en, ru:2</tt>), "
    "hourly_cost, currency, active (yes/no), availability (<tt>mon-fri 09:00-17:00; sat "
    "10:00-14:00</tt>). A row whose id, or without an id whose name, matches an agent updates "
    "that agent.<br><b>Time off</b>: a table with <i>agent</i> (name or id), <i>first_day</i>, "
    "last_day (empty: one day), kind (vacation, sick, other; empty: vacation) and note. Dates "
    "as 2026-12-25, Excel dates, or 25/12/2026 (choose the order below when a date could be "
    "read both ways). In a workbook, put agents and time off on separate sheets.")
ORDERS = (("Automatic: refuse dates like 03/04/2026 that read both ways", DateOrder.AUTO),
          ("Day/month/year (25/12/2026)", DateOrder.DAY_MONTH),
          ("Month/day/year (12/25/2026)", DateOrder.MONTH_DAY))


def _rows(n: int, what: str = "row") -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


class PathEdit(QLineEdit):
    """A file path field: Enter loads the file and goes no further (it must not also press the
    dialog's import button)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class ImportTeamDialog(QDialog):
    """``result_scenario()`` holds the imported scenario once accepted."""

    previewed = Signal()  # a file was (re)read: the tables, summary and buttons show it

    def __init__(self, scenario: Scenario, parent: QWidget | None = None,
                 start_dir: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Import team and time off from CSV or Excel")
        self.resize(960, 600)
        self.scenario = scenario
        self._start_dir = start_dir
        self._preview: team_import.ImportPreview | None = None
        self._outcome: team_import.ImportOutcome | None = None
        self.path = PathEdit()
        self.path.setPlaceholderText("choose a .csv or .xlsx file")
        self.path.returnPressed.connect(self.reload)
        self.browse_button = QPushButton("Choose file…")
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.choose_file)
        self.reload_button = QPushButton("Load again")
        self.reload_button.setAutoDefault(False)
        self.reload_button.setToolTip("Read the file again, after correcting it")
        self.reload_button.clicked.connect(self.reload)
        self.date_order = QComboBox()
        for label, order in ORDERS:
            self.date_order.addItem(label, order)
        self.date_order.currentIndexChanged.connect(self.reload)
        hint = QLabel(HELP)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.notices = QLabel()
        self.notices.setWordWrap(True)
        self.notices.hide()
        self.model = ImportPreviewModel(self)
        self.time_off_model = TimeOffPreviewModel(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._view(self.model), "Agents")
        self.tabs.addTab(self._view(self.time_off_model), "Time off")
        self.summary = QLabel()
        self.reason = ErrorLabel()
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_valid_button = self.buttons.addButton(
            "Import the valid rows", QDialogButtonBox.ButtonRole.ApplyRole)
        self.import_valid_button.setAutoDefault(False)
        self.import_valid_button.hide()
        self.import_button = self.buttons.addButton("Import",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_all)
        self.import_valid_button.clicked.connect(self.import_valid)
        self.buttons.rejected.connect(self.reject)
        self._layout(hint)

    def _view(self, model: ImportPreviewModel | TimeOffPreviewModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def _layout(self, hint: QLabel) -> None:
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse_button)
        file_row.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        order_row = QHBoxLayout()
        order_row.addWidget(QLabel("Dates in the file:"))
        order_row.addWidget(self.date_order, 1)
        layout.addLayout(order_row)
        layout.addWidget(hint)
        layout.addWidget(self.notices)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    # Slots -----------------------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import team or time off", self._start_dir,
                                              "Team sheets (*.csv *.xlsx);;All files (*)")
        if name:
            self.load(Path(name))

    def reload(self) -> None:
        """Read the file named in the path field again (date order changed, file corrected)."""
        if self.path.text().strip():
            self.load(Path(self.path.text().strip()))

    def load(self, path: Path) -> bool:
        """Preview a file (reading only); False with the reason shown when it is unreadable."""
        self.path.setText(str(path))
        order = self.date_order.currentData()
        try:
            preview = team_import.preview(self.scenario, path, DateOrder(order))
        except UserError as error:
            self._show(None)
            self.error.show_message("\n".join(str(p) for p in error.problems))
            self.previewed.emit()
            return False
        self._show(preview)
        self.previewed.emit()
        return True

    def import_all(self) -> None:
        self._import(only_valid=False)

    def import_valid(self) -> None:
        self._import(only_valid=True)

    def _import(self, *, only_valid: bool) -> None:
        if self._preview is None:
            return
        try:
            self._outcome = team_import.apply(self.scenario, self._preview,
                                              only_valid=only_valid)
        except UserError as error:
            self.error.show_message("\n".join(str(p) for p in error.problems))
            return
        self.accept()

    # Rendering -------------------------------------------------------------------------------
    def _show(self, preview: team_import.ImportPreview | None) -> None:
        self._preview = preview
        self.error.show_message("")
        agents = preview.rows if preview else ()
        time_off = preview.time_off if preview else ()
        self.model.set_rows(agents)
        self.time_off_model.set_rows(time_off)
        self.tabs.setTabText(0, f"Agents ({len(agents)})")
        self.tabs.setTabText(1, f"Time off ({len(time_off)})")
        if time_off and not agents:
            self.tabs.setCurrentIndex(1)
        elif agents and not time_off:
            self.tabs.setCurrentIndex(0)
        notices = preview.notices if preview else ()
        self.notices.setText("\n".join(f"⚠ {n}" for n in notices))
        self.notices.setVisible(bool(notices))
        self.summary.setText(preview.summary() if preview else "")
        reason = preview.blocked_reason() if preview else ""
        self.reason.show_message(reason)
        total = len(preview.all_rows) if preview else 0
        self.import_button.setText(f"Import {_rows(total)}" if total else "Import")
        self.import_button.setEnabled(bool(preview and preview.can_import_all))
        self.import_button.setToolTip(reason)
        valid = len(preview.valid) if preview else 0
        self.import_valid_button.setText(
            f"Import the {valid} valid {'row' if valid == 1 else 'rows'}")
        self.import_valid_button.setVisible(bool(preview and preview.can_import_valid))

    # Results ---------------------------------------------------------------------------------
    def result_scenario(self) -> Scenario | None:
        return self._outcome.scenario if self._outcome else None

    def result_text(self) -> str:
        """What the import did, e.g. ``2 agents added, 3 time-off entries added``."""
        return self._outcome.text if self._outcome else ""
