"""What a solve reports besides its plan: the fairness and cost reports, the rule breaks of
kept locked shifts, and the penalties of the final plan (used by :mod:`solver.engine`)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.domain import Plan
from solver.model import Prepared, build_model
from solver.neighbourhood_choice import Neighbourhood
from solver.neighbourhoods import sub_problem
from solver.search import Run, configured_solver, run_search
from solver.soft import PenaltyTerm
from solver.stage_order import stage_objective
from solver.types import CostReport, FairnessReport, PenaltySummary


def plan_reports(prepared: Prepared, plan: Plan) -> tuple[FairnessReport, CostReport]:
    """Fairness per agent (carried balance included) and cost by premium of the plan."""
    from solver.cost import plan_cost
    from solver.fairness import plan_fairness

    scenario, grid, facts = prepared.scenario, prepared.grid, prepared.facts
    return (plan_fairness(scenario, plan, prepared.params.carried, grid=grid, facts=facts),
            plan_cost(scenario, plan, grid=grid, facts=facts))


def kept_rule_breaks(prepared: Prepared, plan: Plan) -> list[str]:
    """The rules that the plan's locked shifts break by themselves: kept, and said."""
    locked = {c.shift.id for c in prepared.candidates if c.fixed and c.shift is not None}
    if not locked:
        return []
    from solver.check import check

    names = {a.id: a.name for a in prepared.scenario.agents}
    in_plan = {s.id for s in plan.shifts}
    agents = {s.agent_id for s in plan.shifts if s.id in locked}
    found = [v for v in check(prepared.scenario, plan, agent_ids=agents)
             if (ids := set(v.shift_ids) & in_plan) and ids <= locked]
    return [f"kept a locked shift that breaks a rule: {names.get(v.agent_id, v.agent_id)}: "
            f"{v.message}" for v in found]


def summarize(terms: list[PenaltyTerm], solver: cp_model.CpSolver) -> list[PenaltySummary]:
    """Non-zero penalty terms of the solution, largest weighted first."""
    found = []
    for t in terms:
        value = int(solver.value(t.expr))
        if value:
            found.append(PenaltySummary(t.rule, t.label, t.ids, value, value * t.weight, t.tier,
                                        t.unit_minutes))
    return sorted(found, key=lambda p: (p.tier, -p.weighted))


def plan_penalties(prepared: Prepared, run: Run, values: list[bool], tiers: tuple[int, ...],
                   limit_s: float) -> list[PenaltySummary]:
    """The penalties of the whole plan of ``values`` in ``tiers``: a model of it with every
    shift fixed and every demand, each helper at its least, which is its true value (a helper
    only bounds its rule from above). Empty when that model is not solved within ``limit_s``.

    A new plan's later stages solve sub-models of a few agents and only the demand those can
    change, and the last filling adds shifts after them: the last sub-model's penalties are
    neither the whole plan's nor the final one's (demo team at 10 s: 46.5 person-hours short
    by its shortfall terms, against 134.5 by the plan)."""
    sub, _ = sub_problem(prepared, values, Neighbourhood(frozenset()), every_demand=True)
    built = build_model(sub, lambda: run.cancelled)
    if built is None:
        return []
    for tier in tiers:
        built.add_tier(tier, sub.first.values)
    built.vars.hint_values(sub.first.values, complete=True)
    built.model.minimize(sum(stage_objective(built.terms, (tier,))[0] for tier in tiers))
    params = prepared.params
    solver = configured_solver(params, limit_s, limit_s if params.deterministic else None)
    status = run_search(run, solver, built.model)
    run.deterministic_used += solver.deterministic_time
    return summarize(built.terms, solver) if status == cp_model.OPTIMAL else []
