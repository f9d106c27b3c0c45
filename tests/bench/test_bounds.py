"""The engine's proven bound in hours (``bench.bounds.engine_bound_hours``): said only where it
bounds every plan, and in hours even when priorities weigh the objective."""

from __future__ import annotations

import dataclasses

from bench.bounds import engine_bound_hours
from solver import SolveParams, solve
from tests.solver.factory import WEEK, agent, contract, requirement, scenario

EIGHT_HOURS = contract(min_shift_hours=8.0, max_shift_hours=8.0)


def test_a_desk_open_longer_than_one_shift_is_proven_to_miss_the_rest() -> None:
    desk = scenario([agent("ana")], [requirement(hours=(6, 18))], the_contract=EIGHT_HOURS)
    result = solve(desk, SolveParams(WEEK, time_limit_s=10.0, workers=1, seed=0))
    stats = result.plan.statistics
    # A 12 h desk for 7 days, five 8 h shifts in a week (40 h at most).
    assert stats.shortfall_minutes == (7 * 12 - 5 * 8) * 60
    assert engine_bound_hours(desk, WEEK, stats.best_bound) == 44.0


def test_the_heaviest_priority_turns_the_weighted_bound_into_hours() -> None:
    desk = scenario([agent("ana")], [requirement("phone", hours=(6, 18), priority=1),
                                     requirement("mail", hours=(6, 18), priority=2)],
                    the_contract=EIGHT_HOURS)
    # Priority 1 weighs 2 (one more than the most people priority 2 asks for at once).
    assert engine_bound_hours(desk, WEEK, 10) == 5.0


def test_no_bound_in_hours_where_the_candidates_are_pruned_or_holes_count() -> None:
    pruned = scenario([agent("ana")], [requirement(hours=(6, 18))])  # 4-8 h: three lengths
    assert engine_bound_hours(pruned, WEEK, 10) is None
    mail = dataclasses.replace(requirement(hours=(6, 18)), allowance_minutes=60)
    holes = scenario([agent("ana")], [mail], the_contract=EIGHT_HOURS)
    assert engine_bound_hours(holes, WEEK, 10) is None
    assert engine_bound_hours(scenario([agent("ana")], the_contract=EIGHT_HOURS), WEEK,
                              None) is None
