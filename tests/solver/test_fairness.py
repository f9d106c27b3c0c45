"""Fair shares of nights, weekends and holidays; the fairness and cost stages."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from models.coverage import coverage
from models.domain import Period, Plan, Scenario, Shift
from models.horizon import horizon
from solver import SolveParams
from solver.cost import plan_cost
from solver.fairness import kind_minutes, plan_fairness, share_weights
from solver.types import CarriedBalance, Weights
from tests.solver.factory import (
    WEEK,
    agent,
    contract,
    requirement,
    scenario,
    shift,
    solved,
    utc,
)

NIGHT = 8 * 60


def _with_contracts(sc: Scenario, *contracts: object) -> Scenario:
    return dataclasses.replace(sc, contracts=(*sc.contracts, *contracts))  # type: ignore[arg-type]


def _night_desk(agents: int = 2) -> Scenario:
    """A night requirement (22:00-06:00 UTC, one person), agents available around the clock
    on one contract that allows five nights a week."""
    return scenario([agent(f"n{i}") for i in range(agents)],
                    [requirement("night", (22, 30), headcount=1)],
                    the_contract=contract(max_shift_hours=8.0, max_nights_per_week=5))


def _nights(result_plan: Plan, sc: Scenario) -> dict[str, int]:
    report = plan_fairness(sc, result_plan)
    return {a.agent_id: a.night.minutes for a in report.agents}


def test_fair_shares_follow_contract_hours_and_night_availability() -> None:
    """Shares are in proportion to contract hours × night minutes the agent is available for:
    a 20 h contract gets half a 40 h one's share; an agent available half of each night half
    again; one never available at night none."""
    part = contract(id="part", max_hours_per_week=20.0)
    sc = _with_contracts(scenario([agent("full"), agent("part"), agent("half", hours=(12, 26)),
                                   agent("day", hours=(8, 20))]), part)
    sc = dataclasses.replace(sc, agents=tuple(
        dataclasses.replace(a, contract_id="part") if a.id == "part" else a for a in sc.agents))
    worked = Plan(WEEK, tuple(Shift(f"f{d}", "full", utc(WEEK.first_day + timedelta(days=d), 22),
                                    utc(WEEK.first_day + timedelta(days=d + 1), 6))
                              for d in range(7)))
    report = plan_fairness(sc, worked)
    night = {a.agent_id: a.night for a in report.agents}
    total = 7 * NIGHT
    # weights: full 40 × 56 h, part 20 × 56 h, half 40 × 28 h (22:00-02:00), day 0
    assert night["full"].share == pytest.approx(total * 2 / 4)
    assert night["part"].share == pytest.approx(total * 1 / 4)
    assert night["half"].share == pytest.approx(total * 1 / 4)
    assert night["day"].share == 0
    assert night["full"].minutes == total
    assert night["full"].balance == pytest.approx(total / 2)


def _night_eligibility(sc: Scenario, period: Period) -> dict[str, float]:
    grid = horizon(sc, period)
    weights = share_weights(sc, grid, kind_minutes(sc, grid))
    return {a: w / sc.contracts[0].max_hours_per_week for a, w in weights["night"].items()}


def test_fair_shares_count_real_night_minutes_across_a_dst_change() -> None:
    """The fortnight in which Berlin falls back has one real hour of night more for a Berlin
    night agent (the 22:00-06:00 night is nine hours long) than the fortnight before."""
    sc = dataclasses.replace(scenario([agent("berlin", zone="Europe/Berlin")]),
                             team=dataclasses.replace(scenario([]).team,
                                                      reference_zone="Europe/Berlin"))
    before = _night_eligibility(sc, Period(date(2026, 10, 5), 14))["berlin"]
    falling_back = _night_eligibility(sc, Period(date(2026, 10, 19), 14))["berlin"]
    # 00:00-06:00 of the first day, thirteen whole nights, 22:00-24:00 of the last day
    assert before == 6 * 60 + 13 * NIGHT + 2 * 60
    assert falling_back == before + 60


def test_fair_shares_judge_night_in_the_agents_own_zone() -> None:
    """An agent in Kolkata available 08:00-20:00 local works the team's (UTC) small hours,
    but never a night of his own: no night share. One available 22:00-06:00 local has one."""
    sc = scenario([agent("days", zone="Asia/Kolkata", hours=(8, 20)),
                   agent("nights", zone="Asia/Kolkata", hours=(22, 30))])
    eligible = _night_eligibility(sc, WEEK)
    assert eligible["days"] == 0
    assert eligible["nights"] > 6 * NIGHT


def test_identical_night_agents_get_nights_within_one_shift_of_each_other() -> None:
    sc = _night_desk()
    result = solved(sc, Period(WEEK.first_day, 14), time_limit=10.0, deterministic=True)
    assert result.plan.statistics.shortfall_minutes == 0
    nights = _nights(result.plan, sc)
    assert abs(nights["n0"] - nights["n1"]) <= NIGHT, nights
    assert [s.name for s in result.stages][:2] == ["coverage", "fairness"]


def test_the_report_compares_alike_agents_against_one_shift() -> None:
    """Two agents on one contract, both available every night: one group of alike agents,
    whose night hours the report gives side by side with the longest shift."""
    sc = _night_desk()
    shifts = [shift("n0", WEEK.first_day + timedelta(days=d), 22, 8) for d in range(3)]
    shifts.append(shift("n1", WEEK.first_day + timedelta(days=3), 22, 8))
    report = plan_fairness(sc, Plan(WEEK, tuple(shifts)))
    night = [s for s in report.alike if s.kind == "night"]
    assert [s.agent_ids for s in night] == [("n0", "n1")]
    assert night[0].minutes == (3 * NIGHT, NIGHT)
    assert night[0].longest_shift_minutes == NIGHT
    assert night[0].spread_minutes == 2 * NIGHT
    assert not night[0].within_one_shift
    shifts[0] = shift("n1", WEEK.first_day, 22, 8)
    assert all(s.within_one_shift for s in plan_fairness(sc, Plan(WEEK, tuple(shifts))).alike)


def test_carried_balance_moves_nights_to_the_agent_who_had_fewer() -> None:
    """n0 had 24 night hours more than the share in earlier plans, n1 24 fewer: this plan
    gives n1 more nights, and the report shows the balance carried."""
    sc = _night_desk()
    without = _nights(solved(sc, Period(WEEK.first_day, 14), time_limit=10.0,
                             deterministic=True).plan, sc)
    assert abs(without["n1"] - without["n0"]) <= NIGHT
    carried = (CarriedBalance("n0", night_minutes=3 * NIGHT),
               CarriedBalance("n1", night_minutes=-3 * NIGHT))
    result = solved(sc, Period(WEEK.first_day, 14), time_limit=10.0, deterministic=True,
                    carried=carried)
    nights = _nights(result.plan, sc)
    assert nights["n1"] - nights["n0"] >= 2 * NIGHT, nights
    assert result.fairness is not None
    row = result.fairness.agent("n0")
    assert row is not None
    assert row.night.carried == 3 * NIGHT
    assert row.night.balance == pytest.approx(row.night.minutes - row.night.share + 3 * NIGHT)


def _cost_desk() -> Scenario:
    """Two agents alike in everything but pay; one person 10:00-14:00 every day of a week."""
    sc = scenario([agent("cheap"), agent("dear")], [requirement("open", (10, 14))],
                  the_contract=contract(min_shift_hours=4.0, max_shift_hours=4.0))
    return dataclasses.replace(sc, agents=tuple(
        dataclasses.replace(a, hourly_cost=10.0 if a.id == "cheap" else 30.0)
        for a in sc.agents))


def test_cost_stage_takes_the_cheaper_of_equally_fair_plans() -> None:
    """Seven days for two agents: fairness allows 4/3 or 3/4; the cost stage gives the fourth
    day to the cheaper agent, and never costs coverage."""
    sc = _cost_desk()
    result = solved(sc, time_limit=8.0)
    assert [s.name for s in result.stages] == ["coverage", "fairness", "cost"]
    assert all(s.shortfall_minutes == 0 for s in result.stages)
    hours = {a.agent_id: a.hours.minutes for a in result.fairness.agents}  # type: ignore[union-attr]
    assert hours == {"cheap": 4 * 240, "dear": 3 * 240}
    assert result.cost is not None
    assert result.cost.total == pytest.approx(4 * 4 * 10 + 3 * 4 * 30)


def test_cheapest_first_puts_cost_before_fairness() -> None:
    sc = _cost_desk()
    fair = solved(sc, time_limit=8.0)
    cheapest = solved(sc, time_limit=8.0, cheapest_first=True)
    assert [s.name for s in cheapest.stages] == ["coverage", "cost", "fairness"]
    assert cheapest.plan.statistics.shortfall_minutes == 0
    assert cheapest.cost is not None
    assert fair.cost is not None
    assert cheapest.cost.total < fair.cost.total
    # More days go to the cheaper agent than fairness alone gives (4), as many as the
    # contract's limit of consecutive days lets it work.
    cheap, dear = (a.hours.minutes for a in cheapest.fairness.agents)  # type: ignore[union-attr]
    assert cheap >= 5 * 240
    assert cheap + dear == 7 * 240


def test_cost_report_prices_premiums_as_the_workbook_does() -> None:
    """A Saturday night shift: weekend premium until midnight, then Sunday's (premiums do not
    stack; the higher one wins), priced by the same rule as exports.hours."""
    from exports.hours import plan_hours
    from models.domain import Premiums

    sc = scenario([agent("a")])
    sc = dataclasses.replace(sc, team=dataclasses.replace(
        sc.team, premiums=Premiums(night=1.25, weekend=1.5, holiday=2.0)))
    saturday = WEEK.first_day + timedelta(days=5)
    shifts = (Shift("s", "a", utc(saturday, 20), utc(saturday + timedelta(days=1), 4)),)
    plan = Plan(WEEK, shifts)
    report = plan_cost(sc, plan)
    rows = plan_hours(sc, plan)
    assert report.total == pytest.approx(sum(r.cost for r in rows))
    assert report.weekend == pytest.approx(report.total)
    assert report.night == 0


def test_weights_without_fairness_leave_the_stage_to_load_alone() -> None:
    """With the fair-share weights at zero no fairness term exists (the stage still runs)."""
    sc = _night_desk()
    result = solved(sc, time_limit=4.0,
                    weights=Weights(fair_night=0, fair_weekend=0, fair_holiday=0))
    assert not any(p.rule.startswith("fair_") for p in result.penalties)
    assert sum(r.missing for r in coverage(sc, result.plan)) == 0


def test_solve_params_accept_plain_carried_balances() -> None:
    params = SolveParams(WEEK, carried=(CarriedBalance("a", 1, 2, 3),))
    assert params.carried[0].of("holiday") == 3


def test_load_term_is_the_peak_its_docstring_names() -> None:
    """``penalize_contract_spread`` says it is the largest load (not most minus fewest): its
    value in the solved plan is the load of the most loaded agent, in 0.1 % of contract."""
    from solver.soft import penalize_contract_spread

    assert "largest load" in (penalize_contract_spread.__doc__ or "")
    sc = _cost_desk()
    result = solved(sc, time_limit=6.0)
    capacity = sc.contracts[0].max_hours_per_week * 60  # one week
    loads = [round(a.hours.minutes * 1000 / capacity)
             for a in result.fairness.agents]  # type: ignore[union-attr]
    term = next(p for p in result.penalties if p.rule == "contract_spread")
    assert term.value == max(loads) != max(loads) - min(loads)
