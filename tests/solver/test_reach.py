"""Shortfall no plan can avoid (solver.reach): who could be on shift at all, and the proof it
gives where a plan misses only that."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings

from models.coverage import coverage
from models.domain import Period, Plan, Scenario, Shift, ShiftOrigin
from models.horizon import horizon
from solver import SolveParams, every_placement, solve
from solver.reach import Reach, calendars_for, misses_only_the_unavoidable
from tests.solver.factory import (
    MONDAY,
    WEEK,
    agent,
    contract,
    requirement,
    scenario,
    solved,
    utc,
)
from tests.solver.test_properties import scenarios


def _unavoidable_minutes(sc: Scenario, plan: Plan) -> int:
    reach = Reach(sc, [*sc.history, *plan.shifts], calendars_for(sc, plan),
                  horizon(sc, plan.period).start)
    return sum(reach.unavoidable(row) * row.minutes for row in coverage(sc, plan))


def test_nobody_available_is_missing_from_every_plan() -> None:
    # Ann is there 08-12 only; the desk asks for 08-16 with two people.
    sc = scenario([agent("ann", hours=(8, 12))], [requirement(hours=(8, 16), headcount=2)])
    empty = Plan(Period(MONDAY, 1), ())
    # 08-12: one of two is missing whatever happens; 12-16: both.
    assert _unavoidable_minutes(sc, empty) == 4 * 60 + 2 * 4 * 60


def test_someone_without_the_skills_could_not_count() -> None:
    sc = scenario([agent("ann", skills=())], [requirement(skills=("phone",))])
    assert _unavoidable_minutes(sc, Plan(Period(MONDAY, 1), ())) == 8 * 60


def test_a_window_shorter_than_the_shortest_shift_holds_no_shift() -> None:
    # Ann is free 08-11, the shortest shift is 4 h: no plan the rules allow has her there.
    sc = scenario([agent("ann", hours=(8, 11))], [requirement(hours=(8, 16))])
    assert _unavoidable_minutes(sc, Plan(Period(MONDAY, 1), ())) == 8 * 60


def test_a_shift_worked_before_the_period_or_locked_counts_wherever_it_lies() -> None:
    # Ann is never available at 02-06, but a night she worked before the period (history)
    # and a locked shift outside her availability are in every plan.
    sc = scenario([agent("ann", hours=(8, 16))], [requirement(hours=(0, 24))])
    night = Shift("h", "ann", utc(MONDAY, 0) - timedelta(hours=2), utc(MONDAY, 4),
                  origin=ShiftOrigin.HISTORY)
    locked = Shift("l", "ann", utc(MONDAY, 18), utc(MONDAY, 22), locked=True,
                   origin=ShiftOrigin.MANUAL)
    with_both = dataclasses.replace(sc, history=(night,))
    plan = Plan(Period(MONDAY, 1), (locked,))
    # Nobody could be there 04-08 and 16-18 and 22-24: 8 h.
    assert _unavoidable_minutes(with_both, plan) == 8 * 60


def test_a_response_allowance_claims_nothing() -> None:
    sc = scenario([agent("ann", hours=(8, 12))],
                  [dataclasses.replace(requirement(hours=(8, 16)), allowance_minutes=60)])
    assert _unavoidable_minutes(sc, Plan(Period(MONDAY, 1), ())) == 0


def test_a_plan_that_misses_only_where_nobody_could_be_is_proven_on_any_grid() -> None:
    # A 30-minute grid: the search's own proof would need every placement, this one does not.
    sc = scenario([agent("ann", hours=(8, 12))], [requirement(hours=(8, 16))], granularity=30)
    result = solved(sc, Period(MONDAY, 2))
    stats = result.plan.statistics
    assert stats.shortfall_minutes == 2 * 4 * 60
    assert stats.shortfall_proven_minimal
    assert {g.reason.value for g in result.plan.gaps} == {"not_available"}


def test_a_gap_someone_could_have_taken_is_not_proven_this_way(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Ann is free all day and has the hours for four 8 h days, but may work two days in a
    # row: the day she must rest is a rule neither bound counts, which only a search over
    # every placement proves. On a 30-minute grid the candidates are pruned, and that search
    # (solver.every_placement) is switched off here.
    monkeypatch.setattr(every_placement, "MAX_CANDIDATES", 0)
    sc = scenario([agent("ann")], [requirement(hours=(8, 16))], granularity=30,
                  the_contract=contract(max_consecutive_days=2))
    result = solved(sc, Period(MONDAY, 4))
    plan = result.plan
    assert plan.statistics.shortfall_minutes == 8 * 60
    assert not misses_only_the_unavoidable(sc, plan, coverage(sc, plan))
    assert not plan.statistics.shortfall_proven_minimal


def test_a_long_plan_whose_nights_nobody_can_work_is_proven() -> None:
    # 63 days go window by window, whose own proofs hold only given the windows before; the
    # nights have nobody, the days are covered, so the plan misses the least any plan can.
    agents = [agent(f"early{k}", hours=(6, 14)) for k in (1, 2)]
    agents += [agent(f"late{k}", hours=(14, 22)) for k in (1, 2)]
    sc = scenario(agents, [requirement("desk", (0, 24))],
                  the_contract=contract(min_shift_hours=8.0, max_shift_hours=8.0))
    result = solved(sc, Period(MONDAY, 63), time_limit=20.0)
    stats = result.plan.statistics
    assert stats.shortfall_minutes == 63 * 8 * 60
    assert stats.shortfall_proven_minimal
    assert stats.best_bound is None


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_no_plan_misses_less_than_the_unavoidable(sc: Scenario) -> None:
    """The bound holds for every plan the rules allow: for the solver's plans on random small
    teams (zones with half hours, two requirements, dedicated duties) it never exceeds what
    they miss, counted on the plan's own rows or on the bare grid's."""
    result = solve(sc, SolveParams(WEEK, time_limit_s=1.0, workers=2, seed=3))
    plan = result.plan
    missing = sum(r.missing_minutes for r in coverage(sc, plan))
    assert _unavoidable_minutes(sc, plan) <= missing
    assert _unavoidable_minutes(sc, Plan(WEEK, ())) <= missing
    if plan.statistics.shortfall_proven_minimal:
        assert missing == plan.statistics.shortfall_minutes
