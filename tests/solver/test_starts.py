"""Where a new plan's coverage search starts (:mod:`solver.starts`), and how much of the time
the coverage stage gets: each start is tried only where it was measured to pay."""

from __future__ import annotations

import dataclasses
import time

import pytest

from models.domain import Period, Plan, Scenario
from solver import SolveParams
from solver.engine import COVERAGE_SHARE, COVERAGE_SHARE_FIRST, _coverage_share
from solver.model import build_model, prepare
from solver.search import Run
from solver.starts import relaxation_worth_trying, start_from_headcount
from tests.solver.factory import WEEK, agent, requirement, scenario

# One agent for a desk open around the clock: the first rota misses most of the demand.
ALONE = scenario([agent("ana")], [requirement(hours=(0, 24))])


def _run(values: list[bool], shortfall: int) -> Run:
    run = Run(time.monotonic(), None, None, values=list(values))
    run.hint_shortfall_minutes = shortfall
    return run


@pytest.fixture(scope="module")
def follow_the_sun() -> tuple[Scenario, Period]:
    from bench.families import instance

    sc, period = instance("tight", "S", 0)  # 10 agents in four zones, fixed 8 h shifts
    return sc, Period(period.first_day, 7)


def test_a_new_plan_or_a_start_far_from_the_demand_gives_coverage_more_of_the_time() -> None:
    new = prepare(ALONE, SolveParams(WEEK, seed=0))
    built = build_model(new)
    assert built is not None
    covered = _run(new.first.values, 0)
    assert _coverage_share(built, covered) == COVERAGE_SHARE_FIRST
    first = Plan(WEEK, ())
    replan = prepare(ALONE, SolveParams(WEEK, seed=0, previous=first))
    rebuilt = build_model(replan)
    assert rebuilt is not None
    far = _run(replan.first.values, replan.first.shortfall_minutes)
    assert _coverage_share(rebuilt, far) == COVERAGE_SHARE_FIRST
    assert _coverage_share(rebuilt, _run(replan.first.values, 0)) == COVERAGE_SHARE


def test_the_relaxation_needs_time_in_proportion_to_the_build() -> None:
    prepared = prepare(ALONE, SolveParams(WEEK, seed=0))
    built = build_model(prepared)
    assert built is not None
    run = _run(prepared.first.values, prepared.first.shortfall_minutes)
    run.build_seconds = 1.0
    assert not relaxation_worth_trying(built, run, 1.0)
    assert relaxation_worth_trying(built, run, 100.0)
    assert not relaxation_worth_trying(built, _run(prepared.first.values, 0), 100.0)


def test_the_headcount_start_replaces_the_greedy_one_for_a_new_plan_only(
        follow_the_sun: tuple[Scenario, Period]) -> None:
    sc, period = follow_the_sun
    prepared = prepare(sc, SolveParams(period, seed=0, time_limit_s=20.0))
    greedy = prepared.first
    run = _run(greedy.values, greedy.shortfall_minutes)
    start_from_headcount(prepared, run, 20.0, "coverage")
    assert run.hint_shortfall_minutes < greedy.shortfall_minutes
    assert run.values != greedy.values
    assert run.solutions == 1
    for params in (dataclasses.replace(prepared.params, deterministic=True),
                   dataclasses.replace(prepared.params, previous=Plan(period, ()))):
        again = _run(greedy.values, greedy.shortfall_minutes)
        start_from_headcount(dataclasses.replace(prepared, params=params), again, 20.0,
                             "coverage")
        assert again.values == greedy.values  # reproducible runs and re-plans keep theirs
