"""Coverage target page: presets to copy, requirements, an hour x weekday headcount grid,
and person-hours needed against person-hours the team can give."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coverage_app.pages.hiring_panel import HiringPanel
from coverage_app.qtmodels.requirements import HeadcountGridModel, RequirementsModel
from coverage_app.services import editing
from coverage_app.services.editing_capacity import staffing
from coverage_app.services.errors import UserError
from coverage_app.state import AppState, ChangeSet
from coverage_app.widgets.field_errors import FieldErrors
from models.domain import (
    MAX_ALLOWANCE_MINUTES,
    MAX_STANDBY_REACH_MINUTES,
    CoverageTarget,
    DomainError,
    DutyKind,
    Requirement,
)
from models.presets import presets
from resources import icon

if TYPE_CHECKING:  # the forecast (pandas, openpyxl) loads when its dialog first opens
    from coverage_app.dialogs.forecast import ForecastDialog

LEVEL_CHOICES = ((1, "1 — any level"), (2, "2 — competent or expert"), (3, "3 — expert only"))


class CoverageTargetPage(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._loading = False
        self._active_seen = state.scenario.active_target_id
        title = QLabel("Coverage target")
        title.setProperty("role", "page-title")
        self.target_combo = QComboBox()
        self.target_combo.setMinimumContentsLength(16)
        self.active_button = QPushButton("Make active")
        self.active_button.setToolTip("Plan with this target")
        self.copy_button = QPushButton(icon("copy"), "Copy")
        self.copy_button.setToolTip("Copy this target to edit a variant")
        self.remove_target_button = QPushButton(icon("remove"), "Remove")
        self.preset_combo = QComboBox()
        for preset in presets():
            self.preset_combo.addItem(preset.name, preset.id)
            self.preset_combo.setItemData(self.preset_combo.count() - 1, preset.description,
                                          Qt.ItemDataRole.ToolTipRole)
        self.preset_combo.setMinimumContentsLength(10)
        self.preset_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.copy_preset_button = QPushButton(icon("add"), "Start from preset")
        self.copy_preset_button.setToolTip("Add a copy of the preset to the team's targets and "
                                           "make it active; then edit it")
        self.forecast_button = QPushButton("From forecast…")
        self.forecast_button.setToolTip("Set this target's channel headcounts per hour from "
                                        "contact volumes (Erlang C for phone and chat)")
        self.forecast_dialog: ForecastDialog | None = None
        self.target_name = QLineEdit()
        self.target_name.setToolTip("Press Enter to rename")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(QLabel("Target"))
        top.addWidget(self.target_combo)
        top.addWidget(self.active_button)
        top.addWidget(self.copy_button)
        top.addWidget(self.remove_target_button)
        top.addWidget(self.forecast_button)
        top.addStretch(1)
        preset_row = QHBoxLayout()
        preset_row.addWidget(QLabel("New target from preset"))
        preset_row.addWidget(self.preset_combo)
        preset_row.addWidget(self.copy_preset_button)
        preset_row.addStretch(1)

        # Requirements table and form -------------------------------------------------------
        self.req_model = RequirementsModel(self)
        self.req_view = QTableView()
        self.req_view.setModel(self.req_model)
        self.req_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.req_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.req_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.req_view.verticalHeader().hide()
        self.req_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.req_view.horizontalHeader().setStretchLastSection(True)
        self.add_req_button = QPushButton(icon("add"), "Add requirement")
        self.remove_req_button = QPushButton(icon("remove"), "Remove requirement")
        self.errors = FieldErrors()
        self.req_name = QLineEdit()
        self.req_skills = QListWidget()
        self.req_skills.setMaximumHeight(110)
        self.req_skills.setToolTip("Agents need every ticked skill; none ticked: any agent")
        self.req_level = QComboBox()
        for value, text in LEVEL_CHOICES:
            self.req_level.addItem(text, value)
        self.req_level.setToolTip("The lowest level of every ticked skill that counts")
        self.req_allowance = QSpinBox()
        self.req_allowance.setRange(0, MAX_ALLOWANCE_MINUTES)
        self.req_allowance.setSingleStep(15)
        self.req_allowance.setSuffix(" min")
        self.req_allowance.setSpecialValueText("every slot (no holes)")
        self.req_allowance.setKeyboardTracking(False)  # one edit when typing "60", not two
        self.req_allowance.setToolTip(
            "A response time: nobody on duty for less than this is not a gap (e-mail "
            "answered within 60 min). 0: the headcount in every slot.")
        self.req_standby = QSpinBox()
        self.req_standby.setRange(0, MAX_STANDBY_REACH_MINUTES)
        self.req_standby.setSingleStep(15)
        self.req_standby.setPrefix("reachable within ")
        self.req_standby.setSuffix(" min")
        self.req_standby.setSpecialValueText("no (on duty only)")
        self.req_standby.setKeyboardTracking(False)
        self.req_standby.setToolTip(
            "Accepts standby: an agent on standby for this requirement counts, reachable and "
            "at work within this many minutes of a call (tier 2 reachable within 30 min). "
            "0: only agents on duty count. A dedicated duty cannot accept standby.")
        self.req_priority = QComboBox()
        for value, text in ((1, "1 — must"), (2, "2 — should"), (3, "3 — nice to have")):
            self.req_priority.addItem(text, value)
        self.req_duty = QComboBox()
        self.req_duty.addItem("shared — every on-duty agent with the skills counts",
                              DutyKind.SHARED.value)
        self.req_duty.addItem("dedicated — held for whole shifts (e.g. phone)",
                              DutyKind.DEDICATED.value)
        self.req_duty.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.req_duty.setMinimumContentsLength(20)
        self.req_duty.setToolTip("shared: every on-duty agent with the skills counts; "
                                 "dedicated: held for whole shifts (e.g. phone)")
        form_group = QGroupBox("Requirement")
        form = QFormLayout(form_group)
        for label, widget, path in (("Name", self.req_name, "name"),
                                    ("Skills", self.req_skills, "skills"),
                                    ("Minimum level", self.req_level, "min_level"),
                                    ("Respond within", self.req_allowance, "allowance_minutes"),
                                    ("Accepts standby", self.req_standby,
                                     "standby_reach_minutes"),
                                    ("Priority", self.req_priority, "priority"),
                                    ("Duty", self.req_duty, "duty")):
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(self.errors.add(path, widget))
            form.addRow(label, box)
        form.addRow("", self.errors.general)
        req_buttons = QHBoxLayout()
        req_buttons.addWidget(self.add_req_button)
        req_buttons.addWidget(self.remove_req_button)
        req_buttons.addStretch(1)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.req_view, 2)
        left_box.addLayout(req_buttons)
        left_box.addWidget(form_group)

        # Headcount grid --------------------------------------------------------------------
        self.grid_model = HeadcountGridModel(self)
        self.grid_view = QTableView()
        self.grid_view.setModel(self.grid_model)
        self.grid_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid_view.verticalHeader().setMinimumSectionSize(16)
        self.grid_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid_title = QLabel()
        self.grid_title.setWordWrap(True)
        self.fill_value = QSpinBox()
        self.fill_value.setRange(0, 500)
        self.fill_value.setValue(1)
        self.fill_button = QPushButton("Set selected hours")
        self.fill_button.setToolTip("Give every selected hour this headcount (one undo step)")
        fill = QHBoxLayout()
        fill.addWidget(QLabel("People"))
        fill.addWidget(self.fill_value)
        fill.addWidget(self.fill_button)
        fill.addStretch(1)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.grid_title)
        right_box.addWidget(self.grid_view, 1)
        right_box.addLayout(fill)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([620, 560])
        self.staffing_label = QLabel()
        self.staffing_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(preset_row)
        # Hiring advice: its own tab, for the target shown above (coverage_app.pages.hiring_panel)
        self.hiring = HiringPanel(state, lambda: self.target().id)
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, "Requirements")
        self.tabs.addTab(self.hiring, "Hiring advice")
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.staffing_label)

        self.target_combo.currentIndexChanged.connect(lambda _: self._show_target())
        self.active_button.clicked.connect(self._make_active)
        self.copy_button.clicked.connect(self._copy_target)
        self.remove_target_button.clicked.connect(self._remove_target)
        self.copy_preset_button.clicked.connect(self.copy_preset)
        self.forecast_button.clicked.connect(self.open_forecast)
        self.req_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._show_requirement())
        self.add_req_button.clicked.connect(self._add_requirement)
        self.remove_req_button.clicked.connect(self._remove_requirement)
        self.req_name.editingFinished.connect(self._form_edited)
        self.req_skills.itemChanged.connect(lambda _: self._form_edited())
        self.req_level.currentIndexChanged.connect(lambda _: self._form_edited())
        self.req_allowance.valueChanged.connect(lambda _: self._form_edited())
        self.req_standby.valueChanged.connect(lambda _: self._form_edited())
        self.req_priority.currentIndexChanged.connect(lambda _: self._form_edited())
        self.req_duty.currentIndexChanged.connect(lambda _: self._form_edited())
        self.grid_model.grid_edited.connect(self._grid_edited)
        self.fill_button.clicked.connect(self.fill_selected)
        state.changed.connect(self._state_changed)
        self._fill_targets()

    # Reading -------------------------------------------------------------------------------
    def target(self) -> CoverageTarget:
        target_id = self.target_combo.currentData()
        return next((t for t in self.state.scenario.targets if t.id == target_id),
                    self.state.scenario.target)

    def requirement(self) -> Requirement | None:
        row = self.req_view.currentIndex().row()
        rows = self.req_model.rows()
        return rows[row] if 0 <= row < len(rows) else None

    def _state_changed(self, change: ChangeSet) -> None:
        if change.scenario:
            self._fill_targets()

    def _fill_targets(self, select: str | None = None) -> None:
        scenario = self.state.scenario
        current = select or self.target_combo.currentData() or scenario.active_target_id
        if scenario.active_target_id != self._active_seen and not select:
            current = scenario.active_target_id  # follow a newly activated target
        self._active_seen = scenario.active_target_id
        self._loading = True
        self.target_combo.clear()
        for t in scenario.targets:
            mark = " (active)" if t.id == scenario.active_target_id else ""
            self.target_combo.addItem(f"{t.name}{mark}", t.id)
        index = self.target_combo.findData(current)
        self.target_combo.setCurrentIndex(index if index >= 0 else
                                          self.target_combo.findData(
                                              scenario.active_target_id))
        self._loading = False
        self._show_target()

    def _show_target(self) -> None:
        if self._loading:
            return
        scenario = self.state.scenario
        target = self.target()
        previous = self.requirement()
        self.req_model.set_skill_names({s.id: s.name for s in scenario.skills})
        self.req_model.beginResetModel()
        self.req_model.endResetModel()
        self.req_model.set_rows(target.requirements)
        self.active_button.setEnabled(target.id != scenario.active_target_id)
        self.remove_target_button.setEnabled(target.id != scenario.active_target_id)
        ids = [r.id for r in target.requirements]
        row = ids.index(previous.id) if previous and previous.id in ids else (0 if ids else -1)
        if row >= 0:
            self.req_view.selectRow(row)
        self._show_requirement()
        self._show_staffing()

    def _show_requirement(self) -> None:
        req = self.requirement()
        scenario = self.state.scenario
        self._loading = True
        self.req_name.setText(req.name if req else "")
        self.req_skills.clear()
        for skill in scenario.skills:
            item = QListWidgetItem(f"{skill.name} ({skill.category.value})")
            item.setData(Qt.ItemDataRole.UserRole, skill.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if req and skill.id in req.skills
                               else Qt.CheckState.Unchecked)
            self.req_skills.addItem(item)
        if req:
            self.req_level.setCurrentIndex(self.req_level.findData(req.min_level))
            self.req_allowance.setValue(req.allowance_minutes)
            self.req_standby.setValue(req.standby_reach_minutes)
            self.req_priority.setCurrentIndex(self.req_priority.findData(req.priority))
            self.req_duty.setCurrentIndex(self.req_duty.findData(req.duty.value))
            family = editing.family_of(self.target(), req.id)
            self.grid_model.set_grid(editing.headcount_grid(family))
            zone_name = scenario.team.reference_zone
            self.grid_title.setText(
                f"<b>{req.name}</b>: people needed per hour ({zone_name}). Type a number "
                "in a cell, or select cells and set them."
                + (f" Stored as {len(family)} windows of one requirement." if len(family) > 1
                   else ""))
        self.errors.clear()
        self._loading = False
        for w in (self.req_name, self.req_skills, self.req_level, self.req_allowance,
                  self.req_standby, self.req_priority, self.req_duty, self.grid_view,
                  self.fill_button, self.remove_req_button):
            w.setEnabled(req is not None)

    def _show_staffing(self) -> None:
        figures = staffing(self.state.scenario, self.target())
        active = len(self.state.scenario.active_agents())
        text = (f"Person-hours needed per week: at least <b>{figures.needed_hours:,.0f}</b> "
                "(one agent counts for every shared requirement at once) — "
                f"the team can give: <b>{figures.available_hours:,.0f}</b> "
                f"({active} active agents, each the lesser of contract maximum and weekly "
                "availability).")
        if figures.understaffed:
            text += (f" Short by {figures.shortfall_hours:,.0f} h a week: gaps are certain "
                     "— add agents, widen availability or lower the target.")
            self.staffing_label.setProperty("role", "staffing-short")
        else:
            text += " Enough in total; skills, hours and zones still decide the gaps."
            self.staffing_label.setProperty("role", "staffing-ok")
        self.staffing_label.setText(text)
        self.staffing_label.style().unpolish(self.staffing_label)
        self.staffing_label.style().polish(self.staffing_label)

    # Editing -------------------------------------------------------------------------------
    def copy_preset(self) -> None:
        preset = next(p for p in presets() if p.id == self.preset_combo.currentData())
        self._apply(f"start from preset {preset.name}",
                    lambda s: editing.copy_target(s, preset, preset.name), select_new=True)

    def _copy_target(self) -> None:
        target = self.target()
        self._apply(f"copy target {target.name}",
                    lambda s: editing.copy_target(s, target, f"{target.name} (copy)"),
                    select_new=True)

    def _make_active(self) -> None:
        target = self.target()
        self._apply(f"plan with {target.name}",
                    lambda s: editing.set_active_target(s, target.id))

    def _remove_target(self) -> None:
        target = self.target()
        self._apply(f"remove target {target.name}",
                    lambda s: editing.remove_target(s, target.id))

    def open_forecast(self) -> ForecastDialog:
        """The forecast dialog for the shown target; accepting it is one undo step."""
        from coverage_app.dialogs.forecast import ForecastDialog

        dialog = ForecastDialog(self.state.scenario, self.target().id, self)
        self.forecast_dialog = dialog
        dialog.accepted.connect(lambda: self._apply(
            "headcounts from forecast", lambda s: dialog.result_scenario or s))
        dialog.open()
        return dialog

    def _add_requirement(self) -> None:
        target = self.target()
        req = editing.new_requirement(self.state.scenario, target.id)
        self._apply("add requirement", lambda s: editing.upsert_requirement(s, target.id, req))
        self.req_view.selectRow(len(self.target().requirements) - 1)

    def _remove_requirement(self) -> None:
        req = self.requirement()
        if req is not None:
            target_id = self.target().id
            self._apply(f"remove requirement {req.name}",
                        lambda s: editing.remove_requirement(s, target_id, req.id))

    def _form_edited(self) -> None:
        req = self.requirement()
        if self._loading or req is None:
            return
        skills = tuple(str(self.req_skills.item(i).data(Qt.ItemDataRole.UserRole))
                       for i in range(self.req_skills.count())
                       if self.req_skills.item(i).checkState() == Qt.CheckState.Checked)
        target_id = self.target().id
        try:
            changes = {"name": self.req_name.text().strip(), "skills": skills,
                       "min_level": int(self.req_level.currentData()),
                       "allowance_minutes": self.req_allowance.value(),
                       "standby_reach_minutes": self.req_standby.value(),
                       "priority": int(self.req_priority.currentData()),
                       "duty": DutyKind(self.req_duty.currentData())}
            family = editing.family_of(self.target(), req.id)
            updated = [dataclasses.replace(r, **changes) for r in family]  # type: ignore[arg-type]
        except DomainError as error:
            self.errors.show(error.problems)
            return
        if updated == list(family):
            return

        def change(scenario: object) -> object:
            result = self.state.scenario
            for r in updated:
                result = editing.upsert_requirement(result, target_id, r)
            return result

        self._apply(f"edit requirement {changes['name']}", change)

    def _grid_edited(self, grid: tuple[tuple[int, ...], ...]) -> None:
        req = self.requirement()
        if self._loading or req is None:
            return
        target_id = self.target().id
        self._apply(f"headcount of {req.name}",
                    lambda s: editing.set_family_grid(s, target_id, req.id, grid))

    def fill_selected(self) -> None:
        cells = [(i.column(), i.row()) for i in self.grid_view.selectionModel().selectedIndexes()]
        if cells:
            self.grid_model.set_cells(cells, self.fill_value.value())

    def _apply(self, label: str, change: object, select_new: bool = False) -> bool:
        try:
            new = change(self.state.scenario)  # type: ignore[operator]
        except DomainError as error:
            self.errors.show(error.problems)
            return False
        except UserError as error:
            self.errors.show(error.problems)
            return False
        before = {t.id for t in self.state.scenario.targets}
        self.state.apply(label, scenario=new)
        if select_new:
            added = [t.id for t in new.targets if t.id not in before]
            if added:
                self._fill_targets(select=added[0])
        return True
