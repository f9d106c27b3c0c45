"""Night shifts per ISO week: shifts overlapping the team's night window in the agent's local
time, at most the contract's number, nights worked before the period in the first week
included."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from models.domain import Scenario, Shift
from models.timerules import iso_week, local_date
from solver.contract_rules.base import ContractRule, Violation, at_most, by_week, history_of, ids
from solver.rules import AgentCalendar, is_night

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.candidates import Candidate
    from solver.rota_rules import RotaRules
    from solver.variables import Variables


class NightsPerWeek(ContractRule):
    name = "max_nights_per_week"
    words = "night shifts per week"

    def add_to_model(self, model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
        for agent_id, indices in v.choosing.items():
            agent = scenario.agent(agent_id)
            limit = scenario.contract_of(agent).max_nights_per_week
            weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
            for i in indices:
                if v.candidates[i].is_night:
                    weeks[v.candidates[i].week].append(i)
            before: dict[tuple[int, int], int] = defaultdict(int)
            for s in history_of(scenario, agent):
                if is_night(scenario, agent, s.start, s.end):
                    before[iso_week(local_date(s.start, agent.time_zone))] += 1
            for week, group in weeks.items():
                if len({v.candidates[i].day for i in group}) + before[week] > limit:
                    at_most(model, v, group, limit, constant=before[week])

    def violations(self, scenario: Scenario, calendar: AgentCalendar,
                   shifts: list[Shift]) -> Iterator[Violation]:
        agent, limit = calendar.agent, calendar.contract.max_nights_per_week
        for (year, week), group in sorted(by_week(agent, shifts).items()):
            nights = [s for s in group if is_night(scenario, agent, s.start, s.end)]
            if len(nights) > limit:
                yield Violation("max_nights_per_week", agent.id, ids(nights),
                                len(nights) - limit,
                                f"{agent.label} works {len(nights)} night shifts in week {week} "
                                f"of {year}; the contract allows {limit}")

    def allows(self, rota: RotaRules, c: Candidate) -> bool:
        limit = rota.scenario.contract_of(c.agent).max_nights_per_week
        return not c.is_night or rota.week_nights[(c.agent.id, c.week)] + 1 <= limit
