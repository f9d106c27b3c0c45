"""Shift length: between the contract's shortest and longest shift."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

from models.domain import Contract, Scenario, Shift
from solver.contract_rules.base import ContractRule, Violation, hours_words, local_words
from solver.rules import AgentCalendar, minutes

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.variables import Variables


def shortest(contract: Contract) -> timedelta:
    """The shortest new shift the contract allows, in real time."""
    return timedelta(hours=contract.min_shift_hours)


def longest(contract: Contract) -> timedelta:
    """The longest new shift the contract allows (the daily maximum caps it), in real time."""
    return timedelta(hours=min(contract.max_shift_hours, contract.max_hours_per_day))


def fits(contract: Contract, length_minutes: int) -> bool:
    """A new shift of this many real minutes is legal (the daily maximum caps the longest)."""
    return (contract.min_shift_hours * 60 <= length_minutes
            <= min(contract.max_shift_hours, contract.max_hours_per_day) * 60)


class ShiftLength(ContractRule):
    name = "shift_length"
    words = "shift length"
    per_shift = True

    def add_to_model(self, model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
        """Only candidates of a legal length exist; any other (not locked) is ruled out."""
        for c in v.candidates:
            if not c.fixed and not fits(scenario.contract_of(c.agent), c.minutes):
                model.add(v.x[c.index] == 0)

    def violations(self, scenario: Scenario, calendar: AgentCalendar,
                   shifts: list[Shift]) -> Iterator[Violation]:
        agent, contract = calendar.agent, calendar.contract
        low, high = round(contract.min_shift_hours * 60), round(contract.max_shift_hours * 60)
        for shift in shifts:
            length = minutes(shift.start, shift.end)
            if length < low or length > high:
                amount = (low - length) if length < low else (length - high)
                yield Violation("shift_length", agent.id, (shift.id,), amount / 60,
                                f"{agent.label}'s shift {local_words(shift, agent)} lasts "
                                f"{hours_words(length)}; the contract allows "
                                f"{contract.min_shift_hours:g}–{contract.max_shift_hours:g} h")
