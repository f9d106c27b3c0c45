"""The contract rules of a rota built in plain Python, one shift at a time: the greedy first
rota (:mod:`solver.greedy`) and the fairness hand-overs (:mod:`solver.fairness_repair`).

The rule book's quick tests (:mod:`solver.contract_rules`) over the state kept here: one shift
a day, rest between shifts (shifts worked before the period included), weekly hours, nights a
week, consecutive days. Availability, shift lengths and daily hours are already true of every
candidate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from models.domain import Scenario
from models.timerules import iso_week, local_date
from solver.candidates import Candidate
from solver.contract_rules import RULE_BOOK, ContractRule
from solver.rules import is_night

Week = tuple[int, int]

# The rules with a quick test, in the order they are asked: the cheapest and most often failing
# first (a candidate on a day the agent already works fails the first at once); the answer is
# the same in any order. The rest hold for every candidate by how candidates are made. Support
# desk of 150 agents: the fairness hand-overs ask 86,000 times a second, and rest between
# shifts, the dearest, was asked 260,000 times in 10 s in the rule book's order.
QUICK_ORDER = ("one_shift_per_day", "max_weekly_hours", "max_nights_per_week",
               "max_consecutive_days", "min_rest")
QUICK_TESTS: tuple[ContractRule, ...] = tuple(sorted(
    (rule for rule in RULE_BOOK if type(rule).allows is not ContractRule.allows),
    key=lambda rule: QUICK_ORDER.index(rule.name) if rule.name in QUICK_ORDER
    else len(QUICK_ORDER)))

ONE_A_DAY = next(rule for rule in QUICK_TESTS if rule.name == "one_shift_per_day")


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
            self.week_minutes[(agent.id, iso_week(day))] += 0 if s.is_standby else s.minutes
            self.week_nights[(agent.id, iso_week(day))] += is_night(scenario, agent, s.start,
                                                                    s.end)
        for c in candidates:
            if values[c.index]:
                self.take(c)

    def take(self, c: Candidate) -> None:
        self.chosen[c.agent.id][c.day] = c
        self.days[c.agent.id].add(c.day)
        self.week_minutes[(c.agent.id, c.week)] += c.worked_minutes
        self.week_nights[(c.agent.id, c.week)] += c.is_night

    def give_back(self, c: Candidate) -> None:
        del self.chosen[c.agent.id][c.day]
        self.days[c.agent.id].discard(c.day)
        self.week_minutes[(c.agent.id, c.week)] -= c.worked_minutes
        self.week_nights[(c.agent.id, c.week)] -= c.is_night

    def day_free(self, c: Candidate) -> bool:
        """Whether the agent works nothing yet on ``c``'s day: the one-shift-a-day rule alone,
        the same answer for every candidate of that agent and day (the fairness hand-overs
        skip a day's candidates on one no)."""
        return ONE_A_DAY.allows(self, c)

    def allowed(self, c: Candidate) -> bool:
        """Whether the agent may also work ``c`` next to the shifts taken so far: every rule
        of the rule book's quick test."""
        return all(rule.allows(self, c) for rule in QUICK_TESTS)
