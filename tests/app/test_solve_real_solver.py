"""Once with the real solver: a tiny team solved through the Rota page's Solve button."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from PySide6.QtCore import Qt

from coverage_app.pages.rota import RotaPage
from coverage_app.state import AppState
from models.domain import PlanStatus

solver_check = pytest.importorskip("solver.check")
pytest.importorskip("solver.engine")


@pytest.fixture
def tiny(demo):
    keep = ("kadri-tamm", "dmitri-volkov", "lena-schmidt", "lucia-garcia")
    target = next(t for t in demo.targets if t.id == "12h")
    open_only = dataclasses.replace(target, requirements=(
        dataclasses.replace(target.requirements[0], headcount=1),))
    return dataclasses.replace(
        demo, agents=tuple(a for a in demo.agents if a.id in keep), targets=(open_only,),
        active_target_id=open_only.id, time_off=())


@pytest.mark.slow
def test_real_solver_on_a_tiny_team_gives_a_clean_plan(qtbot, tiny):
    state = AppState(tiny)
    page = RotaPage(state, None)
    qtbot.addWidget(page)
    page.panel.set_start(date(2026, 12, 7))
    page.panel.days_spin.setValue(3)
    page.panel.limit_spin.setValue(2)
    with qtbot.waitSignal(page.solved, timeout=60_000) as blocker:
        qtbot.mouseClick(page.panel.solve_button, Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    assert result.status in (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE)
    assert state.plan is result.plan
    assert result.plan.shifts
    assert solver_check.check(tiny, result.plan) == []
    assert page.view.violations == {}
    assert "Open" in page.panel.summary_label.text()
    page.shutdown()
