"""The form of one agent: every field with its domain message beside it."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coverage_app.services import editing
from coverage_app.widgets.field_errors import FieldErrors
from coverage_app.widgets.skill_chips import SkillChips
from coverage_app.widgets.zone_picker import ZonePicker, utc_offset_label
from models.domain import Agent, DomainError, Scenario, employee_number_problems
from models.timerules import holiday_problems


class AgentForm(QWidget):
    """The fields of one agent; ``edited`` on every keystroke or click."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Kadri Tamm")
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText("shown in the calendar (optional)")
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@example.com (for calendar invitations)")
        self.zone = ZonePicker()
        self.zone_offset = QLabel()
        self.country = QLineEdit()
        self.country.setMaxLength(2)
        self.country.setFixedWidth(48)
        self.country.setPlaceholderText("EE")
        self.country.setToolTip("Two-letter ISO country code: public holidays of that country "
                                "are days off unless the contract says otherwise")
        self.subdivision = QLineEdit()
        self.subdivision.setPlaceholderText("state/region (optional)")
        self.contract = QComboBox()
        self.contract.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.contract.setMinimumContentsLength(18)
        self.contracts_button = QPushButton("Contracts…")
        self.contracts_button.setToolTip("Add, edit or remove the team's contracts; new ones "
                                         "start from a template (full-time 40 h, "
                                         "part-time 20 h)")
        self.cost = QDoubleSpinBox()
        self.cost.setRange(0, 10_000)
        self.cost.setDecimals(2)
        self.currency = QLineEdit("EUR")
        self.currency.setMaxLength(3)
        self.currency.setFixedWidth(60)
        self.employee_number = QLineEdit()
        self.employee_number.setMaxLength(64)
        self.employee_number.setPlaceholderText("payroll's number for this person (optional)")
        self.employee_number.setToolTip("Written as text into the finance workbook and the "
                                        "payroll file, so 00123 keeps its zeros")
        self.skills = SkillChips()
        self.active = QCheckBox("Active (scheduled)")
        self.active.setChecked(True)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def row(title: str, widget: QWidget, path: str, *extra: QWidget) -> None:
            line = QWidget()
            box = QVBoxLayout(line)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            if extra:
                inner = QHBoxLayout()
                inner.addWidget(widget, 1)
                for e in extra:
                    inner.addWidget(e)
                box.addLayout(inner)
            else:
                box.addWidget(widget)
            box.addWidget(self.errors.add(path, widget))
            form.addRow(title, line)

        row("Name", self.name, "name")
        row("Display name", self.display_name, "display_name")
        row("E-mail", self.email, "email")
        row("Time zone", self.zone, "time_zone", self.zone_offset)
        row("Country", self.country, "country", QLabel("Region"), self.subdivision)
        self.holiday_note = QLabel()
        self.holiday_note.setProperty("role", "hint")
        self.holiday_note.setWordWrap(True)
        form.addRow("", self.holiday_note)
        row("Contract", self.contract, "contract_id", self.contracts_button)
        row("Hourly cost", self.cost, "hourly_cost", QLabel("Currency"), self.currency)
        self.errors.add("currency", self.currency)
        form.addRow("", self.errors.label("currency"))
        row("Employee number", self.employee_number, "employee_number")
        row("Skills", self.skills, "skills")
        form.addRow("", self.active)
        form.addRow("", self.errors.general)

        for line_edit in (self.name, self.display_name, self.email, self.country,
                          self.subdivision, self.currency, self.employee_number):
            line_edit.textEdited.connect(self.edited)
        self.zone.zone_changed.connect(self._zone_changed)
        self.zone.editTextChanged.connect(lambda _: self.edited.emit())
        self.contract.currentIndexChanged.connect(lambda _: self.edited.emit())
        self.cost.valueChanged.connect(lambda _: self.edited.emit())
        self.skills.skills_changed.connect(self.edited)
        self.active.toggled.connect(lambda _: self.edited.emit())
        self.country.textEdited.connect(self._update_holiday_note)
        self.subdivision.textEdited.connect(self._update_holiday_note)

    def set_catalogue(self, scenario: Scenario) -> None:
        current = self.contract.currentData()
        self.contract.blockSignals(True)
        self.contract.clear()
        for c in scenario.contracts:
            self.contract.addItem(editing.contract_label(c), c.id)
        index = self.contract.findData(current)
        self.contract.setCurrentIndex(max(index, 0))
        self.contract.blockSignals(False)
        self.skills.set_catalogue(scenario.skills)

    def load(self, agent: Agent | None, default_zone: str) -> None:
        widgets = (self.name, self.display_name, self.email, self.zone, self.country,
                   self.subdivision, self.contract, self.cost, self.currency, self.active,
                   self.employee_number)
        for w in widgets:
            w.blockSignals(True)
        self.skills.blockSignals(True)
        self.name.setText(agent.name if agent else "")
        self.display_name.setText(agent.display_name if agent else "")
        self.email.setText(agent.email if agent else "")
        self.zone.set_zone(agent.time_zone if agent else default_zone)
        self.country.setText(agent.country if agent else "")
        self.subdivision.setText(agent.subdivision if agent else "")
        self.contract.setCurrentIndex(max(self.contract.findData(agent.contract_id), 0)
                                      if agent else 0)
        self.cost.setValue(agent.hourly_cost if agent else 0.0)
        self.currency.setText(agent.currency if agent else "EUR")
        self.employee_number.setText(agent.employee_number if agent else "")
        self.active.setChecked(agent.active if agent else True)
        self.skills.set_skills(agent.skills if agent else ())
        for w in widgets:
            w.blockSignals(False)
        self.skills.blockSignals(False)
        self._zone_changed(self.zone.zone())
        self._update_holiday_note()
        self.errors.clear()

    def build(self, base: Agent | None) -> Agent:
        """The agent the form describes; DomainError names the fields that are wrong."""
        number = self.employee_number.text().strip()
        number_problems = list(employee_number_problems(number))
        try:
            agent = self._build(base)
        except DomainError as error:
            raise DomainError([*error.problems, *number_problems]) from None
        if number_problems:
            raise DomainError(number_problems)
        return dataclasses.replace(agent, employee_number=number)

    def _build(self, base: Agent | None) -> Agent:
        return editing.agent_from_form(
            agent_id=base.id if base else "",
            name=self.name.text(),
            time_zone=self.zone.zone(),
            contract_id=str(self.contract.currentData() or ""),
            skills=self.skills.skills(),
            display_name=self.display_name.text(),
            email=self.email.text(),
            country=self.country.text(),
            subdivision=self.subdivision.text(),
            hourly_cost=self.cost.value(),
            currency=self.currency.text(),
            active=self.active.isChecked(),
            availability=base.availability if base else None,
        )

    def _zone_changed(self, zone_name: str) -> None:
        try:
            self.zone_offset.setText(f"now {utc_offset_label(zone_name)}")
        except (ValueError, KeyError, OSError):
            self.zone_offset.setText("")
        self.edited.emit()

    def _update_holiday_note(self) -> None:
        country = self.country.text().strip().upper()
        note = holiday_problems(country, self.subdivision.text().strip().upper()) if len(
            country) == 2 else None
        self.holiday_note.setText(note or (f"Public holidays of {country} apply."
                                           if len(country) == 2 else
                                           "No country: no public holidays applied."))
