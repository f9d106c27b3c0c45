"""Single shifts moved where the demand is, in plain Python (:mod:`solver.coverage_moves`): a
plan that misses less, never one that breaks a contract rule or takes a person from a
response requirement that needs them."""

from __future__ import annotations

import dataclasses
import time
from datetime import timedelta

from models.coverage import coverage
from models.domain import Period, Plan
from solver import SolveParams
from solver.check import check
from solver.coverage_moves import move_shifts
from solver.model import Prepared, extract_shifts, prepare
from tests.solver.factory import MONDAY, WEEK, agent, requirement, scenario, utc

SECONDS = 5.0  # far more than these take: the moves end when none is left


def _prepared(*requirements: object, **contract_changes: object) -> Prepared:
    from tests.solver.factory import contract

    sc = scenario([agent("ann")], list(requirements),  # type: ignore[arg-type]
                  the_contract=contract(**contract_changes))
    return prepare(sc, SolveParams(WEEK, seed=1, deterministic=True))


def _choose(prepared: Prepared, *shifts: tuple[int, int, int]) -> list[bool]:
    """Ann's shifts (day of the week, start hour, end hour)."""
    wanted = {("ann", utc(MONDAY + timedelta(days=day), start),
               utc(MONDAY + timedelta(days=day), end), None) for day, start, end in shifts}
    values = [c.key() in wanted for c in prepared.candidates]
    assert sum(values) == len(wanted)
    return values


def _plan(prepared: Prepared, values: list[bool]) -> Plan:
    return Plan(Period(MONDAY, 7), tuple(extract_shifts(prepared, values)))


def _missing(prepared: Prepared, values: list[bool]) -> int:
    return sum(row.missing_minutes for row in coverage(prepared.scenario,
                                                        _plan(prepared, values)))


def test_a_shift_moves_to_the_hours_that_miss_someone() -> None:
    monday = frozenset({0})
    prepared = _prepared(requirement(hours=(14, 22), days=monday))
    values = _choose(prepared, (0, 6, 14))  # Ann works Monday morning; the desk opens at 14
    found = move_shifts(prepared, values, time.monotonic() + SECONDS)
    assert found is not None
    moved = found.values
    after = _plan(prepared, moved)
    assert [(s.start, s.end) for s in after.shifts] == [(utc(MONDAY, 14), utc(MONDAY, 22))]
    assert _missing(prepared, moved) == 0 < _missing(prepared, values)
    assert found.gained == 8  # people missing × slots of the hourly grid, as the objective
    assert check(prepared.scenario, after) == []


def test_no_move_breaks_the_weekly_hours_and_a_plan_missing_as_much_is_not_offered() -> None:
    # Ann's contract allows five shifts of 8 h a week and she works Monday to Friday; the
    # desk is open on Saturday too. Moving Friday's shift to Saturday misses as much.
    prepared = _prepared(requirement(hours=(8, 16)), max_hours_per_week=40.0)
    values = _choose(prepared, *((day, 8, 16) for day in range(5)))
    assert move_shifts(prepared, values, time.monotonic() + SECONDS) is None


def test_a_response_requirement_that_needs_the_person_keeps_them() -> None:
    # E-mail from 8 to 16 may wait an hour; the open desk from 16 to 24 misses everyone. Ann's
    # one shift answers e-mail: moving it to the evening would leave e-mail unanswered all day.
    email = dataclasses.replace(requirement("email", hours=(8, 16), priority=2,
                                            days=frozenset({0})), allowance_minutes=60)
    prepared = _prepared(email, requirement(hours=(16, 24), days=frozenset({0})),
                         max_hours_per_week=8.0)
    values = _choose(prepared, (0, 8, 16))
    assert move_shifts(prepared, values, time.monotonic() + SECONDS) is None


def test_a_new_shift_is_added_where_the_contract_allows_one() -> None:
    prepared = _prepared(requirement(hours=(8, 16)))
    values = _choose(prepared, (0, 8, 16))
    found = move_shifts(prepared, values, time.monotonic() + SECONDS)
    assert found is not None
    moved = found.values
    after = _plan(prepared, moved)
    # The desk is open 56 h a week; Ann's contract allows 40 of them, in shifts of 4-8 h.
    assert sum(s.minutes for s in after.shifts) == 40 * 60
    assert _missing(prepared, moved) == 16 * 60
    assert check(prepared.scenario, after) == []


def test_a_cancel_stops_the_moves_before_the_next_agent() -> None:
    prepared = _prepared(requirement(hours=(14, 22), days=frozenset({0})))
    values = _choose(prepared, (0, 6, 14))
    assert move_shifts(prepared, values, time.monotonic() + SECONDS, stop=lambda: True) is None


def test_after_an_unproven_coverage_search_the_moved_plan_is_the_stages() -> None:
    """The engine's step after a whole model's coverage search that was not proven optimal:
    the stage's outcome and objective become the moved plan's, and a plan that reaches the
    search's bound is proven optimal."""
    from ortools.sat.python import cp_model

    from solver.engine import _move_shifts
    from solver.outcome import bound_met
    from solver.search import Run
    from solver.soft import TIER_COVERAGE
    from solver.types import Progress, StageOutcome

    prepared = _prepared(requirement(hours=(14, 22), days=frozenset({0})))
    values = _choose(prepared, (0, 6, 14))
    seen: list[Progress] = []
    run = Run(time.monotonic(), seen.append, None, values=values,
              stage_status={TIER_COVERAGE: cp_model.FEASIBLE}, coverage_objective=8,
              coverage_bound=0, stages=[StageOutcome("coverage", 8 * 60, False)])
    _move_shifts(prepared, run, run.elapsed + SECONDS)
    assert run.values is not None
    assert _missing(prepared, run.values) == 0
    assert run.coverage_objective == 0
    assert bound_met(run, TIER_COVERAGE)
    assert run.stages == [StageOutcome("coverage", 0, True)]
    assert [(p.stage, p.shortfall_minutes) for p in seen] == [("coverage", 0)]
