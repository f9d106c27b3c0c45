"""Plan reviews for the Rota page: coverage, gaps, headline numbers and rule checks of the plan
on show, computed off the GUI thread once per (scenario, plan) and kept for the last plans
shown, so that undo and redo cost nothing. Everything here lives on the GUI thread; the worker
only runs the Qt-free :func:`coverage_app.services.plan_review.review_plan`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal

from coverage_app.services.plan_review import CheckFn, PlanReview, review_plan
from coverage_app.services.serial import SerialExecutor
from coverage_app.solve_worker import TaskRunner
from models.domain import Plan, Scenario

KEPT = 48  # reviews remembered (an undo history's worth of plans)


class PlanReviews(QObject):
    reviewed = Signal(object)  # PlanReview, when one computed in the worker lands
    review_failed = Signal(str)

    def __init__(self, check_fn: CheckFn, parent: QObject | None = None, *,
                 serial: SerialExecutor | None = None) -> None:
        """``serial``: the thread reviews run on, in turn with the page's other computations
        (two busy Python threads take the interpreter lock from the GUI thread for longer)."""
        super().__init__(parent)
        self.check_fn = check_fn
        self._serial = serial
        self._kept: list[PlanReview] = []
        self._hints: list[tuple[Scenario, Plan, tuple[Any, ...]]] = []  # violations known early
        self._asked: tuple[Scenario, Plan] | None = None
        self._runner = TaskRunner(self)
        self._runner.finished.connect(self._landed)
        self._runner.failed.connect(self._failed)

    # Reading ----------------------------------------------------------------------------------
    def get(self, scenario: Scenario, plan: Plan) -> PlanReview | None:
        return next((r for r in reversed(self._kept) if r.is_for(scenario, plan)), None)

    def violations(self, scenario: Scenario, plan: Plan) -> tuple[Any, ...] | None:
        """The rule violations of ``plan`` if known yet (from its review or from the edit that
        made it), else None."""
        review = self.get(scenario, plan)
        if review is not None:
            return review.violations
        return next((v for s, p, v in reversed(self._hints) if s is scenario and p is plan),
                    None)

    @property
    def busy(self) -> bool:
        return self._runner.running

    # Asking -----------------------------------------------------------------------------------
    def keep(self, review: PlanReview) -> None:
        """Remember a review made elsewhere (the solve worker reviews the plan it found)."""
        self._kept = [r for r in self._kept if not r.is_for(review.scenario, review.plan)]
        self._kept.append(review)
        del self._kept[:-KEPT]

    def request(self, scenario: Scenario, plan: Plan, violations: Sequence[Any] | None = None,
                *, explain: bool = True) -> PlanReview | None:
        """The review if it is known; otherwise start it in the worker (``reviewed`` follows)
        and return None. ``violations``: the checker's findings if the caller has them;
        ``explain=False``: count the gaps without their reasons (a first plan)."""
        known = self.get(scenario, plan)
        if known is not None:
            return known
        if violations is not None:
            self._hints.append((scenario, plan, tuple(violations)))
            del self._hints[:-8]
        if self._asked is not None and self._asked[0] is scenario and self._asked[1] is plan:
            return None
        self._asked = (scenario, plan)
        hint = self.violations(scenario, plan)
        check = self.check_fn

        def job(_report: Any, _cancel: Any) -> PlanReview:
            return review_plan(scenario, plan, check, violations=hint, explain=explain)

        self._runner.run(job, serial=self._serial)
        return None

    def shutdown(self) -> None:
        self._runner.shutdown()
        self._asked = None

    # Slots ------------------------------------------------------------------------------------
    def _landed(self, review: object) -> None:
        assert isinstance(review, PlanReview)
        self._asked = None
        self.keep(review)
        self.reviewed.emit(review)

    def _failed(self, message: str) -> None:
        self._asked = None
        self.review_failed.emit(message)
