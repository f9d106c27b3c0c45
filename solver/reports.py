"""What a solve reports besides its plan: the fairness and cost reports, the rule breaks of
kept locked shifts, and the penalties of the final model's solution (used by
:mod:`solver.engine`)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.domain import Plan
from solver.model import Prepared
from solver.soft import PenaltyTerm
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
            found.append(PenaltySummary(t.rule, t.label, t.ids, value, value * t.weight, t.tier))
    return sorted(found, key=lambda p: (p.tier, -p.weighted))
