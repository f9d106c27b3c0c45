"""Team settings: name, reference zone, planning granularity, night window, week start,
premiums. Validated as typed; OK only when the domain accepts the values."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from coverage_app.widgets.field_errors import FieldErrors
from coverage_app.widgets.zone_picker import ZonePicker
from models.domain import WEEKDAY_NAMES, DomainError, Premiums, Problem, Team


def _time(value: QTime) -> time:
    return time(value.hour(), value.minute())


class SettingsDialog(QDialog):
    def __init__(self, team: Team, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Team settings")
        self.errors = FieldErrors()
        self._team: Team | None = team
        self.name = QLineEdit(team.name)
        self.zone = ZonePicker()
        self.zone.set_zone(team.reference_zone)
        self.zone.setToolTip("Coverage targets are written in this zone's local time")
        self.granularity = QComboBox()
        for minutes in (15, 30, 60):
            self.granularity.addItem(f"{minutes} minutes", minutes)
        self.granularity.setCurrentIndex(self.granularity.findData(team.granularity_minutes))
        self.granularity.setToolTip("Shifts start and end on this grid; use 15 minutes with "
                                    "agents in zones such as Asia/Kathmandu (UTC+05:45)")
        self.night_start = QTimeEdit(QTime(team.night_start.hour, team.night_start.minute))
        self.night_end = QTimeEdit(QTime(team.night_end.hour, team.night_end.minute))
        for edit in (self.night_start, self.night_end):
            edit.setDisplayFormat("HH:mm")
        self.week_start = QComboBox()
        for i, name in enumerate(WEEKDAY_NAMES):
            self.week_start.addItem(name.capitalize(), i)
        self.week_start.setCurrentIndex(team.week_start)
        self.premiums = {}
        for key in ("night", "weekend", "holiday"):
            spin = QDoubleSpinBox()
            spin.setRange(0.0, 9.99)
            spin.setSingleStep(0.05)
            spin.setValue(getattr(team.premiums, key))
            spin.setToolTip(f"Pay multiplier for {key} hours (1.0 to 5.0)")
            self.premiums[key] = spin

        form = QFormLayout()

        def row(title: str, widget: QWidget, path: str) -> None:
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(self.errors.add(path, widget))
            form.addRow(title, box)

        row("Team name", self.name, "name")
        row("Reference zone", self.zone, "reference_zone")
        row("Planning granularity", self.granularity, "granularity_minutes")
        night = QWidget()
        night_box = QHBoxLayout(night)
        night_box.setContentsMargins(0, 0, 0, 0)
        night_box.addWidget(self.night_start)
        night_box.addWidget(QLabel("to"))
        night_box.addWidget(self.night_end)
        night_box.addStretch(1)
        row("Night (agent's local time)", night, "night_end")
        row("Week starts on", self.week_start, "week_start")
        for key, spin in self.premiums.items():
            row(f"{key.capitalize()} premium", spin, key)
        form.addRow("", self.errors.general)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        self.name.textEdited.connect(lambda _: self.validate())
        self.zone.zone_changed.connect(lambda _: self.validate())
        self.zone.editTextChanged.connect(lambda _: self.validate())
        self.granularity.currentIndexChanged.connect(lambda _: self.validate())
        self.night_start.timeChanged.connect(lambda _: self.validate())
        self.night_end.timeChanged.connect(lambda _: self.validate())
        self.week_start.currentIndexChanged.connect(lambda _: self.validate())
        for spin in self.premiums.values():
            spin.valueChanged.connect(lambda _: self.validate())

    def validate(self) -> Team | None:
        """The team the fields describe, or None with the problems shown beside the fields."""
        problems: list[Problem] = []
        premiums = Premiums()
        try:
            premiums = Premiums(**{k: s.value() for k, s in self.premiums.items()})
        except DomainError as error:
            problems.extend(error.problems)
        team = None
        try:
            team = Team(self.name.text().strip(), self.zone.zone(),
                        int(self.granularity.currentData()),
                        _time(self.night_start.time()), _time(self.night_end.time()),
                        int(self.week_start.currentData()), premiums)
        except DomainError as error:
            problems.extend(error.problems)
        self.errors.show(problems)
        self._team = team if not problems else None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self._team is not None)
        return self._team

    def team(self) -> Team | None:
        return self._team

    def accept(self) -> None:
        if self.validate() is not None:
            super().accept()
