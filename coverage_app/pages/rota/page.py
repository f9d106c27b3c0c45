"""The Rota page: solve panel, calendar with coverage strip, hand edits checked live.

The page is layout and thin slots over three helpers of this feature folder: a
:class:`SolveSession` (parameters, controller, typed outcome), an :class:`EditSession` (hand edits,
overrides) and :class:`PlanReviews` (coverage, gaps, headline numbers and rule checks of the plan
on show, computed off the GUI thread after every change). Every plan change goes through
``AppState.apply`` so it is undoable and broadcast.
"""

from __future__ import annotations

import dataclasses
import html
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)

from coverage_app.pages.rota import dialogs
from coverage_app.pages.rota.advice import CandidatesDialog, default_advice
from coverage_app.pages.rota.basis import PlanBasis
from coverage_app.pages.rota.edit_session import EditSession
from coverage_app.pages.rota.gap_list import attach_gap_list, show_gap_on_rota
from coverage_app.pages.rota.reviews import PlanReviews
from coverage_app.pages.rota.solve_session import SolveOutcome, SolveSession, solve_params
from coverage_app.pages.rota.ui import build_actions, build_ui, legend_html
from coverage_app.services.explaining import ExplainedPlan, explain_plan
from coverage_app.services.plan_review import PlanReview
from coverage_app.services.rota_edit import CheckFn, EditResult, default_check
from coverage_app.services.serial import SerialExecutor
from coverage_app.solve_worker import SolveFn, TaskRunner
from coverage_app.state import AppState, ChangeSet
from coverage_app.widgets.plan_explained import PlanExplainedPanel
from coverage_app.widgets.rota_layout import RotaLayout, violation_map
from coverage_app.widgets.rota_view import RotaView
from coverage_app.widgets.solve_panel import SolvePanel
from coverage_app.widgets.solve_summary import details_html, status_sentence, summary_html
from models.domain import Plan, Scenario
from solver.types import SolveParams

SOLVING_TEXT = "Solving… the first plan appears here"


