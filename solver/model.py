"""``build_model``: the scenario as a CP-SAT model, every rule listed once, hard then soft."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ortools.sat.python import cp_model

from models.coverage import Horizon, demands, horizon
from models.domain import Plan, Scenario, Shift
from solver import hard, soft
from solver.candidates import agent_facts, build_candidates
from solver.greedy import greedy_values
from solver.soft import PenaltyTerm
from solver.types import SolveParams
from solver.variables import Variables

HARD_RULES = (
    hard.add_one_shift_per_day,
    hard.add_shift_length,
    hard.add_max_daily_hours,
    hard.add_availability,
    hard.add_max_weekly_hours,
    hard.add_min_rest,
    hard.add_max_consecutive_days,
    hard.add_max_nights_per_week,
    hard.add_locked_shifts,
)

COVERAGE_RULES = (soft.penalize_shortfall,)

PEOPLE_RULES = (
    soft.penalize_under_min_hours,
    soft.penalize_night_spread,
    soft.penalize_weekend_spread,
    soft.penalize_contract_spread,
    soft.penalize_unpreferred,
    soft.penalize_overstaffing,
    soft.penalize_cost,
)


@dataclass
class BuiltModel:
    """The model with its hard rules and coverage terms; later tiers are added on demand by
    :meth:`add_tier` (so the coverage stage searches a smaller model)."""

    model: cp_model.CpModel
    vars: Variables
    terms: list[PenaltyTerm]
    grid: Horizon
    params: SolveParams
    scenario: Scenario
    start_values: list[bool] | None = None  # the greedy rota: a complete plan before CP-SAT

    @property
    def tiers(self) -> list[int]:
        tiers = [soft.TIER_COVERAGE, soft.TIER_PEOPLE]
        if self.params.previous is not None:
            tiers.insert(1, soft.TIER_CHANGES)
        return tiers

    def add_tier(self, tier: int) -> None:
        """Create the soft terms of a tier (once): every rule is still listed here, once."""
        if any(t.tier == tier for t in self.terms):
            return
        w, s, v, m = self.params.weights, self.scenario, self.vars, self.model
        if tier == soft.TIER_CHANGES:
            self.terms.extend(soft.penalize_changes(m, s, v, w, self.params.previous))
        elif tier == soft.TIER_PEOPLE:
            for penalize in PEOPLE_RULES:
                self.terms.extend(penalize(m, s, v, w))


def split_previous(previous: Plan | None,
                   keep_before: datetime | None) -> tuple[list[Shift], list[Shift]]:
    """Locked shifts (locked, or starting before ``keep_before``) and the rest of a plan."""
    if previous is None:
        return [], []
    locked = [s for s in previous.shifts
              if s.locked or (keep_before is not None and s.start < keep_before)]
    ids = {s.id for s in locked}
    return locked, [s for s in previous.shifts if s.id not in ids]


def build_model(scenario: Scenario, params: SolveParams) -> BuiltModel:
    """The model of hard rules and coverage, hinted with a complete first plan: the previous
    plan (re-plans), then greedy fill."""
    model = cp_model.CpModel()
    grid = horizon(scenario, params.period)
    demand_list = demands(scenario, params.period, grid)
    locked, previous = split_previous(params.previous, params.keep_before)
    facts = {a.id: agent_facts(scenario, a, grid) for a in scenario.active_agents()}
    candidates = build_candidates(scenario, grid, demand_list, locked, previous, facts)
    v = Variables(model, scenario, grid, demand_list, candidates, facts)
    for add_rule in HARD_RULES:
        add_rule(model, scenario, v)
    terms: list[PenaltyTerm] = []
    for penalize in COVERAGE_RULES:
        terms.extend(penalize(model, scenario, v, params.weights))
    # The first plan: for a re-plan, the previous plan minus what the new facts rule out, then
    # greedy fill (removing shifts never breaks a hard rule, so it is complete and valid).
    keep = [c.fixed or c.shift is not None for c in candidates] if params.previous else None
    start = greedy_values(scenario, v, keep)
    v.hint_values(start, complete=True)
    return BuiltModel(model, v, terms, grid, params, scenario, start)


def rehint(built: BuiltModel, shifts: list[Shift]) -> list[bool]:
    """Hint ``shifts`` (where they are candidates) plus greedy fill; returns the values."""
    keys = {(s.agent_id, s.start, s.end, s.duty) for s in shifts}
    keep = [c.fixed or c.key() in keys for c in built.vars.candidates]
    values = greedy_values(built.scenario, built.vars, keep)
    built.vars.hint_values(values, complete=True)
    return values
