"""Forms a newcomer fills in while setting up: time off, the coverage target grid, and the
words shown after a solve."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from coverage_app.pages.availability import AvailabilityPage
from coverage_app.pages.coverage_target import CoverageTargetPage
from coverage_app.services import editing
from coverage_app.services.plan_review import review_plan
from coverage_app.state import AppState
from coverage_app.widgets.solve_panel import SolvePanel
from coverage_app.widgets.solve_summary import details_html, status_sentence, summary_html
from models.domain import Gap, GapReason, Plan, PlanStatistics, PlanStatus, Scenario, TimeOffKind


def _availability(qtbot, demo: Scenario) -> tuple[AvailabilityPage, AppState]:
    state = AppState(demo)
    page = AvailabilityPage(state)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    page.select_agent("priya-sharma")
    return page, state


def test_to_follows_from_and_keeps_the_chosen_length(qtbot, demo: Scenario) -> None:
    page, _state = _availability(qtbot, demo)
    page.first_day.setDate(QDate(2026, 12, 14))
    assert page.last_day.date() == QDate(2026, 12, 14)
    page.last_day.setDate(QDate(2026, 12, 18))  # a five-day week off
    page.first_day.setDate(QDate(2026, 12, 21))
    assert page.last_day.date() == QDate(2026, 12, 25)


def test_the_time_off_form_starts_blank_after_add(qtbot, demo: Scenario) -> None:
    page, state = _availability(qtbot, demo)
    page.kind.setCurrentIndex(page.kind.findData(TimeOffKind.VACATION))
    page.first_day.setDate(QDate(2026, 12, 14))
    page.last_day.setDate(QDate(2026, 12, 16))
    qtbot.keyClicks(page.note, "family visit")
    with qtbot.waitSignal(state.changed):
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    [entry] = state.scenario.time_off_of("priya-sharma")
    assert (entry.first_day, entry.last_day, entry.note) == (
        date(2026, 12, 14), date(2026, 12, 16), "family visit")
    assert page.note.text() == ""
    page.first_day.setDate(QDate(2026, 12, 28))
    assert page.last_day.date() == QDate(2026, 12, 28)
    with qtbot.waitSignal(state.changed):
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    second = state.scenario.time_off_of("priya-sharma")[1]
    assert (second.first_day, second.last_day, second.note) == (
        date(2026, 12, 28), date(2026, 12, 28), "")


def test_raising_one_hour_keeps_always_open_whole(qtbot, demo: Scenario) -> None:
    state = AppState(demo)
    page = CoverageTargetPage(state)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    page.req_view.selectRow(0)
    requirement = page.requirement()
    assert requirement is not None
    assert requirement.name == "Always open"
    with qtbot.waitSignal(state.changed):
        assert page.grid_model.setData(page.grid_model.index(10, 0), 3)  # Monday 10:00
    target = state.scenario.target
    family = editing.family_of(target, requirement.id)
    assert target.requirement(requirement.id) == requirement  # whole, untouched
    assert len(family) == 2
    extra = next(r for r in family if r.id != requirement.id)
    assert (extra.headcount, extra.window.weekdays, extra.window.label()) == (
        1, frozenset({0}), "10:00–11:00")
    grid = editing.headcount_grid(family)
    assert grid[0][10] == 3
    assert grid[0][9] == 2
    assert grid[6][10] == 2


def test_a_requirement_stored_in_several_rows_is_one_line_of_the_summary(
        demo: Scenario) -> None:
    target = demo.target
    grid = [list(row) for row in editing.headcount_grid(editing.family_of(target, "247-open"))]
    grid[0][10] = 1  # lowering one hour splits the rows
    scenario = editing.set_family_grid(demo, target.id, "247-open", grid)
    assert len(editing.family_of(scenario.target, "247-open")) > 2
    plan = Plan(demo_period(), ())
    review = review_plan(scenario, plan)
    names = [rc.name for rc in review.coverage]
    assert names.count("Always open") == 1
    assert summary_html(review).count("Always open") == 1


def demo_period():
    from models.domain import Period

    return Period(date(2026, 12, 7), 7)


def _plan(status: PlanStatus, gaps: int, proven: bool) -> Plan:
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 12, 7, tzinfo=UTC)
    rows = tuple(Gap("247-open", start + timedelta(hours=i), start + timedelta(hours=i, minutes=30),
                     1, GapReason.NOT_AVAILABLE, "") for i in range(gaps))
    stats = PlanStatistics(status=status, shortfall_proven_minimal=proven, seed=7, workers=2,
                           wall_seconds=12.5, objective=1200, best_bound=900)
    return Plan(demo_period(), (), rows, stats)


def test_the_solve_result_is_said_in_plain_words_and_claims_no_proof_it_lacks() -> None:
    assert status_sentence(_plan(PlanStatus.FEASIBLE, 12, False)) == (
        "Good plan, 12 gaps; may improve with more time")
    proven = status_sentence(_plan(PlanStatus.FEASIBLE, 12, True))
    assert "proven" in proven
    assert "may improve with more time" not in proven.split(";")[0]
    assert status_sentence(_plan(PlanStatus.OPTIMAL, 0, True)).startswith("Best plan")
    unproven = details_html(_plan(PlanStatus.FEASIBLE, 3, False))
    assert "not proven" in unproven
    assert "Seed: 7" in unproven
    assert "Workers: 2" in unproven
    assert "proven: no plan" in details_html(_plan(PlanStatus.OPTIMAL, 3, True))


def test_details_sit_behind_a_button(qtbot) -> None:
    panel = SolvePanel()
    qtbot.addWidget(panel)
    panel.show()
    plan = _plan(PlanStatus.FEASIBLE, 12, False)
    panel.show_summary("<b>" + status_sentence(plan) + "</b>", details_html(plan))
    assert "Good plan, 12 gaps; may improve with more time" in panel.summary_label.text()
    assert panel.details_button.isVisible()
    assert not panel.details_label.isVisible()
    qtbot.mouseClick(panel.details_button, Qt.MouseButton.LeftButton)
    assert panel.details_label.isVisible()
    assert "Seed: 7" in panel.details_label.text()
