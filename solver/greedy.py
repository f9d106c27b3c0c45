"""A quick constructive rota: the first complete plan, and the warm start CP-SAT improves.

Day by day, each agent takes the candidate shift that fills the most priority-weighted missing
headcount, if the contract rules allow it next to the shifts already taken. Plain Python on the
candidate list alone (no CP-SAT), so the first plan exists before the model is built; the same
rules as the model (:class:`solver.rota_rules.RotaRules`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from models.coverage import Demand, Horizon
from models.domain import Scenario
from solver.candidates import Candidate
from solver.rota_rules import RotaRules
from solver.rules import counted_for
from solver.soft import priority_weights


@dataclass(frozen=True, slots=True)
class Rota:
    """The greedy rota: which candidates it takes, and what it leaves uncovered."""

    values: list[bool]
    # Priority-weighted missing person-slots, each slot weighed by its length in the grid's
    # unit (1 on a grid that is not split): the coverage stage's objective.
    objective: int
    shortfall_minutes: int  # missing person-minutes


def greedy_rota(scenario: Scenario, candidates: list[Candidate], demand_list: list[Demand],
                grid: Horizon, keep: list[bool] | None = None) -> Rota:
    """A complete rota: the ``keep`` candidates (locked ones always), then greedy fill."""
    weights = priority_weights(scenario)
    priority_of = {r.id: weights[r.priority] for r in scenario.target.requirements}

    def weight_of(key: tuple[str, int]) -> int:  # as the shortfall terms weigh a missing person
        return priority_of[key[0]] * grid.slot_weight(key[1])

    remaining: dict[tuple[str, int], int] = {(d.requirement_id, d.slot): d.headcount
                                             for d in demand_list}
    by_slot: dict[int, list[str]] = defaultdict(list)
    for d in demand_list:
        by_slot[d.slot].append(d.requirement_id)
    counts = counted_for(scenario, scenario.active_agents())
    values = [c.fixed or (keep is not None and keep[c.index]) for c in candidates]
    rules = RotaRules(scenario)

    def filled(c: Candidate) -> list[tuple[str, int]]:
        mine = counts.get((c.agent.id, c.duty), frozenset())
        return [(rid, slot) for slot in c.slots for rid in by_slot.get(slot, ()) if rid in mine]

    def take(c: Candidate) -> None:
        rules.take(c)
        for key in filled(c):
            remaining[key] -= 1

    def gain(c: Candidate) -> int:
        return sum(weight_of(key) for key in filled(c) if remaining[key] > 0)

    for c in candidates:
        if values[c.index]:
            take(c)
    by_day: dict[date, dict[str, list[Candidate]]] = defaultdict(lambda: defaultdict(list))
    for c in candidates:
        if not values[c.index]:
            by_day[c.day][c.agent.id].append(c)
    for day in sorted(by_day):
        for agent_id in sorted(by_day[day], key=lambda a: len(by_day[day][a])):
            best, best_gain = None, 0
            for c in by_day[day][agent_id]:
                g = gain(c)
                if g > best_gain and rules.allowed(c):
                    best, best_gain = c, g
            if best is not None:
                take(best)
                values[best.index] = True
    missing = {key: left for key, left in remaining.items() if left > 0}
    return Rota(values, sum(weight_of(key) * left for key, left in missing.items()),
                sum(grid.slot_minutes(slot) * left for (_, slot), left in missing.items()))
