"""The benchmark's instance families and baselines: instances as described, plans the checker
accepts, shortfalls measured as the app measures them, and the cheap lower bound below them.

Small instances and 3 s limits only; nothing here asserts a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from bench.baseline_cpsat import solve_cpsat
from bench.baseline_twostep import solve_twostep
from bench.bounds import lower_bounds, lp_bound_hours
from bench.follow_sun import ZONES, generate_family
from bench.java import missing_java
from bench.shifts import BaselineResult, uncovered_minutes
from models.coverage import demands
from models.domain import DutyKind, Period, PlanStatus, Scenario
from solver.check import check
from tests.solver.factory import MONDAY, agent, contract, requirement, scenario, shift, utc

TIMEFOLD_LIMIT_S = 5.0


def _timefold() -> Callable[..., BaselineResult]:
    why = missing_java()
    if why:
        pytest.skip(f"the local-search baseline cannot run: {why}")
    from bench.baseline_timefold import compiled, solve_timefold

    compiled()  # once, before the budget, as the benchmark does
    return solve_timefold


BASELINES: dict[str, Callable[[], Callable[..., BaselineResult]]] = {
    "cpsat": lambda: solve_cpsat, "twostep": lambda: solve_twostep, "timefold": _timefold}


def run(name: str, sc: Scenario, period: Period) -> BaselineResult:
    solve = BASELINES[name]()
    limit = TIMEFOLD_LIMIT_S if name == "timefold" else 3.0
    result = solve(sc, period, limit, workers=2, seed=0)
    assert result.plan.statistics.status is not PlanStatus.NO_PLAN, result.status
    assert check(sc, result.plan) == []
    assert result.plan.statistics.shortfall_minutes == uncovered_minutes(sc, result.plan)
    return result


@pytest.mark.parametrize("family", ["tight", "loose"])
def test_follow_sun_family_at_size_s_is_what_the_benchmark_describes(family: str) -> None:
    sc, period = generate_family(family, "S")
    assert (len(sc.agents), period.days, sc.team.granularity_minutes) == (10, 28, 60)
    assert Counter(a.time_zone for a in sc.agents) == {"Etc/GMT+5": 3, "Etc/UTC": 3,
                                                       "Etc/GMT-3": 2, "Etc/GMT-8": 2}
    assert {zone for zone, _ in ZONES} == {a.time_zone for a in sc.agents}
    (only,) = sc.contracts
    assert (only.min_shift_hours, only.max_shift_hours, only.max_hours_per_week,
            only.min_rest_hours, only.max_consecutive_days) == (8, 8, 40, 11, 6)
    assert all(len(a.availability.windows[0].window.weekdays) == 6 for a in sc.agents)
    target = sc.target
    assert len(target.requirements) == 24
    assert all(not r.skills for r in target.requirements)
    assert target.overrides, "weekdays differ through dated overrides"
    hourly: Counter[int] = Counter()
    for d in demands(sc, period):
        hourly[d.slot % 24] += d.headcount
    assert max(hourly.values()) > min(hourly.values()), "the headcount varies by hour"
    bounds = lower_bounds(sc, period)
    assert bounds.capacity_h is not None
    share = bounds.demand_h / bounds.capacity_h
    assert 0.95 <= share <= 1.0 if family == "tight" else 0.86 <= share <= 0.90
    assert bool(sc.time_off) == (family == "loose")
    assert generate_family(family, "S") == (sc, period)  # the same for the same seed


@pytest.mark.parametrize(("family", "baseline"), [
    ("tight", "cpsat"), ("tight", "twostep"), ("tight", "timefold"),
    ("loose", "cpsat"), ("loose", "twostep")])
def test_baseline_plan_of_a_three_day_instance_passes_the_checker(family: str,
                                                                  baseline: str) -> None:
    sc, period = generate_family(family, "S", days=3)
    plan = run(baseline, sc, period).plan
    assert plan.shifts
    assert all(s.minutes == 480 and s.start.minute == 0 for s in plan.shifts)
    assert uncovered_minutes(sc, plan) / 60 >= lower_bounds(sc, period).lower_bound_h
    lp = lp_bound_hours(sc, period)
    assert lp is not None
    assert uncovered_minutes(sc, plan) / 60 >= lp


def test_the_lp_bound_over_every_placement_bounds_a_plan_of_the_support_desk() -> None:
    from bench.families import instance

    # Shifts of 4-10 h on a 30-minute grid: the engine prunes its candidates, the bound is
    # over every placement all the same.
    sc, period = instance("desk", "S")
    period = Period(period.first_day, 3)
    lp = lp_bound_hours(sc, period)
    assert lp is not None
    assert lp >= lower_bounds(sc, period).reach_lb_h
    plan = solve_cpsat(sc, period, 3.0).plan
    assert check(sc, plan) == []
    assert uncovered_minutes(sc, plan) / 60 >= lp


def test_the_lp_bound_is_left_out_where_its_model_is_too_big(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import bench.bounds

    monkeypatch.setattr(bench.bounds, "LP_MAX_CANDIDATES", 0)
    sc, period = generate_family("tight", "S", days=3)
    assert lp_bound_hours(sc, period) is None


def _one_agent_all_day() -> tuple[Scenario, Period]:
    """One agent, available all day, wanted every hour of three days; worked the Sunday before
    from 16:00 to 24:00; at most three days in a row."""
    sc = scenario([agent("ann")], [requirement("open", (0, 24))],
                  the_contract=contract(min_shift_hours=8, max_shift_hours=8,
                                        max_hours_per_day=8, max_consecutive_days=3),
                  history=(shift("ann", MONDAY - timedelta(days=1), 16, 8),))
    return sc, Period(MONDAY, 3)


def test_plain_cpsat_proves_what_the_rules_leave_with_history_before_the_period() -> None:
    sc, period = _one_agent_all_day()
    result = run("cpsat", sc, period)
    # Sunday worked, so Monday to Wednesday holds two shifts: 72 h wanted, 16 h covered.
    assert result.status == "optimal"
    assert uncovered_minutes(sc, result.plan) == 56 * 60
    assert result.plan.shifts[0].start >= utc(MONDAY, 11)  # 11 h after Sunday's shift


@pytest.mark.parametrize("baseline", ["twostep", "timefold"])
def test_heuristics_keep_the_rules_with_history_before_the_period(baseline: str) -> None:
    sc, period = _one_agent_all_day()
    result = run(baseline, sc, period)
    assert len(result.plan.shifts) == 2
    assert uncovered_minutes(sc, result.plan) == 56 * 60


@pytest.mark.parametrize("baseline", ["cpsat", "twostep", "timefold"])
def test_dedicated_duty_and_skills_are_met(baseline: str) -> None:
    phone = requirement("phone", (8, 16), skills=("phone",), duty=DutyKind.DEDICATED)
    linux = requirement("linux", (8, 16), skills=("linux",))
    sc = scenario([agent("ann", skills=("phone", "linux")), agent("bob", skills=("phone",))],
                  [phone, linux], the_contract=contract(min_shift_hours=8, max_shift_hours=8))
    period = Period(MONDAY, 3)
    plan = run(baseline, sc, period).plan
    assert uncovered_minutes(sc, plan) == 0
    assert len({s.start.date() for s in plan.shifts if s.duty == "phone"}) == 3


def test_the_last_day_s_night_may_end_after_the_period_as_the_engine_s_may() -> None:
    """Same rules as the engine: a shift belongs to the day it starts on, so a night starting on
    the period's last evening is an option, and the plain model covers that evening."""
    sc = scenario([agent("ann", hours=(22, 30))], [requirement(hours=(22, 24))],
                  the_contract=contract(min_shift_hours=8.0, max_shift_hours=8.0))
    period = Period(MONDAY, 1)
    result = run("cpsat", sc, period)
    assert result.status == "optimal"
    assert uncovered_minutes(sc, result.plan) == 0
    assert [s.end for s in result.plan.shifts] == [utc(MONDAY + timedelta(days=1), 6)]
    assert check(sc, result.plan) == []


@pytest.mark.parametrize("saturday", [date(2026, 3, 28), date(2026, 10, 24)])
def test_local_search_shifts_keep_their_local_hours_when_the_clock_changes(
        saturday: date) -> None:
    """Timefold's shift patterns are local times: on the Sunday the clock goes forward (or
    back), 08:00 in Berlin is an hour nearer to (or further from) local midnight in real time."""
    sc = scenario([agent("ann", zone="Europe/Berlin")], [requirement(hours=(8, 16))],
                  the_contract=contract(min_shift_hours=8, max_shift_hours=8),
                  zone="Europe/Berlin")
    period = Period(saturday, 3)
    plan = run("timefold", sc, period).plan
    assert uncovered_minutes(sc, plan) == 0
    local = [s.start.astimezone(ZoneInfo("Europe/Berlin")) for s in plan.shifts]
    assert [(t.day, t.hour, t.minute) for t in local] == [
        ((saturday + timedelta(days=k)).day, 8, 0) for k in range(3)]
