"""One test per hard rule: the checker rejects a plan that breaks it, the solver never makes one."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from itertools import pairwise

from models.domain import DutyKind, GapReason, TimeOff, TimeOffKind
from solver.check import check
from tests.solver.factory import (
    MONDAY,
    WEEK,
    agent,
    contract,
    plan,
    requirement,
    rules_of,
    scenario,
    shift,
    solved,
)

TUESDAY = MONDAY + timedelta(days=1)


def test_one_shift_per_day_rejects_two_shifts_on_one_day() -> None:
    sc = scenario([agent("ann")])
    two = plan([shift("ann", MONDAY, 6, 4), shift("ann", MONDAY, 18, 4)])
    assert "one_shift_per_day" in rules_of(sc, two)


def test_solver_gives_an_agent_at_most_one_shift_a_day() -> None:
    sc = scenario([agent("ann")], [requirement(hours=(6, 22))])
    result = solved(sc)
    days = Counter(s.start.date() for s in result.plan.shifts)
    assert days
    assert max(days.values()) == 1


def test_shift_length_rejects_too_short_and_too_long_shifts() -> None:
    sc = scenario([agent("ann")])
    assert "shift_length" in rules_of(sc, plan([shift("ann", MONDAY, 8, 2)]))
    assert "shift_length" in rules_of(sc, plan([shift("ann", MONDAY, 8, 9)]))
    assert rules_of(sc, plan([shift("ann", MONDAY, 8, 8)])) == set()


def test_solver_keeps_shift_lengths_inside_the_contract() -> None:
    sc = scenario([agent("ann"), agent("bob")], [requirement(hours=(6, 20))])
    lengths = {s.hours for s in solved(sc).plan.shifts}
    assert lengths
    assert all(4 <= h <= 8 for h in lengths)


def test_max_daily_hours_rejects_a_long_day() -> None:
    sc = scenario([agent("ann")], the_contract=contract(max_hours_per_day=6.0,
                                                        min_rest_hours=0.0))
    split = plan([shift("ann", MONDAY, 6, 4), shift("ann", MONDAY, 12, 4)])
    assert "max_daily_hours" in rules_of(sc, split)


def test_solver_never_exceeds_daily_hours() -> None:
    sc = scenario([agent("ann")], [requirement(hours=(6, 18))],
                  the_contract=contract(max_hours_per_day=6.0))
    assert all(s.hours <= 6 for s in solved(sc).plan.shifts)


def test_max_weekly_hours_rejects_a_48_hour_week() -> None:
    sc = scenario([agent("ann")], the_contract=contract(max_consecutive_days=7))
    week = plan([shift("ann", MONDAY + timedelta(days=d), 8, 8) for d in range(6)])
    assert "max_weekly_hours" in rules_of(sc, week)


def test_solver_stops_at_weekly_hours_and_says_so() -> None:
    sc = scenario([agent("ann")], [requirement(hours=(8, 16))],
                  the_contract=contract(max_consecutive_days=7))
    result = solved(sc)
    assert sum(s.hours for s in result.plan.shifts) == 40
    assert result.plan.gaps
    assert all(g.reason is GapReason.CONTRACT_LIMIT for g in result.plan.gaps)
    assert any("weekly hours" in g.message for g in result.plan.gaps)


def test_min_rest_rejects_close_shift_pair() -> None:
    sc = scenario([agent("ann")])
    close = plan([shift("ann", MONDAY, 14, 8), shift("ann", TUESDAY, 6, 8)])
    violations = check(sc, close)
    assert [v.rule for v in violations] == ["min_rest"]
    assert violations[0].amount == 3  # 8 h of rest where 11 h are needed


def test_solver_keeps_rest_between_shifts() -> None:
    sc = scenario([agent("ann")], [requirement(hours=(6, 10)), requirement("late", (18, 22))])
    shifts = sorted(solved(sc).plan.shifts, key=lambda s: s.start)
    assert all((b.start - a.end) >= timedelta(hours=11) for a, b in pairwise(shifts))


def test_min_rest_counts_history_before_the_period() -> None:
    night = shift("ann", MONDAY - timedelta(days=1), 20, 8, sid="hist")  # ends Mon 04:00
    sc = scenario([agent("ann")], [requirement(hours=(8, 16))], history=(night,))
    assert "min_rest" in rules_of(sc, plan([shift("ann", MONDAY, 8, 8)]))
    monday = [s for s in solved(sc).plan.shifts if s.start.date() == MONDAY]
    assert all(s.start >= night.end + timedelta(hours=11) for s in monday)


def test_max_consecutive_days_rejects_six_days_in_a_row() -> None:
    sc = scenario([agent("ann")], the_contract=contract(max_hours_per_week=60.0))
    six = plan([shift("ann", MONDAY + timedelta(days=d), 8, 6) for d in range(6)])
    assert "max_consecutive_days" in rules_of(sc, six)


def test_consecutive_days_count_days_worked_before_the_period() -> None:
    history = tuple(shift("ann", MONDAY - timedelta(days=d), 8, 6, sid=f"h{d}")
                    for d in range(1, 6))
    sc = scenario([agent("ann")], [requirement(hours=(8, 14))], history=history)
    assert "max_consecutive_days" in rules_of(sc, plan([shift("ann", MONDAY, 8, 6)]))
    result = solved(sc)
    assert all(s.start.date() != MONDAY for s in result.plan.shifts)
    monday_gap = next(g for g in result.plan.gaps if g.start.date() == MONDAY)
    assert monday_gap.reason is GapReason.CONTRACT_LIMIT
    assert "consecutive days" in monday_gap.message


def test_max_nights_per_week_rejects_a_fourth_night() -> None:
    sc = scenario([agent("ann")])
    nights = plan([shift("ann", MONDAY + timedelta(days=d), 22, 8) for d in range(4)])
    assert "max_nights_per_week" in rules_of(sc, nights)


def test_solver_gives_at_most_three_nights_a_week() -> None:
    sc = scenario([agent("ann")], [requirement(hours=(23, 27))])
    result = solved(sc)
    assert 1 <= len(result.plan.shifts) <= 3


def test_availability_rejects_a_shift_on_time_off() -> None:
    off = TimeOff("off", "ann", TUESDAY, TUESDAY, TimeOffKind.SICK)
    sc = scenario([agent("ann", hours=(6, 20))], time_off=(off,))
    violations = check(sc, plan([shift("ann", TUESDAY, 8, 8), shift("ann", MONDAY, 2, 6)]))
    assert [v.rule for v in violations] == ["availability", "availability"]
    assert any("sick" in v.message for v in violations)


def test_duty_must_be_a_dedicated_requirement_the_agent_can_hold() -> None:
    phone = requirement("phone", skills=("phone",), duty=DutyKind.DEDICATED)
    sc = scenario([agent("ann", skills=("linux",))], [phone, requirement()])
    assert "duty" in rules_of(sc, plan([shift("ann", MONDAY, 8, 8, duty="phone")]))
    assert "duty" in rules_of(sc, plan([shift("ann", MONDAY, 8, 8, duty="open")]))


def test_unknown_agent_is_reported() -> None:
    sc = scenario([agent("ann")])
    assert rules_of(sc, plan([shift("zed", MONDAY, 8, 8)])) == {"unknown_agent"}


def test_empty_week_is_clean() -> None:
    assert check(scenario([agent("ann")]), plan([], WEEK)) == []
