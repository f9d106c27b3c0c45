"""The fairness repair: shifts handed from agents above their fair share to agents below it,
in plain Python, when CP-SAT has no time for the fairness stage."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from models.coverage import coverage
from models.domain import Period, Plan
from solver.check import check
from solver.engine import extract_shifts
from solver.fairness import plan_fairness
from solver.fairness_repair import repair_fairness
from solver.model import prepare
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
