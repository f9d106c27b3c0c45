"""The rota page's "Plan by rule" panel: after a real solve it shows the solver's objective by
rule, coverage, preferences met and, always visible, the agents under their weekly minimum;
after a hand edit it explains the edited plan."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from PySide6.QtCore import Qt

from coverage_app.pages.rota import RotaPage
from coverage_app.state import AppState
from models.domain import Availability, AvailabilityWindow
from tests.solver.factory import agent, contract, requirement, scenario, window

pytest.importorskip("solver.engine")
MONDAY_ONLY = frozenset({0})


@pytest.fixture
def team():  # type: ignore[no-untyped-def]
    # Cleo can work only Monday mornings: 4 h against a 32 h weekly minimum.
    cleo = dataclasses.replace(agent("cleo"), availability=Availability(
        (AvailabilityWindow(window(8, 12, MONDAY_ONLY)),)))
    return scenario([agent("ann", preferred=(8, 16)), cleo],
                    [requirement(hours=(8, 16), days=MONDAY_ONLY)],
                    the_contract=contract(min_hours_per_week=32.0))


@pytest.mark.slow
def test_the_panel_explains_a_solved_plan_and_warns_about_minimum_hours(qtbot, team) -> None:
    state = AppState(team)
    page = RotaPage(state, None)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.panel.set_start(date(2026, 3, 2))
    page.panel.days_spin.setValue(7)
    page.panel.limit_spin.setValue(3)
    # The solver's first plan is shown (and explained) while it searches on: wait for the
    # explanation of the solved plan, with the solver's figures.
    headlines: list[str] = []
    page.reviewed.connect(lambda _review: headlines.append(page.explained.headline.text()))
    with qtbot.waitSignal(page.plan_explained, timeout=60_000,
                          check_params_cb=lambda shown: shown.solved) as explained:
        qtbot.mouseClick(page.panel.solve_button, Qt.MouseButton.LeftButton)
    # While a plan is on screen and not yet explained, the panel never says there is none.
    assert headlines
    assert not any(h == "No plan yet" for h in headlines), headlines
    shown = explained.args[0]
    assert shown.plan is state.plan
    assert shown.solved
    headline = page.explained.headline.text()
    assert "1 agent under the weekly minimum (28.0 h missing)" in headline
    assert "coverage 100.0 %" in headline
    assert "preferences met 100 %" in headline
    assert not page.explained.scroll.isVisible()
    qtbot.mouseClick(page.explained.toggle, Qt.MouseButton.LeftButton)
    assert page.explained.scroll.isVisible()
    details = page.explained.details.text()
    for words in ("Coverage by requirement", "Fairness", "Preferences met", "Cost",
                  "The solver&#x27;s objective, rule by rule", "Under weekly minimum hours",
                  "Warnings: under the weekly minimum", "Cleo", "2026-W10", "28.0 h"):
        assert words in details, words

    # A hand edit: the panel explains the edited plan, without the solver's objective.
    cleo_shift = next(s for s in state.plan.shifts if s.agent_id == "cleo")
    with qtbot.waitSignal(page.plan_explained, timeout=30_000) as edited:
        page.delete_shift(cleo_shift.id)
    assert not edited.args[0].solved
    assert "1 agent under the weekly minimum (32.0 h missing)" in page.explained.headline.text()
    assert "objective no longer applies" in page.explained.details.text()
    page.shutdown()
