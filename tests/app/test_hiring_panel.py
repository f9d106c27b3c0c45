"""The hiring-advice panel of the coverage-target page: editing possible hires with messages
beside the fields, the menu kept in a real SQLite file across a close and reopen, advice for a
desk that lacks one night agent (that agent first), a menu that helps with nothing, cancel,
and menu files (a bad one reported in a dialog, nothing changed)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QSettings, Qt

from coverage_app.main import build_window
from coverage_app.pages.coverage_target import CoverageTargetPage
from coverage_app.pages.hiring_panel import HiringPanel
from coverage_app.services.hiring import menu_to_json
from coverage_app.services.store import ScenarioStore
from coverage_app.state import AppState
from tests.hiring_team import LONDON_DAYS, MANILA_NIGHTS, PERIOD, night_short_team

solver = pytest.importorskip("solver.engine")


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    QCoreApplication.setOrganizationName("Coverage Scheduler tests")
    QCoreApplication.setApplicationName("coverage-scheduler-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


def in_thread_solve(scenario, params, *, on_progress=None, cancel=None):
    """The real engine, in the panel's worker thread (no child process in tests)."""
    return solver.solve(scenario, params, on_progress=on_progress, cancel=cancel)


def panel_for(qtbot, menu=(), solve_fn=in_thread_solve) -> HiringPanel:
    state = AppState(night_short_team(), hiring_menu=menu)
    panel = HiringPanel(state, lambda: state.scenario.active_target_id, solve_fn)
    # Its worker thread ends before the panel goes (as the main window's close does).
    qtbot.addWidget(panel, before_close_func=lambda w: w.shutdown())
    first = PERIOD.first_day
    panel.start.setDate(QDate(first.year, first.month, first.day))
    panel.days.setValue(PERIOD.days)
    return panel


def advise(qtbot, panel: HiringPanel):
    with qtbot.waitSignal(panel.advised, timeout=60_000) as blocker:
        qtbot.mouseClick(panel.advise_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_editing_a_possible_hire_updates_the_menu_and_bad_fields_are_named(qtbot):
    panel = panel_for(qtbot)
    entry = panel.add_entry()
    assert panel.state.hiring_menu == (entry,)
    form = panel.form
    form.name.setText("Manila phone")
    form.name.editingFinished.emit()
    form.zone.set_zone("Asia/Manila")
    form.max_count.setValue(3)
    form.monthly_cost.setText("2 600")
    form.monthly_cost.editingFinished.emit()
    [edited] = panel.state.hiring_menu
    assert (edited.agent.name, edited.agent.time_zone) == ("Manila phone", "Asia/Manila")
    assert (edited.max_count, edited.monthly_cost) == (3, 2600.0)
    assert panel.state.can_undo

    form.monthly_cost.setText("lots")
    form.monthly_cost.editingFinished.emit()
    assert "is not an amount" in form.errors.label("monthly_cost").text()
    form.skills.chip("phone").click()  # the only skill off: a hire needs one
    assert "at least one skill" in form.errors.label("skills").text()
    assert panel.state.hiring_menu == (edited,)  # nothing half-applied

    panel.state.apply("bad contract", hiring_menu=(dataclasses.replace(
        edited, agent=dataclasses.replace(edited.agent, contract_id="gone")),))
    assert not panel.start_advice()
    assert "'Manila phone' (hire-1)" in panel.status.text()
    assert "contract_id" in panel.status.text()


def test_the_menu_is_kept_in_the_database_across_close_and_reopen(qtbot, tmp_path):
    db = tmp_path / "team.sqlite"
    first, _ = build_window(str(db))
    qtbot.addWidget(first)
    hiring = first.target_page.hiring
    with qtbot.waitSignal(first.autosaver.saved, timeout=15_000):
        added = hiring.add_entry()
    with qtbot.waitSignal(first.autosaver.saved, timeout=15_000):
        hiring.form.max_count.setValue(4)
    first.close()
    first.store.close()

    second, _ = build_window(str(db))
    qtbot.addWidget(second)
    hiring = second.target_page.hiring
    assert [e.id for e in second.state.hiring_menu] == [added.id]
    assert hiring.entries.count() == 1
    assert hiring.form.max_count.value() == 4
    failures: list[str] = []
    second.autosaver.save_failed.connect(failures.append)
    second.autosaver.conflicted.connect(failures.append)
    with qtbot.waitSignal(second.autosaver.saved, timeout=15_000):
        hiring.form.max_count.setValue(2)
    assert failures == []
    second.close()
    second.store.close()
    with ScenarioStore.open(db) as store:
        [stored] = store.load_hiring_menu()
    assert (stored.id, stored.max_count) == (added.id, 2)


@pytest.mark.slow
def test_the_missing_night_agent_is_ranked_first_with_the_nights_it_closes(qtbot):
    panel = panel_for(qtbot, (LONDON_DAYS, MANILA_NIGHTS))
    advice = advise(qtbot, panel)
    assert advice.options[0].entry.id == "manila-phone"
    assert advice.options[0].count == 1
    text = panel.result.toPlainText()
    assert "The team alone" in text
    assert "16.0 person-hours missing" in text
    assert "1 agent in Asia/Manila with Phone, Contract: closes 16 of 16 missing hours" in text
    assert "target met" in text
    assert "Night Mon 02 Mar 22:00–Tue 06:00: 1 person, 8.0 h" in text
    assert "London" not in text
    assert panel.advise_button.isEnabled()


@pytest.mark.slow
def test_a_menu_that_helps_with_nothing_says_so(qtbot):
    panel = panel_for(qtbot, (LONDON_DAYS,))
    advice = advise(qtbot, panel)
    assert advice.options == ()
    text = panel.result.toPlainText()
    assert "No hire on the menu closes any missing hour" in text
    assert "target met" not in text


def test_cancel_stops_the_advice_and_says_so(qtbot):
    def waits_for_cancel(scenario, params, *, on_progress=None, cancel=None):
        cancel.wait(60)  # a solve that runs until the manager cancels
        return solver.solve(scenario, params, cancel=cancel)

    panel = panel_for(qtbot, (MANILA_NIGHTS,), waits_for_cancel)
    with qtbot.waitSignal(panel.runner.progressed, timeout=10_000):
        qtbot.mouseClick(panel.advise_button, Qt.MouseButton.LeftButton)
    assert not panel.advise_button.isEnabled()
    assert "Solve 1 of at most 3" in panel.status.text()
    with qtbot.waitSignal(panel.advised, timeout=30_000) as blocker:
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].cancelled
    assert panel.status.text() == "Stopped: what was found so far."
    assert "Stopped before every kind" in panel.result.toPlainText()
    assert panel.advise_button.isEnabled()
    assert not panel.cancel_button.isEnabled()


