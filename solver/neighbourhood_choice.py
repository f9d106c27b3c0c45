"""Which agents and which week a neighbourhood step of :mod:`solver.neighbourhoods` re-plans."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from models.domain import Plan
from solver.candidates import Candidate
from solver.fairness import (
    alike_groups,
    carried_of,
    kind_minutes,
    kind_weights,
    share_fractions,
    share_weights,
)
from solver.model import Prepared, extract_shifts
from solver.rules import served_by
from solver.soft import TIER_PEOPLE

# Free shift booleans in one neighbourhood: CP-SAT loads and improves a sub-model of this size
# in about a second (demo team: three to five agents' week).
FREE_CANDIDATES = 1500
# The odds of re-planning the two furthest apart of a group of alike agents, against those of
# the team as a whole, per hour between them: the team's pair is always the furthest apart, but
# it often lives in zones that cannot trade, while alike agents are what the manager compares.
# Demo team, 28 days, 20 s: the night pair ended more than a shift apart in 1 run of 10 instead
# of 6 of 15 (weekends within a shift in both).
ALIKE_ODDS = 4.0
# Days re-planned in one step (plus one either side): a week, so the sub-model is a week of
# coverage, not the period's.
WINDOW_DAYS = 7


@dataclass(frozen=True)
class Neighbourhood:
    """The agents re-planned in one step, on the local days ``first_day``..``last_day`` (each
    agent's own days; None: the whole period). Every other shift stays."""

    agents: frozenset[str]
    first_day: date | None = None
    last_day: date | None = None
    whole: bool = False  # every agent and every day: the step searches the whole model

    def has(self, c: Candidate) -> bool:
        return c.agent.id in self.agents and (
            self.first_day is None or self.first_day <= c.day <= (self.last_day or c.day))



class Chooser:
    """Which agents to re-plan next, on which week. In the people stage, three times in four:
    the busiest and the idlest of an unfairly shared group (:meth:`_unfair_pair`), then
    colleagues who meet the same requirements (they can take over what the two trade); the
    fourth time, an agent under the weekly minimum in that week; otherwise, and to fill up,
    anyone. Random, but reproducible by the seed."""

    def __init__(self, prepared: Prepared, seed: int) -> None:
        self.prepared = prepared
        self.random = random.Random(seed)
        scenario, grid = prepared.scenario, prepared.grid
        self.agents = sorted(prepared.facts)
        # Free candidates per agent and local day: what a neighbourhood costs.
        self.sizes: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
        for c in prepared.candidates:
            self.sizes[c.agent.id][c.day] += not c.fixed
        period = prepared.params.period
        self.days = [period.first_day + timedelta(days=i) for i in range(period.days)]
        self.measures = kind_minutes(scenario, grid, prepared.facts)
        shares = share_weights(scenario, grid, self.measures)
        self.kind_weight = kind_weights(prepared.params.weights)
        self.fractions = {kind: share_fractions(shares[kind]) for kind in self.kind_weight}
        self.carried = carried_of(prepared.params.carried)
        self.alike = alike_groups(scenario, grid, self.measures)
        meets = served_by(scenario, scenario.active_agents())
        self.colleagues = {a: [b for b in self.agents
                               if b != a and meets.get(a, frozenset()) & meets.get(b, frozenset())]
                           for a in self.agents}
        self.amounts: dict[int, dict[str, int]] = {}

    def whole_team(self) -> bool:
        return sum(sum(days.values()) for days in self.sizes.values()) <= FREE_CANDIDATES

    def pick(self, values: Sequence[bool], tier: int, step: int) -> Neighbourhood:
        if self.whole_team():
            return Neighbourhood(frozenset(self.agents), whole=True)
        chosen: list[str] = []
        first = self.days[self.random.randrange(max(1, len(self.days) - WINDOW_DAYS + 1))]
        under = self._under_minimum(values) if tier == TIER_PEOPLE and step % 4 == 3 else None
        if under is not None:
            # Hours under a contract's weekly minimum weigh most in the people tier: the agent
            # and the week, with colleagues who could give up a shift.
            chosen = [under[0]]
            first = max(self.days[0], min(under[1], self.days[-1] - timedelta(
                days=WINDOW_DAYS - 1)))
        elif tier == TIER_PEOPLE and self.kind_weight and step % 4 != 3:
            pair = self._unfair_pair(values)
            if pair is not None:
                kind, busiest, idlest = pair
                chosen = [busiest, idlest]
                # A week holding one of the busiest agent's hours of that kind, to hand over.
                days = [c.day for c in self.prepared.candidates
                        if values[c.index] and c.agent.id == busiest
                        and self._amount(c, kind) > 0]
                if days:
                    day = self.random.choice(days)
                    first = max(self.days[0], min(
                        day - timedelta(days=self.random.randrange(WINDOW_DAYS)),
                        self.days[-1] - timedelta(days=WINDOW_DAYS - 1)))
        # A day either side: a shift of the agent's local day may start the evening before.
        window = (first - timedelta(days=1), first + timedelta(days=WINDOW_DAYS))

        def size(agent_id: str) -> int:
            return sum(n for day, n in self.sizes[agent_id].items()
                       if window[0] <= day <= window[1])

        near = [a for one in chosen for a in self.colleagues[one] if a not in chosen]
        self.random.shuffle(near)
        rest = [a for a in self.agents if a not in chosen and a not in near]
        self.random.shuffle(rest)
        used = sum(size(a) for a in chosen)
        for agent_id in (*near, *rest):
            if agent_id in chosen:
                continue
            if used + size(agent_id) > FREE_CANDIDATES and len(chosen) >= 2:
                continue
            chosen.append(agent_id)
            used += size(agent_id)
        return Neighbourhood(frozenset(chosen), *window)

    def _amount(self, c: Candidate, kind: str) -> int:
        found = self.amounts.get(c.index)
        if found is None:
            measure = self.measures[c.agent.id]
            found = {k: measure.of(k, c.start, c.end) for k in self.kind_weight}
            self.amounts[c.index] = found
        return found[kind]

    def _unfair_pair(self, values: Sequence[bool]) -> tuple[str, str, str] | None:
        """The busiest and the idlest of a group of alike agents (above their share: the
        furthest above and the furthest below it in the team), by a kind drawn with odds by
        its widest gap."""
        worked: dict[str, dict[str, int]] = {k: dict.fromkeys(self.agents, 0)
                                             for k in self.kind_weight}
        for c in self.prepared.candidates:
            if values[c.index] and c.agent.id in self.measures:
                for kind in self.kind_weight:
                    worked[kind][c.agent.id] += self._amount(c, kind)
        pairs: list[tuple[float, str, str, str]] = []  # (gap × weight, kind, busiest, idlest)
        for kind, fractions in self.fractions.items():
            total = sum(worked[kind].values())
            above = {a: worked[kind][a] - fractions[a] * total + self._carried(a, kind)
                     for a in fractions}
            for group, odds in [*((g, ALIKE_ODDS) for g in self.alike[kind]),
                                (tuple(above), 1.0)]:
                ranked = sorted((above[a], a) for a in group if a in above)
                if len(ranked) > 1 and ranked[-1][0] > ranked[0][0]:
                    pairs.append(((ranked[-1][0] - ranked[0][0]) * self.kind_weight[kind]
                                  * odds, kind, ranked[-1][1], ranked[0][1]))
        if not pairs:
            return None
        _, kind, busiest, idlest = self.random.choices(pairs, [p[0] for p in pairs])[0]
        return kind, busiest, idlest

    def _under_minimum(self, values: Sequence[bool]) -> tuple[str, date] | None:
        """An agent under the weekly minimum and the Monday of that week (one at random)."""
        from solver.check import under_minimum_hours

        prepared = self.prepared
        plan = Plan(prepared.params.period, tuple(extract_shifts(prepared, list(values))))
        under = under_minimum_hours(prepared.scenario, plan)
        if not under:
            return None
        warning = self.random.choice(under)
        return warning.agent_id, date.fromisocalendar(warning.year, warning.week, 1)

    def _carried(self, agent_id: str, kind: str) -> int:
        balance = self.carried.get(agent_id)
        return balance.of(kind) if balance is not None else 0
