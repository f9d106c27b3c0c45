"""The solve panel on the Rota page: progress after half a second, Cancel keeps the best plan,
a second Solve replaces the first (fake solve service)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from coverage_app.pages.rota import RotaPage
from coverage_app.state import AppState
from models.domain import PlanStatus
from tests.app.rota_fakes import FakeSolver, rest_check


@pytest.fixture
def page(qtbot, demo):
    solver = FakeSolver(block=True)
    widget = RotaPage(AppState(demo), None, solve_fn=solver, check_fn=rest_check)
    qtbot.addWidget(widget)
    widget.panel.set_start(date(2026, 12, 7))
    widget.panel.days_spin.setValue(7)
    widget.show()
    widget.fake = solver
    yield widget
    solver.release.set()
    widget.shutdown()


def test_progress_shows_after_half_a_second_and_cancel_keeps_the_best_plan(qtbot, page):
    with qtbot.waitSignal(page.controller.progress_shown, timeout=5_000):
        qtbot.mouseClick(page.panel.solve_button, Qt.MouseButton.LeftButton)
    assert page.panel.progress_box.isVisible()
    qtbot.waitUntil(lambda: "objective 2,000" in page.panel.progress_label.text(), timeout=5_000)
    with qtbot.waitSignal(page.solved, timeout=10_000) as blocker:
        qtbot.mouseClick(page.panel.cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].status is PlanStatus.CANCELLED
    assert page.state.plan is blocker.args[0].plan
    assert not page.panel.progress_box.isVisible()
    assert "cancelled" in page.panel.summary_label.text()


def test_a_second_solve_replaces_the_first_and_only_its_plan_lands(qtbot, page):
    qtbot.mouseClick(page.panel.solve_button, Qt.MouseButton.LeftButton)
    page.panel.days_spin.setValue(3)
    page.fake.block = False
    landed = []
    page.solved.connect(landed.append)
    with qtbot.waitSignal(page.solved, timeout=10_000):
        qtbot.mouseClick(page.panel.solve_button, Qt.MouseButton.LeftButton)
    page.shutdown()  # waits for the first worker too
    assert [r.plan.period.days for r in landed] == [3]
    assert page.state.plan.period.days == 3
    assert len(page.fake.calls) == 2


def test_cancel_before_any_plan_keeps_the_plan_you_had(qtbot, demo):
    from dataclasses import replace

    from tests.app.rota_fakes import FakeResult

    def first_plan(scenario, params, *, on_progress=None, cancel=None):
        return FakeSolver()(scenario, params)

    def nothing_yet(scenario, params, *, on_progress=None, cancel=None):
        plan = FakeSolver()(scenario, params).plan
        return FakeResult(PlanStatus.CANCELLED, replace(plan, shifts=(), gaps=()))

    state = AppState(demo)
    page = RotaPage(state, None, solve_fn=first_plan, check_fn=rest_check)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.solved, timeout=10_000):
        page.start_solve()
    kept = state.plan
    page.controller.solve_fn = nothing_yet
    with qtbot.waitSignal(page.solved, timeout=10_000):
        page.start_solve()
    assert state.plan is kept
    assert "is kept" in page.panel.summary_label.text()
    page.shutdown()


def test_cheapest_plan_setting_reaches_the_solver(qtbot, page):
    page.fake.block = False
    page.panel.cheapest_check.setChecked(True)
    with qtbot.waitSignal(page.solved, timeout=10_000):
        qtbot.mouseClick(page.panel.solve_button, Qt.MouseButton.LeftButton)
    assert page.fake.calls[-1].cheapest_first is True
    assert page.fake.calls[-1].carried == ()  # no database: nothing carried


def test_a_solve_carries_the_balance_of_published_plans(qtbot, demo, tmp_path):
    from coverage_app.services.store import ScenarioStore
    from tests.app.test_fair_balance import NOVEMBER, _igor_every_night

    solver = FakeSolver()
    with ScenarioStore.open(tmp_path / "team.sqlite") as store:
        store.replace(demo)
        store.save_plan(_igor_every_night(NOVEMBER), name="November", published_by="manager")
        widget = RotaPage(AppState(demo), store, solve_fn=solver, check_fn=rest_check)
        qtbot.addWidget(widget)
        widget.panel.set_start(date(2026, 11, 30))
        widget.panel.days_spin.setValue(7)
        with qtbot.waitSignal(widget.solved, timeout=20_000):
            qtbot.mouseClick(widget.panel.solve_button, Qt.MouseButton.LeftButton)
        widget.shutdown()
    carried = {c.agent_id: c.night_minutes for c in solver.calls[-1].carried}
    assert carried["igor-petrov"] > 0 > carried["arjun-nair"]
