"""The coverage stage again over every legal placement, after a search over the pruned candidates
that was proven there (:mod:`solver.every_placement`)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.domain import Period
from models.horizon import horizon
from models.timerules import Interval
from solver import every_placement, model
from solver.check import check
from solver.shift_grid import lengths_of, starts_in
from tests.solver.factory import (
    MONDAY,
    agent,
    contract,
    requirement,
    scenario,
    solved,
    utc,
)
from tests.solver.test_gap_fill import NINE_HOURS  # free and asked 08-17; lengths 4, 7, 10 h


def test_every_length_and_start_on_the_grid() -> None:
    sc = scenario([agent("ana")], [requirement()], granularity=30,
                  the_contract=contract(min_shift_hours=4.0, max_shift_hours=6.0))
    ana = sc.agent("ana")
    assert lengths_of(sc, ana, 30) == [240, 300, 360]
    assert lengths_of(sc, ana, 30, every=True) == [240, 270, 300, 330, 360]
    grid = horizon(sc, Period(MONDAY, 1))
    free = Interval(utc(MONDAY, 8), utc(MONDAY, 10))
    assert starts_in(free, free, grid, "UTC") == [utc(MONDAY, 8), utc(MONDAY, 9)]
    assert starts_in(free, free, grid, "UTC", every=True) == [
        utc(MONDAY, 8), utc(MONDAY, 8, 30), utc(MONDAY, 9), utc(MONDAY, 9, 30)]


def test_a_length_the_pruned_candidates_lack_is_found_by_the_coverage_search() -> None:
    result = solved(NINE_HOURS, time_limit=6.0)
    assert check(NINE_HOURS, result.plan) == []
    assert result.plan.statistics.shortfall_minutes == 0
    assert {s.end - s.start for s in result.plan.shifts} == {timedelta(hours=9)}
    names = [s.name for s in result.stages]
    # The pruned search misses two hours a day (7 h shifts at most fit), proven over its
    # candidates; the search over every placement finds the 9 h shifts, so nothing is left
    # for the gap filling.
    assert names[:2] == ["coverage", "coverage"]
    assert "gaps" not in names
    assert result.stages[0].shortfall_minutes == 7 * 2 * 60
    assert result.stages[1].shortfall_minutes == 0


def test_the_pruned_optimum_is_proven_over_every_placement() -> None:
    # Ann may work two days in a row, then rests: no bound without a search proves the rest
    # day unavoidable (tests/solver/test_honest_results.py), the search over every placement
    # does.
    sc = scenario([agent("ann")], [requirement(hours=(8, 16))], granularity=30,
                  the_contract=contract(max_consecutive_days=2))
    result = solved(sc, Period(MONDAY, 4))
    stats = result.plan.statistics
    assert check(sc, result.plan) == []
    assert stats.shortfall_minutes == 8 * 60
    assert stats.shortfall_proven_minimal
    assert [s.name for s in result.stages].count("coverage") == 1  # nothing better to take


def test_no_second_search_where_the_candidates_are_every_placement(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # An hour grid and a fixed 8 h length: nothing is pruned, so nothing is searched again.
    calls: list[bool] = []
    made = model.prepare_every

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(True)
        return made(*args, **kwargs)

    monkeypatch.setattr(every_placement, "prepare_every", counted)
    sc = scenario([agent("ann")], [requirement(hours=(8, 16))],
                  the_contract=contract(max_consecutive_days=2, min_shift_hours=8.0,
                                        max_shift_hours=8.0))
    result = solved(sc, Period(MONDAY, 4))
    assert result.plan.statistics.shortfall_proven_minimal
    assert calls == []


def test_a_team_too_big_for_the_model_of_every_placement_keeps_its_plan(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(every_placement, "MAX_CANDIDATES", 0)
    result = solved(NINE_HOURS, time_limit=6.0)
    assert [s.name for s in result.stages].count("coverage") == 1