class RotaPage(QWidget):
    status_message = Signal(str)
    solved = Signal(object)  # SolveResult of the current run (stale runs never arrive)
    solve_failed = Signal(str)
    edit_checked = Signal(object)  # EditResult after every hand edit
    reviewed = Signal(object)  # PlanReview of the plan on show, once its numbers are shown
    plan_explained = Signal(object)  # ExplainedPlan of the plan shown, once worked out

    # Built by coverage_app.pages.rota.ui
    solve_action: QAction
    replan_action: QAction
    publish_action: QAction
    export_action: QAction
    panel: SolvePanel
    explained: PlanExplainedPanel
    week_button: QToolButton
    month_button: QToolButton
    prev_button: QToolButton
    next_button: QToolButton
    start_button: QToolButton
    range_label: QLabel
    legend: QLabel
    requirement_combo: QComboBox
    stale_bar: QFrame
    stale_label: QLabel
    resolve_button: QPushButton
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
        self.advice_fn = advice_fn or default_advice
        self.basis = PlanBasis()
        # Reviews and explanations of the plan shown take turns on one thread: the GUI thread
        # then competes with one busy Python thread for the interpreter lock, not two.
        self.computations = SerialExecutor("plan-review")
        self.reviews = PlanReviews(self.check_fn, self, serial=self.computations)
        self.solving = SolveSession(solve_fn, self.check_fn, warm_up=check_fn is None,
                                    parent=self)
        self.edits = EditSession(state, self.check_fn, self.reviews, self.basis, self)
        self.view_days = 7
        self.anchor: date | None = None
        self.requirement_id: str | None = None
        self._shown: PlanReview | None = None  # the review whose numbers are on screen
        self._mapped: tuple[tuple[Any, ...], dict[str, list[str]]] | None = None
        self._first_solve = False  # the running solve started with no plan on show
        # The plan by rule, worked out in a worker whenever the plan shown changes.
        self._explainer = TaskRunner(self)
        self._explainer.finished.connect(self._on_explained)
        self._explaining: tuple[Scenario, Plan] | None = None
        # The last solve's plan, with its penalty summary and the stages that ran.
        # The plan the last solve made, with its (penalties, stages) and what it said besides
        # the plan: used while that plan is on show.
        self._solved: tuple[Plan, tuple[tuple[Any, ...], tuple[Any, ...]],
                            tuple[str, ...]] | None = None
        build_actions(self)
        self.solve_action.triggered.connect(self.start_solve)
        self.replan_action.triggered.connect(self.open_replan)
        self.publish_action.triggered.connect(self.open_publish)
        self.export_action.triggered.connect(self.open_export)
        build_ui(self)
        self.gap_list = attach_gap_list(self)  # docked by the main window
        self.solving.progress_shown.connect(self.panel.show_progress)
        self.solving.progressed.connect(self.panel.update_progress)
        self.solving.solved.connect(self._on_solved)
        self.solving.first_plan_found.connect(self._on_first_plan)
        self.solving.failed.connect(self._on_failed)
        self.reviews.reviewed.connect(self._on_reviewed)
        self.reviews.review_failed.connect(self._on_review_failed)
        self.edits.edited.connect(self._on_edited)
        self.edits.override_kept.connect(self._on_override_kept)
        state.changed.connect(self._on_changed)
        state.display_zone_changed.connect(lambda _zone: self.refresh())
        self._fill_requirements()
        if state.plan is not None:
            self.basis.made(state.plan, state.scenario)
            self.panel.set_start(state.plan.period.first_day)
            self.panel.days_spin.setValue(state.plan.period.days)
        self.refresh()

    @property
    def controller(self) -> Any:
        """The solve controller (the re-plan dialog solves with the same service)."""
        return self.solving.controller

    # Solving -----------------------------------------------------------------------------------
    def start_solve(self) -> None:
        """Solve the current scenario for the panel's period (cancels a running solve)."""
        params = solve_params(self.panel.period(), time_limit_s=self.panel.time_limit(),
                              seed=self.panel.seed(), current=self.state.plan,
                              cheapest_first=self.panel.cheapest_first())
        self.panel.set_running(True)
        self._first_solve = self.state.plan is None
        self.solving.start(self.state.scenario, params, self._carried_balance(params))
        self.status_message.emit("Solving…")
        self._show_state()

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

    def cancel_solve(self) -> None:
        if self.solving.running:
            self.solving.cancel()
            self.status_message.emit("Cancelling: the best plan so far will be kept")

    def _on_first_plan(self, scenario: Scenario, plan: Plan) -> None:
        """The solver's first complete plan, while it searches on: shown at once when there was
        no plan at all (a first start), never over a plan the manager has."""
        if not self._first_solve or self.state.plan is not None:
            return
        self.anchor = None
        self.basis.made(plan, scenario)
        self.reviews.request(self.state.scenario, plan, explain=False)
        self.state.apply("first plan", plan=plan)
        self.status_message.emit("First plan on screen; the solver is improving it…")

    def _on_solved(self, outcome: SolveOutcome) -> None:
        self.panel.set_running(False)
        status = outcome.status
        plan = outcome.plan
        if not outcome.has_new_plan or plan is None:
            messages = "; ".join(html.escape(m) for m in
                                 getattr(outcome.result, "messages", ()) or ())
            kept = " The plan you had is kept." if self.state.plan is not None else ""
            self.panel.show_summary(f"<b>No new plan</b> ({html.escape(str(status))}): the solver "
                                    f"stopped before it found one.{kept} {messages}")
            self.status_message.emit(f"No new plan ({status})")
            self._show_state()
        else:
            self.anchor = None
            if outcome.review is not None:
                self.reviews.keep(outcome.review)
            self.basis.made(plan, outcome.scenario)
            result = outcome.result
            self._solved = (plan, (tuple(getattr(result, "penalties", ()) or ()),
                                   tuple(getattr(result, "stages", ()) or ())),
                            tuple(getattr(result, "messages", ()) or ()))
            self.state.apply("solve", plan=plan)
            gaps = outcome.review.gaps if outcome.review is not None else plan.gaps
            self.status_message.emit(status_sentence(plan, status, len(gaps)))
        self.solved.emit(outcome.result)

    def _on_failed(self, message: str) -> None:
        self.panel.set_running(False)
        self.panel.show_summary(f"<span style='color:#c62828'><b>Solve failed</b>: "
                                f"{html.escape(message)}</span> (details in the log)")
        self.status_message.emit("Solve failed")
        self._show_state()
        self.solve_failed.emit(message)

    def shutdown(self) -> None:
        self.solving.shutdown()
        self.reviews.shutdown()
        self._explainer.shutdown()
        self.computations.shutdown()

    # Showing -----------------------------------------------------------------------------------
    def _on_changed(self, change: ChangeSet) -> None:
        plan = self.state.plan
        if change.scenario or change.replaced:
            self._fill_requirements()
        if change.replaced:
            self.anchor = None
            if plan is not None:
                self.basis.made(plan, self.state.scenario)
        elif change.plan and plan is not None and not self.basis.knows(plan):
            self.basis.made(plan, self.state.scenario)  # a re-plan, or a plan opened
        pending = self.edits.pending
        if pending is not None and plan is not pending.plan:
            self._hide_message()
        if change.plan and plan is not None:
            self.panel.set_start(plan.period.first_day)
            self.panel.days_spin.setValue(plan.period.days)
        self.refresh()

    def _on_reviewed(self, review: PlanReview) -> None:
        plan = self.state.plan
        if plan is not None and review.is_for(self.state.scenario, plan):
            self.refresh()

    def _on_review_failed(self, message: str) -> None:
        self.panel.show_summary(f"<span style='color:#c62828'><b>Could not count this plan's "
                                f"coverage</b>: {html.escape(message)}</span> (details in the "
                                "log)")
        self.status_message.emit("Counting the plan's coverage failed")

    def current_review(self) -> PlanReview | None:
        """The review of the plan on show, when it is ready."""
        plan = self.state.plan
        return None if plan is None else self.reviews.get(self.state.scenario, plan)

    def violations(self) -> tuple[Any, ...]:
        plan = self.state.plan
        if plan is None:
            return ()
        return self.reviews.violations(self.state.scenario, plan) or ()

    def refresh(self) -> None:
        scenario, plan = self.state.scenario, self.state.plan
        review = None if plan is None else self.reviews.request(scenario, plan)
        rows = None
        if review is not None:
            rows = review.rows
        elif plan is not None and self._shown is not None and \
                self._shown.plan.period == plan.period:
            rows = self._shown.rows  # the last counted, until this plan's review lands
        elif plan is not None:
            rows = ()
        zone_name = self.state.display_zone
        period = plan.period if plan is not None else self.panel.period()
        if self.anchor is None:
            self.anchor = period.first_day
        days = self.view_days or period.days
        gaps = review.gaps if review is not None and review.explained else None
        layout = RotaLayout(scenario, plan, zone_name, self.anchor, days, self.requirement_id,
                            coverage_rows=rows, open_gaps=gaps)
        self.view.set_layout(layout, self._violation_map())
        last = self.anchor + timedelta(days=days - 1)
        self.range_label.setText(f"{self.anchor:%a %d %b} – {last:%a %d %b %Y}  ({zone_name})")
        for action in (self.replan_action, self.export_action):
            action.setEnabled(plan is not None)
        self.publish_action.setEnabled(plan is not None and self.store is not None)
        self._show_state()
        if review is not None and review is not self._shown:
            self._shown = review
            notes = self._solved[2] if self._solved and self._solved[0] is plan else ()
            self.panel.show_summary(summary_html(review, notes=notes), details_html(review.plan))
            self.reviewed.emit(review)
        # After the numbers and the gap list are filled: a busy worker would slow them down
        # (every call from Qt into Python waits for the interpreter lock).
        self._explain()

    def _violation_map(self) -> dict[str, list[str]]:
        """The rule breaks by shift, worked out once per set of violations."""
        violations = self.violations()
        if self._mapped is None or self._mapped[0] is not violations:
            self._mapped = (violations, violation_map(violations))
        return self._mapped[1]

    def _explain(self) -> None:
        """Work out the plan by rule for the plan shown, unless that is under way or done."""
        scenario, plan = self.state.scenario, self.state.plan
        if plan is None:
            self._explaining = None
            self.explained.clear()
            return
        if (self._explaining is not None and self._explaining[0] is scenario
                and self._explaining[1] is plan):
            return
        self._explaining = (scenario, plan)
        self.explained.working()
        solved = self._solved[1] if self._solved and self._solved[0] is plan else None
        self._explainer.run(lambda _report, _cancel: explain_plan(scenario, plan, solved),
                            serial=self.computations)

    def _on_explained(self, shown: ExplainedPlan) -> None:
        if shown.plan is not self.state.plan:
            return  # the plan changed meanwhile; its own explanation is on the way
        self.explained.show_plan(self.state.scenario, shown)
        self.plan_explained.emit(shown)

    def _show_state(self) -> None:
        """The texts that depend on whether a solve runs and the plan is current."""
        running = self.solving.running
        empty = SOLVING_TEXT if running else RotaView.empty_text
        if self.view.empty_text != empty:
            self.view.empty_text = empty
            self.view.viewport().update()
        stale = self.basis.out_of_date(self.state.scenario, self.state.plan)
        self.stale_bar.setVisible(stale)
        self.resolve_button.setEnabled(not running)
        self.resolve_button.setText("Solving…" if running else "Re-solve now")

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

    def go_to_start(self) -> None:
        self.anchor = None
        self.refresh()

    def _fill_requirements(self) -> None:
        self.legend.setText(legend_html(self.state.scenario))
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

    def choose_requirement(self, _index: int) -> None:
        self.requirement_id = self.requirement_combo.currentData()
        self.refresh()

    # Hand edits (the EditSession does them; the page shows what they broke) ---------------------
    def move_shift(self, shift_id: str, start: datetime) -> None:
        self.edits.move(shift_id, start)

    def delete_shift(self, shift_id: str) -> None:
        self.edits.delete(shift_id)

    def add_shift(self, agent_id: str, start: datetime, duty: str | None = None) -> None:
        self.edits.add(agent_id, start, duty)

    def add_standby(self, agent_id: str, start: datetime, requirement_id: str) -> None:
        self.edits.add(agent_id, start, requirement_id, standby=True)

    def apply_edit(self, result: EditResult) -> None:
        self.edits.apply(result)

    def keep_override(self) -> None:
        self.edits.keep_override()

    def _on_edited(self, result: EditResult) -> None:
        broken = result.edited_violations
        if broken:
            agent = self._agent_label(result)
            text = "; ".join(html.escape(str(v.message)) for v in broken)
            self.message_label.setText(f"<b>⚠ {html.escape(agent)}</b>: {text}")
            self.message_bar.setVisible(True)
            self.status_message.emit(f"{result.label}: breaks a rule")
        else:
            self._hide_message()
            self.status_message.emit(result.label)
        self.edit_checked.emit(result)

    def _on_override_kept(self, _result: EditResult) -> None:
        self._hide_message()
        self.status_message.emit("Override kept; it shows in the exports")

    def _hide_message(self) -> None:
        self.edits.pending = None
        self.message_bar.setVisible(False)

    def _agent_label(self, result: EditResult) -> str:
        shift = next((s for s in result.plan.shifts if s.id == result.shift_id), None)
        if shift is None:
            return "Edit"
        try:
            return self.state.scenario.agent(shift.agent_id).label
        except KeyError:
            return shift.agent_id

    def show_gap(self, row: Any) -> None:
        """Show a gap of the gap list on the calendar, selected (None: clear the mark)."""
        show_gap_on_rota(self, row)

    # Who can take this? ------------------------------------------------------------------------
    def show_candidates(self, requirement_id: str, start: datetime,
                        end: datetime) -> CandidatesDialog:
        dialog = CandidatesDialog(self.state, requirement_id, start, end, self.advice_fn, self)
        dialog.assign_requested.connect(self.edits.assign)
        dialog.show()
        return dialog

    # Dialogs -----------------------------------------------------------------------------------
    def open_replan(self) -> Any:
        return dialogs.open_replan(self, self.state, self.solving.solve_fn,
                                   self.panel.time_limit())

    def open_publish(self) -> Any:
        return dialogs.open_publish(self, self.state, self.store, self.status_message.emit)

    def open_export(self) -> Any:
        return dialogs.open_export(self, self.state, self.store, self.status_message.emit)
