"""A search asked to stop when it stalls (RENS before the coverage stage) stops once it has gone
long enough without a better solution, and not before; a search with overtime (a coverage stage
one plan from a proof) goes on past its soft end only while that holds."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

import solver.search as search
from solver.search import Callback, Overtime, Run, run_search


class _SearchThatNeverImproves:
    """Stands in for CP-SAT: ``solve`` finds nothing better and returns when told to stop, or
    after ``own_limit_s``."""

    def __init__(self, own_limit_s: float) -> None:
        self.own_limit_s = own_limit_s
        self.stopped = threading.Event()

    def stop_search(self) -> None:
        self.stopped.set()

    def solve(self, model: Any, callback: Any) -> str:
        self.stopped.wait(self.own_limit_s)
        return "FEASIBLE"


def _search(stall: bool, own_limit_s: float) -> tuple[_SearchThatNeverImproves, float]:
    run = Run(time.monotonic(), None, None)
    callback = Callback(run, "coverage", None, 1)  # type: ignore[arg-type]
    callback.improved_at = callback.began  # its best is the first solution, found at once
    solver = _SearchThatNeverImproves(own_limit_s)
    began = time.monotonic()
    run_search(run, solver, None, callback,  # type: ignore[arg-type]
               stall=1.0 if stall else None)
    return solver, time.monotonic() - began


def test_a_search_that_stops_improving_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "MIN_STALL_S", 0.3)
    solver, took = _search(stall=True, own_limit_s=60.0)
    assert solver.stopped.is_set()
    assert 0.3 <= took < 60.0


def test_without_stall_the_search_runs_to_its_own_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "MIN_STALL_S", 0.3)
    solver, took = _search(stall=False, own_limit_s=1.0)
    assert not solver.stopped.is_set()
    assert took >= 1.0


def test_a_search_that_took_long_to_find_its_best_gets_a_share_of_that_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "MIN_STALL_S", 0.1)
    run = Run(time.monotonic(), None, None)
    callback = Callback(run, "coverage", None, 1)  # type: ignore[arg-type]
    callback.began = run.elapsed - 1.6  # searched 1.6 s before its best, found just now
    callback.improved_at = run.elapsed
    solver = _SearchThatNeverImproves(60.0)
    began = time.monotonic()
    run_search(run, solver, None, callback, stall=0.5)  # type: ignore[arg-type]
    assert 0.8 <= time.monotonic() - began < 60.0


def _overtime_search(objective: float, bound: float | None, floor: float | None,
                     own_limit_s: float) -> tuple[_SearchThatNeverImproves, float]:
    """A search whose best plan is ``objective`` and CP-SAT's bound ``bound``, with a soft end
    0.2 s in and one unit of nearness."""
    run = Run(time.monotonic(), None, None)
    callback = Callback(run, "coverage", None, 1)  # type: ignore[arg-type]
    callback.improved_at = callback.began
    callback.objective, callback.bound = objective, bound
    solver = _SearchThatNeverImproves(own_limit_s)
    began = time.monotonic()
    run_search(run, solver, None, callback,  # type: ignore[arg-type]
               overtime=Overtime(run.elapsed + 0.2, 1, floor))
    return solver, time.monotonic() - began


def test_a_search_one_plan_from_its_proof_goes_on_past_its_soft_end() -> None:
    solver, took = _overtime_search(16, 15, None, own_limit_s=1.0)
    assert not solver.stopped.is_set()
    assert took >= 1.0


def test_a_bound_proven_before_the_search_counts_as_near() -> None:
    solver, took = _overtime_search(16, 7, 15, own_limit_s=1.0)
    assert not solver.stopped.is_set()
    assert took >= 1.0


def test_a_search_further_from_its_proof_stops_at_its_soft_end() -> None:
    solver, took = _overtime_search(18, 15, None, own_limit_s=60.0)
    assert solver.stopped.is_set()
    assert 0.2 <= took < 60.0


def test_a_search_without_a_bound_stops_at_its_soft_end() -> None:
    solver, took = _overtime_search(16, None, None, own_limit_s=60.0)
    assert solver.stopped.is_set()
    assert 0.2 <= took < 60.0


class _Found(Callback):
    """A solution callback as CP-SAT calls it, with a plan of objective 16."""

    objective_value = 16.0

    def stop_search(self) -> None:
        self.stopped = True


@pytest.mark.parametrize(("floor", "stops"), [(16.0, True), (15.0, False), (None, False)])
def test_a_search_stops_when_its_plan_reaches_the_bound_proven_before_it(
        floor: float | None, stops: bool) -> None:
    found = _Found(Run(time.monotonic(), None, None), "coverage", None, 1,  # type: ignore[arg-type]
                   floor)
    found.stopped = False
    found.on_solution_callback()
    assert found.stopped is stops
