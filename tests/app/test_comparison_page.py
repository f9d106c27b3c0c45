"""The Compare targets page: solving off the GUI thread with progress, the table and charts of
the outcome, stop keeping what was solved, and the workbook."""

from __future__ import annotations

import dataclasses
from datetime import date

import openpyxl
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QDate, Qt

from coverage_app.pages.comparison import ComparisonPage
from coverage_app.state import AppState
from models.domain import Scenario
from solver import solve


def small_team(demo: Scenario, size: int = 3) -> Scenario:
    agents = demo.agents[:size]
    kept = {a.id for a in agents}
    return dataclasses.replace(
        demo, agents=agents, time_off=tuple(t for t in demo.time_off if t.agent_id in kept),
        history=tuple(s for s in demo.history if s.agent_id in kept))


@pytest.fixture
def page(qtbot, demo):
    # In-process solves keep the test light; the app solves in a child process.
    state = AppState(small_team(demo))
    widget = ComparisonPage(state, solve_fn=solve)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    widget.start.setDate(QDate(2026, 12, 7))
    widget.days.setValue(1)
    widget.seconds.setValue(2)
    yield widget
    widget.shutdown()


def _untick(page: ComparisonPage, target_id: str) -> None:
    for i in range(page.targets.count()):
        if page.targets.item(i).data(Qt.ItemDataRole.UserRole) == target_id:
            page.targets.item(i).setCheckState(Qt.CheckState.Unchecked)


@pytest.mark.slow
def test_compare_two_targets_shows_table_and_charts(qtbot, page, tmp_path):
    _untick(page, "16h")
    assert page.ticked() == ["12h", "24-7"]
    with qtbot.waitSignal(page.compared, timeout=60_000) as shown:
        page.compare_button.click()
        assert not page.compare_button.isEnabled()
        assert page.cancel_button.isEnabled()
    comparison = shown.args[0]
    assert [o.figures.target_id for o in comparison.outcomes] == ["12h", "24-7"]
    assert comparison.period.first_day == date(2026, 12, 7)
    assert page.table.columnCount() == 2
    assert page.table.horizontalHeaderItem(1).text() == "24/7"
    labels = [page.table.verticalHeaderItem(r).text() for r in range(page.table.rowCount())]
    missing = labels.index("Missing person-hours")
    twelve, full = (float(page.table.item(missing, c).text().replace(",", ""))
                    for c in (0, 1))
    assert full > twelve  # three agents cannot keep a desk open around the clock
    bars = [i for i in page.gaps_chart.getPlotItem().items if isinstance(i, pg.BarGraphItem)]
    assert bars
    hours = [i for i in page.hours_chart.getPlotItem().items if isinstance(i, pg.BarGraphItem)]
    assert len(hours) == 2
    assert page.compare_button.isEnabled()
    assert page.export_button.isEnabled()
    out = tmp_path / "comparison.xlsx"
    page.export_to(out)
    sheet = openpyxl.load_workbook(out)["Comparison"]
    assert [sheet.cell(3, c).value for c in (2, 3)] == ["12 h a day", "24/7"]


@pytest.mark.slow
def test_stop_keeps_what_was_solved_and_skips_the_rest(qtbot, page):
    page.seconds.setValue(120)
    page.days.setValue(3)
    with qtbot.waitSignal(page.runner.progressed, timeout=60_000):
        page.compare_button.click()
    with qtbot.waitSignal(page.compared, timeout=60_000) as shown:
        page.cancel_button.click()
    comparison = shown.args[0]
    assert comparison.cancelled
    assert len(comparison.outcomes) < 3
    assert "Stopped early" in page.status.text()
