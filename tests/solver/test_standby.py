"""Standby: a second line "reachable within 30 minutes" may be met by an agent on standby.

A standby shift counts for the one requirement it names, only if that requirement accepts
standby; it counts no hours toward the contract's weekly limits, but is a shift for the daily
and rest rules; an agent is never on duty and on standby at once; it costs the standby rate."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from models.coverage import coverage
from models.domain import (
    DomainError,
    DutyKind,
    Period,
    Plan,
    Premiums,
    Requirement,
    Scenario,
    Shift,
    ShiftKind,
)
from solver.check import check, under_minimum_hours
from solver.cost import plan_cost
from solver.gaps import explain_gaps
from tests.solver.factory import (
    MONDAY,
    WEEK,
    agent,
    contract,
    requirement,
    scenario,
    solved,
    utc,
)

DAY = Period(MONDAY, 1)


def tier2(reach: int = 30) -> Requirement:
    plain = requirement("tier2", hours=(0, 24), skills=("tier2",), priority=1)
    return dataclasses.replace(plain, name="Tier 2", standby_reach_minutes=reach)


def desk(reach: int = 30, **changes: object) -> Scenario:
    """The desk on the day (08-16, anyone) and tier 2 round the clock; three tier-2 agents
    who work exactly 8-hour shifts, at 20 an hour."""
    agents = [dataclasses.replace(agent(a, skills=("phone", "tier2")), hourly_cost=20.0)
              for a in ("ann", "bob", "cat")]
    return scenario(agents, [requirement("desk", hours=(8, 16)), tier2(reach)],
                    the_contract=contract(min_shift_hours=8.0, max_shift_hours=8.0,
                                          **changes))


def on(agent_id: str, start: int, hours: int = 8, *, standby: bool = False,
       day: object = MONDAY) -> Shift:
    begin = utc(day, 0) + timedelta(hours=start)  # type: ignore[arg-type]
    suffix = "" if day == MONDAY else f"-{day:%d}"
    return Shift(f"{agent_id}-{start}{'-sb' if standby else ''}{suffix}", agent_id, begin,
                 begin + timedelta(hours=hours), duty="tier2" if standby else None,
                 kind=ShiftKind.STANDBY if standby else ShiftKind.ON_DUTY)


def night_by_standby() -> Plan:
    return Plan(DAY, (on("cat", 0, standby=True), on("ann", 8), on("bob", 16, standby=True)))


def missing(sc: Scenario, plan: Plan, requirement_id: str) -> int:
    return sum(r.missing_minutes for r in coverage(sc, plan) if r.requirement_id == requirement_id)


def test_a_requirement_that_accepts_standby_is_met_overnight_by_standby_with_no_gap():
    sc = desk()
    plan = night_by_standby()
    assert missing(sc, plan, "tier2") == 0
    assert missing(sc, plan, "desk") == 0
    assert explain_gaps(sc, plan, proven=False) == ()
    assert check(sc, plan) == []


def test_a_requirement_that_does_not_accept_standby_reports_a_gap_for_the_same_hours():
    sc = desk(reach=0)
    plan = night_by_standby()
    assert missing(sc, plan, "tier2") == 16 * 60  # 00-08 and 16-24: only Ann on duty counts
    gaps = explain_gaps(sc, plan, proven=False)
    assert [(g.start.hour, g.end.hour) for g in gaps] == [(0, 8), (16, 0)]
    # ... and the checker says the standby shifts stand by for something that needs duty.
    rules = {(v.rule, v.shift_ids) for v in check(sc, plan)}
    assert ("standby", ("cat-0-sb",)) in rules
    assert ("standby", ("bob-16-sb",)) in rules


def test_a_standby_shift_counts_for_no_other_requirement():
    sc = desk()
    plan = Plan(DAY, (on("ann", 8, standby=True),))
    assert missing(sc, plan, "desk") == 8 * 60  # the desk needs someone at work
    assert missing(sc, plan, "tier2") == 16 * 60


def test_checker_rejects_an_agent_on_duty_and_on_standby_at_once():
    sc = desk()
    plan = Plan(DAY, (on("ann", 8), dataclasses.replace(on("ann", 12, standby=True))))
    found = [v for v in check(sc, plan) if v.rule == "on_duty_and_standby"]
    assert len(found) == 1
    assert found[0].shift_ids == ("ann-8", "ann-12-sb")
    assert found[0].amount == 4.0
    assert "on duty" in found[0].message
    assert "on standby" in found[0].message


def test_standby_hours_count_for_rest_but_not_for_weekly_hours():
    # A 16-hour weekly maximum: two days on duty fill it; standby on a third day does not
    # break it, but standby straight after a shift breaks the rest between them.
    sc = desk(max_hours_per_week=16.0, min_hours_per_week=16.0)
    day2, day3 = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
    plan = Plan(WEEK, (on("ann", 8), on("ann", 8, day=day2), on("ann", 8, standby=True,
                                                                day=day3)))
    assert check(sc, plan) == []
    rested = Plan(WEEK, (on("ann", 8), on("ann", 16 + 8, standby=True)))
    assert {v.rule for v in check(sc, rested)} == {"min_rest"}
    # Standby does not fill the weekly minimum either.
    only_standby = Plan(WEEK, (on("ann", 0, standby=True),))
    [warning] = [w for w in under_minimum_hours(sc, only_standby) if w.agent_id == "ann"]
    assert warning.worked_minutes == 0


def test_a_standby_shift_must_stand_by_for_a_requirement_the_agent_meets():
    sc = desk()
    plain = dataclasses.replace(sc.agents[0], skills=())
    sc = dataclasses.replace(sc, agents=(plain, *sc.agents[1:]))
    [violation] = check(sc, Plan(DAY, (on("ann", 0, standby=True),)))
    assert violation.rule == "standby"
    assert "lacks a skill that Tier 2 (tier2) needs" in violation.message


def test_standby_costs_the_standby_rate_without_premiums():
    sc = desk()
    sc = dataclasses.replace(sc, team=dataclasses.replace(
        sc.team, premiums=Premiums(night=1.5, standby_rate=0.25)))
    report = plan_cost(sc, Plan(DAY, (on("cat", 0, standby=True),)))
    assert report.standby == pytest.approx(8 * 20 * 0.25)
    assert report.total == pytest.approx(40.0)
    assert report.night == 0.0


def test_bad_standby_values_name_the_requirement_field_and_value():
    with pytest.raises(DomainError) as error:
        dataclasses.replace(tier2(), standby_reach_minutes=-5)
    [problem] = error.value.problems
    assert (problem.path, problem.value) == ("standby_reach_minutes", -5)
    assert "'Tier 2' (tier2)" in problem.message
    phone = requirement("phone", duty=DutyKind.DEDICATED)
    with pytest.raises(DomainError) as error:
        dataclasses.replace(phone, standby_reach_minutes=30)
    assert "dedicated duty" in str(error.value)
    assert "(phone)" in str(error.value)
    with pytest.raises(DomainError) as error:
        Shift("s1", "ann", utc(MONDAY, 0), utc(MONDAY, 8), kind=ShiftKind.STANDBY)
    [problem] = error.value.problems
    assert problem.path == "duty"
    assert "s1" in problem.message
    with pytest.raises(DomainError) as error:
        Premiums(standby_rate=1.5)
    assert error.value.problems[0].path == "standby_rate"


def test_a_solve_closes_the_night_with_standby_and_the_plan_is_checker_clean():
    sc = desk()
    result = solved(sc, DAY)  # asserts the checker finds nothing
    plan = result.plan
    assert missing(sc, plan, "tier2") == 0
    assert missing(sc, plan, "desk") == 0
    assert plan.gaps == ()
    standby = [s for s in plan.shifts if s.is_standby]
    on_duty = [s for s in plan.shifts if not s.is_standby]
    # Only the day desk needs someone at work: the night is standby, not a second line on duty.
    assert [(s.start.hour, s.minutes) for s in on_duty] == [(8, 480)]
    assert sorted(s.start.hour for s in standby) == [0, 16]
    assert {s.duty for s in standby} == {"tier2"}


def test_without_standby_the_same_solve_puts_the_night_on_duty():
    sc = desk(reach=0)
    plan = solved(sc, DAY).plan
    assert missing(sc, plan, "tier2") == 0
    assert not any(s.is_standby for s in plan.shifts)
    assert sorted(s.start.hour for s in plan.shifts) == [0, 8, 16]


def test_a_gap_names_the_agent_on_standby_for_another_requirement():
    sc = desk()
    round_the_clock = requirement("desk", hours=(0, 24))
    sc = dataclasses.replace(sc, targets=(dataclasses.replace(
        sc.target, requirements=(round_the_clock, tier2())),))
    night, _evening = explain_gaps(sc, night_by_standby(), proven=False)
    assert (night.start.hour, night.end.hour) == (0, 8)
    assert ("cat", "Cat is on standby for Tier 2 then") in {
        (c.agent_id, c.why) for c in night.candidates}


def test_a_locked_standby_shift_stays_standby_in_a_re_plan():
    sc = desk()
    locked = dataclasses.replace(on("bob", 0, standby=True), locked=True)
    previous = Plan(DAY, (locked,))
    plan = solved(sc, DAY, previous=previous).plan
    kept = next(s for s in plan.shifts if s.id == locked.id)
    assert (kept.kind, kept.duty, kept.start, kept.end) == (
        ShiftKind.STANDBY, "tier2", locked.start, locked.end)
    assert missing(sc, plan, "tier2") == 0
    assert missing(sc, plan, "desk") == 0


def test_the_model_counts_no_standby_hours_toward_the_weekly_maximum():
    # Two days, 8 hours a week each: the two days on duty need two agents' whole week, and the
    # four standby nights fit only because standby is not hours of the contract.
    sc = desk(max_hours_per_week=8.0)
    dan = dataclasses.replace(sc.agents[0], id="dan", name="Dan")
    sc = dataclasses.replace(sc, agents=(*sc.agents, dan))
    two_days = Period(MONDAY, 2)
    plan = solved(sc, two_days, time_limit=10.0).plan
    assert missing(sc, plan, "tier2") == 0
    assert missing(sc, plan, "desk") == 0
    on_duty = [s for s in plan.shifts if not s.is_standby]
    assert len(on_duty) == 2
    assert len({s.agent_id for s in on_duty}) == 2
    # 48 hours are covered by four agents allowed 32 hours of work between them.
    assert sum(s.minutes for s in on_duty) == 16 * 60
    assert sum(s.minutes for s in plan.shifts if s.is_standby) >= 32 * 60