def test_menu_files_save_load_and_a_bad_one_is_reported(qtbot, tmp_path):
    panel = panel_for(qtbot, (MANILA_NIGHTS, LONDON_DAYS))
    path = tmp_path / "hires.json"
    assert panel.save_menu_to(path)
    panel.state.apply("clear", hiring_menu=())
    assert panel.load_menu_from(path)
    assert panel.state.hiring_menu == (MANILA_NIGHTS, LONDON_DAYS)
    assert panel.entries.count() == 2

    data = menu_to_json((MANILA_NIGHTS, LONDON_DAYS))
    data["hires"][1]["agent"]["time_zone"] = "Europe/Londn"  # type: ignore[index]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    panel.state.apply("one", hiring_menu=(MANILA_NIGHTS,))
    assert not panel.load_menu_from(bad)
    box = panel.problem_box
    assert box is not None
    assert box.isVisible()
    assert "bad.json" in box.windowTitle()
    assert "hires[1].agent.time_zone" in box.text()
    assert "Europe/London" in box.text()  # the suggestion
    box.close()
    assert panel.state.hiring_menu == (MANILA_NIGHTS,)  # unchanged


def test_the_target_page_has_the_panel_and_advises_for_the_target_shown(qtbot, demo):
    state = AppState(demo)
    page = CoverageTargetPage(state)
    qtbot.addWidget(page, before_close_func=lambda w: w.hiring.shutdown())
    assert page.tabs.tabText(1) == "Hiring advice"
    other = next(t for t in demo.targets if t.id != demo.active_target_id)
    page.target_combo.setCurrentIndex(page.target_combo.findData(other.id))
    assert page.hiring.target_id() == other.id


def test_the_period_is_the_rota_plan_until_the_manager_picks_one(qtbot):
    from tests.models.storage_helpers import make_plan

    plan = make_plan()
    state = AppState(night_short_team(), plan)
    panel = HiringPanel(state, lambda: state.scenario.active_target_id, in_thread_solve)
    qtbot.addWidget(panel, before_close_func=lambda w: w.shutdown())
    assert panel.period() == plan.period
    panel.days.setValue(3)  # the manager's choice stays when the plan changes
    state.apply("clear plan", clear_plan=True)
    assert panel.period() == dataclasses.replace(plan.period, days=3)
