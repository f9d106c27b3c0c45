"""Consecutive days: at most the contract's number of local days worked in a row, counting days
worked just before the period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from models.domain import Scenario, Shift
from models.timerules import local_date
from solver.contract_rules.base import ContractRule, Violation, by_day, history_of
from solver.rules import AgentCalendar

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.candidates import Candidate
    from solver.rota_rules import RotaRules
    from solver.variables import Variables


class ConsecutiveDays(ContractRule):
    name = "max_consecutive_days"
    words = "consecutive days"

    def add_to_model(self, model: cp_model.CpModel, scenario: Scenario, v: Variables) -> None:
        """Every window of limit + 1 days holds at most limit worked days."""
        for agent_id, indices in v.choosing.items():
            agent = scenario.agent(agent_id)
            limit = scenario.contract_of(agent).max_consecutive_days
            worked: dict[date, Any] = defaultdict(int)
            free: dict[date, list[int]] = defaultdict(list)  # days without a locked shift
            for i in indices:
                worked[v.candidates[i].day] += v.x[i]
            certain = {v.candidates[i].day for i in indices if v.candidates[i].fixed}
            for s in history_of(scenario, agent):
                day = local_date(s.start, agent.time_zone)
                worked[day] = 1
                certain.add(day)
            for i in indices:
                if v.candidates[i].day not in certain:
                    free[v.candidates[i].day].append(i)
            first, last = min(worked), max(worked)
            day = first
            while day + timedelta(days=limit) <= last:
                window = [day + timedelta(days=k) for k in range(limit + 1)]
                terms = [worked[d] for d in window if d in worked]
                if sum(d in certain for d in window) > limit:  # locked days alone: kept
                    for d in window:
                        for i in free.get(d, ()):
                            model.add(v.x[i] == 0)
                elif len(terms) > limit:
                    model.add(sum(terms) <= limit)
                day += timedelta(days=1)

    def violations(self, scenario: Scenario, calendar: AgentCalendar,
                   shifts: list[Shift]) -> Iterator[Violation]:
        agent, limit = calendar.agent, calendar.contract.max_consecutive_days
        days = by_day(agent, shifts)
        run: list[date] = []
        for day in [*sorted(days), None]:
            if day is not None and run and day == run[-1] + timedelta(days=1):
                run.append(day)
                continue
            if len(run) > limit:
                shift_ids = tuple(s.id for d in run for s in days[d])
                yield Violation("max_consecutive_days", agent.id, shift_ids, len(run) - limit,
                                f"{agent.label} works {len(run)} days in a row "
                                f"({run[0].isoformat()} to {run[-1].isoformat()}); the "
                                f"contract allows {limit}")
            run = [day] if day is not None else []

    def allows(self, rota: RotaRules, c: Candidate) -> bool:
        days = rota.days[c.agent.id]
        run, d = 1, c.day - timedelta(days=1)
        while d in days:
            run, d = run + 1, d - timedelta(days=1)
        d = c.day + timedelta(days=1)
        while d in days:
            run, d = run + 1, d + timedelta(days=1)
        return run <= rota.scenario.contract_of(c.agent).max_consecutive_days
