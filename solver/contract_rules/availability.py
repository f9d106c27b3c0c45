"""Availability: shifts lie inside the agent's available hours, outside time off and public
holidays the contract does not work."""

from __future__ import annotations

from collections.abc import Iterator

from models.domain import Scenario, Shift
from solver.contract_rules.base import ContractRule, Violation, local_words
from solver.rules import AgentCalendar, minutes


class Availability(ContractRule):
    """No model constraint and no quick test: candidates are built inside availability
    (:mod:`solver.candidates`)."""

    name = "availability"
    words = "availability"
    per_shift = True

    def violations(self, scenario: Scenario, calendar: AgentCalendar,
                   shifts: list[Shift]) -> Iterator[Violation]:
        agent = calendar.agent
        for shift in shifts:
            if not calendar.inside_availability(shift.start, shift.end):
                yield Violation("availability", agent.id, (shift.id,),
                                minutes(shift.start, shift.end) / 60,
                                f"{agent.label}'s shift {local_words(shift, agent)} is "
                                f"{calendar.why_unavailable(shift.start, shift.end)}")
