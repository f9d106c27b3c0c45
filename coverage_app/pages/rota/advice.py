"""Who can take this gap? Rule-clean changes first (extend, add, move or swap a shift), each
previewed on a calendar of the gap's days; changes that break a rule listed apart below.
Every time in the dialog is in one zone, the display zone, stated at the top."""

from __future__ import annotations

import dataclasses
import html
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coverage_app.qtmodels.rota_candidates_model import CandidateRow, CandidatesModel
from coverage_app.state import AppState
from coverage_app.widgets.rota_layout import RotaLayout, duty_name
from coverage_app.widgets.rota_marks import Proposal
from coverage_app.widgets.rota_view import RotaView
from models.domain import Plan, Scenario, Shift
from models.timerules import local_date, to_local

KIND_WORDS = {"extend": "Lengthen", "add": "Add", "move": "Move", "swap": "Hand over"}


def default_advice(scenario: Any, plan: Any, requirement_id: str, start: datetime,
                   end: datetime) -> list[Any]:
    """Clean changes first, then those that break a rule (solver.suggestions)."""
    from solver.suggestions import suggest

    found = suggest(scenario, plan, requirement_id, start, end)
    return [*found.clean, *found.breaking]


def applied(plan: Plan, change: Any) -> Plan:
    """The plan with a change made (the replaced shift keeps its id when the agent keeps it)."""
    replaced: Shift | None = getattr(change, "replaces", None)
    shift: Shift = change.shift
    shifts = [s for s in plan.shifts if replaced is None or s.id != replaced.id]
    if replaced is not None and replaced.agent_id == shift.agent_id:
        shift = dataclasses.replace(shift, id=replaced.id)
    return dataclasses.replace(plan, shifts=(*shifts, shift))


def _span(shift: Shift, zone_name: str) -> str:
    a, b = to_local(shift.start, zone_name), to_local(shift.end, zone_name)
    return f"{a:%a %d %b %H:%M}–{b:%H:%M}"


def change_text(scenario: Scenario, change: Any, zone_name: str) -> str:
    """``Move Lena S.'s Thu 10 Dec 11:00–20:00 to Fri 11 Dec 09:00–18:00``, in one zone."""
    kind = getattr(change, "kind", "add")
    replaced: Shift | None = getattr(change, "replaces", None)
    new = _span(change.shift, zone_name)
    if replaced is None:
        return f"Add {new}"
    if kind == "swap":
        return f"Take over {_label(scenario, replaced.agent_id)}'s {_span(replaced, zone_name)}"
    return f"{KIND_WORDS.get(kind, 'Change')} {_span(replaced, zone_name)} to {new}"


def _label(scenario: Scenario, agent_id: str) -> str:
    try:
        return scenario.agent(agent_id).label
    except KeyError:
        return agent_id


def _rules(change: Any) -> str:
    rules = getattr(change, "rules", None)
    if callable(rules):
        return str(rules())
    return "; ".join(str(v.message) for v in getattr(change, "violations", ()) or ())


def _is_clean(change: Any) -> bool:
    clean = getattr(change, "clean", None)
    return bool(clean) if clean is not None else not getattr(change, "violations", ())


def _effect(change: Any) -> str:
    covered = getattr(change, "covered_minutes", 0)
    closes = getattr(change, "closes_minutes", 0)
    if not covered:
        return str(getattr(change, "reason", ""))
    text = f"covers {covered // 60} h {covered % 60:02d} min of the gap"
    if closes > covered:
        text += f", {closes // 60} h {closes % 60:02d} min of shortfall in all"
    return text


def _asks_for_skills(scenario: Any, requirement_id: str) -> bool:
    requirement = next((r for r in scenario.target.requirements if r.id == requirement_id), None)
    return requirement is not None and bool(requirement.skills)


