"""One shift per local day of the agent (a night belongs to the day it starts on)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from models.domain import Scenario, Shift
from solver.contract_rules.base import ContractRule, Violation, at_most, by_day, ids
from solver.rules import AgentCalendar

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.candidates import Candidate
    from solver.rota_rules import RotaRules
    from solver.variables import Variables


class OneShiftPerDay(ContractRule):
    name = "one_shift_per_day"
    words = "already works that day"

    def add_to_model(self, model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
        """At most one shift per agent and local day (duty variants included)."""
        for indices in v.choosing_days.values():
            if len(indices) <= 1:
                continue
            if sum(v.candidates[i].fixed for i in indices) > 1:
                at_most(model, v, indices, 1)  # two locked shifts on one day stay; none joins
            else:
                model.add_at_most_one(v.x[i] for i in indices)

    def violations(self, scenario: Scenario, calendar: AgentCalendar,
                   shifts: list[Shift]) -> Iterator[Violation]:
        agent = calendar.agent
        for day, group in sorted(by_day(agent, shifts).items()):
            if len(group) > 1:
                yield Violation("one_shift_per_day", agent.id, ids(group), len(group) - 1,
                                f"{agent.label} has {len(group)} shifts on {day.isoformat()}")

    def allows(self, rota: RotaRules, c: Candidate) -> bool:
        return c.day not in rota.chosen[c.agent.id] and c.day not in rota.days[c.agent.id]
