"""The coverage stage's LP relaxation: a true lower bound, and a RENS start that only helps."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from ortools.sat.python import cp_model

from models.domain import Period, Scenario
from solver import SolveParams, solve
from solver.check import check
from solver.model import build_model, prepare, stage_tiers
from solver.relaxation import lp_model, rens_model, solve_relaxation
from solver.stage_order import stage_objective
from tests.solver.factory import MONDAY, WEEK, agent, contract, requirement, scenario
from tests.solver.test_properties import scenarios


def test_the_relaxation_of_a_tiny_model_is_its_lp_optimum() -> None:
    model = cp_model.CpModel()
    x, y, z = (model.new_bool_var(n) for n in "xyz")
    model.add_at_most_one(x, y)
    model.add_at_most_one(x, ~z)  # x <= z
    model.add(x + y + z >= 2)
    model.minimize(3 * x + 2 * y + 2 * z)
    relaxation = solve_relaxation(model, 5.0)
    assert relaxation is not None
    # y = z = 1 costs 4; x = z = 1 costs 5; nothing fractional is cheaper than 4.
    assert relaxation.objective == 4.0
    assert relaxation.bound == 4
    sub, fixed = rens_model(model, relaxation, [x.index, y.index, z.index])
    assert fixed == 3
    solver = cp_model.CpSolver()
    assert solver.solve(sub) == cp_model.OPTIMAL
    assert solver.objective_value == 4


def test_a_fractional_optimum_rounds_its_bound_up_and_is_not_fixed() -> None:
    model = cp_model.CpModel()
    x, y = model.new_bool_var("x"), model.new_bool_var("y")
    model.add(2 * x + 2 * y >= 1)
    model.minimize(x + y)
    relaxation = solve_relaxation(model, 5.0)
    assert relaxation is not None
    assert relaxation.objective == 0.5
    assert relaxation.bound == 1
    _, fixed = rens_model(model, relaxation, [x.index, y.index])
    assert fixed < 2


def test_a_model_with_an_enforced_constraint_has_no_relaxation() -> None:
    model = cp_model.CpModel()
    x, y = model.new_bool_var("x"), model.new_bool_var("y")
    model.add(x + y >= 1).only_enforce_if(x)
    model.minimize(x + y)
    assert lp_model(model) is None
    assert solve_relaxation(model, 5.0) is None


def _relaxation_bound(sc: Scenario, period: Period) -> int:
    params = SolveParams(period, time_limit_s=10.0, workers=2, seed=1)
    prepared = prepare(sc, params)
    built = build_model(prepared, lambda: False)
    assert built is not None
    tiers = stage_tiers(params)[0]
    for tier in tiers:
        built.add_tier(tier)
    objective, scale = stage_objective(built.terms, tiers)
    built.model.minimize(objective)
    relaxation = solve_relaxation(built.model, 10.0)
    assert relaxation is not None
    return relaxation.bound // scale


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_the_relaxation_bound_is_never_above_a_plan(sc: Scenario) -> None:
    # A lower bound is at most every plan's objective, so a short solve tests it too.
    result = solve(sc, SolveParams(WEEK, time_limit_s=2.0, workers=2, seed=1))
    stats = result.plan.statistics
    assert stats.objective is not None
    assert _relaxation_bound(sc, WEEK) <= stats.objective
    assert check(sc, result.plan) == []


def test_a_plan_that_meets_the_relaxation_bound_is_reported_proven() -> None:
    # Two agents on fixed 8 h shifts cannot cover 24 h a day: 8 h a day stay open, whatever
    # the plan, and the relaxation says so.
    agents = [agent("early", hours=(6, 14)), agent("late", hours=(14, 22))]
    sc = scenario(agents, [requirement("desk", (0, 24))],
                  the_contract=contract(min_shift_hours=8.0, max_shift_hours=8.0))
    period = Period(MONDAY, 2)
    result = solve(sc, SolveParams(period, time_limit_s=10.0, workers=2, seed=0))
    stats = result.plan.statistics
    assert stats.shortfall_minutes == 2 * 8 * 60
    assert stats.best_bound is not None
    assert stats.best_bound >= _relaxation_bound(sc, period)
    assert stats.shortfall_proven_minimal
    assert check(sc, result.plan) == []
