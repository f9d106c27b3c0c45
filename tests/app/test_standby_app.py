"""Standby in the app: the rota draws a standby shift as its own (hatched, labelled) bar whose
tooltip says it is standby; the target editor's "Accepts standby" field reaches a real SQLite
file and comes back, and refuses standby on a dedicated duty under the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt

from coverage_app.main import build_window
from coverage_app.services.store import ScenarioStore
from coverage_app.widgets.rota_layout import RotaLayout
from coverage_app.widgets.rota_tooltips import shift_tooltip
from models.domain import DutyKind
from tests.solver.factory import MONDAY
from tests.solver.test_standby import desk, night_by_standby

SECOND_LINE = "247-linux-t2"


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    QCoreApplication.setOrganizationName("Coverage Scheduler tests")
    QCoreApplication.setApplicationName("coverage-scheduler-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


def test_a_standby_bar_is_labelled_and_its_tooltip_says_standby():
    sc, plan = desk(), night_by_standby()
    layout = RotaLayout(sc, plan, "UTC", MONDAY, 1)
    bars = {b.shift.id: b for bars in layout.bars_by_agent.values() for b in bars}
    assert bars["cat-0-sb"].labels[0] == "Standby 00:00–08:00"
    assert not any(label.startswith("Standby") for label in bars["ann-8"].labels)
    standby = next(s for s in plan.shifts if s.id == "cat-0-sb")
    text = shift_tooltip(layout, standby, {})
    assert "Standby for Tier 2" in text
    assert "8 h on standby" in text
    assert "Standby" not in shift_tooltip(layout, plan.shifts[1], {})
    # The strip counts the standby shifts: tier 2 is met round the clock.
    assert not [c for c in layout.strip if c.missing]


def test_the_target_editor_keeps_standby_across_a_restart_and_refuses_it_on_a_dedicated_duty(
        qtbot, tmp_path: Path) -> None:
    db = tmp_path / "team.sqlite"
    window, _solve_now = build_window(str(db))
    qtbot.addWidget(window)
    page = window.target_page
    rows = [r.id for r in page.req_model.rows()]
    page.req_view.selectRow(rows.index(SECOND_LINE))
    assert page.req_standby.value() == 0
    assert page.req_standby.text() == "no (on duty only)"
    with qtbot.waitSignal(window.autosaver.saved, timeout=15_000):
        page.req_standby.setValue(30)
    assert window.state.scenario.target.requirement(SECOND_LINE).standby_reach_minutes == 30
    column = next(c for c in range(page.req_model.columnCount())
                  if page.req_model.headerData(c, Qt.Orientation.Horizontal) == "Standby")
    assert page.req_model.index(rows.index(SECOND_LINE), column).data() == "within 30 min"

    phone = next(r for r in window.state.scenario.target.requirements
                 if r.duty is DutyKind.DEDICATED)
    page.req_view.selectRow(rows.index(phone.id))
    page.req_standby.setValue(30)  # refused: the field says why, nothing is saved
    assert window.state.scenario.target.requirement(phone.id).standby_reach_minutes == 0
    assert "dedicated duty" in page.errors.label("standby_reach_minutes").text()
    window.close()
    window.store.close()
    with ScenarioStore.open(db) as store:
        stored = store.load()
    assert stored.target.requirement(SECOND_LINE).standby_reach_minutes == 30
    assert stored.target.requirement(phone.id).standby_reach_minutes == 0

    again, _ = build_window(str(db))
    qtbot.addWidget(again)
    page = again.target_page
    page.req_view.selectRow([r.id for r in page.req_model.rows()].index(SECOND_LINE))
    assert page.req_standby.value() == 30
    again.close()
    again.store.close()


def test_a_manager_puts_an_agent_on_standby_by_hand(qtbot, demo) -> None:
    """On an empty place of an agent's row, the menu offers standby for each requirement that
    accepts it and the agent meets; choosing it adds a standby shift the checker accepts, which
    counts for that requirement only."""
    import dataclasses
    from datetime import date, timedelta

    from coverage_app.pages.rota import RotaPage
    from coverage_app.state import AppState
    from models.coverage import coverage
    from models.domain import ShiftKind
    from solver.check import check
    from tests.app.rota_fakes import FakeSolver

    target = demo.target
    second = target.requirement(SECOND_LINE)
    requirements = tuple(dataclasses.replace(r, standby_reach_minutes=30) if r.id == second.id
                         else r for r in target.requirements)
    sc = dataclasses.replace(demo, targets=tuple(
        dataclasses.replace(t, requirements=requirements) if t.id == target.id else t
        for t in demo.targets))
    page = RotaPage(AppState(sc), None, solve_fn=FakeSolver(), check_fn=check)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.panel.set_start(date(2026, 12, 7))
    page.panel.days_spin.setValue(7)
    page.show()
    with qtbot.waitSignal(page.solved, timeout=10_000):
        qtbot.mouseClick(page.panel.solve_button, Qt.MouseButton.LeftButton)
    layout = page.view.layout_data
    assert layout is not None
    # The manager cleared one second-line agent's rota first (the fake plan works every day).
    chosen = next(a for a in layout.agents if a.meets(second))
    cleared = dataclasses.replace(page.state.plan, shifts=tuple(
        s for s in page.state.plan.shifts if s.agent_id != chosen.id))
    page.state.apply("clear a rota", plan=cleared)
    layout = page.view.layout_data
    assert layout is not None
    row, at = _free_hours(sc, page.state.plan, layout.agents, second)
    agent = layout.agents[row]
    menu = page.view.add_menu(row, at)
    texts = [a.text() for a in menu.actions()]
    wanted = f"Add standby for {second.name} here (reachable within 30 min)"
    assert wanted in texts
    assert not any(t.startswith("Add standby") and second.name not in t for t in texts)
    before = len(page.state.plan.shifts)
    with qtbot.waitSignal(page.edit_checked, timeout=5_000):
        next(a for a in menu.actions() if a.text() == wanted).trigger()
    plan = page.state.plan
    assert len(plan.shifts) == before + 1
    added = next(s for s in plan.shifts if s.agent_id == agent.id and s.start == at)
    assert added.kind is ShiftKind.STANDBY
    assert added.duty == second.id
    assert not [v for v in check(sc, plan) if added.id in v.shift_ids]
    counted = {row.requirement_id for row in coverage(sc, dataclasses.replace(
        plan, shifts=(added,))) if row.scheduled > 0}
    assert counted == {second.id}
    assert added.end - added.start == timedelta(
        hours=sc.contract_of(agent).max_shift_hours)
    page.shutdown()


def _free_hours(sc, plan, agents, requirement):  # type: ignore[no-untyped-def]
    """An agent who meets ``requirement`` and a whole hour when a longest shift of theirs fits
    their availability, two days clear of their other shifts (so no rule but standby's own
    could object)."""
    from datetime import UTC, datetime, timedelta

    from solver.rules import agent_calendar

    first = datetime(2026, 12, 7, tzinfo=UTC)
    for row, agent in enumerate(agents):
        if not agent.meets(requirement):
            continue
        length = timedelta(hours=sc.contract_of(agent).max_shift_hours)
        calendar = agent_calendar(sc, agent, first - timedelta(days=2),
                                  first + timedelta(days=9))
        mine = [s for s in plan.shifts if s.agent_id == agent.id]
        for hour in range(24, 6 * 24):
            at = first + timedelta(hours=hour)
            if calendar.inside_availability(at, at + length) and not any(
                    s.start < at + length + timedelta(days=2)
                    and at < s.end + timedelta(days=2) for s in mine):
                return row, at
    raise AssertionError("no agent with free hours in the fake plan")
