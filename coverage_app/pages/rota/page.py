"""The Rota page: solve panel, calendar with coverage strip, hand edits checked live.

Slots are thin: they read the AppState, call one Qt-free service (solver, RotaEditor) and
render. Every plan change goes through ``AppState.apply`` so it is undoable and broadcast.
"""

from __future__ import annotations

import dataclasses
import html
import importlib
import sys
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)

from coverage_app.pages.rota.advice import CandidatesDialog, default_advice
from coverage_app.pages.rota.ui import build_actions, build_ui, legend_html
from coverage_app.services.rota_edit import CheckFn, EditResult, RotaEditor, default_check
from coverage_app.solve_worker import SolveController, SolveFn, TaskRunner
from coverage_app.state import AppState, ChangeSet
from coverage_app.widgets.rota_layout import RotaLayout, plan_coverage, violation_map
from coverage_app.widgets.rota_view import RotaView
from coverage_app.widgets.solve_panel import SolvePanel
from coverage_app.widgets.solve_summary import summary_html
from models.domain import Plan, PlanStatus, Scenario
from solver.types import SolveParams


def _warm_up() -> None:
    """In a worker: load the checker, and start the solver's fork server."""
    importlib.import_module("solver.check")
    from coverage_app.solve_process import warm_up

    warm_up()


