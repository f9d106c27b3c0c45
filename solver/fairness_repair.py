"""Fairness by hand-overs in plain Python: shifts from agents above their fair share to agents
below it, never costing coverage.

The first part of the people stage of a new plan (:mod:`solver.neighbourhoods`): hundreds of
moves a second, where a CP-SAT neighbourhood takes one, so the big imbalances are gone before
CP-SAT polishes. One shift at a time, an agent above the fair share of nights, weekends or
holidays gives a shift to an agent below it, who takes a candidate shift of their own that
fills at least every (requirement, slot) the given shift filled and that the contract rules
allow (the rules of the first rota: one shift a day, rest, weekly hours, nights a week,
consecutive days). A move is kept only when it lowers the fairness objective of
:mod:`solver.fairness` (minutes above the fair share plus the largest, overall and among alike
agents, per kind) with the spread of each group of alike agents added, leaves no requirement
with more people missing, and keeps the giving agent at or over the weekly minimum. It stops
at a deadline.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import timedelta

from models.coverage import Demand
from models.domain import Scenario
from models.horizon import Horizon
from models.timerules import local_date
from solver.candidates import AgentFacts, Candidate
from solver.fairness import (
    alike_groups,
    carried_of,
    kind_minutes,
    kind_weights,
    share_fractions,
    share_weights,
)
from solver.hand_over_objective import HandOverObjective
from solver.rota_rules import RotaRules
from solver.rules import counted_for, filled_keys
from solver.types import FAIRNESS_KINDS, CarriedBalance, Weights

Key = tuple[str, int]  # (requirement id, slot)
# A move must lower the objective by more than this (minutes × weight): a change in the last
# bits of a float sum is no improvement, and taking it could undo and redo moves forever.
BETTER_BY = 1e-6
# A chain (the receiver passes a shift on to a third agent) asks every nearby agent: the dearest
# move. In the first pass over the givers, chains stop after this many in a row found nothing
# (the last pass still tries them). Support desk of 150 agents at 60 s, the hand-overs' 31 s:
# 16,680 chains took 8 s for 2 moves while 442 exchanges were made, and the pass ran out of
# time; with chains skipped, 630-668 exchanges, and 6-8 groups of alike agents more than a
# shift apart in weekend hours instead of 12-14. The demo team, whose hand-overs end within a
# second, tries about 600 chains for each one it takes.
CHAIN_PATIENCE = 2000


def repair_fairness(scenario: Scenario, candidates: Sequence[Candidate],
                    demands: Sequence[Demand], values: Sequence[bool], grid: Horizon,
                    facts: Mapping[str, AgentFacts], weights: Weights,
                    carried: Sequence[CarriedBalance] = (), *,
                    deadline: float | None = None) -> list[bool]:
    """A fairer plan with the same or better coverage (``values`` itself when none is found).

    ``deadline``: a ``time.monotonic()`` instant to stop at."""
    measures = kind_minutes(scenario, grid, facts)
    kind_weight = kind_weights(weights)
    if not kind_weight:
        return list(values)
    amount: dict[int, dict[str, int]] = {}

    def amounts(c: Candidate) -> dict[str, int]:
        found = amount.get(c.index)
        if found is None:
            measure = measures.get(c.agent.id)
            found = {k: measure.of(k, c.start, c.end) if measure else 0 for k in FAIRNESS_KINDS}
            amount[c.index] = found
        return found

    values = list(values)
    worked: dict[str, dict[str, int]] = {k: dict.fromkeys(measures, 0) for k in kind_weight}
    for c in candidates:
        if values[c.index] and c.agent.id in measures:
            for k in kind_weight:
                worked[k][c.agent.id] += amounts(c)[k]
    share_of = share_weights(scenario, grid, measures)
    balances = carried_of(carried)
    fractions = {k: share_fractions(share_of[k]) for k in kind_weight}
    carried_minutes = {k: {a: b.of(k) for a, b in balances.items()} for k in kind_weight}
    objective = HandOverObjective(kind_weight, fractions, carried_minutes, worked,
                           alike_groups(scenario, grid, measures))
    rules = RotaRules(scenario, candidates, values)
    counts = counted_for(scenario, scenario.active_agents())
    by_slot: dict[int, list[str]] = defaultdict(list)
    need: dict[Key, int] = {}
    for d in demands:
        by_slot[d.slot].append(d.requirement_id)
        need[(d.requirement_id, d.slot)] = d.headcount

    filled_cache: dict[int, frozenset[Key]] = {}

    def filled(c: Candidate) -> frozenset[Key]:
        found = filled_cache.get(c.index)
        if found is None:
            found = frozenset(filled_keys(c, counts, by_slot))
            filled_cache[c.index] = found
        return found

    have: dict[Key, int] = defaultdict(int)
    for c in candidates:
        if values[c.index]:
            for key in filled(c):
                have[key] += 1
    # Each agent's candidates, in the order they start (as they are made), and their starts.
    by_agent: dict[str, list[Candidate]] = defaultdict(list)
    # Who has a candidate starting in each hour (from the epoch): the agents who could take
    # over a shift at all are those with one starting less than the longest before its end.
    starting: dict[int, set[str]] = defaultdict(set)
    longest = 0.0
    for c in candidates:
        if not c.fixed:
            by_agent[c.agent.id].append(c)
            starting[int(c.start.timestamp() // 3600)].add(c.agent.id)
            longest = max(longest, (c.end - c.start).total_seconds())
    starts = {a: [c.start for c in mine] for a, mine in by_agent.items()}
    reach = timedelta(seconds=longest)
    near_cache: dict[int, set[str]] = {}

    def near(c: Candidate) -> set[str]:
        """The agents with a candidate of their own that overlaps ``c``, and maybe others."""
        found = near_cache.get(c.index)
        if found is None:
            first = int((c.start.timestamp() - longest) // 3600)
            found = set().union(*(starting.get(hour, ()) for hour in
                                  range(first, int(c.end.timestamp() // 3600) + 1)))
            near_cache[c.index] = found
        return found

    def covers(given: Sequence[Candidate], taken: Sequence[Candidate]) -> bool:
        """No requirement misses more people once ``given`` are swapped for ``taken``."""
        delta: dict[Key, int] = defaultdict(int)
        for c in given:
            for key in filled(c):
                delta[key] -= 1
        for c in taken:
            for key in filled(c):
                delta[key] += 1
        missing: dict[str, int] = defaultdict(int)
        for key, d in delta.items():
            before = max(0, need.get(key, 0) - have[key])
            after = max(0, need.get(key, 0) - have[key] - d)
            missing[key[0]] += after - before
        return all(m <= 0 for m in missing.values())

    critical_cache: dict[int, tuple[int, set[Key]]] = {}
    swaps = [0]  # moves made so far: what ``have`` was when a cached value was computed

    def critical(c: Candidate) -> set[Key]:
        """What ``c`` fills that nobody else does: whoever takes over must fill it."""
        cached = critical_cache.get(c.index)
        if cached is None or cached[0] != swaps[0]:
            cached = (swaps[0], {key for key in filled(c) if have[key] <= need.get(key, 0)})
            critical_cache[c.index] = cached
        return cached[1]

    def swap(given: Sequence[Candidate], taken: Sequence[Candidate]) -> None:
        swaps[0] += 1
        for c in given:
            values[c.index] = False
            rules.give_back(c)
            for key in filled(c):
                have[key] -= 1
            for k in kind_weight:
                objective.add(c.agent.id, k, -amounts(c)[k])
        for c in taken:
            values[c.index] = True
            rules.take(c)
            for key in filled(c):
                have[key] += 1
            for k in kind_weight:
                objective.add(c.agent.id, k, amounts(c)[k])

    def change_of(given: Sequence[Candidate],
                  taken: Sequence[Candidate]) -> dict[str, dict[str, int]]:
        change: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(kind_weight, 0))
        for sign, group in ((-1, given), (1, taken)):
            for c in group:
                for k in kind_weight:
                    change[c.agent.id][k] += sign * amounts(c)[k]
        return change

    overlap_cache: dict[tuple[str, int], list[Candidate]] = {}
    fit_cache: dict[tuple[str, int], tuple[int, list[Candidate]]] = {}

    def overlapping(agent_id: str, c: Candidate) -> list[Candidate]:
        """The agent's candidates that overlap ``c`` and fill what only ``c`` fills."""
        near = overlap_cache.get((agent_id, c.index))
        if near is None:
            zone = scenario.agent(agent_id).time_zone
            first = local_date(c.start, zone)
            days = (first - timedelta(days=1), first, first + timedelta(days=1))
            mine, begins = by_agent.get(agent_id, []), starts.get(agent_id, [])
            # Those starting before c ends and less than the longest shift before it starts.
            near = [t for t in mine[bisect_left(begins, c.start - reach):
                                    bisect_left(begins, c.end)]
                    if c.start < t.end and t.day in days]
            overlap_cache[(agent_id, c.index)] = near
        fit = fit_cache.get((agent_id, c.index))
        if fit is not None and fit[0] == swaps[0]:
            return fit[1]  # asked again before any move (an exchange asks once a shift back)
        must = critical(c)
        if not must:
            found = near
        else:
            # filled(t) holds ``must`` when t's slots (a range) span must's and the agent
            # counts for its requirements on t's duty: no set of t's keys needed.
            low = min(slot for _, slot in must)
            high = max(slot for _, slot in must)
            ids = {rid for rid, _ in must}
            found = [t for t in near if t.slots.start <= low and high < t.slots.stop
                     and ids <= counts.get((t.agent.id, t.duty), frozenset())]
        fit_cache[(agent_id, c.index)] = (swaps[0], found)
        return found

    def taker(agent_id: str, c: Candidate, given_back: Candidate | None) -> Candidate | None:
        """A candidate of the agent that can stand in for ``c`` (after the agent gives back
        ``given_back``), the one worth most to the objective first."""
        if given_back is not None:
            rules.give_back(given_back)
        try:
            busy_day = None
            for t in overlapping(agent_id, c):  # day by day
                if t.day == busy_day:
                    continue
                if not rules.day_free(t):  # the commonest no, the same for the whole day
                    busy_day = t.day
                    continue
                if rules.allowed(t):
                    return t
            return None
        finally:
            if given_back is not None:
                rules.take(given_back)

    def backs(receiver: str, given: Candidate) -> list[Candidate]:
        """The receiver's shifts of ``given``'s week worth giving back to take ``given`` over:
        on a day of a stand-in for it, unless such a day is free already (the week's hours
        were the obstacle). Any other can free neither a day nor hours that help."""
        days = {t.day for t in overlapping(receiver, given)}
        if not days:
            return []
        free = not days <= rules.days[receiver]
        return [back for back in rules.chosen[receiver].values()
                if not back.fixed and back.week == given.week and (free or back.day in days)]

    def keeps_minimums(given: Sequence[Candidate], taken: Sequence[Candidate]) -> bool:
        """No agent's week falls under the contract's weekly minimum by the move."""
        delta: dict[tuple[str, tuple[int, int]], int] = defaultdict(int)
        for c in given:
            delta[(c.agent.id, c.week)] -= c.minutes
        for c in taken:
            delta[(c.agent.id, c.week)] += c.minutes
        for (agent_id, week), d in delta.items():
            minimum = scenario.contract_of(scenario.agent(agent_id)).min_hours_per_week * 60
            if d < 0 and rules.week_minutes[(agent_id, week)] + d < minimum:
                return False
        return True

    def try_move(given: Sequence[Candidate], taken: Sequence[Candidate],
                 current: float) -> bool:
        # The cheap tests first: a value is a pass over the whole team.
        if not keeps_minimums(given, taken) or not covers(given, taken):
            return False
        if objective.value(change_of(given, taken)) >= current - BETTER_BY:
            return False
        swap(given, taken)
        return True

    def hand_over(giver: str, given: Candidate, receiver: str, current: float) -> bool:
        """The receiver has room for one more shift and takes the given one."""
        taken = taker(receiver, given, None)
        return taken is not None and try_move([given], [taken], current)

    def exchange(giver: str, given: Candidate, receiver: str, current: float) -> bool:
        """The receiver gives back a shift of the same week, which the giver takes over.
        Any shift: the giver's stand-in for it may have fewer nights than it (the demo team,
        28 days: leaving out shifts with as many left its night agents 10-19 h apart instead
        of 3-5 h)."""
        for back in backs(receiver, given):
            taken = taker(receiver, given, back)
            if taken is None:
                continue
            rules.give_back(given)
            rules.give_back(back)
            rules.take(taken)
            try:
                instead = next((t for t in overlapping(giver, back) if rules.day_free(t)
                                and rules.allowed(t)), None)
            finally:
                rules.give_back(taken)
                rules.take(back)
                rules.take(given)
            if instead is not None and try_move([given, back], [taken, instead], current):
                return True
        return False

    def chain(giver: str, given: Candidate, receiver: str, current: float) -> bool:
        """The receiver passes a shift of the same week to a third agent with room for it,
        and takes the given one."""
        for back in backs(receiver, given):
            taken = taker(receiver, given, back)
            if taken is None or objective.value(change_of([given, back], [taken])) >= current:
                continue
            nearby = near(back)
            for third in measures:
                if third in (giver, receiver) or third not in nearby:
                    continue
                onward = taker(third, back, None)
                if onward is not None and try_move([given, back], [taken, onward], current):
                    return True
            if deadline is not None and time.monotonic() > deadline:
                return False
        return False

    chain_misses = [0]  # chains tried since the last one taken

    def chains_spent(move: object, thorough: bool) -> bool:
        """Chains no longer pay in this pass (the first): their time goes to exchanges."""
        return move is chain and not thorough and chain_misses[0] >= CHAIN_PATIENCE

    def try_agent(giver: str, thorough: bool) -> bool:
        """One improving move away from ``giver``: the cheapest kind of move first. Only shifts
        with hours of a kind the giver has too much of unless ``thorough``."""
        current = objective.value()
        above = {k: objective.excesses(k) for k in kind_weight}  # as they stand until a move
        idlest = {k: {min(group, key=above[k].__getitem__) for group in objective.alike[k]}
                  for k in kind_weight}
        busiest = {k: {max(group, key=above[k].__getitem__) for group in objective.alike[k]}
                   for k in kind_weight}
        # Too much of a kind: above the share, or the most of an alike group. Giving away
        # another kind lowers the objective only through the totals, now and then.
        heavy = [k for k in kind_weight
                 if thorough or above[k][giver] > 0 or giver in busiest[k]]
        givens = [c for c in sorted(rules.chosen[giver].values(), key=lambda c: c.start)
                  if not c.fixed and any(amounts(c)[k] for k in heavy)]
        for move in (hand_over, exchange, chain):
            for given in givens:
                if chains_spent(move, thorough):
                    break
                kinds = [k for k in kind_weight if amounts(given)[k]]
                # Only to agents with a share of a kind the shift has, further below it, or
                # the least loaded of their alike group, or anyone when the giver is the
                # busiest of theirs (the spread term).
                nearby = near(given)
                receivers = sorted((a for a in measures if a in nearby and a != giver and any(
                    a in fractions[k] and (above[k][a] < above[k][giver] or a in idlest[k]
                                           or giver in busiest[k])
                    for k in kinds)),
                    key=lambda a: min(above[k][a] - above[k][giver] for k in kinds))
                for receiver in receivers:
                    if deadline is not None and time.monotonic() > deadline:
                        return False
                    if move(giver, given, receiver, current):
                        if move is chain:
                            chain_misses[0] = 0
                        return True
                    if move is chain:
                        chain_misses[0] += 1
                        if chains_spent(move, thorough):
                            break
        return False

    # Passes over the givers, the most above a share first, until one finds nothing; the
    # shifts of the kinds each has too much of first (a team of 400 is not through one pass
    # of every shift in the time), then every shift.
    for thorough in (False, True):
        improved = True
        while improved:
            improved = False
            above = {k: objective.excesses(k) for k in kind_weight}
            order = sorted(measures, key=lambda a: -max(above[k][a] for k in kind_weight))
            for giver in order:
                while try_agent(giver, thorough):
                    improved = True
                if deadline is not None and time.monotonic() > deadline:
                    return values
    return values
