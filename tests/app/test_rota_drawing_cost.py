"""What the rota and the gap list do per repaint: only what is exposed is drawn, labels are laid
out once, and a new gap list does not ask its model for every cell again and again. Counts,
not times (tests never assert a wall-clock time)."""

from __future__ import annotations

import dataclasses
from datetime import time, timedelta

import pytest
from PySide6.QtCore import QRect, Qt

from coverage_app.pages.rota import gap_list
from coverage_app.qtmodels.gap_model import GapTableModel
from coverage_app.state import AppState
from coverage_app.widgets.rota_layout import RotaLayout
from coverage_app.widgets.rota_style import NAME_W, ROW_H, TOP
from coverage_app.widgets.rota_view import RotaView
from models.domain import Period, Plan, Shift
from models.timerules import to_utc
from tests.app.gap_fixtures import FIRST, gap


class CountingView(RotaView):
    def __init__(self) -> None:
        super().__init__()
        self.bars_painted: list[str] = []

    def _paint_bar(self, painter, bar, rect, metrics) -> None:
        self.bars_painted.append(bar.shift.id)
        super()._paint_bar(painter, bar, rect, metrics)


def week_plan(scenario) -> Plan:
    shifts = []
    for agent in scenario.active_agents():
        for day in Period(FIRST, 7).dates():
            start = to_utc(day, time(9), agent.time_zone)
            shifts.append(Shift(f"{agent.id}-{day:%d}", agent.id, start,
                                start + timedelta(hours=8)))
    return Plan(Period(FIRST, 7), tuple(shifts))


@pytest.fixture
def view(qtbot, demo):
    widget = CountingView()
    qtbot.addWidget(widget)
    widget.resize(1400, TOP + len(demo.agents) * ROW_H + 8)
    widget.show()
    plan = week_plan(demo)
    widget.set_layout(RotaLayout(demo, plan, demo.team.reference_zone, FIRST, 7), {})
    widget.bars_painted.clear()
    widget.viewport().grab()
    return widget, plan


def test_a_repaint_of_one_day_draws_only_that_days_bars(view):
    widget, plan = view
    assert set(widget.bars_painted) == {s.id for s in plan.shifts}  # every bar on show
    widget.bars_painted.clear()
    # Wednesday's column only, as when a tooltip or a drag exposes part of the calendar.
    wednesday = widget.layout_data.day_labels[2]
    x1, x2 = round(widget._x(wednesday.start)), round(widget._x(wednesday.end))
    widget.viewport().repaint(QRect(x1 + 5, TOP, x2 - x1 - 10, widget.viewport().height()))
    painted = set(widget.bars_painted)
    on_wednesday = {s.id for s in plan.shifts if s.id.endswith(f"-{wednesday.day:%d}")}
    assert on_wednesday <= painted
    assert len(painted) < len(plan.shifts) // 2  # not every bar of every exposed row


def test_each_distinct_label_and_name_is_laid_out_once(view, demo):
    widget, _plan = view
    labels = {label for bars in widget.layout_data.bars_by_agent.values() for bar in bars
              for label in bar.labels}
    before = dict(widget._bar_texts._texts)
    assert before  # bar labels were drawn
    assert set(before) <= labels
    widget.viewport().grab()  # the same week again: no label is laid out anew
    assert all(widget._bar_texts._texts[text] is static for text, static in before.items())
    names = {widget._name_texts.elided(a.label, NAME_W - 12) for a in demo.agents}
    assert names <= set(widget._name_texts._texts)


def test_a_new_gap_list_asks_its_model_for_each_cell_a_few_times_only(qtbot, demo,
                                                                     monkeypatch):
    calls = []

    class CountingModel(GapTableModel):
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            calls.append(role)
            return super().data(index, role)

    monkeypatch.setattr(gap_list, "GapTableModel", CountingModel)
    panel = gap_list.GapListPanel(AppState(demo))
    qtbot.addWidget(panel)
    panel.resize(800, 300)
    panel.show()
    gaps = tuple(gap(demo, "247-phone", FIRST + timedelta(days=d % 14), h, 1)
                 for d in range(14) for h in range(0, 24, 2))
    plan = dataclasses.replace(week_plan(demo), gaps=gaps)
    calls.clear()
    panel.state.apply("plan with gaps", plan=plan)
    panel.grab()
    cells = len(gaps) * 5
    assert panel.model.rowCount() == len(gaps) == 168
    assert len(calls) < 8 * cells  # "resize to contents" asked ~30 times per cell
    when = panel.table.horizontalHeader().sectionSize(1)
    assert when >= panel.table.fontMetrics().horizontalAdvance(
        panel.model.index(0, 1).data())  # the columns were fitted to the new rows
