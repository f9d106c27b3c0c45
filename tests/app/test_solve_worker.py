"""The solve worker: progress, cancel keeping the best plan, no stale results (fake solver)."""

from __future__ import annotations

from datetime import date

import pytest

from coverage_app.solve_worker import SolveController
from models.domain import Period, PlanStatus
from solver.types import SolveParams
from tests.app.rota_fakes import FakeSolver


@pytest.fixture
def controller(qtbot):
    solver = FakeSolver()
    ctrl = SolveController(solver)
    yield ctrl, solver
    ctrl.shutdown()


def test_solve_runs_off_the_gui_thread_and_reports_progress(qtbot, controller, demo):
    ctrl, _solver = controller
    params = SolveParams(Period(date(2026, 12, 7), 7), time_limit_s=1)
    progress = []
    ctrl.progressed.connect(progress.append)
    with qtbot.waitSignal(ctrl.finished, timeout=10_000) as blocker:
        ctrl.start(demo, params)
    result = blocker.args[0]
    assert progress[0].objective == 2000.0
    assert result.status is PlanStatus.FEASIBLE
    assert result.plan.shifts
    assert not ctrl.running


def test_cancel_returns_the_best_plan_so_far(qtbot, controller, demo):
    ctrl, solver = controller
    solver.block = True
    ctrl.start(demo, SolveParams(Period(date(2026, 12, 7), 7)))
    with qtbot.waitSignal(ctrl.finished, timeout=10_000) as blocker:
        ctrl.cancel()
    assert blocker.args[0].status is PlanStatus.CANCELLED
    assert blocker.args[0].plan.shifts


def test_a_new_solve_cancels_the_old_one_and_only_the_new_result_lands(qtbot, controller, demo):
    ctrl, solver = controller
    solver.block = True
    ctrl.start(demo, SolveParams(Period(date(2026, 12, 7), 7)))
    first_cancel = ctrl._cancel
    results = []
    ctrl.finished.connect(results.append)
    solver.block = False
    with qtbot.waitSignal(ctrl.finished, timeout=10_000):
        ctrl.start(demo, SolveParams(Period(date(2026, 12, 14), 3)))
    assert first_cancel.cancelled
    qtbot.waitUntil(lambda: not ctrl._threads, timeout=10_000)
    assert [r.plan.period.first_day for r in results] == [date(2026, 12, 14)]


def test_progress_panel_appears_only_for_slow_solves(qtbot, controller, demo):
    ctrl, solver = controller
    solver.block = True
    with qtbot.waitSignal(ctrl.progress_shown, timeout=5_000):
        ctrl.start(demo, SolveParams(Period(date(2026, 12, 7), 7)))
    with qtbot.waitSignal(ctrl.finished, timeout=10_000):
        solver.release.set()
