"""Who can take this gap? Agents ranked by the checker and the solver's costs; one click assigns."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coverage_app.qtmodels.rota_candidates_model import CandidateRow, CandidatesModel
from coverage_app.state import AppState
from coverage_app.widgets.rota_layout import duty_name, local_span
from models.timerules import to_local


def default_advice(scenario: Any, plan: Any, requirement_id: str, start: datetime,
                   end: datetime) -> list[Any]:
    try:
        from solver.advice import candidates_for
    except ImportError:  # pragma: no cover - only while the solver is being built
        return []
    return list(candidates_for(scenario, plan, requirement_id, start, end))


def _asks_for_skills(scenario: Any, requirement_id: str) -> bool:
    requirement = next((r for r in scenario.target.requirements if r.id == requirement_id), None)
    return requirement is not None and bool(requirement.skills)


class CandidatesDialog(QDialog):
    assign_requested = Signal(object)  # the chosen candidate (its .shift, and .extends)

    def __init__(self, state: AppState, requirement_id: str, start: datetime, end: datetime,
                 advice_fn: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who can take this?")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        scenario, plan = state.scenario, state.plan
        zone_name = state.display_zone
        a, b = to_local(start, zone_name), to_local(end, zone_name)
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>{html.escape(duty_name(scenario, requirement_id or None))}</b>, "
                      f"{a:%a %d %b %H:%M}–{b:%H:%M} ({html.escape(zone_name)})")
        layout.addWidget(head)
        self.candidates: list[Any] = []
        if plan is not None and requirement_id:
            try:
                self.candidates = list(advice_fn(scenario, plan, requirement_id, start, end))
            except Exception as error:
                layout.addWidget(QLabel(f"Could not rank candidates: {html.escape(str(error))}"))
        rows = []
        for candidate in self.candidates:
            try:
                agent = scenario.agent(candidate.agent_id)
                name, zone = agent.label, agent.time_zone
            except KeyError:
                name, zone = candidate.agent_id, zone_name
            level = getattr(candidate, "level", 0)
            if level and _asks_for_skills(scenario, requirement_id):
                name = f"{name} (level {level})"
            violations = tuple(getattr(candidate, "violations", ()) or ())
            rows.append(CandidateRow(candidate, name, local_span(candidate.shift, zone),
                                     str(getattr(candidate, "reason", "")),
                                     "; ".join(str(v.message) for v in violations)))
        self.model = CandidatesModel(tuple(rows), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.buttons: list[QPushButton] = []
        for row_index, row in enumerate(rows):
            button = QPushButton("Assign")
            button.setToolTip(f"Add this shift for {row.agent}")
            button.clicked.connect(lambda _=False, c=row.candidate: self._assign(c))
            self.table.setIndexWidget(self.model.index(row_index, 4), button)
            self.buttons.append(button)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(3, 200)
        layout.addWidget(self.table)
        if not self.candidates:
            layout.addWidget(QLabel("Nobody can take this slot without breaking availability or "
                                    "skills. Hover the strip for the reason."))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(980, 360)

    def _assign(self, candidate: Any) -> None:
        self.assign_requested.emit(candidate)
        self.accept()