class RotaPage(QWidget):
    status_message = Signal(str)
    solved = Signal(object)  # SolveResult of the current run (stale runs never arrive)
    solve_failed = Signal(str)
    edit_checked = Signal(object)  # EditResult after every hand edit

    # Built by coverage_app.pages.rota.ui
    solve_action: QAction
    replan_action: QAction
    publish_action: QAction
    export_action: QAction
    panel: SolvePanel
    week_button: QToolButton
    month_button: QToolButton
    prev_button: QToolButton
    next_button: QToolButton
    start_button: QToolButton
    range_label: QLabel
    legend: QLabel
    requirement_combo: QComboBox
    message_bar: QFrame
    message_label: QLabel
    keep_button: QPushButton
    undo_button: QPushButton
    view: RotaView

    def __init__(self, state: AppState, store: Any = None, parent: QWidget | None = None, *,
                 solve_fn: SolveFn | None = None, check_fn: CheckFn | None = None,
                 advice_fn: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.store = store
        self.check_fn: CheckFn = check_fn or default_check
        # The checker lives in the solver package, whose import (OR-Tools) takes ~0.7 s: load it
        # in a worker; until then the calendar shows the plan without rule outlines.
        self.checker_ready = check_fn is not None or "solver.check" in sys.modules
        self._warmup = TaskRunner(self)
        if not self.checker_ready:
            self._warmup.finished.connect(self._on_checker_ready)
            self._warmup.failed.connect(self._on_checker_ready)
            # After the window is up: importing competes with start-up for the GIL.
            QTimer.singleShot(0, self, lambda: self._warmup.run(
                lambda _report, _cancel: _warm_up()))
        self.advice_fn = advice_fn or default_advice
        self.controller = SolveController(solve_fn, self, after=self._after_solve)
        self.view_days = 7
        self.anchor: date | None = None
        self.requirement_id: str | None = None
        # Checker results by plan object, so undo and redo never re-check (a plan is immutable).
        self._checks: dict[int, tuple[Scenario, Plan, tuple[Any, ...]]] = {}
        self._pending: EditResult | None = None
        self._build_actions()
        self._build_ui()
        self.controller.progress_shown.connect(self.panel.show_progress)
        self.controller.progressed.connect(self.panel.update_progress)
        self.controller.finished.connect(self._on_solved)
        self.controller.failed.connect(self._on_failed)
        state.changed.connect(self._on_changed)
        state.display_zone_changed.connect(lambda _zone: self.refresh())
        self._fill_requirements()
        if state.plan is not None:
            self.panel.set_start(state.plan.period.first_day)
            self.panel.days_spin.setValue(state.plan.period.days)
        self.refresh()

    # Building ----------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        build_actions(self)
        self.solve_action.triggered.connect(self.start_solve)
        self.replan_action.triggered.connect(self.open_replan)
        self.publish_action.triggered.connect(self.open_publish)
        self.export_action.triggered.connect(self.open_export)

    def _build_ui(self) -> None:
        build_ui(self)

    # Solving -----------------------------------------------------------------------------------
    def start_solve(self) -> None:
        """Solve the current scenario for the panel's period (cancels a running solve)."""
        plan = self.state.plan
        previous = plan if plan is not None and any(s.locked for s in plan.shifts) else None
        params = SolveParams(self.panel.period(), time_limit_s=self.panel.time_limit(),
                             workers=2, seed=self.panel.seed(), previous=previous,
                             cheapest_first=self.panel.cheapest_first())
        self.panel.set_running(True)
        self.controller.start(self.state.scenario, params, self._carried_balance(params))
        self.status_message.emit("Solving…")

    def _carried_balance(self, params: SolveParams) -> Any:
        """Fair over the year: the published plans before the period are read here (plain
        plans), their balance is computed in the worker."""
        if self.store is None:
            return None
        from coverage_app.services.fair_balance import carried_balance, published_plans

        plans = published_plans(self.store, params.period)
        if not plans:
            return None
        scenario = self.state.scenario
        return lambda p: dataclasses.replace(p, carried=carried_balance(scenario, plans))

    def _after_solve(self, scenario: Scenario, result: Any) -> tuple[Scenario, tuple[Any, ...]]:
        """In the worker thread: check the new plan and count its coverage, so that only
        drawing is left for the GUI thread."""
        plan_coverage(scenario, result.plan)
        return scenario, tuple(self.check_fn(scenario, result.plan))

    def cancel_solve(self) -> None:
        if self.controller.running:
            self.controller.cancel()
            self.status_message.emit("Cancelling: the best plan so far will be kept")

    def _on_solved(self, result: Any) -> None:
        self.panel.set_running(False)
        status = result.status
        empty_cancel = (status is PlanStatus.CANCELLED and result.plan is not None
                        and not result.plan.shifts and self.state.plan is not None)
        if status in (PlanStatus.NO_PLAN, PlanStatus.INVALID) or result.plan is None or (
                empty_cancel):
            messages = "; ".join(html.escape(m) for m in getattr(result, "messages", ()) or ())
            kept = " The plan you had is kept." if self.state.plan is not None else ""
            self.panel.show_summary(f"<b>No new plan</b> ({html.escape(str(status))}): the solver "
                                    f"stopped before it found one.{kept} {messages}")
            self.status_message.emit(f"No new plan ({status})")
        else:
            self.anchor = None
            extra = self.controller.last_extra
            if extra is not None and extra[0] is self.state.scenario:
                self._remember(extra[0], result.plan, extra[1])
            self.state.apply("solve", plan=result.plan)
            self.panel.show_summary(summary_html(self.state.scenario, result.plan, status))
            self.status_message.emit(f"Solved: {status}, {len(result.plan.gaps)} gaps")
        self.solved.emit(result)

    def _on_failed(self, message: str) -> None:
        self.panel.set_running(False)
        self.panel.show_summary(f"<span style='color:#c62828'><b>Solve failed</b>: "
                                f"{message}</span> (details in the log)")
        self.status_message.emit("Solve failed")
        self.solve_failed.emit(message)

    def shutdown(self) -> None:
        self.controller.shutdown()
        self._warmup.shutdown()

    # Showing -----------------------------------------------------------------------------------
    def _on_changed(self, change: ChangeSet) -> None:
        if change.scenario or change.replaced:
            self._fill_requirements()
        if change.replaced:
            self.anchor = None
        if self._pending is not None and self.state.plan is not self._pending.plan:
            self._hide_message()
        if change.plan and self.state.plan is not None:
            self.panel.set_start(self.state.plan.period.first_day)
            self.panel.days_spin.setValue(self.state.plan.period.days)
        self.refresh()

    def _on_checker_ready(self, _result: object = None) -> None:
        self.checker_ready = True
        self._checks.clear()
        self.refresh()

    def violations(self) -> tuple[Any, ...]:
        plan, scenario = self.state.plan, self.state.scenario
        if plan is None or not self.checker_ready:
            return ()
        hit = self._checks.get(id(plan))
        if hit is None or hit[0] is not scenario or hit[1] is not plan:
            return self._remember(scenario, plan, tuple(self.check_fn(scenario, plan)))
        return hit[2]

    def _remember(self, scenario: Scenario, plan: Plan,
                  violations: tuple[Any, ...]) -> tuple[Any, ...]:
        if len(self._checks) >= 64:
            self._checks.pop(next(iter(self._checks)))
        self._checks[id(plan)] = (scenario, plan, tuple(violations))
        return tuple(violations)

    def refresh(self) -> None:
        scenario, plan = self.state.scenario, self.state.plan
        zone_name = self.state.display_zone
        period = plan.period if plan is not None else self.panel.period()
        if self.anchor is None:
            self.anchor = period.first_day
        days = self.view_days or period.days
        layout = RotaLayout(scenario, plan, zone_name, self.anchor, days, self.requirement_id)
        self.view.set_layout(layout, violation_map(self.violations()))
        last = self.anchor + timedelta(days=days - 1)
        self.range_label.setText(f"{self.anchor:%a %d %b} – {last:%a %d %b %Y}  ({zone_name})")
        for action in (self.replan_action, self.export_action):
            action.setEnabled(plan is not None)
        self.publish_action.setEnabled(plan is not None and self.store is not None)

    def set_view_days(self, days: int) -> None:
        self.view_days = days
        self.month_button.setChecked(days == 0)
        self.week_button.setChecked(days == 7)
        if days == 0:
            self.anchor = None
        self.refresh()

    def step(self, direction: int) -> None:
        plan = self.state.plan
        span = self.view_days or (plan.period.days if plan else 28)
        self.anchor = (self.anchor or date.today()) + timedelta(days=direction * span)  # noqa: DTZ011
        self.refresh()

    def _go_to_start(self) -> None:
        self.anchor = None
        self.refresh()

    def _fill_legend(self) -> None:
        self.legend.setText(legend_html(self.state.scenario))

    def _fill_requirements(self) -> None:
        self._fill_legend()
        combo = self.requirement_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("All requirements", None)
        for r in self.state.scenario.target.requirements:
            combo.addItem(r.name, r.id)
        index = combo.findData(self.requirement_id) if self.requirement_id else 0
        combo.setCurrentIndex(max(0, index))
        if index < 0:
            self.requirement_id = None
        combo.blockSignals(False)

    def _on_requirement(self, _index: int) -> None:
        self.requirement_id = self.requirement_combo.currentData()
        self.refresh()

    # Hand edits --------------------------------------------------------------------------------
    def editor(self) -> RotaEditor:
        """An editor that re-checks only the agents an edit touches."""
        return RotaEditor(self.state.scenario, self.check_fn, known=self.violations())

    def _on_shift_change(self, shift_id: str, start: Any, end: Any) -> None:
        plan = self.state.plan
        if plan is None:
            return
        old = next(s for s in plan.shifts if s.id == shift_id)
        editor = self.editor()
        if end - start == old.end - old.start:
            self.apply_edit(editor.move(plan, shift_id, start))
        else:
            self.apply_edit(editor.resize(plan, shift_id, start, end))

    def move_shift(self, shift_id: str, start: Any) -> None:
        if self.state.plan is not None:
            self.apply_edit(self.editor().move(self.state.plan, shift_id, start))

    def delete_shift(self, shift_id: str) -> None:
        if self.state.plan is not None:
            self.apply_edit(self.editor().delete(self.state.plan, shift_id))

    def add_shift(self, agent_id: str, start: Any, duty: str | None = None) -> None:
        if self.state.plan is not None:
            self.apply_edit(self.editor().add(self.state.plan, agent_id, start, duty=duty))

    def _on_lock(self, shift_id: str, locked: bool) -> None:
        if self.state.plan is not None:
            self.apply_edit(self.editor().set_locked(self.state.plan, shift_id, locked))

    def apply_edit(self, result: EditResult) -> None:
        if result.plan == self.state.plan:  # e.g. a drag that snapped back to where it was
            return
        self._remember(self.state.scenario, result.plan, result.violations)
        self._pending = result
        self.state.apply(result.label, plan=result.plan)
        broken = result.edited_violations
        if broken:
            agent = self._agent_label(result)
            text = "; ".join(str(v.message) for v in broken)
            self.message_label.setText(f"<b>⚠ {agent}</b>: {text}")
            self.message_bar.setVisible(True)
            self.status_message.emit(f"{result.label}: breaks a rule")
        else:
            self._hide_message()
            self.status_message.emit(result.label)
        self.edit_checked.emit(result)

    def keep_override(self) -> None:
        result, plan = self._pending, self.state.plan
        if result is None or plan is None or result.shift_id is None:
            return
        messages = [str(v.message) for v in result.edited_violations]
        kept = self.editor().keep_override(plan, result.shift_id, messages)
        self._hide_message()
        self._remember(self.state.scenario, kept.plan, kept.violations)
        self.state.apply(kept.label, plan=kept.plan)
        self.status_message.emit("Override kept; it shows in the exports")

    def _hide_message(self) -> None:
        self._pending = None
        self.message_bar.setVisible(False)

    def _agent_label(self, result: EditResult) -> str:
        shift = next((s for s in result.plan.shifts if s.id == result.shift_id), None)
        if shift is None:
            return "Edit"
        try:
            return self.state.scenario.agent(shift.agent_id).label
        except KeyError:
            return shift.agent_id

    # Who can take this? ------------------------------------------------------------------------
    def show_candidates(self, requirement_id: str, start: Any, end: Any) -> CandidatesDialog:
        dialog = CandidatesDialog(self.state, requirement_id, start, end, self.advice_fn, self)
        dialog.assign_requested.connect(self._assign)
        dialog.show()
        return dialog

    def _assign(self, candidate: Any) -> None:
        if self.state.plan is not None:
            self.apply_edit(self.editor().assign(self.state.plan, candidate.shift,
                                                 getattr(candidate, "extends", None)))

    # Dialogs -----------------------------------------------------------------------------------
    def open_replan(self) -> Any:
        from coverage_app.dialogs.replan import ReplanDialog

        dialog = ReplanDialog(self.state, self.controller.solve_fn, self,
                              time_limit_s=self.panel.time_limit())
        dialog.open()
        return dialog

    def open_publish(self) -> Any:
        from coverage_app.dialogs.publish import PublishDialog

        dialog = PublishDialog(self.state, self.store, self)
        dialog.published.connect(lambda text: self.status_message.emit(text))
        dialog.open()
        return dialog

    def open_export(self) -> Any:
        from coverage_app.dialogs.export import ExportDialog

        dialog = ExportDialog(self.state, self.store, self)
        dialog.exported.connect(lambda text: self.status_message.emit(text))
        dialog.open()
        return dialog
