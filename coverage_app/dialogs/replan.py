"""Re-plan after a sick call or new time off: keep everything that can stay, show what changes
per agent and on a calendar of the re-planned days (new bars outlined, old places hollow, the
absence shaded), and apply only when the manager accepts.

Only the absence's own days may change unless the manager widens the window by some days after
it (a replacement's rest and consecutive days can need them)."""

from __future__ import annotations

import dataclasses
import html
import uuid
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coverage_app.services.absence import replan_window
from coverage_app.solve_worker import SolveController, SolveFn
from coverage_app.state import AppState
from coverage_app.widgets.rota_layout import RotaLayout, local_span
from coverage_app.widgets.rota_marks import Proposal
from coverage_app.widgets.rota_view import RotaView
from models.domain import DomainError, Plan, PlanStatus, Scenario, TimeOff, TimeOffKind
from models.words import count
from solver.types import SolveParams


def with_time_off(scenario: Scenario, agent_id: str, first: date, last: date,
                  kind: TimeOffKind, note: str = "") -> Scenario:
    """The scenario plus one time-off entry (DomainError with field paths when it is invalid)."""
    entry = TimeOff(f"off-{uuid.uuid4().hex[:12]}", agent_id, first, last, kind, note)
    return dataclasses.replace(scenario, time_off=(*scenario.time_off, entry))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class ReplanDialog(QDialog):
    changes_shown = Signal(object)  # list[AgentChanges], once the re-plan is ready
    replanned = Signal(str)  # the undo label, after the manager accepted

    def __init__(self, state: AppState, solve_fn: SolveFn | None = None,
                 parent: QWidget | None = None, time_limit_s: float = 10.0) -> None:
        super().__init__(parent)
        self.setWindowTitle("Re-plan after a sick call or time off")
        self.state = state
        self.time_limit_s = time_limit_s
        self.controller = SolveController(solve_fn, self)
        self.controller.finished.connect(self._on_result)
        self.controller.failed.connect(self._on_failed)
        self.new_scenario: Scenario | None = None
        self.new_plan: Plan | None = None
        self.changes: list[Any] = []  # solver.replan.AgentChanges

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.agent_combo = QComboBox()
        for agent in state.scenario.active_agents():
            self.agent_combo.addItem(f"{agent.label} ({agent.time_zone})", agent.id)
        self.kind_combo = QComboBox()
        for kind, text in ((TimeOffKind.SICK, "Sick"), (TimeOffKind.VACATION, "Vacation"),
                           (TimeOffKind.OTHER, "Other time off")):
            self.kind_combo.addItem(text, kind)
        plan = state.plan
        first = plan.period.first_day if plan else date.today()  # noqa: DTZ011
        self.first_edit = QDateEdit(_qdate(first))
        self.last_edit = QDateEdit(_qdate(first))
        for edit in (self.first_edit, self.last_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd dd MMM yyyy")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("optional, e.g. 'called in at 07:30'")
        self.ripple_spin = QSpinBox()
        self.ripple_spin.setRange(0, 14)
        self.ripple_spin.setSuffix(" day(s) after the absence")
        self.ripple_spin.setSpecialValueText("only the absence's days")
        self.ripple_spin.setToolTip("Shifts outside the absence and these days stay exactly as "
                                    "they are; widen it when a replacement needs a rest day")
        form.addRow("Agent", self.agent_combo)
        form.addRow("Kind", self.kind_combo)
        form.addRow("From (agent's local day)", self.first_edit)
        form.addRow("To (inclusive)", self.last_edit)
        form.addRow("May change", self.ripple_spin)
        form.addRow("Note", self.note_edit)
        layout.addLayout(form)
        self.error_label = QLabel()
        # Plain text: a message quoting a value must read as written, never as HTML entities.
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setStyleSheet("color: #c62828")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)
        self.replan_button = QPushButton("Re-plan")
        self.replan_button.setToolTip("Keep every shift that can stay; fill what the absence opens")
        self.replan_button.clicked.connect(self.start)
        layout.addWidget(self.replan_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.preview = RotaView()
        self.preview.setAccessibleName("Re-plan preview")
        self.preview.setMinimumHeight(220)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Agent / change", "Shift (agent's time)"])
        self.tree.setColumnWidth(0, 260)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.preview)
        split.addWidget(self.tree)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        for signal in (self.first_edit.dateChanged, self.last_edit.dateChanged,
                       self.agent_combo.currentIndexChanged, self.kind_combo.currentIndexChanged,
                       self.ripple_spin.valueChanged):
            signal.connect(self._inputs_changed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button = self.buttons.addButton("Accept re-plan",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.accept_button.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(1000, 720)
        self._show_preview(None)

    def start(self) -> None:
        plan = self.state.plan
        if plan is None:
            return
        first, last = _pydate(self.first_edit.date()), _pydate(self.last_edit.date())
        if last < first:
            self.error_label.setText(f"'To' ({last:%a %d %b %Y}) is before 'From' "
                                     f"({first:%a %d %b %Y}): the time off would end before it "
                                     "starts. Pick a last day on or after the first.")
            self.error_label.setVisible(True)
            return
        try:
            scenario = with_time_off(self.state.scenario, self.agent_combo.currentData(),
                                     _pydate(self.first_edit.date()),
                                     _pydate(self.last_edit.date()),
                                     TimeOffKind(self.kind_combo.currentData()),
                                     self.note_edit.text())
        except DomainError as error:
            self.error_label.setText("\n".join(str(p) for p in error.problems))
            self.error_label.setVisible(True)
            return
        self.error_label.setVisible(False)
        self.new_scenario = scenario
        # Shifts before the absence, and after it (and the days the manager allows), stay.
        keep_before, keep_after = self.window(scenario)
        params = SolveParams(plan.period, time_limit_s=self.time_limit_s, workers=2, seed=0,
                             previous=plan, keep_before=keep_before, keep_after=keep_after)
        self.progress.setVisible(True)
        self.replan_button.setEnabled(False)
        self.accept_button.setEnabled(False)
        self.summary_label.setText("Re-planning…")
        self.controller.start(scenario, params)

    def window(self, scenario: Scenario) -> tuple[Any, Any]:
        """The UTC instants between which the re-plan may change shifts."""
        return replan_window(scenario, self.agent_combo.currentData(),
                             _pydate(self.first_edit.date()), _pydate(self.last_edit.date()),
                             self.ripple_spin.value())

    def _inputs_changed(self) -> None:
        """A changed input makes an earlier message and proposal stale: clear both."""
        self.error_label.clear()
        self.error_label.setVisible(False)
        if self.new_plan is not None or self.accept_button.isEnabled():
            self.new_plan = None
            self.changes = []
            self.accept_button.setEnabled(False)
            self.tree.clear()
            self.summary_label.setText("The inputs changed: press Re-plan again.")
        self._show_preview(None)

    def _show_preview(self, diff: Any) -> None:
        """The re-planned days on a calendar: the proposal's plan with its changes marked, or
        the current plan while nothing is proposed."""
        plan = self.new_plan if diff is not None else self.state.plan
        scenario = (self.new_scenario if diff is not None and self.new_scenario is not None
                    else self.state.scenario)
        first, last = _pydate(self.first_edit.date()), _pydate(self.last_edit.date())
        first_day = first - timedelta(days=1)
        days = max(1, (last - first).days) + 3 + self.ripple_spin.value()
        layout = RotaLayout(scenario, plan, self.state.display_zone, first_day, min(days, 21),
                            proposal=Proposal.of(diff) if diff is not None else None)
        self.preview.set_layout(layout, {})

    def _on_failed(self, message: str) -> None:
        self.progress.setVisible(False)
        self.replan_button.setEnabled(True)
        self.summary_label.setText(f"<span style='color:#c62828'>Re-plan failed: "
                                   f"{html.escape(message)}</span>")

    def _on_result(self, result: Any) -> None:
        self.progress.setVisible(False)
        self.replan_button.setEnabled(True)
        if result.plan is None or result.status in (PlanStatus.NO_PLAN, PlanStatus.INVALID):
            self.summary_label.setText(f"No plan ({result.status}).")
            return
        assert self.new_scenario is not None
        self.new_plan = result.plan
        from solver.replan import diff_plans

        diff = diff_plans(self.new_scenario, self.state.plan, result.plan)
        self.changes = list(diff.agents)
        self._fill_tree()
        self._show_preview(diff)
        n = sum(c.count for c in self.changes)
        gaps = len(result.plan.gaps)
        self.summary_label.setText(
            f"{count(n, 'change')} for {count(len(self.changes), 'agent')}; "
            f"{count(gaps, 'gap')} {'remains' if gaps == 1 else 'remain'}. On the calendar: new "
            "shifts outlined in green (+ added, ↦ moved), old places hollow. Nothing is applied "
            "until you accept.")
        self.accept_button.setEnabled(True)
        self.changes_shown.emit(self.changes)

    def _fill_tree(self) -> None:
        assert self.new_scenario is not None
        self.tree.clear()
        scenario = self.new_scenario
        for change in self.changes:
            agent = scenario.agent(change.agent_id)
            zone = agent.time_zone
            top = QTreeWidgetItem([agent.label, count(change.count, "change")])
            for shift in change.removed:
                top.addChild(QTreeWidgetItem(["− removed", local_span(shift, zone)]))
            for shift in change.added:
                top.addChild(QTreeWidgetItem(["+ added", local_span(shift, zone)]))
            for moved in change.moved:
                top.addChild(QTreeWidgetItem([
                    "↔ moved", f"{local_span(moved.before, zone)} → {local_span(moved.after, zone)}"
                ]))
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        if not self.changes:
            self.tree.addTopLevelItem(QTreeWidgetItem(["No shift changes", ""]))

    def apply(self) -> None:
        if self.new_scenario is None or self.new_plan is None:
            return
        agent = self.new_scenario.agent(self.agent_combo.currentData())
        label = (f"re-plan: {agent.label} {self.kind_combo.currentText().lower()} "
                 f"{_pydate(self.first_edit.date()):%d %b}–{_pydate(self.last_edit.date()):%d %b}")
        self.state.apply(label, scenario=self.new_scenario, plan=self.new_plan)
        self.replanned.emit(label)
        self.accept()

    def done(self, result: int) -> None:
        self.controller.shutdown()
        super().done(result)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape and self.controller.running:
            self.controller.cancel()
            return
        super().keyPressEvent(event)
