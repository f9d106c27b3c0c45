"""The contract rules of a rota built in plain Python, one shift at a time: the greedy first
rota (:mod:`solver.greedy`) and the fairness hand-overs (:mod:`solver.fairness_repair`).

The same rules as the model (:mod:`solver.hard`) for candidates on the agent's local days: one
shift a day, rest between shifts (shifts worked before the period included), weekly hours,
nights a week, consecutive days. Availability, shift lengths and daily hours are already true of
every candidate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from models.domain import Scenario
from models.timerules import iso_week, local_date
from solver.candidates import Candidate
from solver.rules import is_night

Week = tuple[int, int]


class RotaRules:
    """Who works when so far, with shifts that can be taken and given back."""

    def __init__(self, scenario: Scenario, candidates: Sequence[Candidate] = (),
                 values: Sequence[bool] = ()) -> None:
        self.scenario = scenario
        self.chosen: dict[str, dict[date, Candidate]] = defaultdict(dict)
        self.week_minutes: dict[tuple[str, Week], int] = defaultdict(int)
        self.week_nights: dict[tuple[str, Week], int] = defaultdict(int)
        self.days: dict[str, set[date]] = defaultdict(set)
        # Shifts worked before the period, by agent and local day: for rest.
        self.earlier: dict[str, dict[date, tuple[datetime, datetime]]] = defaultdict(dict)
        for s in scenario.history:
            agent = scenario.agent(s.agent_id)
            day = local_date(s.start, agent.time_zone)
            self.days[agent.id].add(day)
            self.earlier[agent.id][day] = (s.start, s.end)
            self.week_minutes[(agent.id, iso_week(day))] += s.minutes
            self.week_nights[(agent.id, iso_week(day))] += is_night(scenario, agent, s.start,
                                                                    s.end)
        for c in candidates:
            if values[c.index]:
                self.take(c)

    def take(self, c: Candidate) -> None:
        self.chosen[c.agent.id][c.day] = c
        self.days[c.agent.id].add(c.day)
        self.week_minutes[(c.agent.id, c.week)] += c.minutes
        self.week_nights[(c.agent.id, c.week)] += c.is_night

    def give_back(self, c: Candidate) -> None:
        del self.chosen[c.agent.id][c.day]
        self.days[c.agent.id].discard(c.day)
        self.week_minutes[(c.agent.id, c.week)] -= c.minutes
        self.week_nights[(c.agent.id, c.week)] -= c.is_night

    def allowed(self, c: Candidate) -> bool:
        """Whether the agent may also work ``c`` next to the shifts taken so far."""
        contract = self.scenario.contract_of(c.agent)
        mine, earlier = self.chosen[c.agent.id], self.earlier.get(c.agent.id, {})
        if c.day in mine or c.day in self.days[c.agent.id]:
            return False
        rest = timedelta(hours=contract.min_rest_hours)
        for offset in (-2, -1, 1, 2):
            day = c.day + timedelta(days=offset)
            other = mine.get(day)
            start, end = (other.start, other.end) if other is not None else earlier.get(
                day, (None, None))
            if start is not None and end is not None and (start < c.end + rest
                                                          and c.start < end + rest):
                return False
        if self.week_minutes[(c.agent.id, c.week)] + c.minutes > contract.max_hours_per_week * 60:
            return False
        if c.is_night and (self.week_nights[(c.agent.id, c.week)] + 1
                           > contract.max_nights_per_week):
            return False
        days = self.days[c.agent.id]
        run, d = 1, c.day - timedelta(days=1)
        while d in days:
            run, d = run + 1, d - timedelta(days=1)
        d = c.day + timedelta(days=1)
        while d in days:
            run, d = run + 1, d + timedelta(days=1)
        return run <= contract.max_consecutive_days
