"""A hand drag snaps a shift to its agent's own local grid: an agent in Asia/Kathmandu
(UTC+05:45) keeps starting on local whole or half hours, not on the team's grid, which falls on
their :15 and :45."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coverage_app.pages.rota import RotaPage
from coverage_app.state import AppState
from models.timerules import to_local
from tests.app.rota_fakes import FakeSolver, rest_check
from tests.app.test_rota_page import drag, px_for, solve


@pytest.fixture
def page(qtbot, demo):
    widget = RotaPage(AppState(demo), None, solve_fn=FakeSolver(), check_fn=rest_check)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.panel.set_start(date(2026, 12, 7))
    widget.panel.days_spin.setValue(7)
    widget.show()
    yield widget
    widget.shutdown()


def test_a_drag_keeps_a_kathmandu_shift_on_local_half_hours(qtbot, page, demo):
    solve(qtbot, page)
    zone = "Asia/Kathmandu"
    agents = {a.id for a in demo.agents if a.time_zone == zone}
    shift = next(s for s in page.state.plan.shifts if s.agent_id in agents)
    assert to_local(shift.start, zone).minute % 30 == 0  # the solver starts it on local time
    result = drag(qtbot, page, shift, px_for(page, 1.25))  # about an hour and a quarter later
    moved = next(s for s in result.plan.shifts if s.id == shift.id)
    local = to_local(moved.start, zone)
    assert local.minute % 30 == 0, f"starts {local:%H:%M} in {zone}"
    assert moved.start - shift.start in (timedelta(hours=1), timedelta(hours=1, minutes=30))
    assert moved.end - moved.start == shift.end - shift.start
