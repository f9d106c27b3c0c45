"""Hours per local day: at most the contract's daily maximum."""

from __future__ import annotations

from collections.abc import Iterator

from models.domain import Scenario, Shift
from solver.contract_rules.base import ContractRule, Violation, by_day, hours_words, ids
from solver.rules import AgentCalendar


class DailyHours(ContractRule):
    """No model constraint and no quick test: one shift a day (:class:`OneShiftPerDay`) whose
    length candidate generation caps at the daily maximum (:func:`shift_length.fits`)."""

    name = "max_daily_hours"
    words = "daily hours"

    def violations(self, scenario: Scenario, calendar: AgentCalendar,
                   shifts: list[Shift]) -> Iterator[Violation]:
        agent, limit = calendar.agent, round(calendar.contract.max_hours_per_day * 60)
        for day, group in sorted(by_day(agent, shifts).items()):
            total = sum(s.minutes for s in group)
            if total > limit:
                yield Violation("max_daily_hours", agent.id, ids(group), (total - limit) / 60,
                                f"{agent.label} works {hours_words(total)} on "
                                f"{day.isoformat()}; the contract allows "
                                f"{calendar.contract.max_hours_per_day:g} h")
