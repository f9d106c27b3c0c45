"""Nothing a solve says is untrue: locked shifts that break a rule are kept and planned around
(never an empty plan that "meets the target"), and a proof is claimed only when it was made."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.domain import Period, PlanStatus, Shift, ShiftOrigin
from solver import SolveParams, every_placement, solve
from solver.check import check
from tests.solver.factory import (
    MONDAY,
    WEEK,
    agent,
    contract,
    plan,
    requirement,
    scenario,
    solved,
    utc,
)


def _locked(shift_id: str, agent_id: str, day, start: int, hours: int) -> Shift:
    begin = utc(day, start)
    return Shift(shift_id, agent_id, begin, begin + timedelta(hours=hours), locked=True,
                 origin=ShiftOrigin.MANUAL)


def _solve(sc, previous, period=WEEK):
    return solve(sc, SolveParams(period, time_limit_s=5, workers=2, seed=1, previous=previous))


@pytest.mark.parametrize("rule", ["min_rest", "one_shift_per_day", "max_consecutive_days",
                                  "max_weekly_hours"])
def test_locked_shifts_that_break_a_rule_are_kept_and_planned_around(rule: str) -> None:
    tue = MONDAY + timedelta(days=1)
    if rule == "min_rest":  # 8 h between two locked shifts instead of 11
        locked = [_locked("a", "ann", MONDAY, 8, 8), _locked("b", "ann", tue, 0, 8)]
        terms = {}
    elif rule == "one_shift_per_day":
        locked = [_locked("a", "ann", MONDAY, 6, 4), _locked("b", "ann", MONDAY, 14, 4)]
        terms = {"min_rest_hours": 2.0}
    elif rule == "max_consecutive_days":  # six locked days in a row, the limit is 5
        locked = [_locked(f"d{k}", "ann", MONDAY + timedelta(days=k), 8, 6) for k in range(6)]
        terms = {}
    else:  # 48 locked hours in the week, the limit is 40
        locked = [_locked(f"d{k}", "ann", MONDAY + timedelta(days=k), 8, 8) for k in range(6)]
        terms = {"max_consecutive_days": 7}
    sc = scenario([agent("ann"), agent("bob")], [requirement(hours=(8, 16))],
                  the_contract=contract(**terms))
    result = _solve(sc, plan(locked))
    assert result.status is not PlanStatus.INVALID
    ids = {s.id for s in result.plan.shifts}
    assert {s.id for s in locked} <= ids  # kept as the manager made them
    assert len(result.plan.shifts) > len(locked)  # and the rest of the week is planned
    found = check(sc, result.plan)
    assert found  # the break is real and stays visible
    assert {v.rule for v in found} == {rule}
    assert all(set(v.shift_ids) & ids <= {s.id for s in locked} for v in found)
    assert any(rule.replace("_", " ") in m.replace("_", " ").lower() or "locked" in m
               for m in result.messages)
    assert sum("kept a locked shift that breaks a rule" in m for m in result.messages) == \
        len(found)


def test_nothing_more_joins_a_week_that_locked_shifts_already_overfill() -> None:
    locked = [_locked(f"d{k}", "ann", MONDAY + timedelta(days=k), 8, 8) for k in range(6)]
    sc = scenario([agent("ann"), agent("bob")], [requirement(hours=(0, 24))],
                  the_contract=contract(max_consecutive_days=7))
    result = _solve(sc, plan(locked))
    anns = [s for s in result.plan.shifts if s.agent_id == "ann"]
    assert sorted(s.id for s in anns) == sorted(s.id for s in locked)


def test_proof_is_claimed_only_over_every_placement(monkeypatch: pytest.MonkeyPatch) -> None:
    # A 30-minute grid prunes starts to whole hours: an optimal solve over them proves nothing
    # about every plan, so without the search over every placement (solver.every_placement)
    # the shortfall is "best found, not proven". (Ann could be there every day and has the
    # hours; the rest day after two in a row is what no bound counts: solver.reach and
    # solver.team_hours prove nothing either.)
    short = scenario([agent("ann")], [requirement(hours=(8, 16))], granularity=30,
                     the_contract=contract(max_consecutive_days=2))
    with monkeypatch.context() as no_search:
        no_search.setattr(every_placement, "MAX_CANDIDATES", 0)
        result = solved(short, Period(MONDAY, 4))
    assert result.plan.statistics.shortfall_minutes > 0
    assert not result.plan.statistics.shortfall_proven_minimal
    assert result.status is not PlanStatus.OPTIMAL
    assert all("proven" not in g.message or "not proven" in g.message
               for g in result.plan.gaps)
    # With it, the same 8 h are proven the least any plan misses.
    result = solved(short, Period(MONDAY, 4))
    assert result.plan.statistics.shortfall_minutes == 8 * 60
    assert result.plan.statistics.shortfall_proven_minimal
    # On an hour grid with a fixed shift length, the candidates are every placement: the
    # search's optimum is proven.
    fixed = scenario([agent("ann")], [requirement(hours=(8, 16))],
                     the_contract=contract(max_consecutive_days=2, min_shift_hours=8.0,
                                           max_shift_hours=8.0))
    result = solved(fixed, Period(MONDAY, 4))
    assert result.plan.statistics.shortfall_minutes == 8 * 60
    assert result.plan.statistics.shortfall_proven_minimal


@pytest.mark.parametrize(("saturday", "real_hours"), [(date(2026, 10, 24), 9),
                                                      (date(2026, 3, 28), 7)])
def test_a_dst_night_gets_its_local_22_to_06_shift(saturday: date, real_hours: int) -> None:
    # Tallinn: clocks go back on 25 Oct 2026 (the night is 9 real hours) and forward on
    # 29 Mar 2026 (7 real hours). The contract allows 6-10 h shifts, so the local 22:00-06:00
    # shift is legal; without its wall-clock twin only 6, 8 and 10 h candidates existed.
    zone = "Europe/Tallinn"
    night = requirement("night", (22, 30), days=frozenset({saturday.weekday()}))
    sc = scenario([agent("ann", zone=zone, hours=(22, 30))], [night], zone=zone,
                  the_contract=contract(min_shift_hours=6.0, max_shift_hours=10.0,
                                        max_hours_per_day=10.0))
    result = solved(sc, Period(saturday, 2))
    assert result.plan.gaps == ()
    [shift] = result.plan.shifts
    assert shift.hours == real_hours
    assert result.plan.statistics.shortfall_proven_minimal  # nothing missing proves itself
