"""The Rota page driven through its real widgets: solve (fake service), drag edits checked live,
override or undo, "who can take this?", display zone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from coverage_app.pages.rota import RotaPage
from coverage_app.state import AppState
from coverage_app.widgets.rota_style import TOP
from models.domain import PlanStatus, ShiftOrigin
from tests.app.rota_fakes import FakeSolver, rest_check


def real_check(scenario, plan):
    return pytest.importorskip("solver.check").check(scenario, plan)


@pytest.fixture(params=["fake-checker", "real-checker"])
def checker(request):
    return rest_check if request.param == "fake-checker" else real_check


@pytest.fixture
def page(qtbot, demo, checker):
    state = AppState(demo)
    widget = RotaPage(state, None, solve_fn=FakeSolver(), check_fn=checker)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.panel.set_start(date(2026, 12, 7))
    widget.panel.days_spin.setValue(7)
    widget.show()
    yield widget
    widget.shutdown()


def solve(qtbot, page):
    with qtbot.waitSignal(page.solved, timeout=10_000) as blocker:
        qtbot.mouseClick(page.panel.solve_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def bar_centre(page, shift):
    view = page.view
    rect = view.shift_rect(shift, view.row_of(shift.agent_id))
    return rect.center().toPoint()


def drag(qtbot, page, shift, dx):
    viewport = page.view.viewport()
    start = bar_centre(page, shift)
    with qtbot.waitSignal(page.edit_checked, timeout=5_000) as blocker:
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(viewport, start + QPoint(dx // 2, 0))
        qtbot.mouseMove(viewport, start + QPoint(dx, 0))
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(dx, 0))
    return blocker.args[0]


def px_for(page, hours):
    view = page.view
    return round(hours * 3600 / view._seconds_per_px())


def test_solve_button_fills_the_calendar_and_the_summary(qtbot, page):
    result = solve(qtbot, page)
    assert result.status is PlanStatus.FEASIBLE
    assert page.state.plan is result.plan
    assert page.view.layout_data.shifts_by_agent["kadri-tamm"]
    # The headline counts the gaps the plan really leaves (the fake solver's plan records only
    # one; its coverage misses more), with their reasons.
    review = page.current_review()
    assert review is not None
    assert review.plan is result.plan
    assert f"{len(review.gaps)} gaps (" in page.panel.summary_label.text()
    assert len(review.gaps) > len(result.plan.gaps)
    assert page.state.can_undo  # a solve is one undoable step


def test_dragging_a_shift_into_a_rest_violation_flags_it_and_undo_restores(qtbot, page):
    solve(qtbot, page)
    shifts = page.state.plan.shifts_of("kadri-tamm")
    tuesday = shifts[1]
    before = page.state.plan
    # Tuesday 09:00 -> Monday 21:00: only 4 h after Monday's shift ends.
    result = drag(qtbot, page, tuesday, -px_for(page, 12))
    moved = next(s for s in result.plan.shifts if s.id == tuesday.id)
    assert moved.start == tuesday.start - timedelta(hours=12)
    assert moved.origin is ShiftOrigin.MANUAL
    assert any(v.rule == "min_rest" for v in result.edited_violations)
    assert tuesday.id in page.view.violations
    assert page.message_bar.isVisible()
    assert "rest" in page.message_label.text().lower()

    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert page.state.plan == before
    assert tuesday.id not in page.view.violations
    assert not page.message_bar.isVisible()
    page.state.redo()
    assert tuesday.id in page.view.violations


def test_keeping_a_violation_records_an_override_note(qtbot, page):
    solve(qtbot, page)
    tuesday = page.state.plan.shifts_of("kadri-tamm")[1]
    drag(qtbot, page, tuesday, -px_for(page, 12))
    qtbot.mouseClick(page.keep_button, Qt.MouseButton.LeftButton)
    kept = next(s for s in page.state.plan.shifts if s.id == tuesday.id)
    assert kept.note.startswith("override: ")
    assert "rest" in kept.note.lower()
    assert not page.message_bar.isVisible()


def test_dragging_an_edge_resizes_and_delete_key_removes(qtbot, page):
    solve(qtbot, page)
    shift = page.state.plan.shifts_of("anna-kask")[0]
    view = page.view
    rect = view.shift_rect(shift, view.row_of(shift.agent_id))
    edge = QPoint(round(rect.right()) - 2, round(rect.center().y()))
    with qtbot.waitSignal(page.edit_checked, timeout=5_000) as blocker:
        qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=edge)
        qtbot.mouseMove(view.viewport(), edge + QPoint(px_for(page, 1), 0))
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton,
                           pos=edge + QPoint(px_for(page, 1), 0))
    resized = next(s for s in blocker.args[0].plan.shifts if s.id == shift.id)
    assert resized.start == shift.start
    assert resized.end == shift.end + timedelta(hours=1)

    with qtbot.waitSignal(page.edit_checked, timeout=5_000):
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert shift.id not in {s.id for s in page.state.plan.shifts}
    page.state.undo()
    assert shift.id in {s.id for s in page.state.plan.shifts}


def test_locked_shift_cannot_be_dragged(qtbot, page):
    solve(qtbot, page)
    shift = page.state.plan.shifts_of("anna-kask")[0]
    page.edits.set_locked(shift.id, True)
    locked = next(s for s in page.state.plan.shifts if s.id == shift.id)
    assert locked.locked
    plan = page.state.plan
    start = bar_centre(page, locked)
    viewport = page.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(80, 0))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(80, 0))
    assert page.state.plan is plan


def test_clicking_a_gap_lists_candidates_and_one_click_assigns(qtbot, demo, qtmodeltester):
    from models.domain import Shift

    asked = []

    class Candidate:
        def __init__(self, shift):
            self.agent_id, self.shift, self.violations = shift.agent_id, shift, ()
            self.cost, self.reason = 1.0, "available, 30 h this week"

    def advice(scenario, plan, requirement_id, start, end):
        asked.append((requirement_id, start, end))
        return [Candidate(Shift("proposal-1", "igor-petrov", start, start + timedelta(hours=8)))]

    state = AppState(demo)
    page = RotaPage(state, None, solve_fn=FakeSolver(), check_fn=rest_check, advice_fn=advice)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.panel.set_start(date(2026, 12, 7))
    page.panel.days_spin.setValue(7)
    page.show()
    solve(qtbot, page)
    view = page.view
    cell = next(c for c in view.layout_data.strip if c.missing)
    x = round((view._x(cell.start) + view._x(cell.end)) / 2)
    pos = QPoint(x, TOP - 12)
    assert "missing" in view.tooltip_at(pos)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert asked
    assert asked[0][1] == cell.start
    from coverage_app.pages.rota.advice import CandidatesDialog

    dialog = page.findChild(CandidatesDialog)
    assert dialog.model.rowCount() == 1
    assert dialog.model.data(dialog.model.index(0, 0)) == "Igor P."
    qtmodeltester.check(dialog.model)
    with qtbot.waitSignal(page.edit_checked, timeout=5_000):
        qtbot.mouseClick(dialog.buttons[0], Qt.MouseButton.LeftButton)
    added = [s for s in state.plan.shifts if s.agent_id == "igor-petrov"
             and s.origin is ShiftOrigin.MANUAL]
    assert added
    assert added[0].start == cell.start
    page.shutdown()


def test_display_zone_changes_the_day_labels(qtbot, page):
    solve(qtbot, page)
    page.state.set_display_zone("America/New_York")
    layout = page.view.layout_data
    assert layout.zone_name == "America/New_York"
    assert layout.day_labels[0].start.hour == 5  # New York midnight is 05:00 UTC in December
    assert "America/New_York" in page.range_label.text()


def test_week_and_month_views(qtbot, page):
    solve(qtbot, page)
    qtbot.mouseClick(page.month_button, Qt.MouseButton.LeftButton)
    assert len(page.view.layout_data.day_labels) == page.state.plan.period.days
    qtbot.mouseClick(page.week_button, Qt.MouseButton.LeftButton)
    assert len(page.view.layout_data.day_labels) == 7


def test_hover_shows_the_agents_local_times(qtbot, page):
    solve(qtbot, page)
    shift = page.state.plan.shifts_of("priya-sharma")[0]
    text = page.view.tooltip_at(bar_centre(page, shift))
    assert "09:00" in text
    assert "Asia/Kolkata" in text


def test_double_click_on_an_empty_spot_adds_a_manual_shift(qtbot, page):
    solve(qtbot, page)
    view = page.view
    row = view.row_of("anna-kask")
    day = view.layout_data.day_labels[2]  # Wednesday
    x = round(view._x(day.start + (day.end - day.start) / 8))  # 03:00, nobody works then
    y = view._row_y(row) + view.row_h // 2
    with qtbot.waitSignal(page.edit_checked, timeout=5_000) as blocker:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    added = next(s for s in blocker.args[0].plan.shifts if s.id == blocker.args[0].shift_id)
    assert added.agent_id == "anna-kask"
    assert added.origin is ShiftOrigin.MANUAL
    assert added.start.minute in (0, 30)  # snapped to the planning grid


def test_undo_and_redo_reuse_earlier_checks(qtbot, demo):
    calls = []

    def counting_check(scenario, plan, agent_ids=None):
        calls.append(agent_ids)
        found = rest_check(scenario, plan)
        return [v for v in found if agent_ids is None or v.agent_id in agent_ids]

    state = AppState(demo)
    page = RotaPage(state, None, solve_fn=FakeSolver(), check_fn=counting_check)
    qtbot.addWidget(page)
    page.panel.set_start(date(2026, 12, 7))
    page.panel.days_spin.setValue(7)
    solve(qtbot, page)
    shift = state.plan.shifts_of("kadri-tamm")[1]
    page.move_shift(shift.id, shift.start - timedelta(hours=12))
    assert calls[-1] == ["kadri-tamm"]  # an edit re-checks only the agent it touched
    before = len(calls)
    state.undo()
    state.redo()
    assert len(calls) == before
    assert shift.id in page.view.violations
    page.shutdown()


def test_what_the_solve_says_besides_its_plan_is_shown_under_the_summary(qtbot, demo):
    from dataclasses import replace

    class SayingSolver(FakeSolver):
        def __call__(self, scenario, params, **kwargs):
            result = super().__call__(scenario, params, **kwargs)
            return replace(result, messages=(
                "kept a locked shift that breaks a rule: Kadri Tamm: only 8 h rest <between>",))

    state = AppState(demo)
    widget = RotaPage(state, None, solve_fn=SayingSolver(), check_fn=rest_check)
    qtbot.addWidget(widget)
    widget.panel.set_start(date(2026, 12, 7))
    widget.panel.days_spin.setValue(7)
    widget.show()
    try:
        result = solve(qtbot, widget)
        qtbot.waitUntil(lambda: widget.current_review() is not None
                        and widget.current_review().plan is result.plan, timeout=10_000)
        qtbot.waitUntil(lambda: "Kept a locked shift that breaks a rule: Kadri Tamm"
                        in widget.panel.summary_label.text(), timeout=10_000)
        assert "&lt;between&gt;" in widget.panel.summary_label.text()  # text, never markup
        # A hand edit makes another plan: the solve's words no longer describe it.
        shift = result.plan.shifts[0]
        state.apply("remove", plan=replace(result.plan, shifts=tuple(
            s for s in result.plan.shifts if s.id != shift.id)))
        qtbot.waitUntil(lambda: "Kept a locked shift" not in widget.panel.summary_label.text()
                        and widget.current_review() is not None
                        and widget.current_review().plan is state.plan, timeout=10_000)
    finally:
        widget.shutdown()
