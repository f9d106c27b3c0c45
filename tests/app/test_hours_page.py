"""The Hours page: per agent per week / month from exports.hours, and the fairness spread."""

from __future__ import annotations

from datetime import date

import pytest

from coverage_app.pages.hours import HoursPage, hours_rows
from coverage_app.qtmodels.hours_model import HoursTableModel
from coverage_app.state import AppState
from models.domain import Period
from solver.types import SolveParams
from tests.app.rota_fakes import day_shifts_plan


@pytest.fixture
def state(demo):
    plan = day_shifts_plan(demo, SolveParams(Period(date(2026, 12, 7), 14)))
    return AppState(demo, plan)


def test_hours_model_passes_the_model_tester(qtmodeltester, state):
    model = HoursTableModel(hours_rows(state.scenario, state.plan, "week"))
    qtmodeltester.check(model)


def test_weekly_rows_show_five_eight_hour_days(qtbot, state):
    page = HoursPage(state)
    qtbot.addWidget(page)
    page.show()
    rows = [r for r in page.model.rows if r.agent == "Kadri T."]
    assert [r.totals.label for r in rows] == ["2026-W50", "2026-W51"]
    assert rows[0].totals.hours == pytest.approx(40.0)
    index = page.model.index(page.model.rows.index(rows[0]), 2)
    assert page.model.data(index) == "40.00"
    assert "spread" in page.fairness_label.text()


def test_month_grouping_and_refresh_after_a_plan_change(qtbot, state):
    page = HoursPage(state)
    qtbot.addWidget(page)
    page.show()
    page.by_combo.setCurrentIndex(page.by_combo.findData("month"))
    assert {r.totals.label for r in page.model.rows} == {"2026-12"}
    state.apply("clear", clear_plan=True)
    assert page.model.rowCount() == 0
    assert "No plan" in page.fairness_label.text()


def test_fairness_model_passes_the_model_tester(qtmodeltester, state):
    from coverage_app.pages.hours import fairness_rows
    from coverage_app.qtmodels.fairness_model import FairnessTableModel

    qtmodeltester.check(FairnessTableModel(fairness_rows(state.scenario, state.plan)))


def test_fair_shares_are_shown_per_agent(qtbot, state):
    """Hours, nights, weekends and holidays against the fair share, one row per agent: an
    agent never available at night has no night share; the shares add up to the team's."""
    page = HoursPage(state)
    qtbot.addWidget(page)
    page.show()
    rows = {r.agent_id: r for r in page.fairness_model.rows()}
    assert set(rows) == {a.id for a in state.scenario.active_agents()}
    kadri = rows["kadri-tamm"]  # weekdays 07:00-19:00 in Tallinn
    assert kadri.night.share == 0
    assert kadri.hours.minutes == 80 * 60
    total = sum(r.hours.minutes for r in rows.values())
    assert sum(r.hours.share for r in rows.values()) == pytest.approx(total)
    row = list(rows).index("kadri-tamm")
    assert page.fairness_model.data(page.fairness_model.index(row, 1)) == (
        f"80.0 / {kadri.hours.share / 60:.1f}")
