"""The contract editor: the team's contracts, new ones from a template, every rule editable.

Each save is one undoable step through ``AppState.apply`` (and so reaches the database through
the autosaver). Templates are starting points: a template becomes a new contract of its own, it
never silently stands for a contract the team already has.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coverage_app.services import editing
from coverage_app.services.errors import UserError
from coverage_app.state import AppState, ChangeSet
from coverage_app.widgets.field_errors import FieldErrors
from models.domain import Contract, DomainError
from resources import icon

# (field, label, low, high, step, suffix); whole numbers for the day and night counts
HOUR_FIELDS = (
    ("min_hours_per_week", "Hours a week, at least", 0, 168, 1.0, " h"),
    ("max_hours_per_week", "Hours a week, at most", 0, 168, 1.0, " h"),
    ("max_hours_per_day", "Hours a day, at most", 0.25, 24, 0.5, " h"),
    ("min_shift_hours", "Shift length, at least", 0.25, 24, 0.5, " h"),
    ("max_shift_hours", "Shift length, at most", 0.25, 24, 0.5, " h"),
    ("min_rest_hours", "Rest between shifts, at least", 0, 48, 1.0, " h"),
)
COUNT_FIELDS = (
    ("max_consecutive_days", "Working days in a row, at most", 1, 31, ""),
    ("max_nights_per_week", "Nights a week, at most", 0, 7, ""),
)


class ContractsDialog(QDialog):
    """List of contracts on the left, the chosen contract's rules on the right."""

    contract_saved = Signal(str)  # contract id

    def __init__(self, state: AppState, parent: QWidget | None = None,
                 select: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Contracts")
        self.state = state
        self._contract_id: str | None = None
        self._dirty = False
        self.contract_list = QListWidget()
        self.contract_list.setMinimumWidth(240)
        self.contract_list.setWordWrap(True)
        self.contract_list.setSpacing(2)
        self.new_button = QPushButton(icon("add"), "New from template")
        template_menu = QMenu(self.new_button)
        self.template_actions = []
        for template in editing.contract_templates():
            action = template_menu.addAction(editing.contract_label(template))
            action.setToolTip(f"A new contract with the rules of “{template.name}”; "
                              "edit it to fit")
            action.triggered.connect(lambda _=False, t=template: self.add_from_template(t))
            self.template_actions.append(action)
        self.new_button.setMenu(template_menu)
        self.remove_button = QPushButton(icon("remove"), "Remove")
        self.remove_button.setToolTip("Remove a contract no agent holds")
        left = QVBoxLayout()
        left.addWidget(QLabel("The team's contracts"))
        left.addWidget(self.contract_list, 1)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.new_button)
        left_buttons.addWidget(self.remove_button)
        left.addLayout(left_buttons)

        self.errors = FieldErrors()
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Part-time 24 h")
        self.spins: dict[str, QDoubleSpinBox | QSpinBox] = {}
        form = QFormLayout()

        def row(title: str, widget: QWidget, path: str) -> None:
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(self.errors.add(path, widget))
            form.addRow(title, box)

        row("Name", self.name, "name")
        for field, title, low, high, step, suffix in HOUR_FIELDS:
            spin = QDoubleSpinBox()
            spin.setRange(low, high)
            spin.setSingleStep(step)
            spin.setDecimals(2)
            spin.setSuffix(suffix)
            self.spins[field] = spin
            row(title, spin, field)
        for field, title, low, high, suffix in COUNT_FIELDS:
            count = QSpinBox()
            count.setRange(low, high)
            count.setSuffix(suffix)
            self.spins[field] = count
            row(title, count, field)
        self.holidays = QCheckBox("Works on public holidays")
        form.addRow("", self.holidays)
        form.addRow("", self.errors.general)
        self.holders = QLabel()
        self.holders.setWordWrap(True)
        self.holders.setProperty("role", "hint")
        self.save_button = QPushButton(icon("save"), "Save contract")
        self.revert_button = QPushButton("Revert")
        right_buttons = QHBoxLayout()
        right_buttons.addWidget(self.save_button)
        right_buttons.addWidget(self.revert_button)
        right_buttons.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.holders)
        right.addLayout(right_buttons)
        right.addStretch(1)

        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)

        self.contract_list.currentRowChanged.connect(self._row_changed)
        self.name.textEdited.connect(lambda _: self._edited())
        for spin in self.spins.values():
            spin.valueChanged.connect(lambda _: self._edited())
        self.holidays.toggled.connect(lambda _: self._edited())
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(lambda: self._load(self._contract_id))
        self.remove_button.clicked.connect(self.remove_current)
        state.changed.connect(self._state_changed)
        self._fill(select or (state.scenario.contracts[0].id
                              if state.scenario.contracts else None))

    # Reading --------------------------------------------------------------------------------
    def contract_id(self) -> str | None:
        return self._contract_id

    def _state_changed(self, change: ChangeSet) -> None:
        if change.scenario and not self._dirty:
            ids = {c.id for c in self.state.scenario.contracts}
            self._fill(self._contract_id if self._contract_id in ids else None)

    def _fill(self, select: str | None) -> None:
        scenario = self.state.scenario
        self.contract_list.blockSignals(True)
        self.contract_list.clear()
        for contract in scenario.contracts:
            held = sum(1 for a in scenario.agents if a.contract_id == contract.id)
            item = QListWidgetItem(
                f"{contract.name}\n{contract.min_hours_per_week:g}–"
                f"{contract.max_hours_per_week:g} h/week · held by {held} "
                f"agent{'' if held == 1 else 's'}")
            item.setToolTip(editing.contract_label(contract))
            item.setData(Qt.ItemDataRole.UserRole, contract.id)
            self.contract_list.addItem(item)
        ids = [c.id for c in scenario.contracts]
        row = ids.index(select) if select in ids else (0 if ids else -1)
        self.contract_list.setCurrentRow(row)
        self.contract_list.blockSignals(False)
        self._load(ids[row] if row >= 0 else None)

    def _row_changed(self, row: int) -> None:
        if 0 <= row < self.contract_list.count():
            self._load(str(self.contract_list.item(row).data(Qt.ItemDataRole.UserRole)))

    def _load(self, contract_id: str | None) -> None:
        scenario = self.state.scenario
        contract = scenario.contract(contract_id) if contract_id else None
        self._contract_id = contract_id
        widgets: list[QWidget] = [self.name, self.holidays, *self.spins.values()]
        for widget in widgets:
            widget.blockSignals(True)
            widget.setEnabled(contract is not None)
        if contract is not None:
            self.name.setText(contract.name)
            for field, spin in self.spins.items():
                spin.setValue(getattr(contract, field))
            self.holidays.setChecked(contract.works_public_holidays)
            holders = [a.name for a in scenario.agents if a.contract_id == contract.id]
            self.holders.setText(("Held by " + ", ".join(holders) + ".") if holders else
                                 "No agent holds this contract yet: choose it in an agent's "
                                 "form on the Team page.")
        for widget in widgets:
            widget.blockSignals(False)
        self.errors.clear()
        self._set_dirty(False)
        self.remove_button.setEnabled(contract is not None)

    def built(self) -> Contract | None:
        """The contract the form describes; None (problems shown by their fields) if wrong."""
        if self._contract_id is None:
            return None
        values = {field: spin.value() for field, spin in self.spins.items()}
        try:
            contract = Contract(self._contract_id, self.name.text().strip(),
                                works_public_holidays=self.holidays.isChecked(),
                                **values)  # type: ignore[arg-type]
        except DomainError as error:
            self.errors.show(error.problems)
            return None
        self.errors.clear()
        return contract

    # Editing --------------------------------------------------------------------------------
    def _edited(self) -> None:
        self._set_dirty(True)
        self.built()

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        # another contract can be chosen once this one is saved or reverted: nothing typed
        # is ever dropped silently
        self.contract_list.setEnabled(not dirty)
        self.new_button.setEnabled(not dirty)
        self.contract_list.setToolTip("Save or revert the changes first" if dirty else "")

    def save(self) -> bool:
        contract = self.built()
        if contract is None:
            return False
        try:
            new = editing.update_contract(self.state.scenario, contract)
        except (DomainError, UserError) as error:
            self.errors.show(error.problems)
            return False
        self._set_dirty(False)
        self.state.apply(f"edit contract {contract.name}", scenario=new)
        self.contract_saved.emit(contract.id)
        return True

    def add_from_template(self, template: Contract) -> str:
        new, contract_id = editing.add_contract_from(self.state.scenario, template)
        self.state.apply(f"add contract {new.contract(contract_id).name}", scenario=new)
        self._fill(contract_id)
        self.name.setFocus()
        self.name.selectAll()
        return contract_id

    def remove_current(self) -> None:
        if self._contract_id is None:
            return
        name = self.state.scenario.contract(self._contract_id).name
        try:
            new = editing.remove_contract(self.state.scenario, self._contract_id)
        except UserError as error:
            self.errors.show(error.problems)
            return
        self.state.apply(f"remove contract {name}", scenario=new)
        self._fill(None)

    def reject(self) -> None:
        if self._dirty:  # closing would drop what was typed: say so instead
            self.errors.general.show_message(
                f"“{self.name.text().strip()}” has changes that are not saved: "
                "save or revert them first.")
            return
        super().reject()
