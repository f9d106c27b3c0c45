"""Fair shares: who should work how many night, weekend and public-holiday hours.

An agent's fair share of a kind of hours is the team's minutes of that kind in the plan, shared
in proportion to *contract hours × eligible minutes*: the contract's weekly hours times the
minutes of that kind (nights, local weekends, public holidays) the agent is available for in
the period, judged in the agent's own zone and country and counted in real elapsed minutes (a
fall-back night is nine hours long). An agent never available at night has no night share; a
part-timer available every night has a smaller one than a full-timer available every night.
Shares can carry a balance from earlier published plans (:class:`solver.types.CarriedBalance`):
an agent who had more than the share then has that much less now.

The objective (tier 3) is, for each kind, the **sum of the minutes each agent works above the
fair share, plus the largest amount by which any agent is above (or least below) it**. Why
not most-minus-fewest: with shares in proportion to contract and availability, agents have
different targets, so a raw spread compares unlike things; and any term that rewards raising
the least loaded agent rewards planning shifts that cover nothing. Why not the sum of absolute
deviations: its "below the share" half rewards the same useless shifts. Above-the-share terms
can only fall by moving work from an agent above the share to one below it, or by dropping
work nobody needs; with the team's total fixed, what is above the shares equals what is below,
so bringing everyone down to the share brings everyone up to it. The largest term does the
rest when the total falls during the stage: it keeps pulling the most loaded agent toward the
others. In the solver the shares are fixed from the plan the stage starts from (the coverage
stage's): the total of each kind moves little once coverage is fixed, and fixed shares keep
the terms linear and small. The report (:func:`plan_fairness`) computes them from the final
plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, time, timedelta

from ortools.sat.python import cp_model

from models.domain import Agent, Plan, Scenario
from models.horizon import Horizon, horizon
from models.timerules import Interval, agent_holidays, local_date, to_utc
from solver.candidates import AgentFacts, agent_facts
from solver.soft import TIER_PEOPLE, PenaltyTerm
from solver.types import (
    FAIRNESS_KINDS,
    AgentFairness,
    AlikeSpread,
    CarriedBalance,
    FairnessReport,
    FairShare,
    Weights,
)
from solver.variables import Variables

Intervals = Sequence[Interval]


def holiday_intervals(agent: Agent, grid: Horizon) -> tuple[Interval, ...]:
    """The agent's public holidays around the horizon as UTC intervals of local days."""
    zone = agent.time_zone
    first = local_date(grid.start, zone) - timedelta(days=1)
    last = local_date(grid.end, zone) + timedelta(days=1)
    days = sorted(agent_holidays(agent, first, last))
    return tuple(Interval(to_utc(d, time(0), zone), to_utc(d + timedelta(days=1), time(0), zone))
                 for d in days)


