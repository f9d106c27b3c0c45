"""The Rota page's solve session: the parameters of a solve, the controller that runs it off the
GUI thread, and a typed outcome carrying the plan's review (coverage, gaps, rule checks) computed
in the same worker, so that only drawing is left for the GUI thread."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from coverage_app.services.plan_review import CheckFn, PlanReview, review_plan
from coverage_app.solve_worker import SolveController, Solved, SolveFn, TaskRunner
from models.domain import Period, Plan, PlanStatus, Scenario
from solver.types import SolveParams

WORKERS = 2


@dataclass(frozen=True, slots=True)
class SolveOutcome:
    """A finished solve of ``scenario``: the solver's result and the review of its plan."""

    scenario: Scenario
    result: Any  # solver.SolveResult
    review: PlanReview | None  # None: no plan, or the review failed (logged)

    @property
    def status(self) -> PlanStatus:
        return PlanStatus(self.result.status)

    @property
    def plan(self) -> Plan | None:
        plan = getattr(self.result, "plan", None)
        return plan if isinstance(plan, Plan) else None

    @property
    def has_new_plan(self) -> bool:
        """Whether the result is a plan worth showing (not a bare stop before any was found)."""
        plan = self.plan
        if plan is None or self.status in (PlanStatus.NO_PLAN, PlanStatus.INVALID):
            return False
        return not (self.status is PlanStatus.CANCELLED and not plan.shifts)


def solve_params(period: Period, *, time_limit_s: float, seed: int,
                 current: Plan | None, cheapest_first: bool = False) -> SolveParams:
    """What the Solve button asks for: the current plan's locked shifts stay."""
    previous = current if current is not None and any(s.locked for s in current.shifts) else None
    return SolveParams(period, time_limit_s=time_limit_s, workers=WORKERS, seed=seed,
                       previous=previous, cheapest_first=cheapest_first)


def _warm_up() -> None:
    """In a worker: load the checker, and start the solver's fork server."""
    importlib.import_module("solver.check")
    from coverage_app.solve_process import warm_up

    warm_up()


class SolveSession(QObject):
    solved = Signal(object)  # SolveOutcome of the current run (stale runs never arrive)
    failed = Signal(str)
    first_plan_found = Signal(object, object)  # (Scenario, Plan): the solver's first plan

    def __init__(self, solve_fn: SolveFn | None, check_fn: CheckFn, *, warm_up: bool,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.check_fn = check_fn
        self.controller = SolveController(solve_fn, self, after=self._review)
        self.controller.solved.connect(self._on_solved)
        self.controller.failed.connect(self.failed)
        self.progress_shown = self.controller.progress_shown
        self.progressed = self.controller.progressed
        self.controller.progressed.connect(self._on_progress)
        self._scenario: Scenario | None = None
        self._warmup = TaskRunner(self)
        if warm_up and "solver.check" not in sys.modules:
            # After the window is up: importing competes with start-up for the GIL.
            QTimer.singleShot(0, self, lambda: self._warmup.run(
                lambda _report, _cancel: _warm_up()))

    @property
    def solve_fn(self) -> SolveFn:
        return self.controller.solve_fn

    @property
    def running(self) -> bool:
        return self.controller.running

    def start(self, scenario: Scenario, params: SolveParams,
              prepare: Callable[[SolveParams], SolveParams] | None = None) -> None:
        """Solve ``scenario`` (cancels a running solve; its result never lands); ``prepare``
        runs first in the worker (the carried fairness balance is worked out there)."""
        self._scenario = scenario
        self.controller.start(scenario, params, prepare)

    def cancel(self) -> None:
        self.controller.cancel()

    def shutdown(self) -> None:
        self.controller.shutdown()
        self._warmup.shutdown()

    def _review(self, scenario: Scenario, result: Any) -> PlanReview:
        """In the worker: review the plan just found."""
        return review_plan(scenario, result.plan, self.check_fn)

    def _on_progress(self, progress: Any) -> None:
        plan = getattr(progress, "first_plan", None)
        if isinstance(plan, Plan) and self._scenario is not None:
            self.first_plan_found.emit(self._scenario, plan)

    def _on_solved(self, solved: Solved) -> None:
        scenario = self._scenario
        assert scenario is not None
        review = solved.extra if isinstance(solved.extra, PlanReview) else None
        self.solved.emit(SolveOutcome(scenario, solved.result, review))
