"""Times the app shows say which zone they are in; the machine's own events use its clock."""

from __future__ import annotations

import dataclasses
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from coverage_app.main import build_window
from coverage_app.pages.rota import RotaPage
from coverage_app.state import AppState
from models.domain import Scenario
from solver.check import check
from tests.app.rota_fakes import FakeSolver


@pytest.fixture
def page(qtbot, demo: Scenario):
    state = AppState(demo)
    widget = RotaPage(state, None, solve_fn=FakeSolver(), check_fn=check)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.panel.set_start(date(2026, 12, 7))
    widget.panel.days_spin.setValue(7)
    widget.show()
    yield widget
    widget.shutdown()


def test_a_rule_break_banner_names_the_zone_of_its_times(qtbot, page: RotaPage) -> None:
    with qtbot.waitSignal(page.solved, timeout=10_000):
        page.panel.solve_button.click()
    agent = page.state.scenario.agent("sita-gurung")  # Asia/Kathmandu, +05:45
    first, second = page.state.plan.shifts_of(agent.id)[:2]
    with qtbot.waitSignal(page.edit_checked, timeout=5_000):
        page.move_shift(second.id, first.end + timedelta(hours=3))
    assert page.message_bar.isVisible()
    text = page.message_label.text()
    assert "Asia/Kathmandu" in text, text


def test_gap_messages_name_the_reference_zone(demo: Scenario) -> None:
    from models.domain import Period
    from solver import CancelToken, SolveParams, solve

    params = SolveParams(Period(date(2026, 12, 7), 2), time_limit_s=5, workers=1, seed=0)
    kept = {a.id for a in demo.agents[:2]}
    lonely = dataclasses.replace(demo, agents=demo.agents[:2],
                                 time_off=tuple(t for t in demo.time_off if t.agent_id in kept))
    plan = solve(lonely, params, cancel=CancelToken()).plan
    assert plan.gaps
    assert all(demo.team.reference_zone in gap.message for gap in plan.gaps)


@pytest.fixture
def machine_in_tallinn(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Europe/Tallinn")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_saved_uses_the_machine_clock_whatever_zone_the_rota_shows(
        qtbot, tmp_path: Path, machine_in_tallinn: None) -> None:
    QCoreApplication.setOrganizationName("Coverage Scheduler tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    window, _solve_now = build_window(str(tmp_path / "team.sqlite"))
    qtbot.addWidget(window)
    window.zone_combo.setCurrentIndex(window.zone_combo.findData("Asia/Kathmandu"))
    assert window.state.display_zone == "Asia/Kathmandu"
    agent = window.state.scenario.agents[0]
    with qtbot.waitSignal(window.autosaver.saved, timeout=15_000):
        window.team_page.form.name.setText(agent.name + " A")
        window.team_page.save()
    saved = window.status_saved.text()
    assert saved.startswith("Saved ")
    assert saved.endswith(("EET", "EEST")), saved  # Tallinn's, not Kathmandu's +0545
    window.close()
    window.store.close()
