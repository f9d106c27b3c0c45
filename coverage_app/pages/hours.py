"""The Hours page: per agent per week or month — hours, night, weekend, holiday, cost — and how
evenly the work is spread. Numbers come from ``exports.hours``, the module the workbook uses."""

from __future__ import annotations

import html
from statistics import pstdev

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coverage_app.qtmodels.fairness_model import FairnessTableModel
from coverage_app.qtmodels.hours_model import HoursRow, HoursTableModel
from coverage_app.state import AppState, ChangeSet
from exports.hours import agent_totals, monthly_totals, plan_hours, rules_text, weekly_totals
from models.domain import Plan, Scenario
from solver.types import AgentFairness


def hours_rows(scenario: Scenario, plan: Plan | None, by: str) -> tuple[HoursRow, ...]:
    if plan is None:
        return ()
    rows = plan_hours(scenario, plan)
    if by == "month":
        totals = monthly_totals(rows)
    elif by == "plan":
        totals = list(agent_totals(rows).values())
    else:
        totals = weekly_totals(rows)
    agents = {a.id: a for a in scenario.agents}
    return tuple(HoursRow(agents[t.agent_id].label, t, agents[t.agent_id].currency)
                 for t in totals if t.agent_id in agents)


def fairness_html(scenario: Scenario, plan: Plan | None) -> str:
    """Spread (max − min and standard deviation) of hours, nights and weekends across agents."""
    if plan is None:
        return "No plan yet."
    totals = agent_totals(plan_hours(scenario, plan))
    working = [a.id for a in scenario.active_agents()]
    if not working:
        return ""
    parts = []
    for name, attr in (("Hours", "hours"), ("Night hours", "night_hours"),
                       ("Weekend hours", "weekend_hours")):
        values = [getattr(totals[a], attr) if a in totals else 0.0 for a in working]
        parts.append(f"<b>{name}</b> {min(values):.1f}–{max(values):.1f} "
                     f"(spread {max(values) - min(values):.1f}, σ {pstdev(values):.1f})")
    return "Fairness across active agents over the plan: " + " · ".join(parts)


def fairness_rows(scenario: Scenario, plan: Plan | None) -> tuple[AgentFairness, ...]:
    """Each active agent against the fair share of the plan (the solver's own measure)."""
    if plan is None:
        return ()
    from solver.fairness import plan_fairness

    return plan_fairness(scenario, plan).agents


class HoursPage(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._dirty = True
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.by_combo = QComboBox()
        self.by_combo.addItem("Per week", "week")
        self.by_combo.addItem("Per month", "month")
        self.by_combo.addItem("Whole plan", "plan")
        self.by_combo.setToolTip("Group hours by ISO week or calendar month (agent's zone)")
        self.by_combo.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(QLabel("Totals:"))
        bar.addWidget(self.by_combo)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.fairness_label = QLabel()
        self.fairness_label.setWordWrap(True)
        layout.addWidget(self.fairness_label)
        self.model = HoursTableModel(parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)  # team order until the user clicks a header
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("<b>Against the fair share</b> (worked / fair, hours, over the "
                                "whole plan): the team's hours of each kind, shared in "
                                "proportion to contract hours × the hours of that kind each "
                                "agent is available for"))
        self.fairness_model = FairnessTableModel(parent=self)
        self.fairness_table = QTableView()
        self.fairness_table.setModel(self.fairness_model)
        self.fairness_table.verticalHeader().setVisible(False)
        self.fairness_table.setAlternatingRowColors(True)
        self.fairness_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.fairness_table, 1)
        rules = rules_text(state.scenario)
        self.rules_label = QLabel(" ".join(
            f"<b>{html.escape(k)}</b>: {html.escape(v)}" for k, v in rules[:3]))
        self.rules_label.setWordWrap(True)
        self.rules_label.setToolTip("<br>".join(f"<b>{html.escape(k)}</b>: {html.escape(v)}"
                                                for k, v in rules))
        layout.addWidget(self.rules_label)
        state.changed.connect(self._on_changed)
        self.fairness_label.setText("…")  # computed when the page is first shown

    def _on_changed(self, change: ChangeSet) -> None:
        if change.plan or change.scenario or change.replaced:
            self._dirty = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        if self._dirty:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        self._dirty = False
        scenario, plan = self.state.scenario, self.state.plan
        self.model.set_rows(hours_rows(scenario, plan, self.by_combo.currentData() or "week"))
        self.fairness_label.setText(fairness_html(scenario, plan))
        rows = fairness_rows(scenario, plan)
        self.fairness_model.set_rows(rows)
        carried = any(a.of(k).carried for a in rows for k in ("night", "weekend", "holiday"))
        self.fairness_table.setColumnHidden(5, not carried)  # none known: no empty column
