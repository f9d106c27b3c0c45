"""Numbers a manager can trust on the Rota page, driven through its real widgets: the headline
follows every edit and undo, a banner says when the team changed after the plan was made (and
re-solves in one click), the CLI and the app print the same percentage, and the first solve says
what is coming."""

from __future__ import annotations

import dataclasses
import re
import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt

from coverage_app.cli import main as cli_main
from coverage_app.pages.rota import RotaPage
from coverage_app.services import editing
from coverage_app.services.plan_review import open_gaps
from coverage_app.services.planning import summarize
from coverage_app.state import AppState
from models.coverage import coverage
from models.domain import Period, PlanStatus
from models.files import write_plan, write_scenario
from solver.types import Progress
from tests.app.rota_fakes import FakeResult, FakeSolver, day_shifts_plan, rest_check

FIRST_DAY = date(2026, 12, 7)


@pytest.fixture
def page(qtbot, demo):
    widget = RotaPage(AppState(demo), None, solve_fn=FakeSolver(), check_fn=rest_check)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.panel.set_start(FIRST_DAY)
    widget.panel.days_spin.setValue(7)
    widget.show()
    yield widget
    widget.shutdown()


def solve(qtbot, page):
    with qtbot.waitSignal(page.reviewed, timeout=10_000):
        qtbot.mouseClick(page.panel.solve_button, Qt.MouseButton.LeftButton)


def headline(page) -> str:
    return page.panel.summary_label.text()


def expected_headline_numbers(scenario, plan) -> tuple[list[str], int]:
    """What the CLI's function says about ``plan``: '<requirement>: <percent>%' per requirement
    and the number of open gaps."""
    rows = coverage(scenario, plan)
    parts = [f"{c.name}: {c.percent_text}%" for c in summarize(scenario, plan, rows).coverage]
    return parts, len(open_gaps(scenario, plan, rows))


def assert_headline_tells(page) -> None:
    parts, gaps = expected_headline_numbers(page.state.scenario, page.state.plan)
    text = re.sub(r"<[^>]+>", "", headline(page))
    for part in parts:
        assert part in text
    assert (f"{gaps} gaps" if gaps != 1 else "1 gap") in text


def click_bar_and_delete(qtbot, page, shift) -> None:
    view = page.view
    rect = view.shift_rect(shift, view.row_of(shift.agent_id))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    with qtbot.waitSignal(page.reviewed, timeout=10_000):
        qtbot.keyClick(view, Qt.Key.Key_Delete)


def test_headline_follows_a_hand_edit_and_its_undo(qtbot, page):
    solve(qtbot, page)
    assert_headline_tells(page)
    solved_text = headline(page)
    # Deleting every shift of one agent on Monday leaves holes the solver never saw.
    plan = page.state.plan
    monday = [s for s in plan.shifts if s.start.date() == FIRST_DAY][:3]
    for shift in monday:
        click_bar_and_delete(qtbot, page, shift)
    assert page.state.plan is not plan
    assert headline(page) != solved_text
    assert "edited by hand" in headline(page).lower()
    assert_headline_tells(page)

    with qtbot.waitSignal(page.reviewed, timeout=10_000):
        page.state.undo()
    assert_headline_tells(page)
    for _ in monday[1:]:
        page.state.undo()
    assert page.state.plan is plan
    assert headline(page) == solved_text


def test_headline_counts_a_gap_a_deletion_opens(qtbot, page):
    solve(qtbot, page)
    before = page.current_review()
    plan = page.state.plan
    rows = coverage(page.state.scenario, plan)
    covering = max(plan.shifts, key=lambda s: sum(  # the shift that fills most demanded slots
        1 for r in rows if s.start <= r.start < s.end and r.scheduled <= r.required))
    click_bar_and_delete(qtbot, page, covering)
    review = page.current_review()
    assert review.plan is page.state.plan
    short_before = sum(c.short_minutes for c in before.coverage)
    assert sum(c.short_minutes for c in review.coverage) > short_before
    assert review.gaps != before.gaps
    assert any(g.start < covering.end and covering.start < g.end for g in review.gaps)
    shown = page.view.layout_data.gaps_at(covering.start, covering.end)
    assert any(g not in before.gaps for g in shown)  # the strip's tooltip gives its reason
    assert f"{len(review.gaps)} gaps" in headline(page)
    assert all(g.reason and g.message for g in review.gaps)


def test_out_of_date_banner_after_a_team_edit_and_one_click_re_solves(qtbot, page):
    solve(qtbot, page)
    assert not page.stale_bar.isVisible()
    solver = page.solving.solve_fn
    scenario = page.state.scenario
    agent = scenario.active_agents()[0]
    page.state.apply("deactivate agent",
                     scenario=editing.set_agent_active(scenario, agent.id, False))
    assert page.stale_bar.isVisible()
    assert "out of date" in page.stale_label.text()

    page.state.undo()  # the team as the plan knew it: current again
    assert not page.stale_bar.isVisible()
    page.state.redo()
    assert page.stale_bar.isVisible()

    calls = len(solver.calls)
    with qtbot.waitSignal(page.solved, timeout=10_000):
        qtbot.mouseClick(page.resolve_button, Qt.MouseButton.LeftButton)
    assert len(solver.calls) == calls + 1
    assert not page.stale_bar.isVisible()
    assert not page.state.plan.shifts_of(agent.id)  # solved for the team as it is now


