"""Whole solves: coverage as the app counts it, gaps with the right reasons, progress, cancel,
re-planning, time zones."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from models.coverage import coverage
from models.domain import DutyKind, GapReason, Period, PlanStatus, TimeOff, TimeOffKind
from solver import CancelToken, Progress, SolveParams, solve
from solver.advice import candidates_for
from solver.check import check
from solver.replan import diff_plans
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


def test_solver_shortfall_is_what_the_app_counts() -> None:
    sc = scenario([agent("ann"), agent("bob", hours=(12, 24))],
                  [requirement(hours=(6, 22), headcount=2)])
    result = solved(sc)
    missing = sum(r.missing for r in coverage(sc, result.plan))
    assert result.plan.statistics.shortfall_minutes == missing * 60
    assert sum(g.missing * g.minutes for g in result.plan.gaps) == missing * 60


def test_a_coverable_target_is_met_and_proven() -> None:
    sc = scenario([agent("ann"), agent("bob")], [requirement(hours=(8, 16))])
    result = solved(sc)
    assert result.status in (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE)
    assert result.plan.gaps == ()
    assert result.plan.statistics.shortfall_proven_minimal


def test_gap_reason_nobody_speaks_the_language() -> None:
    sc = scenario([agent("ann")], [requirement("ru", skills=("ru",))])
    result = solved(sc)
    assert result.plan.gaps
    assert {g.reason for g in result.plan.gaps} == {GapReason.NO_SKILL}
    assert "Russian" in result.plan.gaps[0].message


def test_gap_reason_the_only_linux_tier2_agent_is_on_vacation() -> None:
    linux = requirement("l2", skills=("linux", "tier2"))
    off = TimeOff("v", "tux", MONDAY, MONDAY + timedelta(days=6), TimeOffKind.VACATION)
    sc = scenario([agent("tux", skills=("linux", "tier2")), agent("ann")], [linux],
                  time_off=(off,))
    result = solved(sc)
    assert len(result.plan.gaps) == 7
    assert {g.reason for g in result.plan.gaps} == {GapReason.NOT_AVAILABLE}
    assert result.plan.gaps[0].candidates[0].agent_id == "tux"
    assert "vacation" in result.plan.gaps[0].candidates[0].why


def test_gap_reason_everyone_is_at_40_hours() -> None:
    sc = scenario([agent("ann"), agent("bob")], [requirement(hours=(8, 16), headcount=2)],
                  the_contract=contract(max_consecutive_days=7))
    result = solved(sc)
    hours = {a: sum(s.hours for s in result.plan.shifts_of(a)) for a in ("ann", "bob")}
    assert hours == {"ann": 40, "bob": 40}
    assert {g.reason for g in result.plan.gaps} == {GapReason.CONTRACT_LIMIT}
    assert all("weekly hours" in g.message for g in result.plan.gaps)


def test_gap_reason_other_dedicated_duty() -> None:
    phone = requirement("phone", skills=("phone",), duty=DutyKind.DEDICATED)
    chat = requirement("chat", skills=("phone",), duty=DutyKind.DEDICATED, priority=2)
    sc = scenario([agent("ann", hours=(8, 16))], [phone, chat],
                  the_contract=contract(max_consecutive_days=7, max_hours_per_week=60.0))
    result = solved(sc)
    assert all(s.duty == "phone" for s in result.plan.shifts)
    chat_gaps = [g for g in result.plan.gaps if g.requirement_id == "chat"]
    assert chat_gaps
    assert {g.reason for g in chat_gaps} == {GapReason.OTHER_DUTY}


def test_dedicated_duty_holds_one_agent_and_counts_for_shared_cover() -> None:
    phone = requirement("phone", skills=("phone",), duty=DutyKind.DEDICATED)
    sc = scenario([agent("ann"), agent("bob", skills=())],
                  [phone, requirement(headcount=2)],
                  the_contract=contract(max_consecutive_days=7, max_hours_per_week=60.0))
    result = solved(sc)
    assert result.plan.gaps == ()
    duties = {s.agent_id: s.duty for s in result.plan.shifts}
    assert set(duties.values()) == {"phone", None}


def test_same_seed_same_plan() -> None:
    sc = scenario([agent("ann"), agent("bob"), agent("cy", hours=(10, 22))],
                  [requirement(hours=(6, 22), headcount=2)])
    first = solved(sc, deterministic=True, time_limit=2)
    second = solved(sc, deterministic=True, time_limit=2)
    assert first.plan.shifts == second.plan.shifts


def test_cancel_from_progress_keeps_the_best_plan_so_far() -> None:
    sc = scenario([agent(f"a{i}") for i in range(4)],
                  [requirement(hours=(0, 24), headcount=2)])
    token = CancelToken()
    seen: list[Progress] = []

    def on_progress(p: Progress) -> None:
        seen.append(p)
        token.cancel()

    result = solve(sc, SolveParams(WEEK, time_limit_s=20, workers=2, seed=1),
                   on_progress=on_progress, cancel=token)
    assert result.status is PlanStatus.CANCELLED
    assert seen
    assert seen[0].solutions >= 1
    assert result.plan.shifts
    assert check(sc, result.plan) == []


def test_cancelled_before_start_returns_a_cancelled_empty_plan() -> None:
    sc = scenario([agent("ann")])
    token = CancelToken()
    token.cancel()
    result = solve(sc, SolveParams(WEEK, time_limit_s=5, workers=2, seed=1), cancel=token)
    assert result.status is PlanStatus.CANCELLED
    assert check(sc, result.plan) == []


def test_a_limit_too_short_for_the_solver_still_gives_a_complete_valid_plan() -> None:
    """The first plan is built before CP-SAT: with no time left for the model, it is the
    answer, with its gaps explained and nothing claimed proven."""
    sc = scenario([agent("ann"), agent("bob", hours=(12, 24))],
                  [requirement(hours=(6, 22), headcount=2)])
    seen: list[Progress] = []
    result = solve(sc, SolveParams(WEEK, time_limit_s=1e-6, workers=2, seed=1),
                   on_progress=seen.append)
    assert result.status is PlanStatus.FEASIBLE
    assert result.plan.shifts
    assert check(sc, result.plan) == []
    assert result.plan.gaps
    assert not result.plan.statistics.shortfall_proven_minimal
    assert result.plan.statistics.variables == 0  # no model was built
    assert seen[0].objective is not None
    assert seen[0].solutions == 1
    missing = sum(r.missing for r in coverage(sc, result.plan))
    assert seen[0].shortfall_minutes == missing * 60


def test_shift_ids_are_stable_across_solves() -> None:
    sc = scenario([agent("ann")], [requirement()])
    ids = {s.id for s in solved(sc).plan.shifts}
    assert "ann:2026-03-02" in ids


def test_replan_after_sick_day_changes_only_what_it_must() -> None:
    agents = [agent(name, hours=(6, 18)) for name in ("ann", "bob", "cy", "dee")]
    sc = scenario(agents, [requirement(hours=(8, 16), headcount=2)],
                  the_contract=contract(max_consecutive_days=7, max_hours_per_week=48.0))
    before = solved(sc).plan
    assert before.gaps == ()
    sick_day = MONDAY + timedelta(days=2)
    sick_agent = next(s.agent_id for s in before.shifts if s.start.date() == sick_day)
    off = TimeOff("sick", sick_agent, sick_day, sick_day, TimeOffKind.SICK)
    sick = dataclasses.replace(sc, time_off=(off,))
    keep = utc(sick_day, 0)  # the sick call: everything before that day stays
    result = solved(sick, previous=before, keep_before=keep)
    diff = result.diff
    assert diff is not None
    assert [(s.agent_id, s.start.date()) for s in diff.removed] == [(sick_agent, sick_day)]
    touched = [*diff.added, *(m.after for m in diff.moved), *(m.before for m in diff.moved)]
    assert len(touched) <= 2
    assert {s.start.date() for s in touched} <= {sick_day}
    assert diff.kept >= len(before.shifts) - 2
    assert result.plan.gaps == ()
    assert diff == diff_plans(sick, before, result.plan)


def test_locked_shifts_stay_in_a_replan() -> None:
    sc = scenario([agent("ann"), agent("bob")], [requirement(hours=(8, 16))])
    before = solved(sc).plan
    locked = dataclasses.replace(before, shifts=tuple(
        dataclasses.replace(s, locked=True) for s in before.shifts))
    result = solved(sc, previous=locked)
    assert set(result.plan.shifts) == set(locked.shifts)


def test_candidates_for_a_gap_rank_the_free_agent_first() -> None:
    sc = scenario([agent("ann"), agent("bob", hours=(12, 24))], [requirement(hours=(8, 16))])
    empty = dataclasses.replace(solved(sc).plan, shifts=())
    start = empty.period.first_day
    found = candidates_for(sc, empty, "open", utc(start, 8), utc(start, 16))
    assert [c.agent_id for c in found][:1] == ["ann"]
    assert found[0].violations == ()
    assert found[0].shift.start == utc(start, 8)
    bob = next(c for c in found if c.agent_id == "bob")
    assert bob.covered_minutes < found[0].covered_minutes


def test_dst_change_in_several_zones() -> None:
    # US clocks change on 8 March 2026, European ones on 29 March: cross both.
    agents = [agent("ny", zone="America/New_York", hours=(8, 20)),
              agent("be", zone="Europe/Berlin", hours=(8, 20)),
              agent("ka", zone="Asia/Kathmandu", hours=(8, 20))]
    sc = scenario(agents, [requirement(hours=(0, 24))], zone="Europe/London",
                  granularity=30)
    period = Period(date(2026, 3, 6), 4)
    result = solved(sc, period, time_limit=8)
    assert result.plan.shifts
    missing = sum(r.missing * r.minutes for r in coverage(sc, result.plan))
    assert result.plan.statistics.shortfall_minutes == missing
    second = Period(date(2026, 3, 27), 4)
    assert solved(sc, second, time_limit=8).plan.shifts


def test_long_period_is_solved_in_rolling_windows_that_respect_the_borders() -> None:
    sc = scenario([agent("ann"), agent("bob")], [requirement(hours=(8, 16))],
                  the_contract=contract(max_consecutive_days=4))
    period = Period(MONDAY, 60)
    result = solved(sc, period, time_limit=6)
    days = {s.start.date() for s in result.plan.shifts}
    assert min(days) == MONDAY
    assert max(days) == MONDAY + timedelta(days=59)
    assert result.plan.gaps == ()


def test_one_stage_for_coverage_then_changes_keeps_their_order() -> None:
    # One person-slot of coverage (weight 3) can only be bought with 10 changes: a plain
    # weighted sum (3 against 10) would give the coverage up; the stage objective does not.
    from ortools.sat.python import cp_model

    from solver.soft import TIER_CHANGES, TIER_COVERAGE, PenaltyTerm
    from solver.stage_order import stage_objective

    model = cp_model.CpModel()
    short = model.new_int_var(0, 1, "short")
    changes = model.new_int_var(0, 10, "changes")
    model.add(changes >= 10 - 10 * short)
    terms = [PenaltyTerm("shortfall", "short", (), short, 3, TIER_COVERAGE),
             PenaltyTerm("change", "changes", (), changes, 1, TIER_CHANGES, high=10)]
    objective, scale = stage_objective(terms, (TIER_COVERAGE, TIER_CHANGES))
    model.minimize(objective)
    solver = cp_model.CpSolver()
    assert solver.solve(model) == cp_model.OPTIMAL
    assert (solver.value(short), solver.value(changes)) == (0, 10)
    assert scale == 11
    assert solver.objective_value // scale == 0  # the coverage value, unscaled
