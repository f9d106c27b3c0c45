"""The contract rules of a rota built in plain Python (the greedy rota, the fairness
hand-overs): one place, each rule alone on a tiny instance."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from models.domain import Scenario
from solver import SolveParams
from solver.candidates import Candidate
from solver.model import prepare
from solver.rota_rules import RotaRules
from tests.solver.factory import WEEK, agent, contract, requirement, scenario, shift

MONDAY = WEEK.first_day


def _candidates(sc: Scenario) -> list[Candidate]:
    return prepare(sc, SolveParams(WEEK)).candidates


def _at(candidates: list[Candidate], day_offset: int, hour: int) -> Candidate:
    day = MONDAY + timedelta(days=day_offset)
    return next(c for c in candidates if c.day == day and c.start.hour == hour)


def test_rest_counts_a_shift_worked_before_the_period() -> None:
    """A night worked on Sunday before the period ends at 06:00 Monday: 11 h of rest."""
    night = shift("a", MONDAY - timedelta(days=1), 22, 8)
    sc = scenario([agent("a")], [requirement("open", (0, 24))], history=(night,),
                  the_contract=contract(min_shift_hours=8.0, max_shift_hours=8.0))
    candidates = _candidates(sc)
    rules = RotaRules(sc)
    evening = _at(candidates, 0, 17)  # 11 h after the night
    assert rules.allowed(evening)
    # The candidate builder leaves the morning out already; the rule says why on its own.
    morning = dataclasses.replace(evening, start=evening.start - timedelta(hours=9),
                                  end=evening.end - timedelta(hours=9))
    assert not rules.allowed(morning)  # 2 h after the night


def test_one_shift_a_day_and_rest_between_taken_shifts() -> None:
    sc = scenario([agent("a")], [requirement("open", (0, 24))],
                  the_contract=contract(min_shift_hours=8.0, max_shift_hours=8.0))
    candidates = _candidates(sc)
    rules = RotaRules(sc)
    rules.take(_at(candidates, 0, 14))  # Monday 14:00-22:00
    assert not rules.allowed(_at(candidates, 0, 6))  # a second shift on Monday
    assert not rules.allowed(_at(candidates, 1, 6))  # 8 h after Monday's
    assert rules.allowed(_at(candidates, 1, 9))  # 11 h after it
    rules.give_back(_at(candidates, 0, 14))
    assert rules.allowed(_at(candidates, 0, 6))


def test_weekly_hours_and_consecutive_days() -> None:
    sc = scenario([agent("a")], [requirement("open", (8, 16))],
                  the_contract=contract(min_shift_hours=8.0, max_shift_hours=8.0,
                                        max_hours_per_week=24.0, max_consecutive_days=5))
    candidates = _candidates(sc)
    rules = RotaRules(sc)
    for day in range(3):
        rules.take(_at(candidates, day, 8))
    assert not rules.allowed(_at(candidates, 4, 8))  # 32 h against a 24 h week
    roomy = scenario([agent("a")], [requirement("open", (8, 16))],
                     the_contract=contract(min_shift_hours=8.0, max_shift_hours=8.0,
                                           max_hours_per_week=60.0, max_consecutive_days=3))
    candidates = _candidates(roomy)
    rules = RotaRules(roomy)
    for day in range(3):
        rules.take(_at(candidates, day, 8))
    assert not rules.allowed(_at(candidates, 3, 8))  # a fourth day in a row
    assert rules.allowed(_at(candidates, 4, 8))  # after a day off
