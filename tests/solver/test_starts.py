"""Where a new plan's coverage search starts (:mod:`solver.starts`), and how much of the time
the coverage stage gets: each start is tried only where it was measured to pay."""

from __future__ import annotations

import dataclasses
import time

import pytest
from ortools.sat.python import cp_model

import solver.engine as engine
from models.domain import Period, Plan, Scenario
from solver import SolveParams
from solver.engine import (
    COVERAGE_SHARE,
    COVERAGE_SHARE_FIRST,
    NEAR_PROOF_SHARE,
    _coverage_share,
    _solve_stages,
)
from solver.model import BuiltModel, build_model, prepare
from solver.search import FULL_LP_FROM_S, Run
from solver.soft import TIER_COVERAGE, TIER_PEOPLE
from solver.starts import (
    STALL_BEFORE_LONG_SEARCH,
    STALL_BEFORE_SHORT_SEARCH,
    relaxation_worth_trying,
    rens_stall,
    start_from_headcount,
)
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


def _coverage_overtime(params: SolveParams, limit_s: float,
                       monkeypatch: pytest.MonkeyPatch) -> tuple[float, float]:
    """The time and overtime the coverage stage is given when a people stage follows."""
    prepared = prepare(ALONE, params)
    built = build_model(prepared)
    assert built is not None
    given: list[tuple[float, float]] = []

    def stage(built: BuiltModel, params: SolveParams, run: Run, tiers: tuple[int, ...],
              limit_s: float, overtime_s: float = 0.0) -> None:
        given.append((limit_s, overtime_s))
        run.stage_status[tiers[0]] = cp_model.UNKNOWN  # found nothing: the stages end here

    monkeypatch.setattr(engine, "_solve_stage", stage)
    run = _run(prepared.first.values, prepared.first.shortfall_minutes)
    _solve_stages(built, params, run, [(TIER_COVERAGE,), (TIER_PEOPLE,)], limit_s, later=0)
    assert len(given) == 1
    return given[0]


def test_a_new_plans_coverage_may_go_into_overtime_near_a_proof(
        monkeypatch: pytest.MonkeyPatch) -> None:
    limit, overtime = _coverage_overtime(SolveParams(WEEK, seed=0), 100.0, monkeypatch)
    assert limit == pytest.approx(COVERAGE_SHARE_FIRST * 100.0, rel=0.01)
    assert limit + overtime == pytest.approx(NEAR_PROOF_SHARE * 100.0, rel=0.01)
    for params in (SolveParams(WEEK, seed=0, previous=Plan(WEEK, ())),
                   SolveParams(WEEK, seed=0, deterministic=True)):
        assert _coverage_overtime(params, 100.0, monkeypatch)[1] == 0.0
    # Too little time for the people stage after an overtime: none.
    assert _coverage_overtime(SolveParams(WEEK, seed=0), 5.0, monkeypatch)[1] == 0.0


def test_rens_yields_sooner_to_a_long_search_of_the_whole_model() -> None:
    assert rens_stall(3 * FULL_LP_FROM_S) == STALL_BEFORE_LONG_SEARCH
    assert rens_stall(FULL_LP_FROM_S) == STALL_BEFORE_SHORT_SEARCH
    assert STALL_BEFORE_LONG_SEARCH < STALL_BEFORE_SHORT_SEARCH


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
