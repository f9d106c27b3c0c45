"""Hours per ISO week in the agent's zone (a shift counts in the week of the local day it
starts on), shifts worked before the period in the first week included. Standby is not working
time of the contract: a standby shift counts no hours."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from models.domain import Scenario, Shift
from models.timerules import iso_week, local_date
from solver.contract_rules.base import (
    ContractRule,
    Violation,
    at_most,
    by_week,
    history_of,
    hours_words,
    ids,
)
from solver.rules import AgentCalendar

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.candidates import Candidate
    from solver.rota_rules import RotaRules
    from solver.variables import Variables


class WeeklyHours(ContractRule):
    name = "max_weekly_hours"
    words = "weekly hours"

    def add_to_model(self, model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
        for agent_id, indices in v.choosing.items():
            agent = scenario.agent(agent_id)
            limit = round(scenario.contract_of(agent).max_hours_per_week * 60)
            weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
            for i in indices:
                if not v.candidates[i].standby:
                    weeks[v.candidates[i].week].append(i)
            before: dict[tuple[int, int], int] = defaultdict(int)
            for s in history_of(scenario, agent):
                if not s.is_standby:
                    before[iso_week(local_date(s.start, agent.time_zone))] += s.minutes
            for week, group in weeks.items():
                # Seven days of the longest candidates fit: no constraint needed.
                if sum(sorted(v.candidates[i].minutes for i in group)[-7:]) + before[week] > limit:
                    at_most(model, v, group, limit, lambda i: v.candidates[i].minutes,
                            before[week], v.worked_minutes(group))

    def violations(self, scenario: Scenario, calendar: AgentCalendar,
                   shifts: list[Shift]) -> Iterator[Violation]:
        agent, limit = calendar.agent, round(calendar.contract.max_hours_per_week * 60)
        worked = [s for s in shifts if not s.is_standby]
        for (year, week), group in sorted(by_week(agent, worked).items()):
            total = sum(s.minutes for s in group)
            if total > limit:
                yield Violation("max_weekly_hours", agent.id, ids(group), (total - limit) / 60,
                                f"{agent.label} works {hours_words(total)} in week {week} of "
                                f"{year}; the contract allows "
                                f"{calendar.contract.max_hours_per_week:g} h")

    def allows(self, rota: RotaRules, c: Candidate) -> bool:
        limit = rota.scenario.contract_of(c.agent).max_hours_per_week * 60
        return rota.week_minutes[(c.agent.id, c.week)] + c.worked_minutes <= limit
