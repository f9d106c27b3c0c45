"""The rule book (:mod:`solver.contract_rules`): each contract rule alone on a tiny instance.

One agent, a contract that only the rule under test can object to, and a plan whose last
shift breaks it. For a rule between shifts, its three faces must agree: the checker reports
that rule and no other, the quick test of a rota built one shift at a time refuses the last
shift, and the CP-SAT model has no plan with all of them (but has one without the last). A
rule one shift breaks on its own (length, availability, daily hours) is kept by the candidate
builder: the checker reports it, and no candidate like the shift exists.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from ortools.sat.python import cp_model

from models.domain import Plan, Shift
from solver import SolveParams
from solver.check import check
from solver.contract_rules import RULE_BOOK, RULE_WORDS
from solver.model import build_model, prepare
from solver.rota_rules import RotaRules
from tests.solver.factory import WEEK, agent, contract, requirement, scenario, shift

MONDAY = WEEK.first_day
LOOSE = {"min_rest_hours": 0.0, "max_consecutive_days": 7, "max_nights_per_week": 7,
         "max_hours_per_week": 60.0, "max_hours_per_day": 10.0, "min_shift_hours": 4.0,
         "max_shift_hours": 8.0}

# rule, the contract terms it needs, the agent's hours, shifts as (day, start hour, hours)
BETWEEN_SHIFTS = [
    ("one_shift_per_day", {}, (0, 24), [(0, 6, 4), (0, 14, 4)]),
    ("min_rest", {"min_rest_hours": 11.0}, (0, 24), [(0, 14, 8), (1, 6, 4)]),
    ("max_weekly_hours", {"max_hours_per_week": 12.0}, (0, 24), [(0, 8, 8), (2, 8, 8)]),
    ("max_consecutive_days", {"max_consecutive_days": 2}, (0, 24),
     [(0, 8, 4), (1, 8, 4), (2, 8, 4)]),
    ("max_nights_per_week", {"max_nights_per_week": 1}, (0, 24), [(0, 22, 8), (2, 22, 8)]),
]
ON_ITS_OWN = [
    ("shift_length", {}, (0, 24), (0, 8, 2)),
    ("availability", {}, (8, 16), (0, 12, 8)),
    ("max_daily_hours", {"max_hours_per_day": 6.0}, (0, 24), (0, 8, 8)),
]


def _scenario(terms: dict[str, float], hours: tuple[int, int]):  # type: ignore[no-untyped-def]
    return scenario([agent("a", hours=hours)], [requirement("open", (0, 24))],
                    the_contract=contract(**{**LOOSE, **terms}))


def _shifts(spec: list[tuple[int, int, int]]) -> list[Shift]:
    return [shift("a", MONDAY + timedelta(days=d), h, n) for d, h, n in spec]


def test_every_contract_rule_is_in_the_book_once_with_words() -> None:
    names = [rule.name for rule in RULE_BOOK]
    assert len(names) == len(set(names))
    assert {name for name, *_ in BETWEEN_SHIFTS + ON_ITS_OWN} == set(names)
    assert all(RULE_WORDS[name] for name in names)


@pytest.mark.parametrize(("rule", "terms", "hours", "spec"), BETWEEN_SHIFTS,
                         ids=[r[0] for r in BETWEEN_SHIFTS])
def test_a_rule_between_shifts_alone(rule: str, terms: dict[str, float],
                                     hours: tuple[int, int],
                                     spec: list[tuple[int, int, int]]) -> None:
    sc = _scenario(terms, hours)
    shifts = _shifts(spec)
    assert {v.rule for v in check(sc, Plan(WEEK, tuple(shifts)))} == {rule}
    assert check(sc, Plan(WEEK, tuple(shifts[:-1]))) == []

    prepared = prepare(sc, SolveParams(WEEK))
    wanted = [next(c for c in prepared.candidates
                   if (c.start, c.end) == (s.start, s.end) and c.duty is None) for s in shifts]
    rota = RotaRules(sc)
    for c in wanted[:-1]:
        assert rota.allowed(c)
        rota.take(c)
    assert not rota.allowed(wanted[-1])
    assert [r.name for r in RULE_BOOK if not r.allows(rota, wanted[-1])] == [rule]

    for chosen, feasible in ((wanted, False), (wanted[:-1], True)):
        built = build_model(prepared)
        assert built is not None
        for c in chosen:
            built.model.add(built.vars.x[c.index] == 1)
        status = cp_model.CpSolver().solve(built.model)
        assert (status in (cp_model.OPTIMAL, cp_model.FEASIBLE)) is feasible, rule


@pytest.mark.parametrize(("rule", "terms", "hours", "spec"), ON_ITS_OWN,
                         ids=[r[0] for r in ON_ITS_OWN])
def test_a_rule_of_one_shift_alone(rule: str, terms: dict[str, float], hours: tuple[int, int],
                                   spec: tuple[int, int, int]) -> None:
    sc = _scenario(terms, hours)
    (bad,) = _shifts([spec])
    assert {v.rule for v in check(sc, Plan(WEEK, (bad,)))} == {rule}
    prepared = prepare(sc, SolveParams(WEEK))
    assert prepared.candidates, "the agent has other shifts to work"
    assert not any((c.start, c.end) == (bad.start, bad.end) for c in prepared.candidates)
