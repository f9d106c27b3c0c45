"""The fairness repair: shifts handed from agents above their fair share to agents below it,
in plain Python, when CP-SAT has no time for the fairness stage."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from models.coverage import coverage
from models.domain import Period, Plan
from solver.check import check
from solver.fairness import plan_fairness
from solver.fairness_repair import repair_fairness
from solver.model import extract_shifts, prepare
from solver.types import SolveParams


def _missing_by_requirement(sc, plan, grid) -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    for row in coverage(sc, plan, grid):
        found[row.requirement_id] += row.missing
    return found


def _above_share(report, kind: str) -> float:
    return sum(max(0.0, a.of(kind).minutes - a.of(kind).share) for a in report.agents)


def _gap(report, kind: str, one: str, other: str) -> int:
    return abs(report.agent(one).of(kind).minutes - report.agent(other).of(kind).minutes)


def test_repair_makes_the_first_rota_fairer_and_misses_nobody_more(demo) -> None:
    params = SolveParams(Period(date(2026, 11, 30), 14))
    prepared = prepare(demo, params)
    first = Plan(params.period, tuple(extract_shifts(prepared, prepared.first.values)))
    values = repair_fairness(demo, prepared.candidates, prepared.demands, prepared.first.values,
                             prepared.grid, prepared.facts, params.weights)
    fairer = Plan(params.period, tuple(extract_shifts(prepared, values)))
    assert check(demo, fairer) == []
    before = _missing_by_requirement(demo, first, prepared.grid)
    after = _missing_by_requirement(demo, fairer, prepared.grid)
    assert all(after[r] <= before[r] for r in before | after), (before, after)
    old, new = plan_fairness(demo, first), plan_fairness(demo, fairer)
    assert _above_share(new, "night") < _above_share(old, "night")
    assert _above_share(new, "weekend") < _above_share(old, "weekend")
    # The two agents on the night contract, both available every night: closer than before.
    assert _gap(new, "night", "igor-petrov", "arjun-nair") < _gap(old, "night", "igor-petrov",
                                                                   "arjun-nair")


def test_a_limit_too_short_for_any_stage_keeps_the_first_rota_and_the_limit(demo) -> None:
    """Nothing runs past the time limit, not even the repair: the first rota is the plan."""
    from solver import solve

    params = SolveParams(Period(date(2026, 11, 30), 7), time_limit_s=0.01)
    result = solve(demo, params)
    assert result.stages == ()
    first = prepare(demo, params).first.values
    assert result.plan.shifts == Plan(params.period, tuple(
        extract_shifts(prepare(demo, params), first))).shifts
    assert check(demo, result.plan) == []


def _on_own_contract(sc, agent_id: str, **terms):  # type: ignore[no-untyped-def]
    """``sc`` with ``agent_id`` on a contract of its own (the factory's, with ``terms``)."""
    import dataclasses

    from tests.solver.factory import contract

    own = contract(id="own", name="Own", **terms)
    return dataclasses.replace(sc, contracts=(*sc.contracts, own), agents=tuple(
        dataclasses.replace(a, contract_id="own") if a.id == agent_id else a
        for a in sc.agents))


def _hand_overs(sc, chosen):  # type: ignore[no-untyped-def]
    """The two-week plan of the candidates ``chosen`` picks, and what the hand-overs make of
    it: no rule broken, no requirement missing more."""
    from tests.solver.factory import MONDAY

    params = SolveParams(Period(MONDAY, 14))
    prepared = prepare(sc, params)
    values = [not c.fixed and chosen(c, (c.day - MONDAY).days) for c in prepared.candidates]
    first = Plan(params.period, tuple(extract_shifts(prepared, values)))
    fairer = Plan(params.period, tuple(extract_shifts(prepared, repair_fairness(
        sc, prepared.candidates, prepared.demands, values, prepared.grid, prepared.facts,
        params.weights))))
    assert check(sc, fairer) == []
    assert _missing_by_requirement(sc, fairer, prepared.grid) == _missing_by_requirement(
        sc, first, prepared.grid)
    return first, fairer


def test_an_alike_agent_who_cannot_give_is_evened_out_by_the_idlest_taking_over() -> None:
    """Two alike agents: one works every weekend shift the Russian desk needs (nobody else
    speaks Russian, so those shifts cannot go), the other none. A third agent on a larger
    contract, at the fair share, hands weekend shifts to the idle one: nobody's share is
    crossed and coverage is the same, but the pair a manager compares is closer."""
    from tests.solver.factory import agent, requirement, scenario

    weekend = frozenset({5, 6})
    sc = _on_own_contract(scenario([agent("a", skills=("phone", "ru")), agent("b"), agent("c")],
                                   [requirement("russian", (8, 16), skills=("ru",),
                                                days=weekend),
                                    requirement("open", (8, 16), headcount=2, days=weekend)]),
                          "c", max_hours_per_week=80.0)
    first, fairer = _hand_overs(sc, lambda c, day: (
        c.agent.id in ("a", "c") and day in (5, 6, 12, 13) and c.start.hour == 8
        and c.minutes == 8 * 60))
    assert sorted(s.agent_id for s in first.shifts) == ["a"] * 4 + ["c"] * 4
    old, new = plan_fairness(sc, first), plan_fairness(sc, fairer)
    assert _gap(old, "weekend", "a", "b") == 32 * 60
    assert _gap(new, "weekend", "a", "b") == 16 * 60  # b takes two: a third crosses b's share
    assert _above_share(new, "weekend") <= _above_share(old, "weekend")


def test_the_busiest_alike_agent_gives_to_whoever_can_take_the_hours() -> None:
    """A's alike colleague B is free only in the evening, so A's mornings can only go to X, an
    agent already further above a (small) share than A. The sum above the shares does not
    move, but the pair a manager compares side by side gets closer: the move is made."""
    from tests.solver.factory import agent, requirement, scenario

    saturday, weekend = frozenset({5}), frozenset({5, 6})
    sc = _on_own_contract(scenario([agent("a", hours=(0, 12)), agent("b", hours=(12, 24)),
                                    agent("x", skills=("phone", "ru"), hours=(8, 16))],
                                   [requirement("early", (8, 12), days=weekend),
                                    requirement("late", (12, 16), skills=("ru",),
                                                days=saturday)]),
                          "x", max_hours_per_week=10.0)
    first, fairer = _hand_overs(sc, lambda c, day: c.minutes == 4 * 60 and (
        (c.agent.id == "a" and day in (5, 6, 12, 13) and c.start.hour == 8)
        or (c.agent.id == "x" and day in (5, 12) and c.start.hour == 12)))
    assert sorted(s.agent_id for s in first.shifts) == ["a"] * 4 + ["x"] * 2
    old, new = plan_fairness(sc, first), plan_fairness(sc, fairer)
    assert [s.agent_ids for s in new.alike if s.kind == "weekend"] == [("a", "b")]
    assert _gap(old, "weekend", "a", "b") == 16 * 60
    assert _gap(new, "weekend", "a", "b") <= 8 * 60
    assert new.agent("x").weekend.minutes > old.agent("x").weekend.minutes