class CandidatesDialog(QDialog):
    assign_requested = Signal(object)  # the chosen change (its .shift, and .extends)

    def __init__(self, state: AppState, requirement_id: str, start: datetime, end: datetime,
                 advice_fn: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who can take this?")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.state = state
        scenario, plan = state.scenario, state.plan
        self.zone_name = zone_name = state.display_zone
        self.start, self.end = start, end
        self.requirement_id = requirement_id
        a, b = to_local(start, zone_name), to_local(end, zone_name)
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>{html.escape(duty_name(scenario, requirement_id or None))}</b>, "
                      f"{a:%a %d %b %H:%M}–{b:%H:%M}. Every time here is in "
                      f"<b>{html.escape(zone_name)}</b>.")
        layout.addWidget(head)
        self.candidates: list[Any] = []
        if plan is not None and requirement_id:
            try:
                self.candidates = list(advice_fn(scenario, plan, requirement_id, start, end))
            except Exception as error:
                layout.addWidget(QLabel(f"Could not rank candidates: {html.escape(str(error))}"))
        clean = [c for c in self.candidates if _is_clean(c)]
        breaking = [c for c in self.candidates if not _is_clean(c)]
        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("<b>Changes that break no rule</b> (select one to see it on the "
                                "calendar below)"))
        self.model, self.table, self.buttons = self._table(clean, "Assign")
        column.addWidget(self.table)
        if not clean:
            column.addWidget(QLabel("No change fills this gap without breaking a rule."))
        column.addWidget(QLabel("<b>Would break a rule</b> (assigning shows the rule; you can "
                                "undo or keep it as an override)"))
        self.breaking_model, self.breaking_table, self.breaking_buttons = self._table(
            breaking, "Assign anyway")
        column.addWidget(self.breaking_table)
        split.addWidget(top)
        self.preview = RotaView()
        self.preview.setAccessibleName("Preview of the chosen change")
        split.addWidget(self.preview)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        for table in (self.table, self.breaking_table):
            table.selectionModel().currentRowChanged.connect(self._on_current)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(1100, 720)
        self.show_preview(clean[0] if clean else None)
        if clean:
            self.table.selectRow(0)

    def _table(self, changes: list[Any], button_text: str) -> tuple[
            CandidatesModel, QTableView, list[QPushButton]]:
        scenario = self.state.scenario
        rows = tuple(CandidateRow(c, self._who(c),
                                  change_text(scenario, c, self.zone_name), _effect(c),
                                  "" if _is_clean(c) else _rules(c)) for c in changes)
        model = CandidatesModel(rows, self)
        table = QTableView()
        table.setModel(model)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        buttons = []
        for index, row in enumerate(rows):
            button = QPushButton(button_text)
            button.setToolTip(f"{row.span} ({self.zone_name})")
            button.clicked.connect(lambda _=False, c=row.candidate: self._assign(c))
            table.setIndexWidget(model.index(index, 4), button)
            buttons.append(button)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        return model, table, buttons

    def _who(self, change: Any) -> str:
        """The agent's name, with the level when the requirement asks for skills."""
        name = _label(self.state.scenario, change.agent_id)
        level = getattr(change, "level", 0)
        if level and _asks_for_skills(self.state.scenario, self.requirement_id):
            name = f"{name} (level {level})"
        return name

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        model = current.model()
        if isinstance(model, CandidatesModel) and current.isValid():
            self.show_preview(model.row_of(current).candidate)

    def show_preview(self, change: Any) -> None:
        """The gap's days on a calendar with the change marked (new bar outlined, the shift
        it replaces hollow)."""
        plan = self.state.plan
        scenario = self.state.scenario
        day = local_date(self.start, self.zone_name)
        proposal = None
        shown = plan
        if plan is not None and change is not None:
            from solver.replan import diff_plans

            shown = applied(plan, change)
            proposal = Proposal.of(diff_plans(scenario, plan, shown))
        layout = RotaLayout(scenario, shown, self.zone_name, day - timedelta(days=1), 3,
                            proposal=proposal)
        self.preview.set_layout(layout, {})
        if change is not None:
            self.preview.select(next(iter(proposal.tags), None) if proposal else None)

    def _assign(self, candidate: Any) -> None:
        self.assign_requested.emit(candidate)
        self.accept()
