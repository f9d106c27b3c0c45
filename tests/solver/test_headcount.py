"""The headcount-first rota (:mod:`solver.headcount`): shifts planned per start, then given to
agents, and the engine starting from it when it misses less than the greedy rota."""

from __future__ import annotations

import dataclasses
import time

import pytest

from models.coverage import coverage
from models.domain import Period, Plan, Scenario
from solver import SolveParams, solve
from solver.check import check
from solver.greedy import greedy_rota
from solver.headcount import assign, headcount_rota, people_needed, plan_headcount
from solver.model import Prepared, extract_shifts, prepare
from tests.solver.factory import WEEK, agent, requirement, scenario, shift


@pytest.fixture(scope="module")
def follow_the_sun() -> tuple[Scenario, Period]:
    from bench.families import instance

    sc, period = instance("tight", "S", 0)  # 10 agents in four zones, fixed 8 h shifts
    return sc, Period(period.first_day, 7)


@pytest.fixture(scope="module")
def prepared(follow_the_sun: tuple[Scenario, Period]) -> Prepared:
    sc, period = follow_the_sun
    return prepare(sc, SolveParams(period, seed=0))


def _rota(prepared: Prepared, seconds: float = 20.0):  # type: ignore[no-untyped-def]
    return headcount_rota(prepared.scenario, prepared.candidates, prepared.demands,
                          prepared.grid, time.monotonic() + seconds, 1, 0)


def test_it_misses_less_than_the_greedy_rota_and_breaks_no_rule(
        follow_the_sun: tuple[Scenario, Period], prepared: Prepared) -> None:
    sc, period = follow_the_sun
    rota = _rota(prepared)
    assert rota is not None
    assert rota.shortfall_minutes < prepared.first.shortfall_minutes
    p = Plan(period, tuple(extract_shifts(prepared, rota.values)))
    assert check(sc, p) == []
    assert sum(r.missing_minutes for r in coverage(sc, p, prepared.grid)) == \
        rota.shortfall_minutes


def test_locked_shifts_stay_and_count_toward_the_headcount() -> None:
    sc = scenario([agent("ana"), agent("ben"), agent("cy")],
                  [requirement(hours=(8, 16), headcount=2)])
    locked = shift("ana", WEEK.first_day, 8, 8, sid="kept")
    previous = Plan(WEEK, (dataclasses.replace(locked, locked=True),))
    prepared = prepare(sc, SolveParams(WEEK, previous=previous, seed=0))
    rota = _rota(prepared)
    assert rota is not None
    kept = [c for c in prepared.candidates if c.fixed]
    assert kept
    assert all(rota.values[c.index] for c in kept)
    monday = [c for c in prepared.candidates
              if rota.values[c.index] and c.day == WEEK.first_day]
    assert len(monday) == 2  # the locked shift and one more, not two more


def test_the_people_a_slot_needs_are_the_largest_shared_headcount() -> None:
    sc = scenario([agent("ana")], [requirement("a", headcount=2), requirement("b", headcount=3)])
    prepared = prepare(sc, SolveParams(Period(WEEK.first_day, 1), seed=0))
    assert set(people_needed(sc, prepared.demands).values()) == {3}


def test_no_rota_when_the_time_is_up_or_the_manager_cancels(
        follow_the_sun: tuple[Scenario, Period], prepared: Prepared) -> None:
    sc, _ = follow_the_sun
    assert _rota(prepared, seconds=-1.0) is None
    assert headcount_rota(sc, prepared.candidates, prepared.demands, prepared.grid,
                          time.monotonic() + 20, 1, 0, cancelled=lambda: True) is None


def test_an_assignment_stopped_part_way_is_a_legal_start_the_greedy_rota_completes(
        follow_the_sun: tuple[Scenario, Period], prepared: Prepared) -> None:
    sc, period = follow_the_sun
    free = [c for c in prepared.candidates if not c.fixed and not c.standby]
    planned = plan_headcount(sc, prepared.candidates, free, prepared.demands, prepared.grid,
                             10.0, 1, 0)
    assert planned is not None
    asked = iter(range(10**6))
    halfway = len(planned) // 2
    part = assign(sc, prepared.candidates, free, prepared.demands, prepared.grid, planned,
                  lambda: next(asked) >= halfway)
    whole = assign(sc, prepared.candidates, free, prepared.demands, prepared.grid, planned,
                   lambda: False)
    given = [c for c, chosen in zip(prepared.candidates, part, strict=True) if chosen]
    last_class = sorted(planned)[halfway - 1]
    assert given
    assert all(c.start <= last_class[0] for c in given)  # in order of start
    assert 0 < sum(part) < sum(whole)
    completed = greedy_rota(sc, prepared.candidates, prepared.demands, prepared.grid, part)
    assert all(completed.values[c.index] for c in given)  # what was given out stays
    p = Plan(period, tuple(extract_shifts(prepared, completed.values)))
    assert check(sc, p) == []  # the engine then starts from it only if it misses less


def test_the_engine_starts_from_it_when_it_misses_less(
        follow_the_sun: tuple[Scenario, Period], prepared: Prepared) -> None:
    sc, period = follow_the_sun
    rota = _rota(prepared)
    assert rota is not None
    progress = []
    result = solve(sc, SolveParams(period, time_limit_s=4.0, workers=1, seed=0),
                   on_progress=progress.append)
    shortfalls = [p.shortfall_minutes for p in progress if p.shortfall_minutes is not None]
    assert shortfalls[0] == prepared.first.shortfall_minutes  # the greedy rota comes first
    assert min(shortfalls) <= rota.shortfall_minutes  # then a start at least as good
    assert result.plan.statistics.shortfall_minutes <= rota.shortfall_minutes
    assert check(sc, result.plan) == []
