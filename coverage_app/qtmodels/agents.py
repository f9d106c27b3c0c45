"""The team table: name, zone with its current UTC offset, skills, contract, cost."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush

from coverage_app.qtmodels.base import GREY, Column, TupleTableModel
from coverage_app.widgets.zone_picker import utc_offset_label
from models.domain import Agent, Scenario


class AgentsModel(TupleTableModel[Agent]):
    def __init__(self, parent: Any = None) -> None:
        self._skill_names: dict[str, str] = {}
        self._contract_names: dict[str, str] = {}
        super().__init__([
            Column("Name", lambda a: a.name if a.active else f"{a.name} (inactive)",
                   lambda a: a.email or a.name),
            Column("Zone", lambda a: f"{a.time_zone} ({utc_offset_label(a.time_zone)})"),
            Column("Skills", self._skills, self._skills_tip),
            Column("Contract", lambda a: self._contract_names.get(a.contract_id,
                                                                  a.contract_id)),
            Column("Cost / h", lambda a: f"{a.hourly_cost:.2f} {a.currency}", align_right=True),
        ], parent=parent)

    def set_scenario(self, scenario: Scenario) -> None:
        self._skill_names = {s.id: s.name for s in scenario.skills}
        self._contract_names = {c.id: c.name for c in scenario.contracts}
        self.beginResetModel()
        self._rows = scenario.agents
        self.endResetModel()

    def row_of_id(self, agent_id: str) -> int:
        return next((i for i, a in enumerate(self._rows) if a.id == agent_id), -1)

    def foreground(self, row: Agent) -> QBrush | None:
        return None if row.active else GREY

    def _skills(self, agent: Agent) -> str:
        return ", ".join(self._skill_names.get(s.skill_id, s.skill_id) for s in agent.skills)

    def _skills_tip(self, agent: Agent) -> str:
        levels = {1: "learning", 2: "competent", 3: "expert"}
        return "\n".join(f"{self._skill_names.get(s.skill_id, s.skill_id)}: "
                         f"{levels[s.level]}" for s in agent.skills)