def test_target_change_marks_the_plan_out_of_date_and_a_hand_edit_does_not_hide_it(qtbot, page):
    solve(qtbot, page)
    scenario = page.state.scenario
    target = scenario.target
    requirement = dataclasses.replace(target.requirements[0],
                                      headcount=target.requirements[0].headcount + 1)
    page.state.apply("raise headcount", scenario=editing.upsert_requirement(
        scenario, target.id, requirement))
    assert page.stale_bar.isVisible()
    click_bar_and_delete(qtbot, page, page.state.plan.shifts[0])
    assert page.stale_bar.isVisible()  # an edited old plan is still an old plan


def test_cli_and_app_report_the_same_percentages_for_the_same_plan(qtbot, demo, tmp_path,
                                                                   capsys, monkeypatch):
    period = Period(FIRST_DAY, 7)
    plan = day_shifts_plan(demo, type("P", (), {"period": period})())
    write_scenario(demo, tmp_path / "team.json")
    write_plan(plan, tmp_path / "plan.json")
    monkeypatch.setenv("COLUMNS", "200")
    cli_main(["check", str(tmp_path / "team.json"), str(tmp_path / "plan.json")])
    out = capsys.readouterr().out
    cli = {}
    for requirement in demo.target.requirements:
        line = next((ln for ln in out.splitlines() if ln.strip().startswith(
            ("│ " + requirement.name + " ", requirement.name + " "))), None)
        if line is not None:
            cells = [c.strip() for c in line.strip().strip("│").split("│")]
            cli[requirement.name] = cells[4]  # name, asked, met, missing, %
    assert cli, out
    assert any(p != "100.0" for p in cli.values())  # a plan with holes, or the test proves little

    state = AppState(demo, plan)
    page = RotaPage(state, None, solve_fn=FakeSolver(), check_fn=rest_check)
    qtbot.addWidget(page)
    if page.current_review() is None:
        with qtbot.waitSignal(page.reviewed, timeout=10_000):
            pass
    text = re.sub(r"<[^>]+>", "", headline(page))
    for name, percent in cli.items():
        assert f"{name}: {percent}%" in text
    page.shutdown()


def test_first_solve_says_the_plan_is_coming(qtbot, demo):
    solver = FakeSolver(block=True)
    page = RotaPage(AppState(demo), None, solve_fn=solver, check_fn=rest_check)
    qtbot.addWidget(page)
    page.show()
    assert "No plan yet" in page.view.empty_text
    messages = []
    page.status_message.connect(messages.append)
    qtbot.mouseClick(page.panel.solve_button, Qt.MouseButton.LeftButton)
    assert page.view.empty_text == "Solving… the first plan appears here"
    assert messages[-1] == "Solving…"
    assert page.panel.solve_button.text() == "Restart solve"
    with qtbot.waitSignal(page.solved, timeout=10_000):
        solver.release.set()
    assert page.panel.solve_button.text() == "Solve"
    assert "No plan yet" in page.view.empty_text
    page.shutdown()


def test_first_solve_shows_the_first_plan_while_the_search_goes_on(qtbot, demo):
    """The solver's first complete plan (sent with its progress) is on screen before the
    search ends; the finished plan replaces it."""
    release = threading.Event()
    first = {}

    def solve_slowly(scenario, params, *, on_progress=None, cancel=None):
        plan = day_shifts_plan(scenario, params)
        first["plan"] = dataclasses.replace(plan, shifts=plan.shifts[::2], gaps=())
        on_progress(Progress(0.5, 100.0, None, 1, 600, "coverage", first_plan=first["plan"]))
        release.wait(10)
        return FakeResult(PlanStatus.FEASIBLE, plan)

    page = RotaPage(AppState(demo), None, solve_fn=solve_slowly, check_fn=rest_check)
    qtbot.addWidget(page)
    page.panel.set_start(FIRST_DAY)
    page.panel.days_spin.setValue(7)
    page.show()
    with qtbot.waitSignal(page.reviewed, timeout=10_000):
        qtbot.mouseClick(page.panel.solve_button, Qt.MouseButton.LeftButton)
    assert page.state.plan is first["plan"]
    assert page.panel.solve_button.text() == "Restart solve"  # still searching
    assert "still improving" in headline(page)
    assert page.view.layout_data.shifts_by_agent
    with qtbot.waitSignal(page.solved, timeout=10_000):
        release.set()
    assert page.state.plan is not first["plan"]
    assert len(page.state.plan.shifts) > len(first["plan"].shifts)
    assert "still improving" not in headline(page)
    page.shutdown()