def overlap(intervals: Intervals, start: datetime, end: datetime) -> int:
    """Minutes of ``[start, end)`` inside sorted, disjoint intervals."""
    total = 0
    for iv in intervals:
        if iv.start >= end:
            break
        if iv.end > start:
            total += round((min(iv.end, end) - max(iv.start, start)).total_seconds() // 60)
    return total


def _intersection_minutes(a: Intervals, b: Intervals, window: Interval) -> int:
    """Minutes inside ``window`` that lie in both sorted, disjoint interval lists."""
    total, j = 0, 0
    for iv in a:
        start, end = max(iv.start, window.start), min(iv.end, window.end)
        if start >= end:
            continue
        while j < len(b) and b[j].end <= start:
            j += 1
        k = j
        while k < len(b) and b[k].start < end:
            total += overlap((b[k],), start, end)
            k += 1
    return total


class KindMinutes:
    """Night, weekend and holiday minutes of any stretch of one agent's time, in the agent's
    own zone and country (the same rules as the hours report, :mod:`exports.hours`)."""

    def __init__(self, facts: AgentFacts, holidays: tuple[Interval, ...]) -> None:
        self.facts, self.holidays = facts, holidays

    def of(self, kind: str, start: datetime, end: datetime) -> int:
        if kind == "night":
            return self.facts.night_minutes(start, end)
        if kind == "weekend":
            return self.facts.weekend_minutes(start, end)
        return overlap(self.holidays, start, end)

    def intervals(self, kind: str) -> Intervals:
        return {"night": self.facts.nights, "weekend": self.facts.weekends,
                "holiday": self.holidays}[kind]

    def eligible(self, kind: str, grid: Horizon) -> int:
        """Minutes of this kind inside the horizon that the agent is available for (time off,
        and public holidays the contract does not work, already taken out)."""
        return _intersection_minutes(self.facts.calendar.available, self.intervals(kind),
                                     Interval(grid.start, grid.end))

    def days_on(self, grid: Horizon, agent: Agent) -> int:
        """Local days of the horizon the agent is not off (time off, holidays not worked)."""
        zone = agent.time_zone
        first, last = local_date(grid.start, zone), local_date(grid.end - timedelta(minutes=1),
                                                                zone)
        blocked = self.facts.calendar.blocked
        return sum(first + timedelta(days=i) not in blocked
                   for i in range((last - first).days + 1))


def kind_minutes(scenario: Scenario, grid: Horizon,
                 facts: Mapping[str, AgentFacts] | None = None) -> dict[str, KindMinutes]:
    """Per active agent, the measure of night, weekend and holiday minutes."""
    found = {}
    for agent in scenario.active_agents():
        info = facts[agent.id] if facts is not None and agent.id in facts else agent_facts(
            scenario, agent, grid)
        found[agent.id] = KindMinutes(info, holiday_intervals(agent, grid))
    return found


def share_weights(scenario: Scenario, grid: Horizon,
                  measures: Mapping[str, KindMinutes]) -> dict[str, dict[str, float]]:
    """Per kind ("hours", "night", "weekend", "holiday"), each agent's weight in the shares:
    contract hours × eligible minutes (for all hours: × days not off). Zero: no share."""
    weights: dict[str, dict[str, float]] = defaultdict(dict)
    for agent in scenario.active_agents():
        contract_hours = scenario.contract_of(agent).max_hours_per_week
        measure = measures[agent.id]
        weights["hours"][agent.id] = contract_hours * measure.days_on(grid, agent)
        for kind in FAIRNESS_KINDS:
            weights[kind][agent.id] = contract_hours * measure.eligible(kind, grid)
    return weights


def alike_groups(scenario: Scenario, grid: Horizon,
                 measures: Mapping[str, KindMinutes]) -> dict[str, list[tuple[str, ...]]]:
    """Per kind of hours: the groups of two or more agents a manager compares side by side, on
    the same contract and available for the same hours of that kind (to the hour), so with the
    same fair share: the two night agents, the full-timers free every weekend."""
    groups: dict[str, list[tuple[str, ...]]] = {}
    for kind in FAIRNESS_KINDS:
        found: dict[tuple[str, int], list[str]] = defaultdict(list)
        for agent in scenario.active_agents():
            eligible = measures[agent.id].eligible(kind, grid)
            if eligible > 0:
                found[(agent.contract_id, round(eligible / 60))].append(agent.id)
        groups[kind] = [tuple(g) for g in found.values() if len(g) > 1]
    return groups


def kind_weights(weights: Weights) -> dict[str, int]:
    """The weight of each kind of hours whose fairness counts (weight above 0)."""
    found = {"night": weights.fair_night, "weekend": weights.fair_weekend,
             "holiday": weights.fair_holiday}
    return {kind: w for kind, w in found.items() if w > 0}


def share_fractions(weights: Mapping[str, float]) -> dict[str, float]:
    """Each agent's fraction of a kind's total, by share weight (:func:`share_weights`);
    agents with no share are left out."""
    pool = {a: w for a, w in weights.items() if w > 0}
    whole = sum(pool.values())
    return {a: w / whole for a, w in pool.items()} if whole > 0 else {}


def fair_shares(total: float, weights: Mapping[str, float]) -> dict[str, float]:
    """``total`` shared in proportion to the weights (nothing to anyone when all are zero)."""
    whole = sum(weights.values())
    if whole <= 0:
        return dict.fromkeys(weights, 0.0)
    return {agent_id: total * w / whole for agent_id, w in weights.items()}


def carried_of(carried: Iterable[CarriedBalance]) -> dict[str, CarriedBalance]:
    return {c.agent_id: c for c in carried}


def plan_fairness(scenario: Scenario, plan: Plan, carried: Iterable[CarriedBalance] = (),
                  *, grid: Horizon | None = None,
                  facts: Mapping[str, AgentFacts] | None = None) -> FairnessReport:
    """Each active agent's hours, nights, weekends and holidays in ``plan`` against the fair
    share of the plan's totals (shifts of agents no longer active count in no total)."""
    grid = grid or horizon(scenario, plan.period)
    measures = kind_minutes(scenario, grid, facts)
    weights = share_weights(scenario, grid, measures)
    worked: dict[str, dict[str, int]] = {a: defaultdict(int) for a in measures}
    for shift in plan.shifts:
        measure = measures.get(shift.agent_id)
        if measure is None:
            continue
        mine = worked[shift.agent_id]
        mine["hours"] += shift.minutes
        for kind in FAIRNESS_KINDS:
            mine[kind] += measure.of(kind, shift.start, shift.end)
    balances = carried_of(carried)
    shares = {kind: fair_shares(sum(w[kind] for w in worked.values()), weights[kind])
              for kind in ("hours", *FAIRNESS_KINDS)}
    agents = []
    for agent in scenario.active_agents():
        balance = balances.get(agent.id, CarriedBalance(agent.id))

        def entry(kind: str, agent_id: str = agent.id, balance: CarriedBalance = balance
                  ) -> FairShare:
            return FairShare(worked[agent_id][kind], shares[kind][agent_id],
                             0 if kind == "hours" else balance.of(kind))

        agents.append(AgentFairness(agent.id, agent.label, entry("hours"), entry("night"),
                                    entry("weekend"), entry("holiday")))
    longest: dict[str, int] = defaultdict(int)
    for shift in plan.shifts:
        longest[shift.agent_id] = max(longest[shift.agent_id], shift.minutes)
    alike = tuple(
        AlikeSpread(kind, group, tuple(scenario.agent(a).label for a in group),
                    tuple(worked[a][kind] for a in group), max(longest[a] for a in group))
        for kind, groups in alike_groups(scenario, grid, measures).items() for group in groups)
    return FairnessReport(tuple(agents), alike)


def penalize_unfair_shares(model: cp_model.CpModel, scenario: Scenario, v: Variables,
                           weights: Weights, values: Sequence[bool] | None,
                           carried: Iterable[CarriedBalance] = ()) -> list[PenaltyTerm]:
    """Night, weekend and holiday minutes above each agent's fair share, and the largest
    amount above it (see the module's docstring for why these and not a spread).

    ``values``: the plan the stage starts from, whose totals fix the shares (None: the
    candidates' own first plan is not known, so no terms)."""
    if values is None:
        return []
    measures = kind_minutes(scenario, v.grid, v.facts)
    share_of = share_weights(scenario, v.grid, measures)
    alike = alike_groups(scenario, v.grid, measures)
    balances = carried_of(carried)
    terms: list[PenaltyTerm] = []
    for kind, weight in kind_weights(weights).items():
        amounts: dict[str, list[tuple[int, int]]] = {}
        total = 0
        for agent_id, indices in v.by_agent.items():
            measure = measures.get(agent_id)
            if measure is None:
                continue
            c_of = v.candidates
            useful = [(i, m) for i in indices
                      if (m := measure.of(kind, c_of[i].start, c_of[i].end)) > 0]
            if useful:
                amounts[agent_id] = useful
                total += sum(m for i, m in useful if values[i])
        pool = {a: w for a, w in share_of[kind].items() if a in amounts and w > 0}
        if not any(pool.values()):
            continue
        shares = fair_shares(total, pool)
        targets = {a: round(shares[a]) - (balances[a].of(kind) if a in balances else 0)
                   for a in pool}
        terms.extend(_above_share(model, scenario, v, kind, weight, amounts, targets))
        terms.extend(_most_among_alike(model, scenario, v, kind, weight, amounts, targets,
                                       alike[kind]))
    return terms


def cap_alike_spreads(model: cp_model.CpModel, scenario: Scenario, v: Variables,
                      weights: Weights, values: Sequence[bool],
                      carried: Iterable[CarriedBalance] = ()) -> None:
    """Keep each group of alike agents (:func:`alike_groups`) as even as ``values`` has it, or
    within one shift (the contract's longest) where it is already: most minus fewest of each
    kind, each counted with the balance carried from earlier plans, may not grow past that.

    For a search by neighbourhoods after the hand-overs of :mod:`solver.fairness_repair`,
    which even out these groups: the terms above cannot see the fewest, so without this cap a
    step that lowers them may spread a group again (demo team, 28 days, on a quiet machine:
    weekends 10-23 h apart in four seeds of five, against 2-9 h after the hand-overs). A cap,
    not a term: it never rewards planning a shift, and the plan ``values`` meets it.
    """
    measures = kind_minutes(scenario, v.grid, v.facts)
    balances = carried_of(carried)
    for kind in kind_weights(weights):
        for group in alike_groups(scenario, v.grid, measures)[kind]:
            rows: list[tuple[list[tuple[int, int]], int, int]] = []
            for agent_id in group:
                useful = [(i, m) for i in v.by_agent.get(agent_id, ())
                          if (m := measures[agent_id].of(kind, v.candidates[i].start,
                                                         v.candidates[i].end)) > 0]
                before = balances[agent_id].of(kind) if agent_id in balances else 0
                rows.append((useful, before, before + sum(m for i, m in useful if values[i])))
            now = [balance for _, _, balance in rows]
            one_shift = max(round(scenario.contract_of(scenario.agent(a)).max_shift_hours * 60)
                            for a in group)
            cap = max(max(now) - min(now), one_shift)
            for most, most_before, _ in rows:
                for fewest, fewest_before, _ in rows:
                    if most is not fewest and most:
                        model.add(sum(m * v.x[i] for i, m in most)
                                  - sum(m * v.x[i] for i, m in fewest)
                                  <= cap - most_before + fewest_before)


def _most_among_alike(model: cp_model.CpModel, scenario: Scenario, v: Variables, kind: str,
                      weight: int, amounts: dict[str, list[tuple[int, int]]],
                      targets: dict[str, int],
                      groups: list[tuple[str, ...]]) -> list[PenaltyTerm]:
    """Per group of alike agents (:func:`alike_groups`), the most any of them works above (or
    least below) the share. The sum above the shares is blind to two alike agents both under
    their share, one with every weekend and one with none; this peak is not, and it can only
    fall by moving work away from the group's busiest, never by planning a useless shift."""
    terms: list[PenaltyTerm] = []
    rule = f"fair_{kind}_alike"
    for group in groups:
        members = [a for a in group if a in amounts and a in targets]
        if len(members) < 2:
            continue
        rows = [(amounts[a], targets[a]) for a in members]
        low = max(-max(0, t) for _, t in rows)
        high = max(0, *(sum(m for _, m in u) - t for u, t in rows))
        peak = v.new_int(low, high, f"{rule}[{'|'.join(members)}]")
        for useful, target in rows:
            model.add(peak >= sum(m * v.x[i] for i, m in useful) - target)
        v.derive(peak, _peak_of(v, rows))
        names = ", ".join(scenario.agent(a).label for a in members)
        terms.append(PenaltyTerm(rule, f"most {kind} minutes among {names}", tuple(members),
                                 peak, weight, TIER_PEOPLE))
    return terms


def _peak_of(v: Variables, rows: list[tuple[list[tuple[int, int]], int]]
             ) -> Callable[[dict[int, int]], int]:
    return lambda known: max(v.value_of(known, u) - t for u, t in rows)


def _above_share(model: cp_model.CpModel, scenario: Scenario, v: Variables, kind: str,
                 weight: int, amounts: dict[str, list[tuple[int, int]]],
                 targets: dict[str, int]) -> list[PenaltyTerm]:
    terms: list[PenaltyTerm] = []
    rule = f"fair_{kind}"
    for agent_id, useful in amounts.items():
        target = targets.get(agent_id, 0)  # no share: every minute is above it
        high = sum(m for _, m in useful)
        if high <= target:
            continue
        above = v.new_int(0, high - target, f"{rule}_above[{agent_id}]")
        model.add(above >= sum(m * v.x[i] for i, m in useful) - target)
        v.derive(above, _above_of(v, useful, target))
        label = scenario.agent(agent_id).label
        terms.append(PenaltyTerm(rule, f"{label}: {kind} minutes above the fair share",
                                 (agent_id,), above, weight, TIER_PEOPLE))
    pool = {a: useful for a, useful in amounts.items() if a in targets}
    if len(pool) > 1:
        # Only agents with a share: one without would pin the largest at zero or more.
        groups = [(useful, targets[a]) for a, useful in pool.items()]
        low = max(-max(0, t) for _, t in groups)
        high = max(0, *(sum(m for _, m in u) - t for u, t in groups))
        peak = v.new_int(low, high, f"{rule}_largest")
        for useful, target in groups:
            model.add(peak >= sum(m * v.x[i] for i, m in useful) - target)
        v.derive(peak, lambda known: max(v.value_of(known, u) - t for u, t in groups))
        terms.append(PenaltyTerm(f"{rule}_largest",
                                 f"largest {kind} minutes above (or least below) a fair share",
                                 tuple(sorted(pool)), peak, weight, TIER_PEOPLE))
    return terms


def _above_of(v: Variables, useful: list[tuple[int, int]],
              target: int) -> Callable[[dict[int, int]], int]:
    return lambda known: max(0, v.value_of(known, useful) - target)
