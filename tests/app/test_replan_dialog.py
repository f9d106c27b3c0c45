"""Re-plan after a sick call: the dialog shows added / removed / moved shifts per agent and
applies nothing until the manager accepts (fake solve service)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate

from coverage_app.dialogs.replan import ReplanDialog
from coverage_app.state import AppState
from models.domain import Period, PlanStatus, TimeOffKind
from models.timerules import local_date
from solver.types import SolveParams
from tests.app.rota_fakes import FakeResult, day_shifts_plan

MONDAY = date(2026, 12, 7)


def repair(scenario, params, *, on_progress=None, cancel=None):
    """Drop shifts on time-off days; give Igor an extra shift for each one dropped."""
    previous = params.previous
    kept, added = [], []
    for shift in previous.shifts:
        agent = scenario.agent(shift.agent_id)
        day = local_date(shift.start, agent.time_zone)
        if any(t.agent_id == agent.id and t.covers(day) for t in scenario.time_off):
            added.append(dataclasses.replace(shift, id=f"igor-{shift.id}", agent_id="igor-petrov",
                                             start=shift.start + timedelta(hours=1),
                                             end=shift.end + timedelta(hours=1)))
        else:
            kept.append(shift)
    plan = dataclasses.replace(previous, shifts=tuple(kept + added))
    return FakeResult(PlanStatus.FEASIBLE, plan)


@pytest.fixture
def state(demo):
    return AppState(demo, day_shifts_plan(demo, SolveParams(Period(MONDAY, 7))))


def test_sick_day_replan_lists_changes_and_applies_on_accept(qtbot, state):
    before_plan, before_scenario = state.plan, state.scenario
    dialog = ReplanDialog(state, repair)
    qtbot.addWidget(dialog)
    dialog.agent_combo.setCurrentIndex(dialog.agent_combo.findData("kadri-tamm"))
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(TimeOffKind.SICK))
    dialog.first_edit.setDate(QDate(2026, 12, 8))
    dialog.last_edit.setDate(QDate(2026, 12, 9))
    with qtbot.waitSignal(dialog.changes_shown, timeout=10_000) as blocker:
        dialog.replan_button.click()
    changes = {c.agent_id: c for c in blocker.args[0]}
    assert len(changes["kadri-tamm"].removed) == 2
    assert len(changes["igor-petrov"].added) == 2
    assert dialog.tree.topLevelItemCount() == 2
    assert state.plan is before_plan  # nothing applied yet

    with qtbot.waitSignal(dialog.replanned, timeout=5_000):
        dialog.accept_button.click()
    assert state.plan is dialog.new_plan
    sick = [t for t in state.scenario.time_off if t.agent_id == "kadri-tamm"]
    assert sick[0].kind is TimeOffKind.SICK
    state.undo()
    assert (state.scenario, state.plan) == (before_scenario, before_plan)


def test_a_range_that_ends_before_it_starts_shows_the_domain_message(qtbot, state):
    dialog = ReplanDialog(state, repair)
    qtbot.addWidget(dialog)
    dialog.first_edit.setDate(QDate(2026, 12, 9))
    dialog.last_edit.setDate(QDate(2026, 12, 8))
    dialog.replan_button.click()
    assert "ends before it starts" in dialog.error_label.text()
    assert not dialog.accept_button.isEnabled()
