"""Import a team from CSV or xlsx: pick a file, see every row and its problems, then import
only the good rows (nothing is written before the manager confirms)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coverage_app.qtmodels.team_import import ImportPreviewModel
from coverage_app.services import team_import
from coverage_app.services.errors import UserError
from coverage_app.widgets.field_errors import ErrorLabel
from models.domain import Scenario

HELP = ("Columns: name (required), id, display_name, email, time_zone, country, subdivision, "
        "contract (id or name), skills (phone:3, en, ru:2), hourly_cost, currency, active "
        "(yes/no), availability (mon-fri 09:00-17:00; sat 10:00-14:00). A row whose id or "
        "name matches an agent updates that agent.")


class ImportTeamDialog(QDialog):
    """``result_scenario()`` holds the scenario with the good rows once accepted."""

    def __init__(self, scenario: Scenario, parent: QWidget | None = None,
                 start_dir: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Import team from CSV or Excel")
        self.resize(900, 520)
        self.scenario = scenario
        self._start_dir = start_dir
        self._preview: team_import.ImportPreview | None = None
        self._result: Scenario | None = None
        self.path = QLineEdit()
        self.path.setPlaceholderText("choose a .csv or .xlsx file")
        browse = QPushButton("Choose file…")
        browse.clicked.connect(self.choose_file)
        self.path.returnPressed.connect(lambda: self.load(Path(self.path.text())))
        hint = QLabel(HELP)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.model = ImportPreviewModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.
                                                          ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import team", self._start_dir,
                                              "Team sheets (*.csv *.xlsx);;All files (*)")
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool:
        """Preview a file (reading only); False with the reason shown when it is unreadable."""
        self.path.setText(str(path))
        try:
            self._preview = team_import.preview(self.scenario, path)
        except UserError as error:
            self._preview = None
            self.model.set_rows(())
            self.error.show_message("\n".join(str(p) for p in error.problems))
            self.summary.setText("")
            self.import_button.setEnabled(False)
            return False
        self.error.show_message("")
        self.model.set_rows(self._preview.rows)
        good, bad = len(self._preview.good), len(self._preview.errors)
        adds = sum(1 for r in self._preview.good if not r.updates)
        self.summary.setText(f"{good} row(s) ready ({adds} new, {good - adds} updates); "
                             f"{bad} row(s) with problems will be skipped.")
        self.import_button.setText(f"Import {good} row(s)")
        self.import_button.setEnabled(good > 0)
        return True

    def accept(self) -> None:
        if self._preview is None:
            return
        try:
            self._result = team_import.apply(self.scenario, self._preview.good)
        except UserError as error:
            self.error.show_message("\n".join(str(p) for p in error.problems))
            return
        super().accept()

    def result_scenario(self) -> Scenario | None:
        return self._result

    def imported_count(self) -> int:
        return len(self._preview.good) if self._preview else 0
