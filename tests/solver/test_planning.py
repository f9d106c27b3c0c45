"""The use cases the CLI and the GUI call: plan a period, re-plan after a sick call, summary."""

from __future__ import annotations

from datetime import timedelta

from coverage_app.services.planning import plan_period, replan_after_sick_call, summarize
from solver.check import check
from tests.solver.factory import MONDAY, WEEK, agent, contract, requirement, scenario


def test_sick_call_replan_keeps_everything_before_the_sick_day() -> None:
    sc = scenario([agent(n, hours=(6, 18)) for n in ("ann", "bob", "cy")],
                  [requirement(hours=(8, 16), headcount=2)],
                  the_contract=contract(max_consecutive_days=7, max_hours_per_week=48.0))
    before = plan_period(sc, WEEK, time_limit_s=3, seed=1).plan
    sick_day = MONDAY + timedelta(days=3)
    victim = next(s.agent_id for s in before.shifts if s.start.date() == sick_day)
    sick, result = replan_after_sick_call(sc, before, victim, sick_day, time_limit_s=3, seed=1)
    assert check(sick, result.plan) == []
    earlier = {s for s in before.shifts if s.start.date() < sick_day}
    assert earlier <= set(result.plan.shifts)
    assert not [s for s in result.plan.shifts_of(victim) if s.start.date() == sick_day]
    assert result.diff is not None
    assert result.diff.of(victim).removed


def test_summary_reports_coverage_hours_and_fairness() -> None:
    sc = scenario([agent("ann"), agent("bob")],
                  [requirement(hours=(8, 16)), requirement("ru", skills=("ru",))])
    plan = plan_period(sc, WEEK, time_limit_s=3, seed=1).plan
    summary = summarize(sc, plan)
    by_id = {c.requirement_id: c for c in summary.coverage}
    assert by_id["open"].percent == 100.0
    assert by_id["ru"].percent == 0.0
    assert sum(a.hours for a in summary.agents) == sum(s.hours for s in plan.shifts)


def test_sick_call_replan_changes_only_its_window() -> None:
    """Shifts from RIPPLE_DAYS after the absence on stay exactly as they were, and nothing new
    starts outside the window."""
    from coverage_app.services.absence import RIPPLE_DAYS, replan_window

    sc = scenario([agent(n, hours=(6, 18)) for n in ("ann", "bob", "cy", "dee")],
                  [requirement(hours=(8, 16), headcount=2)],
                  the_contract=contract(max_consecutive_days=7, max_hours_per_week=48.0))
    before = plan_period(sc, WEEK, time_limit_s=3, seed=1).plan
    sick_day = MONDAY + timedelta(days=1)
    victim = next(s.agent_id for s in before.shifts if s.start.date() == sick_day)
    sick, result = replan_after_sick_call(sc, before, victim, sick_day, time_limit_s=3, seed=1)
    assert check(sick, result.plan) == []
    keep_before, keep_after = replan_window(sc, victim, sick_day, sick_day)
    assert keep_after - keep_before == timedelta(days=1 + RIPPLE_DAYS)
    outside = {s for s in before.shifts if not keep_before <= s.start < keep_after}
    assert outside <= set(result.plan.shifts)
    new = set(result.plan.shifts) - set(before.shifts)
    assert all(keep_before <= s.start < keep_after for s in new)
    assert result.plan.gaps == ()  # three healthy agents can still cover two places
