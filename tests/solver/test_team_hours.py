"""Shortfall no plan can avoid because the team has too few hours (solver.team_hours): the
max-flow bound, and the proof it gives a plan that misses no more."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from hypothesis import HealthCheck, given, settings

from models.coverage import coverage
from models.domain import GapReason, Plan, Requirement, Scenario, Shift, ShiftOrigin
from solver import SolveParams, solve
from solver.proof import proven_minimal
from solver.reach import calendars_for
from solver.team_hours import provable, unavoidable_minutes
from tests.solver.factory import WEEK, agent, contract, requirement, scenario, solved, utc
from tests.solver.test_properties import scenarios

MONDAY = WEEK.first_day


def _bound(sc: Scenario, plan: Plan) -> int | None:
    return unavoidable_minutes(sc, plan, coverage(sc, plan), calendars_for(sc, plan))


def _desk(n: int, *, hours: tuple[int, int] = (0, 24), granularity: int = 60,
          **requirement_terms: object) -> Scenario:
    """``n`` agents on fixed 8 h shifts and 40 h a week, one 24/7 desk of one person."""
    return scenario([agent(f"a{k}", hours=hours) for k in range(n)],
                    [requirement("desk", (0, 24), **requirement_terms)],  # type: ignore[arg-type]
                    granularity=granularity,
                    the_contract=contract(min_shift_hours=8.0, max_shift_hours=8.0))


def test_four_agents_on_40_hours_leave_8_of_168_hours_uncovered_in_every_plan() -> None:
    assert _bound(_desk(4), Plan(WEEK, ())) == 8 * 60
    assert _bound(_desk(5), Plan(WEEK, ())) == 0


def test_hours_nobody_could_work_are_missing_too() -> None:
    # Two agents, free 08-16 only: the 16 h a day they cannot be there, and nothing else
    # (the 56 h of days fit in their 80 h).
    assert _bound(_desk(2, hours=(8, 16)), Plan(WEEK, ())) == 7 * 16 * 60


def test_a_shift_worked_before_the_period_covers_its_hours_without_using_the_week() -> None:
    sc = _desk(4)
    night = Shift("h", "a0", utc(MONDAY, 0) - timedelta(hours=2), utc(MONDAY, 6),
                  origin=ShiftOrigin.HISTORY)
    assert _bound(dataclasses.replace(sc, history=(night,)), Plan(WEEK, ())) == 2 * 60


def test_a_plan_that_uses_every_hour_the_team_has_is_proven_on_any_grid() -> None:
    # A 30-minute grid: the search proves nothing about every plan there, this bound does.
    sc = _desk(4, granularity=30)
    result = solved(sc, WEEK, time_limit=10.0)
    stats = result.plan.statistics
    assert stats.shortfall_minutes == 8 * 60
    assert stats.shortfall_proven_minimal
    assert all(g.reason is GapReason.CONTRACT_LIMIT for g in result.plan.gaps)


def test_a_re_plan_is_not_proven_by_the_team_s_hours() -> None:
    # Its kept shifts may break rules the hours count on without being marked locked.
    sc = _desk(4, granularity=30)
    plan = solved(sc, WEEK, time_limit=10.0).plan
    rows = coverage(sc, plan)
    assert proven_minimal(sc, plan, rows)
    assert not proven_minimal(sc, plan, rows, replan=True)


def _targeting(sc: Scenario, *requirements: Requirement) -> Scenario:
    return dataclasses.replace(sc, targets=(dataclasses.replace(sc.target,
                                                                requirements=requirements),))


def test_no_proof_where_priorities_differ_standby_counts_or_short_holes_are_excused() -> None:
    desk = requirement("desk", (0, 24))
    assert provable(_desk(4))
    assert not provable(_targeting(_desk(4), desk, requirement("phone", (8, 16), priority=2)))
    assert not provable(_targeting(_desk(4), dataclasses.replace(desk, allowance_minutes=60)))
    assert not provable(_targeting(_desk(4), dataclasses.replace(desk, standby_reach_minutes=30)))


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_no_plan_misses_less_than_the_team_hours_bound(sc: Scenario) -> None:
    """The bound holds for every plan the rules allow: on random small teams (zones with half
    hours, two requirements, dedicated duties) it never exceeds what the solver's plans miss."""
    result = solve(sc, SolveParams(WEEK, time_limit_s=1.0, workers=2, seed=3))
    plan = result.plan
    missing = sum(r.missing_minutes for r in coverage(sc, plan))
    bound = _bound(sc, plan)
    assert bound is not None
    assert bound <= missing
    bare = _bound(sc, Plan(WEEK, ()))
    assert bare is not None
    assert bare <= missing
