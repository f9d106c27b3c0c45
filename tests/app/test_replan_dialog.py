"""Re-plan after a sick call: the dialog shows added / removed / moved shifts per agent and
applies nothing until the manager accepts (fake solve service)."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from coverage_app.dialogs.replan import ReplanDialog
from coverage_app.state import AppState
from models.domain import Period, PlanStatus, TimeOffKind
from models.timerules import local_date, to_utc
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


def test_a_range_that_ends_before_it_starts_says_so_in_plain_words_until_fixed(qtbot, state):
    dialog = ReplanDialog(state, repair)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.first_edit.setDate(QDate(2026, 12, 9))
    dialog.last_edit.setDate(QDate(2026, 12, 8))
    qtbot.mouseClick(dialog.replan_button, Qt.MouseButton.LeftButton)
    text = dialog.error_label.text()
    assert "end before it starts" in text
    assert "'To' (Tue 08 Dec 2026) is before 'From' (Wed 09 Dec 2026)" in text
    assert "&#" not in text
    assert "&amp;" not in text
    assert dialog.error_label.textFormat() is Qt.TextFormat.PlainText
    assert dialog.error_label.isVisible()
    assert not dialog.accept_button.isEnabled()
    # Fixing the dates clears the message at once, before the next re-plan.
    dialog.last_edit.setFocus()
    qtbot.keyClick(dialog.last_edit, Qt.Key.Key_Up)
    assert dialog.last_edit.date().toPython() >= dialog.first_edit.date().toPython()
    assert not dialog.error_label.isVisible()
    assert dialog.error_label.text() == ""


def test_the_preview_calendar_marks_what_the_replan_adds_and_removes(qtbot, state):
    dialog = ReplanDialog(state, repair)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.agent_combo.setCurrentIndex(dialog.agent_combo.findData("kadri-tamm"))
    dialog.first_edit.setDate(QDate(2026, 12, 8))
    dialog.last_edit.setDate(QDate(2026, 12, 8))
    with qtbot.waitSignal(dialog.changes_shown, timeout=10_000):
        qtbot.mouseClick(dialog.replan_button, Qt.MouseButton.LeftButton)
    preview = dialog.preview.layout_data
    assert preview.proposal is not None
    added = [s for s in dialog.new_plan.shifts if s.agent_id == "igor-petrov"
             and s.id.startswith("igor-kadri")]
    assert added
    assert all(preview.proposal.tags[s.id] == "added" for s in added)
    removed = preview.proposal.ghosts["kadri-tamm"]
    assert [g.change for g in removed] == ["removed"]
    # The sick day is shaded with its kind on the preview, and the ghost says what happens.
    assert [a.label for a in preview.absences_by_agent["kadri-tamm"]
            if a.kind == "sick"] == ["Sick"]
    view = dialog.preview
    ghost = removed[0].shift
    text = view.tooltip_at(view.point_at("kadri-tamm", ghost.start + (ghost.end - ghost.start) / 2))
    assert "Re-plan removes" in text
    assert "Sick" in text
    # Nothing outside the re-planned days is shown as changed.
    assert dialog.state.plan is not dialog.new_plan
    dialog.reject()


def test_the_replan_changes_only_the_absence_days_unless_widened(qtbot, state):
    seen = []

    def spy(scenario, params, *, on_progress=None, cancel=None):
        seen.append(params)
        return repair(scenario, params)

    dialog = ReplanDialog(state, spy)
    qtbot.addWidget(dialog)
    dialog.agent_combo.setCurrentIndex(dialog.agent_combo.findData("kadri-tamm"))
    dialog.first_edit.setDate(QDate(2026, 12, 8))
    dialog.last_edit.setDate(QDate(2026, 12, 8))
    with qtbot.waitSignal(dialog.changes_shown, timeout=10_000):
        qtbot.mouseClick(dialog.replan_button, Qt.MouseButton.LeftButton)
    tallinn = "Europe/Tallinn"
    assert local_date(seen[0].keep_before, tallinn) == date(2026, 12, 8)
    assert seen[0].keep_after - seen[0].keep_before == timedelta(days=1)  # Tuesday only
    dialog.ripple_spin.setFocus()
    qtbot.keyClick(dialog.ripple_spin, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.ripple_spin, Qt.Key.Key_Up)
    assert not dialog.accept_button.isEnabled()  # the shown proposal is stale now
    with qtbot.waitSignal(dialog.changes_shown, timeout=10_000):
        qtbot.mouseClick(dialog.replan_button, Qt.MouseButton.LeftButton)
    assert seen[1].keep_after - seen[1].keep_before == timedelta(days=3)
    dialog.reject()  # Cancel: ends the worker thread


def test_a_tuesday_sick_day_leaves_every_colleagues_other_days_alone(qtbot, demo):
    """Real solver: the previous plan has gaps on other days too; the re-plan must not 'fix'
    them by moving colleagues' Wednesday and Thursday shifts, only repair Tuesday."""
    from solver import solve

    state = AppState(demo, day_shifts_plan(demo, SolveParams(Period(MONDAY, 7))))
    dialog = ReplanDialog(state, solve, time_limit_s=3)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.agent_combo.setCurrentIndex(dialog.agent_combo.findData("kadri-tamm"))
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(TimeOffKind.SICK))
    dialog.first_edit.setDate(QDate(2026, 12, 8))
    dialog.last_edit.setDate(QDate(2026, 12, 8))
    with qtbot.waitSignal(dialog.changes_shown, timeout=60_000) as blocker:
        qtbot.mouseClick(dialog.replan_button, Qt.MouseButton.LeftButton)
    scenario = dialog.new_scenario
    touched = [s for c in blocker.args[0] for s in (*c.added, *c.removed)]
    touched += [s for c in blocker.args[0] for m in c.moved for s in (m.before, m.after)]
    assert any(s.agent_id == "kadri-tamm" for s in touched)  # her Tuesday shift goes
    tuesday_start = to_utc(date(2026, 12, 8), time(0), "Europe/Tallinn")
    for shift in touched:
        assert tuesday_start <= shift.start < tuesday_start + timedelta(days=1), (
            f"{scenario.agent(shift.agent_id).label}'s shift {shift.start} changed")
    before = {s.id: s for s in state.plan.shifts}
    kept_outside = [s for s in dialog.new_plan.shifts if s.id in before
                    and not tuesday_start <= s.start < tuesday_start + timedelta(days=1)]
    assert all(before[s.id] == s for s in kept_outside)
    dialog.reject()
