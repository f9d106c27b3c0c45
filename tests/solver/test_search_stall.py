"""A search asked to stop when it stalls (RENS before the coverage stage) stops once it has gone
as long without a better solution as it took to find its best, and not before."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

import solver.search as search
from solver.search import Callback, Run, run_search


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
    run_search(run, solver, None, callback, stall=stall)  # type: ignore[arg-type]
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


def test_a_search_that_took_long_to_find_its_best_gets_as_long_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "MIN_STALL_S", 0.1)
    run = Run(time.monotonic(), None, None)
    callback = Callback(run, "coverage", None, 1)  # type: ignore[arg-type]
    callback.began = run.elapsed - 0.8  # searched 0.8 s before its best, found just now
    callback.improved_at = run.elapsed
    solver = _SearchThatNeverImproves(60.0)
    began = time.monotonic()
    run_search(run, solver, None, callback, stall=True)  # type: ignore[arg-type]
    assert time.monotonic() - began >= 0.8
