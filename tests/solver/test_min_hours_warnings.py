"""Minimum weekly hours are soft, so the checker reports a plan under them as warnings, with the
hours missing, prorated as the solver prorates them."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from models.domain import Availability, AvailabilityWindow, Period, TimeOff, TimeOffKind
from solver.check import check, under_minimum_hours
from solver.explain import explain
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
    window,
)

FULL_TIME = contract(min_hours_per_week=32.0, max_hours_per_week=40.0)


def days(n: int, first: date = MONDAY) -> list[date]:
    return [first + timedelta(days=i) for i in range(n)]


def test_an_agent_under_the_weekly_minimum_is_a_warning_with_the_hours_missing() -> None:
    sc = scenario([agent("ann"), agent("bob")], the_contract=FULL_TIME)
    p = plan([*(shift("ann", d, 8, 8) for d in days(3)),  # 24 h
              *(shift("bob", d, 8, 8) for d in days(4))])  # 32 h: at the minimum
    assert check(sc, p) == []  # no rule is broken: it is a warning, not a violation
    [warning] = under_minimum_hours(sc, p)
    assert (warning.agent_id, warning.year, warning.week) == ("ann", 2026, 10)
    assert (warning.worked_minutes, warning.minimum_minutes, warning.missing_minutes) == (
        24 * 60, 32 * 60, 8 * 60)
    assert warning.message == ("Ann works 24 h in week 10 of 2026; the contract asks at least "
                               "32 h: 8 h missing")


def test_the_minimum_is_prorated_for_time_off_and_a_partial_week() -> None:
    # Ann is on vacation Monday to Wednesday: the week asks 4/7 of 32 h = 18 h 17 min.
    off = TimeOff("vac", "ann", MONDAY, MONDAY + timedelta(days=2), TimeOffKind.VACATION)
    sc = scenario([agent("ann")], the_contract=FULL_TIME, time_off=(off,))
    p = plan([shift("ann", MONDAY + timedelta(days=3), 8, 8),
              shift("ann", MONDAY + timedelta(days=4), 8, 8)])  # 16 h
    [warning] = under_minimum_hours(sc, p)
    assert warning.minimum_minutes == round(32 * 60 * 4 / 7) == 1097
    assert warning.missing_minutes == 1097 - 16 * 60
    assert "18 h 17 min (its 32 h prorated" in warning.message
    assert "2 h 17 min missing" in warning.message
    # A period that starts on Friday: that first week asks 3/7 of 32 h.
    friday = MONDAY + timedelta(days=4)
    short = plan([shift("ann", friday, 8, 8)], Period(friday, 3))
    [w] = under_minimum_hours(scenario([agent("ann")], the_contract=FULL_TIME), short)
    assert (w.minimum_minutes, w.worked_minutes) == (round(32 * 60 * 3 / 7), 8 * 60)


def test_four_weeks_of_58_hours_on_a_32_hour_contract_are_all_reported() -> None:
    # The case that went unreported: 58 h in four weeks against 32-40 h a week.
    four_weeks = Period(MONDAY, 28)
    worked = [shift("ann", d, 8, 8) for d in days(7)] + [shift("ann", MONDAY + timedelta(
        days=7), 8, 2)]  # 58 h, all in the first two weeks
    sc = scenario([agent("ann")], the_contract=FULL_TIME)
    found = under_minimum_hours(sc, plan(worked, four_weeks))
    assert [(w.week, w.worked_minutes // 60, w.missing_minutes // 60) for w in found] == [
        (11, 2, 30), (12, 0, 32), (13, 0, 32)]  # week 10 has 56 h
    # Hours over the minimum in one week do not make up for another: 94 h missing in all.
    assert sum(w.missing_minutes for w in found) == (30 + 32 + 32) * 60


def test_inactive_agents_and_contracts_without_a_minimum_give_no_warning() -> None:
    sc = scenario([dataclasses.replace(agent("ann"), active=False), agent("bob")])
    assert under_minimum_hours(sc, plan([])) == []  # the default contract asks no minimum
    sc2 = scenario([dataclasses.replace(agent("ann"), active=False)], the_contract=FULL_TIME)
    assert under_minimum_hours(sc2, plan([])) == []


def test_a_solved_plan_under_the_minimum_is_explained_with_its_warning() -> None:
    # Ann can work only 08-12 on Mondays: 4 h a week against a 32 h minimum, whatever the
    # solver does; the solver's own summary and the checker agree on the shortfall.
    part = contract(min_hours_per_week=32.0, min_shift_hours=4.0)
    ann = dataclasses.replace(agent("ann"), availability=Availability(
        (AvailabilityWindow(window(8, 12, frozenset({0}))),)))
    sc = scenario([ann], [requirement(hours=(8, 12), days=frozenset({0}))], the_contract=part)
    result = solved(sc, WEEK)
    [warning] = under_minimum_hours(sc, result.plan)
    assert (warning.worked_minutes, warning.missing_minutes) == (4 * 60, 28 * 60)
    solver_says = sum(p.value for p in result.penalties if p.rule == "under_min_hours")
    assert solver_says == warning.missing_minutes
    explained = explain(sc, result.plan, result.penalties)
    assert explained.under_minimum == (warning,)
    [rule] = [r for r in explained.rules if r.rule == "under_min_hours"]
    assert rule.amount == "28.0 h"
