"""The last step of a new plan: legal shifts the candidates leave out, where a gap can use them
(:mod:`solver.gap_fill`)."""

from __future__ import annotations

import dataclasses
import time
from datetime import timedelta

import pytest

from models.coverage import coverage
from models.domain import ShiftOrigin
from models.horizon import horizon
from solver import every_placement
from solver.candidates import agent_facts
from solver.check import check
from solver.gap_fill import fill_gaps
from tests.solver.factory import (
    MONDAY,
    WEEK,
    agent,
    contract,
    plan,
    requirement,
    scenario,
    shift,
    solved,
)

# Free 08:00-17:00, asked 08:00-17:00: 9 h, but the candidates' lengths are 4, 7 and 10 h.
NINE_HOURS = scenario([agent("ana", hours=(8, 17))], [requirement(hours=(8, 17))],
                      the_contract=contract(max_shift_hours=10.0, max_hours_per_week=63.0,
                                            max_consecutive_days=7))


def _missing(sc, p) -> int:  # type: ignore[no-untyped-def]
    return sum(r.missing_minutes for r in coverage(sc, p))


def test_a_length_the_candidates_leave_out_closes_the_gap(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the coverage search over every placement (solver.every_placement), which finds
    # this shift first (tests/solver/test_every_placement.py).
    monkeypatch.setattr(every_placement, "MAX_CANDIDATES", 0)
    result = solved(NINE_HOURS, time_limit=4.0)
    assert result.plan.statistics.shortfall_minutes == 0
    assert result.plan.gaps == ()
    assert {s.end - s.start for s in result.plan.shifts} == {timedelta(hours=9)}
    assert "gaps" in [s.name for s in result.stages]
    assert all(s.origin is ShiftOrigin.SOLVER for s in result.plan.shifts)


def _calendars(sc):  # type: ignore[no-untyped-def]
    grid = horizon(sc, WEEK)
    return grid, {a.id: agent_facts(sc, a, grid).calendar for a in sc.agents}


def test_solver_shifts_are_lengthened_and_never_more_is_missed() -> None:
    seven = plan([shift("ana", MONDAY + timedelta(days=d), 8, 7) for d in range(7)])
    grid, calendars = _calendars(NINE_HOURS)
    filled = fill_gaps(NINE_HOURS, seven, grid, calendars, time.monotonic() + 30)
    after = dataclasses.replace(seven, shifts=tuple(filled))
    assert check(NINE_HOURS, after) == []
    assert _missing(NINE_HOURS, after) == 0 < _missing(NINE_HOURS, seven)
    assert {s.id for s in filled} == {s.id for s in seven.shifts}  # lengthened, not added


def test_locked_shifts_are_never_changed() -> None:
    locked = plan([dataclasses.replace(shift("ana", MONDAY + timedelta(days=d), 8, 7),
                                       locked=True) for d in range(7)])
    grid, calendars = _calendars(NINE_HOURS)
    assert fill_gaps(NINE_HOURS, locked, grid, calendars,
                     time.monotonic() + 30) == sorted(locked.shifts, key=lambda s: s.start)


def test_no_time_left_changes_nothing() -> None:
    seven = plan([shift("ana", MONDAY + timedelta(days=d), 8, 7) for d in range(7)])
    grid, calendars = _calendars(NINE_HOURS)
    assert fill_gaps(NINE_HOURS, seven, grid, calendars, time.monotonic() - 1) == sorted(
        seven.shifts, key=lambda s: s.start)


def test_filled_shifts_are_taken_into_the_candidates_for_the_stages_after_coverage() -> None:
    from solver.model import extract_shifts, prepare, with_shifts
    from solver.types import SolveParams

    prepared = prepare(NINE_HOURS, SolveParams(WEEK))
    assert timedelta(hours=9) not in {c.end - c.start for c in prepared.candidates}
    seven = plan([shift("ana", MONDAY + timedelta(days=d), 8, 7) for d in range(6)]
                 + [shift("ana", MONDAY + timedelta(days=6), 8, 9)])
    taken, values = with_shifts(prepared, seven.shifts)
    # Only the nine-hour shift is new; the seven-hour ones are candidates already.
    assert len(taken.candidates) == len(prepared.candidates) + 1
    new = taken.candidates[-1]
    assert (new.index, new.end - new.start, new.fixed) == (
        len(prepared.candidates), timedelta(hours=9), False)
    assert (new.minutes, len(new.slots)) == (9 * 60, len(taken.grid.covered_slots(
        new.start, new.end)))
    assert len(values) == len(taken.candidates)
    assert sum(values) == 7
    back = extract_shifts(taken, values)
    assert [(s.agent_id, s.start, s.end, s.duty) for s in back] == [
        (s.agent_id, s.start, s.end, s.duty) for s in sorted(seven.shifts,
                                                             key=lambda s: s.start)]
    assert check(NINE_HOURS, dataclasses.replace(seven, shifts=tuple(back))) == []


def test_a_night_goes_to_the_night_agent_below_the_fair_share_of_nights() -> None:
    from solver.gap_fill import FairShareFacts
    from solver.types import Weights

    weekdays = frozenset(range(5))
    nights = scenario([agent("ana"), agent("bob")],
                      [requirement("night", hours=(22, 30), days=weekdays)],
                      the_contract=contract(max_nights_per_week=4, max_consecutive_days=7))
    # Ana has three nights, Bob one; Friday night is open and either may take it.
    worked = plan([shift("ana", MONDAY + timedelta(days=d), 22, 8) for d in range(3)]
                  + [shift("bob", MONDAY + timedelta(days=3), 22, 8)])
    grid, calendars = _calendars(nights)
    facts = {a.id: agent_facts(nights, a, grid) for a in nights.agents}

    def friday_night(fairness: FairShareFacts | None) -> str:
        filled = fill_gaps(nights, worked, grid, calendars, time.monotonic() + 30, fairness)
        after = dataclasses.replace(worked, shifts=tuple(filled))
        assert check(nights, after) == []
        assert _missing(nights, after) == 0
        (new,) = set(filled) - set(worked.shifts)
        return new.agent_id

    assert friday_night(None) == "ana"  # the advisor's order alone: the first by name
    assert friday_night(FairShareFacts(facts, Weights())) == "bob"
