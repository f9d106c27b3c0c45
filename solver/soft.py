"""Soft rules: ``penalize_<rule>(model, scenario, vars, weights) -> list[PenaltyTerm]``.

Every term carries its rule, a label and the ids it concerns, so the UI can explain the plan
("night hours spread between Igor and Arjun: 14 h"). Tiers: 1 coverage, 2 changes against a
previous plan, 3 people (fairness: :mod:`solver.fairness`), 4 money (:mod:`solver.cost`);
``solver/engine.py`` optimises them in that order (money before people when the manager asks
for the cheapest plan).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.domain import DutyKind, Plan, Scenario
from solver.min_hours import period_days, weekly_minimums
from solver.types import Weights
from solver.variables import Variables

TIER_COVERAGE, TIER_CHANGES, TIER_PEOPLE, TIER_COST = 1, 2, 3, 4


@dataclass(frozen=True, slots=True)
class PenaltyTerm:
    rule: str
    label: str
    ids: tuple[str, ...]
    expr: cp_model.LinearExprT  # the amount, in the rule's unit
    weight: int
    tier: int
    unit_minutes: int = 0  # persons × slots (shortfall, holes, overstaffing): the slot's minutes
    high: int | None = None  # the most ``expr`` can be, where a stage needs it (changes)


def priority_weights(scenario: Scenario) -> dict[int, int]:
    """Weights per priority such that one missing person in a priority-p slot outweighs a whole
    slot of priority p+1 left empty: w3 = 1, w2 = max headcount(p3) + 1, w1 = w2 · max(p2) + 1."""
    top: dict[int, int] = defaultdict(int)
    for r in scenario.target.requirements:
        top[r.priority] = max(top[r.priority], r.headcount,
                              *(o.headcount for o in scenario.target.overrides
                                if o.requirement_id in (None, r.id)))
    w3 = 1
    w2 = top[3] * w3 + 1
    w1 = top[2] * w2 + 1
    return {1: w1, 2: w2, 3: w3}


def penalize_shortfall(model: cp_model.CpModel, scenario: Scenario, v: Variables,
                       weights: Weights) -> list[PenaltyTerm]:
    """Coverage: per requirement and slot, people missing below the headcount, weighed by the
    slot's real length (a slot split at an agent's +05:45 boundary weighs its minutes).
    Requirements with a response allowance are counted by their holes instead
    (:func:`solver.response.penalize_response_holes`)."""
    requirements = {r.id: r for r in scenario.target.requirements}
    by_priority = priority_weights(scenario)
    terms: list[PenaltyTerm] = []
    for d in v.demands:
        r = requirements[d.requirement_id]
        if r.allowance_minutes > 0:
            continue
        label = f"{r.name} short at slot {d.slot}"
        if v.decided(d.slot):  # only locked shifts here: the shortfall is a constant
            missing = max(0, d.headcount - v.fixed_count(r.id, d.slot))
            if missing:
                terms.append(PenaltyTerm("shortfall", label, (r.id,), missing,
                                         by_priority[r.priority] * v.grid.slot_weight(d.slot),
                                         TIER_COVERAGE, v.grid.slot_minutes(d.slot)))
            continue
        on = v.counted(r.id, d.slot)
        if on:
            short = v.new_int(0, d.headcount, f"short[{r.id}|{d.slot}]")
            model.add(cp_model.LinearExpr.sum([*on, short]) >= d.headcount)
            v.shortfalls.append((short, on, d.headcount))
            expr: cp_model.LinearExprT = short
        else:
            expr = d.headcount
        terms.append(PenaltyTerm("shortfall", label, (r.id,), expr,
                                 by_priority[r.priority] * v.grid.slot_weight(d.slot),
                                 TIER_COVERAGE, v.grid.slot_minutes(d.slot)))
    return terms


def penalize_changes(model: cp_model.CpModel, scenario: Scenario, v: Variables,
                     weights: Weights, previous: Plan | None) -> list[PenaltyTerm]:
    """Re-planning: each unlocked shift of the previous plan not kept as it was, and each shift
    added (a move counts twice: it is both)."""
    if previous is None:
        return []
    kept = {c.shift.id: c.index for c in v.candidates if c.shift is not None and not c.fixed}
    fixed = {c.shift.id for c in v.candidates if c.shift is not None and c.fixed}
    terms = []
    for shift in previous.shifts:
        if shift.id in fixed:
            continue
        expr: cp_model.LinearExprT = 1 - v.x[kept[shift.id]] if shift.id in kept else 1
        terms.append(PenaltyTerm("change", f"previous shift {shift.id} changed",
                                 (shift.agent_id, shift.id), expr, weights.change, TIER_CHANGES,
                                 high=1))
    new = [c.index for c in v.candidates if c.shift is None and not c.fixed]
    if new:
        # At most one shift per agent and local day: that many can be added.
        days = len({(v.candidates[i].agent.id, v.candidates[i].day) for i in new})
        terms.append(PenaltyTerm("change", "shifts added", (), sum(v.x[i] for i in new),
                                 weights.change, TIER_CHANGES, high=days))
    return terms


def penalize_under_min_hours(model: cp_model.CpModel, scenario: Scenario, v: Variables,
                             weights: Weights) -> list[PenaltyTerm]:
    """Weekly minimum hours, soft: prorated to the days of the ISO week that lie in the period
    and are not time off or holidays (a partial week asks for less, a vacation week for none;
    :func:`solver.min_hours.weekly_minimums`, which the checker's warnings use too)."""
    terms = []
    for agent_id, indices in v.by_agent.items():
        agent = scenario.agent(agent_id)
        contract = scenario.contract_of(agent)
        if contract.min_hours_per_week <= 0:
            continue
        weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in indices:
            c = v.candidates[i]
            if not c.standby:  # standby hours do not fill the weekly minimum
                weeks[c.week].append(i)
        minimums = weekly_minimums(v.facts[agent_id].calendar,
                                   period_days(scenario, v.grid.start, v.grid.end))
        for week, group in weeks.items():
            target = minimums.get(week, 0)
            if target <= 0:
                continue
            under = v.new_int(0, target, f"under[{agent_id}|{week[0]}W{week[1]}]")
            model.add(v.worked_minutes(group) + under >= target)
            v.derive(under, _shortfall_of(v, [(i, v.candidates[i].worked_minutes) for i in group],
                                          target))
            terms.append(PenaltyTerm("under_min_hours",
                                     f"{agent.label} under weekly minimum, week {week[1]}",
                                     (agent_id,), under, weights.under_min_hours, TIER_PEOPLE))
    return terms


def _shortfall_of(v: Variables, terms: list[tuple[int, int]],
                  target: int) -> Callable[[dict[int, int]], int]:
    return lambda known: max(0, target - v.value_of(known, terms))


def _excess_of(on: list[cp_model.IntVar], headcount: int) -> Callable[[dict[int, int]], int]:
    return lambda known: max(0, sum(known[o.index] for o in on) - headcount)


Terms = list[tuple[int, int]]  # (candidate index, coefficient)


def _spread(model: cp_model.CpModel, v: Variables, name: str, values: dict[str, Terms],
            high: int) -> cp_model.IntVar | None:
    """The largest of some per-agent sums (the *peak*), as one variable.

    Minimising the peak, not most-minus-fewest: both narrow the spread, but a fewest term
    pays for giving the least loaded agent work nobody needs; a peak never does.
    """
    if len(values) < 2:
        return None
    top = v.new_int(0, high, f"{name}_peak")
    for terms in values.values():
        model.add(top >= sum(coef * v.x[i] for i, coef in terms))
    groups = list(values.values())
    v.derive(top, lambda k: max(v.value_of(k, t) for t in groups))
    return top


def penalize_contract_spread(model: cp_model.CpModel, scenario: Scenario, v: Variables,
                             weights: Weights) -> list[PenaltyTerm]:
    """Fair load: the largest load of any agent, hours as a share of the contract's weekly
    maximum (in 0.1 %). The peak, not most minus fewest (see :func:`_spread`)."""
    weeks = max(1, round(v.grid.minutes / (7 * 24 * 60)))
    values: dict[str, Terms] = {}
    high = 0
    for agent_id, indices in v.by_agent.items():
        capacity = scenario.contract_of(scenario.agent(agent_id)).max_hours_per_week * 60 * weeks
        if capacity <= 0:
            continue
        values[agent_id] = [(i, round(v.candidates[i].worked_minutes * 1000 / capacity))
                            for i in indices]
        high = max(high, sum(coef for _, coef in values[agent_id]))
    spread = _spread(model, v, "contract_load", values, high)
    if spread is None:
        return []
    return [PenaltyTerm("contract_spread", "highest load, 0.1 % of contract", tuple(sorted(values)),
                        spread, weights.contract_spread, TIER_PEOPLE)]


def penalize_unpreferred(model: cp_model.CpModel, scenario: Scenario, v: Variables,
                         weights: Weights) -> list[PenaltyTerm]:
    """Minutes outside an agent's preferred windows (only for agents who stated preferences)."""
    terms = []
    for agent_id, indices in v.by_agent.items():
        useful = [i for i in indices if v.candidates[i].unpreferred_minutes > 0]
        if useful:
            expr = sum(v.candidates[i].unpreferred_minutes * v.x[i] for i in useful)
            terms.append(PenaltyTerm("unpreferred", f"{agent_id} outside preferred hours",
                                     (agent_id,), expr, weights.unpreferred, TIER_PEOPLE))
    return terms


def penalize_overstaffing(model: cp_model.CpModel, scenario: Scenario, v: Variables,
                          weights: Weights) -> list[PenaltyTerm]:
    """More people on a dedicated duty than it asks for (they could serve shared queues)."""
    requirements = {r.id: r for r in scenario.target.requirements}
    terms = []
    for d in v.demands:
        r = requirements[d.requirement_id]
        if r.duty is not DutyKind.DEDICATED or v.decided(d.slot):
            continue
        on = v.counted(r.id, d.slot)
        high = sum(v.count_high(var) for var in on)
        if high <= d.headcount:
            continue
        over = v.new_int(0, high - d.headcount, f"over[{r.id}|{d.slot}]")
        model.add(over >= sum(on) - d.headcount)
        v.derive(over, _excess_of(on, d.headcount))
        terms.append(PenaltyTerm("overstaffing", f"{r.name} overstaffed at slot {d.slot}",
                                 (r.id,), over,
                                 weights.overstaffing * v.grid.slot_weight(d.slot), TIER_COST,
                                 v.grid.slot_minutes(d.slot)))
    return terms


def penalize_work(model: cp_model.CpModel, scenario: Scenario, v: Variables,
                  weights: Weights) -> list[PenaltyTerm]:
    """Minutes worked, so that no shift is planned that covers nothing; a standby minute
    weighs the team's standby rate."""
    if weights.work <= 0 or not v.candidates:
        return []
    rate = scenario.team.premiums.standby_rate
    # A standby minute weighs its standby rate (at least one per shift, so no standby shift is
    # planned that covers nothing).
    worked = sum((max(1, round(c.minutes * rate)) if c.standby else c.minutes) * v.x[c.index]
                 for c in v.candidates)
    return [PenaltyTerm("work", "minutes worked", (), worked, weights.work, TIER_PEOPLE)]
