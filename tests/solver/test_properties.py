"""Random small scenarios, solved with a short limit: the checker never finds anything wrong."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.coverage import coverage
from models.domain import DutyKind, Scenario
from solver import SolveParams, solve
from solver.check import check
from solver.types import CarriedBalance
from tests.solver.factory import WEEK, agent, contract, requirement, scenario

ZONES = ("UTC", "Europe/Tallinn", "America/New_York", "Asia/Kolkata")


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    agents = []
    for i in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, 14))
        length = draw(st.integers(6, 24 - start if start else 24))
        skills = tuple(draw(st.lists(st.sampled_from(["phone", "linux", "ru"]), max_size=3,
                                     unique=True)))
        agents.append(agent(f"a{i}", zone=draw(st.sampled_from(ZONES)), skills=skills,
                            hours=(start, start + length)))
    requirements = [requirement(hours=(draw(st.integers(0, 12)), draw(st.integers(14, 24))),
                                headcount=draw(st.integers(1, 2)))]
    if draw(st.booleans()):
        requirements.append(requirement("phone", (8, 20), skills=("phone",), priority=2,
                                        duty=DutyKind.DEDICATED))
    the_contract = contract(max_hours_per_week=float(draw(st.integers(16, 48))),
                            max_shift_hours=float(draw(st.integers(4, 10))),
                            min_rest_hours=float(draw(st.integers(8, 12))),
                            max_consecutive_days=draw(st.integers(2, 6)),
                            max_nights_per_week=draw(st.integers(0, 3)))
    return scenario(agents, requirements, the_contract=the_contract,
                    zone=draw(st.sampled_from(ZONES)))


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_random_scenarios_give_checker_clean_plans(sc: Scenario) -> None:
    result = solve(sc, SolveParams(WEEK, time_limit_s=1.0, workers=2, seed=3))
    assert check(sc, result.plan) == []
    missing = sum(r.missing * r.minutes for r in coverage(sc, result.plan))
    assert sum(g.missing * g.minutes for g in result.plan.gaps) == missing


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.booleans(), st.lists(st.integers(-960, 960), min_size=3, max_size=3))
def test_later_stages_never_cost_coverage(sc: Scenario, cheapest_first: bool,
                                          carried: list[int]) -> None:
    """The priority order holds: fairness, preferences and cost (in either order, with or
    without a balance carried from earlier plans) never leave more uncovered than the
    coverage stage did, for the plan as a whole and for each stage reported."""
    balances = (CarriedBalance(sc.agents[0].id, *carried),)
    result = solve(sc, SolveParams(WEEK, time_limit_s=3.0, workers=2, seed=3,
                                   cheapest_first=cheapest_first, carried=balances))
    assert result.stages, "no stage found a solution"
    first = result.stages[0]
    assert first.name == "coverage"
    assert all(s.shortfall_minutes <= first.shortfall_minutes for s in result.stages)
    assert result.plan.statistics.shortfall_minutes <= first.shortfall_minutes
