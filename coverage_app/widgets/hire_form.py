"""The form of one possible hire on the hiring menu: zone, skills, contract, hours, costs and
how many of that kind to consider, each field with its message beside it."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from coverage_app.services import editing
from coverage_app.services.hiring_menu_edit import DAY_CHOICES, HireFields, fields_of
from coverage_app.widgets.field_errors import FieldErrors
from coverage_app.widgets.skill_chips import SkillChips
from coverage_app.widgets.zone_picker import ZonePicker
from models.domain import Scenario
from models.hiring_menu import MAX_HIRES_PER_ENTRY, MenuEntry

CUSTOM_HOURS = "As loaded (several windows)"


def _qtime(t: time) -> QTime:
    return QTime(t.hour, t.minute)


def _time(q: QTime) -> time:
    return time(q.hour(), q.minute())


class HireForm(QWidget):
    """The fields of one menu entry; ``edited`` when a field is done being changed."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        self._loading = False
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Manila, English + Linux")
        self.zone = ZonePicker()
        self.contract = QComboBox()
        self.contract.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.contract.setMinimumContentsLength(14)
        self.days = QComboBox()
        for label, days in DAY_CHOICES:
            self.days.addItem(label, sorted(days))
        self.start = QTimeEdit()
        self.end = QTimeEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
            edit.setKeyboardTracking(False)
        self.end.setToolTip("An end at or before the start is on the next day (a night)")
        self.start.setToolTip("In the hire's own time zone")
        self.hourly_cost = QDoubleSpinBox()
        self.hourly_cost.setRange(0, 10_000)
        self.hourly_cost.setDecimals(2)
        self.hourly_cost.setKeyboardTracking(False)
        self.hourly_currency = QLabel()
        self.monthly_cost = QLineEdit()
        self.monthly_cost.setPlaceholderText("from planned hours")
        self.monthly_cost.setToolTip("What one such hire costs a month. Empty: the hourly cost "
                                     "of the hours the plan gives them, scaled to a month")
        self.monthly_currency = QLabel()
        self.max_count = QSpinBox()
        self.max_count.setRange(1, MAX_HIRES_PER_ENTRY)
        self.max_count.setKeyboardTracking(False)
        self.max_count.setToolTip("The advice tries 1, 2, … of this kind up to this number")
        self.skills = SkillChips()

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def row(title: str, path: str, *widgets: QWidget, stretch: bool = True) -> None:
            line = QWidget()
            box = QVBoxLayout(line)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            inner = QHBoxLayout()
            inner.setContentsMargins(0, 0, 0, 0)
            for i, widget in enumerate(widgets):
                inner.addWidget(widget, 1 if i == 0 and stretch else 0)
            if not stretch:
                inner.addStretch(1)
            box.addLayout(inner)
            box.addWidget(self.errors.add(path, widgets[0]))
            form.addRow(title, line)

        row("Name", "name", self.name)
        row("Time zone", "time_zone", self.zone)
        row("Skills", "skills", self.skills)
        row("Contract", "contract_id", self.contract)
        row("Available", "availability", self.days)
        row("Hours (local)", "hours", self.start, QLabel("to"), self.end, stretch=False)
        row("Hourly cost", "hourly_cost", self.hourly_cost, self.hourly_currency)
        row("Monthly cost", "monthly_cost", self.monthly_cost, self.monthly_currency)
        row("Consider up to", "max_count", self.max_count, QLabel("agents of this kind"))
        form.addRow("", self.errors.general)

        self.name.editingFinished.connect(self._edited)
        self.monthly_cost.editingFinished.connect(self._edited)
        self.zone.zone_changed.connect(lambda _: self._edited())
        self.contract.currentIndexChanged.connect(lambda _: self._edited())
        self.days.currentIndexChanged.connect(lambda _: self._edited())
        self.start.timeChanged.connect(lambda _: self._edited())
        self.end.timeChanged.connect(lambda _: self._edited())
        self.hourly_cost.valueChanged.connect(lambda _: self._edited())
        self.max_count.valueChanged.connect(lambda _: self._edited())
        self.skills.skills_changed.connect(self._edited)

    def _edited(self) -> None:
        if not self._loading:
            self.edited.emit()

    def set_catalogue(self, scenario: Scenario) -> None:
        """The team's contracts and skills to choose from."""
        self._loading = True
        current = self.contract.currentData()
        self.contract.clear()
        for c in scenario.contracts:
            self.contract.addItem(editing.contract_label(c), c.id)
        self.contract.setCurrentIndex(max(self.contract.findData(current), 0))
        self.skills.set_catalogue(scenario.skills)
        self._loading = False

    def load(self, entry: MenuEntry | None) -> None:
        self._loading = True
        self.setEnabled(entry is not None)
        if entry is not None:
            f = fields_of(entry)
            self.name.setText(f.name)
            self.zone.set_zone(f.time_zone)
            index = self.contract.findData(f.contract_id)
            if index < 0:  # a contract the team no longer has: shown, and reported
                self.contract.addItem(f"{f.contract_id} (not in the team)", f.contract_id)
                index = self.contract.count() - 1
            self.contract.setCurrentIndex(index)
            custom = self.days.findText(CUSTOM_HOURS)
            if f.weekdays is None:
                if custom < 0:
                    self.days.addItem(CUSTOM_HOURS, None)
                self.days.setCurrentIndex(self.days.findText(CUSTOM_HOURS))
            else:
                if custom >= 0:
                    self.days.removeItem(custom)
                self.days.setCurrentIndex(self.days.findData(sorted(f.weekdays)))
            self.start.setTime(_qtime(f.start))
            self.end.setTime(_qtime(f.end))
            self.start.setEnabled(f.weekdays is not None)
            self.end.setEnabled(f.weekdays is not None)
            self.hourly_cost.setValue(f.hourly_cost)
            self.monthly_cost.setText(f.monthly_cost)
            currency = entry.agent.currency
            self.hourly_currency.setText(f"{currency} an hour")
            self.monthly_currency.setText(f"{currency} a month")
            self.max_count.setValue(f.max_count)
            self.skills.set_skills(entry.agent.skills)
        self.errors.clear()
        self._loading = False

    def fields(self) -> HireFields:
        days = self.days.currentData()
        return HireFields(
            name=self.name.text(), time_zone=self.zone.zone(), skills=tuple(self.skills.skills()),
            contract_id=str(self.contract.currentData() or ""),
            weekdays=frozenset(days) if days is not None else None,
            start=_time(self.start.time()), end=_time(self.end.time()),
            hourly_cost=self.hourly_cost.value(), monthly_cost=self.monthly_cost.text(),
            max_count=self.max_count.value())
